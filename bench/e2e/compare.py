#!/usr/bin/python3
"""End-to-end throughput, latency and CPU comparison of ringkv-server against redis-server.

Both servers run at once with the same settings (persistence off: --appendonly no --save ""),
each on its own loopback port. For every test and mode, redis-benchmark runs against them
interleaved (ringkv, redis, redis, ringkv, ringkv, ... for R rounds each), so drifts of the machine
hit both alike; each figure is the median over the rounds. Modes: non-pipelined (-c 50) and pipelined
(-c 50 -P 16). Server CPU is utime+stime from /proc/PID/stat, read before and after each run.

Prints a markdown table, writes it to bench/results/latest.md, and a bar chart of the ratios to
bench/results/latest.png. Ratios are ringkv / redis: > 1 means ringkv has more of it (better
for rps, worse for latency and CPU).

Usage: /usr/bin/python3 bench/e2e/compare.py [--ringkv PATH] [--redis PATH] [-n 200000]
         [--rounds 3] [--tests SET,GET,INCR,MSET] [--clients 50] [--pipeline 16]
         [--io-backend io_uring|epoll] [--out bench/results/latest.md]
"""

import argparse
import csv
import datetime
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from server import Server  # noqa: E402  (the integration suite's start/stop harness)

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLK_TCK


# Tests redis-benchmark has no -t name for, as commands on the keys its built-in tests fill
# (run LPUSH before RPOPLPUSH / LRANGE100 and ZADD before ZRANGE100 in --tests). redis-benchmark's
# own lrange_* tests run an LPUSH phase first, which would count in the server CPU of the run.
CUSTOM_TESTS = {
    "RPOPLPUSH": ["RPOPLPUSH", "mylist", "mylist"],  # rotates the list LPUSH filled
    "ZRANGE100": ["ZRANGE", "myzset", "0", "99"],    # the first 100 of the zset ZADD filled
    "LRANGE100": ["LRANGE", "mylist", "0", "99"],    # the first 100 of the list LPUSH filled
}


def run_benchmark(server, test, n, clients, pipeline, keyspace):
    """One redis-benchmark run of one test. Returns a dict: rps, avg, min, p50, p95, p99, max
    (latencies in ms), cpu (server CPU seconds during the run)."""
    cmd = ["redis-benchmark", "-h", server.host, "-p", str(server.port), "-c", str(clients),
           "-n", str(n), "-r", str(keyspace), "--csv"]
    if pipeline > 1:
        cmd += ["-P", str(pipeline)]
    # Last: redis-benchmark takes every word after a custom command as one of its arguments.
    cmd += CUSTOM_TESTS.get(test.upper(), ["-t", test.lower()])
    before = cpu_seconds(server.pid)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    after = cpu_seconds(server.pid)
    if out.returncode != 0:
        raise RuntimeError("redis-benchmark failed (%s):\n%s" % (" ".join(cmd), out.stderr))
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    if len(rows) != 1:
        raise RuntimeError("expected one CSV row from %s, got:\n%s" % (" ".join(cmd), out.stdout))
    row = rows[0]
    return {"name": row["test"],
            "rps": float(row["rps"]),
            "avg": float(row["avg_latency_ms"]),
            "min": float(row["min_latency_ms"]),
            "p50": float(row["p50_latency_ms"]),
            "p95": float(row["p95_latency_ms"]),
            "p99": float(row["p99_latency_ms"]),
            "max": float(row["max_latency_ms"]),
            "cpu": after - before}


def median_of(runs, field):
    return statistics.median(r[field] for r in runs)


def spread(runs, field):
    """(max - min) / median over rounds, in percent: how much to trust a ratio."""
    values = [r[field] for r in runs]
    m = statistics.median(values)
    return 100.0 * (max(values) - min(values)) / m if m else float("nan")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def ratio(a, b):
    return a / b if b else float("nan")


