// String family tests: every command and option, Redis 7.0's replies and error texts (checked
// against redis-server 7.0.15), encodings, and the effects each write propagates.
#include <random>
#include <string>
#include <vector>

#include "engine/util/clock.h"
#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

using Effect = std::vector<std::string>;

class StringTest : public CommandTest {
 protected:
  // A key holding a non-string value, for WRONGTYPE checks.
  // A key of another type (a list); its creation is not one of the effects under test.
  void MakeNonString(const std::string& key) {
    if (engine_->commands().Find("lpush") != nullptr) {
      ASSERT_EQ(Run({"lpush", key, "a"}), Int(1));
    } else {
      // No list family yet: plant a list-typed value with no structure behind it.
      engine_->db(session_->db)
          .Add(key, Value::MakeObject(ObjType::kList, Encoding::kQuicklist, nullptr), 0);
    }
    effects_.effects.clear();
    effects_.dbs.clear();
  }

  std::vector<Effect> TakeEffects() {
    std::vector<Effect> out;
    out.swap(effects_.effects);
    effects_.dbs.clear();
    return out;
  }
  int64_t PTtl(const std::string& key) { return Run({"pttl", key}).i; }
  std::string Encoding(const std::string& key) { return Run({"object", "encoding", key}).str; }
};

const RespValue kWrongType =
    Err("WRONGTYPE Operation against a key holding the wrong kind of value");
const RespValue kSyntax = Err("ERR syntax error");
const RespValue kNotInt = Err("ERR value is not an integer or out of range");
const RespValue kNotFloat = Err("ERR value is not a valid float");

// ---- GET SET ----------------------------------------------------------------------------------

TEST_F(StringTest, GetAndSet) {
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(Run({"set", "k", "v"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
  EXPECT_EQ(Run({"set", "k", ""}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk(""));
  std::string bin("a\0b\r\n", 5);
  EXPECT_EQ(Run({"set", "k", bin}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk(bin));
  EXPECT_EQ(Run({"get"}), Err("ERR wrong number of arguments for 'get' command"));
  EXPECT_EQ(Run({"set", "k"}), Err("ERR wrong number of arguments for 'set' command"));
  MakeNonString("l");
  EXPECT_EQ(Run({"get", "l"}), kWrongType);
  // SET overwrites any type.
  EXPECT_EQ(Run({"set", "l", "x"}), Ok());
  EXPECT_EQ(Run({"type", "l"}), Simple("string"));
  EXPECT_EQ(Run3({"get", "nokey"}), Nil());
}

TEST_F(StringTest, SetEncodings) {
  Run({"set", "k", "12345"});
  EXPECT_EQ(Encoding("k"), "int");
  Run({"set", "k", "-9223372036854775808"});
  EXPECT_EQ(Encoding("k"), "int");
  Run({"set", "k", "9223372036854775808"});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"set", "k", "01"});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"set", "k", "+1"});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"set", "k", std::string(44, 'x')});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"set", "k", std::string(45, 'x')});
  EXPECT_EQ(Encoding("k"), "raw");
  EXPECT_EQ(Run({"get", "k"}), Bulk(std::string(45, 'x')));
}

