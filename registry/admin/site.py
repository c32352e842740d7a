"""The agency workspace's admin site: a password *and* a code from an
authenticator app (TOTP, django-otp) for every staff account.

``AgencyAdminSite`` is ``admin.site`` (registry.apps.AgencyAdminConfig), so the
model admins register on it as usual. Its login page asks for the username, the
password and the 6-digit code on one page; the user's device is picked on the
server (a device list appears only for a user with several). Until a session
has passed both factors, every admin page sends it back to the login page.

Backup codes (django-otp's static devices, printed by enrol_otp) go in the same
field: eight digits instead of six, each good once, for a day without the phone.

A staff account without a confirmed TOTP device cannot log in at all: the right
password gets a page saying to ask an administrator for enrolment
(``manage.py enrol_otp USERNAME``), in the user's language.

django-axes keeps counting: a wrong password counts as before, and so does a
wrong code after the right password (otherwise the password would be safe from
guessing but the six digits would not be), so a lockout comes after
AXES_FAILURE_LIMIT failures of either kind.
"""

import re

from django import forms
from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.admin.changelists import CheckedLists

NO_DEVICE_TEMPLATE = "registry/admin_no_device.html"
# The menu's names of other apps' sections and models whose own names are not
# translatable (django-axes and django-otp name their apps by label only, and
# django-otp its devices in plain English). django-axes's model names are
# translated in locale/ like ours.
MENU_APP_NAMES = {
    "axes": _("Login protection"),
    "otp_totp": _("Authenticator apps"),
    "otp_static": _("Backup codes"),
}
MENU_MODEL_NAMES = {
    ("otp_totp", "totpdevice"): _("Authenticator apps (TOTP devices)"),
    ("otp_static", "staticdevice"): _("Backup code sets"),
}
# Backup codes (registry.otp.BACKUP_CODE_DIGITS); app codes have six digits.
BACKUP_CODE = re.compile(r"\d{8}")


class AgencyLoginForm(OTPAdminAuthenticationForm):
    """Username, password and the code, checked in that order."""

    otp_device = forms.CharField(label=_("Authenticator app"), required=False, widget=forms.Select)
    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your 8-digit "
            "backup codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "required": True,
                "size": 8,
            }
        ),
    )

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the 6-digit code from your authenticator app."),
        "invalid_token": _(
            "That code is wrong or was already used. Enter the code your authenticator "
            "app shows now."
        ),
        "n_failed_attempts": ngettext_lazy(
            "A wrong code was entered %(failure_count)d time: wait a few seconds, then "
            "enter the code your authenticator app shows now.",
            "A wrong code was entered %(failure_count)d times: wait a few seconds, then "
            "enter the code your authenticator app shows now.",
            "failure_count",
        ),
        "verification_not_allowed": _(
            "Codes cannot be checked for this account at the moment; try again in a minute."
        ),
        "device_required": _("Choose the authenticator app the code comes from."),
        "not_interactive": _("Enter the code your authenticator app shows."),
        "challenge_exception": _("Enter the code your authenticator app shows."),
        "challenge_message": _("Enter the code your authenticator app shows."),
        "no_device": _("No authenticator app is enrolled for this account."),
    }

    def clean_otp_token(self):
        # Apps show the code as "123 456"; people copy it that way.
        return "".join(self.cleaned_data["otp_token"].split())

    def clean_otp(self, user):
        if user is not None and not has_authenticator(user):
            raise ValidationError(self.otp_error_messages["no_device"], code="no_device")
        super().clean_otp(user)

    def _chosen_device(self, user):
        """The device named in the form if it is the user's own; else, for a
        backup code, the user's backup codes; else the user's only
        authenticator app. None when the user has several apps (the form then
        lists them) or nothing that takes this kind of code."""
        device = super()._chosen_device(user)
        if device is None:
            token = self.cleaned_data.get("otp_token") or ""
            model = StaticDevice if BACKUP_CODE.fullmatch(token) else TOTPDevice
            devices = list(
                model.objects.devices_for_user(user, confirmed=True).select_for_update()[:2]
            )
            if len(devices) == 1:
                device = devices[0]
        if device is not None and not device.confirmed:
            device = None
        return device

    def _verify_token(self, user, token, device=None):
        try:
            if device is None and not self.asks_for_device:
                # A backup code from a user without any: simply a wrong code.
                raise ValidationError(
                    self.otp_error_messages["invalid_token"], code="invalid_token"
                )
            return super()._verify_token(user, token, device)
        except ValidationError as error:
            if error.code != "device_required":
                # A wrong code, or one sent while the device is throttled after
                # wrong codes: counted by django-axes like a wrong password.
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
            raise

    @property
    def asks_for_device(self):
        """True once the password was right and the user has several
        authenticator apps."""
        user = self.get_user()
        return (
            user is not None
            and TOTPDevice.objects.devices_for_user(user, confirmed=True).count() > 1
        )


def has_authenticator(user):
    """Whether ``user`` has a confirmed authenticator app (TOTP device):
    backup codes alone are no way to log in."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


class AgencyAdminSite(OTPAdminSite):
    """``admin.site``: only sessions verified by a password and a TOTP code."""

    login_form = AgencyLoginForm
    login_template = "registry/admin_login.html"
    # The agency dashboard above the list of models (registry/admin/review_queue.py).
    index_template = "admin/registry/dashboard.html"
    site_header = site_title = settings.SITE_NAME

    def __init__(self, name="admin"):
        super().__init__(name)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every list, other apps' too (django-axes's), refuses parameters it
        cannot mean as incorrect ones, never with a 500 (``changelists``)."""
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, CheckedLists):
            admin_class = type(admin_class.__name__, (CheckedLists, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def _build_app_dict(self, request, label=None):
        found = super()._build_app_dict(request, label)
        for app in [found] if label and found else (found or {}).values():
            app["name"] = MENU_APP_NAMES.get(app["app_label"], app["name"])
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                model["name"] = MENU_MODEL_NAMES.get(key, model["name"])
        return found

    def login(self, request, extra_context=None):
        user = request.user
        if (
            request.method == "GET"
            and user.is_active
            and user.is_staff
            and not has_authenticator(user)
        ):
            # A session from the password alone (say, from before two-factor
            # login) is of no use here: end it and say what to do.
            username = user.get_username()
            logout(request)
            return self._no_device_page(request, username)
        response = super().login(request, extra_context)
        form = getattr(response, "context_data", {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "no_device"):
            return self._no_device_page(request, form.get_user().get_username())
        return response

    def _no_device_page(self, request, username):
        context = {
            **self.each_context(request),
            "title": _("Two-factor login is not set up for your account"),
            "username": username,
        }
        return TemplateResponse(request, NO_DEVICE_TEMPLATE, context, status=403)


_site: AgencyAdminSite | None = None


def default_site() -> AgencyAdminSite:
    """``admin.site`` (``AgencyAdminConfig.default_site``): one instance, made
    on first use. Django resolves the default site by importing this module,
    which imports the ``registry.admin`` package, whose modules register
    their admins on ``admin.site`` before that first resolution has finished:
    every such call must get the same site."""
    global _site
    if _site is None:
        _site = AgencyAdminSite()
    return _site
