"""Whole-dataset snapshots of a Redis-protocol server, for comparing two servers (or one server
before and after a save/load) key for key: every database, every key's type, absolute expiry and
logical value, read with pipelines so tens of thousands of keys take well under a second."""

import redis


def _value_commands(pipe, key, kind):
    if kind == b"string":
        pipe.get(key)
    elif kind == b"list":
        pipe.lrange(key, 0, -1)
    elif kind == b"hash":
        pipe.hgetall(key)
    elif kind == b"set":
        pipe.smembers(key)
    elif kind == b"zset":
        pipe.zrange(key, 0, -1, withscores=True)
    elif kind == b"stream":
        pipe.xrange(key)
    else:
        pipe.type(key)


def _normalize(kind, value):
    if kind == b"hash":
        return sorted(value.items())
    if kind == b"set":
        return sorted(value)
    return value


def snapshot(host, port, dbs=range(16), password=None):
    """{(db, key): (type, pexpiretime, value)} for every key of `dbs`."""
    out = {}
    for db in dbs:
        c = redis.Redis(host=host, port=port, db=db, password=password, socket_timeout=60)
        keys = list(c.scan_iter(count=1000))
        if not keys:
            continue
        pipe = c.pipeline(transaction=False)
        for k in keys:
            pipe.type(k)
            pipe.execute_command("PEXPIRETIME", k)
        meta = pipe.execute()
        pipe = c.pipeline(transaction=False)
        for i, k in enumerate(keys):
            _value_commands(pipe, k, meta[2 * i])
        values = pipe.execute()
        for i, k in enumerate(keys):
            kind = meta[2 * i]
            out[(db, k)] = (kind.decode(), meta[2 * i + 1], _normalize(kind, values[i]))
    return out


def of(srv, **kw):
    return snapshot(srv.host, srv.port, password=srv.password, **kw)


def diff(expected, actual, limit=10):
    """A short description of how two snapshots differ ("" when equal)."""
    lines = []
    for k in sorted(set(expected) | set(actual)):
        a, b = expected.get(k), actual.get(k)
        if a != b:
            lines.append("%r: expected %.200r, got %.200r" % (k, a, b))
            if len(lines) >= limit:
                lines.append("...")
                break
    return "\n".join(lines)
