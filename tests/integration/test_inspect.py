"""ringkv-inspect, the offline tool, run as a real binary: exports of the real Redis 7.0.15
fixtures equal their .jsonl files, files ringkv's SAVE writes read back as the live dataset,
corrupt and truncated files give a clear message and exit 1 (never a crash), repair-aof cuts a
truncated AOF so the server loads it, diff finds what changed between two snapshots, and the RESP
export replayed by `redis-cli --pipe` into a real redis-server rebuilds the dataset.

The binary: $RINGKV_INSPECT, or ringkv-inspect in the build tree next to $RINGKV_SERVER
(<builddir>/tools/inspect/ringkv-inspect beside <builddir>/frontend/net/ringkv-server).

Streams: ringkv cannot load stream values yet. Where a fixture has a stream key, inspect leaves
its value out (with a warning naming it) and the comparison leaves that line out too; once the
engine decodes streams the key is exported and compared like the others."""

import base64
import json
import os
import random
import shutil
import subprocess

import pytest
import redis

FIXTURES = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared",
                                         "fixtures", "redis-7.0.15"))
if not os.path.isdir(FIXTURES):
    FIXTURES = "/work/shared/fixtures/redis-7.0.15"
RDB_FIXTURE = os.path.join(FIXTURES, "redis-7.0.15-alltypes.rdb")

SUBCOMMANDS = ["summary", "keys", "get", "export", "memory", "diff", "verify", "repair-aof"]


@pytest.fixture(scope="session")
def inspect_binary(ringkv_binary):
    path = os.environ.get("RINGKV_INSPECT")
    if not path:
        build = os.path.dirname(os.path.dirname(os.path.dirname(ringkv_binary)))
        path = os.path.join(build, "tools", "inspect", "ringkv-inspect")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        msg = "ringkv-inspect not found at %s (set RINGKV_INSPECT)" % path
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture
def inspect(inspect_binary):
    def run(*args, input=None, check_rc=None):
        r = subprocess.run([inspect_binary] + [str(a) for a in args], capture_output=True,
                           input=input, timeout=300)
        # Never a crash: a signal shows as a negative return code.
        assert r.returncode >= 0, "ringkv-inspect %s died of signal %d: %s" % (
            args, -r.returncode, r.stderr.decode(errors="replace"))
        if check_rc is not None:
            assert r.returncode == check_rc, "ringkv-inspect %s: rc %d\nstdout: %s\nstderr: %s" % (
                args, r.returncode, r.stdout[-2000:], r.stderr[-2000:])
        return r
    return run


def need_fixtures():
    if not os.path.isfile(RDB_FIXTURE):
        pytest.skip("fixtures not found at %s" % FIXTURES)


def jsonl(path):
    with open(path) as f:
        return f.read().splitlines()


def without_streams(expected_lines, output, stderr):
    """The expected lines, minus those of stream keys when inspect reported it could not decode
    them (it must then have said so on stderr)."""
    out_lines = output.decode().splitlines()
    exported = {(json.loads(l)["db"], json.dumps(json.loads(l)["key"])) for l in out_lines}
    kept = []
    for line in expected_lines:
        o = json.loads(line)
        if o["type"] == "stream" and (o["db"], json.dumps(o["key"])) not in exported:
            assert b"stream" in stderr, "a stream key was left out without a warning"
            continue
        kept.append(line)
    return kept


def live_export(client):
    """What the fixtures' export.py prints for a running server: the reference shape."""
    def enc(b):
        try:
            return b.decode()
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(b).decode()}
    out = []
    for db in range(16):
        client.execute_command("SELECT", db)
        for k in sorted(client.scan_iter(count=1000)):
            t = client.type(k).decode()
            e = client.execute_command("PEXPIRETIME", k)
            if t == "string":
                v = enc(client.get(k))
            elif t == "list":
                v = [enc(x) for x in client.lrange(k, 0, -1)]
            elif t == "hash":
                v = {enc(f): enc(x) for f, x in sorted(client.hgetall(k).items())}
            elif t == "set":
                v = sorted(enc(x) for x in client.smembers(k))
            elif t == "zset":
                v = [[enc(m), s] for m, s in client.zrange(k, 0, -1, withscores=True)]
            else:
                v = None
            out.append(json.dumps({"db": db, "key": enc(k), "type": t, "pexpiretime": e,
                                   "value": v}, sort_keys=True))
    client.execute_command("SELECT", 0)
    return out


