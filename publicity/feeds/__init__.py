"""Atom feeds of the public pages (``django.contrib.syndication``).

One feed per page that changes as records are published: a company's
(``/companies/<code>/feed/``: new public records, list inclusions and
removals, registration changes), a credit list's (inclusions and removals), an
agency's (penalties and list entries it published), a person's (restrictions
in force, the person's companies listed now) and the penalties browse page's
(``/penalties/feed/`` with the page's own filters; a bad filter is a 400).

What a feed holds is read through the same ``public(today)`` querysets and
selectors as the page it follows, so a withdrawn record, a record past its
publicity period or a draft is never in one. Each feed holds the newest
``LATEST`` entries (50) and runs a bounded number of queries, however many
records there are. Feeds live under the pages' language prefixes: the English
feed's titles name things in English with the Chinese name of record beside
it. Entry ids are tag URIs (``tag:<host>,2026:penalty/12``), the same in both
languages; an entry about one record links to the record's own page
(``/penalties/12/``), others to the page that shows them, with its anchor.
"""
