"""The statistics page's numbers (``/statistics/``), made in advance.

**What is counted** (the same rule on the page, "How these numbers are
counted", and in the README):

- *Penalties*: every penalty ever published and not withdrawn, by its
  decision date, including those whose publicity period has ended (a count
  shows no record's content); not drafts, not records waiting for review,
  not withdrawn ones, and not the simple-procedure warnings that are never
  published (``Penalty.objects.ever_public()``). A *fine* is a penalty whose
  categories include a fine and that states an amount: the sum and the
  median are of those amounts.
- *List inclusions* by the date listed, *removals* by the date removed, of
  every published entry (not drafts, pending or withdrawn ones), whether or
  not still in public view.
- *Court cases*: every published case, by its filing date (cases without a
  filing date are in no month).
- *Region*: the company's division (for a penalty or an entry against a
  person or a company without a division, the deciding authority's; for a
  court case, the court's). Records with neither count for the whole
  country only.

**How it stays current.** ``manage.py refresh_statistics`` computes every
summary in one transaction and replaces the old ones whole (readers see the
old summaries until it commits); it runs on a schedule (hourly, see the
README) and the page says when the figures were made. Not from the change
announcements of ``publicity.caching``: those are heard by each web process,
not by one writer, and an exact median cannot be updated one record at a time.

- ``periods``: the periods offered (rolling 12 and 36 months, calendar years);
- ``refresh``: the computation and the swap;
- ``registry.selectors.statistics``: what the page reads.
"""