def populate(c):
    """Every type and encoding ringkv has, binary and unicode strings, expiries, two databases."""
    c.set("s:int", 42)
    c.set("s:emb", "hello")
    c.set("s:raw", "r" * 300)
    c.set("s:bin", bytes(range(256)))
    c.set("s:utf8", "caf\u00e9 \u2603 \U0001f600 \"quoted\"\n\t")
    c.set("s:ttl", "t", px=10**9)
    c.rpush("l:small", "a", 1, "b")
    c.rpush("l:big", *["e%d" % i for i in range(3000)])
    c.hset("h:small", mapping={"f": "v", "n": 1})
    c.hset("h:big", mapping={"f%d" % i: "v" * (i % 90) for i in range(700)})
    c.sadd("set:int", *range(50))
    c.sadd("set:str", *["m%d" % i for i in range(600)])
    c.zadd("z:small", {"a": 1.5, "b": -2, "c": 1e20})
    c.zadd("z:big", {"p%d" % i: i / 7 for i in range(300)})
    c.zadd("z:inf", {"hi": float("inf"), "lo": float("-inf")})
    c.expire("h:big", 10**6)
    c.execute_command("SELECT", 5)
    c.set("in5", "five")
    c.execute_command("SELECT", 0)


# ---- the command line ----

def test_help_and_usage_errors(inspect):
    r = inspect("--help", check_rc=0)
    for name in SUBCOMMANDS:
        assert name.encode() in r.stdout
    for name in SUBCOMMANDS:
        r = inspect(name, "--help", check_rc=0)
        assert r.stdout.startswith(b"Usage: ringkv-inspect " + name.encode())
        r = inspect(name, "--no-such-option", "x", check_rc=2)
        assert b"unknown option" in r.stderr
    inspect(check_rc=2)
    assert b"unknown command" in inspect("frobnicate", check_rc=2).stderr
    inspect("summary", check_rc=2)  # missing SOURCE
    inspect("summary", "a", "b", check_rc=2)
    assert b"needs a non-negative integer" in inspect("summary", "--top", "x", "f",
                                                      check_rc=2).stderr
    assert b"invalid regular expression" in inspect("keys", "--regex", "(", "f",
                                                    check_rc=2).stderr
    assert b"unknown format" in inspect("export", "--format", "xml", "f", check_rc=2).stderr


def test_missing_and_foreign_files(inspect, tmp_path):
    r = inspect("summary", tmp_path / "nope.rdb", check_rc=1)
    assert b"can't open" in r.stderr and b"No such file" in r.stderr
    other = tmp_path / "notes.txt"
    other.write_bytes(b"hello world\n")
    assert b"not an RDB file" in inspect("verify", other, check_rc=1).stdout
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert b"no AOF manifest" in inspect("summary", empty_dir, check_rc=1).stderr


# ---- the fixtures ----

def test_export_rdb_fixture_equals_jsonl(inspect):
    need_fixtures()
    r = inspect("export", "--sort", RDB_FIXTURE, check_rc=0)
    expected = without_streams(jsonl(os.path.join(FIXTURES, "redis-7.0.15-alltypes.jsonl")),
                               r.stdout, r.stderr)
    assert r.stdout.decode().splitlines() == expected


def test_export_unsorted_is_the_same_set_of_lines(inspect, tmp_path):
    need_fixtures()
    out = tmp_path / "out.jsonl"
    inspect("export", "--output", out, RDB_FIXTURE, check_rc=0)
    sorted_out = inspect("export", "--sort", RDB_FIXTURE, check_rc=0).stdout.decode()
    assert sorted(out.read_text().splitlines()) == sorted(sorted_out.splitlines())


