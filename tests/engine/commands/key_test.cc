// Keyspace family tests: DEL/EXISTS/TYPE/TOUCH, RENAME/COPY/MOVE, KEYS/SCAN/RANDOMKEY, OBJECT,
// the expiry commands and the database commands — replies and error texts as redis-server 7.0.15
// gives them, and the effects each write propagates.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/util/clock.h"
#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

using Effect = std::vector<std::string>;

class KeyTest : public CommandTest {
 protected:
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
  // The keys of a reply array, sorted.
  static std::set<std::string> KeySet(const RespValue& arr) {
    std::set<std::string> out;
    for (const RespValue& v : arr.elems) out.insert(v.str);
    return out;
  }
  // Sets `key` with a TTL that is already past, without touching it (so it is still stored).
  void SetExpired(const std::string& key) { ASSERT_EQ(Run({"set", key, "v", "pxat", "1"}), Ok()); }
};

const RespValue kSyntax = Err("ERR syntax error");
const RespValue kNotInt = Err("ERR value is not an integer or out of range");
const RespValue kSame = Err("ERR source and destination objects are the same");
const RespValue kDbRange = Err("ERR DB index is out of range");

// ---- DEL UNLINK EXISTS TYPE TOUCH DBSIZE ------------------------------------------------------

TEST_F(KeyTest, DelUnlinkExists) {
  Run({"mset", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(Run({"exists", "a", "a", "nokey"}), Int(2));
  EXPECT_EQ(Run({"dbsize"}), Int(3));
  TakeEffects();
  EXPECT_EQ(Run({"del", "a", "a", "nokey"}), Int(1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"del", "a", "a", "nokey"}}));
  EXPECT_EQ(Run({"del", "a"}), Int(0));
  EXPECT_TRUE(TakeEffects().empty());
  EXPECT_EQ(Run({"unlink", "b", "c"}), Int(2));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"unlink", "b", "c"}}));
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  EXPECT_EQ(Run({"del"}), Err("ERR wrong number of arguments for 'del' command"));
  // An expired key is not there: its deletion is the expiry's DEL, not the command's.
  SetExpired("x");
  TakeEffects();
  EXPECT_EQ(Run({"del", "x"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "x"}}));
  SetExpired("x");
  EXPECT_EQ(Run({"exists", "x"}), Int(0));
}

TEST_F(KeyTest, TypeTouch) {
  Run({"set", "s", "v"});
  MakeNonString("l");
  EXPECT_EQ(Run({"type", "s"}), Simple("string"));
  EXPECT_EQ(Run({"type", "l"}), Simple("list"));
  EXPECT_EQ(Run({"type", "nokey"}), Simple("none"));
  EXPECT_EQ(Run({"touch", "s", "l", "nokey"}), Int(2));
  TakeEffects();
  Run({"touch", "s"});
  EXPECT_TRUE(TakeEffects().empty());  // read-only: nothing to propagate
}

TEST_F(KeyTest, KeyspaceStats) {
  Run({"set", "a", "1"});
  uint64_t hits = engine_->stats().keyspace_hits, misses = engine_->stats().keyspace_misses;
  Run({"exists", "a", "b"});
  Run({"ttl", "a"});
  Run({"type", "b"});
  EXPECT_EQ(engine_->stats().keyspace_hits, hits + 2);
  EXPECT_EQ(engine_->stats().keyspace_misses, misses + 2);
}

// ---- RENAME RENAMENX --------------------------------------------------------------------------

