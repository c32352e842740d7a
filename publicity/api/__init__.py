"""The read-only JSON API under ``/api/v1/``: the site's public records for
programs, with the site's own reads (``registry.selectors``, the models'
``public(today)`` querysets), never reads of its own.

Anonymous and keyless; throttled per client (``throttling``); paged by cursor
(``pagination``); JSON only (no browsable API, so no page that the site's
headers would have to make room for). Every record has a stable id and its own
``url``; the OpenAPI 3 schema is at ``/api/v1/schema/`` and its documentation
page at ``/api/v1/docs/``, served from the site's own static files.
"""
