"""Selectors: the reads that pages share, in one place.

A selector assembles what one public page shows: it takes plain data (a credit
code, a query and its filters, a person's id, ``today``, a language where a
name depends on it) and returns plain data (a dataclass of model instances,
lists and values), or None when there is nothing public to show. It knows
nothing of requests, templates, URLs or caches; the publication rules come
from the models' ``public(today)`` querysets (or, for records already
loaded, their twins in ``registry.public_on``, tested to agree), so a
selector never decides itself what may be shown.

- ``company.company_report(uscc, today, language=...)``: the company page,
  from the company's read model when it is current
  (``company_documents.read``, kept by ``registry.services.company_documents``)
  or from the tables (``company_graph.load``), the day's rules applied to
  either (``registry.public_on``);
- ``company_version.of(code)``: what must change for the company page to
  change, read in one query (the read model's and the page cache's check);
- ``search.search_page(text, filters, sort=..., page=..., today=...)``: the
  search page, each result saying what it matched on;
- ``people.person_report(person_id, today)``: the person page;
- ``ownership.company_ownership(company, shareholdings, today)`` and
  ``ownership.person_ownership(person, holdings, today)``: who stands behind
  a company (three levels of shareholders, one of holdings) and what a person
  holds (two levels), for the company and person pages;
- ``records.record_page(kind, pk, today, language=...)``: one record's page,
  or its tombstone once it is no longer public;
- ``timeline``: a company's records as one dated list (no query of its own).

The views of ``publicity`` render what a selector returns (adding only what
comes from the request: addresses, the page number, the templates, the page
cache); the JSON API, the Atom feeds and the PDF credit report are to read the
same selectors, so that every channel shows the same records. Each selector
costs a fixed number of queries, whatever the number of records: the page
tests assert it (``django_assert_max_num_queries``). Writes are never here:
they are ``registry.services``'.
"""
