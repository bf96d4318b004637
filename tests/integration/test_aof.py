"""The AOF, end to end: acknowledged writes survive kill -9 under appendfsync always (20 cycles of
a 50-client write load), Redis's tools and Redis itself accept ringkv's AOF directory, a truncated
tail is handled as aof-load-truncated, corruption elsewhere is refused with file and offset, and a
full disk turns writes into -MISCONF while reads keep working, until space comes back."""

import os
import socket
import subprocess
import threading
import time

import pytest
import redis

from polling import wait_until
from server import Server

AOF = ("--appendonly", "yes")


def aof_dir(srv):
    return os.path.join(srv.dir, "appendonlydir")


def dataset(client):
    """Every key of db 0 with its string value."""
    return {k: client.get(k) for k in client.scan_iter(count=1000)}


def write_load(srv, clients, stop, acked):
    """`clients` threads each SET their own keys until `stop` is set, recording what was
    acknowledged. Errors after the server dies are expected and end the thread."""

    def run(n):
        try:
            c = redis.Redis(host=srv.host, port=srv.port, socket_timeout=5)
            i = 0
            while not stop.is_set():
                key, value = "c%d:%d" % (n, i), "v%d" % i
                c.set(key, value)
                acked[n].append((key, value))
                i += 1
        except (redis.ConnectionError, redis.TimeoutError, ConnectionError, OSError):
            pass

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    return threads


def test_acknowledged_writes_survive_kill9_under_always(make_ringkv):
    srv = make_ringkv(*AOF, "--appendfsync", "always")
    all_acked = {}
    for cycle in range(20):
        stop = threading.Event()
        acked = [[] for _ in range(50)]
        threads = write_load(srv, 50, stop, acked)
        # Let some writes be acknowledged, then kill the server in the middle of the load.
        wait_until(lambda: sum(len(a) for a in acked) >= 200, what="acknowledged writes")
        srv.kill()
        stop.set()
        for t in threads:
            t.join(10)
        for a in acked:
            all_acked.update(a)
        srv.start()
        c = srv.client()
        missing = [k for k, v in all_acked.items() if c.get(k) != v.encode()]
        assert not missing, "cycle %d: %d acknowledged writes lost, e.g. %s" % (
            cycle, len(missing), missing[:5])


