// Redis 7 functions through the dispatcher: FUNCTION LOAD/DELETE/FLUSH/LIST/STATS/DUMP/RESTORE
// and FCALL(_RO), the load-time sandbox, flags, and propagation (FUNCTION LOAD reaches the AOF
// as sent; FCALL's effects as a MULTI/EXEC block). Expected replies are redis-server 7.0.15's.
#include <string>
#include <vector>

#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

const std::string kLib =
    "#!lua name=mylib\n"
    "redis.register_function('echo', function(keys, args) return {keys[1], args[1]} end)\n"
    "redis.register_function{function_name='getter', callback=function(keys)\n"
    "  return redis.call('GET', keys[1]) end, flags={'no-writes'}, description='reads'}\n"
    "redis.register_function('two', function(keys) redis.call('SET', keys[1], 'a')\n"
    "  redis.call('INCR', keys[2]) end)\n"
    "redis.register_function('fails', function() error('oops') end)\n";

class FunctionsTest : public CommandTest {};

RespValue Of(RespValue::Kind kind, std::vector<RespValue> elems) {
  RespValue v{kind};
  v.elems = std::move(elems);
  return v;
}

TEST_F(FunctionsTest, LoadAndCall) {
  EXPECT_EQ(Run({"function", "load", kLib}), Bulk("mylib"));
  EXPECT_EQ(Run({"fcall", "echo", "1", "k", "a"}), Bulks({"k", "a"}));
  EXPECT_EQ(Run({"fcall_ro", "getter", "1", "nokey"}), Nil());
  EXPECT_EQ(Run({"fcall_ro", "echo", "0"}),
            Err("ERR Can not execute a script with write flag using *_ro command."));
  EXPECT_EQ(Run({"fcall", "fails", "0"}),
            Err("ERR user_function:7: oops script: fails, on @user_function:7."));
  EXPECT_EQ(Run({"fcall", "nosuch", "0"}), Err("ERR Function not found"));
  EXPECT_EQ(Run({"fcall", "echo", "x"}), Err("ERR Bad number of keys provided"));
  EXPECT_EQ(Run({"function", "load", kLib}), Err("ERR Library 'mylib' already exists"));
  EXPECT_EQ(Run({"function", "load", "replace", kLib}), Bulk("mylib"));
  EXPECT_EQ(Run({"function", "load",
                 "#!lua name=other\n"
                 "redis.register_function('echo', function() end)"}),
            Err("ERR Function echo already exists"));
}

TEST_F(FunctionsTest, LoadErrors) {
  EXPECT_EQ(Run({"function", "load", "return 1"}), Err("ERR Missing library metadata"));
  EXPECT_EQ(Run({"function", "load", "#!lua name=l\nreturn 1"}),
            Err("ERR No functions registered"));
  EXPECT_EQ(Run({"function", "load", "#!lua name=l\nredis.call('set','a','b')"}),
            Err("ERR Error registering functions: ERR user_function:2: Script attempted to "
                "access nonexistent global variable 'call'"));
  EXPECT_EQ(Run({"function", "load", "#!lua name=l\nerror('x')"}),
            Err("ERR Error registering functions: ERR user_function:2: Script attempted to "
                "access nonexistent global variable 'error'"));
  EXPECT_EQ(Run({"function", "load", "#!lua name=l\nx = 1"}),
            Err("ERR Error registering functions: ERR user_function:2: Attempt to modify a "
                "readonly table"));
  EXPECT_EQ(Run({"function", "load",
                 "#!lua name=l\nredis.register_function{"
                 "function_name='g', callback=function() end, flags={'bad'}}"}),
            Err("ERR Error registering functions: ERR unknown flag given"));
  EXPECT_EQ(Run({"function", "load", "#!lua name=l\nreturn ("}),
            Err("ERR Error compiling function: user_function:2: unexpected symbol near '<eof>'"));
  EXPECT_EQ(Run({"function", "load", "#!lua name=l-1\nreturn 1"}),
            Err("ERR Library names can only contain letters, numbers, or underscores(_) and must "
                "be at least one character long"));
  EXPECT_EQ(Run({"function", "load", "#!foo name=l\nreturn 1"}), Err("ERR Engine 'foo' not found"));
  // register_function exists at load time only.
  EXPECT_EQ(
      Run({"eval", "redis.register_function('x', function() end)", "0"})
          .str.find("ERR user_script:1: attempt to call field 'register_function' (a nil value)"),
      0u);
  // A failed load leaves nothing behind.
  EXPECT_EQ(Run({"function", "list"}), Arr({}));
}