TEST_F(StringTest, SetNxXxGet) {
  EXPECT_EQ(Run({"set", "k", "v", "xx"}), Nil());
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(Run({"set", "k", "v", "nx"}), Ok());
  EXPECT_EQ(Run({"set", "k", "w", "NX"}), Nil());
  EXPECT_EQ(Run({"set", "k", "w", "xx"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk("w"));
  // Repeated flags are accepted.
  EXPECT_EQ(Run({"set", "k", "v", "nx", "nx"}), Nil());
  EXPECT_EQ(Run({"set", "k", "v", "nx", "xx"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "xx", "nx"}), kSyntax);

  // GET returns the old value, whether or not the condition lets the write happen.
  EXPECT_EQ(Run({"set", "k", "v2", "get"}), Bulk("w"));
  EXPECT_EQ(Run({"set", "k", "v3", "nx", "get"}), Bulk("v2"));
  EXPECT_EQ(Run({"get", "k"}), Bulk("v2"));
  EXPECT_EQ(Run({"set", "k", "v3", "get", "get"}), Bulk("v2"));
  EXPECT_EQ(Run({"set", "n", "v", "xx", "get"}), Nil());
  EXPECT_EQ(Run({"exists", "n"}), Int(0));
  EXPECT_EQ(Run({"set", "n", "v", "get"}), Nil());
  EXPECT_EQ(Run({"get", "n"}), Bulk("v"));

  MakeNonString("l");
  EXPECT_EQ(Run({"set", "l", "v", "get"}), kWrongType);
  EXPECT_EQ(Run({"set", "l", "v", "nx", "get"}), kWrongType);
  EXPECT_EQ(Run({"type", "l"}), Simple("list"));
  EXPECT_EQ(Run({"set", "l", "v", "nx"}), Nil());
  EXPECT_EQ(Run({"set", "l", "v", "xx"}), Ok());
}

TEST_F(StringTest, SetExpireOptions) {
  EXPECT_EQ(Run({"set", "k", "v", "ex", "100"}), Ok());
  int64_t t = PTtl("k");
  EXPECT_GT(t, 90000);
  EXPECT_LE(t, 100000);
  EXPECT_EQ(Run({"set", "k", "v", "px", "100000"}), Ok());
  EXPECT_GT(PTtl("k"), 90000);
  int64_t now = WallClockMs();
  EXPECT_EQ(Run({"set", "k", "v", "exat", std::to_string(now / 1000 + 100)}), Ok());
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int((now / 1000 + 100) * 1000));
  EXPECT_EQ(Run({"set", "k", "v", "pxat", std::to_string(now + 100000)}), Ok());
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(now + 100000));
  // The last of repeated EX wins.
  EXPECT_EQ(Run({"set", "k", "v", "ex", "10", "ex", "20"}), Ok());
  EXPECT_GT(PTtl("k"), 10000);

  // A plain SET drops the TTL; KEEPTTL keeps it.
  EXPECT_EQ(Run({"set", "k", "v", "keepttl"}), Ok());
  EXPECT_GT(PTtl("k"), 10000);
  EXPECT_EQ(Run({"set", "k", "v"}), Ok());
  EXPECT_EQ(PTtl("k"), -1);

  EXPECT_EQ(Run({"set", "k", "v", "ex", "10", "px", "10"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "ex", "10", "exat", "10"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "pxat", "10", "px", "10"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "keepttl", "ex", "1"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "ex", "1", "keepttl"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "ex"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "persist"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", "badopt"}), kSyntax);
  EXPECT_EQ(Run({"set", "k", "v", std::string("nx\0junk", 7)}), Nil());  // read as a C string
  EXPECT_EQ(Run({"set", "k", "v", "ex", "abc"}), kNotInt);
  EXPECT_EQ(Run({"set", "k", "v", "ex", " 1"}), kNotInt);
  const RespValue invalid = Err("ERR invalid expire time in 'set' command");
  EXPECT_EQ(Run({"set", "k", "v", "ex", "0"}), invalid);
  EXPECT_EQ(Run({"set", "k", "v", "ex", "-5"}), invalid);
  EXPECT_EQ(Run({"set", "k", "v", "px", "0"}), invalid);
  EXPECT_EQ(Run({"set", "k", "v", "exat", "0"}), invalid);
  EXPECT_EQ(Run({"set", "k", "v", "px", "9223372036854775807"}), invalid);  // overflows now+px
  EXPECT_EQ(Run({"set", "k", "v", "ex", "9223372036854775"}), invalid);
  EXPECT_EQ(Run({"set", "k", "v", "exat", "9223372036854776"}), invalid);
  EXPECT_EQ(Run({"set", "k", "v", "exat", "9223372036854775"}), Ok());
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(9223372036854775000));
  EXPECT_EQ(Run({"set", "k", "v", "pxat", "9223372036854775807"}), Ok());
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(9223372036854775807));
  // A failed SET leaves the old value.
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
}

TEST_F(StringTest, SetEffects) {
  int64_t before = WallClockMs();
  EXPECT_EQ(Run({"set", "k", "v", "ex", "100"}), Ok());
  int64_t after = WallClockMs();
  auto effects = TakeEffects();
  ASSERT_EQ(effects.size(), 1u);
  ASSERT_EQ(effects[0].size(), 5u);
  EXPECT_EQ(effects[0][0], "SET");
  EXPECT_EQ(effects[0][1], "k");
  EXPECT_EQ(effects[0][2], "v");
  EXPECT_EQ(effects[0][3], "PXAT");
  int64_t at = std::stoll(effects[0][4]);
  EXPECT_GE(at, before + 100000);
  EXPECT_LE(at, after + 100000);

  Run({"set", "k", "v", "pxat", "99999999999999", "xx"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SET", "k", "v", "PXAT", "99999999999999"}}));
  Run({"set", "k", "v", "exat", "99999999999", "get"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SET", "k", "v", "PXAT", "99999999999000"}}));
  // Without an expire the command is kept, minus its GET arguments.
  Run({"set", "k", "w", "keepttl", "get"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"set", "k", "w", "keepttl"}}));
  Run({"set", "k", "w", "GET", "xx", "get"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"set", "k", "w", "xx"}}));
  Run({"set", "k", "x"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"set", "k", "x"}}));
  // Nothing written, nothing propagated.
  uint64_t dirty = engine_->stats().dirty;
  Run({"set", "k", "v", "nx"});
  Run({"set", "k", "v", "nx", "get"});
  Run({"set", "k", "v", "ex", "0"});
  EXPECT_TRUE(TakeEffects().empty());
  EXPECT_EQ(engine_->stats().dirty, dirty);
}

