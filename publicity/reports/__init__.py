"""Credit reports (信用报告): a PDF anyone can download for a company, and a
page that tells whether a report in someone's hands is genuine.

- ``issuing.report_issue``: the one write. Gives the report a number, builds
  its canonical content (``registry.selectors.report``), hashes it and keeps
  number, content and hash (``publicity.models.IssuedReport``).
- ``pdf.render_pdf``: the A4 PDF of an issued report (WeasyPrint, the CJK
  font of Debian's fonts-noto-cjk, a QR code by segno), from the content
  kept, so the paper shows exactly what was hashed. Nothing is fetched from
  the network while it is made.
- ``verification.verify``: does the kept content still hash to the kept hash
  (else the report does not verify), and would the company's record give the
  same content today (else it changed since issue, and which sections).

The views are ``publicity.views.reports``; each request to them counts
against the client's ``REPORT_RATE_LIMIT``.
"""
