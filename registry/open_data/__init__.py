"""Open data: the columns of each public record kind, as plain values, shared
by the site's CSV and XLSX downloads (publicity/views/downloads.py) and the
bulk dumps (``manage.py export_dumps``). ``kinds`` says which rows and
columns each kind has; ``cells`` turns a value into a spreadsheet-safe cell;
``dumps`` writes a day's dump."""

from registry.open_data import filing_kinds, kinds

# Spot checks, pledges, court orders, mortgages, deregistration notices.
kinds.add_kinds(filing_kinds.FILING_KINDS)
