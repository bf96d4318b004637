"""Set commands, differentially: seeded random streams of every set command (good and bad
arguments, integer and non-integer members, a small set-max-intset-entries so intset -> hashtable
conversions happen all the time) go to ringkv and to redis-server 7.0, in RESP2 and RESP3, and
every reply must be byte-for-byte the same, as must the datasets left behind (type, encoding,
members).

What is random in Redis is compared by what is not:
  * SMEMBERS / SINTER: sorted, unless the set is an intset (then the order is exact); SUNION /
    SDIFF build their result as an intset when they can, so an all-integer result that fits is
    compared in order.
  * SRANDMEMBER: reply type and length, distinctness for a positive count, every member in the
    set, and the contents when the count covers the whole set.
  * SPOP: reply type and length; when the two servers popped different members, each also
    removes what the other popped, and a set left behind is rebuilt the same way on both (SPOP
    may re-encode what stays, and that depends on which members stay).
  * SSCAN: iterated to cursor 0, returned members compared as sets; an intset is returned whole
    in one call, so its first reply is compared exactly.
"""

import os
import random

import pytest

from conftest import require_commands
from diffkit import (I64_MAX, I64_MIN, is_error, is_int_member, items, pick, run_stream,
                     open_pair, compare_scans, sorted_reply)
from resp import Reply

KEYS = ["s1", "s2", "s3", "s4"]
MAX_INTSET = 5


# RINGKV_DIFF_SEEDS=5,6,7 runs other streams (to hunt for more differences by hand).
SEEDS = [int(x) for x in os.environ.get("RINGKV_DIFF_SEEDS", "1,2,3,4").split(",")]

def _member(rnd):
    c = rnd.random()
    if c < 0.45:
        return str(rnd.randint(-3, 14))
    if c < 0.55:
        return rnd.choice(["01", "-0", "+1", " 1", "1 ", "", I64_MAX, I64_MIN, "9223372036854775808",
                           "1.0", "0x1"])
    if c < 0.85:
        return rnd.choice("abcdefg")
    return rnd.choice(["x" * rnd.randint(20, 70), "hello world", "\u00e9t\u00e9", "y" * 300, "a\x00b"])


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def key(self):
        return self.r.choice(KEYS + ["str", "missing"] if self.r.random() < 0.1 else KEYS)

    def keys(self, lo=1, hi=4):
        return [self.key() for _ in range(self.r.randint(lo, hi))]

    def members(self, lo=1, hi=6):
        return [_member(self.r) for _ in range(self.r.randint(lo, hi))]

    def count(self):
        # No huge negative count: SRANDMEMBER would really answer that many members.
        return self.r.choice([str(self.r.randint(-8, 12))] * 6 + ["0", "x", "1.5", I64_MAX, I64_MIN, ""])

    def intercard(self):
        keys = self.keys()
        n = self.r.choice([str(len(keys))] * 6 + ["0", "-1", str(len(keys) + 1), "x"])
        cmd = ["SINTERCARD", n] + keys
        if self.r.random() < 0.5:
            cmd += [self.r.choice(["LIMIT", "limit", "LIMITS"]),
                    self.r.choice([str(self.r.randint(0, 5))] * 4 + ["-1", "x"])]
        return cmd

    def sscan(self):
        if self.r.random() < 0.15:
            return ("EXACT", ["SSCAN", self.key(), self.r.choice(["x", "1.5", "18446744073709551616", " 1"])]
                    + self.r.choice([[], ["COUNT", "0"], ["COUNT", "x"], ["MATCH"], ["FOO", "1"]]))
        cmd = ["SSCAN", self.key(), "0"]
        if self.r.random() < 0.5:
            cmd += ["COUNT", self.r.choice(["1", "2", "10"])]
        if self.r.random() < 0.4:
            cmd += ["MATCH", self.r.choice(["*", "1*", "[a-c]", "x*", "?"])]
        return ("SCAN", cmd)

    def command(self):
        r, k = self.r, self.key
        table = [
            (14, lambda: ["SADD", k()] + self.members()),
            (5, lambda: ["SREM", k()] + self.members()),
            (3, lambda: ["SCARD", k()]),
            (3, lambda: ["SISMEMBER", k(), _member(r)]),
            (2, lambda: ["SMISMEMBER", k()] + self.members()),
            (3, lambda: ("MEMBERS", ["SMEMBERS", k()])),
            (3, lambda: ("RAND", ["SRANDMEMBER", k()] + ([self.count()] if r.random() < 0.8 else []))),
            (3, lambda: ("POP", ["SPOP", k()] + ([self.count()] if r.random() < 0.7 else []))),
            (3, lambda: ["SMOVE", k(), k(), _member(r)]),
            (2, lambda: ("SORT", ["SINTER"] + self.keys())),
            (2, lambda: self.intercard()),
            (2, lambda: ["SINTERSTORE", k()] + self.keys()),
            (2, lambda: ("BUILT", ["SUNION"] + self.keys())),
            (2, lambda: ["SUNIONSTORE", k()] + self.keys()),
            (2, lambda: ("BUILT", ["SDIFF"] + self.keys())),
            (2, lambda: ["SDIFFSTORE", k()] + self.keys()),
            (2, lambda: self.sscan()),
            (2, lambda: ["OBJECT", "ENCODING", k()]),
            (1, lambda: ["TYPE", k()]),
            (0.5, lambda: ["DEL", k()]),
        ]
        return pick(r, table, _member(r))

    def stream(self, n):
        return [self.command() for _ in range(n)]


def _rebuild(conns, key):
    """Gives `key` the same contents and encoding on both servers (after a random SPOP)."""
    members = items(conns[1].call("SMEMBERS", key)) or []
    for c in conns:
        c.call("DEL", key)
        if members:
            c.call("SADD", key, *sorted(members))


