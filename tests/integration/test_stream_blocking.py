"""Blocking stream reads seen from real clients: XREAD BLOCK with "$" and explicit IDs, over several
keys, XREADGROUP BLOCK with ">" (and NOACK), served by another client's XADD (also inside
MULTI/EXEC), timeouts, in RESP2 and RESP3. Each scenario runs on ringkv and on redis-server 7.0
over raw RESP with explicit IDs, and the replies the waiters get, the admin's replies and the
group state left behind must be the same."""

import pytest

from conftest import require_commands
from resp import Conn, Reply, encode
from test_zset_blocking import wait_blocked

# (setup commands, waiters' commands in blocking order, admin commands, state commands)
SCENARIOS = {
    "xread_dollar": (
        [["XADD", "s", "1-1", "a", "old"]],
        [["XREAD", "BLOCK", "0", "STREAMS", "s", "$"]],
        [["XADD", "s", "2-1", "a", "new"]], [["XLEN", "s"]]),
    "xread_missing_key_then_created": (
        [],
        [["XREAD", "COUNT", "5", "BLOCK", "0", "STREAMS", "nokey", "$"]],
        [["XADD", "nokey", "5-5", "f", "v"]], [["XRANGE", "nokey", "-", "+"]]),
    "xread_second_key": (
        [["XADD", "k1", "1-0", "x", "1"]],
        [["XREAD", "BLOCK", "0", "STREAMS", "k1", "k2", "$", "0"]],
        [["XADD", "k2", "3-0", "y", "2"]], []),
    "two_readers_one_add": (
        [["XADD", "t", "1-0", "x", "1"]],
        [["XREAD", "BLOCK", "0", "STREAMS", "t", "1-0"], ["XREAD", "BLOCK", "0", "STREAMS", "t", "$"]],
        [["XADD", "t", "2-0", "x", "2"]], []),
    "xreadgroup_new_entries": (
        [["XGROUP", "CREATE", "q", "g", "$", "MKSTREAM"]],
        [["XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "q", ">"],
         ["XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "BLOCK", "0", "STREAMS", "q", ">"]],
        [["XADD", "q", "10-0", "job", "1"], ["XADD", "q", "11-0", "job", "2"]],
        [["XPENDING", "q", "g"], ["XINFO", "GROUPS", "q"]]),
    "xreadgroup_noack": (
        [["XGROUP", "CREATE", "n", "g", "0", "MKSTREAM"]],
        [["XREADGROUP", "GROUP", "g", "c", "NOACK", "BLOCK", "0", "STREAMS", "n", ">"]],
        [["XADD", "n", "1-0", "a", "b"]], [["XPENDING", "n", "g"]]),
    "served_after_exec": (
        [["XADD", "m", "1-0", "a", "1"]],
        [["XREAD", "BLOCK", "0", "STREAMS", "m", "$"]],
        [["MULTI"], ["XADD", "m", "2-0", "a", "2"], ["XADD", "m", "3-0", "a", "3"], ["EXEC"]], []),
    # Served after blocking without COUNT: at most 1000 entries (XREAD_BLOCKED_DEFAULT_COUNT).
    "capped_at_1000_after_blocking": (
        [],
        [["XREAD", "BLOCK", "0", "STREAMS", "big", "$"]],
        [["MULTI"]] + [["XADD", "big", "%d-1" % i, "n", str(i)] for i in range(1, 1006)]
        + [["EXEC"]], [["XLEN", "big"]]),
    "err_group_destroyed_while_blocked": (
        [["XGROUP", "CREATE", "d", "g", "$", "MKSTREAM"]],
        [["XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "d", ">"]],
        [["XGROUP", "DESTROY", "d", "g"]], [["XINFO", "GROUPS", "d"]]),
}


def run_scenario(server, protocol, setup, waiters, actions, state):
    admin = Conn((server.host, server.port))
    conns = [Conn((server.host, server.port)) for _ in waiters]
    try:
        for c in [admin] + conns:
            if protocol == 3:
                assert c.call("HELLO", "3").kind == "%"
        admin.call("FLUSHALL")
        for cmd in setup:
            admin.call(*cmd)
        for i, (c, cmd) in enumerate(zip(conns, waiters)):
            c.send(encode(*cmd))
            wait_blocked(admin, i + 1)
        admin_replies = [admin.call(*cmd) for cmd in actions]
        got = [c.read_reply() for c in conns]
        left = [admin.call(*cmd) for cmd in state]
        wait_blocked(admin, 0)
        return got, admin_replies, left
    finally:
        for c in [admin] + conns:
            c.close()


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_blocked_stream_reads_match_redis(ringkv, oracle, name, protocol):
    require_commands(ringkv, "xread", "xreadgroup", "multi")
    mine = run_scenario(ringkv, protocol, *SCENARIOS[name])
    theirs = run_scenario(oracle, protocol, *SCENARIOS[name])
    assert mine == theirs
    # The waiter was served (or, for err_ scenarios, answered an error), not timed out.
    assert mine[0][0].kind in ("-" if name.startswith("err_") else "*%")


@pytest.mark.parametrize("protocol", [2, 3])
def test_timeouts_and_errors_match_redis(ringkv, oracle, protocol):
    require_commands(ringkv, "xread")
    cmds = [["XREAD", "BLOCK", "30", "STREAMS", "none", "$"],
            ["XREAD", "BLOCK", "-1", "STREAMS", "none", "$"],
            ["XREAD", "BLOCK", "x", "STREAMS", "none", "$"],
            ["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"],
            ["XREADGROUP", "GROUP", "g", "c", "BLOCK", "20", "STREAMS", "s", ">"],
            ["XREADGROUP", "GROUP", "nog", "c", "BLOCK", "20", "STREAMS", "s", ">"],
            ["MULTI"], ["XREAD", "BLOCK", "0", "STREAMS", "none", "$"], ["EXEC"]]
    replies = []
    for server in (ringkv, oracle):
        with Conn((server.host, server.port)) as c:
            if protocol == 3:
                c.call("HELLO", "3")
            c.call("FLUSHALL")
            replies.append([c.call(*cmd) for cmd in cmds])
    assert replies[0] == replies[1]
    null = Reply("_" if protocol == 3 else "*", None)
    assert replies[0][0] == null
