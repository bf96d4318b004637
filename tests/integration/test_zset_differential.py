"""Sorted-set commands, differentially: seeded random streams of every sorted-set command (good and
bad arguments; scores such as inf, -inf, "nan", "(1", "1e400", hex and spaces; short and long
members with small zset-max-listpack-entries/value so listpack -> skiplist conversions happen)
go to ringkv and to redis-server 7.0, in RESP2 and RESP3; every reply must be byte-for-byte the
same, as must the datasets left behind (type, encoding, members and scores). A plain set and a
string sit in the key pool too: ZUNION & co. read sets, everything else must say WRONGTYPE.

Everything is deterministic except ZRANDMEMBER (compared by reply type, length, distinctness for
a positive count, members and scores as they are in the key, and the contents when the count
covers the whole key) and ZSCAN on a skiplist (iterated to cursor 0, returned pairs compared as
sets; a listpack is returned whole in one call, so its first reply is compared exactly)."""

import os
import random

import pytest

from conftest import require_commands
from diffkit import (I64_MAX, I64_MIN, is_error, items, pick, run_stream, open_pair,
                     compare_scans)

KEYS = ["z1", "z2", "z3", "z4"]
# Lex commands only read these, whose scores are all 0: on mixed scores their answer depends on
# the skiplist's random levels (Redis calls it undefined), so two Redis servers disagree.
LEXKEYS = ["l1", "l2"]
CONFIG = {"zset-max-listpack-entries": "6", "zset-max-listpack-value": "16"}

SCORES = ["1", "2", "-1", "0", "1.5", "inf", "-inf", "+inf", "nan", "(1", "1e400", "0x10", " 1",
          "1 ", "1e-400", "-0", "3.0", "1e17", "0.1", "x", "", "123456789012345678", "2.5e-3",
          "-INF", "1e308", "1.0000000000000002", "123456789.123456789", "4.9e-324", "0.30000000000000004",
          "-1.5e-10", "9007199254740993"]
RANGE_SCORES = ["(1", "1", "-inf", "+inf", "(inf", "(-inf", "nan", "x", "( 1", "0", "(0", "2.5",
                "3", "1e17", "(2", " 2", "0x2", "inf"]
LEX = ["-", "+", "[a", "(a", "[c", "(d", "[f", "(z", "a", "[", "(", "[xx", "(1"]


# RINGKV_DIFF_SEEDS=5,6,7 runs other streams (to hunt for more differences by hand).
SEEDS = [int(x) for x in os.environ.get("RINGKV_DIFF_SEEDS", "1,2,3,4").split(",")]

