"""Fork-less background snapshots: BGSAVE and BGREWRITEAOF while the server keeps serving.

- The point-in-time property under a concurrent write load: while BGSAVE (or a rewrite) walks the
  keyspace, four clients change, delete, rename, move, expire, flush and swap keys of every type;
  the file holds exactly the dataset of the instant BGSAVE was called, which real redis-server
  loads too, and redis-check-rdb accepts.
- BGREWRITEAOF: new base + new incremental in the manifest, old files gone, a restart (and real
  Redis) gives the dataset as it was at shutdown.
- kill -9 during a BGSAVE or a rewrite leaves the previous files valid.
- Replies and INFO fields as Redis (compared with redis-server on the same steps), save points,
  automatic AOF rewrite, and a failed BGSAVE turning writes into -MISCONF until a save succeeds.

`rdb-key-save-delay` (Redis's own testing aid) makes ringkv write one key per loop iteration and
pause that many microseconds, so a small dataset stays "in progress" long enough to act on.
"""

import os
import random
import re
import shutil
import subprocess
import threading
import time

import pytest
import redis

import datasets
from polling import wait_until
from server import Server

DELAY = ("--rdb-key-save-delay", "200")


def cmd(c, *args):
    """The raw reply (redis-py turns BGSAVE's status into True)."""
    conn = c.connection_pool.get_connection(args[0])
    try:
        conn.send_command(*args)
        reply = conn.read_response()
    finally:
        c.connection_pool.release(conn)
    if isinstance(reply, redis.ResponseError):
        raise reply
    return reply


def persistence(c):
    return c.info("persistence")


def populate(c, scale=1):
    """Every type, with and without TTLs (far in the future), in databases 0-4."""
    far = int(time.time() * 1000) + 3_600_000
    p = c.pipeline(transaction=False)
    for i in range(1500 * scale):
        p.set("s:%d" % i, "value-%d-%s" % (i, "x" * (i % 40)))
        if i % 5 == 0:
            p.pexpireat("s:%d" % i, far + i)
    for i in range(300 * scale):
        p.set("n:%d" % i, i)
        p.rpush("l:%d" % i, *["e%d" % j for j in range(i % 30 + 1)])
        p.hset("h:%d" % i, mapping={"f%d" % j: "v%d" % j for j in range(i % 20 + 1)})
        p.sadd("si:%d" % i, *range(i % 25 + 1))
        p.sadd("ss:%d" % i, *["m%d" % j for j in range(i % 25 + 1)])
        p.zadd("z:%d" % i, {"m%d" % j: j * 1.5 for j in range(i % 30 + 1)})
    p.rpush("biglist", *range(20000))
    p.hset("bighash", mapping={"f%d" % j: "v" * (j % 50) for j in range(3000)})
    p.zadd("bigzset", {"m%d" % j: j for j in range(3000)})
    for i in range(50 * scale):
        for j in range(20):
            p.xadd("x:%d" % i, {"f": j, "g": "v%d" % j}, id="%d-%d" % (j + 1, i))
        p.xgroup_create("x:%d" % i, "g1", id="0")
        p.geoadd("geo:%d" % i, [13.36 + i * 0.01, 38.11, "a", 15.08, 37.50 + i * 0.01, "b"])
    p.execute()
    for i in range(50 * scale):
        c.xreadgroup("g1", "alice", {"x:%d" % i: ">"}, count=5)
    for db in (1, 2, 3, 4):
        d = redis.Redis(host=c.connection_pool.connection_kwargs["host"],
                        port=c.connection_pool.connection_kwargs["port"], db=db)
        p = d.pipeline(transaction=False)
        for i in range(200 * scale):
            p.set("db%d:%d" % (db, i), "v%d" % i)
            p.rpush("dbl%d:%d" % (db, i), db, i)
        p.execute()


