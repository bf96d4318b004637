"""Blocking sorted-set pops seen from real clients: BZPOPMIN / BZPOPMAX / BZMPOP served by another
client's ZADD (or a *STORE), over several keys, first come first served, sub-second timeouts, in
RESP2 and RESP3. Each scenario runs on ringkv and on redis-server 7.0 over raw RESP, and the
replies the waiters get must be byte-for-byte the same."""

import time

import pytest

from conftest import require_commands
from resp import Conn, Reply, encode


def wait_blocked(admin, n, timeout=10.0):
    """Polls INFO until `n` clients are blocked (a bound, not a measurement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = admin.call("INFO", "clients").value
        if b"blocked_clients:%d\r\n" % n in info:
            return
        time.sleep(0.01)
    pytest.fail("timed out waiting for %d blocked clients" % n)


def send(conn, *args):
    conn.send(encode(*args))


# Each scenario: (waiters' commands in blocking order, commands the admin then runs). Returns the
# waiters' replies, then the admin's replies, then the keys left (ZRANGE WITHSCORES).
SCENARIOS = {
    "bzpopmin_second_key": (
        [["BZPOPMIN", "q1", "q2", "0"]],
        [["ZADD", "q2", "2", "b", "1", "a"]], ["q1", "q2"]),
    "bzpopmax_score_formatting": (
        [["BZPOPMAX", "q", "0"]],
        [["ZADD", "q", "0.1", "a", "1e17", "b"]], ["q"]),
    "fifo_three_waiters": (
        [["BZPOPMIN", "f", "0"], ["BZPOPMAX", "f", "0"], ["BZPOPMIN", "f", "0"]],
        [["ZADD", "f", "1", "a", "2", "b", "3", "c", "4", "d"]], ["f"]),
    "bzmpop_count_and_min_max": (
        [["BZMPOP", "0", "2", "m1", "m2", "MAX", "COUNT", "2"], ["BZMPOP", "0", "1", "m2", "MIN"]],
        [["ZADD", "m2", "1", "a", "2", "b", "3", "c", "4", "d"]], ["m1", "m2"]),
    "served_by_store": (
        [["BZPOPMAX", "dst", "0"]],
        [["ZADD", "src", "1", "x", "2", "y"], ["ZUNIONSTORE", "dst", "1", "src"]], ["dst", "src"]),
    "not_served_by_other_type_then_served": (
        [["BZPOPMIN", "k", "0"]],
        [["SET", "k", "str"], ["DEL", "k"], ["ZADD", "k", "5", "e"]], ["k"]),
    "bzmpop_partly_filled": (
        [["BZMPOP", "0", "1", "p", "MIN", "COUNT", "10"]],
        [["ZADD", "p", "3", "c", "1", "a"]], ["p"]),
    "served_by_zincrby_and_zrangestore": (
        [["BZPOPMAX", "i", "0"], ["BZPOPMIN", "r", "0"]],
        [["ZINCRBY", "i", "2.5", "x"], ["ZADD", "src", "1", "a", "2", "b", "3", "c"],
         ["ZRANGESTORE", "r", "src", "1", "-1"]], ["i", "r", "src"]),
    "waiters_on_different_keys": (
        [["BZPOPMIN", "w1", "0"], ["BZPOPMIN", "w2", "w1", "0"], ["BZPOPMAX", "w2", "0"]],
        [["ZADD", "w2", "1", "a", "2", "b"], ["ZADD", "w1", "5", "e"]], ["w1", "w2"]),
    "multi_exec_serves_after_exec": (
        [["BZPOPMIN", "t", "0"], ["BZMPOP", "0", "1", "t", "MIN", "COUNT", "10"]],
        [["MULTI"], ["ZADD", "t", "1", "a"], ["ZADD", "t", "2", "b", "3", "c"], ["ZREM", "t", "a"],
         ["EXEC"]], ["t"]),
}


def run_scenario(server, protocol, waiters, actions, keys):
    admin = Conn((server.host, server.port))
    conns = [Conn((server.host, server.port)) for _ in waiters]
    try:
        for c in [admin] + conns:
            if protocol == 3:
                assert c.call("HELLO", "3").kind == "%"
        admin.call("FLUSHALL")
        for i, (c, cmd) in enumerate(zip(conns, waiters)):
            send(c, *cmd)
            wait_blocked(admin, i + 1)
        admin_replies = [admin.call(*cmd) for cmd in actions]
        got = [c.read_reply() for c in conns]
        left = [admin.call("ZRANGE", k, "0", "-1", "WITHSCORES") for k in keys]
        wait_blocked(admin, 0)
        return got, admin_replies, left
    finally:
        for c in [admin] + conns:
            c.close()


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_blocked_zset_pops_match_redis(ringkv, oracle, name, protocol):
    require_commands(ringkv, "bzpopmin", "bzmpop", "zunionstore")
    if name.startswith("multi"):
        # Redis serves waiters once EXEC is over (they see b and c, never a).
        require_commands(ringkv, "multi", "exec")
    mine = run_scenario(ringkv, protocol, *SCENARIOS[name])
    theirs = run_scenario(oracle, protocol, *SCENARIOS[name])
    assert mine == theirs


def test_fifo_order_is_blocking_order(ringkv, oracle):
    """Not only equal to Redis: the first waiter got the lowest member, and so on."""
    require_commands(ringkv, "bzpopmin")
    for server in (ringkv, oracle):
        got, _, left = run_scenario(server, 2, *SCENARIOS["fifo_three_waiters"])
        members = [r.value[1].value for r in got]
        assert members == [b"a", b"d", b"b"]
        assert left == [Reply("*", [Reply("$", b"c"), Reply("$", b"3")])]


@pytest.mark.parametrize("protocol", [2, 3])
def test_timeouts_match_redis(ringkv, oracle, protocol):
    require_commands(ringkv, "bzpopmin", "bzmpop")
    cmds = [["BZPOPMIN", "none", "0.05"], ["BZPOPMAX", "a", "b", "0.001"],
            ["BZMPOP", "0.02", "2", "a", "b", "MIN"], ["BZPOPMIN", "none", "-1"],
            ["BZPOPMIN", "none", "x"], ["BZMPOP", "0.01", "1", "a", "SIDE"]]
    replies = []
    for server in (ringkv, oracle):
        with Conn((server.host, server.port)) as c:
            if protocol == 3:
                c.call("HELLO", "3")
            replies.append([c.call(*cmd) for cmd in cmds])
    assert replies[0] == replies[1]
    null = Reply("_" if protocol == 3 else "*", None)
    assert replies[0][:3] == [null, null, null]