TEST_F(StringTest, SetWithPastTimeExpiresOnNextAccess) {
  // As Redis 7.0: the key is stored with its past time and propagated as SET ... PXAT; the next
  // access deletes it and propagates a DEL.
  EXPECT_EQ(Run({"set", "k", "v", "exat", "1"}), Ok());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SET", "k", "v", "PXAT", "1000"}}));
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "k"}}));
  EXPECT_EQ(Run({"set", "k", "v"}), Ok());
  EXPECT_EQ(Run({"set", "k", "v2", "pxat", "1", "get"}), Bulk("v"));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
}

TEST_F(StringTest, SetNxSetExPSetEx) {
  EXPECT_EQ(Run({"setnx", "k", "v"}), Int(1));
  EXPECT_EQ(Run({"setnx", "k", "w"}), Int(0));
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"setnx", "k", "v"}}));

  EXPECT_EQ(Run({"setex", "k", "100", "x"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk("x"));
  EXPECT_GT(PTtl("k"), 90000);
  EXPECT_EQ(Run({"psetex", "k", "100000", "y"}), Ok());
  EXPECT_GT(PTtl("k"), 90000);
  auto effects = TakeEffects();
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(effects[0][0], "SET");
  EXPECT_EQ(effects[0][2], "x");
  EXPECT_EQ(effects[0][3], "PXAT");
  EXPECT_EQ(effects[1][2], "y");
  EXPECT_EQ(effects[1][3], "PXAT");

  EXPECT_EQ(Run({"setex", "k", "0", "v"}), Err("ERR invalid expire time in 'setex' command"));
  EXPECT_EQ(Run({"setex", "k", "-1", "v"}), Err("ERR invalid expire time in 'setex' command"));
  EXPECT_EQ(Run({"psetex", "k", "0", "v"}), Err("ERR invalid expire time in 'psetex' command"));
  EXPECT_EQ(Run({"setex", "k", "abc", "v"}), kNotInt);
  EXPECT_EQ(Run({"setex", "k", "1"}), Err("ERR wrong number of arguments for 'setex' command"));
  EXPECT_EQ(Run({"get", "k"}), Bulk("y"));
}

// ---- MGET MSET MSETNX GETSET GETDEL -----------------------------------------------------------

TEST_F(StringTest, MGetMSet) {
  EXPECT_EQ(Run({"mset", "a", "1", "b", "2"}), Ok());
  MakeNonString("l");
  EXPECT_EQ(Run({"mget", "a", "l", "nokey", "b"}), Arr({Bulk("1"), Nil(), Nil(), Bulk("2")}));
  // Later pairs win; the dirty count is one per pair.
  uint64_t dirty = engine_->stats().dirty;
  EXPECT_EQ(Run({"mset", "a", "x", "a", "y"}), Ok());
  EXPECT_EQ(engine_->stats().dirty, dirty + 2);
  EXPECT_EQ(Run({"get", "a"}), Bulk("y"));
  Run({"expire", "a", "100"});
  Run({"mset", "a", "z"});
  EXPECT_EQ(Run({"ttl", "a"}), Int(-1));
  EXPECT_EQ(Run({"mset", "a"}), Err("ERR wrong number of arguments for 'mset' command"));
  EXPECT_EQ(Run({"mset", "a", "1", "b"}), Err("ERR wrong number of arguments for 'mset' command"));
  EXPECT_EQ(Run({"msetnx", "a", "1", "b"}),
            Err("ERR wrong number of arguments for 'msetnx' command"));
  EXPECT_EQ(Run({"mget"}), Err("ERR wrong number of arguments for 'mget' command"));

  TakeEffects();
  EXPECT_EQ(Run({"msetnx", "c", "1", "d", "2"}), Int(1));
  EXPECT_EQ(Run({"msetnx", "e", "1", "c", "2"}), Int(0));
  EXPECT_EQ(Run({"exists", "e"}), Int(0));
  EXPECT_EQ(Run({"msetnx", "l", "1"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"msetnx", "c", "1", "d", "2"}}));
}

