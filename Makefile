# Two commands, on a fresh machine or an old one:
#
#   make demo   set up, load demo data once, print the admin login (password and
#               authenticator secret), serve the site on http://127.0.0.1:8000/
#               (SQLite in var/, DEBUG on)
#   make demo-code  print a fresh 6-digit code for the demo admin's second factor
#               (WHO=maker, checker or clerk: for a demo staff account)
#   make test   set up, install PostgreSQL 15, Redis, HAProxy, chromium, Java, Node, and Pango and
#               fonts-noto-cjk (the PDF credit report) if missing,
#               and the npm test tools (axe-core, vnu-jar), then run every check
#               CI runs (scripts/run_tests.sh); .ci/run calls this
#   make faults the fault suite (scripts/fault_suite.py, docs/reliability.md): the
#               site under a database restart, a Redis stop, a full disk and a
#               killed import; run before a release (SHORT=1: a shorter run)
#   make bench N=1000000
#               the web benchmark (bench/web.py): seed N companies on PostgreSQL
#               once, serve under gunicorn, measure with wrk, print the table
#   make bench-replicas N_REPLICAS=20000
#               the primary alone against HAProxy, two app processes and a
#               streaming replica, and the replica stopped mid-run (bench/replicas.py)
#   make audit  look up every pinned package of requirements.lock and
#               requirements-dev.lock in the advisory databases (pip-audit: PyPI,
#               else OSV); fails on a known vulnerability; where neither can be
#               reached, says "advisory source unreachable: not audited" and passes
#
# make demo, demo-code and bench install the runtime lock (requirements.lock)
# into .venv; make test and audit the development lock (requirements-dev.lock:
# the runtime lock and the test tools). Production installs requirements.lock only.
#
# Targets whose names start with an underscore are helpers, not meant to be typed.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DELETE_ON_ERROR:

# The venv's Python: 3.11, as pyproject.toml requires.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
# Newer than the lock once `pip install -r` has run: the runtime lock, and the
# development lock (which includes the runtime lock).
INSTALLED := $(VENV)/.runtime-installed
DEV_INSTALLED := $(VENV)/.dev-installed
# Newer than package-lock.json once `npm ci` has run: the test tools axe-core and
# vnu-jar (the site itself has no Node build).
NPM_INSTALLED := node_modules/.npm-ci-done

# Extra pytest arguments for both runs, e.g. make test PYTEST_ARGS="-n 2 -x".
PYTEST_ARGS ?=

DEMO_COMPANIES ?= 10000
DEMO_SEED ?= 1
DEMO_ADDRESS ?= 127.0.0.1:8000
# The demo always runs on the embedded default: SQLite in var/, DEBUG on.
DEMO_MANAGE := env -u DATABASE_URL DEBUG=true $(VENV)/bin/python manage.py

# Debian packages `make test` needs, each checked by a file it installs.
PG_INITDB := /usr/lib/postgresql/15/bin/initdb
CHROMIUM := /usr/bin/chromium
# The rate limits' Redis tests run against a throwaway redis-server
# (scripts/redis_server.sh, started by scripts/run_tests.sh).
REDIS_SERVER := /usr/bin/redis-server
# The reverse proxy in front of two app processes (deploy/haproxy.cfg), started
# by the replica tests (tests/replicas/) and bench/replicas.py.
HAPROXY := /usr/sbin/haproxy
# The credit report's PDF (WeasyPrint, publicity/reports): Pango, and the CJK font
# its Chinese is set in (fonts-noto-cjk). Production needs these three too.
NOTO_CJK := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.DEFAULT_GOAL := _usage
.PHONY: _usage demo demo-code test faults bench bench-replicas audit _demo-address _pdf-packages _venv _venv-dev _system-packages _npm

_usage:
	@sed -n '1,/^$$/p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

demo: _demo-address _pdf-packages _venv
	@mkdir -p "$${VAR_DIR:-var}"
	$(DEMO_MANAGE) migrate --no-input
	$(DEMO_MANAGE) createcachetable
	companies=$$($(DEMO_MANAGE) demo_status --company-count)
	if [ "$$companies" -eq 0 ]; then
	    echo "Loading demo data: $(DEMO_COMPANIES) companies (seed $(DEMO_SEED))..."
	    $(DEMO_MANAGE) seed_demo --companies $(DEMO_COMPANIES) --seed $(DEMO_SEED)
	else
	    echo "Reusing the demo data already in the database ($$companies companies)."
	fi
	$(DEMO_MANAGE) demo_admin --site-url http://$(DEMO_ADDRESS)
	$(DEMO_MANAGE) demo_staff
	echo "Serving on http://$(DEMO_ADDRESS)/ (Ctrl-C stops it)."
	exec $(DEMO_MANAGE) runserver $(DEMO_ADDRESS)

# Before the minutes of set-up: is DEMO_ADDRESS free to serve on?
_demo-address:
	@$(PYTHON) scripts/address_free.py "$(DEMO_ADDRESS)" || {
	    echo "Choose another address, e.g. make demo DEMO_ADDRESS=127.0.0.1:8001" >&2
	    exit 1
	}

