"""Reading a credit report's PDF back, as its reader would: its text
(pypdf), and the QR code's image compared module by module with segno's
code of an address."""

import io

import segno
from pypdf import PdfReader

from publicity.reports import pdf as report_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_holds(data: bytes, address: str) -> bool:
    """Whether the PDF's QR code (its first image) is segno's code of
    ``address``: every module's centre dark where the code's is dark."""
    image = next(
        found.image for page in PdfReader(io.BytesIO(data)).pages for found in page.images
    ).convert("L")
    expected = segno.make(address, error="m", micro=False)
    size, border = report_pdf.QR_SCALE, report_pdf.QR_BORDER
    if image.size != tuple(n * size for n in expected.symbol_size(scale=1, border=border)):
        return False
    read = [
        [
            image.getpixel(((x + border) * size + size // 2, (y + border) * size + size // 2)) < 128
            for x in range(len(row))
        ]
        for y, row in enumerate(expected.matrix)
    ]
    return read == [[bool(module) for module in row] for row in expected.matrix]