@pytest.mark.parametrize("name", ["aof-resp", "aof-rdb-preamble"])
def test_export_aof_fixture_equals_jsonl(inspect, name):
    need_fixtures()
    r = inspect("export", "--sort", os.path.join(FIXTURES, name))
    if r.returncode == 1 and b"stream" in r.stderr and b"preamble" in r.stderr:
        # The server's loader refuses a preamble holding a stream (it cannot load streams yet),
        # and inspect replays the directory with that loader.
        pytest.xfail("the AOF loader cannot load the stream key of the RDB preamble yet")
    assert r.returncode == 0, r.stderr
    lines = jsonl(os.path.join(FIXTURES, name + ".jsonl"))
    if b"XADD" in r.stderr:
        # The engine has no XADD yet: the replay drops the stream, and inspect says so.
        assert b"refused by the engine" in r.stderr
    assert r.stdout.decode().splitlines() == without_streams(lines, r.stdout, r.stderr)


def test_summary_keys_get_memory_on_fixture(inspect):
    need_fixtures()
    s = inspect("summary", "--top", "3", RDB_FIXTURE, check_rc=0).stdout.decode()
    assert "keys: 32  expiring: 5" in s
    assert "RDB version 10" in s and "redis-ver 7.0.15" in s
    assert "biggest keys" in s and "str:big" in s
    assert "zset skiplist" in s and "set intset" in s and "string int" in s

    def keys(*filters):
        out = inspect("keys", *filters, RDB_FIXTURE, check_rc=0).stdout.decode()
        return sorted(line.split("\t")[-1] for line in out.splitlines())
    assert keys("--type", "zset") == ["geo", "leaderboard", "zset:big", "zset:inf", "zset:small"]
    assert keys("--match", "str:*tl") == ["str:pttl", "str:ttl"]
    assert keys("--regex", "^db1") == ["db15:key", "db1:hash", "db1:key"]
    assert keys("--db", "15") == ["db15:key"]
    assert keys("--expiring") == ["db15:key", "hash:small", "list:small", "str:pttl", "str:ttl"]
    assert len(keys("--persistent")) == 27
    assert keys("--min-size", "100000") == ["str:big"]
    assert keys("--type", "stream") == ["stream"]

    g = inspect("get", RDB_FIXTURE, "hash:small", check_rc=0).stdout.decode()
    assert "type: hash" in g and "encoding: listpack" in g
    assert "2100-01-01T00:00:00.555Z" in g
    assert '1) "f1"\n2) "v1"\n' in g
    g = inspect("get", "--json", "--db", "1", RDB_FIXTURE, "db1:key", check_rc=0).stdout
    assert json.loads(g) == {"db": 1, "key": "db1:key", "pexpiretime": -1, "type": "string",
                             "value": "in db 1"}
    assert b"not found" in inspect("get", RDB_FIXTURE, "db1:key", check_rc=1).stderr
    assert b"stream" in inspect("get", RDB_FIXTURE, "stream", check_rc=1).stderr

    csv = inspect("memory", RDB_FIXTURE, check_rc=0).stdout.decode().splitlines()
    assert csv[0] == ("database,type,key,size_in_bytes,encoding,num_elements,"
                      "len_largest_element,expiry")
    assert len(csv) == 33
    rows = {r.split(",")[2]: r.split(",") for r in csv[1:]}
    assert rows["list:big"][1] == "list" and rows["list:big"][5] == "5000"
    assert rows["str:big"][5] == str(300 * 1024)  # a string's num_elements is its length
    assert rows["hash:small"][7] == "2100-01-01T00:00:00.555Z"


def test_verify_fixtures(inspect):
    need_fixtures()
    r = inspect("verify", RDB_FIXTURE, check_rc=0)
    assert r.stdout.startswith(b"OK ")
    # The RESP AOF holds XADD commands, which the engine does not have yet: that is a fault for a
    # ringkv server (it would load the directory without the stream), and verify says where.
    r = inspect("verify", os.path.join(FIXTURES, "aof-resp"))
    if r.returncode == 1:
        assert b"XADD" in r.stdout and b"appendonly.aof.3.base.aof at offset" in r.stdout


