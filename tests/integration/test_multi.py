"""Transactions, differentially: scripted sessions of two clients interleaving MULTI/EXEC,
DISCARD, WATCH races (writes, deletes, in-place changes, renames, moves, flushes, SWAPDB, expiry,
changes inside the other client's transaction), EXECABORT, runtime errors inside EXEC and blocking
commands inside MULTI run against ringkv and redis-server 7.0, in RESP2 and RESP3; every reply
must be the same, type byte included. Then: a client blocked in BLPOP is served only after EXEC,
with the element left once the transaction is over; and a transaction's writes reach the AOF as a
MULTI ... EXEC block that a restart replays, an unterminated block being cut off; and a client killed
mid-transaction takes its transaction and watched keys with it."""

import os
import time

import pytest

from conftest import require_commands
from resp import Conn, encode

A, B = 0, 1
SLEEP = "sleep"


def _script():
    s = []

    def a(*cmd):
        s.append((A, cmd))

    def b(*cmd):
        s.append((B, cmd))

    def tx(*cmds, who=A):
        s.append((who, ("MULTI",)))
        for c in cmds:
            s.append((who, c))
        s.append((who, ("EXEC",)))

    # Queueing, EXEC's array, DISCARD, the without-MULTI errors.
    a("SET", "k", "1")
    tx(("INCR", "k"), ("GET", "k"), ("SET", "s", "str"), ("EXISTS", "k", "s"))
    tx()
    a("EXEC")
    a("DISCARD")
    a("EXEC", "x")
    a("DISCARD", "x")
    a("MULTI", "x")
    a("WATCH")
    a("MULTI")
    a("SET", "gone", "1")
    a("DISCARD")
    a("EXISTS", "gone")
    # Nested MULTI and WATCH inside MULTI are errors that do not abort.
    a("MULTI")
    a("MULTI")
    a("WATCH", "k")
    a("INCR", "k")
    a("EXEC")
    # Queue-time errors abort; EXEC refused itself discards with its reason.
    tx(("SET", "x", "1"), ("NOSUCH", "a", "b"), ("SET", "y", "1"))
    tx(("GET",), ("SET", "x", "1"))
    tx(("SHUTDOWN",), ("PING",))
    tx(("CLIENT", "NOSUCH"))
    a("MULTI")
    a("DISCARD", "x")
    a("EXEC")
    a("MULTI")
    a("EXEC", "x")
    a("EXEC")
    a("EXISTS", "x", "y")
    # Runtime errors are replies in the array; the rest runs.
    tx(("LPUSH", "s", "x"), ("INCR", "n"), ("SET", "a", "1", "2"), ("INCR", "s"), ("INCR", "n"),
       ("HSET", "h"), ("LRANGE", "s", "0", "-1"))
    # Blocking commands answer at once inside MULTI.
    tx(("BLPOP", "q", "0"), ("BRPOP", "q", "q2", "0"), ("BLMOVE", "q", "d", "LEFT", "LEFT", "0"),
       ("BRPOPLPUSH", "q", "d", "0"), ("BLMPOP", "0", "1", "q", "LEFT"), ("BZPOPMIN", "z", "0"),
       ("BZPOPMAX", "z", "0"), ("BZMPOP", "0", "1", "z", "MIN"))
    a("RPUSH", "q", "e1", "e2")
    a("ZADD", "z", "1", "m")
    tx(("BLPOP", "q", "0"), ("BLMOVE", "q", "d", "LEFT", "RIGHT", "0"), ("BZPOPMIN", "z", "0"),
       ("LRANGE", "d", "0", "-1"))
    # SELECT inside a transaction.
    tx(("SELECT", "2"), ("SET", "in2", "v"), ("DBSIZE",), ("SELECT", "0"), ("EXISTS", "in2"))

    # WATCH: changes by the other client, each kind.
    def race(setup, change, key="w"):
        a("FLUSHALL")
        for c in setup:
            a(*c)
        a("WATCH", key)
        for c in change:
            b(*c)
        tx(("PING",), ("GET", "marker"))

    race([("SET", "w", "1")], [("SET", "w", "2")])
    race([("SET", "w", "1")], [("APPEND", "w", "x")])
    race([("SET", "w", "1")], [("DEL", "w")])
    race([("SET", "w", "1")], [("UNLINK", "w")])
    race([("SET", "w", "1")], [("EXPIRE", "w", "100")])
    race([("SET", "w", "1", "EX", "100")], [("PERSIST", "w")])
    race([("SET", "w", "1")], [("PERSIST", "w")])  # no TTL: nothing changes
    race([("SET", "w", "1")], [("RENAME", "w", "w2")])
    race([("SET", "o", "1")], [("RENAME", "o", "w")])
    race([("SET", "w", "1")], [("MOVE", "w", "1")])
    race([], [("SELECT", "1"), ("SET", "w", "1"), ("MOVE", "w", "0"), ("SELECT", "0")])
    race([("RPUSH", "w", "a")], [("RPUSH", "w", "b")])
    race([("RPUSH", "w", "a")], [("LPOP", "w")])
    race([("RPUSH", "w", "a", "b")], [("LSET", "w", "0", "x")])
    race([("SADD", "w", "a")], [("SADD", "w", "a")])  # already a member: nothing changes
    race([("SADD", "w", "a")], [("SADD", "w", "b")])
    race([("HSET", "w", "f", "v")], [("HDEL", "w", "nofield")])
    race([("HSET", "w", "f", "v")], [("HSET", "w", "g", "1")])
    race([("HSET", "w", "f", "v")], [("HINCRBY", "w", "f", "1")])  # not an integer: no change
    race([("ZADD", "w", "1", "a")], [("ZINCRBY", "w", "2", "a")])
    race([("SET", "w", "1")], [("SET", "w", "2", "NX")])  # NX on an existing key: no change
    race([("SET", "w", "1")], [("SET", "other", "2")])
    race([], [("DEL", "w", "other")])
    race([("SET", "w", "1")], [("FLUSHDB",)])
    race([("SET", "x", "1")], [("FLUSHDB",)])  # w missing: nothing of it flushed
    race([("SET", "w", "1")], [("FLUSHALL",)])
    race([("SET", "w", "1")], [("SELECT", "4"), ("FLUSHDB",), ("SELECT", "0")])
    race([("SET", "w", "1")], [("SWAPDB", "0", "5")])
    race([("SELECT", "5"), ("SET", "w", "1"), ("SELECT", "0")], [("SWAPDB", "0", "5")])
    race([], [("SWAPDB", "0", "5")])  # missing on both sides
    race([("SET", "w", "1")], [("MULTI",), ("INCR", "w"), ("EXEC",)])
    race([("SET", "w", "1")], [("MULTI",), ("GET", "w"), ("EXEC",)])
    a("WATCH", "w")
    a("EXEC", "x")  # refused EXEC drops the watched keys, even outside MULTI
    b("SET", "w", "after")
    tx(("GET", "w"))
    # The watching client's own change, UNWATCH, WATCH in another database.
    a("WATCH", "w")
    a("SET", "w", "own")
    tx(("GET", "w"))
    a("WATCH", "w")
    a("SET", "w", "own2")
    a("UNWATCH")
    tx(("GET", "w"))
    a("SELECT", "3")
    a("WATCH", "w")
    a("SELECT", "0")
    b("SET", "w", "db0")
    tx(("GET", "w"))
    # Expiry: a watched key that expires fails EXEC; one already expired when watched does not.
    a("SET", "t", "v", "PX", "20")
    a("WATCH", "t")
    s.append((A, (SLEEP, 0.1)))
    tx(("PING",))
    a("SET", "t", "v", "PX", "20")
    s.append((A, (SLEEP, 0.1)))
    a("WATCH", "t")
    tx(("PING",))
    # RESET leaves MULTI.
    a("WATCH", "w")
    a("MULTI")
    a("SET", "w", "r")
    a("RESET")
    a("GET", "w")
    return s