TEST_F(FunctionsTest, ListStatsDeleteFlush) {
  Run({"function", "load",
       "#!lua name=a\nredis.register_function{function_name='f', "
       "callback=function() return 1 end, flags={'no-writes', 'allow-oom'}}"});
  RespValue fn =
      Of(RespValue::kMap, {Bulk("name"), Bulk("f"), Bulk("description"), Nil(), Bulk("flags"),
                           Of(RespValue::kSet, {Simple("no-writes"), Simple("allow-oom")})});
  EXPECT_EQ(Run({"function", "list"}),
            Arr({Of(RespValue::kMap, {Bulk("library_name"), Bulk("a"), Bulk("engine"), Bulk("LUA"),
                                      Bulk("functions"), Arr({fn})})}));
  EXPECT_EQ(Run({"function", "list", "libraryname", "b*"}), Arr({}));
  EXPECT_EQ(Run({"function", "list", "bad"}), Err("ERR Unknown argument bad"));
  EXPECT_EQ(Run({"function", "stats"}),
            Of(RespValue::kMap,
               {Bulk("running_script"), Nil(), Bulk("engines"),
                Of(RespValue::kMap,
                   {Bulk("LUA"), Of(RespValue::kMap, {Bulk("libraries_count"), Int(1),
                                                      Bulk("functions_count"), Int(1)})})}));
  EXPECT_EQ(Run({"function", "delete", "nolib"}), Err("ERR Library not found"));
  EXPECT_EQ(Run({"function", "delete", "a"}), Ok());
  EXPECT_EQ(Run({"fcall", "f", "0"}), Err("ERR Function not found"));
  Run({"function", "load", kLib});
  EXPECT_EQ(Run({"function", "flush", "async"}), Ok());
  EXPECT_EQ(Run({"function", "list"}), Arr({}));
  EXPECT_EQ(Run({"function", "kill"}), Err("NOTBUSY No scripts in execution right now."));
}

TEST_F(FunctionsTest, DumpAndRestore) {
  Run({"function", "load", kLib});
  RespValue dump = Run({"function", "dump"});
  ASSERT_EQ(dump.kind, RespValue::kBulk);
  EXPECT_EQ(Run({"function", "restore", dump.str}), Err("ERR Library mylib already exists"));
  EXPECT_EQ(Run({"function", "restore", dump.str, "replace"}), Ok());
  EXPECT_EQ(Run({"function", "flush"}), Ok());
  EXPECT_EQ(Run({"function", "restore", dump.str}), Ok());
  EXPECT_EQ(Run({"fcall", "echo", "1", "k", "a"}), Bulks({"k", "a"}));
  EXPECT_EQ(Run({"function", "restore", dump.str, "flush"}), Ok());
  EXPECT_EQ(Run({"function", "restore", "bad"}),
            Err("ERR DUMP payload version or checksum are wrong"));
  EXPECT_EQ(Run({"function", "restore", dump.str, "bad"}),
            Err("ERR Wrong restore policy given, value should be either FLUSH, APPEND or "
                "REPLACE."));
  std::string corrupt = dump.str;
  corrupt[0] = 'x';
  EXPECT_EQ(Run({"function", "restore", corrupt}),
            Err("ERR DUMP payload version or checksum are wrong"));
}

TEST_F(FunctionsTest, Propagation) {
  TakeEffects();
  Run({"function", "load", kLib});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"function", "load", kLib}}));
  Run({"fcall", "two", "2", "k", "n"});
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"MULTI"}, {"SET", "k", "a"}, {"INCR", "n"}, {"EXEC"}}));
  Run({"fcall", "echo", "0"});
  EXPECT_EQ(TakeEffects(), std::vector<Effect>{});
}

}  // namespace
}  // namespace ringkv::testing
