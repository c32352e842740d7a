"""The fuzz suite's world and its tally.

``world``: a small register (companies with penalties, licences, court cases
and list entries, an agency, a court, a person) for the fuzzed requests to
find. ``fuzz_client``: a test client whose every answer is counted by status
and checked: never a 5xx, and in HTML, never a value echoed unescaped
(``strategies.MARKUP``). The counts are printed at the end of the run
(``pytest_terminal_summary``) and, with ``FUZZ_TALLY=path``, written there as
JSON, for docs/reliability.md.
"""

import collections
import json
import os

import pytest
from django.test import Client

from tests.fuzz.strategies import MARKUP

TALLY: collections.Counter = collections.Counter()


class CheckedClient(Client):
    """Counts each answer under (suite, status class) and checks it."""

    suite = "other"

    def request(self, **request):
        response = super().request(**request)
        TALLY[(self.suite, response.status_code)] += 1
        query = request.get("QUERY_STRING", "")
        where = f"{request.get('REQUEST_METHOD')} {request.get('PATH_INFO')}?{query}"
        assert response.status_code < 500, f"{response.status_code} for {where}"
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html") and not getattr(response, "streaming", False):
            body = response.content.decode("utf-8", "replace")
            # The marker's tag, escaped, reads "&lt;x-fuzz": raw, it was echoed unescaped.
            assert MARKUP[:7] not in body, f"unescaped echo in {where}"
        return response


@pytest.fixture
def fuzz_client(settings):
    # Every request comes from one address: the limits would answer 429 to most.
    settings.SEARCH_RATE_LIMIT = 0
    settings.REDRESS_RATE_LIMIT = 0
    settings.API_RATE_LIMIT = 0
    return CheckedClient(raise_request_exception=True)


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    suites = sorted({suite for suite, _status in TALLY})
    terminalreporter.section("fuzz suite: answers by status")
    total = sum(TALLY.values())
    server_errors = sum(n for (_suite, status), n in TALLY.items() if status >= 500)
    for suite in suites:
        counts = {status: n for (s, status), n in TALLY.items() if s == suite}
        line = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        terminalreporter.write_line(f"{suite:>10}: {sum(counts.values()):6} requests ({line})")
    terminalreporter.write_line(f"{'all':>10}: {total:6} requests, 5xx: {server_errors}")
    target = os.environ.get("FUZZ_TALLY")
    if target:
        rows = [
            {"suite": suite, "status": status, "count": n}
            for (suite, status), n in sorted(TALLY.items())
        ]
        with open(target, "w", encoding="utf-8") as out:
            json.dump({"requests": total, "server_errors": server_errors, "rows": rows}, out)
