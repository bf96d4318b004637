"""HyperLogLog, differentially: PFADD / PFCOUNT / PFMERGE streams sent to ringkv and to
redis-server 7.0 must give the same replies and leave byte-for-byte the same strings (sparse and
dense, through the sparse-to-dense promotion at hll-sparse-max-bytes), and an HLL made by real
Redis, copied into ringkv with GET/SET, must count the same. Corrupt HLL strings give Redis's
errors."""

import random

import pytest

from conftest import require_commands
from diffkit import open_pair
from resp import Conn

KEYS = ["h1", "h2", "h3", "s", "l"]


def _stream(seed, n):
    rnd = random.Random(seed)

    def k():
        return rnd.choice(KEYS)

    def elements():
        return ["e%d" % rnd.randint(0, 3000) for _ in range(rnd.randint(0, 40))]

    gens = [
        lambda: ["PFADD", k()] + elements(),
        lambda: ["PFADD", k()] + elements(),
        lambda: ["PFADD", k()] + elements(),
        lambda: ["PFCOUNT", k()],
        lambda: ["PFCOUNT"] + [k() for _ in range(rnd.randint(1, 3))],
        lambda: ["PFMERGE", k()] + [k() for _ in range(rnd.randint(0, 3))],
        lambda: ["GET", k()],
        lambda: ["DEL", k()] if rnd.random() < .1 else ["EXISTS", k()],
    ]
    return [rnd.choice(gens)() for _ in range(n)]


def _both(conns, *cmd):
    mine, theirs = (c.call(*cmd) for c in conns)
    assert mine == theirs, "%r: ringkv %r, redis %r" % (cmd, mine, theirs)
    return mine


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed,sparse_max", [(1, "3000"), (2, "300"), (3, "3000")])
def test_hll_commands_match_redis_byte_for_byte(ringkv, oracle, seed, sparse_max, protocol):
    require_commands(ringkv, "pfadd", "pfcount", "pfmerge")
    conns = open_pair(ringkv, oracle, protocol, {"hll-sparse-max-bytes": sparse_max})
    try:
        for c in conns:
            c.call("SET", "s", "not an hll")
            c.call("RPUSH", "l", "x")
        for i, cmd in enumerate(_stream(seed, 800)):
            mine, theirs = (c.call(*cmd) for c in conns)
            assert mine == theirs, "command %d %r: ringkv %r, redis %r" % (i, cmd, mine, theirs)
        for key in KEYS:
            _both(conns, "TYPE", key)
            if key != "l":
                _both(conns, "GET", key)
    finally:
        for c in conns:
            c.close()


def test_hll_made_by_redis_counts_the_same(ringkv, oracle):
    """Sparse and dense HLLs built by real Redis, copied byte for byte into ringkv."""
    require_commands(ringkv, "pfadd", "pfcount")
    conns = [Conn((s.host, s.port)) for s in (ringkv, oracle)]
    try:
        mine, theirs = conns
        for n in (5, 200, 5000):
            theirs.call("PFADD", "x%d" % n, *["m%d" % i for i in range(n)])
            raw = theirs.call("GET", "x%d" % n).value
            assert mine.call("SET", "x%d" % n, raw).kind == "+"
            _both(conns, "PFCOUNT", "x%d" % n)
            _both(conns, "GET", "x%d" % n)  # the cache PFCOUNT wrote, byte for byte
        _both(conns, "PFCOUNT", "x5", "x200", "x5000")
        _both(conns, "PFMERGE", "u", "x5", "x200", "x5000")
        _both(conns, "GET", "u")
        _both(conns, "PFCOUNT", "u")
    finally:
        for c in conns:
            c.close()


@pytest.mark.parametrize("bad", [
    b"HYLL",                                   # shorter than the header
    b"HYLL\x02\x00\x00\x00" + b"\x00" * 8,     # unknown encoding
    b"HYLL\x00\x00\x00\x00" + b"\x00" * 8 + b"\x00" * 100,   # dense of the wrong size
    b"HYLL\x01\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\x7f\xff",  # sparse covering too much
    b"HYLL\x01\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\xff" * 50,  # VAL runs, too few
    b"HYLL\x01\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\x40",       # truncated XZERO
])
def test_corrupt_hll_gives_redis_errors(ringkv, oracle, bad):
    require_commands(ringkv, "pfadd", "pfcount", "pfmerge")
    conns = [Conn((s.host, s.port)) for s in (ringkv, oracle)]
    try:
        for c in conns:
            c.call("SET", "bad", bad)
        for cmd in (["PFCOUNT", "bad"], ["PFADD", "bad", "a", "b", "c"], ["PFCOUNT", "bad", "x"],
                    ["PFMERGE", "dst", "bad"], ["PFCOUNT", "bad"]):
            _both(conns, *cmd)
    finally:
        for c in conns:
            c.close()
