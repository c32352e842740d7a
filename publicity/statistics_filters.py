"""The statistics page's filters: region (a province, then a city) and period.

A Django form read from GET parameters, so that a filtered page is a
shareable address; the same parameters give its charts and CSV files. The
periods offered are those of the latest refresh (``StatisticsRefresh.periods``).
A value outside the choices is an error named at the top of the page (400),
never a 500; a city of another province is dropped, as on the browse pages.
"""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from publicity.browse_filters import ANY, PROVINCE_CODE, cities, provinces
from publicity.caching.choices import cached_choices
from registry.statistics import periods

FIELDS = ("province", "city", "period")


def period_label(period: str) -> str:
    if period == "12m":
        return _("Last 12 months")
    if period == "36m":
        return _("Last 36 months")
    return _("Calendar year %(year)s") % {"year": period}


class StatisticsForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)


class StatisticsFilters:
    """The form, with what the shared filter templates ask of a filter set
    (``includes/browse_filter_form.html``, ``browse_error_summary.html``)."""

    agency_filter = None
    has_agencies = False

    def __init__(self, data, *, offered: list[str]):
        province = (data or {}).get("province", "")
        province = province if PROVINCE_CODE.fullmatch(province) else ""
        if data and data.get("city") and data["city"][:2] != province[:2]:
            data = data.copy()
            data.pop("city")
        sources = {"provinces": provinces}
        if province:
            sources[f"cities:{province}"] = partial(cities, province)
        found = cached_choices(sources)
        city_choices = found.get(f"cities:{province}", [])
        self.form = StatisticsForm(data)
        self.form.fields["province"].choices = [("", ANY), *found["provinces"]]
        self.form.fields["city"].choices = [("", ANY), *city_choices]
        self.form.fields["period"].choices = [(p, period_label(p)) for p in offered]
        self.form.fields["period"].initial = periods.DEFAULT
        self.has_cities = bool(city_choices)
        self.is_bound = self.form.is_bound

    @property
    def errors(self):
        return self.form.errors

    def is_valid(self) -> bool:
        return self.form.is_valid()

    @property
    def region(self) -> str:
        """The summaries' region key of the valid form."""
        data = self.form.cleaned_data if self.form.is_bound else {}
        if data.get("city"):
            return data["city"][:4]
        return data.get("province", "")[:2]

    @property
    def period(self) -> str:
        data = self.form.cleaned_data if self.form.is_bound else {}
        return data.get("period") or periods.DEFAULT

    def query(self) -> dict:
        """The valid filters as GET parameters (for the charts' and files' addresses)."""
        data = self.form.cleaned_data if self.form.is_bound else {}
        return {name: data[name] for name in FIELDS if data.get(name)}