def _member(rnd):
    c = rnd.random()
    if c < 0.6:
        return rnd.choice("abcdefgh")
    if c < 0.8:
        return str(rnd.randint(0, 9))
    if c < 0.9:
        return rnd.choice(["x" * rnd.randint(10, 40), "long member " + "y" * rnd.randint(1, 9)])
    # Lex order is unsigned bytewise: non-ASCII, NUL, upper case, the empty member.
    return rnd.choice(["\u00e9", "\u00ff", "a\x00b", "a", "Z", "", "b" * 300])


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def key(self):
        return self.r.choice(KEYS + ["set", "str", "missing"] if self.r.random() < 0.1 else KEYS)

    def lkey(self):
        # Not "set", "str", "missing": *STORE commands may write mixed scores into those.
        return self.r.choice(LEXKEYS + ["lset", "lstr", "nolex"] if self.r.random() < 0.1 else LEXKEYS)

    def rkey(self):
        """A key for commands that only read or remove: scores stay as they are."""
        return self.lkey() if self.r.random() < 0.25 else self.key()

    def keys(self, lo=1, hi=4):
        return [self.rkey() for _ in range(self.r.randint(lo, hi))]

    def lexadd(self):
        cmd = ["ZADD", self.lkey()] + self.r.choice([[], [], ["NX"], ["XX"], ["CH"], ["GT"]])
        for _ in range(self.r.randint(1, 4)):
            cmd += ["0", _member(self.r)]
        return cmd

    def score(self):
        if self.r.random() < 0.6:
            return str(self.r.choice([self.r.randint(-3, 5), self.r.randint(-3, 5) / 2]))
        return self.r.choice(SCORES)

    def rscore(self):
        if self.r.random() < 0.5:
            return self.r.choice(["", "("]) + str(self.r.randint(-3, 5))
        return self.r.choice(RANGE_SCORES)

    def index(self):
        return self.r.choice([str(self.r.randint(-8, 8))] * 6 + [I64_MAX, I64_MIN, "x", "1.5"])

    def count(self):
        return self.r.choice([str(self.r.randint(-3, 8))] * 6 + ["0", "x", I64_MAX, ""])

    def limit(self):
        return ["LIMIT", self.r.choice([str(self.r.randint(-1, 4))] * 5 + ["x"]),
                self.r.choice([str(self.r.randint(-2, 4))] * 5 + ["x"])]

    def zadd(self):
        cmd = ["ZADD", self.key()]
        for _ in range(self.r.choice([0, 0, 0, 1, 1, 2])):
            cmd.append(self.r.choice(["NX", "XX", "GT", "LT", "CH", "INCR", "ch", "incr"]))
        incr = "INCR" in cmd or "incr" in cmd
        for _ in range(self.r.choice([1, 1, 1, 2]) if incr else self.r.randint(1, 4)):
            cmd += [self.score(), _member(self.r)]
        return cmd

    def zrange_args(self):
        """[source key, min, max, options...]"""
        by = self.r.choice([None, None, "BYSCORE", "BYLEX", "byscore"])
        rev = self.r.random() < 0.3
        if by is None:
            lo, hi = self.index(), self.index()
        elif by == "BYLEX":
            lo, hi = self.r.choice(LEX), self.r.choice(LEX)
        else:
            lo, hi = self.rscore(), self.rscore()
        args = [self.lkey() if by == "BYLEX" else self.rkey(), lo, hi]
        opts = ([by] if by else []) + (["REV"] if rev else [])
        if self.r.random() < 0.3:
            opts += self.limit()
        self.r.shuffle(opts)
        return args + opts

    def setop(self, name, store):
        keys = self.keys()
        n = self.r.choice([str(len(keys))] * 8 + ["0", "-1", str(len(keys) + 1), "x"])
        cmd = [name] + ([self.key()] if store else []) + [n] + keys
        if name.startswith("ZDIFF"):
            opts = []
        else:
            opts = []
            if self.r.random() < 0.3:
                opts += ["WEIGHTS"] + [self.r.choice(["1", "2", "-1", "0", "inf", "0.5", "x", "nan"])
                                       for _ in range(self.r.choice([len(keys)] * 4 + [1]))]
            if self.r.random() < 0.3:
                opts += ["AGGREGATE", self.r.choice(["SUM", "MIN", "MAX", "max", "AVG"])]
        if self.r.random() < (0.05 if store else 0.5):
            opts.append("WITHSCORES")
        return cmd + opts

    def zmpop(self, blocking):
        keys = self.keys()
        n = self.r.choice([str(len(keys))] * 8 + ["0", str(len(keys) + 1), "x"])
        cmd = (["BZMPOP", self.timeout()] if blocking else ["ZMPOP"]) + [n] + keys
        cmd.append(self.r.choice(["MIN", "MAX", "min", "LEFT"]))
        if self.r.random() < 0.5:
            cmd += ["COUNT", self.r.choice([str(self.r.randint(0, 4))] * 4 + ["-1", "x"])]
        return cmd

    def timeout(self):
        return self.r.choice(["0.01"] * 6 + ["-1", "x", "0.001"])

    def zrandmember(self):
        cmd = ["ZRANDMEMBER", self.rkey()]
        if self.r.random() < 0.8:
            cmd.append(self.r.choice([str(self.r.randint(-8, 10))] * 6
                                     + ["0", "x", I64_MAX, I64_MIN]))
            if self.r.random() < 0.4:
                cmd.append(self.r.choice(["WITHSCORES", "withscores", "WITHSCORE"]))
        return ("RAND", cmd)

    def zscan(self):
        if self.r.random() < 0.15:
            return ("EXACT", ["ZSCAN", self.rkey(), self.r.choice(["x", "1.5", " 1"])]
                    + self.r.choice([[], ["COUNT", "0"], ["COUNT", "x"], ["MATCH"], ["FOO", "1"]]))
        cmd = ["ZSCAN", self.rkey(), "0"]
        if self.r.random() < 0.5:
            cmd += ["COUNT", self.r.choice(["1", "2", "10"])]
        if self.r.random() < 0.4:
            cmd += ["MATCH", self.r.choice(["*", "[a-c]", "x*", "?"])]
        return ("SCAN", cmd)

    def command(self):
        r, k, rk, lk, m = self.r, self.key, self.rkey, self.lkey, lambda: _member(self.r)
        ws = lambda: ["WITHSCORES"] if r.random() < 0.4 else []  # noqa: E731
        table = [
            (16, lambda: self.zadd()),
            (4, lambda: ["ZINCRBY", k(), self.score(), m()]),
            (4, lambda: self.lexadd()),
            (4, lambda: ["ZREM", rk()] + [m() for _ in range(r.randint(1, 3))]),
            (2, lambda: ["ZCARD", rk()]),
            (2, lambda: ["ZCOUNT", rk(), self.rscore(), self.rscore()]),
            (2, lambda: ["ZLEXCOUNT", lk(), r.choice(LEX), r.choice(LEX)]),
            (3, lambda: ["ZSCORE", rk(), m()]),
            (2, lambda: ["ZMSCORE", rk()] + [m() for _ in range(r.randint(1, 3))]),
            (3, lambda: [r.choice(["ZRANK", "ZREVRANK"]), rk(), m()]),
            (8, lambda: ["ZRANGE"] + self.zrange_args() + ws()),
            (3, lambda: ["ZRANGESTORE", k()] + self.zrange_args() + (["WITHSCORES"] if r.random() < .05 else [])),
            (3, lambda: ["ZRANGEBYSCORE", rk(), self.rscore(), self.rscore()] + ws()
             + (self.limit() if r.random() < 0.3 else [])),
            (3, lambda: ["ZREVRANGEBYSCORE", rk(), self.rscore(), self.rscore()]
             + (self.limit() if r.random() < 0.3 else []) + ws()),
            (2, lambda: [r.choice(["ZRANGEBYLEX", "ZREVRANGEBYLEX"]), lk(), r.choice(LEX),
                         r.choice(LEX)] + (self.limit() if r.random() < 0.3 else [])),
            (1, lambda: ["ZREVRANGE", rk(), self.index(), self.index()] + ws()),
            (2, lambda: ["ZREMRANGEBYRANK", rk(), self.index(), self.index()]),
            (2, lambda: ["ZREMRANGEBYSCORE", rk(), self.rscore(), self.rscore()]),
            (2, lambda: ["ZREMRANGEBYLEX", lk(), r.choice(LEX), r.choice(LEX)]),
            (3, lambda: [r.choice(["ZPOPMIN", "ZPOPMAX"]), rk()] + ([self.count()] if r.random() < .6 else [])),
            (2, lambda: self.zmpop(False)),
            (3, lambda: self.zrandmember()),
            (3, lambda: self.setop(r.choice(["ZUNION", "ZINTER", "ZDIFF"]), False)),
            (3, lambda: self.setop(r.choice(["ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"]), True)),
            (1, lambda: ["ZINTERCARD", r.choice(["1", "2", "2", "0", "x"]), rk(), rk()]
             + (["LIMIT", r.choice(["0", "1", "3", "-1", "x"])] if r.random() < 0.5 else [])),
            (2, lambda: self.zscan()),
            (1, lambda: [r.choice(["BZPOPMIN", "BZPOPMAX"])] + self.keys(1, 3) + [self.timeout()]),
            (1, lambda: self.zmpop(True)),
            (2, lambda: ["OBJECT", "ENCODING", rk()]),
            (1, lambda: ["TYPE", rk()]),
            (0.5, lambda: ["DEL", rk()]),
        ]
        return pick(r, table, m())

    def stream(self, n):
        return [self.command() for _ in range(n)]


