"""`make audit`: look up every pinned package of the lock files in the advisory
databases, with pip-audit (pinned in requirements-dev.lock).

    .venv/bin/python scripts/audit_dependencies.py requirements.lock requirements-dev.lock

Each lock is audited as it is written (``--no-deps``: every package of the tree
is pinned there; pip-audit does not follow ``-r``, hence one run per file),
against PyPI's advisories, else OSV's. Exit status:

- 1 when a package has a known vulnerability (each is named, with the versions
  that fix it);
- 0 when none has, and also where no advisory source can be reached (no
  network, or a proxy that answers nothing): then the script says so plainly,
  "advisory source unreachable: not audited", rather than passing silently as
  if it had looked; a package the source does not know is listed as not audited;
- 2 when pip-audit fails for another reason (a lock it cannot read...).
"""

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = {"pypi": "PyPI", "osv": "OSV"}
UNREACHABLE = "advisory source unreachable: not audited"
# What requests says when it reaches nothing (pip-audit lets it through), the
# most telling first.
NETWORK_ERRORS = (
    "NameResolutionError",
    "ProxyError",
    "SSLError",
    "ConnectTimeout",
    "ReadTimeout",
    "ConnectionError",
)
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


@dataclass
class Audit:
    """What one advisory source said of one lock file."""

    audited: list[str] = field(default_factory=list)  # "name version"
    not_audited: list[str] = field(default_factory=list)  # "name version: why"
    vulnerable: list[str] = field(default_factory=list)  # one line per advisory


def read_report(report: dict) -> Audit:
    """An ``Audit`` from pip-audit's JSON report (``-f json``)."""
    audit = Audit()
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            audit.not_audited.append(f"{name}: {dependency['skip_reason']}")
            continue
        audit.audited.append(name)
        for vuln in dependency.get("vulns", []):
            ids = ", ".join([vuln["id"], *vuln.get("aliases", [])])
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            audit.vulnerable.append(f"{name}: {ids} (fixed in: {fixed})")
    return audit


def run_pip_audit(lock: str, service: str) -> Audit | str:
    """The audit of ``lock`` by ``service``, or why it could not be had:
    ``UNREACHABLE`` (with the reason), or pip-audit's own error."""
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "report.json"
        result = subprocess.run(
            [
                str(PIP_AUDIT),
                "--requirement",
                lock,
                "--no-deps",
                "--disable-pip",
                "--vulnerability-service",
                service,
                "--format",
                "json",
                "--output",
                str(output),
                "--progress-spinner",
                "off",
                "--timeout",
                "15",
            ],
            capture_output=True,
            text=True,
        )
        if output.exists():
            return read_report(json.loads(output.read_text(encoding="utf-8")))
    for marker in NETWORK_ERRORS:
        if marker in result.stderr:
            return f"{UNREACHABLE} ({marker})"
    error = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
    return f"pip-audit failed (exit {result.returncode}): {error}"


def audit_lock(lock: str, out=sys.stdout) -> int:
    """Audits one lock file, printing what was found; the exit status above."""
    reasons = []
    for service, source in SERVICES.items():
        outcome = run_pip_audit(lock, service)
        if isinstance(outcome, str):
            if not outcome.startswith(UNREACHABLE):
                print(f"{lock}: {outcome}", file=out)
                return 2
            reasons.append(f"{source}: not reached{outcome.removeprefix(UNREACHABLE)}")
            continue
        if not outcome.audited:  # answered, but knew none of the packages
            reasons.append(f"{source}: knew none of the {len(outcome.not_audited)} packages")
            continue
        return report(lock, source, outcome, out)
    print(f"{lock}: {UNREACHABLE}", file=out)
    for reason in reasons:
        print(f"  {reason}", file=out)
    return 0


def report(lock: str, source: str, audit: Audit, out) -> int:
    print(f"{lock}: {len(audit.audited)} packages audited against {source}'s advisories", file=out)
    for line in audit.not_audited:
        print(f"  not audited: {line}", file=out)
    if audit.vulnerable:
        for line in audit.vulnerable:
            print(f"  VULNERABLE: {line}", file=out)
        return 1
    print("  no known vulnerability", file=out)
    return 0


def main(locks: list[str]) -> int:
    if not PIP_AUDIT.exists():
        print(f"{PIP_AUDIT} is missing: install requirements-dev.lock (make audit does).")
        return 2
    return max(audit_lock(lock) for lock in locks or ["requirements.lock"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
