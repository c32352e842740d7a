"""The public form of an objection to a simplified deregistration: the same
honeypot and error wiring as the record objections (``publicity.redress_forms``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publicity.redress_forms import ObjectionForm, RedressForm
from registry.models import DeregistrationObjection
from registry.plain_text import PlainTextField
from registry.services.deregistration import OBJECTION_REASON_MAX_LENGTH


class DeregistrationObjectionForm(RedressForm):
    objector_kind = forms.ChoiceField(
        label=_("Who are you?"),
        choices=DeregistrationObjection.ObjectorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who you are: a creditor, an employee or another.")},
    )
    reason = PlainTextField(
        label=_("Why should the company not be deregistered this way?"),
        help_text=_(
            "For example: the company owes you money, wages or taxes, or has other unsettled "
            "obligations. Once the authority has decided, this text is shown with the notice; "
            "do not write personal data."
        ),
        max_length=OBJECTION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say why the company should not be deregistered this way.")},
    )
    contact = ObjectionForm.base_fields["contact"]