def _pairs(reply, flat):
    """(member, score Reply) pairs of a WITHSCORES reply: flat in RESP2, nested in RESP3."""
    if flat:
        v = reply.value
        return [(v[i].value, v[i + 1]) for i in range(0, len(v), 2)]
    return [(p.value[0].value, p.value[1]) for p in reply.value]


def _compare(conns, meta, cmd, protocol):
    """Runs one command on both servers; returns None when they agree, else (what, mine, theirs)."""
    a, b = conns
    if meta == "SCAN":
        return compare_scans(conns, cmd, b"listpack", 2)
    ra, rb = a.call(*cmd), b.call(*cmd)
    if is_error(ra) or is_error(rb) or meta in (None, "EXACT"):
        return None if ra == rb else ("reply", ra, rb)
    assert meta == "RAND", meta
    if ra.kind != rb.kind:
        return ("reply type", ra, rb)
    key = cmd[1]
    if len(cmd) == 2:  # one member or nil
        if (ra.value is None) != (rb.value is None):
            return ("nil", ra, rb)
        if ra.value is not None and b.call("ZSCORE", key, ra.value).kind not in "$,":
            return ("member not in the key", ra, rb)
        return None
    if len(items(ra)) != len(items(rb)):
        return ("length", ra, rb)
    withscores = len(cmd) == 4
    if withscores:
        pa, pb = _pairs(ra, protocol == 2), _pairs(rb, protocol == 2)
        for member, score in pa:
            if b.call("ZSCORE", key, member) != score:
                return ("member/score not in the key", ra, rb)
        va, vb = [p[0] for p in pa], [p[0] for p in pb]
    else:
        va, vb = items(ra), items(rb)
        if va and any(x.kind not in "$," for x in b.call("ZMSCORE", key, *va).value):
            return ("member not in the key", ra, rb)
    if int(cmd[2]) > 0:
        if len(set(va)) != len(va):
            return ("repeated members", ra, rb)
        if int(cmd[2]) >= b.call("ZCARD", key).value and sorted(va) != sorted(vb):
            return ("whole key", ra, rb)
    return None