TEST_F(StringTest, GetSetGetDel) {
  EXPECT_EQ(Run({"getset", "k", "1"}), Nil());
  Run({"expire", "k", "100"});
  EXPECT_EQ(Run({"getset", "k", "2"}), Bulk("1"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  TakeEffects();
  EXPECT_EQ(Run({"getset", "k", "3"}), Bulk("2"));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SET", "k", "3"}}));

  EXPECT_EQ(Run({"getdel", "k"}), Bulk("3"));
  EXPECT_EQ(Run({"getdel", "k"}), Nil());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "k"}}));
  config_.lazyfree_lazy_user_del = true;
  Run({"set", "k", "v"});
  TakeEffects();
  EXPECT_EQ(Run({"getdel", "k"}), Bulk("v"));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"UNLINK", "k"}}));

  MakeNonString("l");
  EXPECT_EQ(Run({"getset", "l", "1"}), kWrongType);
  EXPECT_EQ(Run({"getdel", "l"}), kWrongType);
  EXPECT_EQ(Run({"type", "l"}), Simple("list"));
  EXPECT_TRUE(TakeEffects().empty());
}

// ---- GETEX ------------------------------------------------------------------------------------

TEST_F(StringTest, GetEx) {
  EXPECT_EQ(Run({"getex", "nokey"}), Nil());
  EXPECT_EQ(Run({"getex", "nokey", "ex", "-1"}), Nil());  // the key is looked up first
  Run({"set", "k", "v"});
  TakeEffects();
  EXPECT_EQ(Run({"getex", "k"}), Bulk("v"));
  EXPECT_TRUE(TakeEffects().empty());

  int64_t before = WallClockMs();
  EXPECT_EQ(Run({"getex", "k", "ex", "100"}), Bulk("v"));
  auto effects = TakeEffects();
  ASSERT_EQ(effects.size(), 1u);
  ASSERT_EQ(effects[0].size(), 3u);
  EXPECT_EQ(effects[0][0], "PEXPIREAT");
  EXPECT_GE(std::stoll(effects[0][2]), before + 100000);
  EXPECT_GT(PTtl("k"), 90000);

  EXPECT_EQ(Run({"getex", "k", "px", "200000"}), Bulk("v"));
  EXPECT_GT(PTtl("k"), 190000);
  TakeEffects();
  EXPECT_EQ(Run({"getex", "k", "pxat", "99999999999999"}), Bulk("v"));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"PEXPIREAT", "k", "99999999999999"}}));
  EXPECT_EQ(Run({"getex", "k", "exat", "9999999999"}), Bulk("v"));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"PEXPIREAT", "k", "9999999999000"}}));
  EXPECT_EQ(Run({"getex", "k", "persist"}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"PERSIST", "k"}}));
  EXPECT_EQ(Run({"getex", "k", "persist"}), Bulk("v"));
  EXPECT_TRUE(TakeEffects().empty());

  // An absolute time in the past deletes the key.
  EXPECT_EQ(Run({"getex", "k", "pxat", "1"}), Bulk("v"));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "k"}}));
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"getex", "k", "exat", "1"}), Bulk("v"));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));

  Run({"set", "k", "v"});
  const RespValue invalid = Err("ERR invalid expire time in 'getex' command");
  EXPECT_EQ(Run({"getex", "k", "ex", "-1"}), invalid);
  EXPECT_EQ(Run({"getex", "k", "ex", "0"}), invalid);
  EXPECT_EQ(Run({"getex", "k", "px", "9223372036854775807"}), invalid);
  EXPECT_EQ(Run({"getex", "k", "ex", "9223372036854775"}), invalid);
  EXPECT_EQ(Run({"getex", "k", "exat", "9223372036854776"}), invalid);
  EXPECT_EQ(Run({"getex", "k", "ex", "x"}), kNotInt);
  EXPECT_EQ(Run({"getex", "k", "ex", "10", "persist"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "persist", "ex", "10"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "ex", "10", "px", "10"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "nx"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "keepttl"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "get"}), kSyntax);
  EXPECT_EQ(Run({"getex", "k", "ex"}), kSyntax);
  EXPECT_EQ(Run({"getex", "nokey", "bogus"}), kSyntax);  // options are parsed first
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));

  MakeNonString("l");
  EXPECT_EQ(Run({"getex", "l"}), kWrongType);
  EXPECT_EQ(Run({"getex", "l", "ex", "-1"}), kWrongType);
}

// ---- APPEND STRLEN GETRANGE SETRANGE ----------------------------------------------------------

