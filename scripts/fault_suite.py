"""The fault suite: the site under faults an operator will meet, and what its
users got. Run before a release (``make faults``; ``make faults SHORT=1`` for
the short version CI may run); docs/reliability.md records the results.

Each scenario runs against a throwaway PostgreSQL cluster
(``scripts/pg_cluster.sh``) seeded with ``seed_demo``, the site under gunicorn
with the production settings (DEBUG off), and prints what clients got:

1. **database**: PostgreSQL stopped (``pg_ctl stop -m fast``) for a third of a
   wrk run and started again, while wrk loads a mix of pages (kept company
   pages, searches, the penalties page, the API, ``/readyz``), a prober asks
   for each kind of page every 0.1 s and notes its status before, during and
   after the outage, and a clerk saves a penalty through the admin (Django's
   whole stack: login with the second factor, the add form) every 0.2 s.
   Afterwards: every save the admin confirmed is in the database exactly once,
   and the lines the site logged during the outage are counted.
2. **redis**: the same load with ``REDIS_URL`` set (the page cache, the limits
   and the throttles in Redis), Redis stopped for a third of the run (where
   ``redis-server`` is installed).
3. **full disk**: ``export_dumps`` into a tmpfs (mounted as root) with room for
   one dump but not two: the second run must fail with a clear message and
   leave the first dump and ``latest`` as they were.
4. **killed import**: ``import_records penalties`` killed (SIGKILL) halfway
   through: nothing of it may remain; run again, it imports every row once;
   a third run changes nothing.
"""

import argparse
import collections
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_CLUSTER = str(ROOT / "scripts" / "pg_cluster.sh")
PG_CTL = "/usr/lib/postgresql/15/bin/pg_ctl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(args, env, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, **kwargs)


def shell(env, code: str) -> str:
    out = manage(["shell", "-c", code], env, check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1] if out.strip() else ""


class Cluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.url = subprocess.run(
            [PG_CLUSTER, "start", str(folder)], check=True, capture_output=True, text=True
        ).stdout.strip()

    def _ctl(self, *args):
        owner = (self.folder / "data").owner()
        as_owner = ["runuser", "-u", owner, "--"] if os.geteuid() == 0 else []
        data, log = self.folder / "data", self.folder / "postgres.log"
        command = [*as_owner, PG_CTL, f"--pgdata={data}", f"--log={log}", "--wait", *args]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        self._ctl("--mode=fast", "stop")

    def start(self):
        self._ctl("start")

    def remove(self):
        subprocess.run([PG_CLUSTER, "stop", str(self.folder)], check=False)


