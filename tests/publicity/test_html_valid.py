"""Every public page template is valid HTML, by the Nu HTML Checker.

The checker (``vnu-jar`` from npm, pinned in package.json) is a Java program
that takes seconds to start, so every page, in both languages, is rendered first
(Django's test client, on the data of ``tests/browser/pages.py``) and written
to a file, and ONE run of the checker reads them all. Each page then has its
own test, which fails on any message of type "error" (warnings are fine),
naming the line and the message.

Java and node_modules/ are installed by ``make test``; without them these tests
fail, saying what is missing: they never skip.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from tests.browser.pages import LANGUAGES, PAGES, build_site, page_path

# The marker has pytest-django set up the test database, which the module's
# fixture then uses.
pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGE_PARAMS = [
    pytest.param(page, language, id=f"{page.id}-{language}")
    for page in PAGES
    for language in LANGUAGES
]


@pytest.fixture(scope="module")
def checked_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """{(page id, language): (path, [problem, ...])} for every page.

    The data is made and the pages rendered in one transaction, rolled back at
    the end: the database is left as the migrations made it."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "No `java` on PATH: install a Java runtime (make test installs Debian's "
            "default-jre-headless)."
        )
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci --ignore-scripts` (make test does).")

    html_dir = tmp_path_factory.mktemp("html")
    results = {}
    files = {}
    # The override puts back the thread's language afterwards: the test client
    # leaves active the language of the last page it fetched.
    with django_db_blocker.unblock(), transaction.atomic(), translation.override(None):
        site = build_site()
        for page in PAGES:
            for language in LANGUAGES:
                key = (page.id, language)
                path, problems, html = _render(page, site, language)
                results[key] = (path, problems)
                if html is not None:
                    file = html_dir / f"{page.id}.{language}.html"
                    file.write_bytes(html)
                    files[file.name] = key
        transaction.set_rollback(True)

    for file_name, messages in _check(java, html_dir, sorted(files)).items():
        results[files[file_name]][1].extend(messages)
    return results


def _render(page, site, language):
    """(path, problems, HTML bytes or None): a page that cannot be reached or
    raises is a problem of its own, without stopping the other pages."""
    try:
        path = page_path(page, site, language)
    except Exception as exc:  # NoReverseMatch: a route renamed or gone
        return "?", [f"no URL: {exc!r}"], None
    # The 500 page is the answer to an exception; on other pages the
    # exception itself is the problem to report.
    client = Client(raise_request_exception=page.status != 500)
    try:
        with transaction.atomic(), override_settings(**dict(page.settings)):
            # A failing page rolls back to here only.
            for _ in range(page.requests):
                response = client.get(path)
    except Exception as exc:
        return path, [f"the page raised {exc!r}"], None
    problems = []
    if not page.standalone and "base.html" not in {t.name for t in response.templates}:
        problems.append("not a page of the site: base.html was not rendered")
    if response.status_code != page.status:
        problems.append(f"status {response.status_code}, expected {page.status}")
    if not response.get("Content-Type", "").startswith("text/html"):
        problems.append(f"Content-Type {response.get('Content-Type')!r}, expected text/html")
        return path, problems, None
    return path, problems, response.content


def _check(java, html_dir, file_names):
    """{file name: ["line N: message", ...]} for every error the checker finds."""
    if not file_names:
        return {}
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
    finished = subprocess.run(
        [*command, *file_names],
        cwd=html_dir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        report = json.loads(finished.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"The Nu HTML Checker gave no JSON report:\n{finished.stdout}\n{finished.stderr}"
        )
    errors = {}
    for message in report["messages"]:
        if message["type"] == "info":  # warnings and notes
            continue
        file_name = Path(unquote(urlparse(message.get("url", "")).path)).name
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(file_name, []).append(
            f"line {line}: {message['message']}" + (f"\n      in: {extract}" if extract else "")
        )
    return errors


@pytest.mark.parametrize(("public_page", "language"), PAGE_PARAMS)
def test_page_is_valid_html(public_page, language, checked_pages):
    path, problems = checked_pages[(public_page.id, language)]
    if problems:
        report = "\n  ".join(problems)
        pytest.fail(f"{public_page.id} page ({language}) {path}:\n  {report}", pytrace=False)
