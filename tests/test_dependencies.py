"""The locks: production installs requirements.lock, which holds everything the
site runs and imports (the demo data's Faker included) and no test tool;
requirements-dev.lock adds the tools on top of it; both agree with
pyproject.toml. `make audit` says plainly when it could not audit."""

import ast
import importlib.util
import io
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OWN_PACKAGES = {"publicity", "registry", "tests", "bench"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, str]:
    """``{name: version}`` of a lock's ``name==version`` lines."""
    found = {}
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "-r")):
            name, version = line.split("==")
            found[normalized(name)] = version.strip()
    return found


def declared(group: str | None) -> dict[str, str]:
    """pyproject.toml's runtime dependencies (``group=None``) or an extra's."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {
        normalized(re.sub(r"\[.*\]", "", name)): version
        for name, version in (line.split("==") for line in lines)
    }


def imported_distributions(*directories: str) -> dict[str, set[str]]:
    """``{distribution: {module that imports it}}`` for every third-party
    module imported by the code in ``directories``, and every app and
    middleware the settings name."""
    modules, local = {}, set(OWN_PACKAGES)
    for directory in directories:
        # Scripts import their neighbours by name (bench/web.py: import seed).
        local |= {path.stem for path in (ROOT / directory).rglob("*.py")}
        for path in (ROOT / directory).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    modules.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    for dotted in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        modules.setdefault(dotted.split(".")[0], set()).add("publicity/settings.py")
    distributions = packages_distributions()
    found = {}
    for module, importers in modules.items():
        if module in sys.stdlib_module_names or module in local:
            continue
        for distribution in distributions.get(module, [module]):
            found.setdefault(normalized(distribution), set()).update(importers)
    return found


def test_every_package_the_site_imports_is_in_the_runtime_lock():
    runtime = pins("requirements.lock")

    missing = {
        distribution: sorted(importers)[:3]
        for distribution, importers in imported_distributions("publicity", "registry").items()
        if distribution not in runtime
    }

    assert missing == {}
    assert "faker" in runtime  # manage.py seed_demo (make demo) runs on the runtime lock


def test_the_runtime_lock_holds_no_test_or_development_tool():
    development = set(declared("dev"))

    assert development & set(pins("requirements.lock")) == set()
    assert {"pytest", "playwright", "ruff", "factory-boy", "pip-audit"} <= development


def test_the_development_lock_adds_the_tools_to_the_runtime_lock():
    lines = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8").splitlines()
    runtime, development = pins("requirements.lock"), pins("requirements-dev.lock")

    assert [line for line in lines if line.startswith("-r")] == ["-r requirements.lock"]
    assert set(runtime) & set(development) == set()  # each package pinned once
    for name, version in declared(None).items():
        assert runtime.get(name) == version, name
    for name, version in declared("dev").items():
        assert development.get(name) == version, name
    for distribution in imported_distributions("tests", "bench", "scripts"):
        assert distribution in runtime or distribution in development, distribution


# --- make audit -------------------------------------------------------------------

AUDIT_SCRIPT = ROOT / "scripts" / "audit_dependencies.py"


def audit_module():
    spec = importlib.util.spec_from_file_location("audit_dependencies", AUDIT_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_audit_says_plainly_that_it_did_not_audit_when_no_advisory_source_answers():
    # A proxy that refuses every connection: PyPI and OSV alike are out of reach.
    closed = "http://127.0.0.1:9"
    environment = {**os.environ, "HTTPS_PROXY": closed, "HTTP_PROXY": closed, "NO_PROXY": ""}

    result = subprocess.run(
        [sys.executable, str(AUDIT_SCRIPT), "requirements.lock"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        "requirements.lock: advisory source unreachable: not audited"
    )
    assert "PyPI: not reached" in result.stdout
    assert "OSV: not reached" in result.stdout


def test_a_known_vulnerability_fails_the_audit_and_names_the_fixed_version():
    audit = audit_module()
    # pip-audit's JSON report (-f json), as it writes it for one advisory.
    found = audit.read_report(
        {
            "dependencies": [
                {
                    "name": "django",
                    "version": "5.2.19",
                    "vulns": [
                        {
                            "id": "PYSEC-2099-1",
                            "aliases": ["CVE-2099-1"],
                            "fix_versions": ["5.2.20"],
                        }
                    ],
                },
                {"name": "faker", "version": "40.63.0", "vulns": []},
                {"name": "private-package", "skip_reason": "Dependency not found on PyPI"},
            ],
            "fixes": [],
        }
    )
    out = io.StringIO()

    status = audit.report("requirements.lock", "PyPI", found, out)

    assert status == 1
    assert out.getvalue().splitlines() == [
        "requirements.lock: 2 packages audited against PyPI's advisories",
        "  not audited: private-package: Dependency not found on PyPI",
        "  VULNERABLE: django 5.2.19: PYSEC-2099-1, CVE-2099-1 (fixed in: 5.2.20)",
    ]