def server_version(binary):
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except Exception as e:  # noqa: BLE001 - a version string is informative only
        return "unknown (%s)" % e


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ringkv", default=os.environ.get(
        "RINGKV_SERVER", os.path.join(ROOT, "build", "frontend", "net", "ringkv-server")),
        help="ringkv-server binary (default: $RINGKV_SERVER or build/frontend/net/ringkv-server)")
    ap.add_argument("--redis", default="/usr/bin/redis-server", help="redis-server binary")
    ap.add_argument("--io-backend", default=os.environ.get("RINGKV_IO_BACKEND", "io_uring"))
    ap.add_argument("-n", "--requests", type=int, default=200000, help="requests per run")
    ap.add_argument("--rounds", type=int, default=3, help="runs per server, test and mode")
    ap.add_argument("--tests", default="SET,GET,INCR,MSET",
                    help="comma-separated redis-benchmark tests (e.g. SET,GET,LPUSH,HSET), or "
                         "RPOPLPUSH / LRANGE100 / ZRANGE100 (after LPUSH / ZADD)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--pipeline", type=int, default=16, help="-P of the pipelined mode")
    ap.add_argument("--keyspace", type=int, default=100000, help="redis-benchmark -r")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "latest.md"))
    ap.add_argument("--png", default=None, help="chart path (default: --out with .png)")
    args = ap.parse_args()
    png = args.png or os.path.splitext(args.out)[0] + ".png"
    tests = [t.strip().upper() for t in args.tests.split(",") if t.strip()]
    modes = [("c%d" % args.clients, 1), ("c%d P%d" % (args.clients, args.pipeline), args.pipeline)]

    for b in (args.ringkv, args.redis):
        if not os.access(b, os.X_OK):
            sys.exit("not an executable: %s" % b)

    tmp = tempfile.mkdtemp(prefix="ringkv-bench-")
    ringkv = Server(args.ringkv, os.path.join(tmp, "ringkv"), io_backend=args.io_backend,
                    name="ringkv")
    redis = Server(args.redis, os.path.join(tmp, "redis"), name="redis")
    results = []  # (test name, mode, ringkv runs, redis runs)
    load_before = loadavg()
    try:
        ringkv.start()
        redis.start()
        print("ringkv: %s on port %d (pid %d)" % (args.ringkv, ringkv.port, ringkv.pid))
        print("redis:  %s on port %d (pid %d)" % (args.redis, redis.port, redis.pid))
        for test in tests:
            for mode, pipeline in modes:
                runs = {"ringkv": [], "redis": []}
                for rnd in range(args.rounds):
                    order = [("ringkv", ringkv), ("redis", redis)]
                    if rnd % 2:  # ABBA: neither server always runs first
                        order.reverse()
                    for label, srv in order:
                        r = run_benchmark(srv, test, args.requests, args.clients, pipeline,
                                          args.keyspace)
                        runs[label].append(r)
                        print("  %-8s %-10s round %d %-6s %12.0f rps  p50 %.3f ms  p99 %.3f ms"
                              "  cpu %.2f s" % (test, mode, rnd + 1, label, r["rps"], r["p50"],
                                                r["p99"], r["cpu"]), flush=True)
                results.append((runs["ringkv"][0]["name"], mode, runs["ringkv"], runs["redis"]))
    finally:
        for srv in (ringkv, redis):
            srv.stop()

    load_after = loadavg()
    per_million = 1e6 / args.requests
    rows = []
    for name, mode, a, b in results:
        row = {"test": name, "mode": mode}
        for label, runs in (("ringkv", a), ("redis", b)):
            for f in ("rps", "p50", "p99"):
                row[label + "_" + f] = median_of(runs, f)
            row[label + "_cpu"] = statistics.median(r["cpu"] * per_million for r in runs)
            row[label + "_spread"] = spread(runs, "rps")
        row["rps_ratio"] = ratio(row["ringkv_rps"], row["redis_rps"])
        row["p50_ratio"] = ratio(row["ringkv_p50"], row["redis_p50"])
        row["p99_ratio"] = ratio(row["ringkv_p99"], row["redis_p99"])
        row["cpu_ratio"] = ratio(row["ringkv_cpu"], row["redis_cpu"])
        rows.append(row)

    lines = [
        "# ringkv vs redis-server: redis-benchmark",
        "",
        "%s; %s; %d cores. ringkv: `%s` (--io-backend %s). redis: `%s` (%s)." % (
            datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), platform.node(), os.cpu_count(),
            os.path.relpath(args.ringkv, ROOT) if args.ringkv.startswith(ROOT) else args.ringkv,
            args.io_backend, args.redis, server_version(args.redis)),
        "Both with `--appendonly no --save \"\"`; -n %d per run, -r %d, median of %d interleaved "
        "rounds. Ratio = ringkv / redis (rps: higher is better; latency, CPU: lower is better). "
        "CPU = server utime+stime per million requests. rps spread = (max - min) / median over "
        "the rounds, ringkv/redis: a ratio closer to 1 than that is noise. Load average "
        "before/after: %s / %s (more than the cores on the machine means noisy numbers)."
        % (args.requests, args.keyspace, args.rounds, load_before, load_after),
        "",
        "| test | mode | ringkv rps | redis rps | rps ratio | rps spread | p50 ratio | p99 ratio "
        "| ringkv CPU s/M | redis CPU s/M | CPU ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append("| %s | %s | %.0f | %.0f | %.2f | %.0f%%/%.0f%% | %.2f | %.2f | %.2f | %.2f "
                     "| %.2f |" % (
                         r["test"], r["mode"], r["ringkv_rps"], r["redis_rps"], r["rps_ratio"],
                         r["ringkv_spread"], r["redis_spread"], r["p50_ratio"], r["p99_ratio"],
                         r["ringkv_cpu"], r["redis_cpu"], r["cpu_ratio"]))
    lines += ["", "p50/p99 in ms (ringkv / redis): " + "; ".join(
        "%s %s %.3f/%.3f, %.3f/%.3f" % (r["test"], r["mode"], r["ringkv_p50"], r["redis_p50"],
                                        r["ringkv_p99"], r["redis_p99"]) for r in rows),
              "", "![ratios](%s)" % os.path.basename(png), ""]
    table = "\n".join(lines)
    print()
    print(table)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(table)
    plot(rows, png)
    print("wrote %s and %s" % (args.out, png))


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = ["%s\n%s" % (r["test"], r["mode"]) for r in rows]
    series = [("rps", "rps_ratio"), ("p50 latency", "p50_ratio"), ("p99 latency", "p99_ratio"),
              ("CPU per request", "cpu_ratio")]
    width = 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(rows) + 2), 4.5))
    for i, (name, key) in enumerate(series):
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(rows))]
        ax.bar(xs, [r[key] for r in rows], width, label=name)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_ylabel("ringkv / redis")
    ax.set_title("ringkv vs redis-server (ratio; rps: higher is better, others: lower)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    main()