TEST_F(KeyTest, Rename) {
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"rename", "k", "k"}), Ok());
  EXPECT_EQ(Run({"renamenx", "k", "k"}), Int(0));
  EXPECT_EQ(Run({"rename", "nokey", "nokey"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"rename", "nokey", "x"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"renamenx", "nokey", "x"}), Err("ERR no such key"));
  TakeEffects();
  Run({"rename", "k", "k"});
  EXPECT_TRUE(TakeEffects().empty());

  Run({"expire", "k", "100"});
  EXPECT_EQ(Run({"rename", "k", "k2"}), Ok());
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(Run({"get", "k2"}), Bulk("v"));
  EXPECT_GT(Run({"ttl", "k2"}).i, 90);  // the TTL moves with the value

  Run({"set", "k3", "x"});
  EXPECT_EQ(Run({"renamenx", "k2", "k3"}), Int(0));
  EXPECT_EQ(Run({"get", "k3"}), Bulk("x"));
  TakeEffects();
  EXPECT_EQ(Run({"rename", "k2", "k3"}), Ok());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"rename", "k2", "k3"}}));
  EXPECT_EQ(Run({"get", "k3"}), Bulk("v"));
  EXPECT_GT(Run({"ttl", "k3"}).i, 90);
  EXPECT_EQ(Run({"renamenx", "k3", "k4"}), Int(1));
  EXPECT_EQ(Run({"dbsize"}), Int(1));

  // A destination with a TTL loses it to the source's (here: none).
  Run({"set", "a", "1"});
  Run({"set", "b", "2", "ex", "100"});
  EXPECT_EQ(Run({"rename", "a", "b"}), Ok());
  EXPECT_EQ(Run({"ttl", "b"}), Int(-1));
  // Values of any type move.
  MakeNonString("l");
  EXPECT_EQ(Run({"rename", "l", "l2"}), Ok());
  EXPECT_EQ(Run({"type", "l2"}), Simple("list"));
  // An expired source is missing.
  SetExpired("e");
  EXPECT_EQ(Run({"rename", "e", "f"}), Err("ERR no such key"));
}

// ---- COPY -------------------------------------------------------------------------------------

TEST_F(KeyTest, Copy) {
  Run({"set", "k", "v", "ex", "100"});
  EXPECT_EQ(Run({"copy", "k", "k"}), kSame);
  EXPECT_EQ(Run({"copy", "k", "k", "db", "0"}), kSame);
  TakeEffects();
  EXPECT_EQ(Run({"copy", "k", "k2"}), Int(1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"copy", "k", "k2"}}));
  EXPECT_EQ(Run({"get", "k2"}), Bulk("v"));
  EXPECT_GT(Run({"ttl", "k2"}).i, 90);
  EXPECT_EQ(Run({"copy", "k", "k2"}), Int(0));
  Run({"set", "k", "w"});
  EXPECT_EQ(Run({"copy", "k", "k2", "replace"}), Int(1));
  EXPECT_EQ(Run({"get", "k2"}), Bulk("w"));
  EXPECT_EQ(Run({"ttl", "k2"}), Int(-1));
  // The copy is independent of its source.
  Run({"append", "k2", "x"});
  EXPECT_EQ(Run({"get", "k"}), Bulk("w"));

  EXPECT_EQ(Run({"copy", "k", "k", "db", "1"}), Int(1));
  EXPECT_EQ(Run({"copy", "k", "k", "DB", "1"}), Int(0));
  EXPECT_EQ(Run({"copy", "k", "k", "db", "1", "replace"}), Int(1));
  EXPECT_EQ(Run({"select", "1"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk("w"));
  EXPECT_EQ(Run({"select", "0"}), Ok());

  EXPECT_EQ(Run({"copy", "k", "k", "db", "16"}), kDbRange);
  EXPECT_EQ(Run({"copy", "k", "k", "db", "-1"}), kDbRange);
  EXPECT_EQ(Run({"copy", "k", "k", "db", "x"}), kNotInt);
  EXPECT_EQ(Run({"copy", "k", "k", "db", "99999999999"}),
            Err("ERR value is out of range, value must between -2147483648 and 2147483647"));
  EXPECT_EQ(Run({"copy", "k", "k", "db"}), kSyntax);
  EXPECT_EQ(Run({"copy", "k", "k", "foo"}), kSyntax);
  EXPECT_EQ(Run({"copy", "nokey", "k9"}), Int(0));
  EXPECT_EQ(Run({"copy", "k"}), Err("ERR wrong number of arguments for 'copy' command"));
}

TEST_F(KeyTest, CopyKeepsEncoding) {
  Run({"set", "i", "123"});
  Run({"set", "e", "hello"});
  Run({"set", "r", std::string(50, 'r')});
  Run({"append", "a", "12"});
  Run({"append", "a", "3"});       // raw, though short and integer-looking
  Run({"incrbyfloat", "f", "3"});  // embstr, though integer-looking
  for (const char* k : {"i", "e", "r", "a", "f"}) {
    std::string copy = std::string(k) + "_copy";
    ASSERT_EQ(Run({"copy", k, copy}), Int(1));
    EXPECT_EQ(Run({"object", "encoding", copy}), Run({"object", "encoding", k})) << k;
    EXPECT_EQ(Run({"get", copy}), Run({"get", k})) << k;
  }
  EXPECT_EQ(Run({"object", "encoding", "a_copy"}), Bulk("raw"));
  EXPECT_EQ(Run({"object", "encoding", "f_copy"}), Bulk("embstr"));
}

// ---- MOVE -------------------------------------------------------------------------------------

TEST_F(KeyTest, Move) {
  Run({"set", "k", "v", "ex", "100"});
  EXPECT_EQ(Run({"move", "k", "0"}), kSame);
  EXPECT_EQ(Run({"move", "k", "16"}), kDbRange);
  EXPECT_EQ(Run({"move", "k", "-1"}), kDbRange);
  EXPECT_EQ(Run({"move", "k", "x"}), kNotInt);
  EXPECT_EQ(Run({"move", "k", "99999999999"}),
            Err("ERR value is out of range, value must between -2147483648 and 2147483647"));
  EXPECT_EQ(Run({"move", "nokey", "2"}), Int(0));
  TakeEffects();
  EXPECT_EQ(Run({"move", "k", "2"}), Int(1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"move", "k", "2"}}));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  Run({"set", "k", "mine"});
  EXPECT_EQ(Run({"move", "k", "2"}), Int(0));  // taken in the target
  Run({"select", "2"});
  EXPECT_EQ(Run({"get", "k"}), Bulk("v"));
  EXPECT_GT(Run({"ttl", "k"}).i, 90);
}

