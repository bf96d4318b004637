"""Streams through the AOF: what ringkv propagates (XADD with its concrete ID and approximate trims
as they happened, XREADGROUP as XGROUP CREATECONSUMER / XCLAIM / XGROUP SETID, XCLAIM and
XAUTOCLAIM as XCLAIM ... FORCE JUSTID LASTID) replays into the same stream, consumer groups and
pending entries on ringkv after a restart and on real redis-server 7.0 started from ringkv's AOF
directory; redis-check-aof accepts the files; Redis's own rewritten (RESP-only) AOF fixture loads.
(A group's entries-read counter and lag are not
part of what Redis 7.0 propagates for XREADGROUP without NOACK, so after a replay they may be
unknown where they were known before: they are compared between ringkv's and Redis's replays,
not against the state before the restart.)"""

import os
import shutil
import subprocess

import pytest

from conftest import require_commands
from resp import Conn
from server import Server
from test_rdb import FIXTURES, expected, export, group_state


def mask_counters(groups):
    return [[x for i, x in enumerate(g.value) if i not in (9, 11)] for g in groups.value]


def state(srv, counters=True):
    """Entries, stream metadata, groups, PEL and consumers, with times masked."""
    with Conn((srv.host, srv.port)) as c:
        out = [c.call("XRANGE", "s", "-", "+")]
        info = c.call("XINFO", "STREAM", "s").value
        out.append([x for i, x in enumerate(info) if i not in (4, 5)])  # radix-tree-nodes
        groups = c.call("XINFO", "GROUPS", "s")
        out.append(groups if counters else mask_counters(groups))
        for g in ("g1", "g2"):
            out.append(c.call("XPENDING", "s", g))
            rows = c.call("XPENDING", "s", g, "-", "+", "1000").value
            out.append([r.value[:2] + r.value[3:] for r in rows])
            out.append([x.value[:4] for x in c.call("XINFO", "CONSUMERS", "s", g).value])
    return out


def test_stream_effects_replay_on_ringkv_and_redis(make_ringkv, oracle_binary):
    srv = make_ringkv("--appendonly", "yes")
    require_commands(srv, "xadd", "xautoclaim")
    c = srv.client()
    for i in range(300):
        c.execute_command("XADD", "s", "MAXLEN", "~", "120", "*", "n", i, "k", "v")
    c.execute_command("XADD", "s", "5000000000000-*", "a", "b")
    c.execute_command("XADD", "s", "MINID", "~", "0", "LIMIT", "10", "*", "a", "c")
    c.execute_command("XGROUP", "CREATE", "s", "g1", "0")
    c.execute_command("XGROUP", "CREATE", "s", "g2", "$")
    c.execute_command("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "30", "STREAMS", "s", ">")
    c.execute_command("XREADGROUP", "GROUP", "g1", "bob", "NOACK", "COUNT", "5", "STREAMS", "s",
                      ">")
    first = c.execute_command("XRANGE", "s", "-", "+", "COUNT", "3")
    c.execute_command("XACK", "s", "g1", first[0][0])
    c.execute_command("XCLAIM", "s", "g1", "carol", "0", first[1][0], "RETRYCOUNT", "7")
    c.execute_command("XDEL", "s", first[2][0])
    c.execute_command("XAUTOCLAIM", "s", "g1", "dave", "0", "0", "COUNT", "4")
    c.execute_command("XADD", "s", "*", "late", "1")
    c.execute_command("XREADGROUP", "GROUP", "g2", "erin", "STREAMS", "s", ">")
    c.execute_command("XTRIM", "s", "MAXLEN", "~", "50")
    c.execute_command("XGROUP", "DELCONSUMER", "s", "g1", "bob")
    want = state(srv, counters=False)
    srv.stop()

    manifest = os.path.join(srv.dir, "appendonlydir", "appendonly.aof.manifest")
    check = subprocess.run(["redis-check-aof", manifest], capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr

    srv.start()
    assert state(srv, counters=False) == want
    replayed = state(srv)
    srv.stop()

    redis_srv = Server(oracle_binary, srv.dir, extra_args=["--appendonly", "yes"])
    redis_srv.start()
    try:
        assert state(redis_srv) == replayed
    finally:
        redis_srv.stop()


def test_redis_rewritten_aof_with_a_stream_loads(make_ringkv, make_oracle, tmp_path):
    """The RESP-only AOF fixture (Redis's BGREWRITEAOF without a preamble writes a stream as XADD,
    XSETID ... ENTRIESADDED MAXDELETEDID, XGROUP CREATE ... ENTRIESREAD and XCLAIM ... FORCE):
    ringkv loads it to the fixture's dataset and the group state real Redis reports."""
    src = os.path.join(FIXTURES, "aof-resp")
    if not os.path.isdir(src):
        pytest.skip("aof-resp fixture not found")
    states = []
    for make in (make_ringkv, make_oracle):
        d = tmp_path / ("rk" if make is make_ringkv else "oracle")
        d.mkdir()
        shutil.copytree(src, d / "appendonlydir")
        srv = make("--appendonly", "yes", "--dir", str(d))
        if make is make_ringkv:
            assert export(srv) == expected(os.path.join(FIXTURES, "aof-resp.jsonl"),
                                           drop_streams=False)
        states.append(group_state(srv))
    assert states[0] == states[1]


def test_redis_aof_with_limited_trims_replays(make_ringkv, make_oracle, tmp_path):
    """Redis propagates an approximate trim as an exact one ("=" and the resulting length or
    first ID) but keeps its LIMIT; a loader must obey it as written (Redis's mustObeyClient), not
    refuse "LIMIT without ~" nor stop early at the limit."""
    oracle = make_oracle("--appendonly", "yes", "--stream-node-max-entries", "2")
    c = oracle.client()
    for i in range(1, 60):
        c.execute_command("XADD", "s", "MAXLEN", "~", "7", "LIMIT", "4", "%d-1" % i, "n", i)
        c.execute_command("XADD", "t", "MINID", "~", "%d" % max(0, i - 9), "LIMIT", "2", "%d-1" % i,
                          "n", i)
    c.execute_command("XTRIM", "s", "MAXLEN", "~", "2", "LIMIT", "2")
    want = [c.execute_command("XRANGE", k, "-", "+") for k in ("s", "t")]
    oracle.stop()
    d = tmp_path / "rk"
    d.mkdir()
    shutil.copytree(os.path.join(oracle.dir, "appendonlydir"), d / "appendonlydir")
    rk = make_ringkv("--appendonly", "yes", "--dir", str(d), "--stream-node-max-entries", "2")
    rc = rk.client()
    assert [rc.execute_command("XRANGE", k, "-", "+") for k in ("s", "t")] == want