def final_state(conn):
    out = []
    for key in KEYS + LEXKEYS:
        t = conn.call("TYPE", key)
        out.append((key, t, conn.call("OBJECT", "ENCODING", key)))
        if t.value == b"zset":
            out.append((key, conn.call("ZRANGE", key, "0", "-1", "WITHSCORES"), conn.call("ZCARD", key)))
    return out


def _setup(ringkv, oracle, protocol):
    conns = open_pair(ringkv, oracle, protocol, CONFIG)
    for c in conns:
        for prefix in ("", "l"):
            c.call("SET", prefix + "str", "x")
            c.call("SADD", prefix + "set", "a", "b", "1", "z")
    return conns


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed", SEEDS)
def test_zset_commands_match_redis(ringkv, oracle, seed, protocol):
    require_commands(ringkv, "zadd", "zmpop", "zrangestore", "zintercard", "bzmpop")
    stream = Gen(seed * 104729 + protocol).stream(2000)
    run_stream(_setup(ringkv, oracle, protocol), stream,
               lambda conns, meta, cmd: _compare(conns, meta, cmd, protocol), seed, protocol,
               final_state)


@pytest.mark.parametrize("protocol", [2, 3])
def test_big_zsets_match_redis(ringkv, oracle, protocol):
    """Skiplists of a few hundred members with many equal scores: ranks, ranges with LIMIT from
    both ends, set operations with weights, stores, pops across the conversion threshold."""
    require_commands(ringkv, "zadd", "zmpop", "zrangestore")
    rnd = random.Random(7)
    stream = []
    for key, n in (("z1", 300), ("z2", 200), ("z3", 5)):
        args = []
        for _ in range(n):
            args += [str(rnd.choice([rnd.randint(0, 50), rnd.randint(0, 50) / 4])),
                     "m%d" % rnd.randint(0, 400)]
        stream.append((None, ["ZADD", key] + args))
    # Lex ranges only mean something over equal scores.
    stream.append((None, ["ZADD", "l1"] + [x for i in range(300) for x in ("0", "m%d" % i)]))
    stream += [(None, c) for c in (
        ["ZRANK", "z1", "m7"], ["ZREVRANK", "z1", "m300"], ["ZCOUNT", "z1", "(10", "20"],
        ["ZRANGE", "z1", "100", "120", "WITHSCORES"], ["ZRANGE", "z1", "-5", "-1", "REV"],
        ["ZRANGE", "z1", "(10", "+inf", "BYSCORE", "LIMIT", "5", "7", "WITHSCORES"],
        ["ZRANGE", "z1", "+inf", "(10", "BYSCORE", "REV", "LIMIT", "5", "7"],
        ["ZRANGE", "l1", "[m1", "(m3", "BYLEX", "LIMIT", "2", "-1"],
        ["ZRANGE", "l1", "(m3", "-", "BYLEX", "REV", "LIMIT", "10", "5"], ["ZLEXCOUNT", "l1", "(m2", "+"],
        ["ZRANGESTORE", "d", "z1", "20", "40"], ["OBJECT", "ENCODING", "d"],
        ["ZUNIONSTORE", "u", "3", "z1", "z2", "set", "WEIGHTS", "1", "-2", "3", "AGGREGATE", "MAX"],
        ["ZRANGE", "u", "0", "-1", "WITHSCORES"],
        ["ZINTER", "2", "z1", "z2", "WITHSCORES"], ["ZDIFF", "2", "z1", "z2", "WITHSCORES"],
        ["ZINTERCARD", "2", "z1", "z2", "LIMIT", "4"], ["ZDIFFSTORE", "dd", "2", "z2", "z1"],
        ["ZREMRANGEBYRANK", "z1", "10", "200"], ["OBJECT", "ENCODING", "z1"],
        ["ZPOPMIN", "z2", "190"], ["OBJECT", "ENCODING", "z2"], ["ZMPOP", "2", "z3", "z2", "MAX", "COUNT", "100"],
        ["ZREMRANGEBYSCORE", "z1", "-inf", "(20"], ["ZREMRANGEBYLEX", "l1", "-", "[m2"],
        ["ZRANGE", "u", "0", "-1", "WITHSCORES"], ["ZRANGE", "z1", "0", "-1", "WITHSCORES"])]
    stream += [("SCAN", ["ZSCAN", "z1", "0", "COUNT", "5"]), ("RAND", ["ZRANDMEMBER", "z1", "30"]),
               ("RAND", ["ZRANDMEMBER", "z1", "-40", "WITHSCORES"]),
               ("RAND", ["ZRANDMEMBER", "z1", "1000", "WITHSCORES"])]
    run_stream(_setup(ringkv, oracle, protocol), stream,
               lambda conns, meta, cmd: _compare(conns, meta, cmd, protocol), 7, protocol,
               final_state)