TEST_F(StringTest, AppendStrlen) {
  EXPECT_EQ(Run({"append", "k", "7"}), Int(1));
  EXPECT_EQ(Encoding("k"), "int");
  EXPECT_EQ(Run({"append", "k", "8"}), Int(2));
  EXPECT_EQ(Encoding("k"), "raw");
  EXPECT_EQ(Run({"get", "k"}), Bulk("78"));
  EXPECT_EQ(Run({"incr", "k"}), Int(79));  // a raw string of digits is still an integer
  EXPECT_EQ(Run({"append", "s", "hello"}), Int(5));
  EXPECT_EQ(Encoding("s"), "embstr");
  EXPECT_EQ(Run({"append", "s", " world"}), Int(11));
  EXPECT_EQ(Run({"get", "s"}), Bulk("hello world"));
  EXPECT_EQ(Run({"strlen", "s"}), Int(11));
  // Appending nothing still rewrites the value as raw (and counts as a change).
  Run({"set", "n", "5"});
  TakeEffects();
  EXPECT_EQ(Run({"append", "n", ""}), Int(1));
  EXPECT_EQ(Encoding("n"), "raw");
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"append", "n", ""}}));
  // Growth in place keeps the bytes.
  std::string expect;
  for (int i = 0; i < 200; i++) {
    std::string piece = std::to_string(i) + ",";
    expect += piece;
    ASSERT_EQ(Run({"append", "big", piece}), Int(static_cast<int64_t>(expect.size())));
  }
  EXPECT_EQ(Run({"get", "big"}), Bulk(expect));

  Run({"set", "i", "-12345"});
  EXPECT_EQ(Run({"strlen", "i"}), Int(6));
  EXPECT_EQ(Run({"strlen", "nokey"}), Int(0));
  MakeNonString("l");
  EXPECT_EQ(Run({"append", "l", "x"}), kWrongType);
  EXPECT_EQ(Run({"strlen", "l"}), kWrongType);
}

TEST_F(StringTest, GetRange) {
  Run({"set", "s", "hello"});
  EXPECT_EQ(Run({"getrange", "s", "0", "-1"}), Bulk("hello"));
  EXPECT_EQ(Run({"getrange", "s", "-5", "-1"}), Bulk("hello"));
  EXPECT_EQ(Run({"getrange", "s", "-1", "-5"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "s", "1", "3"}), Bulk("ell"));
  EXPECT_EQ(Run({"getrange", "s", "3", "2"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "s", "10", "20"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "s", "-100", "100"}), Bulk("hello"));
  EXPECT_EQ(Run({"getrange", "s", "0", "9223372036854775807"}), Bulk("hello"));
  EXPECT_EQ(Run({"getrange", "s", "-9223372036854775808", "-9223372036854775808"}), Bulk("h"));
  EXPECT_EQ(Run({"substr", "s", "1", "2"}), Bulk("el"));
  EXPECT_EQ(Run({"getrange", "s", "x", "1"}), kNotInt);
  EXPECT_EQ(Run({"getrange", "nokey", "0", "1"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "nokey", "x", "1"}), kNotInt);
  Run({"set", "e", ""});
  EXPECT_EQ(Run({"getrange", "e", "0", "-1"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "e", "-1", "0"}), Bulk(""));
  Run({"set", "i", "12345"});
  EXPECT_EQ(Run({"getrange", "i", "1", "2"}), Bulk("23"));
  MakeNonString("l");
  EXPECT_EQ(Run({"getrange", "l", "0", "1"}), kWrongType);
  EXPECT_EQ(Run({"getrange", "l", "x", "1"}), kNotInt);
}

TEST_F(StringTest, SetRange) {
  Run({"set", "i", "12345"});
  EXPECT_EQ(Run({"setrange", "i", "1", "x"}), Int(5));
  EXPECT_EQ(Encoding("i"), "raw");
  EXPECT_EQ(Run({"get", "i"}), Bulk("1x345"));
  EXPECT_EQ(Run({"setrange", "i", "7", "ab"}), Int(9));
  EXPECT_EQ(Run({"get", "i"}), Bulk(std::string("1x345\0\0ab", 9)));
  EXPECT_EQ(Run({"setrange", "nk", "5", "ab"}), Int(7));
  EXPECT_EQ(Run({"get", "nk"}), Bulk(std::string("\0\0\0\0\0ab", 7)));
  EXPECT_EQ(Encoding("nk"), "raw");
  TakeEffects();
  // Setting nothing: no key created, the length reported, nothing propagated.
  EXPECT_EQ(Run({"setrange", "nk2", "5", ""}), Int(0));
  EXPECT_EQ(Run({"exists", "nk2"}), Int(0));
  EXPECT_EQ(Run({"setrange", "nk", "0", ""}), Int(7));
  EXPECT_TRUE(TakeEffects().empty());
  EXPECT_EQ(Run({"setrange", "nk", "0", "X"}), Int(7));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"setrange", "nk", "0", "X"}}));

  EXPECT_EQ(Run({"setrange", "nk", "-1", "x"}), Err("ERR offset is out of range"));
  EXPECT_EQ(Run({"setrange", "nk", "x", "x"}), kNotInt);
  const RespValue too_long = Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  EXPECT_EQ(Run({"setrange", "nk", "536870912", "x"}), too_long);
  EXPECT_EQ(Run({"setrange", "nk", "9223372036854775807", "x"}), too_long);
  EXPECT_EQ(Run({"setrange", "new", "536870912", "x"}), too_long);
  EXPECT_EQ(Run({"setrange", "nk", "9223372036854775808", "x"}), kNotInt);
  MakeNonString("l");
  EXPECT_EQ(Run({"setrange", "l", "0", "x"}), kWrongType);
  EXPECT_EQ(Run({"setrange", "l", "-1", "x"}), Err("ERR offset is out of range"));
}

