"""DEBUG DIGEST / DIGEST-VALUE / LOADAOF.

The digest is Redis's own fingerprint of the dataset, so the same data must digest to the same 40
hex digits in ringkv and in redis-server 7.0.15: the dataset below holds every type in each of its
encodings (int and raw strings, listpack and quicklist lists, intset and hashtable sets, listpack
and skiplist zsets with awkward scores, listpack and hashtable hashes), keys with TTLs and keys in
another database. Then the digest must survive DEBUG RELOAD, a restart and DEBUG LOADAOF."""

import pytest

ZERO = b"0" * 40

# Scores whose "%.17g" text differs from their shortest form, infinities, integers, tiny and huge.
SCORES = ["0.1", "1", "-2.5", "inf", "-inf", "1e300", "3.0000000000000004", "-0", "123456789012",
          "5e-324"]


def build_dataset(c):
    """The same commands for both servers (a redis-py client)."""
    c.execute_command("SELECT", 0)
    c.set("s:text", "hello world")
    c.set("s:int", "12345")
    c.set("s:neg", "-9223372036854775808")
    c.set("s:empty", "")
    c.set("s:long", "x" * 300)
    c.set("s:bin", b"\x00\xff\r\n")
    c.set("s:ttl", "expiring", ex=100000)
    c.append("s:appended", "abc")
    c.append("s:appended", "def")
    c.rpush("l:small", "a", "1", "-7", "b" * 70, "9223372036854775807")
    c.rpush("l:big", *[str(i) if i % 3 else "elem-%d" % i for i in range(3000)])
    c.lpush("l:ttl", "x", "y")
    c.expire("l:ttl", 100000)
    c.sadd("set:int", 1, 2, 3, -5, 100000000000)
    c.sadd("set:str", "a", "b", "c", "12", "")
    c.sadd("set:bigint", *range(600))
    c.zadd("z:small", {"m%d" % i: s for i, s in enumerate(SCORES)})
    c.zadd("z:small", {"7": 42})
    c.zadd("z:big", {"member-%d" % i: (i * 0.37) - 20 for i in range(300)})
    c.zadd("z:big", {"inf": "inf", "tiny": "5e-324"})
    c.hset("h:small", mapping={"f1": "v1", "f2": "2", "3": "", "": "empty-field"})
    c.hset("h:big", mapping={"field-%d" % i: "value-%d" % i for i in range(300)})
    c.hset("h:longval", mapping={"a": "v" * 100})
    c.hset("h:ttl", "a", "b")
    c.pexpire("h:ttl", 100000000)
    c.execute_command("SELECT", 3)
    c.set("s:text", "hello world")  # same key and value as db 0: the db number tells them apart
    c.rpush("l:db3", "x")
    c.sadd("set:ttl", "q")
    c.expire("set:ttl", 100000)
    c.execute_command("SELECT", 0)


def keys_by_db(c):
    out = {}
    for db in (0, 3):
        c.execute_command("SELECT", db)
        out[db] = sorted(c.keys("*"))
    c.execute_command("SELECT", 0)
    return out


def digests(c, keys):
    """DEBUG DIGEST, then per db DIGEST-VALUE of every key plus a missing one, and encodings."""
    out = {"all": c.execute_command("DEBUG", "DIGEST")}
    for db, names in keys.items():
        c.execute_command("SELECT", db)
        out[db] = c.execute_command("DEBUG", "DIGEST-VALUE", *names, "no-such-key")
        out["enc", db] = [c.object("encoding", k) for k in names]
    c.execute_command("SELECT", 0)
    return out


def test_empty_dataset_digests_as_zeros(ringkv, oracle):
    for srv in (ringkv, oracle):
        c = srv.client()
        assert c.execute_command("DEBUG", "DIGEST") == ZERO
        assert c.execute_command("DEBUG", "DIGEST-VALUE", "missing") == [ZERO]
        assert c.execute_command("DEBUG", "DIGEST-VALUE") == []


def test_digest_matches_redis(ringkv, oracle):
    mine, theirs = ringkv.client(), oracle.client()
    build_dataset(mine)
    build_dataset(theirs)
    keys = keys_by_db(theirs)
    assert keys_by_db(mine) == keys
    got, want = digests(mine, keys), digests(theirs, keys)
    assert want["all"] != ZERO
    # Encodings first: a digest match over different encodings would test less than it claims.
    for db in keys:
        assert got["enc", db] == want["enc", db]
    assert set(want["enc", 0]) >= {b"int", b"embstr", b"raw", b"listpack", b"quicklist", b"intset",
                                   b"hashtable", b"skiplist"}
    for db in keys:
        assert dict(zip(keys[db], got[db])) == dict(zip(keys[db], want[db]))
        assert got[db][-1] == ZERO
    assert got["all"] == want["all"]
    # The digest follows the content: one changed element changes it, on both servers alike.
    for c in (mine, theirs):
        c.zadd("z:big", {"member-7": 1000})
    assert mine.execute_command("DEBUG", "DIGEST") == theirs.execute_command("DEBUG", "DIGEST")
    assert mine.execute_command("DEBUG", "DIGEST") != want["all"]


def test_digest_survives_reload_and_restart(make_ringkv):
    srv = make_ringkv()
    c = srv.client()
    build_dataset(c)
    before = c.execute_command("DEBUG", "DIGEST")
    assert before != ZERO
    assert c.execute_command("DEBUG", "RELOAD") == b"OK"
    assert c.execute_command("DEBUG", "DIGEST") == before
    assert c.save()
    srv.stop()
    srv.start()
    assert srv.client().execute_command("DEBUG", "DIGEST") == before


def test_loadaof_keeps_the_digest(make_ringkv, oracle):
    srv = make_ringkv("--appendonly", "yes")
    c = srv.client()
    build_dataset(c)
    theirs = oracle.client()
    build_dataset(theirs)
    before = c.execute_command("DEBUG", "DIGEST")
    assert before == theirs.execute_command("DEBUG", "DIGEST")
    assert c.execute_command("DEBUG", "LOADAOF") == b"OK"
    assert c.execute_command("DEBUG", "DIGEST") == before
    # The reload was not written to the AOF again: after another write and a restart the dataset
    # is exactly the original plus that write (a doubled AOF would, e.g., double the lists).
    c.rpush("l:small", "after")
    theirs.rpush("l:small", "after")
    after = c.execute_command("DEBUG", "DIGEST")
    srv.stop()
    srv.start()
    c = srv.client()
    assert c.execute_command("DEBUG", "DIGEST") == after
    assert after == theirs.execute_command("DEBUG", "DIGEST")
    assert c.llen("l:small") == 6


def test_loadaof_without_aof_is_an_error_and_keeps_the_data(ringkv):
    # Redis 7.0.15 empties the dataset and exits the process here; ringkv refuses instead.
    c = ringkv.client()
    c.set("k", "v")
    with pytest.raises(Exception, match="AOF"):
        c.execute_command("DEBUG", "LOADAOF")
    assert c.get("k") == b"v"


def test_help_lists_the_subcommands(ringkv):
    lines = ringkv.client().execute_command("DEBUG", "HELP")
    for name in (b"DIGEST", b"DIGEST-VALUE <key> [<key> ...]", b"LOADAOF"):
        assert name in lines
