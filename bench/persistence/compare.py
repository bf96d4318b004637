#!/usr/bin/python3
"""Persistence costs of ringkv-server against redis-server 7.0, side by side on the same data.

For each server in turn (ringkv, then redis, repeated --rounds times; medians reported):
  - load time: DEBUG POPULATE N keys (32-byte values), SAVE, restart on the RDB and time the
    process start to the first +PONG; then BGREWRITEAOF (an RDB-preamble base) and restart on the
    AOF; then an AOF of N SET commands (appendonly yes from an empty start) and restart on it;
  - BGSAVE: time from the command to rdb_bgsave_in_progress:0, and the extra memory it took
    (ringkv: peak RSS during it minus RSS before; redis: the child's rdb_last_cow_size, the memory
    its fork really copied — plus nothing for the parent);
  - GET p99 while BGSAVE runs back to back (redis-benchmark -c 50), and without it;
  - SET and LPUSH requests/s under appendfsync always and everysec, with 1 and 50 clients.
Prints a markdown table with ringkv/redis ratios and writes it to --out.

Usage: /usr/bin/python3 bench/persistence/compare.py [--keys 1000000] [--rounds 1]
         [--ringkv PATH] [--redis PATH] [--out bench/results/persistence.md]
"""

import argparse
import csv
import datetime
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from server import Server, free_port, ping_raw  # noqa: E402


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def start(binary, workdir, *extra):
    io_backend = None if "redis-server" in binary else "io_uring"
    return Server(binary, workdir, io_backend=io_backend, extra_args=list(extra)).start()


def time_to_pong(binary, workdir, *extra):
    """Seconds from process start to the first +PONG; returns (seconds, running Server)."""
    srv = Server(binary, workdir, io_backend=None if "redis-server" in binary else "io_uring",
                 extra_args=list(extra))
    port = free_port()
    srv.port = port
    srv.args = srv.command_line(port)
    log = open(srv.log_path, "ab")
    t0 = time.monotonic()
    srv.proc = subprocess.Popen(srv.args, cwd=srv.dir, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    srv.pid = srv.proc.pid
    srv._log = log
    while True:
        reply = ping_raw(srv.host, port, timeout=0.5)
        if reply and reply.startswith(b"+PONG"):
            return time.monotonic() - t0, srv
        if srv.proc.poll() is not None:
            raise RuntimeError("server exited: " + srv.log_tail())
        time.sleep(0.005)


def bench(srv, test, n, clients, extra=()):
    cmd = ["redis-benchmark", "-h", srv.host, "-p", str(srv.port), "-c", str(clients), "-n",
           str(n), "-r", "1000000", "--csv", "-t", test] + list(extra)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    row = list(csv.DictReader(io.StringIO(out)))[0]
    return float(row["rps"]), float(row["p99_latency_ms"])


def bgsave_wait(c):
    while c.info("persistence")["rdb_bgsave_in_progress"]:
        time.sleep(0.01)


def measure(binary, keys, workdir):
    r = {}
    d = tempfile.mkdtemp(dir=workdir)
    srv = start(binary, d)
    c = srv.client()
    c.execute_command("DEBUG", "POPULATE", keys, "key", 32)
    c.save()
    # BGSAVE: time and extra memory.
    rss0 = rss_bytes(srv.pid)
    peak = [rss0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_bytes(srv.pid))
            time.sleep(0.005)

    t = threading.Thread(target=sample)
    t.start()
    t0 = time.monotonic()
    c.bgsave()
    bgsave_wait(c)
    r["bgsave_s"] = time.monotonic() - t0
    done.set()
    t.join()
    if srv.is_redis:
        r["bgsave_extra_mb"] = c.info("persistence")["rdb_last_cow_size"] / 2**20
    else:
        r["bgsave_extra_mb"] = (peak[0] - rss0) / 2**20
    # GET p99 without and during back-to-back BGSAVEs.
    r["get_rps"], r["get_p99_ms"] = bench(srv, "get", 200000, 50)
    stop = threading.Event()

    def saver():
        while not stop.is_set():
            try:
                c.bgsave()
            except Exception:  # noqa: BLE001 (already in progress)
                pass
            bgsave_wait(c)

    t = threading.Thread(target=saver)
    t.start()
    r["get_bgsave_rps"], r["get_bgsave_p99_ms"] = bench(srv, "get", 200000, 50)
    stop.set()
    t.join()
    srv.stop()
    r["load_rdb_s"], srv = time_to_pong(binary, d)
    if srv.is_redis:
        # Turning the AOF on writes its base (an RDB preamble) from the loaded dataset.
        c = srv.client()
        c.config_set("appendonly", "yes")
        time.sleep(0.1)
        while any(c.info("persistence")[k] for k in ("aof_rewrite_in_progress",
                                                      "aof_rewrite_scheduled")):
            time.sleep(0.01)
    srv.stop()
    if not srv.is_redis:
        # ringkv's appendonly is immutable at runtime: rewrite from a restart with the AOF on,
        # loading the RDB through DEBUG RELOAD first.
        srv2 = start(binary, d, "--appendonly", "yes")
        srv2.client().execute_command("DEBUG", "RELOAD", "NOSAVE")
        srv2.client().bgrewriteaof()
        while srv2.client().info("persistence")["aof_rewrite_in_progress"]:
            time.sleep(0.01)
        srv2.stop()
    r["load_aof_preamble_s"], srv = time_to_pong(binary, d, "--appendonly", "yes")
    srv.stop()
    # An AOF of commands.
    d2 = tempfile.mkdtemp(dir=workdir)
    srv = start(binary, d2, "--appendonly", "yes", "--aof-use-rdb-preamble", "yes")
    subprocess.run(["redis-benchmark", "-h", srv.host, "-p", str(srv.port), "-c", "50", "-P",
                    "32", "-n", str(keys), "-r", str(keys), "-d", "32", "-t", "set", "-q"],
                   capture_output=True, check=True)
    srv.stop()
    r["load_aof_commands_s"], srv = time_to_pong(binary, d2, "--appendonly", "yes")
    srv.stop()
    # Durable writes.
    for policy in ("always", "everysec"):
        d3 = tempfile.mkdtemp(dir=workdir)
        srv = start(binary, d3, "--appendonly", "yes", "--appendfsync", policy)
        for clients in (1, 50):
            n = 5000 if (policy == "always" and clients == 1) else 100000
            for test in ("set", "lpush"):
                r["%s_%s_c%d_rps" % (test, policy, clients)] = bench(srv, test, n, clients)[0]
        srv.stop()
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringkv", default=os.path.join(ROOT, "build/frontend/net/ringkv-server"))
    ap.add_argument("--redis", default="/usr/bin/redis-server")
    ap.add_argument("--keys", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench/results/persistence.md"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="ringkv-persist-")
    results = {"ringkv": [], "redis": []}
    for _ in range(a.rounds):
        results["ringkv"].append(measure(a.ringkv, a.keys, work))
        results["redis"].append(measure(a.redis, a.keys, work))
    lines = ["# Persistence: ringkv / redis-server 7.0 (%s, %d keys, %d round(s))" % (
        datetime.date.today(), a.keys, a.rounds), "",
        "| measure | ringkv | redis | ratio |", "|---|---:|---:|---:|"]
    for k in results["ringkv"][0]:
        mine = statistics.median(r[k] for r in results["ringkv"])
        theirs = statistics.median(r[k] for r in results["redis"])
        ratio = mine / theirs if theirs else float("nan")
        lines.append("| %s | %.3f | %.3f | %.2f |" % (k, mine, theirs, ratio))
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