# --- Load, probes and a clerk ------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%s}
local i = 0
function setup(thread) table.insert(threads, thread) end
threads = {}
function init(args) i = math.random(#paths) tally = {} end
function request() i = i + 1 return wrk.format("GET", paths[(i %% #paths) + 1]) end
function response(status) tally[status] = (tally[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local counts = t:get("tally")
    for status, n in pairs(counts) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("STATUS %%d %%d\\n", status, n)) end
end
"""


def wrk(base: str, paths: list[str], seconds: int, work: Path) -> dict:
    script = work / "load.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
        capture_output=True,
        text=True,
    ).stdout
    tally = collections.Counter()
    for line in out.splitlines():
        if line.startswith("STATUS "):
            _, status, n = line.split()
            tally[int(status)] += int(n)
    errors = [line.strip() for line in out.splitlines() if "Socket errors" in line]
    return {"statuses": dict(tally), "socket_errors": errors}


class Prober(threading.Thread):
    """Asks for each kind of page every 0.1 s; statuses by phase and kind."""

    def __init__(self, base: str, kinds: dict[str, str]):
        super().__init__(daemon=True)
        self.base, self.kinds = base, kinds
        self.phase = "before"
        self.seen = collections.defaultdict(collections.Counter)
        self.stale = collections.Counter()
        self.running = True

    def run(self):
        while self.running:
            for kind, path in self.kinds.items():
                status, _body, headers = fetch(self.base + path)
                self.seen[(self.phase, kind)][status] += 1
                # A kept page served while the database is away: "110 - Response is Stale".
                if status == 200 and headers.get("Warning", "").startswith("110"):
                    self.stale[(self.phase, kind)] += 1
            time.sleep(0.1)


def fetch(url: str) -> tuple[int | str, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    except OSError as error:
        return type(error).__name__, b"", {}


CLERK = """
import json, sys, time
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
from tests.otp import login_with_otp
from django.contrib.auth import get_user_model
from registry.models import Company
client = Client(raise_request_exception=False)
login_with_otp(client, get_user_model().objects.get(username="fault-clerk"))
company = Company.objects.filter(registration_authority__isnull=False).first()
deadline = time.monotonic() + float(sys.argv[1])
n = 0
while time.monotonic() < deadline:
    n += 1
    number = f"故障测试罚〔2026〕{n}号"
    data = {"decision_number": number, "company": company.pk, "violation_type": "food_safety",
            "violation_facts": "销售超过保质期的食品", "legal_basis": "《食品安全法》",
            "penalty_content": "罚款人民币二万元", "categories": ["fine"], "fine_amount": "20000",
            "severity": "general", "decided_on": "2026-11-02"}
    try:
        status = client.post(reverse("admin:registry_penalty_add"), data).status_code
    except Exception as error:
        status = type(error).__name__
    print(json.dumps({"number": number, "status": status}), flush=True)
    time.sleep(0.2)
"""


def clerk(env, seconds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-c", CLERK, str(seconds)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "publicity.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def check_clerk(env, lines: list[str]) -> dict:
    saves = [json.loads(line) for line in lines if line.startswith("{")]
    confirmed = [s["number"] for s in saves if s["status"] == 302]
    refused = [s["number"] for s in saves if s["status"] != 302]
    counts = json.loads(
        shell(
            env,
            "import json; from registry.models import Penalty; from django.db.models import Count; "
            "print(json.dumps(dict(Penalty.objects.filter(decision_number__startswith='故障测试罚')"
            ".values_list('decision_number').annotate(n=Count('id')))))",
        )
    )
    return {
        "attempts": len(saves),
        "confirmed": len(confirmed),
        "refused": dict(collections.Counter(str(s["status"]) for s in saves if s["status"] != 302)),
        "confirmed_missing": sum(1 for n in confirmed if counts.get(n, 0) == 0),
        "duplicated": sum(1 for n in counts.values() if n > 1),
        "refused_but_stored": sum(1 for n in refused if counts.get(n, 0) > 0),
    }


# --- The scenarios ------------------------------------------------------------------------


def site_env(url: str, **extra) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "fault-suite",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SEARCH_RATE_LIMIT": "0",
        "API_RATE_LIMIT": "0",
        "PLAIN_STATIC_STORAGE": "true",
        **extra,
    }
    env.pop("DEBUG", None)
    return env


def serve(env, work: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    log = work / f"gunicorn-{port}.log"
    master = subprocess.Popen(
        [
            GUNICORN,
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "publicity.wsgi:application",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if fetch(base + "/healthz")[0] == 200 or fetch(base + "/")[0] == 200:
            break
        time.sleep(0.2)
    return master, base, log


def pages(env) -> dict[str, str]:
    codes = shell(
        env,
        "from registry.models import Penalty; print(' '.join(Penalty.objects.public()"
        ".values_list('company__uscc', flat=True).distinct()[:20]))",
    ).split()
    return {
        "company page": f"/companies/{codes[0]}/",
        "search": "/search/?q=%E6%9C%89%E9%99%90",
        "penalties": "/penalties/",
        "API company": f"/api/v1/companies/{codes[0]}/",
        "readyz": "/readyz",
    }, codes


def outage(name, env, work, seconds, stop, start) -> dict:
    """Load for ``seconds``; ``stop()`` at a third, ``start()`` at two thirds."""
    master, base, log = serve(env, work)
    try:
        kinds, codes = pages(env)
        mix = [f"/companies/{c}/" for c in codes] + list(kinds.values())
        for path in mix:  # every page kept once before the fault
            fetch(base + path)
        prober = Prober(base, kinds)
        prober.start()
        writer = clerk(env, seconds) if name == "database" else None
        load = threading.Thread(target=lambda: result.update(wrk(base, mix, seconds, work)))
        result: dict = {}
        load.start()
        time.sleep(seconds / 3)
        lines_before = len(log.read_text().splitlines())
        prober.phase = "during"
        stop()
        time.sleep(seconds / 3)
        during = log.read_text().splitlines()[lines_before:]
        lines_during = len(during)
        start()
        prober.phase = "after"
        load.join()
        time.sleep(2)
        prober.running = False
        prober.join()
        result["log_lines_during"] = lines_during
        # What was logged, each kind of line once (numbers and addresses masked).
        kinds = collections.Counter(re.sub(r"[0-9a-f]{6,}|\d+", "#", line)[:160] for line in during)
        result["log_kinds_during"] = dict(kinds.most_common(8))
        result["probes"] = {f"{p} / {k}": dict(c) for (p, k), c in sorted(prober.seen.items())}
        result["stale"] = {f"{p} / {k}": n for (p, k), n in sorted(prober.stale.items())}
        if writer is not None:
            result["clerk"] = check_clerk(env, writer.communicate(timeout=120)[0].splitlines())
        return result
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=60)


def database_scenario(cluster, env, work, seconds):
    return outage("database", env, work, seconds, cluster.stop, cluster.start)


def redis_scenario(env, work, seconds):
    if not Path("/usr/bin/redis-server").exists():
        return {"skipped": "redis-server is not installed (apt-get install redis-server)"}
    port = free_port()
    folder = work / "redis"
    folder.mkdir()

    def start():
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(folder),
                "--pidfile",
                str(folder / "redis.pid"),
            ],  # fmt: skip
            check=True,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop():
        os.kill(int((folder / "redis.pid").read_text()), signal.SIGTERM)
        time.sleep(0.5)

    start()
    try:
        return outage("redis", {**env, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, work,
                      seconds, stop, start)  # fmt: skip
    finally:
        if (folder / "redis.pid").exists():
            stop()


def full_disk_scenario(env, work) -> dict:
    if os.geteuid() != 0:
        return {"skipped": "needs root to mount a tmpfs"}
    probe = work / "dump-size"
    manage(["export_dumps", str(probe)], env, check=True, capture_output=True)
    size = sum(f.stat().st_size for f in probe.rglob("*") if f.is_file())
    mount = work / "small-disk"
    mount.mkdir()
    room = int(size * 1.5) + 64 * 1024
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={room}", "tmpfs", str(mount)], check=True)
    try:
        first = manage(["export_dumps", str(mount), "--today", "2026-01-01"], env,
                       capture_output=True, text=True)  # fmt: skip
        latest_before = os.readlink(mount / "latest") if (mount / "latest").exists() else None
        second = manage(["export_dumps", str(mount), "--today", "2026-01-02"], env,
                        capture_output=True, text=True)  # fmt: skip
        latest_after = os.readlink(mount / "latest") if (mount / "latest").exists() else None
        left = sorted(p.name for p in mount.iterdir())
        manifest_ok = (mount / "latest" / "manifest.json").exists()
        return {
            "room_bytes": room,
            "first_exit": first.returncode,
            "second_exit": second.returncode,
            "second_message": (second.stderr.strip().splitlines() or [""])[-1][:200],
            "latest_kept": latest_before == latest_after and manifest_ok,
            "left_in_directory": left,
        }
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def killed_import_scenario(env, work, rows) -> dict:
    import import_records as bench_import  # bench/import_records.py

    (work / "import").mkdir()
    files = bench_import.write_files(work / "import", rows)
    manage(["import_records", "agencies", str(files["agencies"])], env, check=True,
           capture_output=True)  # fmt: skip
    manage(["import_records", "companies", str(files["companies"])], env, check=True,
           capture_output=True)  # fmt: skip
    count = "from registry.models import Penalty; print(Penalty.objects.count())"
    before = int(shell(env, count))
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "manage.py", "import_records", "penalties",
                                str(files["penalties"])], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(max(3.0, rows / 400))  # about halfway at ~200 rows/s
    killed_after = time.perf_counter() - started
    still_running = process.poll() is None
    process.kill()
    process.wait()
    after_kill = int(shell(env, count))
    again = manage(["import_records", "penalties", str(files["penalties"])], env,
                   capture_output=True, text=True)  # fmt: skip
    after_rerun = int(shell(env, count))
    third = manage(["import_records", "penalties", str(files["penalties"])], env,
                   capture_output=True, text=True)  # fmt: skip
    after_third = int(shell(env, count))
    return {
        "rows": rows,
        "killed_after_s": round(killed_after, 1),
        "was_running_when_killed": still_running,
        "left_by_killed_run": after_kill - before,
        "rerun_exit": again.returncode,
        "added_by_rerun": after_rerun - before,
        "third_run_exit": third.returncode,
        "added_by_third_run": after_third - after_rerun,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="shorter runs (CI)")
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--json", help="write the results there as JSON")
    parser.add_argument("--only", action="append", help="this scenario only (repeatable)")
    options = parser.parse_args()
    seconds, rows = (15, 600) if options.short else (45, 3000)
    work = Path(tempfile.mkdtemp(prefix="fault-suite-"))
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="fault-suite-pg-")))
    results = {}
    try:
        env = site_env(cluster.url)
        manage(["migrate", "-v", "0"], env, check=True)
        manage(["createcachetable"], env, check=True)
        manage(["seed_demo", "--companies", str(options.companies), "--seed", "1"], env,
               check=True, capture_output=True)  # fmt: skip
        shell(
            env,
            "from registry.models import Agency; from tests.staff import make_staff; "
            "make_staff(Agency.objects.filter(kind='market_regulation').first(), 'fault-clerk')",
        )
        for name, run in (
            ("database", lambda: database_scenario(cluster, env, work, seconds)),
            ("redis", lambda: redis_scenario(env, work, seconds)),
            ("full disk", lambda: full_disk_scenario(env, work)),
            ("killed import", lambda: killed_import_scenario(env, work, rows)),
        ):
            if options.only and name not in options.only:
                continue
            print(f"== {name}", flush=True)
            results[name] = run()
            print(json.dumps(results[name], indent=2, ensure_ascii=False), flush=True)
    finally:
        cluster.remove()
        subprocess.run(["rm", "-rf", str(work)], check=False)
    if options.json:
        Path(options.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    failures = verdicts(results)
    for line in failures:
        print("FAILED:", line)
    sys.exit(1 if failures else 0)


def verdicts(results) -> list[str]:
    """What must hold whatever else happened: no 500 during an outage, no
    write lost, duplicated or half-done."""
    found = []
    for name in ("database", "redis"):
        got = results.get(name, {})
        if "statuses" in got and got["statuses"].get(500):
            found.append(f"{name}: {got['statuses'][500]} answers were 500")
        clerk = got.get("clerk")
        if clerk and (clerk["confirmed_missing"] or clerk["duplicated"]):
            found.append(f"{name}: admin writes lost or duplicated: {clerk}")
    disk = results.get("full disk", {})
    if "second_exit" in disk and (disk["second_exit"] == 0 or not disk["latest_kept"]):
        found.append(f"full disk: {disk}")
    imported = results.get("killed import", {})
    if imported and (
        imported["left_by_killed_run"]
        or imported["added_by_rerun"] != imported["rows"]
        or imported["added_by_third_run"]
    ):
        found.append(f"killed import: {imported}")
    return found


if __name__ == "__main__":
    main()
