"""The open-data page: the latest bulk dump (from DUMPS_DIR, written by
``manage.py export_dumps``) with its sizes and checksums, the licence, the
fields of each record kind (``registry.open_data.kinds``, the definition the
files are written from), and the other ways to the data. Dump files are
served from the latest dump's directory, by a name its manifest lists: no
other path can be asked for."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render

from registry.open_data import dumps
from registry.open_data.kinds import KINDS

API_DOCS = "/api/v1/docs/"


def data_page(request):
    found = dumps.latest(Path(settings.DUMPS_DIR))
    manifest = found[1] if found else None
    ctx = {
        "manifest": manifest,
        "kinds": list(KINDS.values()),
        "api_docs": API_DOCS,
        "download_limit": settings.DOWNLOAD_MAX_ROWS,
        "xlsx_limit": settings.XLSX_MAX_ROWS,
    }
    return render(request, "publicity/data.html", ctx)


def dump_file(request, name):
    found = dumps.latest(Path(settings.DUMPS_DIR))
    if found is None:
        raise Http404("No dump has been written.")
    directory, manifest = found
    listed = {item["name"] for item in manifest["files"]} | {dumps.MANIFEST, dumps.FIELDS}
    if name not in listed:
        raise Http404("No such file in the latest dump.")
    path = directory / name
    if path.parent != directory or not path.is_file():
        raise Http404("No such file in the latest dump.")
    content_type = "application/json" if name.endswith(".json") else "application/gzip"
    response = FileResponse(path.open("rb"), as_attachment=True, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response