def mutate(port, seed, stop, errors, counts):
    """Random writes over every key populate() made, until `stop`; unexpected errors recorded."""
    rnd = random.Random(seed)
    c = redis.Redis(host="127.0.0.1", port=port, socket_timeout=30)
    db2 = redis.Redis(host="127.0.0.1", port=port, db=2, socket_timeout=30)

    def k(prefix, n=300):
        return "%s:%d" % (prefix, rnd.randrange(n))

    ops = [
        lambda: c.set(k("s", 1500), "new-%d" % rnd.random()),
        lambda: c.append(k("s", 1500), "++"),
        lambda: c.delete(k("s", 1500), k("l"), k("h")),
        lambda: c.expire(k("s", 1500), 5000),
        lambda: c.persist(k("s", 1500)),
        lambda: c.incr(k("n")),
        lambda: c.lpush(k("l"), "new"),
        lambda: c.rpop(k("l")),
        lambda: c.lpop("biglist", 10),
        lambda: c.hset(k("h"), "f0", "changed"),
        lambda: c.hdel(k("h"), "f1"),
        lambda: c.hset("bighash", "f%d" % rnd.randrange(3000), "z"),
        lambda: c.sadd(k("si"), rnd.randrange(1000)),
        lambda: c.srem(k("ss"), "m0"),
        lambda: c.spop(k("si")),
        lambda: c.zadd(k("z"), {"new": 1}),
        lambda: c.zincrby("bigzset", 5, "m%d" % rnd.randrange(3000)),
        lambda: c.zpopmin(k("z")),
        lambda: c.rename(k("s", 1500), "renamed:%d" % rnd.randrange(10**9)),
        lambda: c.move(k("l"), 1),
        lambda: c.copy(k("h"), "copy:%d" % rnd.randrange(100), replace=True),
        lambda: c.setrange(k("s", 1500), 3, "RANGE"),
        lambda: c.getdel(k("n")),
        lambda: c.lmove(k("l"), k("l"), "LEFT", "RIGHT"),
        lambda: c.sort(k("si"), store="sorted:x"),
        lambda: c.execute_command("SWAPDB", 3, 4),
        lambda: c.xadd(k("x", 50), {"new": "1"}),
        lambda: c.xreadgroup("g1", "bob", {k("x", 50): ">"}, count=2),
        lambda: c.xack(k("x", 50), "g1", "%d-%d" % (rnd.randrange(1, 6), rnd.randrange(50))),
        lambda: c.xclaim(k("x", 50), "g1", "carol", 0, ["1-%d" % rnd.randrange(50)]),
        lambda: c.xtrim(k("x", 50), maxlen=5),
        lambda: c.geoadd(k("geo", 50), [14.0, 38.0, "c"]),
        lambda: c.eval("redis.call('incr', KEYS[1]); return redis.call('lpush', KEYS[2], 'e')",
                       2, k("n"), k("l")),
        lambda: db2.flushdb(),
    ]
    try:
        while not stop.is_set():
            op = rnd.choice(ops)
            try:
                op()
                counts[seed] = counts.get(seed, 0) + 1
            except redis.ResponseError as e:
                # Type clashes are possible (a key renamed over another); anything else is a bug.
                if "WRONGTYPE" not in str(e) and "no such key" not in str(e):
                    errors.append(repr(e))
    except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
        if not stop.is_set():
            errors.append(repr(e))


def start_mutators(port, n=4):
    stop, errors, counts = threading.Event(), [], {}
    threads = [threading.Thread(target=mutate, args=(port, seed, stop, errors, counts), daemon=True)
               for seed in range(n)]
    for t in threads:
        t.start()
    return stop, threads, errors, counts


def write_while(port, done, what):
    """Runs four mutating clients until done() holds; returns how many writes they made."""
    stop, threads, errors, counts = start_mutators(port)
    try:
        wait_until(done, what=what)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert not errors, errors[:5]
    return sum(counts.values())


def captured_in_log(srv):
    m = re.findall(r"\((\d+) keys, (\d+) written before a change\)", srv.log_text())
    return [(int(a), int(b)) for a, b in m]


def load_copy(binary, rdb_path, workdir, *extra):
    os.makedirs(workdir, exist_ok=True)
    shutil.copy(rdb_path, os.path.join(workdir, "dump.rdb"))
    io = None if "redis-server" in binary else os.environ.get("RINGKV_IO_BACKEND", "io_uring")
    return Server(binary, workdir, io_backend=io, extra_args=list(extra)).start()


