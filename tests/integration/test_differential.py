"""Differential test: the same randomized command stream goes to ringkv and to redis-server 7.0,
and every reply must be identical: type and bytes, including exact error texts.

The stream is generated up front from a seed (printed, and in every failure message) and sent over
raw RESP (resp.py) to two fresh servers started with the same flags. Keys come from a small pool so
commands interact. Valid and invalid commands are mixed: wrong arity, wrong types, non-integers,
overflow, float edge cases, bad option combinations, out-of-range indexes and DB numbers.

Two streams run by default:
  strings  string and generic key commands only (so it can pass before other types exist)
  mixed    the same plus LPUSH/SADD/HSET/ZADD creating other types, so WRONGTYPE, TYPE,
           OBJECT ENCODING, COPY, SCAN TYPE ... meet them
Environment: RINGKV_DIFF_SEED=<int>|random overrides the seeds; RINGKV_DIFF_COMMANDS=<n> the length.

Normalized, because it is inherently nondeterministic (nothing else is):
  * TTL, PTTL, EXPIRETIME, PEXPIRETIME: integers compared only as -2 / -1 / positive (clock).
  * RANDOMKEY: compared only as null vs. a bulk string (the key is random).
  * SCAN: iterated to cursor 0 on each server, and the union of returned keys compared as a set
    (cursor values and batching are implementation details); a SCAN that errors is compared exactly.
  * KEYS: compared as a sorted list (the order is hash-table order).
  * COMMAND COUNT: compared only by reply type (ringkv may implement a different set of commands).
Expiry times are chosen so that no outcome depends on the clock: every relative or absolute time
is ~10^9 s or more in the future and distinct times differ by >= 100 s (so EXPIRE ... GT/LT never
compares two times set a few milliseconds apart), or else in the past / non-positive, which deletes
at once. Nothing is set to expire during the run, so DBSIZE doesn't depend on active expiry.
"""

import os
import random
import time

import pytest

from conftest import require_commands

import resp
from resp import Reply, show

POOL = ["k%d" % i for i in range(20)]
NDBS = 4                      # the stream uses DBs 0..3 (and some out-of-range numbers)
DEFAULT_COMMANDS = 3000
STREAMS = {"strings": 20240601, "mixed": 20240602}

I64_MAX = "9223372036854775807"
I64_MIN = "-9223372036854775808"


