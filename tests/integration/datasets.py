"""Whole-dataset snapshots of a Redis-protocol server, for comparing two servers (or one server
before and after a save/load) key for key: every database, every key's type, absolute expiry and
logical value (a stream's entries and its consumer groups' state), read with pipelines so tens of
thousands of keys take well under a second."""

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
        pipe.execute_command("XINFO", "GROUPS", key)
    else:
        pipe.type(key)


def _normalize(kind, value):
    if kind == b"hash":
        return sorted(value.items())
    if kind == b"set":
        return sorted(value)
    return value


def _replayable(groups):
    """A stream's group state without entries-read and lag, which Redis itself does not carry
    through an AOF replay (XREADGROUP is propagated as XCLAIM ... LASTID)."""
    out = []
    for g in groups:
        fields = dict(zip(g[::2], g[1::2]))
        out.append({k: v for k, v in fields.items() if k not in (b"entries-read", b"lag")})
    return out


def snapshot(host, port, dbs=range(16), password=None, after_replay=False):
    """{(db, key): (type, pexpiretime, value)} for every key of `dbs`. With `after_replay`, the
    parts of a stream's group state that an AOF replay does not restore are left out."""
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
        values = iter(pipe.execute())
        for i, k in enumerate(keys):
            kind = meta[2 * i]
            value = next(values)
            if kind == b"stream":
                groups = next(values)
                value = (value, _replayable(groups) if after_replay else groups)
            out[(db, k)] = (kind.decode(), meta[2 * i + 1], _normalize(kind, value))
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
