"""Stream commands, differentially: seeded random streams of XADD (explicit IDs, "ms-*",
NOMKSTREAM, MAXLEN/MINID with = and ~ and LIMIT), XRANGE/XREVRANGE (exclusive bounds, COUNT),
XDEL, XTRIM, XLEN, XSETID, XREAD, consumer groups (XGROUP, XREADGROUP with > and history IDs and
NOACK, XACK, XPENDING summary and extended with IDLE, XCLAIM, XAUTOCLAIM, XINFO) go to ringkv and
to redis-server 7.0 in RESP2 and RESP3, with small stream-node-max-entries/bytes so nodes split;
every reply must be the same, and so must the datasets left behind.

Time-dependent parts are avoided or normalized: IDs are explicit ("*" only on a key whose reply
is checked for shape), min-idle times are 0 or huge, XCLAIM's TIME is a fixed past instant,
idle times and timestamps (integers above 10^12, "idle" values, XPENDING's elapsed column) are
masked, and radix-tree-nodes (Redis's rax internals) is masked. DUMP of the group-less key is
compared byte for byte: the node listpacks are Redis's."""

import os
import random

import pytest

from conftest import require_commands
from diffkit import is_error, open_pair, pick, run_stream
from resp import Reply

KEYS = ["s1", "s2", "s3"]  # s3 never gets groups: its DUMP has no timestamps
GROUPS = ["g1", "g2", "gx"]
CONSUMERS = ["alice", "bob", "carol"]
FIELDS = ["a", "b", "c", "field", "1", "22"]
CONFIG = {"stream-node-max-entries": "5", "stream-node-max-bytes": "300"}
SEEDS = [int(x) for x in os.environ.get("RINGKV_DIFF_SEEDS", "1,2,3").split(",")]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.ms = {k: 1 for k in KEYS}

    def key(self):
        return self.r.choice(KEYS + ["str", "missing"] if self.r.random() < 0.08 else KEYS)

    def gkey(self):
        return self.r.choice(["s1", "s2", "s2", "missing" if self.r.random() < 0.05 else "s1"])

    def id(self, key=None):
        r = self.r
        top = self.ms.get(key or "s1", 10) + 2
        c = r.random()
        if c < 0.7:
            return "%d-%d" % (r.randint(0, top), r.randint(0, 3))
        if c < 0.85:
            return str(r.randint(0, top))
        return r.choice(["-", "+", "0", "0-0", "x", "1-x", "-1", "18446744073709551615-18446744073709551615",
                         "18446744073709551616", "1-*", "(1", "", "007", "1.5"])

    def add_id(self, key):
        r = self.r
        c = r.random()
        if c < 0.55:
            self.ms[key] += r.choice([0, 1, 1, 2])
            return "%d-%d" % (self.ms[key], r.randint(0, 4))
        if c < 0.85:
            self.ms[key] += r.choice([0, 1])
            return "%d-*" % self.ms[key]
        return self.id(key)

    def trim(self):
        r = self.r
        strat = r.choice(["MAXLEN", "MINID", "maxlen"])
        out = [strat] + r.choice([[], ["="], ["~"], ["~"]])
        if strat == "MINID":
            out.append(self.id())
        else:
            out.append(r.choice([str(r.randint(0, 30)), "-1", "x"]))
        if r.random() < 0.3:
            out += ["LIMIT", r.choice(["0", "1", "5", "100", "-1", "x"])]
        return out

    def xadd(self):
        r = self.r
        key = self.key()
        cmd = ["XADD", key]
        if r.random() < 0.1:
            cmd.append("NOMKSTREAM")
        if r.random() < 0.25:
            cmd += self.trim()
        cmd.append(self.add_id(key if key in self.ms else "s1"))
        same = r.random() < 0.7
        n = 2 if same else r.randint(1, 3)
        for i in range(n):
            f = FIELDS[i] if same else r.choice(FIELDS)
            v = r.choice([str(r.randint(0, 100)), "v" * r.randint(0, 40), "-5", "x y"])
            cmd += [f, v]
        return cmd

    def rng(self):
        r = self.r
        b = lambda: self.id() if r.random() < 0.6 else r.choice(["-", "+", "(" + self.id(), "(-", "(+"])  # noqa: E731
        cmd = [r.choice(["XRANGE", "XREVRANGE"]), self.key(), b(), b()]
        if r.random() < 0.4:
            cmd += ["COUNT", r.choice(["0", "1", "3", "-1", "x", "100"])]
        return cmd

    def xreadgroup(self):
        r = self.r
        cmd = ["XREADGROUP", "GROUP", r.choice(GROUPS), r.choice(CONSUMERS)]
        if r.random() < 0.5:
            cmd += ["COUNT", r.choice(["1", "2", "5", "0"])]
        if r.random() < 0.2:
            cmd.append("NOACK")
        keys = [self.gkey() for _ in range(r.randint(1, 2))]
        ids = [r.choice([">", ">", ">", "0", "0-0", self.id(), "$"]) for _ in keys]
        return cmd + ["STREAMS"] + keys + ids

    def xclaim(self):
        r = self.r
        cmd = ["XCLAIM", self.gkey(), r.choice(GROUPS), r.choice(CONSUMERS),
               r.choice(["0", "0", "100000000", "-5", "x"])]
        cmd += [self.id() for _ in range(r.randint(1, 3))]
        for opt in r.sample([["FORCE"], ["JUSTID"], ["RETRYCOUNT", r.choice(["3", "x"])],
                             ["TIME", r.choice(["1000", "x"])], ["LASTID", self.id()], ["BOGUS"]],
                            r.randint(0, 3)):
            cmd += opt
        return cmd

    def command(self):
        r, k, g = self.r, self.key, self.gkey
        table = [
            (20, lambda: self.xadd()),
            (2, lambda: ("STAR", ["XADD", "star", "MAXLEN", "3", "*", "a", "1"])),
            (8, lambda: self.rng()),
            (3, lambda: ["XLEN", k()]),
            (4, lambda: ["XDEL", k()] + [self.id() for _ in range(r.randint(1, 3))]),
            (3, lambda: ["XTRIM", k()] + self.trim()),
            (1, lambda: ["XSETID", k(), self.id()] + r.choice(
                [[], ["ENTRIESADDED", r.choice(["100", "1", "-1"])],
                 ["MAXDELETEDID", self.id()]])),
            (3, lambda: ["XREAD"] + (["COUNT", r.choice(["1", "3", "0"])] if r.random() < .5 else [])
             + ["STREAMS"] + [k() for _ in range(r.randint(1, 2))][:1] + [r.choice([self.id(), "$", "0"])]),
            (3, lambda: ["XGROUP", "CREATE", g(), r.choice(GROUPS), r.choice(["0", "$", self.id()])]
             + r.choice([[], ["MKSTREAM"], ["ENTRIESREAD", r.choice(["3", "-1", "-2"])]])),
            (1, lambda: ["XGROUP", "SETID", g(), r.choice(GROUPS), r.choice(["0", "$", self.id()])]
             + r.choice([[], ["ENTRIESREAD", "2"]])),
            (0.5, lambda: ["XGROUP", "DESTROY", g(), r.choice(GROUPS)]),
            (1, lambda: ["XGROUP", "CREATECONSUMER", g(), r.choice(GROUPS), r.choice(CONSUMERS)]),
            (1, lambda: ["XGROUP", "DELCONSUMER", g(), r.choice(GROUPS), r.choice(CONSUMERS)]),
            (0.3, lambda: ["XGROUP", r.choice(["FOO", "create", "HELP"]), g()]),
            (8, lambda: self.xreadgroup()),
            (5, lambda: ["XACK", g(), r.choice(GROUPS)] + [self.id() for _ in range(r.randint(1, 3))]),
            (3, lambda: ["XPENDING", g(), r.choice(GROUPS)]),
            (3, lambda: ["XPENDING", g(), r.choice(GROUPS)]
             + (["IDLE", r.choice(["0", "100000000"])] if r.random() < 0.3 else [])
             + [self.id(), self.id(), r.choice(["10", "1", "0", "x"])]
             + ([r.choice(CONSUMERS)] if r.random() < 0.4 else [])),
            (4, lambda: self.xclaim()),
            (2, lambda: ["XAUTOCLAIM", g(), r.choice(GROUPS), r.choice(CONSUMERS),
                         r.choice(["0", "100000000"]), self.id()]
             + (["COUNT", r.choice(["1", "2", "0", "x"])] if r.random() < .5 else [])
             + (["JUSTID"] if r.random() < .3 else [])),
            (2, lambda: ["XINFO", "STREAM", k()] + r.choice(
                [[], [], ["FULL"], ["FULL", "COUNT", r.choice(["1", "0", "x"])], ["BOGUS"]])),
            (1, lambda: ["XINFO", "GROUPS", k()]),
            (1, lambda: ["XINFO", "CONSUMERS", g(), r.choice(GROUPS)]),
            (1, lambda: ["DUMP", "s3"]),
            (0.3, lambda: ["DEL", r.choice(KEYS)]),
        ]
        return pick(r, table, "x")

    def stream(self, n):
        return [self.command() for _ in range(n)]


