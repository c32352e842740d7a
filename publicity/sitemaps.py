"""sitemap.xml: every public page worth indexing, for search engines
(``django.contrib.sitemaps``), in both languages with their alternates.

``/sitemap.xml`` is an index of sitemaps: one of the fixed pages and the
credit lists, then one per range of primary keys of companies, people with a
public role (a company they represent, serve or hold shares in), agencies,
and the records with a page of their own that are public today (penalties,
licences, court cases; list entries are reached from their lists' pages):
``/sitemap-companies-3.xml`` holds the companies whose id is in
``[3 * CHUNK, 4 * CHUNK)``.

Why ranges of keys and not Django's paginator: the paginator pages with
OFFSET, so page 20 of a million companies makes PostgreSQL read and throw
away 950,000 rows, and it counts the whole table (a COUNT(*) over a million
rows) to know how many pages there are, on every request to the index and
to each page. A range of keys is an index range scan whatever its number,
and the index needs only each table's highest id (``MAX(id)``, one step down
the primary key's index). Each sitemap therefore costs one query of at most
``CHUNK`` rows (no COUNT: ``Section`` writes the rows as they come), the
index one small query per table. Ids left unused (deletions, sequence gaps) make some sitemaps
shorter, never longer; one past the end is valid and empty.

``CHUNK`` is 25,000 ids: each page appears once per language (Chinese and
English), so a sitemap holds at most 50,000 addresses, the protocol's limit.
Each page is listed once per language; search engines find the other
language's address from the page's own language links. ``lastmod`` is the
row's ``updated_at`` (a company's records' dates would cost
a join per company and are left out).
"""

from io import BytesIO

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.db.models import Exists, Max, OuterRef, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from registry.models import (
    Agency,
    Company,
    CourtCase,
    CreditList,
    Licence,
    Officer,
    Penalty,
    Person,
    Shareholding,
)

CHUNK = 25_000
MAX_SECTIONS = 100_000  # past any real table; keeps the id range within bigint


class PagesSitemap(Sitemap):
    """The fixed pages and the credit lists, in every language with their
    alternates (a few dozen addresses: Django's ``Sitemap`` as it comes)."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    fixed = [
        "home",
        "list-index",
        "penalty-list",
        "case-list",
        # the footer's pages about the site
        "about",
        "about-data",
        "about-privacy",
        "about-accessibility",
        "about-contact",
    ]

    def items(self):
        return [*self.fixed, *CreditList.objects.order_by("id").only("code", "updated_at")]

    def location(self, item):
        if isinstance(item, str):
            return reverse(f"publicity:{item}")
        return reverse("publicity:list-detail", args=[item.code])

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


def _path_formats(name: str) -> list[tuple[str, str]]:
    """For each language, the page's path around its one argument: reverse()
    once per language, not once per row."""
    formats = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            before, after = reverse(name, args=["0"]).rsplit("0", 1)
        formats.append((before, after))
    return formats


class Section:
    """The rows of ``queryset`` whose id is in a range, each page in every
    language with the row's ``updated_at`` as ``lastmod``. Written here
    rather than through ``Sitemap``, whose reverse() and template for each
    address took 18 s for 25,000 companies (both languages, alternates):
    this takes a fraction of a second."""

    def __init__(self, queryset, url_name: str, key: str = "pk", *, public: bool = False):
        """``public``: the rows of ``queryset.public(today)`` only (records
        whose page answers 200 today, not a 410)."""
        self.queryset, self.url_name, self.key = queryset, url_name, key
        self.public = public

    def render(self, request, number: int) -> bytes:
        start = number * CHUNK
        queryset = self.queryset
        if self.public:
            queryset = queryset.public(timezone.localdate())
        rows = (
            queryset.filter(pk__gte=start, pk__lt=start + CHUNK)
            .order_by("pk")
            .values_list(self.key, "updated_at")
        )
        origin = request.build_absolute_uri("/").rstrip("/")
        zone = timezone.get_current_timezone()
        formats = _path_formats(self.url_name)
        # Written as bytes as the rows come: 50,000 addresses are 5 MB of
        # XML, which a list of lines joined into a string, then encoded, held
        # three times over at once (10.5 MB for 40,000).
        body = BytesIO()
        body.write(URLSET_START.encode())
        for key, updated_at in rows.iterator(chunk_size=5_000):
            lastmod = updated_at.astimezone(zone).date().isoformat()
            for before, after in formats:
                body.write(
                    f"\n<url><loc>{escape(origin + before + str(key) + after)}</loc>"
                    f"<lastmod>{lastmod}</lastmod></url>".encode()
                )
        body.write(b"\n</urlset>\n")
        return body.getvalue()


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)

with_role = (
    Q(Exists(Company.objects.filter(legal_representative=OuterRef("pk"))))
    | Q(Exists(Officer.objects.filter(person=OuterRef("pk"))))
    | Q(Exists(Shareholding.objects.filter(holder_person=OuterRef("pk"))))
)
SECTIONS = {
    "companies": Section(Company.objects.all(), "publicity:company-detail", key="uscc"),
    "people": Section(Person.objects.filter(with_role), "publicity:person-detail"),
    "agencies": Section(Agency.objects.all(), "publicity:agency-detail"),
    "penalties": Section(Penalty.objects.all(), "publicity:penalty-detail", public=True),
    "licences": Section(Licence.objects.all(), "publicity:licence-detail", public=True),
    "cases": Section(CourtCase.objects.all(), "publicity:case-detail", public=True),
}


@views.x_robots_tag
def index(request):
    """The sitemap index: the pages' sitemap, then every range of each table
    up to its highest id."""
    names = [reverse("sitemap-pages")]
    for section, sitemap in SECTIONS.items():
        highest = sitemap.queryset.model.objects.aggregate(highest=Max("pk"))["highest"]
        if highest is not None:
            names += [
                reverse("sitemap-section", args=[section, number])
                for number in range(highest // CHUNK + 1)
            ]
    sitemaps = [{"location": request.build_absolute_uri(name), "lastmod": None} for name in names]
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": sitemaps},
        content_type="application/xml",
    )


def pages(request):
    return views.sitemap(request, {"pages": PagesSitemap()}, section="pages")


@views.x_robots_tag
def section(request, section, number):
    """One range of one table (see the module's docstring)."""
    if section not in SECTIONS or number >= MAX_SECTIONS:
        raise Http404("No such sitemap.")
    body = SECTIONS[section].render(request, number)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
