// Lua scripting through the dispatcher: the Lua <-> reply conversion rules both ways (RESP2 and
// RESP3 scripts, RESP2 and RESP3 callers), redis.* API errors, the sandbox, read-only scripts,
// the script cache, and what a script propagates. Expected replies are redis-server 7.0.15's.
#include <string>
#include <vector>

#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

class ScriptingTest : public CommandTest {
 protected:
  RespValue Eval(const std::string& body, std::vector<std::string> keys = {},
                 std::vector<std::string> args = {}) {
    std::vector<std::string> argv{"eval", body, std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv);
  }
  RespValue Eval3(const std::string& body) { return Run3({"eval", body, "0"}); }
  // The error text with the " script: <sha>, on @user_script:N." suffix cut off.
  static std::string Msg(const RespValue& v) {
    EXPECT_EQ(v.kind, RespValue::kError) << v;
    return v.str.substr(0, v.str.find(" script: "));
  }
};

TEST_F(ScriptingTest, LuaToReplyConversion) {
  EXPECT_EQ(Eval("return 'x'"), Bulk("x"));
  EXPECT_EQ(Eval("return 3.99"), Int(3));  // truncated, not rounded
  EXPECT_EQ(Eval("return -3.99"), Int(-3));
  EXPECT_EQ(Eval("return true"), Int(1));
  EXPECT_EQ(Eval("return false"), Nil());
  EXPECT_EQ(Eval("return nil"), Nil());
  EXPECT_EQ(Eval("return {1, 'a', {2, 3}, nil, 4}"),
            Arr({Int(1), Bulk("a"), Arr({Int(2), Int(3)})}));  // stops at the first nil
  EXPECT_EQ(Eval("return {true, false, 1}"), Arr({Int(1), Nil(), Int(1)}));
  EXPECT_EQ(Eval("return {ok='FINE'}"), Simple("FINE"));
  EXPECT_EQ(Eval("return {err='MY error'}"), Err("MY error"));
  EXPECT_EQ(Eval("return {err='bad'}"), Err("bad"));
  EXPECT_EQ(Eval("return redis.status_reply('x\\r\\ny')"), Simple("x  y"));
  EXPECT_EQ(Eval("return redis.error_reply('My Err')"), Err("My Err"));
  EXPECT_EQ(Eval("return redis.error_reply('oops')"), Err("ERR oops"));  // no code: ERR
  EXPECT_EQ(Eval("return {1, {ok='x'}, {err='E y'}}"), Arr({Int(1), Simple("x"), Err("E y")}));
  // RESP3 shapes are recorded as such; the frontend degrades them for RESP2 clients.
  EXPECT_EQ(Eval("return {double=1.5}"), Dbl(1.5));
  EXPECT_EQ(Eval("return {a=1}"), Arr({}));
  // Booleans of RESP3 scripts are booleans (RESP2 callers read them as 1/0).
  EXPECT_EQ(Eval("redis.setresp(3) return false").kind, RespValue::kBool);
  RespValue b = Eval3("redis.setresp(3) return true");
  EXPECT_EQ(b.kind, RespValue::kBool);
  EXPECT_EQ(b.i, 1);
  EXPECT_EQ(Eval3("return {double=2.5}"), Dbl(2.5));
  RespValue m = Eval3("return {map={a=1}}");
  EXPECT_EQ(m.kind, RespValue::kMap);
  EXPECT_EQ(m.elems, (std::vector<RespValue>{Bulk("a"), Int(1)}));
  // A table holding itself ends at Lua's stack limit with an error, not a crash.
  RespValue deep = Eval("local t = {} t[1] = t return t");
  EXPECT_EQ(deep.kind, RespValue::kArray);
}

TEST_F(ScriptingTest, ReplyToLuaConversionResp2) {
  Run({"set", "s", "abc"});
  Run({"rpush", "l", "a", "b"});
  Run({"hset", "h", "f", "v"});
  EXPECT_EQ(Eval("return type(redis.call('get', 's'))"), Bulk("string"));
  EXPECT_EQ(Eval("return redis.call('get', 'nokey') == false"), Int(1));
  EXPECT_EQ(Eval("return redis.call('set', 'x', '1').ok"), Bulk("OK"));
  EXPECT_EQ(Eval("return type(redis.call('incr', 'x'))"), Bulk("number"));
  EXPECT_EQ(Eval("return redis.call('lrange', 'l', 0, -1)"), Bulks({"a", "b"}));
  EXPECT_EQ(Eval("return redis.call('hgetall', 'h')"), Bulks({"f", "v"}));
  EXPECT_EQ(Msg(Eval("return redis.call('blpop', 'nolist', 0)")),
            "ERR This Redis command is not allowed from script");
  // A pcall'd error is a table with err.
  EXPECT_EQ(Eval("return redis.pcall('incr', 's')['err']"),
            Bulk("ERR value is not an integer or out of range"));
  EXPECT_EQ(Eval("return redis.pcall('incr', 's')"),
            Err("ERR value is not an integer or out of range"));
  // Numbers become arguments as "%.17g".
  EXPECT_EQ(Eval("redis.call('set', 'n', 1.5) return redis.call('get', 'n')"), Bulk("1.5"));
  EXPECT_EQ(Eval("redis.call('set', 'n', 3) return redis.call('get', 'n')"), Bulk("3"));
}

