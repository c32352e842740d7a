"""robots.txt: crawlers welcome on the public pages, kept off the admin, the
objection and credit-repair forms and their status pages, the follow page,
the credit reports (PDF and checks), bulk downloads and the load balancer's
health checks; the sitemap index named. A view rather than a static file so that the admin's path is
``ADMIN_PATH``, whatever it is set to."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from publicity.outage.health import LIVENESS, READINESS

# Under every language's prefix: forms for people, not for indexes; and the
# credit reports (each PDF downloaded issues a report, kept with its number).
PRIVATE_PAGES = ("objections/", "credit-repair/", "follow/", "reports/", "companies/*/report.pdf")
# Bulk answers: downloads of whole results and the API, for programs.
BULK = ("/*?*format=", "/api/")
# For load balancers (publicity/outage/health.py).
HEALTH = (LIVENESS, READINESS)


def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", f"Disallow: /{settings.ADMIN_PATH}"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            home = reverse("publicity:home")
        lines += [f"Disallow: {home}{path}" for path in PRIVATE_PAGES]
    lines += [f"Disallow: {path}" for path in BULK + HEALTH]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