TEST_F(StringTest, ProtoMaxBulkLenLimitsGrowth) {
  config_.proto_max_bulk_len = 10;
  const RespValue too_long = Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  EXPECT_EQ(Run({"append", "k", "0123456789"}), Int(10));
  EXPECT_EQ(Run({"append", "k", "x"}), too_long);
  EXPECT_EQ(Run({"append", "k", ""}), Int(10));
  EXPECT_EQ(Run({"setrange", "k", "10", "x"}), too_long);
  EXPECT_EQ(Run({"setrange", "k", "9", "x"}), Int(10));
  EXPECT_EQ(Run({"setrange", "n", "8", "xyz"}), too_long);
  EXPECT_EQ(Run({"exists", "n"}), Int(0));
  EXPECT_EQ(Run({"get", "k"}), Bulk("012345678x"));
}

// ---- INCR DECR INCRBY DECRBY INCRBYFLOAT ------------------------------------------------------

TEST_F(StringTest, IncrDecr) {
  EXPECT_EQ(Run({"incr", "n"}), Int(1));
  EXPECT_EQ(Run({"incrby", "n", "9"}), Int(10));
  EXPECT_EQ(Run({"decr", "n"}), Int(9));
  EXPECT_EQ(Run({"decrby", "n", "19"}), Int(-10));
  EXPECT_EQ(Run({"decrby", "n", "-10"}), Int(0));
  EXPECT_EQ(Encoding("n"), "int");
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"incr", "n"},
                                                {"incrby", "n", "9"},
                                                {"decr", "n"},
                                                {"decrby", "n", "19"},
                                                {"decrby", "n", "-10"}}));
  // The TTL is kept.
  Run({"expire", "n", "100"});
  Run({"incr", "n"});
  EXPECT_GT(Run({"ttl", "n"}).i, 0);
}

TEST_F(StringTest, IncrDecrLimits) {
  const RespValue overflow = Err("ERR increment or decrement would overflow");
  EXPECT_EQ(Run({"incrby", "n", "9223372036854775807"}), Int(INT64_MAX));
  EXPECT_EQ(Run({"incr", "n"}), overflow);
  EXPECT_EQ(Run({"incrby", "n", "1"}), overflow);
  EXPECT_EQ(Run({"decrby", "n", "-1"}), overflow);
  EXPECT_EQ(Run({"get", "n"}), Bulk("9223372036854775807"));
  EXPECT_EQ(Run({"decrby", "n", "-9223372036854775808"}), Err("ERR decrement would overflow"));
  Run({"set", "m", "-9223372036854775808"});
  EXPECT_EQ(Run({"decr", "m"}), overflow);
  EXPECT_EQ(Run({"incrby", "m", "-1"}), overflow);
  EXPECT_EQ(Run({"incrby", "m", "9223372036854775807"}), Int(-1));
  EXPECT_EQ(Run({"incrby", "z", "-9223372036854775808"}), Int(INT64_MIN));

  // Redis's string2ll: no spaces, no '+', no leading zeros, within int64.
  EXPECT_EQ(Run({"incrby", "n", " 1"}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", "1 "}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", "+1"}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", "01"}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", "1.0"}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", ""}), kNotInt);
  EXPECT_EQ(Run({"incrby", "n", "9223372036854775808"}), kNotInt);
  EXPECT_EQ(Run({"decrby", "n", "abc"}), kNotInt);
  for (const char* bad : {" 1", "1.5", "abc", "", "+1", "99999999999999999999"}) {
    Run({"set", "s", bad});
    EXPECT_EQ(Run({"incr", "s"}), kNotInt) << bad;
  }
  MakeNonString("l");
  EXPECT_EQ(Run({"incr", "l"}), kWrongType);
  EXPECT_EQ(Run({"decrby", "l", "1"}), kWrongType);
  EXPECT_EQ(Run({"incrby", "l", "x"}), kNotInt);  // the increment is parsed first
}