TEST_F(ScriptingTest, ReplyToLuaConversionResp3) {
  Run({"hset", "h", "f", "v"});
  Run({"sadd", "st", "m"});
  Run({"zadd", "z", "1.5", "a"});
  EXPECT_EQ(Eval("redis.setresp(3) return redis.call('hgetall', 'h').map.f"), Bulk("v"));
  EXPECT_EQ(Eval("redis.setresp(3) return tostring(redis.call('smembers', 'st').set.m)"),
            Bulk("true"));
  EXPECT_EQ(Eval("redis.setresp(3) return redis.call('zscore', 'z', 'a').double * 2"), Int(3));
  EXPECT_EQ(Eval("redis.setresp(3) return tostring(redis.call('get', 'nokey') == nil)"),
            Bulk("true"));
  EXPECT_EQ(Eval("return redis.call('zscore', 'z', 'a')"), Bulk("1.5"));
}

TEST_F(ScriptingTest, KeysAndArgv) {
  EXPECT_EQ(Eval("return {KEYS[1], KEYS[2], ARGV[1], #ARGV}", {"k1", "k2"}, {"a", "b"}),
            Arr({Bulk("k1"), Bulk("k2"), Bulk("a"), Int(2)}));
  EXPECT_EQ(Run({"eval", "return 1", "-1"}), Err("ERR Number of keys can't be negative"));
  EXPECT_EQ(Run({"eval", "return 1", "2", "a"}),
            Err("ERR Number of keys can't be greater than number of args"));
  EXPECT_EQ(Run({"eval", "return 1", "x"}), Err("ERR value is not an integer or out of range"));
  // KEYS of one run are gone in the next.
  EXPECT_EQ(Eval("return #KEYS"), Int(0));
}