class Gen:
    """Generates one command stream: a list of (meta, args). args is a list of str/bytes; meta is
    None for an exact comparison, or names the normalization (see normalize(), scan_all()).
    Only commands with meta None get their arity mutated; "EXACT" means compared exactly but
    not mutated."""

    def __init__(self, seed, mixed, now=None):
        self.r = random.Random(seed)
        self.mixed = mixed
        self.idx = 0
        self.now = int(time.time()) if now is None else now

    # ---- argument pools ----

    def choice(self, seq):
        return self.r.choice(seq)

    def key(self):
        if self.r.random() < 0.03:
            return "missing:%d" % self.r.randrange(3)
        return self.choice(POOL)

    def keys(self, lo=1, hi=4):
        return [self.key() for _ in range(self.r.randint(lo, hi))]

    def value(self):
        c = self.r.random()
        if c < 0.30:
            return str(self.r.randint(-1000, 100000))
        if c < 0.40:
            return self.choice(["0", "-1", I64_MAX, I64_MIN, "9223372036854775808", "007", " 1",
                                "+1", "-0", "10000", "1e3", "12345678901234567890"])
        if c < 0.50:
            return self.choice(["1.5", "-0.25", "3.0e2", "1e308", "-1e308", "inf", "nan", "0.1",
                                "5e-324", "1.7976931348623157e308", "2.5", ".5"])
        if c < 0.60:
            return self.choice(["", "a", "abc", "hello world", "x" * 44, "y" * 45, "z" * 100])
        if c < 0.70:
            return bytes(self.r.randrange(256) for _ in range(self.r.randint(0, 12)))
        return "".join(self.choice("abcdefgh") for _ in range(self.r.randint(1, 12)))

    def int_arg(self):
        if self.r.random() < 0.7:
            return str(self.r.randint(-100, 100))
        return self.choice(["0", I64_MAX, I64_MIN, "9223372036854775808", "abc", "1.5", "",
                            " 5", "99999999999999999999", "-0", "+3", "0x10"])

    def float_arg(self):
        if self.r.random() < 0.5:
            return self.choice(["1", "-1", "0.5", "-2.25", "10", "3.3333", "0"])
        return self.choice(["1e308", "-1e308", "inf", "-inf", "+inf", "nan", "abc", "1e-400",
                            "0x10", "5e3", " 1", "1.0e+2", "+1", ".5", "5.", "1e", "",
                            "3.0000000000000001", "1.7976931348623157e308", "-0", I64_MAX])

    def small_index(self):
        if self.r.random() < 0.85:
            return str(self.r.randint(-30, 30))
        return self.choice(["abc", I64_MAX, I64_MIN, "1.5", "100000"])

    def offset(self):
        if self.r.random() < 0.85:
            return str(self.r.randint(0, 40))
        return self.choice(["-1", "abc", "536870912", "1000", I64_MAX])

    # Expiry times: see the module docstring for why they look like this.
    def _spread(self, bucket):
        return bucket + self.idx * 100

    def rel_seconds(self):
        return self._spread(self.choice([10**9, 2 * 10**9, 4 * 10**9]))

    def abs_seconds(self):
        return self.now + self._spread(self.choice([15 * 10**8, 3 * 10**9]))

    def ttl_opt(self, valid_only=False):
        """An expiry option for SET/GETEX: [name, value]."""
        c = self.r.random()
        if valid_only or c < 0.8:
            name = self.choice(["EX", "PX", "EXAT", "PXAT"])
            v = {"EX": self.rel_seconds, "EXAT": self.abs_seconds}.get(name)
            if v:
                return [name, str(v())]
            base = self.rel_seconds() if name == "PX" else self.abs_seconds()
            return [name, str(base * 1000 + self.r.randrange(1000))]
        name = self.choice(["EX", "PX", "EXAT", "PXAT", "ex"])
        return [name, self.choice(["0", "-5", "abc", I64_MAX, "", "1.5"])]

    def expire_time(self, cmd):
        """A time argument for EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT."""
        c = self.r.random()
        ms = cmd.startswith("P")
        absolute = cmd.endswith("AT")
        if c < 0.8:
            t = self.abs_seconds() if absolute else self.rel_seconds()
            return str(t * 1000 + self.r.randrange(1000) if ms else t)
        if c < 0.9:  # deletes at once
            return self.choice(["0", "-5", "1"] if absolute else ["0", "-1", "-100"])
        return self.choice(["abc", "1.5", "", I64_MAX, I64_MIN, "99999999999999999999"])

    def db(self):
        if self.r.random() < 0.9:
            return str(self.r.randrange(NDBS))
        return self.choice(["16", "-1", "abc", "99"])

    # ---- commands ----

    def gen_set(self):
        args = ["SET", self.key(), self.value()]
        opts = []
        for _ in range(self.r.choice([0, 0, 1, 1, 2, 3])):
            c = self.r.random()
            if c < 0.45:
                opts += self.ttl_opt()
            else:
                opts.append(self.choice(["NX", "XX", "GET", "KEEPTTL", "nx", "get", "BADOPT"]))
        return args + opts

    def gen_getex(self):
        args = ["GETEX", self.key()]
        c = self.r.random()
        if c < 0.3:
            return args
        if c < 0.5:
            return args + ["PERSIST"]
        if c < 0.85:
            return args + self.ttl_opt()
        if c < 0.9:  # already in the past: deletes
            return args + [self.choice(["EXAT", "PXAT"]), "1"]
        return args + self.choice([["PERSIST", "EX", "10"], ["EX", "10", "PX", "10000"],
                                   ["PERSIST", "PERSIST"], ["KEEPTTL"], ["EX"], ["FOO"]])

    def gen_expire(self):
        cmd = self.choice(["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"])
        args = [cmd, self.key(), self.expire_time(cmd)]
        n = self.choice([0, 0, 1, 1, 1, 2])
        args += [self.choice(["NX", "XX", "GT", "LT", "nx", "gt", "FOO"]) for _ in range(n)]
        return args

    def gen_lcs(self):
        args = ["LCS", self.key(), self.key()]
        for _ in range(self.choice([0, 1, 1, 2, 3])):
            o = self.choice(["LEN", "IDX", "MINMATCHLEN", "WITHMATCHLEN", "IDX", "BAD"])
            args.append(o)
            if o == "MINMATCHLEN":
                args.append(self.choice(["0", "1", "2", "3", "-1", "abc"]))
        return args

    def gen_copy(self):
        args = ["COPY", self.key(), self.key()]
        for _ in range(self.choice([0, 0, 1, 2])):
            o = self.choice(["DB", "REPLACE", "DB", "BAD"])
            args.append(o)
            if o == "DB":
                args.append(self.db())
        return args

    def gen_scan(self):
        c = self.r.random()
        if c < 0.1:  # invalid: compared exactly, and never mutated (a valid SCAN is unordered)
            return ("EXACT", self.choice([["SCAN", "abc"], ["SCAN", "0", "COUNT", "0"],
                                ["SCAN", "0", "COUNT", "abc"], ["SCAN", "0", "MATCH"],
                                ["SCAN", "0", "FOO", "bar"], ["SCAN"]]))
        args = ["SCAN", "0", "MATCH", self.choice(["*", "*", "k1*", "k?", "*[0-4]", "missing*"]),
                "COUNT", self.choice(["1000", "1", "3", "10"])]
        if self.mixed and self.r.random() < 0.3:
            args += ["TYPE", self.choice(["string", "list", "set", "hash", "zset", "nosuchtype"])]
        return ("SCAN", args)

    def gen_mixed_type(self):
        k = self.key()
        return self.choice([
            ["LPUSH", k] + [self.value() for _ in range(self.r.randint(1, 3))],
            ["RPUSH", k, self.value()],
            ["SADD", k] + [str(self.r.randint(0, 20)) for _ in range(self.r.randint(1, 3))],
            ["SADD", k, self.value()],
            ["HSET", k, self.choice(["f1", "f2", "f3"]), self.value()],
            ["ZADD", k, self.choice(["1", "2.5", "-3"]), self.choice(["m1", "m2", "m3"])],
            ["LLEN", k], ["SCARD", k], ["HGET", k, "f1"], ["ZSCORE", k, "m1"],
        ])

    def command(self):
        r = self.r
        k = self.key
        table = [
            (10, lambda: self.gen_set()),
            (8, lambda: ["GET", k()]),
            (2, lambda: ["MGET"] + self.keys(1, 5)),
            (2, lambda: ["MSET"] + sum(([k(), self.value()] for _ in range(r.randint(1, 3))), [])),
            (2, lambda: ["MSETNX"] + sum(([k(), self.value()] for _ in range(r.randint(1, 3))), [])),
            (2, lambda: ["SETNX", k(), self.value()]),
            (2, lambda: ["SETEX", k(), self.choice([str(self.rel_seconds())] * 4 + ["0", "-1", "abc"]),
                         self.value()]),
            (1, lambda: ["PSETEX", k(), self.choice([str(self.rel_seconds() * 1000)] * 4 + ["0", "abc"]),
                         self.value()]),
            (2, lambda: ["GETSET", k(), self.value()]),
            (2, lambda: ["GETDEL", k()]),
            (3, lambda: self.gen_getex()),
            (3, lambda: ["APPEND", k(), self.value()]),
            (2, lambda: ["STRLEN", k()]),
            (4, lambda: ["INCR", k()]),
            (2, lambda: ["DECR", k()]),
            (4, lambda: ["INCRBY", k(), self.int_arg()]),
            (3, lambda: ["DECRBY", k(), self.int_arg()]),
            (1, lambda: ["INCRBY", k(), I64_MAX]),
            (1, lambda: ["DECRBY", k(), I64_MIN]),
            (4, lambda: ["INCRBYFLOAT", k(), self.float_arg()]),
            (3, lambda: ["SETRANGE", k(), self.offset(), self.value()]),
            (3, lambda: ["GETRANGE", k(), self.small_index(), self.small_index()]),
            (1, lambda: ["SUBSTR", k(), self.small_index(), self.small_index()]),
            (2, lambda: self.gen_lcs()),
            (3, lambda: ["OBJECT", "ENCODING", k()]),
            (1, lambda: ["OBJECT", self.choice(["FOO", "encoding"]), k()]),
            (3, lambda: ["TYPE", k()]),
            (3, lambda: ["EXISTS"] + self.keys(1, 4)),
            (3, lambda: ["DEL"] + self.keys(1, 3)),
            (1, lambda: ["UNLINK"] + self.keys(1, 3)),
            (2, lambda: ["TOUCH"] + self.keys(1, 3)),
            (2, lambda: ["RENAME", k(), k()]),
            (1, lambda: ["RENAMENX", k(), k()]),
            (2, lambda: self.gen_copy()),
            (4, lambda: self.gen_expire()),
            (2, lambda: ["PERSIST", k()]),
            (3, lambda: ("TTL", [self.choice(["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"]), k()])),
            (2, lambda: ["SELECT", self.db()]),
            (1, lambda: ["MOVE", k(), self.db()]),
            (1, lambda: ["SWAPDB", self.db(), self.db()]),
            (2, lambda: ["DBSIZE"]),
            (0.3, lambda: ["FLUSHDB"]),
            (0.1, lambda: ["FLUSHALL"]),
            (1, lambda: ("RANDOMKEY", ["RANDOMKEY"])),
            (1, lambda: self.gen_scan()),
            (1, lambda: ("KEYS", ["KEYS", self.choice(["*", "k1*", "k[0-5]", "*9", "x*", "k?"])])),
            (0.2, lambda: ("COMMAND COUNT", ["COMMAND", "COUNT"])),
            (0.5, lambda: ["ECHO", self.value()]),
            (0.3, lambda: ["PING"] + ([self.value()] if r.random() < 0.5 else [])),
            (0.3, lambda: [self.choice(["FOOBAR", "GETT", "SETX"]), k(), self.value()]),
        ]
        if self.mixed:
            table.append((8, lambda: self.gen_mixed_type()))
        total = sum(w for w, _ in table)
        x = r.random() * total
        for w, f in table:
            x -= w
            if x < 0:
                break
        cmd = f()
        meta = None
        if isinstance(cmd, tuple):
            meta, cmd = cmd
        # Sometimes the wrong number of arguments, for any command.
        if meta is None and r.random() < 0.04:
            if r.random() < 0.5 and len(cmd) > 1:
                cmd = cmd[:r.randrange(1, len(cmd))]
            else:
                cmd = cmd + [self.value()]
        # Command names are case-insensitive.
        cmd = list(cmd)
        if r.random() < 0.2:
            cmd[0] = "".join(ch.lower() if r.random() < 0.5 else ch for ch in cmd[0])
        return (meta, cmd)

    def stream(self, n):
        out = []
        for i in range(n):
            self.idx = i
            out.append(self.command())
        return out


