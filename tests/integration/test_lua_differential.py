"""Lua scripting, differentially against redis-server 7.0: a corpus of scripts (rate limiters,
compare-and-set, a reliable-queue handoff through LMOVE, Lua <-> reply type conversions in RESP2
and RESP3 scripts, errors from redis.call with their text, sandbox violations and the escape
routes Redis had CVEs for) run on both servers after the same setup, replies compared exactly,
plus the script cache commands and what a writing EVAL leaves in the AOF."""

import glob
import os

import pytest

from conftest import require_commands
from diffkit import open_pair
from resp import Reply

SETUP = [
    ["SET", "str", "abc"],
    ["SET", "num", "10"],
    ["RPUSH", "list", "a", "b", "c"],
    ["HSET", "hash", "f1", "v1", "f2", "2"],
    ["SADD", "iset", "3", "1", "2"],
    ["ZADD", "z", "1.5", "a", "2", "b"],
    ["RPUSH", "queue", "job1", "job2", "job3"],
]

RATE_LIMITER = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if n > tonumber(ARGV[2]) then return {0, n} end
return {1, n}
"""

TOKEN_BUCKET = """
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or tonumber(ARGV[1])
local ts = tonumber(b[2]) or tonumber(ARGV[3])
local now = tonumber(ARGV[3])
tokens = math.min(tonumber(ARGV[1]), tokens + (now - ts) * tonumber(ARGV[2]))
local allowed = 0
if tokens >= 1 then tokens = tokens - 1 allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)
return {allowed, tostring(tokens)}
"""

CAS = """
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end
if cur == false then return redis.error_reply('NOKEY no such key') end
return 0
"""

HANDOFF = """
local job = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
if not job then return false end
redis.call('HSET', KEYS[3], job, ARGV[1])
return {job, redis.call('LLEN', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}
"""

ACK = """
local n = redis.call('LREM', KEYS[1], 1, ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return n
"""

# (script, keys, args)
CORPUS = [
    (RATE_LIMITER, ["rl"], ["60", "2"]),
    (RATE_LIMITER, ["rl"], ["60", "2"]),
    (RATE_LIMITER, ["rl"], ["60", "2"]),
    (RATE_LIMITER, ["str"], ["60", "2"]),
    (TOKEN_BUCKET, ["tb"], ["3", "0.5", "1000"]),
    (TOKEN_BUCKET, ["tb"], ["3", "0.5", "1001"]),
    (TOKEN_BUCKET, ["tb"], ["3", "0.5", "1001"]),
    (CAS, ["str"], ["abc", "def"]),
    (CAS, ["str"], ["abc", "xyz"]),
    (CAS, ["nokey"], ["a", "b"]),
    (CAS, ["list"], ["a", "b"]),
    (HANDOFF, ["queue", "processing", "owners"], ["worker-1"]),
    (HANDOFF, ["queue", "processing", "owners"], ["worker-2"]),
    (ACK, ["processing", "owners"], ["job1"]),
    (HANDOFF, ["empty", "processing", "owners"], ["worker-3"]),
    (HANDOFF, ["str", "processing", "owners"], ["worker-3"]),
    # Lua -> reply.
    ("return 'x'", [], []),
    ("return 3.99", [], []),
    ("return -3.99", [], []),
    ("return 1e20", [], []),
    ("return 0/0", [], []),
    ("return true", [], []),
    ("return false", [], []),
    ("return nil", [], []),
    ("return {1, 'a', {2, 3}, nil, 4}", [], []),
    ("return {true, false, 2.5}", [], []),
    ("return {ok='FINE'}", [], []),
    ("return {err='bad'}", [], []),
    ("return {err='MY error text'}", [], []),
    ("return {1, {ok='x'}, {err='E y'}}", [], []),
    ("return {double=1.5}", [], []),
    ("return {a=1}", [], []),
    ("return {}", [], []),
    ("return redis.status_reply('x\\r\\ny')", [], []),
    ("return redis.error_reply('My Err')", [], []),
    ("return redis.error_reply('-CODE msg')", [], []),
    ("return redis.error_reply(1)", [], []),
    ("redis.setresp(3) return true", [], []),
    ("redis.setresp(3) return false", [], []),
    ("redis.setresp(3) return {double=2.5}", [], []),
    ("redis.setresp(3) return {map={a=1}}", [], []),
    ("return {map={a=1}}", [], []),
    # Reply -> Lua.
    ("return {type(redis.call('GET', 'str')), tostring(redis.call('GET', 'nokey'))}", [], []),
    ("return redis.call('SET', 'x', '1')", [], []),
    ("return redis.call('SET', 'x', '1').ok", [], []),
    ("return {redis.call('INCR', 'num'), type(redis.call('INCR', 'num'))}", [], []),
    ("return redis.call('LRANGE', 'list', 0, -1)", [], []),
    ("return redis.call('HGETALL', 'hash')", [], []),
    ("return redis.call('SMEMBERS', 'iset')", [], []),
    ("return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')", [], []),
    ("return redis.call('ZSCORE', 'z', 'a')", [], []),
    ("redis.setresp(3) return redis.call('ZSCORE', 'z', 'a')", [], []),
    ("redis.setresp(3) return redis.call('ZSCORE', 'z', 'a').double * 2", [], []),
    ("redis.setresp(3) return redis.call('HGETALL', 'hash')", [], []),
    ("redis.setresp(3) return redis.call('HGETALL', 'hash').map.f1", [], []),
    ("redis.setresp(3) return redis.call('SMEMBERS', 'iset')", [], []),
    ("redis.setresp(3) return redis.call('GET', 'nokey') == nil", [], []),
    ("redis.setresp(3) return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')", [], []),
    ("return redis.call('SET', 'n', 1.5), redis.call('GET', 'n')", [], []),
    ("redis.call('SET', 'n', 3) return redis.call('GET', 'n')", [], []),
    ("redis.call('SET', 'n', 1e20) return redis.call('GET', 'n')", [], []),
    ("return {KEYS[1], KEYS[2], ARGV[1], #ARGV, #KEYS}", ["k1", "k2"], ["a", "b"]),
    ("redis.call('SELECT', 3) redis.call('SET', 'indb3', 1) return redis.call('DBSIZE')", [], []),
    ("return redis.call('EXISTS', 'indb3')", [], []),
    # Errors.
    ("return redis.call('INCR', 'str')", [], []),
    ("return redis.call('LPUSH', 'str', 'a')", [], []),
    ("return redis.call('nosuch')", [], []),
    ("return redis.call('GET')", [], []),
    ("return redis.call('GET', 'a', 'b')", [], []),
    ("return redis.call('MULTI')", [], []),
    ("return redis.call('BLPOP', 'nolist', 0)", [], []),
    ("return redis.call('EVAL', 'return 1', 0)", [], []),
    ("return redis.call()", [], []),
    ("return redis.call('SET', 'k', {})", [], []),
    ("return redis.call('CONFIG')", [], []),
    ("return redis.call('CONFIG', 'nosuch')", [], []),
    ("return redis.pcall('INCR', 'str')", [], []),
    ("return redis.pcall('nosuch')", [], []),
    ("return redis.pcall('INCR', 'str')['err']", [], []),
    ("local ok, e = pcall(redis.call, 'INCR', 'str') return {tostring(ok), e}", [], []),
    ("local ok, e = pcall(error, 'x') return {tostring(ok), e}", [], []),
    ("error('boom')", [], []),
    ("error({err='MY thing'})", [], []),
    ("error('a\\nb')", [], []),
    ("return (", [], []),
    ("redis.setresp(4)", [], []),
    ("redis.set_repl(99)", [], []),
    ("redis.log(1)", [], []),
    ("redis.log('x', 'y')", [], []),
    ("return redis.sha1hex()", [], []),
    # API.
    ("return redis.sha1hex('abc')", [], []),
    ("return redis.REDIS_VERSION_NUM > 0", [], []),
    ("return redis.breakpoint()", [], []),
    ("redis.log(redis.LOG_DEBUG, 'from a script') return 1", [], []),
    ("return {redis.LOG_WARNING, redis.REPL_ALL, redis.REPL_AOF, redis.REPL_NONE}", [], []),
    ("return cjson.encode({1, 2, {a=1}})", [], []),
    ("return cjson.decode('[1,2,{\"a\":[3]}]')[3].a[1]", [], []),
    ("return cjson.encode(cjson.decode('{\"x\":\"y\"}'))", [], []),
    ("return {bit.band(7, 12), bit.bor(1, 2), bit.bxor(3, 1), bit.lshift(1, 4), bit.tobit(2^32 + 1)}",
     [], []),
    ("return {bit.tohex(65535), bit.tohex(65535, -4), bit.tohex(65535, 100)}", [], []),
    ("return {string.format('%5.2f', 3.14159), string.rep('ab', 3), ('x'):upper()}", [], []),
    ("return {math.floor(2.7), math.max(1, 5, 3), tostring(math.huge)}", [], []),
    ("local t = {3, 1, 2} table.sort(t) return table.concat(t, ',')", [], []),
    ("return tostring(tonumber('0x10'))", [], []),
    ("return type(coroutine.create(function() end))", [], []),
    # The sandbox.
    ("x = 1", [], []),
    ("_G.x = 1", [], []),
    ("rawset(_G, 'x', 1)", [], []),
    ("string.x = 1", [], []),
    ("redis.call = nil", [], []),
    ("return a", [], []),
    ("return os.time()", [], []),
    ("return io.open('/etc/passwd')", [], []),
    ("return require('os')", [], []),
    ("return dofile('/etc/passwd')", [], []),
    ("return loadfile('/etc/passwd')", [], []),
    ("print('x')", [], []),
    ("return debug.getinfo(1)", [], []),
    ("return getfenv(1)", [], []),
    ("return setfenv(1, {})", [], []),
    ("return newproxy()", [], []),
    ("local f, e = loadstring(string.dump(function() return 1 end)) return e", [], []),
    ("local f, e = loadstring('\\27Lua') return e", [], []),
    ("return loadstring('return 1 + 1')()", [], []),
    ("local t = {} for k in pairs(_G) do if k ~= 'cmsgpack' and k ~= 'struct' and "
     "k ~= '__redis__err__handler' then t[#t+1] = k end end table.sort(t) return t", [], []),
    ("local t = {} for k in pairs(redis) do t[#t+1] = k end table.sort(t) return t", [], []),
    ("local t = {} for k in pairs(string) do t[#t+1] = k end table.sort(t) return t", [], []),
    ("return bit.tohex(65535, -2147483648)", [], []),
    ("return bit.tohex(65535, 2147483648)", [], []),
    ("return unpack({1, 2}, 1, 1e8)", [], []),
    ("return unpack({}, -2147483648, 2147483647)", [], []),
    ("return #{unpack({1, 2, 3}, 2)}", [], []),
    ("local function f() return f() + 1 end return f()", [], []),
    ("local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(150)", [], []),
    ("return cjson.decode(string.rep('[', 100000))", [], []),
    ("return cjson.decode(string.rep('{\"a\":', 2000))", [], []),
    ("return #cjson.encode({string.rep('x', 100000)})", [], []),
    ("local t = {} local c = t for i = 1, 2000 do c[1] = {} c = c[1] end "
     "return pcall(cjson.encode, t)", [], []),
    ("return string.rep('x', -1)", [], []),
    ("return #string.rep('ab', 100000)", [], []),
    ("return string.format('%d', 2^53)", [], []),
    # Shebangs and read-only scripts.
    ("#!lua\nreturn redis.call('GET', 'str')", [], []),
    ("#!lua flags=no-writes\nreturn redis.call('SET', 'a', 'b')", [], []),
    ("#!lua flags=no-writes,allow-oom\nreturn redis.call('GET', 'str')", [], []),
    ("#!lua flags=\nreturn 1", [], []),
    ("#!luax\nreturn 1", [], []),
    ("#!lua flags=bad\nreturn 1", [], []),
    ("#!lua foo=bar\nreturn 1", [], []),
    ("#!lua", [], []),
    ("#!lua\nerror('on line two')", [], []),
]


def _eval(c, cmd, script, keys, args):
    return c.call(cmd, script, str(len(keys)), *keys, *args)


@pytest.mark.parametrize("protocol", [2, 3])
def test_script_corpus_matches_redis(ringkv, oracle, protocol):
    require_commands(ringkv, "eval")
    conns = open_pair(ringkv, oracle, protocol, {})
    try:
        for c in conns:
            for cmd in SETUP:
                c.call(*cmd)
        for i, (script, keys, args) in enumerate(CORPUS):
            mine, theirs = (_eval(c, "EVAL", script, keys, args) for c in conns)
            assert mine == theirs, "script #%d %r: ringkv %r, redis %r" % (i, script, mine, theirs)
        # The data the scripts left is the same too.
        for probe in (["LRANGE", "processing", "0", "-1"], ["HGETALL", "owners"], ["GET", "str"],
                      ["LRANGE", "queue", "0", "-1"], ["TTL", "rl"], ["HGETALL", "tb"]):
            mine, theirs = (c.call(*probe) for c in conns)
            assert mine == theirs, (probe, mine, theirs)
    finally:
        for c in conns:
            c.close()


RO_CORPUS = [
    ("EVAL_RO", "return redis.call('GET', 'str')"),
    ("EVAL_RO", "return redis.call('SET', 'a', 'b')"),
    ("EVAL_RO", "return redis.pcall('DEL', 'str')"),
    ("EVAL_RO", "#!lua\nreturn 1"),
    ("EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('GET', 'str')"),
]


def test_read_only_and_script_cache_match_redis(ringkv, oracle):
    require_commands(ringkv, "eval", "script")
    conns = open_pair(ringkv, oracle, 2, {})
    sha = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"  # return 1
    steps = [["SET", "str", "abc"]]
    steps += [[cmd, script, "0"] for cmd, script in RO_CORPUS]
    steps += [
        ["SCRIPT", "FLUSH"],
        ["EVALSHA", sha, "0"],
        ["SCRIPT", "LOAD", "return 1"],
        ["SCRIPT", "LOAD", "return ("],
        ["SCRIPT", "EXISTS", sha, sha.upper(), "abc"],
        ["EVALSHA", sha, "0"],
        ["EVALSHA", sha.upper(), "0"],
        ["EVALSHA_RO", sha, "0"],
        ["EVALSHA", "abc", "0"],
        ["EVAL", "return 2", "0"],
        ["EVALSHA", "7f923f79fe76194c868d7e1d0820de36700eb649", "0"],
        ["SCRIPT", "KILL"],
        ["SCRIPT", "FLUSH", "bad"],
        ["SCRIPT", "FLUSH", "SYNC"],
        ["SCRIPT", "EXISTS", sha],
        ["SCRIPT", "FLUSH", "ASYNC"],
        ["SCRIPT", "NOSUCH"],
        ["SCRIPT"],
        ["SCRIPT", "HELP"],
        ["EVAL", "return 1", "-1"],
        ["EVAL", "return 1", "2", "a"],
        ["EVAL", "return 1", "x"],
        ["EVAL", "return 1"],
        ["MULTI"],
        ["EVAL", "return redis.call('INCR', 'ctr')", "0"],
        ["EVAL", "return redis.call('INCR', 'str')", "0"],
        ["EXEC"],
    ]
    try:
        for i, step in enumerate(steps):
            mine, theirs = (c.call(*step) for c in conns)
            assert mine == theirs, "step #%d %r: ringkv %r, redis %r" % (i, step, mine, theirs)
    finally:
        for c in conns:
            c.close()


def test_blocked_client_is_served_after_the_script(ringkv):
    require_commands(ringkv, "eval")
    waiter = ringkv.client()
    pusher = ringkv.client()
    pusher.delete("q")
    import threading
    got = []
    t = threading.Thread(target=lambda: got.append(waiter.blpop("q", 10)))
    t.start()
    # Wait until the waiter is parked, then a script pushes two and pops one: the waiter gets
    # what is left after the whole script.
    for _ in range(500):
        if int(pusher.info("clients")["blocked_clients"]) == 1:
            break
        import time
        time.sleep(0.01)
    assert pusher.eval("redis.call('RPUSH', 'q', 'a', 'b') redis.call('LPOP', 'q') return 1", 0) == 1
    t.join(10)
    assert got == [(b"q", b"b")]


def test_aof_has_the_effects_not_the_eval(make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    c = srv.client()
    assert c.eval("redis.call('SET', KEYS[1], ARGV[1]) redis.call('INCR', KEYS[2]) "
                  "redis.call('GET', KEYS[1]) return 1", 2, "a", "n", "v") == 1
    incr = sorted(glob.glob(os.path.join(srv.dir, "appendonlydir", "*.incr.aof")))
    assert incr, os.listdir(os.path.join(srv.dir, "appendonlydir"))
    data = b"".join(open(p, "rb").read() for p in incr)
    assert b"EVAL" not in data.upper().replace(b"EVALSHA", b"")
    tail = data[data.index(b"MULTI") - 10:]
    assert (b"*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nv\r\n"
            b"*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*1\r\n$4\r\nEXEC\r\n") in tail
    # Replay gives the same data and never runs a script.
    srv.stop()
    srv.start()
    c = srv.client()
    assert c.get("a") == b"v" and c.get("n") == b"1"


LIB1 = """#!lua name=lib1
local function echo(keys, args) return {keys[1], args[1]} end
redis.register_function('echo', echo)
redis.register_function{function_name='getter', callback=function(keys)
  return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads a key'}
redis.register_function{function_name='setter', callback=function(keys, args)
  return redis.call('SET', keys[1], args[1]) end}
redis.register_function('fails', function() error('oops') end)
redis.register_function('badcall', function() return redis.call('INCR', 'str') end)
"""

LIB2 = """#!lua name=lib2
redis.register_function('other', function() return 'lib2' end)
"""

FUNCTION_STEPS = [
    ["SET", "str", "abc"],
    ["FUNCTION", "FLUSH"],
    ["FUNCTION", "LOAD", "return 1"],
    ["FUNCTION", "LOAD", LIB1],
    ["FUNCTION", "LOAD", LIB1],
    ["FUNCTION", "LOAD", "REPLACE", LIB1],
    ["FUNCTION", "LOAD", "BAD", LIB1],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nreturn 1"],
    ["FUNCTION", "LOAD", "#!lua name=lib-2\nreturn 1"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('echo', function() end)"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.call('set','a','b')"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f 1', function() end)"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('g', function() end)\n"
                         "redis.register_function('g', function() end)"],
    ["FUNCTION", "LOAD", "#!lua name=lib2 foo=bar\nreturn 1"],
    ["FUNCTION", "LOAD", "#!lua name=lib2 name=lib3\nreturn 1"],
    ["FUNCTION", "LOAD", "#!lua\nreturn 1"],
    ["FUNCTION", "LOAD", "#!lua name=lib2"],
    ["FUNCTION", "LOAD", "#!foo name=lib2\nreturn 1"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function{function_name='g', "
                         "callback=function() end, flags={'bad'}}"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function{function_name='g', "
                         "callback=function() end, other=1}"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function{callback=function() end}"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function{function_name='g'}"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('g')"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('g', 5)"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function(5)"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nx = 1"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nerror('at load')"],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nreturn ("],
    ["FUNCTION", "LOAD", "#!lua name=lib2\nredis.log(redis.LOG_DEBUG, 'loading', redis.REDIS_VERSION)"],
    ["FUNCTION", "LOAD", LIB2],
    ["FCALL", "echo", "1", "k", "a"],
    ["FCALL", "getter", "1", "str"],
    ["FCALL_RO", "getter", "1", "str"],
    ["FCALL", "setter", "1", "fk", "v"],
    ["FCALL_RO", "setter", "1", "fk", "v"],
    ["FCALL", "fails", "0"],
    ["FCALL", "badcall", "0"],
    ["FCALL", "nosuch", "0"],
    ["FCALL_RO", "nosuch", "0"],
    ["FCALL", "echo", "x"],
    ["FCALL", "echo", "-1"],
    ["FCALL", "echo", "3", "a"],
    ["EVAL", "redis.register_function('x', function() end)", "0"],
    ["FUNCTION", "LIST", "LIBRARYNAME", "lib1"],
    ["FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "LIB*"],
    ["FUNCTION", "LIST", "bad"],
    ["FUNCTION", "LIST", "LIBRARYNAME"],
    ["FUNCTION", "LIST", "WITHCODE", "WITHCODE"],
    ["FUNCTION", "STATS"],
    ["FUNCTION", "KILL"],
    ["FUNCTION", "DELETE", "nolib"],
    ["FUNCTION", "DELETE", "lib2"],
    ["FCALL", "other", "0"],
    ["FUNCTION", "LIST"],
    ["FUNCTION", "FLUSH", "bad"],
    ["FUNCTION", "RESTORE", "bad"],
    ["FUNCTION", "RESTORE", "bad", "nopolicy"],
    ["FUNCTION", "RESTORE", "a", "b", "c"],
    ["FUNCTION", "HELP"],
]


def _unordered_lists(r):
    """FUNCTION LIST with its libraries and each library's functions sorted (Redis lists them
    in hash-table order)."""
    if not isinstance(r, Reply) or not isinstance(r.value, list):
        return r
    if r.kind == "%":
        pairs = [(k, _unordered_lists(v)) for k, v in r.value]
        pairs = [(k, Reply(v.kind, sorted(v.value, key=repr)) if k.value == b"functions" else v)
                 for k, v in pairs]
        return Reply("%", pairs)
    items = [_unordered_lists(x) for x in r.value]
    for j in range(len(items) - 1):
        if items[j] == Reply("$", b"functions"):
            items[j + 1] = Reply(items[j + 1].kind, sorted(items[j + 1].value, key=repr))
    return Reply(r.kind, sorted(items, key=repr) if r.kind == "*" and all(
        x.kind in "*%" for x in items) else items)


@pytest.mark.parametrize("protocol", [2, 3])
def test_functions_match_redis(ringkv, oracle, protocol):
    require_commands(ringkv, "function", "fcall")
    conns = open_pair(ringkv, oracle, protocol, {})
    try:
        for i, step in enumerate(FUNCTION_STEPS):
            mine, theirs = (_unordered_lists(c.call(*step)) for c in conns)
            assert mine == theirs, "step #%d %r: ringkv %r, redis %r" % (i, step, mine, theirs)
        # DUMP and RESTORE, across the two servers both ways.
        dumps = [c.call("FUNCTION", "DUMP").value for c in conns]
        for c, payload in zip(conns, reversed(dumps)):
            assert c.call("FUNCTION", "RESTORE", payload).kind == "-"  # lib1 exists: APPEND fails
            assert c.call("FUNCTION", "RESTORE", payload, "REPLACE").value == b"OK"
            assert c.call("FUNCTION", "FLUSH", "SYNC").value == b"OK"
            assert c.call("FUNCTION", "RESTORE", payload).value == b"OK"
        mine, theirs = (_unordered_lists(c.call("FUNCTION", "LIST", "WITHCODE")) for c in conns)
        assert mine == theirs
        mine, theirs = (c.call("FCALL", "echo", "1", "k", "a") for c in conns)
        assert mine == theirs
    finally:
        for c in conns:
            c.close()


def test_functions_survive_a_restart_through_the_aof(make_ringkv):
    srv = make_ringkv("--appendonly", "yes")
    c = srv.client()
    assert c.function_load(LIB1) in (b"lib1", "lib1")
    assert c.fcall("echo", 1, "k", "a") == [b"k", b"a"]
    srv.stop()
    srv.start()
    c = srv.client()
    assert c.fcall("echo", 1, "k", "a") == [b"k", b"a"]


def test_functions_in_rdb_snapshots_both_ways(ringkv_binary, oracle_binary, tmp_path):
    """ringkv's SAVE holds its libraries (redis-check-rdb accepts it, redis-server loads them) and
    ringkv loads the libraries of redis-server's SAVE."""
    import shutil
    import subprocess
    from server import Server

    def start(binary, d, redis_side):
        return Server(binary, d, io_backend=None if redis_side else
                      os.environ.get("RINGKV_IO_BACKEND", "io_uring"),
                      extra_args=("--appendonly", "no")).start()

    started = []
    try:
        for src_bin, dst_bin, src_is_redis in ((ringkv_binary, oracle_binary, False),
                                               (oracle_binary, ringkv_binary, True)):
            d1, d2 = tmp_path / ("a%d" % len(started)), tmp_path / ("b%d" % len(started))
            d1.mkdir()
            d2.mkdir()
            src = start(src_bin, d1, src_is_redis)
            started.append(src)
            c = src.client()
            c.function_load(LIB1)
            c.function_load(LIB2)
            c.set("k", "v")
            assert c.execute_command("SAVE") in (True, b"OK")
            saved = os.path.join(src.dir, "dump.rdb")
            check = subprocess.run(["redis-check-rdb", saved], capture_output=True, text=True,
                                   timeout=60)
            assert check.returncode == 0, check.stdout + check.stderr
            shutil.copy(saved, d2 / "dump.rdb")
            dst = start(dst_bin, d2, not src_is_redis)
            started.append(dst)
            c2 = dst.client()
            assert c2.fcall("echo", 1, "k", "a") == [b"k", b"a"]
            assert c2.fcall("other", 0) == b"lib2"
            assert c2.get("k") == b"v"
            assert len(c2.function_list()) == 2
    finally:
        for s in started:
            if s.running():
                s.stop()
