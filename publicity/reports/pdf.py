"""The credit report as an A4 PDF (WeasyPrint), from the content kept for it.

The PDF is drawn from the issued report's canonical content, never from the
database afresh, so it shows exactly what was hashed. Chinese is set in Noto
Sans CJK SC (Debian's fonts-noto-cjk, found by fontconfig), named on the
page's margin boxes too. The style sheet is inlined and the QR code
(segno) is a data: URI: nothing is fetched, and the fetcher refuses any other
address, so a PDF is never made with something from the network.
"""

import json

from django.template.loader import render_to_string
from django.utils import timezone, translation

from publicity.models import IssuedReport

# WeasyPrint (with Pango, fontTools and Pillow: about 40 MB) is imported when
# the first PDF is drawn, not when a web worker starts: most workers never
# draw one. ``HTML`` is None once the import failed, e.g. without Pango
# (Debian's libpango-1.0-0 and libpangoft2-1.0-0, which `make test` and
# `make demo` install): the rest of the site still runs, and a report asked
# for is refused with a plain page (``Unavailable``).
NOT_LOADED = object()
HTML = NOT_LOADED
MISSING = ""


class Unavailable(Exception):
    """PDFs cannot be drawn on this server: WeasyPrint's libraries are missing."""


QR_SCALE = 4  # pixels a module in the PNG the PDF holds
QR_BORDER = 4  # modules of quiet zone, as ISO/IEC 18004 asks


def _load():
    """Import WeasyPrint once (sets ``HTML``, or ``MISSING`` and None)."""
    global HTML, MISSING
    if HTML is not NOT_LOADED:
        return
    try:
        from weasyprint import HTML as html
    except OSError as error:
        HTML, MISSING = None, str(error)
    else:
        HTML = html


def local_only_fetcher():
    """A WeasyPrint URL fetcher that hands over data: URIs (the QR code) and
    nothing else."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise ValueError(f"The report fetches nothing: {url[:80]!r} refused.")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


def qr_code(url: str):
    """The QR code (a ``segno.QRCode``) of a report's verification address."""
    import segno  # on use, as WeasyPrint

    return segno.make(url, error="m", micro=False)


def render_pdf(issued: IssuedReport, *, verify_url: str, page_url: str) -> bytes:
    """The PDF of ``issued``, whose verification page is at ``verify_url``
    (absolute) and company page at ``page_url``; in the report's language."""
    _load()
    if HTML is None:
        raise Unavailable(MISSING)
    content = json.loads(issued.content)
    ctx = {
        "content": content,
        "report": content["report"],
        "company": content["company"],
        "sha256": issued.sha256,
        "issued_at": timezone.localtime(issued.issued_at),
        "time_zone": timezone.get_current_timezone_name(),
        "verify_url": verify_url,
        "page_url": page_url,
        "qr_data_uri": qr_code(verify_url).png_data_uri(scale=QR_SCALE, border=QR_BORDER),
        "html_lang": "en" if issued.language == "en" else "zh-Hans",
    }
    with translation.override(issued.language):
        html = render_to_string("publicity/report/pdf.html", ctx)
    return HTML(string=html, url_fetcher=local_only_fetcher()).write_pdf()
