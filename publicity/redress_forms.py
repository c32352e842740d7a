"""The public forms of redress: an objection to a record, and a credit-repair
application for a penalty. POST forms, CSRF-protected, rate-limited per
client (``publicity.views.redress``), and guarded against spam by a honeypot
field instead of a captcha: a field hidden from people and screen readers that
programs filling every field fill too. Text fields refuse characters that
cannot be shown (``registry.plain_text``), naming the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Objection
from registry.plain_text import PlainTextField
from registry.services import CONTACT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH

HONEYPOT = "website"


class RedressForm(forms.Form):
    """What both forms share: the honeypot, and error ids for
    ``aria-describedby`` so that a screen reader reads each error with its field."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def caught_in_honeypot(self) -> bool:
        return bool(self.is_bound and self.data.get(HONEYPOT, ""))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    def full_clean(self):
        super().full_clean()
        for name, errors in self.errors.items():
            if name in self.fields and errors:
                field = self.fields[name]
                ids = [f"{self[name].auto_id}_error"]
                if field.help_text:
                    ids.insert(0, f"{self[name].auto_id}_helptext")
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class ObjectionForm(RedressForm):
    grounds = forms.ChoiceField(
        label=_("Why do you object to this record?"),
        choices=Objection.Grounds.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the grounds of your objection.")},
    )
    description = PlainTextField(
        label=_("What is wrong with the record?"),
        help_text=_(
            "Say which facts are wrong, missing or should not be public, and what is right. "
            "The agency reads this; it is not published."
        ),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Say what is wrong with the record.")},
    )
    contact = PlainTextField(
        label=_("Your email address or telephone number"),
        help_text=_("Only the agency sees it, to ask you questions. It is never published."),
        max_length=CONTACT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _(
                "Give an email address or a telephone number, so that the agency can reach you."
            )
        },
    )


class RepairForm(RedressForm):
    applicant = PlainTextField(
        label=_("Who is applying for the company?"),
        help_text=_("Your name and your role, for example: Zhang Wei, legal representative."),
        max_length=CONTACT_MAX_LENGTH,
        error_messages={"required": _("Say who applies for the company, and in what role.")},
    )
    evidence = PlainTextField(
        label=_("How has the company corrected the conduct?"),
        help_text=_(
            "Describe what the company did (fine paid, conduct stopped, harm repaired) and "
            "list the documents that show it. The agency may ask for them."
        ),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _(
                "Describe how the company corrected the conduct, and the documents that show it."
            )
        },
    )
    contact = ObjectionForm.base_fields["contact"]


class ReferenceForm(forms.Form):
    reference = PlainTextField(
        label=_("Reference number"),
        help_text=_("As on your confirmation, for example 26-K7QF-3MWD."),
        max_length=40,
        error_messages={"required": _("Enter the reference number you were given.")},
    )
