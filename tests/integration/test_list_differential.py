"""List commands, differentially: the same random stream of list commands (every command, good and
bad arguments, extreme indexes, integer-looking strings, small nodes so they split and merge) is
sent to ringkv and to redis-server 7.0, in RESP2 and RESP3, and every reply must be byte-for-byte
the same (null shapes included), as must the lists left behind."""

import random

import pytest

from conftest import require_commands
from resp import Conn


def _value(rnd):
    c = rnd.randint(0, 5)
    if c == 0:
        return str(rnd.randint(-3, 3))
    if c == 1:
        return rnd.choice(["a", "b", "c"])
    if c == 2:
        return "x" * rnd.randint(0, 70)
    if c == 3:
        return rnd.choice(["01", "-0", "+1", "", " 1", "9223372036854775808", "-9223372036854775808"])
    return rnd.choice(["a", "b", "1", "2"])


def _stream(seed, n):
    rnd = random.Random(seed)
    keys = ["l1", "l2", "l3", "s"]

    def k():
        return rnd.choice(keys)

    def idx():
        return str(rnd.choice([rnd.randint(-12, 12), rnd.randint(-12, 12), 9223372036854775807,
                               -9223372036854775808, "x"]))

    def side():
        return rnd.choice(["left", "right", "LEFT", "Right", "up"])

    def lpos_opts():
        opts = []
        for _ in range(rnd.randint(0, 3)):
            opts += rnd.choice([["RANK", str(rnd.randint(-3, 3))], ["COUNT", str(rnd.randint(-1, 3))],
                                ["MAXLEN", str(rnd.randint(-1, 8))]])
        return opts

    gens = [
        lambda: ["LPUSH", k()] + [_value(rnd) for _ in range(rnd.randint(1, 6))],
        lambda: ["RPUSH", k()] + [_value(rnd) for _ in range(rnd.randint(1, 6))],
        lambda: [rnd.choice(["LPUSHX", "RPUSHX"]), k(), _value(rnd)],
        lambda: [rnd.choice(["LPOP", "RPOP"]), k()] + ([str(rnd.randint(-1, 5))] if rnd.random() < .5 else []),
        lambda: ["LLEN", k()],
        lambda: ["LRANGE", k(), idx(), idx()],
        lambda: ["LINDEX", k(), idx()],
        lambda: ["LSET", k(), idx(), _value(rnd)],
        lambda: ["LINSERT", k(), rnd.choice(["before", "AFTER", "x"]), _value(rnd), _value(rnd)],
        lambda: ["LREM", k(), str(rnd.choice([rnd.randint(-3, 3), -9223372036854775808])), _value(rnd)],
        lambda: ["LTRIM", k(), idx(), idx()],
        lambda: ["LPOS", k(), _value(rnd)] + lpos_opts(),
        lambda: ["LMOVE", k(), k(), side(), side()],
        lambda: ["RPOPLPUSH", k(), k()],
        lambda: ["LMPOP", str(rnd.randint(0, 3)), k(), k(), side()]
        + (["COUNT", str(rnd.randint(-1, 4))] if rnd.random() < .5 else []),
        lambda: ["BLPOP", k(), k(), rnd.choice(["0.01", "-1", "x"])],
        lambda: ["BRPOP", k(), "0.01"],
        lambda: ["BLMOVE", k(), k(), side(), side(), "0.01"],
        lambda: ["BRPOPLPUSH", k(), k(), "0.01"],
        lambda: ["BLMPOP", "0.01", "2", k(), k(), side()]
        + (["COUNT", str(rnd.randint(0, 4))] if rnd.random() < .5 else []),
        lambda: ["TYPE", k()],
    ]
    return [rnd.choice(gens)() for _ in range(n)]


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_list_commands_match_redis(ringkv, oracle, seed, protocol):
    require_commands(ringkv, "lpush", "lmpop", "blmpop", "lpos")
    conns = [Conn((s.host, s.port)) for s in (ringkv, oracle)]
    try:
        for c in conns:
            if protocol == 3:
                assert c.call("HELLO", "3").kind == "%"
            # Three elements per node: nodes split and merge all the time.
            assert c.call("CONFIG", "SET", "list-max-listpack-size", "3").kind == "+"
            c.call("FLUSHALL")
            c.call("SET", "s", "x")
        for i, cmd in enumerate(_stream(seed, 1500)):
            mine, theirs = (c.call(*cmd) for c in conns)
            assert mine == theirs, "command %d %r: ringkv %r, redis %r" % (i, cmd, mine, theirs)
        for key in ("l1", "l2", "l3"):
            mine, theirs = (c.call("LRANGE", key, "0", "-1") for c in conns)
            assert mine == theirs, key
    finally:
        for c in conns:
            c.close()
