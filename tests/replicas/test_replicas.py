"""Two app processes behind HAProxy, reading a streaming replica and sharing
Redis, against the same site on the primary alone (conftest.py starts them all
for real; nothing is mocked)."""

import concurrent.futures
import time
import urllib.parse

import pytest

from tests.replicas.conftest import (
    API_LIMIT,
    MAX_LAG_SECONDS,
    Stack,
    fetch,
    manage,
    move_company,
)

pytestmark = pytest.mark.replicas

SEARCHES = ["公司", "有限", "科技", "北京", "zzzz-nothing"]


def addresses(companies, api=True) -> list[str]:
    """Pages of every kind; the API's only when asked (its rate limit is the
    last test's)."""
    paths = [f"/companies/{code}/" for code in companies[:6]]
    paths += [f"/en/companies/{code}/" for code in companies[:2]]
    paths += ["/search/?" + urllib.parse.urlencode({"q": q}) for q in SEARCHES]
    paths += ["/", "/lists/", "/penalties/"]
    if api:
        paths += [f"/api/v1/companies/{code}/" for code in companies[:2]]
    return paths


def shown_address(stack_address, code, headers=None) -> bytes:
    status, body, _headers = fetch(f"{stack_address}/companies/{code}/", headers)
    assert status == 200
    return body


def test_the_proxy_serves_the_same_pages_as_the_primary_alone(stack, primary_alone, companies):
    assert stack.replica_caught_up()
    # The same host for both: pages show their permanent address.
    host = {"Host": "localhost"}
    for path in addresses(companies):
        through_proxy = fetch(stack.address + path, host)
        alone = fetch(primary_alone + path, host)
        assert through_proxy[0] == alone[0] == 200, path
        assert through_proxy[1] == alone[1], path


def test_both_app_processes_serve_and_the_replica_reads(stack, companies):
    before = replica_transactions(stack)
    served = set()
    for code in companies:
        status, _body, headers = fetch(f"{stack.address}/en/companies/{code}/")
        assert status == 200
        served.add(headers["X-Served-By"])
    assert served == {"app1", "app2"}
    assert replica_transactions(stack) > before


def test_a_write_is_shown_once_the_replica_replays_it(stack, primary, companies):
    """The kept page (Redis) is built again from the replica once the replica
    has the change: its version is read from the same database."""
    code = companies[6]
    for _ in range(3):
        shown_address(stack.address, code)  # kept
    stack.sql(stack.replica_url, "SELECT pg_wal_replay_pause()")
    try:
        move_company(primary[1], code, "回放路1号")
        assert "回放路1号".encode() not in shown_address(stack.address, code)
    finally:
        stack.sql(stack.replica_url, "SELECT pg_wal_replay_resume()")
    assert stack.replica_caught_up()
    assert "回放路1号".encode() in shown_address(stack.address, code)


def test_staff_and_a_client_that_wrote_read_the_primary_at_once(
    stack, primary, companies, staff_session
):
    code = companies[7]
    shown_address(stack.address, code)
    stack.sql(stack.replica_url, "SELECT pg_wal_replay_pause()")
    try:
        move_company(primary[1], code, "员工路2号")
        staff = {"Cookie": f"sessionid={staff_session}"}
        assert "员工路2号".encode() in shown_address(stack.address, code, staff)
        # A response to a write pins its client to the primary for a while.
        status, _body, headers = fetch_post(stack.address + "/search/")
        assert "read_primary=1" in headers.get("Set-Cookie", "")
        assert "Max-Age=30" in headers.get("Set-Cookie", "")
        pinned = {"Cookie": "read_primary=1"}
        assert "员工路2号".encode() in shown_address(stack.address, code, pinned)
        # Anyone else reads the replica, a little behind.
        assert "员工路2号".encode() not in shown_address(stack.address, code)
    finally:
        stack.sql(stack.replica_url, "SELECT pg_wal_replay_resume()")
    assert stack.replica_caught_up()


def test_a_lagging_replica_is_left_out_and_the_primary_serves(stack, primary, companies):
    code = companies[8]
    stack.sql(stack.replica_url, "SELECT pg_wal_replay_pause()")
    try:
        move_company(primary[1], code, "滞后路3号")
        started = time.monotonic()
        while "滞后路3号".encode() not in shown_address(stack.address, code):
            assert time.monotonic() - started < MAX_LAG_SECONDS + 10
            time.sleep(0.25)
        # Left out once behind by more than REPLICA_MAX_LAG_SECONDS, not before.
        assert time.monotonic() - started >= MAX_LAG_SECONDS - 3
    finally:
        stack.sql(stack.replica_url, "SELECT pg_wal_replay_resume()")
    assert stack.replica_caught_up()


