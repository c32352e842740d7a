"""Records entered by hand (the admin's forms and inlines), and the one check
every record passes before it is saved as a draft, submitted and published.

``record_rules`` holds each kind's rules beyond its fields' own: the same
functions the importers run (``penalty_validate``, ``list_entry_rules``,
``court_case_parts``), which the admin's forms call to show their errors next
to the fields, and which approval runs again, as the rules stand that day,
before anything becomes public. ``record_check`` adds the fields' own
validation and the named constraints.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import (
    AnnualReport,
    CaseParty,
    CourtCase,
    DishonestDebtor,
    Licence,
    ListEntry,
    Penalty,
    Rating,
)
from registry.models.base import RecordState
from registry.services.annual_reports import annual_report_rules
from registry.services.court_cases import court_case_fill, court_case_rules
from registry.services.filings import FILING_MODELS, filing_prepare, filing_rules
from registry.services.guards import check_same_agency, require_state
from registry.services.list_entries import list_entry_rules
from registry.services.penalties import penalty_rules, penalty_set_categories

REVIEWED_MODELS = (Penalty, Licence, ListEntry, Rating, CourtCase, AnnualReport, *FILING_MODELS)


def rating_rules(rating: Rating) -> None:
    """A grade of the rating's own scheme."""
    if rating.scheme_id is None or not rating.grade:
        return
    grades = [str(grade) for grade in rating.scheme.grades or []]
    if grades and rating.grade not in grades:
        raise ValidationError(
            {
                "grade": _("%(grade)s is not a grade of %(scheme)s; its grades are %(grades)s.")
                % {"grade": rating.grade, "scheme": rating.scheme, "grades": ", ".join(grades)}
            }
        )


def record_prepare(record) -> None:
    """Fill the fields a record derives from others: the subject as on the
    decision (the company's name and legal representative when the record is
    new or its company changed), the parts of a case number."""
    if isinstance(record, CourtCase):
        court_case_fill(record)
    if isinstance(record, FILING_MODELS):
        filing_prepare(record)
    if not hasattr(record, "subject_name") or record.company_id is None:
        return
    if record.pk:
        saved = type(record).objects.filter(pk=record.pk).values_list("company_id", flat=True)
        if saved.first() == record.company_id and record.subject_name:
            return
    record.subject_name = record.company.name
    if isinstance(record, Penalty):
        record.legal_representative = record.company.legal_representative_name


def record_rules(record, *, categories=None, parties=None) -> None:
    """Each kind's rules (see the module's doc); raises ValidationError keyed
    by field. ``categories`` (penalties) and ``parties`` (the number of a
    case's parties) as a form holds them; left out, those saved are read."""
    if isinstance(record, Penalty):
        penalty_rules(record, categories)
    elif isinstance(record, ListEntry):
        list_entry_rules(record)
    elif isinstance(record, CourtCase):
        court_case_rules(record, parties)
    elif isinstance(record, Rating):
        rating_rules(record)
    elif isinstance(record, AnnualReport):
        annual_report_rules(record)
    elif isinstance(record, FILING_MODELS):
        filing_rules(record)


def record_check(record, **details) -> None:
    """Everything a record must meet: its kind's rules, as they stand today,
    then its fields and its named constraints (those naming a field the rules
    refused are left out, so that each field gets the rule's own message)."""
    errors: dict = {}
    try:
        record_rules(record, **details)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        record.full_clean(exclude=set(errors), validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_save(*, record, user, categories=None):
    """Save a record entered or changed by hand. A new record is a draft
    whose maker is ``user``; only a draft of the user's agency may change.
    ``categories``: a penalty's categories, when given."""
    if record.pk is None:
        record.state = RecordState.DRAFT
        record.entered_by = user
    else:
        require_state(record, RecordState.DRAFT)
    check_same_agency(record, user)
    record_prepare(record)
    record_check(record, categories=categories)
    record._history_user = user
    record.save()
    if categories is not None:
        penalty_set_categories(penalty=record, categories=categories)
    return record


@transaction.atomic
def record_delete(*, record, user) -> None:
    """Delete a draft that was never published (its history keeps it); a
    published record is withdrawn instead."""
    require_state(record, RecordState.DRAFT)
    check_same_agency(record, user)
    record._history_user = user
    record.delete()


# A record's details entered on its page (inlines): the field naming the record.
DETAIL_PARENTS = {CaseParty: "case", DishonestDebtor: "entry"}


def _detail_parent(detail, user):
    record = getattr(detail, DETAIL_PARENTS[type(detail)])
    require_state(record, RecordState.DRAFT)
    check_same_agency(record, user)
    return record


@transaction.atomic
def record_detail_save(*, detail, user):
    """Save a detail of a draft (a case's party, a dishonest debtor's court
    details), checked like the record."""
    _detail_parent(detail, user)
    detail.full_clean()
    detail._history_user = user
    detail.save()
    return detail


@transaction.atomic
def record_detail_delete(*, detail, user) -> None:
    _detail_parent(detail, user)
    detail._history_user = user
    detail.delete()