# ---- files ringkv writes ----

def test_ringkv_save_reads_back_as_the_live_dataset(inspect, make_ringkv):
    srv = make_ringkv()
    c = srv.client()
    populate(c)
    expected = live_export(c)
    assert c.save()
    rdb = os.path.join(srv.dir, "dump.rdb")
    r = inspect("export", "--sort", rdb, check_rc=0)
    assert r.stdout.decode().splitlines() == expected
    assert inspect("verify", rdb, check_rc=0).stdout.startswith(b"OK ")
    s = inspect("summary", rdb, check_rc=0).stdout.decode()
    assert "keys: %d" % len(expected) in s


def test_scores_and_strings_print_as_python_does(inspect, make_ringkv):
    """Every float layout Python's repr uses (positional, exponent, subnormal, huge) and every
    escape json.dumps writes, through a skiplist and a listpack zset and string values."""
    srv = make_ringkv()
    c = srv.client()
    rng = random.Random(3)
    special = [0.0, 1.0, -1.5, 0.1, 1e-4, 1.5e-5, 1e-7, 123456789.125, 1e15, 9999999999999998.0,
               1e16, 1.2345e16, 1e22, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
               3.141592653589793, -2.5e-300, 4503599627370497.0]
    scores = special + [rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30) for _ in range(300)]
    c.zadd("z:skiplist", {"m%d" % i: s for i, s in enumerate(scores)})
    c.zadd("z:listpack", {"m%d" % i: s for i, s in enumerate(special)})
    c.set("s:controls", bytes(range(32)) + b"\x7f\"\\/")
    c.set("s:astral", "\U0010ffff \U0001f600 \u0800 \u07ff \ufffd".encode())
    c.set("s:surrogate", b"\xed\xa0\x80")  # not valid UTF-8 for Python: base64
    c.set("s:overlong", b"\xc0\xaf")
    c.hset("h:utf8", mapping={"\u00e9": "x", "z": "\u2603", "a": "1"})
    c.sadd("set:utf8", "\u00e9", "e", "\U0001f600", "Z")
    expected = live_export(c)
    c.save()
    r = inspect("export", "--sort", os.path.join(srv.dir, "dump.rdb"), check_rc=0)
    assert r.stdout.decode().splitlines() == expected


