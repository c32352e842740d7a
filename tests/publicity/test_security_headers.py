"""Security headers and HTTPS: every page says what the browser may load
(Content-Security-Policy) and use (Permissions-Policy); the production example
settings (.env.example) turn on HSTS, the SSL redirect and the proxy's HTTPS
header, with which `manage.py check --deploy` finds no issue; behind a TLS
proxy the links the site builds say https."""

import base64
import hashlib
import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from publicity.security_headers import ADMIN_POLICY_UPDATE
from tests.factories import CompanyFactory

BASE_DIR = Path(settings.BASE_DIR)

# What the production example says, as .env.example writes it.
EXAMPLE_HTTPS = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


def example_environment() -> dict[str, str]:
    """The variables .env.example sets (``NAME=value`` lines, comments left out)."""
    variables = {}
    for line in (BASE_DIR / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    return variables


def check_deploy(tmp_path, **changes):
    """`manage.py check --deploy` in a fresh process with the example's settings
    (and a secret key of its own, which the example leaves for each site to make)."""
    environment = {
        **example_environment(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAR_DIR": str(tmp_path),
        **changes,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_examples_https_variables_give_the_settings_the_tests_below_use(tmp_path):
    script = "import publicity.settings as s; print(repr([getattr(s, n) for n in NAMES]))"
    environment = {**example_environment(), "SECRET_KEY": "x", "VAR_DIR": str(tmp_path)}

    shown = subprocess.run(
        [sys.executable, "-c", f"NAMES = {list(EXAMPLE_HTTPS)!r}; {script}"],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert shown.stdout.strip() == repr(list(EXAMPLE_HTTPS.values())), shown.stderr


def test_check_deploy_finds_no_issue_with_the_production_example_settings(tmp_path):
    result = check_deploy(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_the_examples_https_settings(tmp_path):
    result = check_deploy(tmp_path, SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no SSL redirect


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def company(db):
    return CompanyFactory(name="北京星光科技有限公司")


PAGES = {
    "home": lambda company: reverse("publicity:home"),
    "company": lambda company: reverse("publicity:company-detail", args=[company.uscc]),
    "search": lambda company: reverse("publicity:search") + "?q=星光",
    "api": lambda company: reverse("api:company-detail", args=[company.uscc]),
    "api-docs": lambda company: reverse("api:docs"),
    "admin-login": lambda company: reverse("admin:login"),
}


@pytest.mark.parametrize("name", PAGES)
def test_every_kind_of_page_says_what_the_browser_may_load_and_use(client, company, name):
    response = client.get(PAGES[name](company))

    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval, no other site
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["style-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"].split(", ")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # Style attributes, by their hash, only in the admin.
    assert ("style-src-attr" in policy) == (name == "admin-login")


def source_hash(text: str) -> str:
    """The CSP source allowing exactly this inline style, as browsers hash it."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def test_the_500_pages_own_style_is_the_one_inline_style_the_policy_allows():
    template = (BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8")
    (css,) = re.findall(r"<style>(.*?)</style>", template, flags=re.DOTALL)

    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == [
        "'self'",
        source_hash(css),
    ], "templates/500.html's CSS changed: put its new hash in CONTENT_SECURITY_POLICY"


def test_the_admins_one_allowed_style_attribute_is_that_of_its_history_pages():
    package = Path(importlib.import_module("simple_history").__file__).parent
    html = package / "templates" / "simple_history" / "object_history_list.html"

    assert 'style="border-top: 0"' in html.read_text(encoding="utf-8")
    assert ADMIN_POLICY_UPDATE == {
        "style-src-attr": ["'unsafe-hashes'", source_hash("border-top: 0")]
    }


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|<style[\s>]|\son[a-z]+=", flags=re.IGNORECASE
)


def test_no_template_of_the_site_has_an_inline_script_or_style():
    offenders = [
        f"{path.relative_to(BASE_DIR)}: {match.group(0).strip()}"
        for path in sorted((BASE_DIR / "templates").rglob("*.html"))
        # 500.html: its <style> is allowed by its hash (above); the credit
        # report's PDF template is read by WeasyPrint, never served to a browser.
        if path.relative_to(BASE_DIR).as_posix()
        not in {"templates/500.html", "templates/publicity/report/pdf.html"}
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- HTTPS behind a TLS proxy ----------------------------------------------------


@pytest.fixture
def behind_tls_proxy(db, settings):
    """The example's HTTPS settings, before the test client's first request (the
    security middleware reads them when it starts)."""
    for name, value in EXAMPLE_HTTPS.items():
        setattr(settings, name, value)


def test_a_request_the_proxy_received_over_https_gets_hsts(client, behind_tls_proxy):
    response = client.get(reverse("publicity:home"), headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_a_request_the_proxy_received_over_http_is_redirected_to_https(client, behind_tls_proxy):
    response = client.get(
        reverse("publicity:search"), {"q": "星光"}, headers={"X-Forwarded-Proto": "http"}
    )

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/search/?q=%E6%98%9F%E5%85%89"


def test_behind_a_tls_proxy_the_api_and_the_report_link_with_https(
    client, company, behind_tls_proxy
):
    # As the proxy passes them on: the address the reader asked for, and its scheme.
    https = {"Host": "testserver", "X-Forwarded-Proto": "https"}

    record = client.get(reverse("api:company-detail", args=[company.uscc]), headers=https).json()
    page = client.get(reverse("publicity:company-detail", args=[company.uscc]), headers=https)

    assert record["url"] == f"https://testserver/api/v1/companies/{company.uscc}/"
    assert f"https://testserver/companies/{company.uscc}/" in page.content.decode()
    assert "http://testserver" not in page.content.decode()


def test_without_the_setting_a_clients_x_forwarded_proto_is_not_believed(client, company):
    assert settings.SECURE_PROXY_SSL_HEADER is None

    record = client.get(
        reverse("api:company-detail", args=[company.uscc]), headers={"X-Forwarded-Proto": "https"}
    ).json()

    assert record["url"].startswith("http://testserver/")
