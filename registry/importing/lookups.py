"""Finding the records a row refers to (agencies by name, regions by code...),
with a per-import cache, and a message when there is none."""

from django.utils.translation import gettext as _

from registry import uscc
from registry.importing.fields import CellError, text
from registry.models import Agency, Company, CreditList, Industry, Region


class Lookups:
    def __init__(self):
        self._regions = None
        self._industries = None
        self._lists = None
        self._agencies = {}
        self._companies = {}

    def region(self, value, *, required: bool = False) -> Region | None:
        code = text(value, required=required)
        if not code:
            return None
        if self._regions is None:
            self._regions = {r.code: r for r in Region.objects.all()}
        region = self._regions.get(code)
        if region is None:
            raise CellError(
                _("No GB/T 2260 division has the code “%(code)s” (use 6 digits, e.g. 110108).")
                % {"code": code}
            )
        return region

    def industry(self, value, *, required: bool = False) -> Industry | None:
        code = text(value, required=required).upper()
        if not code:
            return None
        if self._industries is None:
            self._industries = {i.code: i for i in Industry.objects.all()}
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        industry = self._industries.get(code)
        if industry is None:
            raise CellError(
                _(
                    "No GB/T 4754-2017 section or division has the code “%(code)s” "
                    "(a letter A-T or two digits 01-97)."
                )
                % {"code": code}
            )
        return industry

    def credit_list(self, value) -> CreditList:
        code = text(value, required=True).lower()
        if self._lists is None:
            self._lists = {c.code: c for c in CreditList.objects.all()}
        credit_list = self._lists.get(code)
        if credit_list is None:
            raise CellError(
                _("No credit list has the code “%(code)s”. Known: %(known)s.")
                % {"code": code, "known": ", ".join(sorted(self._lists))}
            )
        return credit_list

    def agency(self, value, *, required: bool = True, kind: str | None = None) -> Agency | None:
        name = text(value, required=required)
        if not name:
            return None
        if name not in self._agencies:
            self._agencies[name] = Agency.objects.filter(name=name).first()
        agency = self._agencies[name]
        if agency is None:
            raise CellError(
                _("No agency is named “%(name)s”; import it with the agencies kind first.")
                % {"name": name}
            )
        if kind and agency.kind != kind:
            raise CellError(
                _("“%(name)s” is a %(kind)s agency, not a %(wanted)s.")
                % {"name": name, "kind": agency.get_kind_display(), "wanted": kind}
            )
        return agency

    def remember_agency(self, agency: Agency) -> None:
        self._agencies[agency.name] = agency

    def preload_companies(self, raw_codes) -> None:
        """Fetch the companies a file names in a few queries instead of one a row."""
        codes = sorted({uscc.normalize(c) for c in raw_codes if c} - set(self._companies))
        for start in range(0, len(codes), 1000):
            chunk = codes[start : start + 1000]
            found = {c.uscc: c for c in Company.objects.filter(uscc__in=chunk)}
            for code in chunk:
                self._companies[code] = found.get(code)

    def company(self, value) -> Company:
        code = normalized_code(value)
        if code not in self._companies:
            self._companies[code] = Company.objects.filter(uscc=code).first()
        company = self._companies[code]
        if company is None:
            raise CellError(
                _("No company with the credit code %(code)s is in the register.") % {"code": code}
            )
        return company

    def company_by_name(self, name: str) -> Company | None:
        matches = list(Company.objects.filter(name=name)[:2])
        return matches[0] if len(matches) == 1 else None


def normalized_code(value) -> str:
    code = uscc.normalize(text(value, required=True))
    problem = uscc.check(code)
    if problem:
        raise CellError(problem.message)
    return code