// ---- KEYS SCAN RANDOMKEY ----------------------------------------------------------------------

TEST_F(KeyTest, Keys) {
  Run({"mset", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeeello", "5"});
  EXPECT_EQ(KeySet(Run({"keys", "*"})),
            (std::set<std::string>{"hello", "hallo", "hxllo", "hllo", "heeeello"}));
  EXPECT_EQ(KeySet(Run({"keys", "h?llo"})), (std::set<std::string>{"hello", "hallo", "hxllo"}));
  EXPECT_EQ(KeySet(Run({"keys", "h*llo"})),
            (std::set<std::string>{"hello", "hallo", "hxllo", "hllo", "heeeello"}));
  EXPECT_EQ(KeySet(Run({"keys", "h[ae]llo"})), (std::set<std::string>{"hello", "hallo"}));
  EXPECT_EQ(KeySet(Run({"keys", "h[^e]llo"})), (std::set<std::string>{"hallo", "hxllo"}));
  EXPECT_EQ(KeySet(Run({"keys", "h[a-b]llo"})), (std::set<std::string>{"hallo"}));
  EXPECT_EQ(Run({"keys", "["}), Arr({}));
  EXPECT_EQ(Run({"keys", "nomatch"}), Arr({}));
  // Expired keys are skipped (and left for expiry to delete).
  SetExpired("hexpired");
  TakeEffects();
  EXPECT_EQ(KeySet(Run({"keys", "hex*"})), std::set<std::string>{});
  EXPECT_TRUE(TakeEffects().empty());
}

TEST_F(KeyTest, ScanOptions) {
  Run({"mset", "a", "1", "b", "2", "c", "3"});
  MakeNonString("l");
  RespValue r = Run({"scan", "0"});
  ASSERT_EQ(r.elems.size(), 2u);
  EXPECT_EQ(r.elems[0], Bulk("0"));
  EXPECT_EQ(KeySet(r.elems[1]), (std::set<std::string>{"a", "b", "c", "l"}));
  EXPECT_EQ(KeySet(Run({"scan", "0", "match", "a"}).elems[1]), std::set<std::string>{"a"});
  EXPECT_EQ(KeySet(Run({"scan", "0", "MATCH", "*"}).elems[1]).size(), 4u);
  EXPECT_EQ(KeySet(Run({"scan", "0", "type", "STRING"}).elems[1]),
            (std::set<std::string>{"a", "b", "c"}));
  EXPECT_EQ(KeySet(Run({"scan", "0", "type", "list"}).elems[1]), std::set<std::string>{"l"});
  EXPECT_EQ(KeySet(Run({"scan", "0", "type", "string", "match", "[bc]", "count", "100"}).elems[1]),
            (std::set<std::string>{"b", "c"}));
  EXPECT_EQ(Run({"scan", "0", "type", "hash"}), Arr({Bulk("0"), Arr({})}));

  EXPECT_EQ(Run({"scan", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"scan", "0", "count", "-1"}), kSyntax);
  EXPECT_EQ(Run({"scan", "0", "count", "x"}), kNotInt);
  EXPECT_EQ(Run({"scan", "0", "match"}), kSyntax);
  EXPECT_EQ(Run({"scan", "0", "foo"}), kSyntax);
  EXPECT_EQ(Run({"scan", "0", "foo", "bar"}), kSyntax);
  EXPECT_EQ(Run({"scan"}), Err("ERR wrong number of arguments for 'scan' command"));

  // Cursors are strtoul's: "+0", "007", "" and "-1" parse; spaces, junk and overflow do not.
  const RespValue invalid = Err("ERR invalid cursor");
  for (const char* bad : {"x", " 0", "0x1", "-", "+", "18446744073709551616", "1 "}) {
    EXPECT_EQ(Run({"scan", bad}), invalid) << bad;
  }
  EXPECT_EQ(Run({"scan", "+0"}).elems[1].elems.size(), 4u);
  EXPECT_EQ(Run({"scan", ""}).elems[1].elems.size(), 4u);
  EXPECT_EQ(Run({"scan", "007"}).elems[0].kind, RespValue::kBulk);
  EXPECT_EQ(Run({"scan", "18446744073709551615"}).elems[0], Bulk("0"));
  EXPECT_EQ(Run({"scan", "-1"}).elems[0], Bulk("0"));
  EXPECT_EQ(Run({"scan", std::string("0\0junk", 6)}).elems[1].elems.size(), 4u);
}

TEST_F(KeyTest, ScanSkipsAndDeletesExpiredKeys) {
  Run({"set", "live", "1"});
  SetExpired("dead");
  TakeEffects();
  EXPECT_EQ(KeySet(Run({"scan", "0", "count", "100"}).elems[1]), std::set<std::string>{"live"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "dead"}}));
  EXPECT_EQ(Run({"dbsize"}), Int(1));
  // Redis 7.0's TYPE filter looks the key up first (expiring it, so its type reads "none") and
  // then keeps it: SCAN ... TYPE none returns the expired key. Kept for compatibility.
  SetExpired("dead");
  EXPECT_EQ(Run({"scan", "0", "type", "none"}), Arr({Bulk("0"), Bulks({"dead"})}));
  EXPECT_EQ(Run({"dbsize"}), Int(1));
}

