"""The site beyond one machine, on loopback: a PostgreSQL primary and its
streaming replica, Redis, two app processes and HAProxy in front of them
(docs/scaling.md). For the tests (tests/replicas/) and bench/replicas.py.

    .venv/bin/python scripts/replica_stack.py PRIMARY_DIR

starts a replica of the started, migrated cluster in PRIMARY_DIR
(``scripts/pg_cluster.sh start``), Redis, two gunicorn processes
(gunicorn.conf.py) with ``DATABASE_REPLICA_URLS`` and ``REDIS_URL`` set, and
HAProxy (deploy/haproxy.cfg), prints the addresses and serves until Ctrl-C;
then stops and deletes all it started (not the primary).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_CLUSTER = str(ROOT / "scripts" / "pg_cluster.sh")
REDIS_SERVER = str(ROOT / "scripts" / "redis_server.sh")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HAPROXY_CONFIG = str(ROOT / "deploy" / "haproxy.cfg")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers=None, timeout=10.0):
    """(status, body, headers) of a GET; status 0 when nothing answered."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers
    except (OSError, urllib.error.URLError):
        return 0, b"", {}


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


class Stack:
    def __init__(self, primary_dir, *, work=None, workers=1, extra_env=None, ports=None):
        self.primary_dir = str(primary_dir)
        self.primary_url = _run(PG_CLUSTER, "url", self.primary_dir)
        # In /tmp itself: the server's user must reach the replica's directory.
        self.own_work = work is None
        self.work = Path(work or tempfile.mkdtemp(prefix="replica-stack-"))
        self.replica_dir = tempfile.mkdtemp(prefix="replica-pg-")
        self.redis_dir = tempfile.mkdtemp(prefix="replica-redis-")
        ports = dict(ports or {})
        self.ports = {name: ports.get(name) or free_port() for name in ("replica", "proxy")}
        self.app_ports = ports.get("apps") or [free_port(), free_port()]
        self.workers, self.extra_env = workers, dict(extra_env or {})
        self.replica_url = self.redis_url = None
        self.apps: list[subprocess.Popen | None] = [None, None]
        self.proxy = None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.ports['proxy']}"

    def app_address(self, number: int) -> str:
        return f"http://127.0.0.1:{self.app_ports[number]}"

    def env(self) -> dict:
        env = {
            **os.environ,
            "SECRET_KEY": "replica-stack",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "PLAIN_STATIC_STORAGE": "true",
            "DATABASE_URL": self.primary_url,
            "DATABASE_REPLICA_URLS": self.replica_url,
            "REDIS_URL": self.redis_url,
            "TRUSTED_PROXY_COUNT": "1",
            "GUNICORN_WORKERS": str(self.workers),
            **self.extra_env,
        }
        for name in ("DEBUG", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE_FRESHNESS"):
            if name not in self.extra_env:
                env.pop(name, None)
        return env

    def start(self):
        try:
            port = str(self.ports["replica"])
            self.replica_url = _run(PG_CLUSTER, "replica", self.primary_dir, self.replica_dir, port)
            self.redis_url = _run(REDIS_SERVER, "start", self.redis_dir)
            for number in (0, 1):
                self.start_app(number)
            self.start_proxy()
        except BaseException:
            self.stop()
            raise
        return self

    def start_app(self, number: int):
        port = self.app_ports[number]
        log = open(self.work / f"app{number + 1}.log", "a")
        self.apps[number] = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "publicity.wsgi:application",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait(lambda: fetch(self.app_address(number) + "/healthz")[0] == 200, "app")

    def stop_app(self, number: int):
        app, self.apps[number] = self.apps[number], None
        if app is not None and app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(30)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()

    def start_proxy(self):
        env = {
            **os.environ,
            "PROXY_BIND": f"127.0.0.1:{self.ports['proxy']}",
            "APP1_ADDRESS": f"127.0.0.1:{self.app_ports[0]}",
            "APP2_ADDRESS": f"127.0.0.1:{self.app_ports[1]}",
        }
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.proxy = subprocess.Popen(
            [haproxy, "-db", "-f", HAPROXY_CONFIG],
            env=env,
            stdout=open(self.work / "haproxy.log", "a"),
            stderr=subprocess.STDOUT,
        )
        self._wait(lambda: self.served_by() >= {"app1", "app2"}, "HAProxy")

    def served_by(self, tries=4) -> set:
        """The app processes that answered ``tries`` requests through the proxy."""
        return {
            fetch(self.address + "/healthz")[2].get("X-Served-By", "") for _ in range(tries)
        } - {""}

    def halt_replica(self):
        _run(PG_CLUSTER, "halt", self.replica_dir)

    def resume_replica(self):
        _run(PG_CLUSTER, "resume", self.replica_dir)

    def replica_caught_up(self, timeout=10.0) -> bool:
        """Waits until the replica has replayed all the primary had written."""
        position = self.sql(self.primary_url, "SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.sql(
                self.replica_url, f"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn"
            )
            if done == "t":
                return True
            time.sleep(0.05)
        return False

    @staticmethod
    def sql(url: str, query: str) -> str:
        return _run("psql", "-X", "-At", url, "-c", query)

    def stop(self):
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(10)
        for number in (0, 1):
            self.stop_app(number)
        subprocess.run([REDIS_SERVER, "stop", self.redis_dir], check=False)
        subprocess.run([PG_CLUSTER, "stop", self.replica_dir], check=False)
        if self.own_work:
            shutil.rmtree(self.work, ignore_errors=True)

    @staticmethod
    def _wait(ready, what, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not answer within {timeout:.0f} s")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    stack = Stack(sys.argv[1]).start()
    print(f"site (HAProxy): {stack.address}")
    print(f"apps: {stack.app_address(0)} {stack.app_address(1)}")
    print(f"primary: {stack.primary_url}\nreplica: {stack.replica_url}\nredis: {stack.redis_url}")
    print(f"logs: {stack.work}\nCtrl-C stops it.")
    try:
        signal.pause()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
