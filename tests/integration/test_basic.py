"""Real clients against a running ringkv-server: redis-cli, redis-py, raw sockets, hiredis.

Every test here also passes against Debian's redis-server 7.0 (RINGKV_SERVER=/usr/bin/redis-server),
which is how the expectations were checked. No timing assertions: waits are bounded polls.
"""

import os
import re
import resource
import shutil
import socket
import subprocess
import threading
import time

import pytest

from conftest import require_commands
import redis

import resp
from resp import Reply

HERE = os.path.dirname(os.path.abspath(__file__))


def poll_until(predicate, timeout=5.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def raw(server, timeout=10):
    return resp.Conn(server.connect(timeout=timeout), timeout=timeout)


def assert_closed(conn):
    """The server closed this connection (bounded by the socket timeout)."""
    rest = conn.read_until_closed()
    assert rest == b"", "unexpected bytes before close: %r" % rest


# ---- basics through redis-cli and redis-py ----

def test_ping_echo_set_get_cli(ringkv):
    assert ringkv.cli("PING") == "PONG"
    assert ringkv.cli("ECHO", "hello world") == "hello world"
    assert ringkv.cli("SET", "greeting", "hi there") == "OK"
    assert ringkv.cli("GET", "greeting") == "hi there"
    assert ringkv.cli("--no-raw", "GET", "missing") == "(nil)"


def test_ping_echo_set_get_redispy(ringkv):
    c = ringkv.client()
    assert c.ping() is True
    assert c.echo(b"hello\x00world") == b"hello\x00world"
    assert c.set(b"k", b"v\r\nwith crlf") is True
    assert c.get(b"k") == b"v\r\nwith crlf"
    assert c.get(b"missing") is None
    big = os.urandom(1 << 20)
    assert c.set(b"big", big) is True
    assert c.get(b"big") == big


# ---- pipelining ----

def test_pipeline_10000_redispy(ringkv):
    c = ringkv.client()
    p = c.pipeline(transaction=False)
    n = 10000
    for i in range(n):
        m = i % 3
        if m == 0:
            p.set(b"p:%d" % (i % 97), b"v%d" % i)
        elif m == 1:
            p.incr(b"p:counter")
        else:
            p.get(b"p:%d" % ((i - 2) % 97))
    replies = p.execute()
    assert len(replies) == n
    counter = 0
    for i, r in enumerate(replies):
        m = i % 3
        if m == 0:
            assert r is True, (i, r)
        elif m == 1:
            counter += 1
            assert r == counter, (i, r)
        else:
            assert r == b"v%d" % (i - 2), (i, r)


def test_pipeline_10000_raw(ringkv):
    n = 10000
    cmds = []
    for i in range(n):
        m = i % 3
        if m == 0:
            cmds.append(resp.encode("SET", "r:%d" % i, "value-%d" % i))
        elif m == 1:
            cmds.append(resp.encode("INCR", "r:counter"))
        else:
            cmds.append(resp.encode("GET", "r:%d" % (i - 2)))
    payload = b"".join(cmds)
    conn = raw(ringkv, timeout=60)
    # Write from another thread so that a server applying backpressure can't deadlock the test.
    writer = threading.Thread(target=conn.send, args=(payload,), daemon=True)
    writer.start()
    counter = 0
    for i in range(n):
        r = conn.read_reply()
        m = i % 3
        if m == 0:
            assert r == Reply("+", b"OK"), (i, r)
        elif m == 1:
            counter += 1
            assert r == Reply(":", counter), (i, r)
        else:
            assert r == Reply("$", b"value-%d" % (i - 2)), (i, r)
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert conn.call("PING") == Reply("+", b"PONG")
    conn.close()


# ---- many clients ----

def _raise_nofile(want):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def test_500_concurrent_clients(ringkv):
    n = 500
    assert _raise_nofile(n * 2 + 200) >= n + 100
    socks = []
    try:
        for _ in range(n):
            socks.append(ringkv.connect(timeout=30))
        # All connected at once: every one sends, then every one reads.
        for i, s in enumerate(socks):
            s.sendall(resp.encode("SET", "client:%d" % i, "val:%d" % i) +
                      resp.encode("GET", "client:%d" % i))
        conns = [resp.Conn(s, timeout=30) for s in socks]
        for i, c in enumerate(conns):
            assert c.read_reply() == Reply("+", b"OK"), i
            assert c.read_reply() == Reply("$", b"val:%d" % i), i
        info = ringkv.client().info("clients")
        assert info["connected_clients"] >= n + 1
        # Every connection is still usable, in reverse order this time.
        for i in reversed(range(n)):
            socks[i].sendall(resp.encode("GET", "client:%d" % ((i + 1) % n)))
        for i in reversed(range(n)):
            assert conns[i].read_reply() == Reply("$", b"val:%d" % ((i + 1) % n)), i
    finally:
        for s in socks:
            s.close()
    c = ringkv.client()
    assert c.dbsize() == n
    assert poll_until(lambda: c.info("clients")["connected_clients"] == 1)


# ---- broken clients ----

@pytest.mark.parametrize("partial", [
    b"*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$5\r\nva",   # inside the last bulk
    b"*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$",          # inside a bulk length
    b"*3\r\n$3\r\nSET\r\n",                          # between arguments
    b"*3",                                           # inside the multibulk header
    b"SET half val",                                 # an inline command without its newline
], ids=["in-bulk", "in-bulk-len", "between-args", "in-header", "inline"])
def test_client_disconnects_mid_command(ringkv, partial):
    before = ringkv.client()
    assert before.set(b"before", b"1")
    s = ringkv.connect()
    s.sendall(partial)
    time.sleep(0.05)  # let the server read the partial command (not a timing assertion)
    s.close()
    assert before.ping()
    assert before.get(b"half") is None
    after = ringkv.client()
    assert after.set(b"after", b"2")
    assert after.mget(b"before", b"after", b"half") == [b"1", b"2", None]
    assert poll_until(lambda: after.info("clients")["connected_clients"] == 2)


MALFORMED = [
    (b"*1\r\n$x\r\n", b"ERR Protocol error: invalid bulk length"),
    (b"*abc\r\n", b"ERR Protocol error: invalid multibulk length"),
    (b"*1\r\n$999999999999\r\n", b"ERR Protocol error: invalid bulk length"),
    (b"*1\r\n$-1\r\n", b"ERR Protocol error: invalid bulk length"),
    (b"*2147483648\r\n", b"ERR Protocol error: invalid multibulk length"),
    (b"*1\r\n*1\r\n", b"ERR Protocol error: expected '$', got '*'"),
    (b'SET "unbalanced\r\n', b"ERR Protocol error: unbalanced quotes in request"),
]


@pytest.mark.parametrize("payload,error", MALFORMED, ids=[
    "bulk-len-x", "multibulk-len-abc", "huge-bulk-len", "negative-bulk-len", "huge-multibulk-len",
    "nested-array", "unbalanced-quotes"])
def test_malformed_protocol(ringkv, payload, error):
    before = raw(ringkv)
    assert before.call("SET", "before", "1") == Reply("+", b"OK")
    bad = raw(ringkv)
    # A valid command first, in the same write: it is answered, then the error, then the close.
    bad.send(b"PING\r\n" + payload)
    assert bad.read_reply() == Reply("+", b"PONG")
    assert bad.read_reply() == Reply("-", error)
    assert_closed(bad)
    bad.close()
    assert before.call("GET", "before") == Reply("$", b"1")
    assert before.call("PING") == Reply("+", b"PONG")
    after = raw(ringkv)
    assert after.call("GET", "before") == Reply("$", b"1")
    before.close()
    after.close()


def test_empty_and_null_multibulk_are_ignored(ringkv):
    # Redis skips "*0" and "*-1" (and blank inline lines) without replying.
    c = raw(ringkv)
    c.send(b"*0\r\n*-1\r\n\r\nPING\r\n")
    assert c.read_reply() == Reply("+", b"PONG")
    c.close()


# ---- expiry from outside ----

def test_expiry_px_eventually_gone(ringkv):
    c = ringkv.client()
    assert c.set(b"ephemeral", b"v", px=100)
    assert c.set(b"stays", b"v")
    assert poll_until(lambda: c.get(b"ephemeral") is None, timeout=5.0), "key still there after 5 s"
    assert c.exists(b"ephemeral") == 0
    assert c.get(b"stays") == b"v"


def test_set_ex_ttl_in_range(ringkv):
    c = ringkv.client()
    assert c.set(b"k", b"v", ex=100)
    assert 0 < c.ttl(b"k") <= 100
    assert 0 < c.pttl(b"k") <= 100000
    assert c.ttl(b"nokey") == -2
    c.set(b"noexp", b"v")
    assert c.ttl(b"noexp") == -1


def test_active_expiry_removes_unread_keys(ringkv):
    # Keys that nobody reads must still go away (active expiry), seen through DBSIZE.
    c = ringkv.client()
    p = c.pipeline(transaction=False)
    for i in range(50):
        p.set(b"short:%d" % i, b"v", px=50)
    p.set(b"long", b"v")
    p.execute()
    assert poll_until(lambda: c.dbsize() == 1, timeout=5.0), c.dbsize()


# ---- RESP3 ----

def test_resp3_cli_hello(ringkv):
    out = ringkv.cli("-3", "HELLO", "3")
    lines = out.splitlines()
    assert lines[0].startswith("server "), out
    assert any(re.fullmatch(r"version \d+\.\d+\.\d+", l) for l in lines), out
    assert "proto 3" in lines, out
    out = ringkv.cli("-3", "--no-raw", "HELLO", "3")
    assert '1# "server" => ' in out, out
    assert '"proto" => (integer) 3' in out, out


def test_resp3_cli_no_raw_map_and_null(ringkv):
    out = ringkv.cli("-3", "--no-raw", "CONFIG", "GET", "port")
    assert out == '1# "port" => "%d"' % ringkv.port
    assert ringkv.cli("-3", "--no-raw", "GET", "missing") == "(nil)"
    assert ringkv.cli("-3", "--no-raw", "SET", "k", "v") == "OK"
    assert ringkv.cli("-3", "--no-raw", "GET", "k") == '"v"'


def test_resp3_cli_no_raw_double(ringkv):
    require_commands(ringkv, "zadd")
    assert ringkv.cli("ZADD", "z", "1.5", "m") == "1"
    assert ringkv.cli("-3", "--no-raw", "ZSCORE", "z", "m") == "(double) 1.5"
    assert ringkv.cli("--no-raw", "ZSCORE", "z", "m") == '"1.5"'  # RESP2: a bulk string


def test_hello3_raw(ringkv):
    c = raw(ringkv)
    c.send(b"HELLO 3\r\n")
    r = c.read_reply()
    assert r.kind == "%", r
    assert len(r.value) == 7, r
    fields = {k.value: v for k, v in r.value}
    assert set(fields) == {b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"}
    assert fields[b"proto"] == Reply(":", 3)
    assert fields[b"mode"] == Reply("$", b"standalone")
    assert fields[b"role"] == Reply("$", b"master")
    assert fields[b"modules"] == Reply("*", [])
    # The connection now speaks RESP3: a missing key is the RESP3 null.
    assert c.call("GET", "missing") == Reply("_", None)
    assert c.call("HELLO", "2").kind == "*"
    assert c.call("GET", "missing") == Reply("$", None)
    assert c.call("HELLO", "4") == Reply("-", b"NOPROTO unsupported protocol version")
    c.close()


def test_hello3_raw_bytes(ringkv):
    s = ringkv.connect()
    s.sendall(b"HELLO 3\r\n")
    data = b""
    while b"modules" not in data:
        chunk = s.recv(4096)
        assert chunk, data
        data += chunk
    assert data.startswith(b"%7\r\n"), data
    s.close()


# ---- inline, QUIT, client/db/config/info ----

def test_inline_commands(ringkv):
    c = raw(ringkv)
    c.send(b"PING\r\n")
    assert c.read_reply() == Reply("+", b"PONG")
    c.send(b"SET inline value\r\nGET inline\r\n")
    assert c.read_reply() == Reply("+", b"OK")
    assert c.read_reply() == Reply("$", b"value")
    c.send(b'ECHO "hello world"\r\n')
    assert c.read_reply() == Reply("$", b"hello world")
    c.send(b"PING\n")  # telnet-style, LF only
    assert c.read_reply() == Reply("+", b"PONG")
    c.send(b"   PING   \r\n")
    assert c.read_reply() == Reply("+", b"PONG")
    c.close()


def test_quit(ringkv):
    c = raw(ringkv)
    c.send(b"QUIT\r\nPING\r\n")
    assert c.read_reply() == Reply("+", b"OK")
    assert_closed(c)
    c.close()
    assert ringkv.client().ping()


def test_client_setname_getname(ringkv):
    c = raw(ringkv)
    assert c.call("CLIENT", "GETNAME") == Reply("$", None)
    assert c.call("CLIENT", "SETNAME", "worker-1") == Reply("+", b"OK")
    assert c.call("CLIENT", "GETNAME") == Reply("$", b"worker-1")
    assert c.call("CLIENT", "SETNAME", "has space") == Reply(
        "-", b"ERR Client names cannot contain spaces, newlines or special characters.")
    r = c.call("CLIENT", "LIST")
    assert r.kind == "$" and b" name=worker-1 " in r.value, r
    assert c.call("CLIENT", "SETNAME", "") == Reply("+", b"OK")
    assert c.call("CLIENT", "GETNAME") == Reply("$", None)
    c.close()
    # redis-py's helpers too.
    p = ringkv.client()
    assert p.client_setname("worker-2") is True
    assert p.client_getname() in ("worker-2", b"worker-2")


def test_select_dbsize(ringkv):
    c = raw(ringkv)
    assert c.call("SET", "a", "1") == Reply("+", b"OK")
    assert c.call("SET", "b", "2") == Reply("+", b"OK")
    assert c.call("DBSIZE") == Reply(":", 2)
    assert c.call("SELECT", "1") == Reply("+", b"OK")
    assert c.call("DBSIZE") == Reply(":", 0)
    assert c.call("GET", "a") == Reply("$", None)
    assert c.call("SET", "a", "in-db1") == Reply("+", b"OK")
    assert c.call("DBSIZE") == Reply(":", 1)
    assert c.call("SELECT", "16") == Reply("-", b"ERR DB index is out of range")
    assert c.call("SELECT", "x") == Reply("-", b"ERR value is not an integer or out of range")
    assert c.call("SELECT", "0") == Reply("+", b"OK")
    assert c.call("GET", "a") == Reply("$", b"1")
    assert c.call("DBSIZE") == Reply(":", 2)
    c.close()


def test_config_get_port(ringkv):
    c = ringkv.client()
    assert c.execute_command("CONFIG", "GET", "port") == [b"port", str(ringkv.port).encode()]
    assert ringkv.cli("CONFIG", "GET", "port") == "port\n%d" % ringkv.port


INFO_SECTIONS = ["# Server", "# Clients", "# Memory", "# Persistence", "# Stats",
                 "# Replication", "# CPU", "# Keyspace"]


def test_info_sections_and_fields(ringkv):
    c = raw(ringkv)
    assert c.call("SET", "a", "1") == Reply("+", b"OK")
    assert c.call("SET", "b", "2", "EX", "1000") == Reply("+", b"OK")
    r = c.call("INFO")
    assert r.kind == "$"
    text = r.value.decode()
    lines = text.split("\r\n")
    for section in INFO_SECTIONS:
        assert section in lines, "missing %r in INFO:\n%s" % (section, text)
    fields = dict(l.split(":", 1) for l in lines if l and not l.startswith("#"))
    assert re.fullmatch(r"\d+\.\d+\.\d+", fields["redis_version"]), fields["redis_version"]
    assert int(fields["connected_clients"]) >= 1
    assert int(fields["used_memory"]) > 0
    assert fields["tcp_port"] == str(ringkv.port)
    assert fields["process_id"] == str(ringkv.pid)
    assert re.match(r"keys=2,expires=1,avg_ttl=\d+$", fields["db0"]), fields["db0"]
    # A single section on request.
    r = c.call("INFO", "keyspace")
    assert r.value.decode().split("\r\n")[0] == "# Keyspace"
    assert "# Server" not in r.value.decode()
    # redis-py parses it as monitoring tools do.
    info = ringkv.client().info()
    assert info["db0"]["keys"] == 2
    c.close()


# ---- stopping the server ----

def test_shutdown_nosave_stops_process(ringkv):
    c = raw(ringkv)
    c.send(resp.encode("SHUTDOWN", "NOSAVE"))
    # Redis closes the connection without a reply; a reply would be tolerated only if it's +OK.
    try:
        rest = c.read_until_closed()
        assert rest in (b"", b"+OK\r\n"), rest
    except (ConnectionResetError, socket.timeout):
        pass
    c.close()
    rc = ringkv.wait_exit()
    assert rc == 0, "server still running or failed after SHUTDOWN NOSAVE: %r\n%s" % (
        rc, ringkv.log_tail())


def test_sigterm_exits_zero(ringkv):
    c = ringkv.client()
    c.set(b"k", b"v")
    assert ringkv.stop() == 0, ringkv.log_tail()


# ---- authentication ----

def test_requirepass(make_ringkv):
    srv = make_ringkv("--requirepass", "secret")
    c = raw(srv)
    assert c.call("GET", "k") == Reply("-", b"NOAUTH Authentication required.")
    assert c.call("SET", "k", "v") == Reply("-", b"NOAUTH Authentication required.")
    assert c.call("AUTH", "wrong") == Reply(
        "-", b"WRONGPASS invalid username-password pair or user is disabled.")
    assert c.call("AUTH", "secret") == Reply("+", b"OK")
    assert c.call("GET", "k") == Reply("$", None)
    assert c.call("SET", "k", "v") == Reply("+", b"OK")
    c.close()
    # redis-py with the password, and redis-cli with -a.
    assert srv.client(password="secret").get(b"k") == b"v"
    assert srv.cli("--no-auth-warning", "-a", "secret", "GET", "k") == "v"
    with pytest.raises(redis.AuthenticationError):
        srv.client().get(b"k")


# ---- hiredis ----

def test_hiredis_pipeline(ringkv, tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    assert cc, "no C compiler"
    exe = str(tmp_path / "hiredis_client")
    build = subprocess.run([cc, "-O1", "-Wall", "-o", exe, os.path.join(HERE, "hiredis_client.c"),
                            "-lhiredis"], capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, "compiling hiredis_client.c failed (libhiredis-dev?):\n" + \
        build.stderr
    run = subprocess.run([exe, ringkv.host, str(ringkv.port), "hiredis:counter", "1000"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1000"
    assert ringkv.client().get(b"hiredis:counter") == b"1000"