# The credit report's PDF needs Pango and a CJK font (Debian packages). The demo
# installs them when it can; without them it runs, and a report asked for says
# reports are unavailable.
_pdf-packages:
	@missing=()
	[ -f $(NOTO_CJK) ] || missing+=(fonts-noto-cjk)
	libraries=$$(/sbin/ldconfig -p)
	grep -q 'libpango-1.0.so.0 ' <<<"$$libraries" || missing+=(libpango-1.0-0)
	grep -q 'libpangoft2-1.0.so.0 ' <<<"$$libraries" || missing+=(libpangoft2-1.0-0)
	[ $${#missing[@]} -eq 0 ] && exit 0
	sudo=()
	if [ "$$(id -u)" -ne 0 ]; then
	    command -v sudo >/dev/null || { echo "PDF reports off: not root and no sudo to install $${missing[*]}." >&2; exit 0; }
	    sudo=(sudo)
	fi
	echo "Installing Debian packages for the PDF reports: $${missing[*]}"
	{ "$${sudo[@]}" apt-get update -q && "$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends "$${missing[@]}"; } \
	    || echo "PDF reports off: could not install $${missing[*]}." >&2

demo-code: _venv
	@if [ -n "$(WHO)" ]; then $(DEMO_MANAGE) demo_staff --code "$(WHO)"; else $(DEMO_MANAGE) demo_admin --code; fi

test: _venv-dev _system-packages _npm
	@scripts/run_tests.sh $(PYTEST_ARGS)

faults: _venv-dev _system-packages
	@command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y -q wrk >/dev/null; }
	$(VENV)/bin/python scripts/fault_suite.py $(if $(SHORT),--short) $(if $(FAULTS_JSON),--json $(FAULTS_JSON))

# Companies for `make bench` (bench/README.md); the seeded cluster is kept in
# BENCH_CLUSTER for the next run with the same N.
N ?= 1000000
BENCH_CLUSTER ?= /tmp/pg-bench
bench: _venv
	@$(VENV)/bin/python bench/web.py --companies $(N) --cluster $(BENCH_CLUSTER)

# The primary alone against HAProxy, two app processes and a replica (bench/replicas.py).
N_REPLICAS ?= 20000
bench-replicas: _venv _system-packages
	@command -v wrk >/dev/null || { echo "Installing wrk"; apt-get install -y -q wrk >/dev/null; }
	$(VENV)/bin/python bench/replicas.py --companies $(N_REPLICAS)

audit: _venv-dev
	@$(VENV)/bin/python scripts/audit_dependencies.py requirements.lock requirements-dev.lock

_venv: $(INSTALLED)

_venv-dev: $(DEV_INSTALLED)

$(VENV)/bin/python:
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.lock | $(VENV)/bin/python
	@echo "Installing requirements.lock into $(VENV)"
	$(VENV)/bin/pip install --no-input --disable-pip-version-check -r requirements.lock
	touch $@

$(DEV_INSTALLED): requirements-dev.lock requirements.lock | $(VENV)/bin/python
	@echo "Installing requirements-dev.lock (requirements.lock and the test tools) into $(VENV)"
	$(VENV)/bin/pip install --no-input --disable-pip-version-check -r requirements-dev.lock
	touch $@ $(INSTALLED)

_npm: $(NPM_INSTALLED)

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the
# system's Java (default-jre-headless) runs it.
$(NPM_INSTALLED): package-lock.json package.json | _system-packages
	@echo "Installing the npm test tools (npm ci)"
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

_system-packages:
	@missing=()
	[ -x $(PG_INITDB) ] || missing+=(postgresql-15)
	[ -x $(CHROMIUM) ] || missing+=(chromium)
	[ -x $(REDIS_SERVER) ] || missing+=(redis-server)
	[ -x $(HAPROXY) ] || missing+=(haproxy)
	command -v java >/dev/null || missing+=(default-jre-headless)
	command -v node >/dev/null || missing+=(nodejs)
	command -v npm >/dev/null || missing+=(npm)
	[ -f $(NOTO_CJK) ] || missing+=(fonts-noto-cjk)
	libraries=$$(/sbin/ldconfig -p)
	grep -q 'libpango-1.0.so.0 ' <<<"$$libraries" || missing+=(libpango-1.0-0)
	grep -q 'libpangoft2-1.0.so.0 ' <<<"$$libraries" || missing+=(libpangoft2-1.0-0)
	if [ $${#missing[@]} -gt 0 ]; then
	    echo "Installing Debian packages: $${missing[*]}"
	    sudo=()
	    if [ "$$(id -u)" -ne 0 ]; then
	        command -v sudo >/dev/null || { echo "Not root and no sudo: install $${missing[*]} by hand." >&2; exit 1; }
	        sudo=(sudo)
	    fi
	    "$${sudo[@]}" apt-get update -q
	    "$${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$${missing[@]}"
	fi
