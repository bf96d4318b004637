"""RDB snapshots against real Redis 7.0.15 files and the real redis-server.

- ringkv loads the fixture RDB and the AOF fixture with an RDB preamble completely, the stream
  (with its consumer group and pending entries) included: the dataset equals the fixture's .jsonl
  key for key, and the group's state equals what real Redis reports for the same file.
- With the stream deleted by real Redis (DEL + SAVE), the rest still loads key for key.
- ringkv's own SAVE output passes redis-check-rdb and real redis-server loads it with the same
  dataset; a restart of ringkv loads its own file; SAVE/LASTSAVE/INFO/DEBUG RELOAD behave.
Datasets are compared with the fixtures' export.py (db, key, type, pexpiretime, value).
"""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from resp import Conn
from server import Server

FIXTURES = "/work/shared/fixtures/redis-7.0.15"
if not os.path.isdir(FIXTURES):
    FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "redis-7.0.15")
RDB = os.path.join(FIXTURES, "redis-7.0.15-alltypes.rdb")
RDB_JSONL = os.path.join(FIXTURES, "redis-7.0.15-alltypes.jsonl")
AOF_DIR = os.path.join(FIXTURES, "aof-rdb-preamble")
AOF_JSONL = os.path.join(FIXTURES, "aof-rdb-preamble.jsonl")
EXPORT = os.path.join(FIXTURES, "export.py")

pytestmark = pytest.mark.skipif(not os.path.exists(RDB), reason="Redis 7.0.15 fixtures not found")


def export(srv):
    out = subprocess.run([sys.executable, EXPORT, str(srv.port)], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def expected(jsonl, drop_streams=True):
    with open(jsonl) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r for r in rows if not (drop_streams and r["type"] == "stream")]


def start(binary, workdir, *extra):
    return Server(binary, workdir, io_backend=None if "redis" in os.path.basename(binary)
                  else os.environ.get("RINGKV_IO_BACKEND", "io_uring"), extra_args=extra).start()


@pytest.fixture
def servers():
    started = []
    yield started
    for s in started:
        if s.running():
            s.stop()


def stream_keys(rows):
    return [(r["db"], r["key"]) for r in rows if r["type"] == "stream"]


def oracle_without_streams(oracle_binary, tmp_path, servers, rows, *extra):
    """A real redis-server started on a copy of the fixture, with its streams deleted."""
    d = tmp_path / "oracle"
    d.mkdir()
    shutil.copy(RDB, d / "dump.rdb")
    srv = start(oracle_binary, d, *extra)
    servers.append(srv)
    for db, key in stream_keys(rows):
        srv.client(db=db).delete(key)
    return srv


def group_state(srv):
    """The fixture stream's groups, PEL and consumers as raw replies, times masked."""
    out = []
    with Conn((srv.host, srv.port)) as c:
        groups = c.call("XINFO", "GROUPS", "stream").value
        for g in groups:
            out.append(g)
            name = g.value[1].value
            out.append(c.call("XPENDING", "stream", name))
            rows = c.call("XPENDING", "stream", name, "-", "+", "100").value
            out.append([r.value[:2] + r.value[3:] for r in rows])
            consumers = c.call("XINFO", "CONSUMERS", "stream", name).value
            out.append([x.value[:4] for x in consumers])
        info = c.call("XINFO", "STREAM", "stream").value
        out.append([x for i, x in enumerate(info) if i not in (4, 5)])  # radix-tree-nodes
    return out


def test_fixture_with_a_stream_loads_completely(ringkv_binary, oracle_binary, tmp_path, servers):
    d = tmp_path / "rk"
    d.mkdir()
    shutil.copy(RDB, d / "dump.rdb")
    rk = start(ringkv_binary, d)
    servers.append(rk)
    assert export(rk) == expected(RDB_JSONL, drop_streams=False)
    d2 = tmp_path / "oracle"
    d2.mkdir()
    shutil.copy(RDB, d2 / "dump.rdb")
    oracle = start(oracle_binary, d2)
    servers.append(oracle)
    assert group_state(rk) == group_state(oracle)
    # DUMP of the loaded stream is Redis's, byte for byte.
    assert rk.client().dump("stream") == oracle.client().dump("stream")


def test_fixture_without_streams_loads_every_key(ringkv_binary, oracle_binary, tmp_path, servers):
    rows = expected(RDB_JSONL, drop_streams=False)
    oracle = oracle_without_streams(oracle_binary, tmp_path, servers, rows)
    assert oracle.client().execute_command("SAVE") in (True, b"OK")
    d = tmp_path / "rk"
    d.mkdir()
    shutil.copy(os.path.join(oracle.dir, "dump.rdb"), d / "dump.rdb")
    rk = start(ringkv_binary, d)
    servers.append(rk)
    assert export(rk) == expected(RDB_JSONL)
    info = rk.client().info("persistence")
    assert info["rdb_last_load_keys_loaded"] == len(expected(RDB_JSONL))