@pytest.mark.parametrize("protocol", [2, 3])
def test_transactions_match_redis(ringkv, oracle, protocol):
    require_commands(ringkv, "multi", "exec", "watch", "swapdb", "blmpop", "bzmpop")
    conns = [[Conn((srv.host, srv.port)) for _ in (A, B)] for srv in (ringkv, oracle)]
    try:
        for pair in conns:
            for c in pair:
                if protocol == 3:
                    assert c.call("HELLO", "3").kind == "%"
            pair[A].call("FLUSHALL")
        for i, (who, cmd) in enumerate(_script()):
            if cmd[0] == SLEEP:
                time.sleep(cmd[1])
                continue
            mine, theirs = (pair[who].call(*cmd) for pair in conns)
            assert mine == theirs, "step %d client %s %r: ringkv %r, redis %r" % (
                i, "AB"[who], cmd, mine, theirs)
    finally:
        for pair in conns:
            for c in pair:
                c.close()


def _wait_blocked(srv, n=1):
    c = srv.client()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if c.info("clients")["blocked_clients"] >= n:
            return
        time.sleep(0.01)
    pytest.fail("the client never blocked")


@pytest.mark.parametrize("which", ["ringkv", "redis"])
def test_waiter_is_served_after_exec(ringkv, oracle, which):
    srv = ringkv if which == "ringkv" else oracle
    with Conn((srv.host, srv.port)) as waiter, Conn((srv.host, srv.port)) as c:
        waiter.send(encode("BLPOP", "queue", "0"))
        _wait_blocked(srv)
        assert c.call("MULTI").value == b"OK"
        for cmd in (("RPUSH", "queue", "a"), ("RPUSH", "queue", "b"), ("LPOP", "queue")):
            assert c.call(*cmd).value == b"QUEUED"
        r = c.call("EXEC")
        assert [x.value for x in r.value] == [1, 2, b"a"]
        # Served after the first push the waiter would have had "a"; after EXEC only "b" is left.
        got = waiter.read_reply()
        assert [x.value for x in got.value] == [b"queue", b"b"]
        assert c.call("EXISTS", "queue").value == 0


