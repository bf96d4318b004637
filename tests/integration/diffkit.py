"""Shared plumbing for the per-family differential tests (sets, sorted sets): open one raw RESP
connection to ringkv and one to redis-server in the same protocol with the same CONFIG, send a
stream of commands through a per-command comparison, and fail with the command, both replies and
the commands before it."""

import re

import pytest

from resp import Conn, Reply, show

I64_MAX = "9223372036854775807"
I64_MIN = "-9223372036854775808"


def open_pair(ringkv, oracle, protocol, config):
    """Two connections (ringkv, redis) after FLUSHALL, in RESP `protocol`, with CONFIG SET `config`
    (name -> value) applied to both."""
    conns = [Conn((s.host, s.port), timeout=30) for s in (ringkv, oracle)]
    for c in conns:
        if protocol == 3:
            assert c.call("HELLO", "3").kind == "%"
        for name, value in config.items():
            r = c.call("CONFIG", "SET", name, value)
            assert r == Reply("+", b"OK"), "CONFIG SET %s %s: %s" % (name, value, show(r))
        assert c.call("FLUSHALL") == Reply("+", b"OK")
    return conns


def fmt_cmd(cmd):
    return " ".join('"%s"' % a if (not a or " " in a) else a for a in cmd)


def fail(seed, protocol, i, stream, cmd, mine, theirs, what="reply"):
    context = "\n".join("  #%d %s" % (j, fmt_cmd(stream[j][1])) for j in range(max(0, i - 10), i))
    show_ = lambda r: show(r) if isinstance(r, Reply) else repr(r)  # noqa: E731
    pytest.fail("seed %d RESP%d command #%d: %s differs\n  command: %s\n  ringkv:  %s\n"
                "  redis:   %s\npreceding commands:\n%s"
                % (seed, protocol, i, what, fmt_cmd(cmd), show_(mine), show_(theirs), context))


def is_error(r):
    return isinstance(r, Reply) and r.kind == "-"


def items(r):
    """The elements of an array/set reply (bytes for bulk strings), or None for another kind."""
    if r.kind in "*~" and r.value is not None:
        return [x.value if x.kind == "$" else x for x in r.value]
    return None


def sorted_reply(r):
    """An array/set reply with its elements sorted (for hash-table order), anything else as is."""
    v = items(r)
    if v is None:
        return r
    return (r.kind, sorted(v, key=repr))


_INT = re.compile(rb"-?[1-9][0-9]*|0")


def is_int_member(m):
    """Redis's string2ll: a canonical decimal int64 (what an intset can hold)."""
    return (isinstance(m, bytes) and _INT.fullmatch(m) is not None
            and int(I64_MIN) <= int(m) <= int(I64_MAX))


def scan_all(conn, args, limit=10000):
    """Iterates a SSCAN/ZSCAN (args with the cursor at index 2) to cursor 0. Returns the first
    reply and the multiset of returned elements (pairs for ZSCAN), or the error reply."""
    args = list(args)
    first = None
    seen = []
    for _ in range(limit):
        r = conn.call(*args)
        if r.kind != "*":
            return r
        first = first or r
        cursor, batch = r.value
        seen += [x.value for x in batch.value]
        if cursor.value == b"0":
            return ("scan", first, seen)
        args[2] = cursor.value
    raise AssertionError("scan did not finish")


def mutate_arity(rnd, cmd, extra):
    """Sometimes drops trailing arguments or adds one, for wrong-arity and syntax errors."""
    if rnd.random() < 0.5 and len(cmd) > 1:
        return cmd[:rnd.randrange(1, len(cmd))]
    return cmd + [extra]
