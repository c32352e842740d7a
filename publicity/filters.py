"""Filters for the search results (django-filter), all GET parameters so that a
filtered search is a shareable address.

The filter set is the form: its fields, choices and validation. What a filter
keeps is ``registry.selectors.search.filter_companies``'s, which the search
page's selector applies to the cleaned values (and ``qs`` here too).

The choices of the province, city, industry and list selects are reference
data, kept per process and language (``publicity.caching.choices``).
"""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publicity.caching import choices as kept_choices
from registry.models import Company, CreditList, Industry, Region
from registry.names import display_name
from registry.selectors.search import ANY_BLACK_LIST, filter_companies

EARLIEST_YEAR = 1949
LATEST_YEAR = 2100


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class SearchFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("established_from"), cleaned.get("established_to")
        if year_from and year_to and year_from > year_to:
            self.add_error(
                "established_to",
                _("The “to” year must be the same as or later than the “from” year."),
            )
        return cleaned


class CompanySearchFilter(django_filters.FilterSet):
    province = django_filters.ChoiceFilter(label=_("Province"), empty_label=_("All provinces"))
    city = django_filters.ChoiceFilter(label=_("City"), empty_label=_("All cities"))
    industry = django_filters.ChoiceFilter(label=_("Industry"), empty_label=_("All industries"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("Any status"), choices=Company.Status.choices
    )
    entity_type = django_filters.ChoiceFilter(
        label=_("Entity type"), empty_label=_("Any type"), choices=Company.EntityType.choices
    )
    established_from = YearFilter(
        label=_("Established from (year)"),
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
    )
    established_to = YearFilter(
        label=_("Established to (year)"),
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
    )
    on_list = django_filters.ChoiceFilter(label=_("On a credit list now"), empty_label=_("Any"))

    class Meta:
        model = Company
        fields: list[str] = []
        form = SearchFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = reference_choices()
        for name in ("province", "city", "industry", "on_list"):
            self.filters[name].extra["choices"] = choices[name]

    @property
    def active(self) -> bool:
        """Whether any filter has a value (after validation)."""
        return self.is_bound and any(
            value not in (None, "") for value in self.form.cleaned_data.values()
        )

    def filter_queryset(self, queryset):
        """What the filters keep: the registry's to say."""
        return filter_companies(queryset, self.form.cleaned_data, today=timezone.localdate())


def reference_choices() -> dict:
    """The choices of the province, city, industry and list selects in the
    current language, read at most once per ``CHOICES_SECONDS`` per process
    (``publicity.caching.choices``)."""
    return kept_choices.kept(_read_reference_choices)


def _read_reference_choices() -> dict:
    provinces, cities = _region_choices()
    return {
        "province": provinces,
        "city": cities,
        "industry": [
            (section.code, f"{section.code} {display_name(section)}")
            for section in Industry.objects.filter(level=Industry.Level.SECTION).order_by("code")
        ],
        "on_list": [
            (ANY_BLACK_LIST, str(_("Any black list"))),
            *(
                (credit_list.code, display_name(credit_list))
                for credit_list in CreditList.objects.order_by("kind", "code")
            ),
        ],
    }


def _region_choices():
    """Provinces, and cities grouped under their province, in one query."""
    regions = Region.objects.filter(
        level__in=[Region.Level.PROVINCE, Region.Level.PREFECTURE]
    ).order_by("code")
    provinces, cities_by_province = [], {}
    for region in regions:
        if region.level == Region.Level.PROVINCE:
            provinces.append((region.code, display_name(region)))
        else:
            cities_by_province.setdefault(region.code[:2], []).append(
                (region.code, display_name(region))
            )
    cities = [
        (name, cities_by_province[code[:2]])
        for code, name in provinces
        if code[:2] in cities_by_province
    ]
    return provinces, cities