def _aof_bytes(srv):
    d = os.path.join(srv.dir, "appendonlydir")
    return b"".join(open(os.path.join(d, f), "rb").read()
                    for f in sorted(os.listdir(d)) if f.endswith(".incr.aof"))


def test_transaction_reaches_the_aof_as_a_block_and_replays(make_ringkv):
    srv = make_ringkv("--appendonly", "yes", "--appendfsync", "always")
    with Conn((srv.host, srv.port)) as c:
        c.call("SET", "before", "1")
        c.call("MULTI")
        c.call("SET", "a", "1")
        c.call("INCR", "a")
        c.call("GET", "a")
        c.call("SELECT", "1")
        c.call("RPUSH", "l", "x", "y")
        assert [x.value for x in c.call("EXEC").value] == [b"OK", 2, b"2", b"OK", 2]
        c.call("MULTI")
        c.call("SET", "single", "1")
        c.call("EXEC")
    data = _aof_bytes(srv)
    block = (encode("MULTI") + encode("SET", "a", "1") + encode("INCR", "a")
             + encode("SELECT", "1") + encode("RPUSH", "l", "x", "y") + encode("EXEC"))
    assert block in data, data
    assert encode("MULTI") + encode("SET", "single", "1") not in data
    srv.stop()
    srv.start()
    c = srv.client()
    assert c.get("a") == b"2"
    assert srv.client(db=1).lrange("l", 0, -1) == [b"x", b"y"]


def test_unterminated_block_is_cut_off(make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    srv.client().set("kept", "yes")
    srv.stop()
    path = os.path.join(srv.dir, "appendonlydir", "appendonly.aof.1.incr.aof")
    size = os.path.getsize(path)
    with open(path, "ab") as f:
        f.write(encode("MULTI") + encode("SET", "lost", "1") + encode("SET", "lost2", "1"))
    srv.start()
    c = srv.client()
    assert c.get("kept") == b"yes"
    assert c.get("lost") is None and c.get("lost2") is None
    assert os.path.getsize(path) == size  # cut back to where the MULTI began
    assert "Revert incomplete MULTI/EXEC transaction" in srv.log_text()
    c.set("after", "1")
    srv.stop()
    srv.start()
    assert srv.client().get("after") == b"1"


@pytest.mark.parametrize("which", ["ringkv", "redis"])
def test_killed_mid_transaction_is_discarded(ringkv, oracle, which):
    srv = ringkv if which == "ringkv" else oracle
    with Conn((srv.host, srv.port)) as a, Conn((srv.host, srv.port)) as b:
        a_id = a.call("CLIENT", "ID").value
        assert a.call("WATCH", "k").value == b"OK"
        assert a.call("MULTI").value == b"OK"
        assert a.call("SET", "k", "1").value == b"QUEUED"
        assert b"flags=x " in b.call("CLIENT", "LIST", "ID", a_id).value
        assert b.call("CLIENT", "KILL", "ID", a_id).value == 1
        assert a.read_until_closed() == b""
        assert b.call("GET", "k").value is None
        assert b.call("SET", "k", "2").value == b"OK"  # its watch entry went with it
        assert b.call("CLIENT", "LIST", "ID", a_id).value == b""
