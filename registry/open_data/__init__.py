"""Open data: the columns of each public record kind, as plain values, shared
by the site's CSV and XLSX downloads (publicity/views/downloads.py) and the
bulk dumps (``manage.py export_dumps``). ``kinds`` says which rows and
columns each kind has; ``cells`` turns a value into a spreadsheet-safe cell;
``dumps`` writes a day's dump; ``annual_kinds`` adds the annual reports and
``filing_kinds`` the spot checks, pledges, court orders, mortgages and
deregistration notices, registered here so that every user of ``kinds.KINDS``
finds them."""

from registry.open_data import filing_kinds, kinds
from registry.open_data.annual_kinds import ANNUAL_REPORTS

kinds.add_kinds([ANNUAL_REPORTS, *filing_kinds.FILING_KINDS])
