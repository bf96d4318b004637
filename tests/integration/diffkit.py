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


def _scan_all(conn, args, limit=10000):
    """Iterates a SSCAN/ZSCAN (args with the cursor at index 2) to cursor 0. Returns the first
    reply and the list of returned elements, or the error reply."""
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


def compare_scans(conns, cmd, compact, width):
    """SSCAN/ZSCAN `cmd` iterated to cursor 0 on both servers: errors compared exactly; a key in
    the `compact` encoding (intset, listpack) comes whole in the first reply, compared exactly;
    otherwise the returned elements (tuples of `width`: members, or member-score pairs) compared
    as sets. Returns None or (what, ringkv's, redis's)."""
    ra, rb = (_scan_all(c, cmd) for c in conns)
    if is_error(ra) or is_error(rb):
        return None if ra == rb else ("reply", ra, rb)
    if conns[1].call("OBJECT", "ENCODING", cmd[1]).value == compact and ra[1] != rb[1]:
        return ("first %s page" % compact.decode(), ra[1], rb[1])
    ea, eb = (sorted(set(zip(*[r[2][i::width] for i in range(width)]))) for r in (ra, rb))
    return None if ea == eb else ("scanned elements", ea, eb)


def pick(rnd, table, extra):
    """One (meta, command) from `table`, a list of (weight, generator); a generator returns a
    command, or (meta, command) when the reply needs a comparison of its own. A command without
    meta sometimes gets the wrong number of arguments (trailing ones dropped, or `extra` added);
    any command sometimes a lower-case name."""
    x = rnd.random() * sum(w for w, _ in table)
    for w, f in table:
        x -= w
        if x < 0:
            break
    cmd = f()
    meta = None
    if isinstance(cmd, tuple):
        meta, cmd = cmd
    if meta is None and rnd.random() < 0.04:
        cmd = cmd[:rnd.randrange(1, len(cmd))] if rnd.random() < 0.5 else cmd + [extra]
    if rnd.random() < 0.2:
        cmd = [cmd[0].lower()] + cmd[1:]
    return meta, cmd


def run_stream(conns, stream, compare, seed, protocol, final_state=None):
    """Sends every (meta, command) of `stream` through compare(conns, meta, cmd) -> None or
    (what, ringkv's, redis's), failing at the first difference; then compares final_state(conn)
    of both servers. Closes the connections."""
    try:
        for i, (meta, cmd) in enumerate(stream):
            diff = compare(conns, meta, cmd)
            if diff:
                fail(seed, protocol, i, stream, cmd, diff[1], diff[2], diff[0])
        if final_state is not None:
            mine, theirs = (final_state(c) for c in conns)
            for x, y in zip(mine, theirs):
                assert x == y, "final dataset differs: ringkv %r, redis %r" % (x, y)
            assert len(mine) == len(theirs)
    finally:
        for c in conns:
            c.close()
