#!/usr/bin/python3
"""Memory per element of the collection types, ringkv against redis-server.

For every type (hash, list, set of integers, set of strings, zset, stream) and two shapes:
  big    1 collection of N elements (default 1,000,000): the big encodings
  small  N/10 collections of 10 elements each: the compact encodings (listpack, intset), where
         the key itself is paid for once per 10 elements
a fresh ringkv and a fresh redis-server are started (own free loopback port and temp dir,
persistence off: --appendonly no --save ""), `used_memory` and `used_memory_rss` are read from
INFO memory, the same data is written to both (pipelined, many elements per command), INFO is
read again, and the difference is divided by the number of elements. RSS deltas are printed as a
cross-check of used_memory (they include allocator slack and pages not yet returned).

Prints a markdown table; --out also writes it to a file.

Usage: /usr/bin/python3 bench/memory/collections.py --ringkv build-rel/frontend/net/ringkv-server
         [--redis /usr/bin/redis-server] [-n 1000000] [--types hash,list,intset,set,zset]
         [--out bench/memory/latest.md]
"""

import argparse
import datetime
import os
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from server import Server  # noqa: E402  (the integration suite's start/stop harness)

PER_COMMAND = 1000         # elements per command for the big collection
ELEMENTS_IN_FLIGHT = 10000  # elements per pipeline round trip: small input buffers, so the RSS
                            # deltas are about the data, not about a query buffer of the whole fill
SMALL = 10                 # elements per small collection

# type -> (command, function from element index to the command's arguments for it)
TYPES = {
    "hash": ("HSET", lambda i: ["f%d" % i, "v%d" % i]),
    "list": ("RPUSH", lambda i: ["e%d" % i]),
    "intset": ("SADD", lambda i: [str(i)]),
    "set": ("SADD", lambda i: ["m%d" % i]),
    "zset": ("ZADD", lambda i: [str(i), "m%d" % i]),
    # One entry per XADD (a stream takes one entry per command): two small fields, as a queue's
    # messages often are; "*" IDs, so the delta encoding sees real millisecond timestamps.
    "stream": ("XADD", lambda i: ["*", "f1", "v%d" % i, "f2", str(i)]),
}
ONE_PER_COMMAND = {"stream"}


def memory(client):
    info = client.info("memory")
    return info["used_memory"], info["used_memory_rss"]


def fill(client, type_name, shape, n):
    """Writes n elements of `type_name` in the given shape; returns one key holding them."""
    cmd, args = TYPES[type_name]
    pipe = client.pipeline(transaction=False)
    queued = 0
    depth = ELEMENTS_IN_FLIGHT // (PER_COMMAND if shape == "big" else SMALL)
    if type_name in ONE_PER_COMMAND:
        depth = ELEMENTS_IN_FLIGHT

    def queue(*c):
        nonlocal queued
        pipe.execute_command(*c)
        queued += 1
        if queued == depth:
            pipe.execute()
            queued = 0

    if type_name in ONE_PER_COMMAND:
        for i in range(n):
            queue(cmd, "big" if shape == "big" else "c:%d" % (i // SMALL), *args(i))
        sample = "big" if shape == "big" else "c:0"
    elif shape == "big":
        for start in range(0, n, PER_COMMAND):
            flat = []
            for i in range(start, min(n, start + PER_COMMAND)):
                flat += args(i)
            queue(cmd, "big", *flat)
        sample = "big"
    else:
        for k in range(n // SMALL):
            flat = []
            for i in range(SMALL):
                flat += args(k * SMALL + i)
            queue(cmd, "c:%d" % k, *flat)
        sample = "c:0"
    if queued:
        pipe.execute()
    return sample


def measure(binary, type_name, shape, n, io_backend):
    with tempfile.TemporaryDirectory(prefix="ringkv-mem-") as d:
        srv = Server(binary, d, io_backend=io_backend).start()
        try:
            c = srv.client(socket_timeout=300)
            used0, rss0 = memory(c)
            key = fill(c, type_name, shape, n)
            used1, rss1 = memory(c)
            encoding = c.object("encoding", key).decode()
            return (used1 - used0) / n, (rss1 - rss0) / n, encoding
        finally:
            srv.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ringkv", required=True, help="ringkv-server binary (a release build)")
    ap.add_argument("--redis", default="/usr/bin/redis-server")
    ap.add_argument("-n", type=int, default=1000000, help="elements per measurement")
    ap.add_argument("--types", default=",".join(TYPES))
    ap.add_argument("--io-backend", default="io_uring")
    ap.add_argument("--out", default="")
    a = ap.parse_args()

    lines = ["Memory per element, %s, n=%d elements per row (small: %d collections of %d)."
             % (datetime.date.today().isoformat(), a.n, a.n // SMALL, SMALL), "",
             "| type | shape | encoding ringkv / redis | ringkv B/elem | redis B/elem | ratio "
             "| ringkv RSS B/elem | redis RSS B/elem |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    print("\n".join(lines), flush=True)
    for type_name in a.types.split(","):
        for shape in ("big", "small"):
            mine = measure(os.path.abspath(a.ringkv), type_name, shape, a.n, a.io_backend)
            theirs = measure(a.redis, type_name, shape, a.n, None)
            row = "| %s | %s | %s / %s | %.1f | %.1f | %.2f | %.1f | %.1f |" % (
                type_name, shape, mine[2], theirs[2], mine[0], theirs[0],
                mine[0] / theirs[0] if theirs[0] else float("nan"), mine[1], theirs[1])
            lines.append(row)
            print(row, flush=True)
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
