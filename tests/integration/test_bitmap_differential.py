"""Bitmap commands, differentially: the same random stream of SETBIT GETBIT BITCOUNT BITPOS BITOP
BITFIELD BITFIELD_RO (good and bad arguments, negative and huge ranges, BYTE and BIT units, every
field type and overflow mode, '#' offsets, int-encoded strings) is sent to ringkv and to
redis-server 7.0, in RESP2 and RESP3, and every reply must be byte-for-byte the same, as must the
strings left behind."""

import random

import pytest

from conftest import require_commands
from diffkit import open_pair
from resp import Conn

KEYS = ["b1", "b2", "b3", "n", "l"]


def _stream(seed, n):
    rnd = random.Random(seed)

    def k():
        return rnd.choice(KEYS)

    def offset(write=False):
        # The largest valid offset is only read: written, it would make a 512 MB string.
        return str(rnd.choice([rnd.randint(0, 80), rnd.randint(0, 80), rnd.randint(0, 300), -1,
                               4294967296 if write else 4294967295, 4294967296, "x", "+5", "07",
                               "#3"]))

    def index():
        return str(rnd.choice([rnd.randint(-12, 12), rnd.randint(-100, 100), 9223372036854775807,
                               -9223372036854775808, "x", ""]))

    def unit():
        return [rnd.choice(["BYTE", "bit", "BIT", "byte", "bits"])] if rnd.random() < .5 else []

    def ftype():
        if rnd.random() < .1:
            return rnd.choice(["u64", "i0", "I8", "x8", "u", "i65"])
        return rnd.choice(["i1", "u1", "i8", "u8", "i5", "u7", "i16", "u16", "i63", "u63", "i64"])

    def foffset():
        if rnd.random() < .1:
            return rnd.choice(["-1", "#-1", "x", "#"])
        return rnd.choice([str(rnd.randint(0, 100)), "#" + str(rnd.randint(0, 10))])

    def fvalue():
        return str(rnd.choice([rnd.randint(-300, 300), 9223372036854775807, -9223372036854775808,
                               127, -128, 255, 1, -1, rnd.randint(-2**63, 2**63 - 1), "x"]))

    def subops():
        ops = []
        for _ in range(rnd.randint(0, 4)):
            c = rnd.randint(0, 9)
            if c < 3:
                ops += ["GET", ftype(), foffset()]
            elif c < 5:
                ops += ["SET", ftype(), foffset(), fvalue()]
            elif c < 8:
                ops += ["INCRBY", ftype(), foffset(), fvalue()]
            elif c == 8:
                ops += ["OVERFLOW", rnd.choice(["WRAP", "sat", "FAIL", "fail", "nope"])]
            elif rnd.random() < .3:
                ops += [rnd.choice(["get", "bogus", "incrby"])]
        return ops

    gens = [
        lambda: ["SETBIT", k(), offset(write=True), rnd.choice(["0", "1", "1", "2", "-1", "x"])],
        lambda: ["SETBIT", k(), str(rnd.randint(0, 120)), str(rnd.randint(0, 1))],
        lambda: ["GETBIT", k(), offset()],
        lambda: ["BITCOUNT", k()],
        lambda: ["BITCOUNT", k(), index(), index()] + unit(),
        lambda: ["BITCOUNT", k(), index()],
        lambda: ["BITPOS", k(), rnd.choice(["0", "1", "2", "x"])],
        lambda: ["BITPOS", k(), rnd.choice(["0", "1"]), index()] + (
            [index()] + unit() if rnd.random() < .7 else []),
        lambda: ["BITOP", rnd.choice(["AND", "or", "XOR", "not", "NOT", "nand"]), k()]
        + [k() for _ in range(rnd.randint(1, 3))],
        lambda: ["BITFIELD", k()] + subops(),
        lambda: ["BITFIELD_RO", k()] + subops(),
        lambda: ["BITFIELD_RO", k(), "GET", ftype(), foffset()],
        lambda: ["SET", k(), rnd.choice(["12345", "-7", "foobar", "\xff\xf0\x00", "", "0"])],
        lambda: ["APPEND", k(), rnd.choice(["\x00", "\xff\xff", "abc"])],
        lambda: ["GET", k()],
        lambda: ["STRLEN", k()],
        lambda: ["DEL", k()],
    ]
    return [rnd.choice(gens)() for _ in range(n)]


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bitmap_commands_match_redis(ringkv, oracle, seed, protocol):
    require_commands(ringkv, "setbit", "bitfield", "bitfield_ro", "bitpos", "bitop")
    conns = open_pair(ringkv, oracle, protocol, {})
    try:
        for c in conns:
            c.call("RPUSH", "l", "x")
        for i, cmd in enumerate(_stream(seed, 1500)):
            mine, theirs = (c.call(*cmd) for c in conns)
            assert mine == theirs, "command %d %r: ringkv %r, redis %r" % (i, cmd, mine, theirs)
        for key in KEYS:
            for probe in (["TYPE", key], ["GET", key] if key != "l" else ["LLEN", key]):
                mine, theirs = (c.call(*probe) for c in conns)
                assert mine == theirs, probe
    finally:
        for c in conns:
            c.close()


def test_bitfield_on_int_encoded_and_expiring_keys(ringkv, oracle):
    """A BITFIELD write to an int-encoded string edits its digits' bytes; BITOP drops the
    destination's TTL, as SET does."""
    require_commands(ringkv, "bitfield", "bitop")
    conns = [Conn((s.host, s.port)) for s in (ringkv, oracle)]
    try:
        script = [
            ["SET", "n", "12345"], ["BITFIELD", "n", "INCRBY", "u8", "0", "1"], ["GET", "n"],
            ["OBJECT", "ENCODING", "n"],
            ["SET", "d", "x", "EX", "1000"], ["BITOP", "OR", "d", "n"], ["TTL", "d"], ["GET", "d"],
            ["BITOP", "AND", "d", "missing"], ["EXISTS", "d"],
        ]
        for cmd in script:
            mine, theirs = (c.call(*cmd) for c in conns)
            assert mine == theirs, "%r: ringkv %r, redis %r" % (cmd, mine, theirs)
    finally:
        for c in conns:
            c.close()