# ---- running and comparing ----

def scan_all(conn, args):
    """Iterate SCAN from the given args to cursor 0. Returns ('keys', frozenset) or the error
    Reply of the first call."""
    args = list(args)
    seen = set()
    for _ in range(100000):
        r = conn.call(*args)
        if r.kind != "*":
            return r
        cursor, batch = r.value
        seen.update(x.value for x in batch.value)
        if cursor.value == b"0":
            return ("keys", frozenset(seen))
        args[1] = cursor.value
    raise AssertionError("SCAN did not finish")


def normalize(meta, reply):
    if meta == "TTL" and reply.kind == ":":
        return Reply(":", reply.value if reply.value < 0 else "positive")
    if meta == "RANDOMKEY" and reply.kind == "$":
        return Reply("$", None if reply.value is None else "<some key>")
    if meta == "KEYS" and reply.kind == "*":
        return Reply("*", sorted(reply.value))
    if meta == "COMMAND COUNT":
        return Reply(reply.kind, "<not compared>")
    return reply


def run(conn, meta, cmd):
    """Send one command of the stream; return its reply, normalized as the module doc says."""
    if meta == "SCAN":
        return scan_all(conn, cmd)
    return normalize(meta, conn.call(*cmd))


def fmt_cmd(cmd):
    return " ".join(repr(a) if isinstance(a, bytes) else ('"%s"' % a if (not a or " " in a) else a)
                    for a in cmd)