def _compare(conns, meta, cmd):
    """Runs one command on both servers; returns None when they agree, else (what, mine, theirs)."""
    a, b = conns
    if meta == "SCAN":
        return compare_scans(conns, cmd, b"intset", 1)
    if meta == "MEMBERS":
        ea, eb = (c.call("OBJECT", "ENCODING", cmd[1]) for c in conns)
        if ea != eb:
            return ("encoding", ea, eb)
    ra, rb = a.call(*cmd), b.call(*cmd)
    if is_error(ra) or is_error(rb) or meta in (None, "EXACT"):
        return None if ra == rb else ("reply", ra, rb)
    if meta == "MEMBERS" and eb.value == b"intset":
        return None if ra == rb else ("intset order", ra, rb)
    if meta == "BUILT":
        v = items(rb)
        if v is not None and len(v) <= MAX_INTSET and all(is_int_member(m) for m in v):
            return None if ra == rb else ("intset-built order", ra, rb)
    if meta in ("SORT", "MEMBERS", "BUILT"):
        return None if sorted_reply(ra) == sorted_reply(rb) else ("sorted reply", ra, rb)
    key = cmd[1]
    if ra.kind != rb.kind:
        return ("reply type", ra, rb)
    va, vb = items(ra), items(rb)
    if meta == "RAND":
        if va is None:  # one member or nil
            if (ra.value is None) != (rb.value is None):
                return ("nil", ra, rb)
            va = [] if ra.value is None else [ra.value]
        elif len(va) != len(vb):
            return ("length", ra, rb)
        if len(cmd) == 3 and int(cmd[2]) > 0:
            if len(set(va)) != len(va):
                return ("repeated members", ra, rb)
            whole = int(cmd[2]) >= b.call("SCARD", key).value
            if whole and sorted(va) != sorted(vb):
                return ("whole set", ra, rb)
        if va and b.call("SMISMEMBER", key, *va) != Reply("*", [Reply(":", 1)] * len(va)):
            return ("members not in the set", ra, rb)
        return None
    assert meta == "POP", meta
    if va is None:
        if (ra.value is None) != (rb.value is None):
            return ("nil", ra, rb)
        va, vb = ([] if ra.value is None else [ra.value]), ([] if rb.value is None else [rb.value])
    if len(va) != len(vb):
        return ("length", ra, rb)
    if set(va) != set(vb):
        a.call("SREM", key, *vb)
        b.call("SREM", key, *va)
        _rebuild(conns, key)
    return None


def final_state(conn):
    out = []
    for key in KEYS + ["str"]:
        t = conn.call("TYPE", key)
        out.append((key, t, conn.call("OBJECT", "ENCODING", key)))
        if t.value == b"set":
            out.append((key, sorted_reply(conn.call("SMEMBERS", key)), conn.call("SCARD", key)))
    return out


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed", SEEDS)
def test_set_commands_match_redis(ringkv, oracle, seed, protocol):
    require_commands(ringkv, "sadd", "sintercard", "smismember", "sscan")
    conns = open_pair(ringkv, oracle, protocol, {"set-max-intset-entries": str(MAX_INTSET)})
    for c in conns:
        c.call("SET", "str", "x")
    stream = Gen(seed * 7919 + protocol).stream(2000)
    run_stream(conns, stream, _compare, seed, protocol, final_state)


def test_big_sets_match_redis(ringkv, oracle):
    """Sets past the small encodings: a few hundred members, set operations across intsets and
    hashtables, SPOP and SRANDMEMBER's count strategies (count near the size, far below it)."""
    require_commands(ringkv, "sadd", "sintercard")
    conns = open_pair(ringkv, oracle, 2, {"set-max-intset-entries": "64"})
    rnd = random.Random(42)
    stream = []
    for key, n in (("s1", 40), ("s2", 300), ("s3", 500), ("s4", 60)):
        members = [str(rnd.randint(0, 800)) for _ in range(n)]
        if key in ("s3", "s4"):
            members += ["m%d" % rnd.randint(0, 800) for _ in range(n // 2)]
        stream.append((None, ["SADD", key] + members))
    stream += [("BUILT", ["SUNION", "s1", "s2"]), ("BUILT", ["SDIFF", "s1", "s2", "s3"]),
               ("BUILT", ["SDIFF", "s3", "s1"]), ("SORT", ["SINTER", "s2", "s3"]),
               (None, ["SINTERCARD", "3", "s1", "s2", "s3", "LIMIT", "3"]),
               (None, ["SINTERSTORE", "d1", "s1", "s2"]), (None, ["OBJECT", "ENCODING", "d1"]),
               (None, ["SUNIONSTORE", "d2", "s1", "s3"]), (None, ["OBJECT", "ENCODING", "d2"]),
               (None, ["SDIFFSTORE", "d3", "s3", "s4"]), (None, ["OBJECT", "ENCODING", "d3"]),
               ("RAND", ["SRANDMEMBER", "s2", "250"]), ("RAND", ["SRANDMEMBER", "s3", "20"]),
               ("RAND", ["SRANDMEMBER", "s3", "-1000"]), ("RAND", ["SRANDMEMBER", "s1", "1000"]),
               ("SCAN", ["SSCAN", "s3", "0", "COUNT", "7"]), ("SCAN", ["SSCAN", "s1", "0"]),
               ("POP", ["SPOP", "s2", "5"]), ("POP", ["SPOP", "s3", "480"]),
               (None, ["OBJECT", "ENCODING", "s3"]), ("POP", ["SPOP", "s4", "1000"]),
               (None, ["SCARD", "s2"]), (None, ["SCARD", "s3"]), (None, ["EXISTS", "s4"])]
    run_stream(conns, stream, _compare, 42, 2)
