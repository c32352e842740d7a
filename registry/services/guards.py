"""Who may act on a record, and in which state: the checks every step of the
review, withdrawal and redress services starts with."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry import permissions
from registry.models import Agency


def agency_of(record) -> Agency | None:
    """The agency that owns ``record``: deciding authority, court, or the
    rating scheme's agency."""
    return permissions.owning_agency(record)


def check_same_agency(record, user) -> None:
    if not permissions.may_act_for(user, agency_of(record)):
        raise ValidationError(
            _("Only staff of %(agency)s may do this.") % {"agency": agency_of(record)}
        )


def require_state(record, *states: str) -> None:
    if record.state not in states:
        raise ValidationError(
            _("This record is %(state)s: it cannot be changed this way.")
            % {"state": record.get_state_display()}
        )