def normalize(reply, key=None):
    """Masks timestamps, idle times and rax internals (see the module docstring)."""
    if not isinstance(reply, Reply):
        return reply
    if reply.kind == ":" and isinstance(reply.value, int) and (
            reply.value > 10 ** 12 or key in (b"idle", b"radix-tree-nodes")):
        return Reply(":", "T")
    if reply.kind in "*~>" and reply.value is not None:
        v = [normalize(x) for x in reply.value]
        # Flat RESP2 maps: mask the value after a masked field name.
        for i in range(len(v) - 1):
            if v[i].kind == "$" and v[i].value in (b"idle", b"radix-tree-nodes", b"seen-time"):
                v[i + 1] = Reply(":", "T")
        return Reply(reply.kind, v)
    if reply.kind == "%":
        return Reply("%", [(normalize(a), normalize(b, a.value)) for a, b in reply.value])
    return reply


def pending_rows(reply):
    """XPENDING's extended rows with the elapsed column masked."""
    if reply.kind != "*" or reply.value is None:
        return reply
    rows = []
    for row in reply.value:
        if row.kind == "*" and row.value and len(row.value) == 4:
            row = Reply("*", row.value[:2] + [Reply(":", "T")] + row.value[3:])
        rows.append(row)
    return Reply("*", rows)


