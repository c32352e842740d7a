"""The site beyond one machine, for real on loopback (scripts/replica_stack.py):
a PostgreSQL primary of these tests' own, seeded, its streaming replica, Redis,
two gunicorn processes behind HAProxy (deploy/haproxy.cfg), and a third app
process on the primary alone, to compare pages with."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from replica_stack import GUNICORN, PG_CLUSTER, Stack, fetch, free_port  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
COMPANIES = 300
# A replica is left out once it is this many seconds behind (the tests make one lag).
MAX_LAG_SECONDS = 6
# The JSON API's limit a minute, per client: shared by both app processes.
API_LIMIT = 10
STACK_ENV = {
    "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG_SECONDS),
    "REPLICA_CHECK_SECONDS": "1",
    "REPLICA_RETRY_SECONDS": "2",
    "API_RATE_LIMIT": str(API_LIMIT),
    "SEARCH_RATE_LIMIT": "0",
    # Pages kept as in production (the test settings turn the page cache off).
    "COMPANY_PAGE_CACHE_SECONDS": "600",
    "SEARCH_PAGE_CACHE_SECONDS": "60",
}


def manage(url, *args, stdin=None) -> str:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "replica-stack"}
    for name in ("DATABASE_REPLICA_URLS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def primary():
    directory = tempfile.mkdtemp(prefix="replicas-pg-")
    try:
        url = subprocess.run(
            [PG_CLUSTER, "start", directory], check=True, capture_output=True, text=True
        ).stdout.strip()
        manage(url, "migrate", "--no-input", "-v0")
        manage(url, "createcachetable")
        manage(url, "seed_demo", "--companies", str(COMPANIES), "--seed", "3")
        yield directory, url
    finally:
        subprocess.run([PG_CLUSTER, "stop", directory], check=False)


@pytest.fixture(scope="module")
def stack(primary):
    directory, _url = primary
    started = Stack(directory, extra_env=STACK_ENV).start()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def primary_alone(primary, stack):
    """One app process with DATABASE_URL only: the site as it was."""
    _directory, url = primary
    port = free_port()
    env = {**stack.env(), "GUNICORN_WORKERS": "1", **STACK_ENV}
    for name in ("DATABASE_REPLICA_URLS", "REDIS_URL", "TRUSTED_PROXY_COUNT"):
        env.pop(name)
    app = subprocess.Popen(
        [
            GUNICORN,
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "publicity.wsgi:application",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=open(stack.work / "alone.log", "a"),
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        stack._wait(lambda: fetch(address + "/healthz")[0] == 200, "the app on the primary alone")
        yield address
    finally:
        app.terminate()
        app.wait(30)


@pytest.fixture(scope="module")
def companies(primary) -> list[str]:
    _directory, url = primary
    codes = Stack.sql(url, "SELECT uscc FROM registry_company ORDER BY id LIMIT 12")
    return codes.split()


@pytest.fixture(scope="module")
def staff_session(primary) -> str:
    """The session key of a logged-in member of staff."""
    _directory, url = primary
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.create_user('clerk', password='x', is_staff=True)\n"
        "session = SessionStore()\n"
        "session['_auth_user_id'] = str(user.pk)\n"
        "session['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session['_auth_user_hash'] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(session.session_key)\n"
    )
    return manage(url, "shell", stdin=code).strip().splitlines()[-1]


def move_company(url: str, code: str, address: str):
    """A write on the primary through the registry's service: a new address."""
    script = (
        "from registry.models import Company\n"
        "from registry.services.registration import company_upsert\n"
        f"c = Company.objects.get(uscc={code!r})\n"
        "company_upsert(code=c.uscc, name=c.name, entity_type=c.entity_type,"
        " name_en=c.name_en, legal_representative_name=c.legal_representative_name,"
        " registered_capital=c.registered_capital, currency=c.currency,"
        " established_on=c.established_on, term_start=c.term_start, term_end=c.term_end,"
        " status=c.status, region=c.region, industry=c.industry,"
        " business_scope=c.business_scope, registration_authority=c.registration_authority,"
        f" address={address!r}, change_reason='moved')\n"
    )
    manage(url, "shell", stdin=script)
