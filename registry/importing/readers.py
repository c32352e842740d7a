"""Reading a table from CSV (UTF-8, with or without BOM) or XLSX.

Every row keeps the line number a person sees when opening the file in a
spreadsheet or a text editor, so that errors can point at it.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _


class UnreadableFile(ValueError):
    pass


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict]]  # (line number, {column: value})


def _header(value) -> str:
    return str(value or "").strip().lower().lstrip("\ufeff")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            _("The file is not UTF-8 text (byte %(pos)d). Save it as CSV UTF-8 and try again.")
            % {"pos": error.start + 1}
        ) from None
    if "\x00" in text:
        raise UnreadableFile(_("The file contains NUL bytes; it is not a CSV text file."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [_header(h) for h in next(reader)]
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    rows = []
    start = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            if len(record) > len(headers):
                rows.append((start, {"__extra__": record[len(headers) :]}))
            else:
                rows.append((start, {h: v.strip() for h, v in zip(headers, record, strict=False)}))
        start = reader.line_num + 1
    return Table(headers, rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(
            _("The file is not a readable XLSX workbook (%(error)s).")
            % {"error": error.__class__.__name__}
        ) from None
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        headers = [_header(h) for h in next(rows_iter)]
    except StopIteration:
        raise UnreadableFile(_("The workbook's first sheet is empty.")) from None
    while headers and headers[-1] == "":
        headers.pop()
    rows = []
    for line, values in enumerate(rows_iter, start=2):
        cells = [_cell(v) for v in values]
        if not any(c != "" for c in cells):
            continue
        rows.append((line, {h: c for h, c in zip(headers, cells, strict=False) if h}))
    workbook.close()
    return Table(headers, rows)


def read_table(source, file_format: str | None = None) -> Table:
    """``source`` is a path or bytes; the format comes from the suffix if not given."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        file_format = file_format or path.suffix.lower().lstrip(".")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UnreadableFile(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from None
    else:
        data = source
    if file_format == "csv":
        return read_csv(data)
    if file_format == "xlsx":
        return read_xlsx(data)
    raise UnreadableFile(
        _("Unknown file type “%(format)s”: use a .csv or .xlsx file.") % {"format": file_format}
    )