TEST_F(KeyTest, ScanIteratesEveryKeyWhileTheTableGrows) {
  // Every key present for the whole iteration is returned at least once, although keys are added
  // between calls (the table doubles several times on the way).
  std::set<std::string> original;
  for (int i = 0; i < 200; i++) {
    std::string k = "orig:" + std::to_string(i);
    Run({"set", k, "v"});
    original.insert(k);
  }
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int added = 0, calls = 0;
  do {
    RespValue r = Run({"scan", std::to_string(cursor), "count", "7"});
    ASSERT_EQ(r.elems.size(), 2u);
    cursor = std::stoull(r.elems[0].str);
    for (const RespValue& k : r.elems[1].elems) seen.insert(k.str);
    for (int j = 0; j < 40; j++) Run({"set", "new:" + std::to_string(added++), "v"});
    ASSERT_LT(++calls, 100000);
  } while (cursor != 0);
  for (const std::string& k : original) EXPECT_TRUE(seen.count(k)) << k;
  EXPECT_GT(Run({"dbsize"}).i, 1000);
}

TEST_F(KeyTest, ScanIteratesEveryKeyWhileTheTableShrinks) {
  for (int i = 0; i < 1000; i++) Run({"set", "k:" + std::to_string(i), "v"});
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int next_del = 0;
  do {
    RespValue r = Run({"scan", std::to_string(cursor)});
    cursor = std::stoull(r.elems[0].str);
    for (const RespValue& k : r.elems[1].elems) seen.insert(k.str);
    // Delete keys 100.. as we go; keys 0..99 stay throughout.
    for (int j = 0; j < 30 && next_del < 900; j++) {
      Run({"del", "k:" + std::to_string(100 + next_del++)});
    }
  } while (cursor != 0);
  for (int i = 0; i < 100; i++) EXPECT_TRUE(seen.count("k:" + std::to_string(i))) << i;
}

