"""Bulk import of records from CSV or XLSX files.

One code path for every channel: the ``import_records`` command and the
admin's import both call :func:`registry.importing.runner.run_import`.
"""

from registry.importing import examples, filing_specs
from registry.importing.annual_specs import ANNUAL_REPORTS
from registry.importing.runner import ImportResult, RowError, run_import
from registry.importing.specs import KINDS

# Kinds kept in their own modules join the five of ``specs``: annual reports,
# then spot checks, pledges, court orders, mortgages, deregistration notices.
for _spec in (ANNUAL_REPORTS,):
    KINDS[_spec.kind] = _spec
KINDS.update({spec.kind: spec for spec in filing_specs.FILING_SPECS})
examples.EXAMPLES.update(
    filing_specs.examples(examples.EXAMPLE_CODE, examples.EXAMPLE_AGENCY, examples.EXAMPLE_COURT)
)

__all__ = ["KINDS", "ImportResult", "RowError", "run_import"]
