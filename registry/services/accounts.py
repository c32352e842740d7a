"""Staff accounts: which agency an account belongs to, and its second factor.

The demo commands, ``enrol_otp`` and the admin's staff pages write accounts
through these functions."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.models import Agency, StaffMember


@transaction.atomic
def staff_account_save(
    *, username: str, password: str, agency: Agency | None = None, superuser: bool = False
):
    """Create or reset the active staff account ``username`` with ``password``
    (checked by Django's password validators): a member of ``agency``, or a
    central administrator (``superuser``). Returns the user."""
    if agency is None and not superuser:
        raise ValidationError(_("A staff account belongs to an agency."))
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    validate_password(password, user)
    user.is_active = user.is_staff = True
    user.is_superuser = superuser
    user.set_password(password)
    user.save()
    if agency is not None:
        staff_member_assign(user=user, agency=agency)
    return user


@transaction.atomic
def staff_member_assign(*, user, agency: Agency) -> StaffMember:
    """Make ``user`` a member of ``agency`` (an account belongs to one agency)."""
    member, _created = StaffMember.objects.update_or_create(user=user, defaults={"agency": agency})
    return member


DEVICE_NAME_MAX = TOTPDevice._meta.get_field("name").max_length


@transaction.atomic
def authenticator_replace(*, user, name: str, key: str | None = None) -> TOTPDevice:
    """Give ``user`` one authenticator app (TOTP device) named ``name``, with
    ``key`` (hex) or a new random one; any earlier app stops working."""
    name = name.strip()
    if not name or len(name) > DEVICE_NAME_MAX:
        raise ValidationError({"name": _("A device name is 1 to 64 characters long.")})
    TOTPDevice.objects.select_for_update().filter(user=user).delete()
    extra = {"key": key} if key else {}
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True, **extra)