TEST_F(KeyTest, RandomKey) {
  EXPECT_EQ(Run({"randomkey"}), Nil());
  Run({"mset", "a", "1", "b", "2"});
  std::set<std::string> got;
  for (int i = 0; i < 200; i++) got.insert(Run({"randomkey"}).str);
  EXPECT_EQ(got, (std::set<std::string>{"a", "b"}));
  Run({"flushdb"});
  SetExpired("x");
  Run({"set", "live", "1"});
  for (int i = 0; i < 20; i++) EXPECT_EQ(Run({"randomkey"}), Bulk("live"));
}

// ---- OBJECT -----------------------------------------------------------------------------------

TEST_F(KeyTest, Object) {
  Run({"set", "i", "3"});
  Run({"set", "big", "10000"});
  Run({"set", "neg", "-1"});
  Run({"set", "s", "hello"});
  EXPECT_EQ(Run({"object", "encoding", "i"}), Bulk("int"));
  EXPECT_EQ(Run({"object", "encoding", "s"}), Bulk("embstr"));
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "nokey"}), Nil());
  // Small non-negative integers are shared objects in Redis.
  EXPECT_EQ(Run({"object", "refcount", "i"}), Int(2147483647));
  EXPECT_EQ(Run({"object", "refcount", "big"}), Int(1));
  EXPECT_EQ(Run({"object", "refcount", "neg"}), Int(1));
  EXPECT_EQ(Run({"object", "refcount", "s"}), Int(1));
  EXPECT_EQ(Run({"object", "refcount", "nokey"}), Nil());
  EXPECT_LE(Run({"object", "idletime", "s"}).i, 1);
  EXPECT_EQ(Run({"object", "idletime", "nokey"}), Nil());
  EXPECT_EQ(Run({"object", "freq", "s"}),
            Err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                "Please note that when switching between policies at runtime LRU and LFU data "
                "will take some time to adjust."));
  // An LRU policy with a limit stops integer sharing.
  config_.maxmemory = 1 << 30;
  config_.maxmemory_policy = "allkeys-lru";
  EXPECT_EQ(Run({"object", "refcount", "i"}), Int(1));
  config_.maxmemory_policy = "allkeys-lfu";
  EXPECT_EQ(Run({"object", "freq", "s"}), Int(5));
  EXPECT_EQ(Run({"object", "idletime", "s"}),
            Err("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
                "that when switching between policies at runtime LRU and LFU data will take some "
                "time to adjust."));
  config_.maxmemory_policy = "noeviction";
  EXPECT_EQ(Run({"object", "refcount", "i"}), Int(2147483647));

  EXPECT_EQ(Run({"object", "foo"}), Err("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
  EXPECT_EQ(Run({"object"}), Err("ERR wrong number of arguments for 'object' command"));
  EXPECT_EQ(Run({"object", "encoding"}),
            Err("ERR wrong number of arguments for 'object|encoding' command"));
  EXPECT_EQ(Run({"object", "encoding", "a", "b"}),
            Err("ERR wrong number of arguments for 'object|encoding' command"));
  EXPECT_EQ(Run({"object", "help", "x"}),
            Err("ERR wrong number of arguments for 'object|help' command"));
  RespValue help = Run({"object", "help"});
  ASSERT_EQ(help.elems.size(), 15u);
  EXPECT_EQ(help.elems[0],
            Simple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  EXPECT_EQ(help.elems[1], Simple("ENCODING <key>"));
  EXPECT_EQ(help.elems[13], Simple("HELP"));
  EXPECT_EQ(help.elems[14], Simple("    Prints this help."));
  EXPECT_EQ(Run({"object", "HELP"}), help);
}

TEST_F(KeyTest, ObjectIdletimeFollowsTheLruClock) {
  Run({"set", "k", "v"});
  KeyEntry* e = engine_->db(0).Find("k");
  ASSERT_NE(e, nullptr);
  uint32_t now = engine_->LruClock();
  e->lru = (now - 100) & ((1u << 24) - 1);
  EXPECT_EQ(Run({"object", "idletime", "k"}), Int(100));
  // OBJECT, TTL, TYPE and EXISTS leave the clock alone; GET resets it.
  Run({"ttl", "k"});
  Run({"type", "k"});
  Run({"exists", "k"});
  EXPECT_GE(Run({"object", "idletime", "k"}).i, 100);
  Run({"get", "k"});
  EXPECT_LE(Run({"object", "idletime", "k"}).i, 1);
}

// ---- EXPIRE PEXPIRE EXPIREAT PEXPIREAT --------------------------------------------------------

TEST_F(KeyTest, ExpireSetsTtlAndPropagatesAbsoluteTime) {
  Run({"set", "k", "v"});
  TakeEffects();
  int64_t before = WallClockMs();
  EXPECT_EQ(Run({"expire", "k", "100"}), Int(1));
  auto effects = TakeEffects();
  ASSERT_EQ(effects.size(), 1u);
  ASSERT_EQ(effects[0].size(), 3u);
  EXPECT_EQ(effects[0][0], "PEXPIREAT");
  EXPECT_EQ(effects[0][1], "k");
  int64_t at = std::stoll(effects[0][2]);
  EXPECT_GE(at, before + 100000);
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(at));

  EXPECT_EQ(Run({"pexpire", "k", "200000", "xx"}), Int(1));
  effects = TakeEffects();
  ASSERT_EQ(effects.size(), 1u);
  ASSERT_EQ(effects[0].size(), 4u);
  EXPECT_EQ(effects[0][0], "PEXPIREAT");
  EXPECT_EQ(effects[0][3], "xx");
  EXPECT_GT(Run({"pttl", "k"}).i, 190000);

  EXPECT_EQ(Run({"expireat", "k", "9999999999"}), Int(1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"PEXPIREAT", "k", "9999999999000"}}));
  EXPECT_EQ(Run({"pexpireat", "k", "9999999999999"}), Int(1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"pexpireat", "k", "9999999999999"}}));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(10000000000));
  EXPECT_EQ(Run({"expire", "nokey", "100"}), Int(0));
  EXPECT_TRUE(TakeEffects().empty());
}