def _compare(conns, meta, cmd):
    a, b = conns
    ra, rb = a.call(*cmd), b.call(*cmd)
    if meta == "STAR":
        ok = ra.kind == rb.kind and (ra.kind != "$" or ra.value.count(b"-") == 1)
        return None if ok else ("reply", ra, rb)
    name = cmd[0].upper()
    if name == "XPENDING" and len(cmd) > 3:
        ra, rb = pending_rows(ra), pending_rows(rb)
    ra, rb = normalize(ra), normalize(rb)
    return None if ra == rb else ("reply", ra, rb)


def final_state(conn):
    out = []
    for key in KEYS:
        t = conn.call("TYPE", key)
        out.append((key, t))
        if t.value != b"stream":
            continue
        out.append(conn.call("XRANGE", key, "-", "+"))
        out.append(normalize(conn.call("XINFO", "STREAM", key)))
        groups = conn.call("XINFO", "GROUPS", key)
        out.append(normalize(groups))
        for g in GROUPS:
            out.append(conn.call("XPENDING", key, g))
            out.append(pending_rows(conn.call("XPENDING", key, g, "-", "+", "1000")))
            out.append(normalize(conn.call("XINFO", "CONSUMERS", key, g)))
    out.append(conn.call("DUMP", "s3"))
    return out


def _setup(ringkv, oracle, protocol):
    conns = open_pair(ringkv, oracle, protocol, CONFIG)
    for c in conns:
        c.call("SET", "str", "x")
    return conns


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed", SEEDS)
def test_stream_commands_match_redis(ringkv, oracle, seed, protocol):
    require_commands(ringkv, "xadd", "xreadgroup", "xautoclaim", "xinfo", "xsetid")
    stream = Gen(seed * 7919 + protocol).stream(2500)
    run_stream(_setup(ringkv, oracle, protocol), stream,
               lambda conns, meta, cmd: _compare(conns, meta, cmd), seed, protocol, final_state)


def test_big_stream_dump_is_byte_identical(ringkv, oracle):
    """Thousands of entries with default node limits, deletions and trims: DUMP equal."""
    require_commands(ringkv, "xadd")
    conns = open_pair(ringkv, oracle, 2, {})
    rnd = random.Random(11)
    cmds = []
    for i in range(1, 3000):
        f = ["temp", str(rnd.randint(0, 99)), "city", rnd.choice(["paris", "rome", "x" * 50])]
        if i % 97 == 0:
            f += ["extra", "1"]
        cmds.append(["XADD", "big", "%d-%d" % (1000 + i // 3, i % 3)] + f)
        if i % 50 == 0:
            cmds.append(["XDEL", "big", "%d-%d" % (1000 + rnd.randint(0, i // 3), rnd.randint(0, 2))])
        if i % 700 == 0:
            cmds.append(["XTRIM", "big", "MAXLEN", "~", "1500"])
    cmds.append(["XTRIM", "big", "MINID", "1300"])
    try:
        for cmd in cmds:
            ra, rb = (c.call(*cmd) for c in conns)
            assert ra == rb, (cmd, ra, rb)
        for cmd in (["DUMP", "big"], ["XLEN", "big"], ["XRANGE", "big", "-", "+"]):
            ra, rb = (c.call(*cmd) for c in conns)
            assert ra == rb, cmd
        # RESTORE of Redis's payload on ringkv gives the same stream.
        dump = conns[1].call("DUMP", "big").value
        assert conns[0].call("RESTORE", "copy", "0", dump) == Reply("+", b"OK")
        assert conns[0].call("XRANGE", "copy", "-", "+") == conns[1].call("XRANGE", "big", "-", "+")
    finally:
        for c in conns:
            c.close()
