"""Counting and paging that stay cheap on tables of a million rows.

A plain ``COUNT(*)`` and a deep ``OFFSET`` both cost in proportion to the
table. Here a count stops at ``COUNT_CAP + 1`` rows (shown as "more than
1,000"), and no page past ``MAX_PAGES`` is served: whoever needs more narrows
the filters (or uses the bulk data), so no page costs more than the first
few. Counts of whole tables, for headlines, are kept in the cache
(``publicity.caching.counts``)."""

from dataclasses import dataclass, field

COUNT_CAP = 1000
PER_PAGE = 25
MAX_PAGES = COUNT_CAP // PER_PAGE


@dataclass(frozen=True)
class CappedCount:
    """A count that stopped at ``cap + 1``: ``more`` says it went past ``cap``."""

    value: int
    cap: int = COUNT_CAP

    @property
    def more(self) -> bool:
        return self.value > self.cap

    @property
    def shown(self) -> int:
        return min(self.value, self.cap)


def capped_count(queryset, cap: int = COUNT_CAP) -> CappedCount:
    """Counts at most ``cap + 1`` rows: ``SELECT COUNT(*) FROM (... LIMIT cap+1)``."""
    return CappedCount(queryset.order_by()[: cap + 1].count(), cap)


@dataclass
class CappedPage:
    """One page of results, with what ``includes/pagination.html`` needs: the
    one paginator of the site's lists and of the search page.

    ``too_deep`` when the page asked for lies past ``max_pages``: the page is
    then empty and the template asks to narrow the filters. ``past_end`` when
    it lies past the last page of the results (too deep, or past the count)."""

    number: int
    count: CappedCount
    per_page: int = PER_PAGE
    max_pages: int = MAX_PAGES
    object_list: list = field(default_factory=list)

    @property
    def too_deep(self) -> bool:
        return self.number > self.max_pages

    @property
    def last(self) -> int:
        """The last page that can be shown (1 when nothing was found)."""
        return max(1, min(self.max_pages, -(-self.count.shown // self.per_page)))

    @property
    def past_end(self) -> bool:
        return self.number > self.last

    @property
    def has_rows(self) -> bool:
        """Whether any row falls on this page (else it need not be read)."""
        return not self.too_deep and self.start < self.count.value

    @property
    def start(self) -> int:
        """The slice of the ordered results that this page shows: [start:stop]."""
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return self.start + self.per_page

    @property
    def has_previous(self) -> bool:
        return 1 < self.number <= self.max_pages

    @property
    def has_next(self) -> bool:
        return self.number < self.max_pages and self.number * self.per_page < self.count.value

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def start_index(self) -> int:
        return self.start + 1 if self.object_list else 0

    def end_index(self) -> int:
        return self.start + len(self.object_list)


def page_number(value) -> int:
    """The page asked for; anything but a positive whole number is page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def page_of(count: CappedCount, number, *, per_page: int = PER_PAGE, max_pages: int = MAX_PAGES):
    """The page asked for (``number``: any value, as sent) of results counted
    ``count``; its rows are the caller's to read (``page.start``, ``page.stop``)
    when ``page.has_rows``."""
    return CappedPage(
        number=page_number(number), count=count, per_page=per_page, max_pages=max_pages
    )


def capped_page(queryset, number, *, per_page: int = PER_PAGE, max_pages: int = MAX_PAGES):
    """The ``number``-th page of ``queryset`` (already ordered), counted with a cap.

    Two queries: the capped count, then the rows (prefetches add theirs)."""
    count = capped_count(queryset, cap=per_page * max_pages)
    page = page_of(count, number, per_page=per_page, max_pages=max_pages)
    if page.has_rows:
        page.object_list = list(queryset[page.start : page.stop])
    return page