TEST_F(KeyTest, ExpireFlags) {
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"expire", "k", "100", "xx"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "100", "gt"}), Int(0));  // no TTL is an infinite one
  EXPECT_EQ(Run({"expire", "k", "100", "nx"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "200", "nx"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "200", "xx"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "100", "gt"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "300", "GT"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "400", "lt"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "50", "lt"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "60", "xx", "gt"}), Int(1));
  EXPECT_GT(Run({"ttl", "k"}).i, 50);
  Run({"set", "p", "v"});
  EXPECT_EQ(Run({"expire", "p", "100", "lt"}), Int(1));  // any TTL is less than none

  const RespValue nx_err =
      Err("ERR NX and XX, GT or LT options at the same time are not compatible");
  EXPECT_EQ(Run({"expire", "k", "100", "NX", "XX"}), nx_err);
  EXPECT_EQ(Run({"expire", "k", "100", "nx", "gt"}), nx_err);
  EXPECT_EQ(Run({"expire", "k", "100", "lt", "nx"}), nx_err);
  EXPECT_EQ(Run({"expire", "k", "100", "gt", "lt"}),
            Err("ERR GT and LT options at the same time are not compatible"));
  EXPECT_EQ(Run({"expire", "k", "100", "foo"}), Err("ERR Unsupported option foo"));
  EXPECT_EQ(Run({"expire", "k", "100", "nx", "xx", "foo"}), Err("ERR Unsupported option foo"));
  EXPECT_EQ(Run({"expire", "k", "100", std::string("foo\0bar", 7)}),
            Err("ERR Unsupported option foo"));
  EXPECT_EQ(Run({"expire", "nokey", "100", "foo"}), Err("ERR Unsupported option foo"));
  EXPECT_EQ(Run({"expire", "k", "abc", "nx", "xx"}), nx_err);  // flags are checked first
}

TEST_F(KeyTest, ExpireErrorsAndOverflow) {
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"expire", "k", "abc"}), kNotInt);
  EXPECT_EQ(Run({"expire", "k", "1.5"}), kNotInt);
  EXPECT_EQ(Run({"expire", "nokey", "abc"}), kNotInt);
  EXPECT_EQ(Run({"expire", "k", "9223372036854775807"}),
            Err("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(Run({"expire", "k", "-9223372036854775808"}),
            Err("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(Run({"expire", "k", "9223372036854775"}),  // fits in ms, overflows with now
            Err("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(Run({"pexpire", "k", "9223372036854775807"}),
            Err("ERR invalid expire time in 'pexpire' command"));
  EXPECT_EQ(Run({"expireat", "k", "9223372036854775807"}),
            Err("ERR invalid expire time in 'expireat' command"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"pexpireat", "k", "9223372036854775807"}), Int(1));
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(9223372036854775807));
  EXPECT_EQ(Run({"expire", "k"}), Err("ERR wrong number of arguments for 'expire' command"));
}

