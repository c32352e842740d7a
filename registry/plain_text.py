"""Text people type, kept only when every character can be shown.

Refused: control characters (Unicode category Cc: C0, DEL and C1) other than
tab, line feed and carriage return, which no one means to type and which
would be stored and shown as they came; and U+FFFD, the replacement
character, which stands where a browser or program sent bytes that are not
UTF-8 (Django reads a form as UTF-8 and puts U+FFFD where it cannot), so the
text is no longer what was typed.

One rule, three users: the services that store text from the public pages
(``registry.services.redress``) refuse it; the public forms and the admin's
(``PlainTextField``: every plain text field of the registry's admins, and
their step pages' reasons and replies) show the refusal next to the field,
naming it, and give back the text without those characters.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# Cc minus tab, LF and CR; and the replacement character.
UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")

MESSAGE_TAKEN_OUT = _(
    "“%(field)s” contained characters that cannot be shown: control characters, or � "
    "where something was sent in another encoding than UTF-8. They have been taken out of "
    "the text below: check it, then send the form again."
)
MESSAGE_UNNAMED = _(
    "This text contains characters that cannot be shown: control characters, or � where "
    "something was sent in another encoding than UTF-8. Remove them and send it again."
)
CODE = "unshowable"


def has_unshowable(text: str) -> bool:
    return bool(UNSHOWABLE.search(text))


def without_unshowable(text: str) -> str:
    return UNSHOWABLE.sub("", text)


def refusal() -> str:
    """The refusal of a text with such characters, where no field is known."""
    return str(MESSAGE_UNNAMED)


class PlainTextField(forms.CharField):
    """A text field (public forms, the admin): refuses characters that cannot
    be shown (instead of Django's bare "Null characters are not allowed"),
    naming the field, and gives back what was typed without them, for the
    sender to check and send again."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def validate(self, value):
        super().validate(value)
        if value and has_unshowable(value):
            message = MESSAGE_TAKEN_OUT % {"field": self.label} if self.label else refusal()
            raise ValidationError(message, code=CODE)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        return without_unshowable(data) if isinstance(data, str) else data
