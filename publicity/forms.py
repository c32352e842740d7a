"""Forms of the public pages: GET forms, so that every search is a shareable address."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from registry import search
from registry.plain_text import PlainTextField, has_unshowable
from registry.selectors import search as search_selectors


class QueryField(forms.CharField):
    """A text field whose NUL-byte message says what to do (Django's own says
    only that NUL characters are not allowed)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(
            ProhibitNullCharactersValidator(
                message=_(
                    "The search contains a NUL character, which cannot be searched for. "
                    "Type the name or code again."
                )
            )
        )


class SearchForm(forms.Form):
    """The one search box, and the order of the results.

    A query longer than ``registry.search.MAX_QUERY_LENGTH`` is cut rather than
    refused (the view says so); a NUL byte or a query without a single letter,
    Chinese character or digit is refused with a message saying what to type.
    """

    Sort = search_selectors.Sort  # the orders the search page's selector knows

    SORT_CHOICES = [
        (Sort.RELEVANCE, _("Best match")),
        (Sort.NAME, _("Name")),
        (Sort.NEWEST, _("Established, newest first")),
        (Sort.OLDEST, _("Established, oldest first")),
    ]

    q = QueryField(label=_("Company name, person, pinyin or credit code"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not search.has_words(text):
            raise forms.ValidationError(
                _(
                    "Enter a company name, a person's name, pinyin or a credit code: "
                    "the search has only punctuation or symbols in it."
                ),
                code="no_words",
            )
        return text

    def clean_sort(self):
        return self.cleaned_data["sort"] or self.Sort.RELEVANCE


class ReportNumberForm(forms.Form):
    """The number printed on a credit report (publicity/views/reports.py)."""

    number = PlainTextField(
        label=_("Report number"),
        help_text=_("As printed on the report, for example CR20261203-K7QF3-MWD9X."),
        max_length=60,
        error_messages={"required": _("Enter the number printed on the report.")},
    )


class KeywordField(PlainTextField):
    """The browse pages' keyword (``registry.selectors.keyword``): trimmed,
    its whitespace collapsed, at most ``MAX_QUERY_LENGTH`` characters (no
    name or number is longer); refused with a message saying what to type
    when it has characters that cannot be shown, or no letter, Chinese
    character or digit at all."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", search.MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # Control characters are refused as typed, not taken for spaces.
        return value if has_unshowable(value) else " ".join(value.split())

    def validate(self, value):
        super().validate(value)
        if value and not search.has_words(value):
            raise forms.ValidationError(
                _(
                    "Enter a company name, a credit code or a record number: the keyword "
                    "has only punctuation or symbols in it."
                ),
                code="no_words",
            )