TEST_F(StringTest, IncrByFloat) {
  EXPECT_EQ(Run({"incrbyfloat", "f", "10.5"}), Bulk("10.5"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "0.1"}), Bulk("10.6"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "-5"}), Bulk("5.6"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "5.0e3"}), Bulk("5005.60000000000000009"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "1e5"}), Bulk("100000"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "+1"}), Bulk("100001"));
  EXPECT_EQ(Run({"incrbyfloat", "g", "0x10"}), Bulk("100017"));
  EXPECT_EQ(Run({"incrbyfloat", "h", "-0"}), Bulk("0"));
  EXPECT_EQ(Run({"incrbyfloat", "h", "3"}), Bulk("3"));
  EXPECT_EQ(Encoding("h"), "embstr");  // stored as written, not as an integer
  Run({"set", "s", "1.5"});
  EXPECT_EQ(Run({"incrbyfloat", "s", "1e5"}), Bulk("100001.5"));
  EXPECT_EQ(Run({"incrbyfloat", "s", "0.1"}), Bulk("100001.60000000000000142"));
  Run({"set", "x", "5"});
  EXPECT_EQ(Run({"incrbyfloat", "x", "0.5"}), Bulk("5.5"));
  Run({"set", "big", "1e308"});
  EXPECT_EQ(Run({"incrbyfloat", "big", "1e308"}).str.size(), 309u);  // long double: no overflow

  TakeEffects();
  Run({"set", "t", "1", "ex", "100"});
  TakeEffects();
  EXPECT_EQ(Run({"incrbyfloat", "t", "1.25"}), Bulk("2.25"));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SET", "t", "2.25", "KEEPTTL"}}));
  EXPECT_GT(Run({"ttl", "t"}).i, 0);

  const RespValue nan_inf = Err("ERR increment would produce NaN or Infinity");
  EXPECT_EQ(Run({"incrbyfloat", "f", "inf"}), nan_inf);
  EXPECT_EQ(Run({"incrbyfloat", "f", "-inf"}), nan_inf);
  Run({"set", "i", "inf"});
  EXPECT_EQ(Run({"incrbyfloat", "i", "1"}), nan_inf);
  EXPECT_EQ(Run({"incrbyfloat", "i", "-inf"}), nan_inf);
  EXPECT_EQ(Run({"incrbyfloat", "f", "nan"}), kNotFloat);
  EXPECT_EQ(Run({"incrbyfloat", "f", " 1"}), kNotFloat);
  EXPECT_EQ(Run({"incrbyfloat", "f", "1 "}), kNotFloat);
  EXPECT_EQ(Run({"incrbyfloat", "f", ""}), kNotFloat);
  EXPECT_EQ(Run({"incrbyfloat", "f", "abc"}), kNotFloat);
  EXPECT_EQ(Run({"incrbyfloat", "f", "1e99999"}), kNotFloat);
  EXPECT_EQ(Run({"incrbyfloat", "f", "1e-99999"}), kNotFloat);
  Run({"set", "s", "abc"});
  EXPECT_EQ(Run({"incrbyfloat", "s", "1"}), kNotFloat);
  EXPECT_EQ(Run({"get", "f"}), Bulk("5005.60000000000000009"));
  MakeNonString("l");
  EXPECT_EQ(Run({"incrbyfloat", "l", "1"}), kWrongType);
  EXPECT_EQ(Run({"incrbyfloat", "l", "x"}), kWrongType);  // the type is checked first
}

// ---- LCS --------------------------------------------------------------------------------------