def test_a_stopped_replica_costs_no_error_and_the_primary_serves(stack, primary, companies):
    paths = addresses(companies, api=False)
    stack.halt_replica()
    try:
        statuses = hammer(stack.address, paths * 4)
        move_company(primary[1], companies[9], "停机路4号")
        assert "停机路4号".encode() in shown_address(stack.address, companies[9])
        statuses += hammer(stack.address, paths * 2)
    finally:
        stack.resume_replica()
    assert stack.replica_caught_up()
    time.sleep(3)  # REPLICA_RETRY_SECONDS, then a check
    before = replica_transactions(stack)
    statuses += hammer(stack.address, paths * 2)
    assert [s for s in statuses if s != 200] == []
    assert replica_transactions(stack) > before  # back in rotation


def test_the_dumps_are_written_from_the_replica(stack, tmp_path):
    assert stack.replica_caught_up()
    manage(stack.replica_url, "export_dumps", str(tmp_path), "--kind", "companies")
    written = [path.name for path in tmp_path.rglob("*") if path.is_file()]
    assert any(name.startswith("companies") for name in written), written


def test_a_stopped_app_process_costs_no_error(stack, companies):
    paths = addresses(companies, api=False)
    stack.stop_app(0)
    try:
        statuses, served = [], set()
        for path in paths * 2:
            status, _body, headers = fetch(stack.address + path)
            statuses.append(status)
            served.add(headers.get("X-Served-By"))
        assert [s for s in statuses if s != 200] == []
        assert served == {"app2"}
    finally:
        stack.start_app(0)
    stack._wait(lambda: stack.served_by() == {"app1", "app2"}, "app1 back")


def test_with_announcements_a_change_heard_keeps_a_lagging_replica_out(stack, primary, companies):
    """PAGE_CACHE_FRESHNESS=notify: the workers listen on the primary (a
    standby sends no NOTIFY); a change heard moves the page's version at once,
    and the page is built from the primary until the replica has replayed
    past it, so no stale page is kept under the new version."""
    code = companies[10]
    restart_apps(stack, PAGE_CACHE_FRESHNESS="notify")
    try:
        for _ in range(4):
            shown_address(stack.address, code)  # kept, in each process
        stack.sql(stack.replica_url, "SELECT pg_wal_replay_pause()")
        try:
            move_company(primary[1], code, "通知路5号")
            started = time.monotonic()
            while "通知路5号".encode() not in shown_address(stack.address, code):
                assert time.monotonic() - started < 2  # well within the replica's lag limit
                time.sleep(0.05)
            for _ in range(4):  # every process, whichever the proxy picks
                assert "通知路5号".encode() in shown_address(stack.address, code)
        finally:
            stack.sql(stack.replica_url, "SELECT pg_wal_replay_resume()")
        assert stack.replica_caught_up()
        time.sleep(1)
        before = replica_transactions(stack)
        for other in companies[:6]:
            shown_address(stack.address, other)
        assert replica_transactions(stack) > before  # the replica serves again
    finally:
        restart_apps(stack)


def restart_apps(stack, **env):
    for name in ("PAGE_CACHE_FRESHNESS",):
        stack.extra_env.pop(name, None)
    stack.extra_env.update(env)
    for number in (0, 1):
        stack.stop_app(number)
        stack.start_app(number)
    stack._wait(lambda: stack.served_by() == {"app1", "app2"}, "both apps")


def test_the_api_rate_limit_is_shared_by_both_app_processes(stack, companies):
    """Each process counting on its own would accept twice the limit."""
    tries = 2 * API_LIMIT + 4
    answers = [fetch(f"{stack.address}/api/v1/companies/{companies[0]}/") for _ in range(tries)]
    statuses = [status for status, _body, _headers in answers]
    assert 1 <= statuses.count(200) <= API_LIMIT
    assert statuses.count(429) == tries - statuses.count(200)
    refused_by = {headers["X-Served-By"] for status, _b, headers in answers if status == 429}
    assert refused_by == {"app1", "app2"}


def hammer(address, paths) -> list[int]:
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        return list(pool.map(lambda path: fetch(address + path)[0], paths))


def fetch_post(url):
    import urllib.request

    request = urllib.request.Request(url, data=b"q=x", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def replica_transactions(stack) -> int:
    sql = "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'"
    return int(Stack.sql(stack.replica_url, sql))