def test_bgsave_is_a_point_in_time_under_concurrent_writes(make_ringkv, ringkv_binary,
                                                           oracle_binary, tmp_path):
    srv = make_ringkv(*DELAY)
    c = srv.client()
    populate(c)
    expected = datasets.of(srv)
    assert cmd(c, "BGSAVE") == b"Background saving started"
    writes = write_while(srv.port, lambda: persistence(c)["rdb_bgsave_in_progress"] == 0, "BGSAVE")
    info = persistence(c)
    assert info["rdb_last_bgsave_status"] == "ok"
    # The load really ran during the walk, and commands really met keys not yet written.
    assert writes > 100
    keys, captured = captured_in_log(srv)[-1]
    assert keys == len(expected) and captured > 0, (keys, captured)

    rdb = os.path.join(srv.dir, "dump.rdb")
    check = subprocess.run(["redis-check-rdb", rdb], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "RDB looks OK" in check.stdout, check.stdout + check.stderr
    servers = []
    try:
        for binary, name in ((ringkv_binary, "rk"), (oracle_binary, "redis")):
            s = load_copy(binary, rdb, str(tmp_path / name))
            servers.append(s)
            got = datasets.of(s)
            assert got == expected, "%s loaded a different dataset:\n%s" % (
                name, datasets.diff(expected, got))
    finally:
        for s in servers:
            s.stop()


def test_bgsave_replies_and_info_match_redis(make_ringkv, make_oracle):
    for srv in (make_ringkv(*DELAY), make_oracle(*DELAY)):
        c = srv.client()
        for i in range(2000):
            c.set("k%d" % i, i)
        before = c.lastsave()
        assert persistence(c)["rdb_last_bgsave_time_sec"] == -1
        with pytest.raises(redis.ResponseError, match="syntax error"):
            cmd(c, "BGSAVE", "NOW")
        assert cmd(c, "BGSAVE") == b"Background saving started", srv
        assert persistence(c)["rdb_bgsave_in_progress"] == 1
        with pytest.raises(redis.ResponseError, match="^Background save already in progress$"):
            cmd(c, "BGSAVE")
        with pytest.raises(redis.ResponseError, match="^Background save already in progress$"):
            cmd(c, "BGSAVE", "SCHEDULE")
        with pytest.raises(redis.ResponseError, match="^Background save already in progress$"):
            cmd(c, "SAVE")
        c.config_set("rdb-key-save-delay", 0)
        wait_until(lambda: persistence(c)["rdb_bgsave_in_progress"] == 0, what="BGSAVE end")
        info = persistence(c)
        assert info["rdb_last_bgsave_status"] == "ok"
        assert info["rdb_last_bgsave_time_sec"] >= 0
        assert info["rdb_changes_since_last_save"] == 0
        assert c.lastsave() >= before
        # Inside a transaction Redis schedules it for after EXEC.
        assert cmd(c, "MULTI") == b"OK"
        assert cmd(c, "BGSAVE") == b"QUEUED"
        assert cmd(c, "EXEC") == [b"Background saving scheduled"]
        wait_until(lambda: persistence(c)["rdb_bgsave_in_progress"] == 0 and
                   os.path.exists(os.path.join(srv.dir, "dump.rdb")), what="scheduled BGSAVE")


def test_bgrewriteaof_point_in_time_then_restart(make_ringkv, ringkv_binary, oracle_binary,
                                                  tmp_path):
    srv = make_ringkv("--appendonly", "yes", *DELAY)
    c = srv.client()
    populate(c)
    assert cmd(c, "BGREWRITEAOF") == b"Background append only file rewriting started"
    wait_until(lambda: persistence(c)["aof_rewrite_in_progress"] == 1, what="rewrite start")
    with pytest.raises(redis.ResponseError,
                       match="^Background append only file rewriting already in progress$"):
        cmd(c, "BGREWRITEAOF")
    assert write_while(srv.port, lambda: persistence(c)["aof_rewrite_in_progress"] == 0,
                       "rewrite") > 100
    info = persistence(c)
    assert info["aof_last_bgrewrite_status"] == "ok" and info["aof_rewrites"] == 1
    assert captured_in_log(srv)[-1][1] > 0
    final = datasets.of(srv, after_replay=True)

    d = os.path.join(srv.dir, "appendonlydir")
    manifest = open(os.path.join(d, "appendonly.aof.manifest")).read()
    assert manifest == ("file appendonly.aof.2.base.rdb seq 2 type b\n"
                        "file appendonly.aof.2.incr.aof seq 2 type i\n"), manifest
    assert sorted(os.listdir(d)) == ["appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof",
                                     "appendonly.aof.manifest"]
    check = subprocess.run(["redis-check-aof", os.path.join(d, "appendonly.aof.manifest")],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    srv.stop()
    copy = str(tmp_path / "redis")
    shutil.copytree(srv.dir, copy)
    srv.start()
    assert datasets.of(srv, after_replay=True) == final
    oracle = Server(oracle_binary, copy, extra_args=["--appendonly", "yes"]).start()
    try:
        got = datasets.of(oracle, after_replay=True)
        assert got == final, datasets.diff(final, got)
    finally:
        oracle.stop()


def test_kill9_during_bgsave_keeps_the_previous_snapshot(make_ringkv):
    srv = make_ringkv(*DELAY)
    c = srv.client()
    populate(c)
    assert c.save()
    saved = datasets.of(srv)
    c.set("after-save", 1)
    c.delete("s:1", "s:2")
    assert cmd(c, "BGSAVE") == b"Background saving started"
    wait_until(lambda: any(n.startswith("temp-bgsave") for n in os.listdir(srv.dir)),
               what="the temp file")
    srv.kill()
    srv.start()
    assert datasets.of(srv) == saved


def test_kill9_during_rewrite_loses_nothing_acknowledged(make_ringkv):
    srv = make_ringkv("--appendonly", "yes", "--appendfsync", "always", *DELAY)
    c = srv.client()
    populate(c)
    assert cmd(c, "BGREWRITEAOF") == b"Background append only file rewriting started"
    wait_until(lambda: persistence(c)["aof_rewrite_in_progress"] == 1, what="rewrite start")
    for i in range(200):
        c.set("during:%d" % i, i)
    c.delete("s:5")
    before = datasets.of(srv, after_replay=True)
    srv.kill()
    srv.start()
    after = datasets.of(srv, after_replay=True)
    assert after == before, datasets.diff(before, after)


def test_save_points_trigger_a_background_save(make_ringkv):
    srv = make_ringkv("--save", "1 2")
    c = srv.client()
    c.set("a", 1)
    c.set("b", 2)
    wait_until(lambda: persistence(c)["rdb_saves"] >= 1, timeout=30, what="a save point")
    assert persistence(c)["rdb_last_bgsave_status"] == "ok"
    assert "changes in 1 seconds. Saving..." in srv.log_text()
    srv.stop()
    srv.start()
    assert srv.client().mget("a", "b") == [b"1", b"2"]


def test_auto_aof_rewrite_on_growth(make_ringkv):
    srv = make_ringkv("--appendonly", "yes", "--auto-aof-rewrite-min-size", "1mb",
                      "--auto-aof-rewrite-percentage", "100")
    c = srv.client()
    p = c.pipeline(transaction=False)
    for i in range(30000):
        p.set("key:%d" % i, "v" * 64)
    p.execute()
    wait_until(lambda: persistence(c)["aof_rewrites"] >= 1, timeout=60, what="an automatic rewrite")
    assert "Starting automatic rewriting of AOF" in srv.log_text()
    final = datasets.of(srv, dbs=[0])
    srv.stop()
    srv.start()
    assert datasets.of(srv, dbs=[0]) == final


def test_failed_bgsave_refuses_writes_until_a_save_succeeds(make_ringkv, small_tmpfs, tmp_path):
    srv = make_ringkv("--save", "3600 1", "--enable-protected-configs", "yes")
    c = srv.client()
    p = c.pipeline(transaction=False)
    for i in range(20000):
        p.set("k%d" % i, os.urandom(150).hex())  # ~6 MB, incompressible: more than the tmpfs holds
    p.execute()
    c.config_set("dir", small_tmpfs)
    assert cmd(c, "BGSAVE") == b"Background saving started"
    wait_until(lambda: persistence(c)["rdb_bgsave_in_progress"] == 0, what="BGSAVE end")
    assert persistence(c)["rdb_last_bgsave_status"] == "err"
    assert not [n for n in os.listdir(small_tmpfs) if n.startswith("temp-")]
    with pytest.raises(redis.ResponseError, match="^MISCONF Redis is configured to save RDB"):
        c.set("x", 1)
    assert len(c.get("k1")) == 300  # reads keep working
    c.config_set("dir", str(tmp_path))
    assert cmd(c, "BGSAVE") == b"Background saving started"
    wait_until(lambda: persistence(c)["rdb_bgsave_in_progress"] == 0, what="second BGSAVE")
    assert persistence(c)["rdb_last_bgsave_status"] == "ok"
    assert c.set("x", 1)
