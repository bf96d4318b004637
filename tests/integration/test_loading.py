"""Start-up loading, as Redis: the server listens at once and, until the dataset is loaded,
answers -LOADING to commands that need the data while INFO reports loading:1 with its progress and
ETA. `key-load-delay` (Redis's own testing aid) slows loading down enough to watch it. The same
steps run against the real redis-server 7.0.15 and must see the same texts."""

import os
import socket
import subprocess

import pytest

from polling import wait_until
from server import HOST, Server, free_port


def raw(port, line):
    """One inline command on a fresh connection; the whole reply (bytes), or None."""
    try:
        with socket.create_connection((HOST, port), timeout=5) as s:
            s.sendall(line.encode() + b"\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if data.startswith((b"+", b"-", b":")) and data.endswith(b"\r\n"):
                    break
                if data.startswith(b"$") and b"\r\n" in data:
                    n = int(data[1:data.index(b"\r\n")])
                    if len(data) >= data.index(b"\r\n") + 2 + n + 2:
                        break
            return data
    except OSError:
        return None


@pytest.mark.parametrize("which", ["ringkv", "redis"])
def test_clients_get_loading_while_the_dataset_loads(which, ringkv_binary, oracle_binary,
                                                     io_backend, tmp_path):
    binary = ringkv_binary if which == "ringkv" else oracle_binary
    io = io_backend if which == "ringkv" else None
    srv = Server(binary, tmp_path, io_backend=io).start()
    c = srv.client()
    p = c.pipeline(transaction=False)
    for i in range(3000):
        p.set("key:%d" % i, "value:%d" % i)
    p.execute()
    assert c.save()
    srv.stop()

    port = free_port()
    args = Server(binary, tmp_path, io_backend=io).command_line(port) + [
        "--key-load-delay", "1000",  # 1 ms a key: ~3 s of loading
        "--loading-process-events-interval-bytes", "1024"]  # answer clients every 1 KB
    with open(os.path.join(tmp_path, "loading.log"), "ab") as log:
        proc = subprocess.Popen(args, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        wait_until(lambda: raw(port, "PING") is not None, what="the listener")
        assert raw(port, "PING") == b"-LOADING Redis is loading the dataset in memory\r\n"
        assert raw(port, "GET key:1") == b"-LOADING Redis is loading the dataset in memory\r\n"
        info = raw(port, "INFO persistence").decode()
        fields = dict(l.split(":", 1) for l in info.split("\r\n") if ":" in l)
        assert fields["loading"] == "1"
        for name in ("loading_start_time", "loading_total_bytes", "loading_loaded_bytes",
                     "loading_loaded_perc", "loading_eta_seconds"):
            assert name in fields, name
        assert int(fields["loading_total_bytes"]) == os.path.getsize(tmp_path / "dump.rdb")
        wait_until(lambda: raw(port, "PING") == b"+PONG\r\n", what="the end of loading")
        assert raw(port, "GET key:2999") == b"$10\r\nvalue:2999\r\n"
        assert "loading:0" in raw(port, "INFO persistence").decode()
    finally:
        proc.kill()
        proc.wait()