def test_save_is_read_by_redis_check_rdb_and_redis(ringkv_binary, oracle_binary, tmp_path, servers):
    d = tmp_path / "rk"
    d.mkdir()
    shutil.copy(RDB, d / "dump.rdb")
    rk = start(ringkv_binary, d)
    servers.append(rk)
    c = rk.client()
    # Values ringkv built itself too (not only adopted from the file).
    c.rpush("mine:list", *[str(i) for i in range(1000)])
    c.hset("mine:hash", mapping={"f%d" % i: "v" * i for i in range(100)})
    c.zadd("mine:zset", {"m%d" % i: i / 3 for i in range(300)})
    c.sadd("mine:set", *range(600))
    c.set("mine:ttl", "x", px=10**9)
    for i in range(1, 700):
        c.xadd("mine:stream", {"n": i, "s": "x" * (i % 13)}, id="%d-%d" % (i, i % 3))
    c.xdel("mine:stream", "5-2", "300-0")
    c.xgroup_create("mine:stream", "grp", id="0")
    c.xreadgroup("grp", "worker", {"mine:stream": ">"}, count=50)
    c.xack("mine:stream", "grp", "10-1")
    os.unlink(os.path.join(rk.dir, "dump.rdb"))
    assert c.execute_command("SAVE") in (True, b"OK")
    saved = os.path.join(rk.dir, "dump.rdb")
    check = subprocess.run(["redis-check-rdb", saved], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "RDB looks OK" in check.stdout, check.stdout
    want = export(rk)
    d2 = tmp_path / "oracle2"
    d2.mkdir()
    shutil.copy(saved, d2 / "dump.rdb")
    oracle2 = start(oracle_binary, d2)
    servers.append(oracle2)
    assert export(oracle2) == want
    assert oracle2.client().xpending("mine:stream", "grp")["pending"] == 49
    # And ringkv restarted on its own file.
    rk.stop()
    rk2 = start(ringkv_binary, d)
    servers.append(rk2)
    assert export(rk2) == want


def test_aof_fixture_with_a_stream_loads(ringkv_binary, tmp_path, servers):
    d = tmp_path / "rk"
    d.mkdir()
    shutil.copytree(AOF_DIR, d / "appendonlydir")
    rk = start(ringkv_binary, d, "--appendonly", "yes")
    servers.append(rk)
    assert export(rk) == expected(AOF_JSONL, drop_streams=False)


def test_aof_with_rdb_preamble_loads(ringkv_binary, oracle_binary, tmp_path, servers):
    rows = expected(AOF_JSONL, drop_streams=False)
    d = tmp_path / "oracle"
    d.mkdir()
    shutil.copytree(AOF_DIR, d / "appendonlydir")
    oracle = start(oracle_binary, d, "--appendonly", "yes", "--aof-use-rdb-preamble", "yes")
    servers.append(oracle)
    c = oracle.client()
    c.execute_command("BGREWRITEAOF")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        info = c.info("persistence")
        if not info["aof_rewrite_in_progress"] and not info["aof_rewrite_scheduled"]:
            break
        time.sleep(0.05)
    c.set("after:rewrite", "in the incremental file")
    want = export(oracle)
    oracle.stop()
    base = [f for f in os.listdir(d / "appendonlydir") if ".base." in f]
    assert base and base[0].endswith(".rdb"), base
    rk_dir = tmp_path / "rk"
    rk_dir.mkdir()
    shutil.copytree(d / "appendonlydir", rk_dir / "appendonlydir")
    rk = start(ringkv_binary, rk_dir, "--appendonly", "yes")
    servers.append(rk)
    assert export(rk) == want


def test_save_lastsave_info_and_debug_reload(ringkv):
    c = ringkv.client()
    c.set("a", "1")
    c.rpush("l", "x", "y")
    info = c.info("persistence")
    assert info["rdb_changes_since_last_save"] >= 2
    before = c.lastsave()
    assert c.execute_command("SAVE") in (True, b"OK")
    info = c.info("persistence")
    assert info["rdb_changes_since_last_save"] == 0
    assert info["rdb_saves"] == 1
    assert c.lastsave() >= before
    assert os.path.exists(os.path.join(ringkv.dir, "dump.rdb"))
    c.set("b", "2")  # not saved: DEBUG RELOAD saves first, so it survives
    assert c.execute_command("DEBUG", "RELOAD") in (True, b"OK")
    assert c.get("a") == b"1" and c.get("b") == b"2" and c.lrange("l", 0, -1) == [b"x", b"y"]
    c.set("c", "3")
    assert c.execute_command("DEBUG", "RELOAD", "NOSAVE") in (True, b"OK")
    assert c.get("c") is None and c.get("b") == b"2"
    with pytest.raises(Exception, match="DEBUG RELOAD only supports"):
        c.execute_command("DEBUG", "RELOAD", "BOGUS")


def copy_by_dump(src, dst, rows):
    for r in rows:
        key = r["key"] if isinstance(r["key"], str) else None
        assert key is not None, "binary key names are not in the fixture"
        payload = src.client(db=r["db"]).dump(key)
        ttl = r["pexpiretime"]
        args = ["RESTORE", key, 0 if ttl == -1 else ttl, payload] + ([] if ttl == -1 else ["ABSTTL"])
        dst.client(db=r["db"]).execute_command(*args)


def test_dump_restore_both_ways(ringkv_binary, oracle_binary, tmp_path, servers):
    d0 = tmp_path / "oracle"
    d0.mkdir()
    shutil.copy(RDB, d0 / "dump.rdb")
    oracle = start(oracle_binary, d0)
    servers.append(oracle)
    d = tmp_path / "rk"
    d.mkdir()
    rk = start(ringkv_binary, d)
    servers.append(rk)
    want = expected(RDB_JSONL, drop_streams=False)
    copy_by_dump(oracle, rk, want)
    assert export(rk) == want
    d2 = tmp_path / "oracle2"
    d2.mkdir()
    oracle2 = start(oracle_binary, d2)
    servers.append(oracle2)
    copy_by_dump(rk, oracle2, want)
    assert export(oracle2) == want
    assert group_state(oracle2) == group_state(oracle)


def reply_of(srv, *args):
    try:
        return srv.client().execute_command(*args)
    except Exception as e:  # the error text is the reply
        return "error: %s" % e


def test_restore_errors_match_redis(ringkv, oracle):
    for srv in (ringkv, oracle):
        srv.client().rpush("l", "a", "b")
    payload = oracle.client().dump("l")
    assert ringkv.client().dump("l") == payload  # same encoding, same bytes
    bad = bytearray(payload)
    bad[1] ^= 0xFF
    cases = [
        ("RESTORE", "l", 0, payload),
        ("RESTORE", "n", -1, payload),
        ("RESTORE", "n", "x", payload),
        ("RESTORE", "n", 0, bytes(bad)),
        ("RESTORE", "n", 0, b"short"),
        ("RESTORE", "n", 0, payload, "IDLETIME", -1),
        ("RESTORE", "n", 0, payload, "FREQ", 256),
        ("RESTORE", "n", 0, payload, "IDLETIME", 5, "FREQ", 5),
        ("RESTORE", "n", 0, payload, "BOGUS"),
        ("RESTORE", "l", 0, payload, "REPLACE"),
        ("RESTORE", "p", 1, payload, "ABSTTL"),  # already expired: OK, nothing created
        ("EXISTS", "p"),
        ("RESTORE", "q", 0, payload, "IDLETIME", 1000),
        ("OBJECT", "IDLETIME", "q"),
        ("DUMP", "missing"),
    ]
    for c in cases:
        assert reply_of(ringkv, *c) == reply_of(oracle, *c), c


def test_keys_expired_in_the_file_are_not_loaded(make_ringkv, ringkv_binary, servers):
    rk = make_ringkv()
    c = rk.client()
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    c.set("stays", "1")
    c.set("goes", "1", px=200)
    time.sleep(0.4)  # past its time, still in memory (no access, no active expiry)
    assert c.execute_command("SAVE") in (True, b"OK")
    rk.stop()
    rk2 = start(ringkv_binary, rk.dir)
    servers.append(rk2)
    c2 = rk2.client()
    info = c2.info("persistence")
    assert info["rdb_last_load_keys_loaded"] == 1
    assert info["rdb_last_load_keys_expired"] == 1
    assert c2.get("stays") == b"1" and c2.exists("goes") == 0


def test_shutdown_save_writes_the_snapshot(make_ringkv, ringkv_binary, servers):
    rk = make_ringkv()
    c = rk.client()
    c.set("k", "v")
    try:
        c.execute_command("SHUTDOWN", "SAVE")
    except Exception:
        pass  # the connection closes as the server exits
    assert rk.wait_exit() == 0
    assert os.path.exists(os.path.join(rk.dir, "dump.rdb"))
    rk2 = start(ringkv_binary, rk.dir)
    servers.append(rk2)
    assert rk2.client().get("k") == b"v"


def test_failed_save_replies_like_redis(ringkv, oracle):
    for srv in (ringkv, oracle):
        srv.client().set("k", "v")
        os.mkdir(os.path.join(srv.dir, "dump.rdb"))  # the rename over it fails
    assert reply_of(ringkv, "SAVE") == reply_of(oracle, "SAVE")
    assert reply_of(ringkv, "SAVE").startswith("error")
    assert ringkv.client().info("persistence")["rdb_changes_since_last_save"] == 1
    assert not [f for f in os.listdir(ringkv.dir) if f.startswith("temp-")]