TEST_F(KeyTest, ExpireInThePastDeletes) {
  Run({"set", "k", "v"});
  TakeEffects();
  uint64_t dirty = engine_->stats().dirty;
  EXPECT_EQ(Run({"expire", "k", "-1"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "k"}}));
  EXPECT_EQ(engine_->stats().dirty, dirty + 1);
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"expire", "k", "0"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"pexpireat", "k", "1"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"pexpireat", "k", "-9223372036854775808"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"expireat", "k", "1", "lt"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  // A flag that refuses the change keeps the key.
  Run({"set", "k", "v", "ex", "100"});
  EXPECT_EQ(Run({"expire", "k", "-1", "gt"}), Int(0));
  EXPECT_EQ(Run({"exists", "k"}), Int(1));
}

TEST_F(KeyTest, KeyExpiresAfterTinyTtl) {
  Run({"set", "k", "v", "px", "1"});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // unavoidable: a real TTL elapses
  TakeEffects();
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "k"}}));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-2));
}

// ---- TTL PTTL EXPIRETIME PEXPIRETIME PERSIST --------------------------------------------------

TEST_F(KeyTest, TtlFamily) {
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"pttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(-1));
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(-1));
  EXPECT_EQ(Run({"ttl", "nokey"}), Int(-2));
  EXPECT_EQ(Run({"pttl", "nokey"}), Int(-2));
  EXPECT_EQ(Run({"expiretime", "nokey"}), Int(-2));
  EXPECT_EQ(Run({"pexpiretime", "nokey"}), Int(-2));
  // Seconds are rounded to the nearest.
  Run({"pexpireat", "k", "9999999999499"});
  EXPECT_EQ(Run({"expiretime", "k"}), Int(9999999999));
  Run({"pexpireat", "k", "9999999999500"});
  EXPECT_EQ(Run({"expiretime", "k"}), Int(10000000000));
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(9999999999500));
  Run({"pexpire", "k", "100000"});
  int64_t pttl = Run({"pttl", "k"}).i;
  EXPECT_GT(pttl, 90000);
  EXPECT_LE(pttl, 100000);
  int64_t ttl = Run({"ttl", "k"}).i;
  EXPECT_GT(ttl, 90);
  EXPECT_LE(ttl, 100);
}

TEST_F(KeyTest, Persist) {
  Run({"set", "k", "v", "ex", "100"});
  TakeEffects();
  EXPECT_EQ(Run({"persist", "k"}), Int(1));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"persist", "k"}}));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"persist", "k"}), Int(0));
  EXPECT_EQ(Run({"persist", "nokey"}), Int(0));
  EXPECT_TRUE(TakeEffects().empty());
}

// ---- SWAPDB FLUSHDB FLUSHALL DBSIZE -----------------------------------------------------------

TEST_F(KeyTest, SwapDb) {
  Run({"set", "a", "0"});
  Run({"set", "t", "0", "ex", "100"});
  Run({"select", "1"});
  Run({"set", "b", "1"});
  TakeEffects();
  EXPECT_EQ(Run({"swapdb", "0", "1"}), Ok());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"swapdb", "0", "1"}}));
  // The client stays on index 1 and sees what was in 0.
  EXPECT_EQ(Run({"get", "a"}), Bulk("0"));
  EXPECT_GT(Run({"ttl", "t"}).i, 90);
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
  EXPECT_EQ(Run({"dbsize"}), Int(2));
  Run({"select", "0"});
  EXPECT_EQ(Run({"get", "b"}), Bulk("1"));
  EXPECT_EQ(Run({"swapdb", "0", "0"}), Ok());
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"swapdb", "0", "0"}}));

  EXPECT_EQ(Run({"swapdb", "0", "16"}), kDbRange);
  EXPECT_EQ(Run({"swapdb", "-1", "0"}), kDbRange);
  EXPECT_EQ(Run({"swapdb", "x", "1"}), Err("ERR invalid first DB index"));
  EXPECT_EQ(Run({"swapdb", "1", "x"}), Err("ERR invalid second DB index"));
  EXPECT_EQ(Run({"swapdb", "99999999999", "1"}), Err("ERR invalid first DB index"));
  EXPECT_EQ(Run({"swapdb", "0"}), Err("ERR wrong number of arguments for 'swapdb' command"));
}