def fmt_reply(r):
    if isinstance(r, tuple) and r and r[0] == "keys":
        return "keys%s" % sorted(r[1])
    return show(r)


def final_state(conn, mixed):
    """Everything both servers hold at the end, per DB: keys, types and string values."""
    state = []
    for db in range(NDBS):
        assert conn.call("SELECT", str(db)) == Reply("+", b"OK")
        keys = sorted(x.value for x in conn.call("KEYS", "*").value)
        state.append(("db", db, "dbsize", conn.call("DBSIZE")))
        for key in keys:
            t = conn.call("TYPE", key)
            v = conn.call("GET", key) if t.value == b"string" else None
            state.append((key, t, v))
    return state


def differential(ringkv, oracle, seed, mixed, n):
    print("differential stream: seed=%d mixed=%s commands=%d" % (seed, mixed, n))
    stream = Gen(seed, mixed).stream(n)
    a = resp.Conn((ringkv.host, ringkv.port), timeout=30)
    b = resp.Conn((oracle.host, oracle.port), timeout=30)
    try:
        for i, (meta, cmd) in enumerate(stream):
            ra = run(a, meta, cmd)
            rb = run(b, meta, cmd)
            if ra != rb:
                context = "\n".join("  #%d %s" % (j, fmt_cmd(stream[j][1]))
                                    for j in range(max(0, i - 8), i))
                pytest.fail("seed %d (RINGKV_DIFF_SEED=%d), command #%d differs:\n"
                            "  command:      %s\n  ringkv:       %s\n  redis-server: %s\n"
                            "preceding commands:\n%s"
                            % (seed, seed, i, fmt_cmd(cmd), fmt_reply(ra), fmt_reply(rb), context))
        sa, sb = final_state(a, mixed), final_state(b, mixed)
        for x, y in zip(sa, sb):
            assert x == y, "seed %d: final state differs: ringkv %r, redis-server %r" % (seed, x, y)
        assert len(sa) == len(sb), "seed %d: final key sets differ" % seed
    finally:
        a.close()
        b.close()


def _seeds():
    env = os.environ.get("RINGKV_DIFF_SEED")
    if not env:
        return list(STREAMS.items())
    seed = int(time.time() * 1000) % (1 << 31) if env == "random" else int(env)
    return [(name, seed) for name in STREAMS]


SEEDS = _seeds()


@pytest.mark.parametrize("name,seed", SEEDS, ids=[n for n, _ in SEEDS])
def test_differential(ringkv, oracle, name, seed):
    if name == "mixed":
        require_commands(ringkv, "lpush", "sadd", "hset", "zadd")
    n = int(os.environ.get("RINGKV_DIFF_COMMANDS", DEFAULT_COMMANDS))
    differential(ringkv, oracle, seed, name == "mixed", n)


def test_generator_is_deterministic():
    assert Gen(7, True, now=10**9).stream(500) == Gen(7, True, now=10**9).stream(500)
