"""Geo commands, differentially: seeded random streams of GEOADD (NX XX CH), GEODIST (every
unit), GEOHASH, GEOPOS, GEOSEARCH and GEOSEARCHSTORE (FROMMEMBER/FROMLONLAT, BYRADIUS/BYBOX,
ASC/DESC, COUNT [ANY], WITHCOORD WITHDIST WITHHASH, STOREDIST), GEORADIUS and GEORADIUSBYMEMBER
with their _RO forms (STORE/STOREDIST on the writing ones), with good and bad arguments, go to
ringkv and to redis-server 7.0 in RESP2 and RESP3. Every reply must be byte-for-byte the same
(geo replies are deterministic: scores, distances "%.4f", coordinates, search order), as must the
datasets left behind.

Points cluster around a few centres (so radii from metres to thousands of kilometres find some)
and some sit near the poles' limits and the antimeridian, where the neighbour boxes wrap."""

import os
import random

import pytest

from conftest import require_commands
from diffkit import is_error, pick, run_stream, open_pair

KEYS = ["g1", "g2", "g3"]
DESTS = ["d1", "d2", "g3"]
CENTRES = [(13.36, 38.11), (-122.4, 37.7), (179.9, 0.5), (-179.95, -10.0), (0.0, 84.9),
           (151.2, -33.8), (2.35, 48.85)]
UNITS = ["m", "km", "ft", "mi", "KM", "M", "furlong"]
SEEDS = [int(x) for x in os.environ.get("RINGKV_DIFF_SEEDS", "1,2,3").split(",")]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.names = ["p%d" % i for i in range(60)] + ["", "x" * 70, "7", "-3"]

    def key(self):
        return self.r.choice(KEYS + ["str", "set", "missing"] if self.r.random() < 0.08 else KEYS)

    def member(self):
        return self.r.choice(self.names)

    def lonlat(self):
        r = self.r.random()
        if r < 0.03:
            return [self.r.choice(["181", "-180.5", "abc", "inf", "nan", "1e400"]), "0"]
        if r < 0.06:
            return ["0", self.r.choice(["85.06", "-86", "90", "x", "85.05112878"])]
        if r < 0.1:
            return [self.r.choice(["180", "-180", "0"]), self.r.choice(["85.05112878", "-85.05112878", "0"])]
        lon, lat = self.r.choice(CENTRES)
        spread = self.r.choice([0.001, 0.05, 1, 10])
        lon = max(-180, min(180, lon + self.r.uniform(-spread, spread)))
        lat = max(-85.05, min(85.05, lat + self.r.uniform(-spread, spread)))
        return ["%.6f" % lon, "%.6f" % lat]

    def unit(self):
        return self.r.choice(UNITS) if self.r.random() < 0.1 else self.r.choice(UNITS[:4])

    def distance(self):
        if self.r.random() < 0.05:
            return self.r.choice(["-1", "x", "0", "inf"])
        unit = self.unit()
        metres = self.r.choice([10, 500, 5000, 50000, 300000, 2000000, 8000000, 20000000])
        scale = {"m": 1, "km": 1000, "ft": 0.3048, "mi": 1609.34}.get(unit.lower(), 1)
        return "%g" % (metres * self.r.uniform(0.5, 1.5) / scale)

    def geoadd(self):
        cmd = ["GEOADD", self.key()]
        for opt in ("NX", "XX", "CH"):
            if self.r.random() < 0.15:
                cmd.append(opt)
        for _ in range(self.r.randint(1, 6)):
            cmd += self.lonlat() + [self.member()]
        return cmd

    def options(self, store_ok, search):
        opts = []
        for o in ("WITHDIST", "WITHHASH", "WITHCOORD"):
            if self.r.random() < 0.3:
                opts.append(o)
        if self.r.random() < 0.5:
            opts.append(self.r.choice(["ASC", "DESC"]))
        if self.r.random() < 0.4:
            opts += ["COUNT", self.r.choice(["1", "3", "10", "100", "0", "-1", "x"])]
            if self.r.random() < 0.3:
                opts.append("ANY")
        elif self.r.random() < 0.03:
            opts.append("ANY")
        if store_ok and self.r.random() < 0.3:
            if search:
                opts = [o for o in opts if not o.startswith("WITH")] if self.r.random() < 0.9 else opts
                if self.r.random() < 0.5:
                    opts.append("STOREDIST")
            else:
                opts = [o for o in opts if not o.startswith("WITH")] if self.r.random() < 0.9 else opts
                opts += [self.r.choice(["STORE", "STOREDIST"]), self.r.choice(DESTS)]
        self.r.shuffle(opts) if self.r.random() < 0.2 else None
        return opts

    def shape(self):
        if self.r.random() < 0.5:
            return ["BYRADIUS", self.distance(), self.unit()]
        w, h = self.distance(), self.distance()
        return ["BYBOX", w, h, self.unit()]

    def source(self):
        if self.r.random() < 0.5:
            return ["FROMMEMBER", self.member()]
        return ["FROMLONLAT"] + self.lonlat()

    def geosearch(self, store):
        parts = [self.source(), self.shape()]
        if self.r.random() < 0.05:
            parts = parts[:self.r.randint(0, 1)]
        if self.r.random() < 0.03:
            parts.append(self.r.choice([self.source(), self.shape()]))
        self.r.shuffle(parts)
        args = [x for p in parts for x in p]
        opts = self.options(store, True)
        if store:
            return ["GEOSEARCHSTORE", self.r.choice(DESTS), self.key()] + args + opts
        return ["GEOSEARCH", self.key()] + args + opts

    def georadius(self):
        ro = self.r.random() < 0.3
        opts = self.options(not ro or self.r.random() < 0.05, False)
        if self.r.random() < 0.5:
            return ["GEORADIUS_RO" if ro else "GEORADIUS", self.key()] + self.lonlat() + [
                self.distance(), self.unit()] + opts
        return ["GEORADIUSBYMEMBER_RO" if ro else "GEORADIUSBYMEMBER", self.key(),
                self.member(), self.distance(), self.unit()] + opts

    def command(self):
        table = [
            (6, self.geoadd),
            (2, lambda: ["GEODIST", self.key(), self.member(), self.member()] +
             ([self.unit()] if self.r.random() < 0.7 else [])),
            (1, lambda: ["GEOHASH", self.key()] + [self.member() for _ in range(self.r.randint(0, 4))]),
            (1, lambda: ["GEOPOS", self.key()] + [self.member() for _ in range(self.r.randint(0, 4))]),
            (5, lambda: self.geosearch(False)),
            (2, lambda: self.geosearch(True)),
            (4, self.georadius),
            (0.5, lambda: ["ZREM", self.key(), self.member()]),
        ]
        return pick(self.r, table, "extra")

    def stream(self, n):
        return [self.command() for _ in range(n)]