TEST_F(KeyTest, FlushDbFlushAll) {
  Run({"mset", "a", "1", "b", "2"});
  Run({"select", "3"});
  Run({"set", "c", "3"});
  TakeEffects();
  uint64_t dirty = engine_->stats().dirty;
  EXPECT_EQ(Run({"flushdb"}), Ok());
  EXPECT_EQ(engine_->stats().dirty, dirty + 1);
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  EXPECT_EQ(Run({"flushdb", "async"}), Ok());  // propagated even when already empty
  EXPECT_EQ(effects_.dbs, (std::vector<int>{3, 3}));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"flushdb"}, {"flushdb", "async"}}));
  Run({"select", "0"});
  EXPECT_EQ(Run({"dbsize"}), Int(2));
  EXPECT_EQ(Run({"flushdb", "x"}), kSyntax);
  EXPECT_EQ(Run({"flushdb", "sync", "async"}), kSyntax);

  Run({"select", "5"});
  Run({"set", "d", "4"});
  dirty = engine_->stats().dirty;
  TakeEffects();
  EXPECT_EQ(Run({"flushall"}), Ok());
  EXPECT_EQ(engine_->stats().dirty, dirty + 4);  // three keys, plus one
  for (int db : {0, 3, 5}) EXPECT_EQ(engine_->db(db).size(), 0u);
  EXPECT_EQ(Run({"flushall", "SYNC"}), Ok());
  EXPECT_EQ(Run({"flushall", "async"}), Ok());
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"flushall"}, {"flushall", "SYNC"}, {"flushall", "async"}}));
  EXPECT_EQ(Run({"flushall", "a", "b"}), kSyntax);
  EXPECT_EQ(Run({"flushall", "lazy"}), kSyntax);
  EXPECT_EQ(Run({"dbsize", "x"}), Err("ERR wrong number of arguments for 'dbsize' command"));
}

TEST_F(KeyTest, CommandTableRows) {
  const CommandRegistry& reg = engine_->commands();
  const CommandSpec* rename = reg.Find("rename");
  ASSERT_NE(rename, nullptr);
  EXPECT_EQ(rename->arity, 3);
  EXPECT_EQ(rename->first_key, 1);
  EXPECT_EQ(rename->last_key, 2);
  const CommandSpec* object = reg.Find("object");
  ASSERT_NE(object, nullptr);
  const CommandSpec* enc = reg.FindSub(*object, "encoding");
  ASSERT_NE(enc, nullptr);
  EXPECT_EQ(enc->fullname, "object|encoding");
  EXPECT_EQ(enc->first_key, 2);
  std::vector<std::string_view> argv = {"object", "encoding", "k"};
  EXPECT_EQ(CommandRegistry::KeyPositions(*enc, argv), std::vector<int>{2});
  for (const char* name :
       {"del",         "unlink",   "exists",    "type",      "renamenx", "copy",
        "move",        "keys",     "scan",      "randomkey", "touch",    "expire",
        "pexpire",     "expireat", "pexpireat", "ttl",       "pttl",     "expiretime",
        "pexpiretime", "persist",  "swapdb",    "flushdb",   "flushall", "dbsize"}) {
    EXPECT_NE(reg.Find(name), nullptr) << name;
  }
}

}  // namespace
}  // namespace ringkv::testing

namespace ringkv::testing {
namespace {

class FlushTest : public CommandTest {};

TEST_F(FlushTest, AsyncFlushDetachesAtOnceAndFreesFromCron) {
  for (int i = 0; i < 5000; i++) Run({"set", "k" + std::to_string(i), "v"});
  EXPECT_EQ(Run({"flushall", "async"}), Ok());
  EXPECT_EQ(Run({"dbsize"}), Int(0));  // gone for clients at once
  EXPECT_EQ(Run({"get", "k1"}), Nil());
  EXPECT_GT(engine_->lazy_free_pending(), 0u);
  for (int i = 0; i < 100 && engine_->lazy_free_pending() > 0; i++) engine_->Cron();
  EXPECT_EQ(engine_->lazy_free_pending(), 0u);
  Run({"set", "k1", "again"});
  EXPECT_EQ(Run({"get", "k1"}), Bulk("again"));
}

}  // namespace
}  // namespace ringkv::testing