TEST_F(ScriptingTest, CallErrors) {
  Run({"set", "s", "abc"});
  EXPECT_EQ(Msg(Eval("return redis.call('incr','s')")),
            "ERR value is not an integer or out of range");
  EXPECT_EQ(Msg(Eval("return redis.call('nosuch')")),
            "ERR Unknown Redis command called from script");
  EXPECT_EQ(Msg(Eval("return redis.call('get')")),
            "ERR Wrong number of args calling Redis command from script");
  EXPECT_EQ(Msg(Eval("return redis.call('multi')")),
            "ERR This Redis command is not allowed from script");
  EXPECT_EQ(Msg(Eval("return redis.call()")),
            "ERR Please specify at least one argument for this redis lib call");
  EXPECT_EQ(Msg(Eval("return redis.call('set','k',{})")),
            "ERR Lua redis lib command arguments must be strings or integers");
  EXPECT_EQ(Eval("return redis.pcall('nosuch')"),
            Err("ERR Unknown Redis command called from script"));
  EXPECT_EQ(Eval("error('boom')"),
            Err("ERR user_script:1: boom script: 82903a0434f1503e152f89c03c9acd881a0e8150, on "
                "@user_script:1."));
  EXPECT_EQ(Msg(Eval("error({err='MY thing'})")), "MY thing");
  EXPECT_EQ(Msg(Eval("redis.setresp(4)")), "ERR RESP version must be 2 or 3.");
  EXPECT_EQ(Msg(Eval("redis.set_repl(99)")),
            "ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
  EXPECT_EQ(Msg(Eval("redis.log(1)")), "ERR redis.log() requires two arguments or more.");
  EXPECT_EQ(Eval("local ok, e = pcall(redis.call, 'incr', 's') return e"),
            Bulk("ERR value is not an integer or out of range"));
  EXPECT_EQ(Run({"eval", "return (", "0"}),
            Err("ERR Error compiling script (new function): user_script:1: unexpected symbol "
                "near '<eof>'"));
}

TEST_F(ScriptingTest, Api) {
  EXPECT_EQ(Eval("return redis.sha1hex('')"), Bulk("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
  EXPECT_EQ(Eval("return redis.REDIS_VERSION .. ' ' .. redis.REDIS_VERSION_NUM"),
            Bulk("7.0.15 458767"));
  EXPECT_EQ(Eval("return redis.breakpoint()"), Nil());
  EXPECT_EQ(Eval("redis.log(redis.LOG_DEBUG, 'x') return 1"), Int(1));
  EXPECT_EQ(Eval("return cjson.encode({1,2,{a=1}})"), Bulk("[1,2,{\"a\":1}]"));
  EXPECT_EQ(Eval("return cjson.decode('[1,2]')[2]"), Int(2));
  EXPECT_EQ(Eval("return bit.band(7, 12)"), Int(4));
  EXPECT_EQ(Eval("return bit.tohex(65535, -2147483648)"), Bulk("0000FFFF"));
  EXPECT_EQ(Eval("return bit.tohex(65535)"), Bulk("0000ffff"));
}

TEST_F(ScriptingTest, Sandbox) {
  EXPECT_EQ(Msg(Eval("x = 1")), "ERR user_script:1: Attempt to modify a readonly table");
  EXPECT_EQ(Msg(Eval("_G.x = 1")), "ERR user_script:1: Attempt to modify a readonly table");
  EXPECT_EQ(Msg(Eval("rawset(_G, 'x', 1)")), "ERR Attempt to modify a readonly table");
  EXPECT_EQ(Msg(Eval("string.x = 1")), "ERR user_script:1: Attempt to modify a readonly table");
  EXPECT_EQ(Msg(Eval("redis.call = nil")), "ERR user_script:1: Attempt to modify a readonly table");
  EXPECT_EQ(Msg(Eval("return a")),
            "ERR user_script:1: Script attempted to access nonexistent global variable 'a'");
  for (const char* name : {"os", "io", "print", "require", "dofile", "loadfile", "debug", "package",
                           "getfenv", "setfenv", "newproxy"}) {
    EXPECT_EQ(Msg(Eval(std::string("return type(") + name + ")")),
              std::string("ERR user_script:1: Script attempted to access nonexistent global "
                          "variable '") +
                  name + "'");
  }
  EXPECT_EQ(Eval("local f, e = loadstring(string.dump(function() return 1 end)) return e"),
            Eval("return '[string \"\\27LuaQ\"]:1: unexpected symbol near \\'char(27)\\''"));
  EXPECT_EQ(Eval("local s = string.dump(function() return 1 end) local done = false "
                 "local f, e = load(function() if done then return nil end done = true "
                 "return s end) return f == nil"),
            Int(1));
  EXPECT_EQ(Eval("return loadstring('return 1')()"), Int(1));
  // pairs(_G) lists the real globals, as Redis 7.0.15's.
  EXPECT_EQ(
      Eval("local t = {} for k in pairs(_G) do t[#t+1] = k end table.sort(t) return t"),
      Bulks({"ARGV",         "KEYS",           "_G",         "_VERSION", "assert",   "bit",
             "cjson",        "collectgarbage", "coroutine",  "error",    "gcinfo",   "getmetatable",
             "ipairs",       "load",           "loadstring", "math",     "next",     "pairs",
             "pcall",        "rawequal",       "rawget",     "rawset",   "redis",    "select",
             "setmetatable", "string",         "table",      "tonumber", "tostring", "type",
             "unpack",       "xpcall"}));
  // Escape routes that were CVEs: an error, never a crash.
  EXPECT_EQ(Msg(Eval("return unpack({1,2}, 1, 1e8)")),
            "ERR user_script:1: too many results to unpack");
  EXPECT_EQ(Msg(Eval("return unpack({}, -2147483648, 2147483647)")),
            "ERR user_script:1: too many results to unpack");
  EXPECT_EQ(Msg(Eval("local function f() return f() + 1 end return f()")),
            "ERR user_script:1: stack overflow");
  EXPECT_EQ(Msg(Eval("return cjson.decode(string.rep('[', 100000))")),
            "ERR user_script:1: Found too many nested data structures (1001) at character 1001");
  EXPECT_EQ(Eval("return #cjson.encode({string.rep('x', 100000)})"), Int(100004));
}

TEST_F(ScriptingTest, ReadOnlyScripts) {
  EXPECT_EQ(Msg(Run({"eval_ro", "return redis.call('set','a','b')", "0"})),
            "ERR Write commands are not allowed from read-only scripts.");
  EXPECT_EQ(Msg(Eval("#!lua flags=no-writes\nreturn redis.call('set','a','b')")),
            "ERR Write commands are not allowed from read-only scripts.");
  EXPECT_EQ(Run({"eval_ro", "#!lua\nreturn 1", "0"}),
            Err("ERR Can not execute a script with write flag using *_ro command."));
  EXPECT_EQ(Run({"eval_ro", "#!lua flags=no-writes\nreturn redis.call('get','a')", "0"}), Nil());
  EXPECT_EQ(Eval("#!luax\nreturn 1"), Err("ERR Unexpected engine in script shebang: #!luax"));
  EXPECT_EQ(Eval("#!lua flags=bad\nreturn 1"), Err("ERR Unexpected flag in script shebang: bad"));
  EXPECT_EQ(Eval("#!lua foo=bar\nreturn 1"), Err("ERR Unknown lua shebang option: foo=bar"));
  // Line numbers count the shebang line.
  EXPECT_EQ(Eval("#!lua\nerror('x')").str.substr(0, 21), "ERR user_script:2: x ");
}

TEST_F(ScriptingTest, ScriptCache) {
  EXPECT_EQ(Run({"script", "load", "return 1"}), Bulk("e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
  EXPECT_EQ(Run({"evalsha", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"}), Int(1));
  EXPECT_EQ(Run({"evalsha", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"}), Int(1));
  EXPECT_EQ(Run({"evalsha_ro", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"}), Int(1));
  EXPECT_EQ(Run({"script", "exists", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "abc"}),
            Arr({Int(1), Int(0)}));
  EXPECT_EQ(Run({"evalsha", "abc", "0"}), Err("NOSCRIPT No matching script. Please use EVAL."));
  EXPECT_EQ(Run({"script", "kill"}), Err("NOTBUSY No scripts in execution right now."));
  EXPECT_EQ(Run({"script", "flush", "bad"}),
            Err("ERR SCRIPT FLUSH only support SYNC|ASYNC option"));
  EXPECT_EQ(Run({"script", "flush", "async"}), Ok());
  EXPECT_EQ(Run({"script", "exists", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"}), Arr({Int(0)}));
  // EVAL caches what it ran.
  Eval("return 2");
  EXPECT_EQ(Run({"evalsha", "7f923f79fe76194c868d7e1d0820de36700eb649", "0"}), Int(2));
}

TEST_F(ScriptingTest, EffectsAreOneMultiExecBlock) {
  TakeEffects();
  Eval("redis.call('set', KEYS[1], 'v') redis.call('incr', KEYS[2]) return 1", {"a", "n"});
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"MULTI"}, {"set", "a", "v"}, {"incr", "n"}, {"EXEC"}}));
  // One write: no wrapper. Reads and failed writes: nothing.
  Eval("return redis.call('set', 'b', '1')");
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"set", "b", "1"}}));
  Eval("return redis.call('get', 'b')");
  EXPECT_EQ(TakeEffects(), std::vector<Effect>{});
  // redis.set_repl(REPL_NONE) keeps a write local.
  Eval(
      "redis.set_repl(redis.REPL_NONE) redis.call('set', 'c', '1') "
      "redis.set_repl(redis.REPL_ALL) redis.call('set', 'd', '1')");
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"set", "d", "1"}}));
  EXPECT_EQ(Run({"get", "c"}), Bulk("1"));
  // SELECT inside a script moves the script only.
  Eval("redis.call('select', 3) redis.call('set', 'e', '1')");
  EXPECT_EQ(session_->db, 0);
  EXPECT_EQ(Run({"exists", "e"}), Int(0));
  EXPECT_EQ(effects_.dbs.back(), 3);
}

TEST_F(ScriptingTest, BlockedClientServedAfterTheScript) {
  Session& waiter = engine_->OpenSession();
  ASSERT_TRUE(RunOn(waiter, {"blpop", "q", "0"}).empty());
  // The script pushes and pops again: the waiter is served after it, with what is left.
  EXPECT_EQ(Eval("redis.call('rpush', 'q', 'a', 'b') redis.call('lpop', 'q') return 1"), Int(1));
  EXPECT_EQ(io_.Take(waiter), (std::vector<RespValue>{Bulks({"q", "b"})}));
}

TEST_F(ScriptingTest, EvalInsideMulti) {
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"eval", "return redis.call('incr', 'k')", "0"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"exec"}), Arr({Int(1)}));
}

}  // namespace
}  // namespace ringkv::testing