def test_redis_tools_and_redis_accept_our_aof(make_ringkv, oracle_binary, tmp_path):
    srv = make_ringkv(*AOF)
    c = srv.client()
    c.set("a", "1")
    c.incr("a")
    c.set("b", "x" * 1000, ex=1000)
    c.execute_command("SELECT", "3")
    c.set("in3", "three")
    c.execute_command("SELECT", "0")
    c.append("b", "tail")
    c.delete("gone")
    expected = dataset(c)
    srv.stop()
    manifest = os.path.join(aof_dir(srv), "appendonly.aof.manifest")
    check = subprocess.run(["redis-check-aof", manifest], capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "valid" in check.stdout
    # Real Redis 7.0 starts from ringkv's AOF directory with the same data.
    redis_srv = Server(oracle_binary, srv.dir, extra_args=["--appendonly", "yes"])
    redis_srv.start()
    try:
        rc = redis.Redis(host=redis_srv.host, port=redis_srv.port)
        assert dataset(rc) == expected
        assert 900 < rc.ttl("b") <= 1000
        rc.execute_command("SELECT", "3")
        assert rc.get("in3") == b"three"
    finally:
        redis_srv.stop()


def test_restart_replays_and_appends(make_ringkv):
    srv = make_ringkv(*AOF)
    c = srv.client()
    for i in range(100):
        c.set("k%d" % i, i)
    c.expire("k0", 1000)
    srv.stop()
    srv.start()
    c = srv.client()
    assert c.dbsize() == 100
    assert c.ttl("k0") > 0
    c.set("after", "restart")
    srv.kill()
    srv.start()
    assert srv.client().get("after") == b"restart"


def append_bytes(srv, data):
    path = os.path.join(aof_dir(srv), "appendonly.aof.1.incr.aof")
    with open(path, "ab") as f:
        f.write(data)
    return path


def test_truncated_tail_is_cut_and_loading_goes_on(make_ringkv):
    srv = make_ringkv(*AOF)
    srv.client().set("kept", "yes")
    srv.stop()
    path = append_bytes(srv, b"*3\r\n$3\r\nSET\r\n$4\r\nlost\r\n$3\r\nno")  # cut mid-command
    size_before = os.path.getsize(path)
    srv.start()
    c = srv.client()
    assert c.get("kept") == b"yes"
    assert c.get("lost") is None
    assert os.path.getsize(path) < size_before  # the partial command was truncated away
    assert "Truncating the AOF" in srv.log_text()


def test_truncated_tail_refused_when_aof_load_truncated_is_off(make_ringkv):
    srv = make_ringkv(*AOF, "--aof-load-truncated", "no")
    srv.client().set("kept", "yes")
    srv.stop()
    append_bytes(srv, b"*2\r\n$3\r\nDEL")
    with pytest.raises(Exception) as e:
        srv.start(attempts=1)
    assert "Unexpected end of file" in str(e.value)


def test_corruption_is_refused_with_file_and_offset(make_ringkv):
    srv = make_ringkv(*AOF)
    srv.client().set("a", "1")
    srv.stop()
    path = os.path.join(aof_dir(srv), "appendonly.aof.1.incr.aof")
    good = os.path.getsize(path)
    append_bytes(srv, b"GARBAGE\r\n*1\r\n$4\r\nPING\r\n")
    with pytest.raises(Exception) as e:
        srv.start(attempts=1)
    msg = str(e.value)
    assert "appendonly.aof.1.incr.aof" in msg
    assert "offset %d" % good in msg


def test_disk_full_refuses_writes_keeps_reads_and_recovers(make_ringkv, small_tmpfs):
    srv = make_ringkv(*AOF, "--dir", small_tmpfs)
    c = srv.client()
    c.set("before", "full")
    # Leave ~256 KiB free, then write until the AOF cannot grow.
    filler = os.path.join(small_tmpfs, "filler")
    with open(filler, "wb") as f:
        free = os.statvfs(small_tmpfs).f_bavail * os.statvfs(small_tmpfs).f_frsize
        f.write(b"\0" * max(0, free - 256 * 1024))
    acked = []
    stop = threading.Event()

    def writer():
        w = redis.Redis(host=srv.host, port=srv.port, socket_timeout=60)
        i = 0
        while not stop.is_set():
            try:
                w.set("w%d" % i, "x" * 1000)
            except redis.ResponseError as e:
                assert str(e).startswith("MISCONF"), str(e)
                time.sleep(0.01)
                continue
            acked.append("w%d" % i)
            i += 1

    t = threading.Thread(target=writer, daemon=True)
    t.start()

    def write_status():
        return c.info("persistence")["aof_last_write_status"]

    wait_until(lambda: write_status() == "err", timeout=30, what="the AOF write to fail")
    probe = redis.Redis(host=srv.host, port=srv.port, socket_timeout=10)
    with pytest.raises(redis.ResponseError, match="MISCONF Errors writing to the AOF file"):
        probe.set("probe", "1")
    assert c.get("before") == b"full"  # reads keep working
    os.unlink(filler)  # space comes back
    wait_until(lambda: write_status() == "ok", timeout=30, what="writes to resume")
    assert probe.set("probe", "1")
    stop.set()
    t.join(60)
    assert not t.is_alive()
    srv.stop()
    srv.start()
    c = srv.client()
    missing = [k for k in acked if c.get(k) is None]
    assert not missing, "%d acknowledged writes lost" % len(missing)
    assert c.get("probe") == b"1"