def _compare(conns, meta, cmd):
    ra, rb = (c.call(*cmd) for c in conns)
    return None if ra == rb else ("reply", ra, rb)


def final_state(conn):
    out = []
    for key in KEYS + DESTS:
        t = conn.call("TYPE", key)
        out.append((key, t, conn.call("OBJECT", "ENCODING", key)))
        if t.value == b"zset":
            out.append((key, conn.call("ZRANGE", key, "0", "-1", "WITHSCORES")))
    return out


def _setup(ringkv, oracle, protocol):
    conns = open_pair(ringkv, oracle, protocol, {"zset-max-listpack-entries": "16"})
    for c in conns:
        c.call("SET", "str", "x")
        c.call("SADD", "set", "a")
    return conns


@pytest.mark.parametrize("protocol", [2, 3])
@pytest.mark.parametrize("seed", SEEDS)
def test_geo_commands_match_redis(ringkv, oracle, seed, protocol):
    require_commands(ringkv, "geoadd", "geosearch", "geosearchstore", "georadius_ro")
    stream = Gen(seed * 7919 + protocol).stream(1500)
    run_stream(_setup(ringkv, oracle, protocol), stream, lambda conns, meta, cmd: _compare(conns, meta, cmd),
               seed, protocol, final_state)


@pytest.mark.parametrize("protocol", [2, 3])
def test_dense_geo_searches_match_redis(ringkv, oracle, protocol):
    """A thousand random points over the globe (skiplist encoding), then searches of every size
    from every centre: the neighbour-box selection and the step estimate decide what is found."""
    require_commands(ringkv, "geoadd", "geosearch")
    rnd = random.Random(11)
    conns = open_pair(ringkv, oracle, protocol, {})
    stream = []
    args = []
    for i in range(1000):
        args += ["%.6f" % rnd.uniform(-180, 180), "%.6f" % rnd.uniform(-85, 85), "m%d" % i]
    stream.append((None, ["GEOADD", "w"] + args))
    for i in range(300):
        lon, lat = "%.5f" % rnd.uniform(-180, 180), "%.5f" % rnd.uniform(-85.05, 85.05)
        km = "%g" % rnd.choice([1, 50, 300, 1000, 3000, 6000, 10000, 20000])
        stream.append((None, ["GEOSEARCH", "w", "FROMLONLAT", lon, lat, "BYRADIUS", km, "km",
                              "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"]))
        stream.append((None, ["GEOSEARCH", "w", "FROMMEMBER", "m%d" % rnd.randrange(1000), "BYBOX",
                              km, "%g" % (float(km) / 2), "km", "DESC", "COUNT", "5"]))
        stream.append((None, ["GEORADIUS", "w", lon, lat, km, "km", "COUNT", "3", "ANY"]))
        stream.append((None, ["GEOSEARCHSTORE", "d", "w", "FROMLONLAT", lon, lat, "BYBOX", km, km,
                              "km", "STOREDIST"]))
        stream.append((None, ["ZRANGE", "d", "0", "-1", "WITHSCORES"]))
    run_stream(conns, stream, lambda c, meta, cmd: _compare(c, meta, cmd), 11, protocol)


@pytest.mark.parametrize("protocol", [2, 3])
def test_geo_ties_match_redis(ringkv, oracle, protocol):
    """Many members at the same or nearly the same place: with COUNT below the number found Redis
    orders equal distances by its partial quicksort (pqsort), without COUNT by glibc's merge sort;
    every COUNT from 1 up, both directions, must list the ties in Redis's order."""
    require_commands(ringkv, "geoadd", "geosearch")
    conns = open_pair(ringkv, oracle, protocol, {})
    stream = []
    for seed in range(8):
        rnd = random.Random(seed)
        n = rnd.randint(5, 120)
        args = []
        for i in range(n):
            lon = "10.5" if rnd.random() < 0.4 else "%.3f" % (10.5 + rnd.uniform(-0.005, 0.005))
            args += [lon, "20.5", "m%03d" % i]
        stream.append((None, ["DEL", "g"]))
        stream.append((None, ["GEOADD", "g"] + args))
        for k in range(1, n + 2, max(1, n // 15)):
            for order in ("ASC", "DESC"):
                stream.append((None, ["GEOSEARCH", "g", "FROMLONLAT", "10.5", "20.5", "BYRADIUS",
                                      "500", "km", order, "COUNT", str(k), "WITHDIST"]))
                stream.append((None, ["GEORADIUS", "g", "10.5", "20.5", "500", "km", "COUNT",
                                      str(k)]))
    run_stream(conns, stream, lambda c, meta, cmd: _compare(c, meta, cmd), 0, protocol)
