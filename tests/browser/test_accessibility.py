"""No public page has a serious or critical accessibility violation, by axe-core.

axe-core (npm, pinned in package.json) is injected into each page in chromium
and run on the whole document. Every page of ``tests/browser/pages.py`` is
checked in both languages within ONE live-server test on one data set: each
live-server test reloads the reference data (seconds on PostgreSQL), so a test
per page would cost a minute. Each page is a subtest of its own, reported
separately, in a fresh browser page. Minor and moderate findings are left to
review; serious and critical ones fail, naming the rule, its help text and the
elements.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.browser.pages import LANGUAGES, PAGES, build_site, page_path

pytestmark = [
    pytest.mark.browser,
    # axe-core is injected as an inline script, which the site's Content-Security-
    # Policy refuses; tests/browser/test_content_security_policy.py checks the policy.
    pytest.mark.browser_context_args(bypass_csp=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"serious", "critical"}


def test_no_page_has_a_serious_or_critical_axe_violation(live_server, context, subtests):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci --ignore-scripts` (make test does).")
    site = build_site()
    for public_page in PAGES:
        for language in LANGUAGES:
            path = page_path(public_page, site, language)
            with subtests.test(msg=f"{public_page.id} ({language}) {path}"):
                with override_settings(**dict(public_page.settings)):
                    problems = _axe_problems(context, live_server.url + path, public_page)
                if problems:
                    pytest.fail("\n".join(problems), pytrace=False)


def _axe_problems(context, url, public_page):
    """Serious and critical axe violations on the page at ``url``, one line per
    rule and an indented line per element."""
    browser_page = context.new_page()
    try:
        # The requests before the last as plain HTTP requests (with the page's
        # cookies): one may be a download, which a navigation cannot be.
        for _ in range(public_page.requests - 1):
            browser_page.request.get(url)
        response = browser_page.goto(url)
        problems = []
        if response.status != public_page.status:
            problems.append(f"status {response.status}, expected {public_page.status}")
        # base.html's skip link and main (the standalone 500 page has a main only).
        skip_link = public_page.standalone or browser_page.locator("a.skip-link").count() == 1
        if browser_page.locator("main#main-content").count() != 1 or not skip_link:
            problems.append("not a page of the site: no skip link and <main id=main-content>")
        # Records folded in <details> are checked too: axe skips what is hidden.
        browser_page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        browser_page.add_script_tag(path=AXE)
        results = browser_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        browser_page.close()
    for violation in results["violations"]:
        nodes = [node for node in violation["nodes"] if node.get("impact") in FAILING_IMPACTS]
        if not nodes:
            continue
        problems.append(f"{violation['impact']}: {violation['id']}: {violation['help']}")
        for node in nodes:
            target = " ".join(map(str, node["target"]))
            problems.append(f"    {target}: {' '.join(node['html'].split())}")
            # What axe found, e.g. the contrast ratio and the colours.
            for line in node.get("failureSummary", "").splitlines()[1:]:
                problems.append(f"      {line.strip()}")
    return problems