TEST_F(StringTest, Lcs) {
  Run({"mset", "key1", "ohmytext", "key2", "mynewtext"});
  EXPECT_EQ(Run({"lcs", "key1", "key2"}), Bulk("mytext"));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "len"}), Int(6));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "LEN", "len"}), Int(6));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "withmatchlen"}), Bulk("mytext"));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "len", "withmatchlen"}), Int(6));

  // IDX replies a map (a flat array for RESP2 clients, as the reply builder degrades it).
  auto map = [](std::vector<RespValue> elems) {
    RespValue v = Arr(std::move(elems));
    v.kind = RespValue::kMap;
    return v;
  };
  auto range = [](int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
    return std::vector<RespValue>{Arr({Int(a0), Int(a1)}), Arr({Int(b0), Int(b1)})};
  };
  auto match = [&](int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
    return Arr(range(a0, a1, b0, b1));
  };
  auto match_len = [&](int64_t a0, int64_t a1, int64_t b0, int64_t b1, int64_t len) {
    auto r = range(a0, a1, b0, b1);
    r.push_back(Int(len));
    return Arr(r);
  };
  EXPECT_EQ(
      Run({"lcs", "key1", "key2", "idx"}),
      map({Bulk("matches"), Arr({match(4, 7, 5, 8), match(2, 3, 0, 1)}), Bulk("len"), Int(6)}));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "idx", "minmatchlen", "4"}),
            map({Bulk("matches"), Arr({match(4, 7, 5, 8)}), Bulk("len"), Int(6)}));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "idx", "minmatchlen", "4", "withmatchlen"}),
            map({Bulk("matches"), Arr({match_len(4, 7, 5, 8, 4)}), Bulk("len"), Int(6)}));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "idx", "withmatchlen"}),
            map({Bulk("matches"), Arr({match_len(4, 7, 5, 8, 4), match_len(2, 3, 0, 1, 2)}),
                 Bulk("len"), Int(6)}));
  EXPECT_EQ(
      Run({"lcs", "key1", "key2", "minmatchlen", "-5", "idx"}),
      map({Bulk("matches"), Arr({match(4, 7, 5, 8), match(2, 3, 0, 1)}), Bulk("len"), Int(6)}));
  RespValue resp3 = Run3({"lcs", "key1", "key2", "idx"});
  EXPECT_EQ(resp3.kind, RespValue::kMap);
  ASSERT_EQ(resp3.elems.size(), 4u);
  EXPECT_EQ(resp3.elems[3], Int(6));

  Run({"set", "a", "12345"});
  Run({"set", "b", "2345"});
  EXPECT_EQ(Run({"lcs", "a", "b", "idx", "withmatchlen"}),
            map({Bulk("matches"), Arr({match_len(1, 4, 0, 3, 4)}), Bulk("len"), Int(4)}));
  EXPECT_EQ(Run({"lcs", "key1", "nokey"}), Bulk(""));
  EXPECT_EQ(Run({"lcs", "key1", "nokey", "idx"}),
            map({Bulk("matches"), Arr({}), Bulk("len"), Int(0)}));
  EXPECT_EQ(Run({"lcs", "nokey", "nokey2", "len"}), Int(0));
  EXPECT_EQ(Run({"lcs", "key1", "key1"}), Bulk("ohmytext"));

  EXPECT_EQ(Run({"lcs", "key1", "key2", "len", "idx"}),
            Err("ERR If you want both the length and indexes, please just use IDX."));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "minmatchlen"}), kSyntax);
  EXPECT_EQ(Run({"lcs", "key1", "key2", "minmatchlen", "x"}), kNotInt);
  EXPECT_EQ(Run({"lcs", "key1", "key2", "bogus"}), kSyntax);
  EXPECT_EQ(Run({"lcs", "key1"}), Err("ERR wrong number of arguments for 'lcs' command"));
  MakeNonString("l");
  EXPECT_EQ(Run({"lcs", "key1", "l"}), Err("ERR The specified keys must contain string values"));
  EXPECT_EQ(Run({"lcs", "l", "key1", "bogus"}),
            Err("ERR The specified keys must contain string values"));
}

TEST_F(StringTest, LcsMatchesBruteForceLength) {
  // The LCS string is a common subsequence of both inputs and its length is the DP optimum.
  auto is_subseq = [](const std::string& sub, const std::string& s) {
    size_t i = 0;
    for (char c : s)
      if (i < sub.size() && sub[i] == c) i++;
    return i == sub.size();
  };
  std::mt19937 rng(42);
  for (int round = 0; round < 200; round++) {
    std::string a, b;
    size_t alen = rng() % 12, blen = rng() % 12;
    for (size_t i = 0; i < alen; i++) a.push_back(static_cast<char>('a' + rng() % 3));
    for (size_t i = 0; i < blen; i++) b.push_back(static_cast<char>('a' + rng() % 3));
    Run({"set", "a", a});
    Run({"set", "b", b});
    std::string lcs = Run({"lcs", "a", "b"}).str;
    EXPECT_TRUE(is_subseq(lcs, a) && is_subseq(lcs, b)) << a << " " << b << " " << lcs;
    EXPECT_EQ(Run({"lcs", "a", "b", "len"}), Int(static_cast<int64_t>(lcs.size())));
    // The IDX ranges cover exactly the LCS characters.
    RespValue idx = Run({"lcs", "a", "b", "idx"});
    int64_t covered = 0;
    for (const RespValue& m : idx.elems[1].elems) {
      int64_t a0 = m.elems[0].elems[0].i, a1 = m.elems[0].elems[1].i;
      int64_t b0 = m.elems[1].elems[0].i, b1 = m.elems[1].elems[1].i;
      EXPECT_EQ(a1 - a0, b1 - b0);
      EXPECT_EQ(a.substr(a0, a1 - a0 + 1), b.substr(b0, b1 - b0 + 1));
      covered += a1 - a0 + 1;
    }
    EXPECT_EQ(covered, static_cast<int64_t>(lcs.size()));
  }
}

}  // namespace
}  // namespace ringkv::testing
