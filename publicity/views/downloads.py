"""Downloads of what a page lists, as CSV (streamed: the rows are read in
chunks and written as they come, so memory stays flat whatever the count) or
XLSX (built in a temporary file, up to XLSX_MAX_ROWS rows). The columns are
``registry.open_data.kinds``'; the pages choose the rows (their filters) and
call ``respond`` when ``?format=csv`` or ``?format=xlsx`` is asked.

A CSV is UTF-8 with a byte-order mark (Excel then reads Chinese right), one
header row, cells that a spreadsheet would run as formulas escaped with an
apostrophe; past DOWNLOAD_MAX_ROWS it ends with a line starting with "#"
that points at the bulk dumps on the /data/ page.

Each download counts against the client's ``DOWNLOAD_RATE_LIMIT`` (an hour,
``publicity.ratelimit``); past it, a 429 page pointing at the bulk dumps."""

import csv
import tempfile

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from publicity import ratelimit
from publicity.views import refusals
from registry.open_data import cells
from registry.open_data.kinds import KINDS

FORMATS = ("csv", "xlsx")
BOM = "\ufeff"


def requested(request) -> str | None:
    """The download format the request asks for, or None for the page."""
    wanted = request.GET.get("format")
    return wanted if wanted in FORMATS else None


def respond(request, kind_name: str, queryset, name: str):
    """The download of ``queryset``'s records of ``kind_name``, named ``name``;
    a 429 page when this client has downloaded too much."""
    refusal = ratelimit.hit(request, ratelimit.DOWNLOADS)
    if refusal:
        return refusals.too_many_downloads(request, refusal)
    kind = KINDS[kind_name]
    filename = f"{name}-{timezone.localdate().isoformat()}"
    if requested(request) == "xlsx":
        return _xlsx(request, kind, queryset, filename)
    return _csv(request, kind, queryset, filename)


class _Line:
    """What csv.writer writes to: hands back the line instead of keeping it."""

    def write(self, line):
        return line


def _more_rows_note(request, limit: int) -> str:
    where = request.build_absolute_uri(reverse("publicity:data"))
    return f"# More than {limit} rows: this file stops there. Every record: {where}"


def _csv(request, kind, queryset, filename):
    limit = settings.DOWNLOAD_MAX_ROWS
    note = _more_rows_note(request, limit)

    def lines():
        writer = csv.writer(_Line())
        yield BOM + writer.writerow(kind.header)
        count = 0
        for row in kind.rows(queryset, limit=limit + 1):
            count += 1
            if count > limit:
                yield writer.writerow([note])
                break
            yield writer.writerow([cells.csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attached(request, response, f"{filename}.csv", limit)


def _xlsx_cell(value):
    if isinstance(value, str):
        return cells.escape_formula(value)
    if isinstance(value, bool):
        return cells.text(value)
    return value


def _xlsx(request, kind, queryset, filename):
    from openpyxl import Workbook

    limit = settings.XLSX_MAX_ROWS
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind.name)
    sheet.append(kind.header)
    for count, row in enumerate(kind.rows(queryset, limit=limit + 1), start=1):
        if count > limit:
            sheet.append([_more_rows_note(request, limit)])
            break
        sheet.append([_xlsx_cell(value) for value in row])
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    response = FileResponse(
        file,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attached(request, response, f"{filename}.xlsx", limit)


def _attached(request, response, filename, limit):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Row-Limit"] = str(limit)
    response["Link"] = f'<{reverse("publicity:data")}>; rel="alternate"; title="bulk dumps"'
    response["Cache-Control"] = "no-store"
    return response