def test_aof_directory_written_by_ringkv(inspect, make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    c = srv.client()
    populate(c)
    c.execute_command("MULTI")
    c.execute_command("INCR", "s:int")
    c.execute_command("LPUSH", "l:small", "first")
    c.execute_command("EXEC")
    expected = live_export(c)
    srv.stop()
    aof = os.path.join(srv.dir, "appendonlydir")
    r = inspect("export", "--sort", aof, check_rc=0)
    assert r.stdout.decode().splitlines() == expected
    assert inspect("verify", aof, check_rc=0).stdout.startswith(b"OK AOF directory")
    manifest = os.path.join(aof, "appendonly.aof.manifest")
    assert inspect("export", "--sort", manifest, check_rc=0).stdout == r.stdout


# ---- corrupt and truncated files ----

def test_truncated_rdb_is_a_clear_fault(inspect, tmp_path):
    need_fixtures()
    data = open(RDB_FIXTURE, "rb").read()
    for cut in [3, 9, 20, 200, 5000, 50000, len(data) // 2, len(data) - 9, len(data) - 1]:
        p = tmp_path / ("cut%d.rdb" % cut)
        p.write_bytes(data[:cut])
        r = inspect("verify", p, check_rc=1)
        out = r.stdout.decode()
        assert out.startswith("FAULT"), out
        if cut >= 5:
            assert "Unexpected EOF" in out and "offset" in out, out
        for cmd in ("summary", "export", "keys", "memory"):
            r = inspect(cmd, p, check_rc=1)
            assert b"ringkv-inspect:" in r.stderr


def test_corrupt_rdb_bytes_never_crash_and_fail_verify(inspect, tmp_path):
    need_fixtures()
    data = open(RDB_FIXTURE, "rb").read()
    rng = random.Random(7)
    for i in range(40):
        b = bytearray(data)
        pos = rng.randrange(9, len(b))
        b[pos] ^= 1 << rng.randrange(8)
        p = tmp_path / ("flip%d.rdb" % i)
        p.write_bytes(bytes(b))
        # Any single flipped bit is a fault: the structure check or, at worst, the CRC-64.
        r = inspect("verify", p, check_rc=1)
        assert b"offset" in r.stdout, r.stdout
        inspect("summary", p)  # whatever it finds, it exits cleanly


def test_corrupt_aof_reports_file_and_offset(inspect, make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    srv.client().set("a", "1")
    srv.stop()
    path = os.path.join(srv.dir, "appendonlydir", "appendonly.aof.1.incr.aof")
    good = os.path.getsize(path)
    with open(path, "ab") as f:
        f.write(b"GARBAGE\r\n*1\r\n$4\r\nPING\r\n")
    r = inspect("verify", os.path.join(srv.dir, "appendonlydir"), check_rc=1)
    assert b"appendonly.aof.1.incr.aof at offset %d" % good in r.stdout
    # Malformed bytes are not a cut-off end: repair-aof refuses unless told to cut them.
    r = inspect("repair-aof", os.path.join(srv.dir, "appendonlydir"), check_rc=1)
    assert b"--force" in r.stderr
    assert os.path.getsize(path) == good + 23


def test_repair_aof_then_server_loads_it(inspect, make_ringkv):
    srv = make_ringkv("--appendonly", "yes", "--aof-load-truncated", "no")
    c = srv.client()
    for i in range(50):
        c.set("k%d" % i, "v%d" % i)
    c.rpush("list", "a", "b")
    srv.stop()
    aof = os.path.join(srv.dir, "appendonlydir")
    path = os.path.join(aof, "appendonly.aof.1.incr.aof")
    good = os.path.getsize(path)
    tail = b"*3\r\n$3\r\nSET\r\n$4\r\nlost\r\n$3\r\nno"  # cut mid-command
    with open(path, "ab") as f:
        f.write(tail)
    r = inspect("verify", aof, check_rc=1)
    assert b"Unexpected end of file" in r.stdout and b"offset %d" % good in r.stdout
    with pytest.raises(Exception):
        srv.start(attempts=1)  # the server refuses it as it is
    inspect("repair-aof", "--dry-run", aof, check_rc=1)
    assert os.path.getsize(path) > good  # a dry run changes nothing
    r = inspect("repair-aof", aof, check_rc=0)
    assert b"sound now" in r.stdout
    assert os.path.getsize(path) == good
    assert os.path.getsize(path + ".bak") == good + len(tail)
    inspect("verify", aof, check_rc=0)
    assert b"nothing to repair" in inspect("repair-aof", aof, check_rc=0).stdout
    srv.start()
    c = srv.client()
    assert c.dbsize() == 51
    assert c.get("k49") == b"v49" and c.get("lost") is None
    assert c.lrange("list", 0, -1) == [b"a", b"b"]


def test_repair_aof_cuts_an_unfinished_multi(inspect, make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    srv.client().set("kept", "1")
    srv.stop()
    path = os.path.join(srv.dir, "appendonlydir", "appendonly.aof.1.incr.aof")
    good = os.path.getsize(path)
    with open(path, "ab") as f:
        f.write(b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\ny\r\n")
    inspect("repair-aof", os.path.join(srv.dir, "appendonlydir"), check_rc=0)
    assert os.path.getsize(path) == good


# ---- diff ----

def test_diff_two_snapshots(inspect, make_ringkv, tmp_path):
    srv = make_ringkv()
    c = srv.client()
    c.set("same", "1")
    c.set("changed", "old")
    c.set("gone", "x")
    c.set("ttl", "t")
    c.rpush("retyped", "a")
    c.save()
    a = tmp_path / "a.rdb"
    shutil.copy(os.path.join(srv.dir, "dump.rdb"), a)
    c.set("changed", "new")
    c.delete("gone")
    c.set("new key", "n")
    c.expire("ttl", 1000)
    c.delete("retyped")
    c.set("retyped", "now a string")
    c.save()
    b = tmp_path / "b.rdb"
    shutil.copy(os.path.join(srv.dir, "dump.rdb"), b)
    r = inspect("diff", a, b, check_rc=1)
    lines = r.stdout.decode().splitlines()
    assert lines[-1] == "1 added, 1 removed, 3 changed"
    ttl = [l for l in lines if l.startswith("changed 0 ttl ")]
    assert len(ttl) == 1 and ttl[0].startswith("changed 0 ttl ttl none -> 20"), lines
    assert sorted(l for l in lines[:-1] if l not in ttl) == sorted([
        'added 0 "new key" string',
        "removed 0 gone string",
        "changed 0 changed value",
        "changed 0 retyped type list -> string",
    ])
    assert inspect("diff", "--ignore-ttl", a, b, check_rc=1).stdout.decode().splitlines()[-1] == \
        "1 added, 1 removed, 2 changed"
    assert inspect("diff", a, a, check_rc=0).stdout == b"0 added, 0 removed, 0 changed\n"


def test_diff_snapshot_against_aof(inspect, make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    c = srv.client()
    populate(c)
    c.save()
    c.set("after-save", "1")
    srv.stop()
    r = inspect("diff", os.path.join(srv.dir, "dump.rdb"), os.path.join(srv.dir, "appendonlydir"),
                check_rc=1)
    assert r.stdout.decode().splitlines() == ["added 0 after-save string",
                                              "1 added, 0 removed, 0 changed"]


# ---- RESP export into a real redis-server ----

def test_resp_export_replays_into_redis(inspect, make_oracle):
    need_fixtures()
    resp = inspect("export", "--format", "resp", RDB_FIXTURE, check_rc=0)
    oracle = make_oracle()
    p = subprocess.run(["redis-cli", "-h", oracle.host, "-p", str(oracle.port), "--pipe"],
                       input=resp.stdout, capture_output=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert b"errors: 0" in p.stdout
    got = live_export(oracle.client())
    expected = without_streams(jsonl(os.path.join(FIXTURES, "redis-7.0.15-alltypes.jsonl")),
                               "\n".join(got).encode(), resp.stderr)
    assert got == expected


def test_resp_export_of_ringkv_save_replays_into_redis(inspect, make_ringkv, make_oracle):
    srv = make_ringkv()
    c = srv.client()
    populate(c)
    expected = live_export(c)
    c.save()
    resp = inspect("export", "--format", "resp", "--sort", os.path.join(srv.dir, "dump.rdb"),
                   check_rc=0)
    oracle = make_oracle()
    p = subprocess.run(["redis-cli", "-h", oracle.host, "-p", str(oracle.port), "--pipe"],
                       input=resp.stdout, capture_output=True, timeout=120)
    assert b"errors: 0" in p.stdout, p.stdout + p.stderr
    assert live_export(oracle.client()) == expected


# ---- progress ----

def test_progress_bar_only_on_a_terminal(inspect_binary, inspect, make_ringkv):
    import pty
    srv = make_ringkv()
    c = srv.client()
    c.execute_command("DEBUG", "POPULATE", 5000)
    c.save()
    rdb = os.path.join(srv.dir, "dump.rdb")
    piped = inspect("summary", rdb, check_rc=0)
    assert piped.stderr == b""
    master, slave = pty.openpty()
    p = subprocess.Popen([inspect_binary, "summary", rdb], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out, _ = p.communicate(timeout=60)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    assert p.returncode == 0
    assert b"keys: 5000" in out
    assert b"dump.rdb [" in drawn and b"keys" in drawn
    assert drawn.endswith(b"\r\x1b[K")  # the bar is erased when done
