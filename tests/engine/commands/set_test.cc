// Set family tests: replies, reply types (RESP3 sets where redis-server 7.0.15 sends them),
// error texts, encodings and conversion points, dirty counts and propagated effects, all as
// redis-server 7.0.15 gives them.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

using Effect = std::vector<std::string>;

const RespValue kWrongType = Err("WRONGTYPE Operation against a key holding the wrong kind of value");
const RespValue kSyntax = Err("ERR syntax error");
const RespValue kNotInt = Err("ERR value is not an integer or out of range");

// A RESP3 set of bulk strings (RecordingReply records sets as sets in both protocols).
RespValue SetOf(std::vector<std::string> elems) {
  RespValue v = Bulks(std::move(elems));
  v.kind = RespValue::kSet;
  return v;
}

std::vector<std::string> Strs(const RespValue& v) {
  std::vector<std::string> out;
  for (const RespValue& e : v.elems) out.push_back(e.str);
  return out;
}
std::vector<std::string> Sorted(const RespValue& v) {
  std::vector<std::string> out = Strs(v);
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<std::string> Range(int from, int to) {
  std::vector<std::string> out;
  for (int i = from; i <= to; i++) out.push_back(std::to_string(i));
  return out;
}

std::string Name(const char* prefix, int i) {
  std::string s = prefix;
  s += std::to_string(i);
  return s;
}

class SetTest : public CommandTest {
 protected:
  std::vector<Effect> TakeEffects() {
    std::vector<Effect> out;
    out.swap(effects_.effects);
    effects_.dbs.clear();
    return out;
  }
  uint64_t Dirty() { return engine_->stats().dirty; }
  RespValue Encoding(const std::string& key) { return Run({"object", "encoding", key}); }
  void SAdd(const std::string& key, const std::vector<std::string>& members) {
    std::vector<std::string> argv = {"sadd", key};
    argv.insert(argv.end(), members.begin(), members.end());
    Run(argv);
  }
};

// ---- SADD SREM SCARD SISMEMBER SMISMEMBER ------------------------------------------------------

TEST_F(SetTest, SAddSRemBasics) {
  EXPECT_EQ(Run({"sadd", "s", "1", "2", "2", "3"}), Int(3));
  EXPECT_EQ(Run({"type", "s"}), Simple("set"));
  EXPECT_EQ(Encoding("s"), Bulk("intset"));
  EXPECT_EQ(Run({"sadd", "s", "3"}), Int(0));
  EXPECT_EQ(Run({"scard", "s"}), Int(3));
  EXPECT_EQ(Run({"sismember", "s", "2"}), Int(1));
  EXPECT_EQ(Run({"sismember", "s", "02"}), Int(0));
  EXPECT_EQ(Run({"sismember", "nokey", "2"}), Int(0));
  EXPECT_EQ(Run({"smismember", "s", "1", "9", "3"}), Arr({Int(1), Int(0), Int(1)}));
  EXPECT_EQ(Run({"smismember", "nokey", "1"}), Arr({Int(0)}));
  EXPECT_EQ(Run({"scard", "nokey"}), Int(0));
  EXPECT_EQ(Run({"srem", "s", "1", "9"}), Int(1));
  EXPECT_EQ(Run({"srem", "nokey", "1"}), Int(0));
  // The set is deleted when emptied, and SREM stops there.
  EXPECT_EQ(Run({"srem", "s", "2", "3", "2"}), Int(2));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
}

TEST_F(SetTest, WrongTypeAndArity) {
  Run({"set", "str", "v"});
  for (std::vector<std::string> argv : std::vector<std::vector<std::string>>{
           {"sadd", "str", "a"}, {"srem", "str", "a"}, {"scard", "str"},
           {"sismember", "str", "a"}, {"smismember", "str", "a"}, {"smembers", "str"},
           {"srandmember", "str"}, {"srandmember", "str", "2"}, {"spop", "str"},
           {"spop", "str", "2"}, {"sinter", "str"}, {"sintercard", "1", "str"},
           {"sunion", "str"}, {"sdiff", "str"}, {"sscan", "str", "0"},
           {"sinterstore", "d", "str"}, {"sunionstore", "d", "str"}, {"sdiffstore", "d", "str"}}) {
    EXPECT_EQ(Run(argv), kWrongType) << argv[0];
  }
  EXPECT_EQ(Run({"sadd", "s"}), Err("ERR wrong number of arguments for 'sadd' command"));
  EXPECT_EQ(Run({"smismember", "s"}), Err("ERR wrong number of arguments for 'smismember' command"));
  EXPECT_EQ(Run({"smove", "a", "b"}), Err("ERR wrong number of arguments for 'smove' command"));
  EXPECT_EQ(Run({"sintercard", "1"}), Err("ERR wrong number of arguments for 'sintercard' command"));
  EXPECT_EQ(Run({"srandmember", "s", "1", "2"}), kSyntax);
  EXPECT_EQ(Run({"spop", "s", "1", "2"}), kSyntax);
}

TEST_F(SetTest, EncodingConversions) {
  // The first member decides: a non-integer makes a hashtable at once.
  Run({"sadd", "h", "x", "1"});
  EXPECT_EQ(Encoding("h"), Bulk("hashtable"));
  // "-0" is not an integer to Redis (string2ll).
  Run({"sadd", "i", "1"});
  Run({"sadd", "i", "-0"});
  EXPECT_EQ(Encoding("i"), Bulk("hashtable"));
  // 512 integers stay an intset, the 513th converts; removing never converts back.
  SAdd("big", Range(1, 512));
  EXPECT_EQ(Encoding("big"), Bulk("intset"));
  EXPECT_EQ(Run({"sadd", "big", "513"}), Int(1));
  EXPECT_EQ(Encoding("big"), Bulk("hashtable"));
  EXPECT_EQ(Run({"srem", "big", "513", "512"}), Int(2));
  EXPECT_EQ(Encoding("big"), Bulk("hashtable"));
  // Integers of every width, sorted in SMEMBERS.
  Run({"sadd", "w", "70000", "-5", "1", "-9223372036854775808", "9223372036854775807"});
  EXPECT_EQ(Encoding("w"), Bulk("intset"));
  EXPECT_EQ(Run({"smembers", "w"}),
            SetOf({"-9223372036854775808", "-5", "1", "70000", "9223372036854775807"}));
  Run({"sadd", "w2", "9223372036854775808"});
  EXPECT_EQ(Encoding("w2"), Bulk("hashtable"));
  // The threshold is set-max-intset-entries.
  EXPECT_EQ(Run({"config", "set", "set-max-intset-entries", "2"}), Ok());
  Run({"sadd", "t", "1", "2"});
  EXPECT_EQ(Encoding("t"), Bulk("intset"));
  Run({"sadd", "t", "3"});
  EXPECT_EQ(Encoding("t"), Bulk("hashtable"));
}

TEST_F(SetTest, DirtyAndEffects) {
  TakeEffects();
  uint64_t d = Dirty();
  Run({"sadd", "s", "a", "b", "a"});
  EXPECT_EQ(Dirty() - d, 2u);
  Run({"sadd", "s", "a"});
  Run({"srem", "s", "zz"});
  EXPECT_EQ(Dirty() - d, 2u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"sadd", "s", "a", "b", "a"}}));
  Run({"srem", "s", "a", "b", "c"});
  EXPECT_EQ(Dirty() - d, 4u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"srem", "s", "a", "b", "c"}}));
}

// ---- SMEMBERS SRANDMEMBER -----------------------------------------------------------------------

TEST_F(SetTest, SMembers) {
  Run({"sadd", "s", "3", "1", "2"});
  EXPECT_EQ(Run({"smembers", "s"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Run3({"smembers", "s"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Run({"smembers", "nokey"}), SetOf({}));
  Run({"sadd", "h", "b", "a", ""});
  EXPECT_EQ(Sorted(Run({"smembers", "h"})), (std::vector<std::string>{"", "a", "b"}));
}

TEST_F(SetTest, SRandMember) {
  EXPECT_EQ(Run({"srandmember", "nokey"}), Nil());
  EXPECT_EQ(Run({"srandmember", "nokey", "3"}), Arr({}));
  EXPECT_EQ(Run({"srandmember", "nokey", "-3"}), Arr({}));
  EXPECT_EQ(Run({"srandmember", "nokey", "x"}), kNotInt);
  EXPECT_EQ(Run({"srandmember", "nokey", "-0"}), kNotInt);
  EXPECT_EQ(Run({"srandmember", "s", "-9223372036854775808"}),
            Err("ERR value is out of range, value must between -9223372036854775807 and "
                "9223372036854775807"));
  for (bool ints : {true, false}) {
    Run({"del", "s"});
    std::vector<std::string> members = Range(1, 50);
    if (!ints) members.push_back("x");
    SAdd("s", members);
    std::set<std::string> all(members.begin(), members.end());

    RespValue one = Run({"srandmember", "s"});
    EXPECT_EQ(one.kind, RespValue::kBulk);
    EXPECT_EQ(all.count(one.str), 1u);
    EXPECT_EQ(Run({"srandmember", "s", "0"}), Arr({}));
    // Every positive count answers distinct members (cases 2, 3 and 4 of Redis), as an array.
    for (int count : {1, 5, 20, 40, 50, 51, 100}) {
      RespValue r = Run({"srandmember", "s", std::to_string(count)});
      EXPECT_EQ(r.kind, RespValue::kArray);
      EXPECT_EQ(Run3({"srandmember", "s", std::to_string(count)}).kind, RespValue::kArray);
      std::vector<std::string> got = Strs(r);
      std::set<std::string> uniq(got.begin(), got.end());
      EXPECT_EQ(got.size(), std::min<size_t>(count, members.size())) << count;
      EXPECT_EQ(uniq.size(), got.size()) << count;
      for (const std::string& m : got) EXPECT_EQ(all.count(m), 1u) << m;
    }
    // A negative count answers exactly |count| members, repeats allowed.
    RespValue neg = Run({"srandmember", "s", "-200"});
    EXPECT_EQ(neg.kind, RespValue::kArray);
    std::vector<std::string> got = Strs(neg);
    EXPECT_EQ(got.size(), 200u);
    std::set<std::string> uniq(got.begin(), got.end());
    EXPECT_LT(uniq.size(), 200u);
    for (const std::string& m : got) EXPECT_EQ(all.count(m), 1u) << m;
  }
  // SRANDMEMBER does not change anything.
  EXPECT_EQ(Run({"scard", "s"}), Int(51));
}

// ---- SPOP ---------------------------------------------------------------------------------------

TEST_F(SetTest, SPopSingle) {
  EXPECT_EQ(Run({"spop", "nokey"}), Nil());
  Run({"sadd", "s", "1", "2"});
  TakeEffects();
  uint64_t d = Dirty();
  RespValue a = Run({"spop", "s"});
  EXPECT_EQ(a.kind, RespValue::kBulk);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SREM", "s", a.str}}));
  RespValue b = Run({"spop", "s"});
  EXPECT_NE(a.str, b.str);
  // The last member deletes the key; it still propagates as SREM.
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"SREM", "s", b.str}}));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
  EXPECT_EQ(Dirty() - d, 2u);
}

TEST_F(SetTest, SPopCountErrorsAndEmpty) {
  EXPECT_EQ(Run({"spop", "nokey", "-1"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"spop", "nokey", "x"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"spop", "nokey", "2"}), SetOf({}));
  Run({"sadd", "s", "1"});
  TakeEffects();
  EXPECT_EQ(Run({"spop", "s", "0"}), SetOf({}));
  EXPECT_TRUE(TakeEffects().empty());
}

TEST_F(SetTest, SPopCountWholeSet) {
  Run({"sadd", "s", "3", "1", "2"});
  Run({"expire", "s", "100"});
  TakeEffects();
  uint64_t d = Dirty();
  EXPECT_EQ(Run({"spop", "s", "10"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"DEL", "s"}}));
  EXPECT_EQ(Dirty() - d, 3u);
  // With lazyfree-lazy-server-del the key goes as UNLINK.
  Run({"config", "set", "lazyfree-lazy-server-del", "yes"});
  Run({"sadd", "s", "a"});
  TakeEffects();
  EXPECT_EQ(Run3({"spop", "s", "1"}), SetOf({"a"}));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"UNLINK", "s"}}));
}

// Redis pops one by one while the remainder is big (case 2), and rebuilds the set from the
// remainder otherwise (case 3): either way one SREM per popped member is propagated.
TEST_F(SetTest, SPopCountPropagatesSrems) {
  for (int count : {3, 9}) {  // 10 members: 7*5 > 3 is case 2, 1*5 <= 9 is case 3
    for (bool ints : {true, false}) {
      Run({"del", "s"});
      std::vector<std::string> members = Range(1, 9);
      members.push_back(ints ? "10" : "x");
      SAdd("s", members);
      Run({"expire", "s", "100"});
      TakeEffects();
      uint64_t d = Dirty();
      RespValue r = Run({"spop", "s", std::to_string(count)});
      EXPECT_EQ(r.kind, RespValue::kSet);
      std::vector<std::string> popped = Strs(r);
      ASSERT_EQ(popped.size(), static_cast<size_t>(count));
      // Several effects of one command reach the AOF as one MULTI ... EXEC block (Redis 7.0).
      std::vector<Effect> expected = {{"MULTI"}};
      for (const std::string& m : popped) expected.push_back({"SREM", "s", m});
      expected.push_back({"EXEC"});
      EXPECT_EQ(TakeEffects(), expected);
      EXPECT_EQ(Dirty() - d, static_cast<uint64_t>(count));
      EXPECT_EQ(Run({"scard", "s"}), Int(10 - count));
      for (const std::string& m : popped) EXPECT_EQ(Run({"sismember", "s", m}), Int(0));
      RespValue left = Run({"smembers", "s"});
      std::set<std::string> all(popped.begin(), popped.end());
      for (const std::string& m : Strs(left)) all.insert(m);
      EXPECT_EQ(all, std::set<std::string>(members.begin(), members.end()));
      EXPECT_GT(Run({"ttl", "s"}).i, 0);  // the key keeps its TTL
    }
  }
}

TEST_F(SetTest, SPopCase3ReencodesRemainder) {
  // A hashtable (too many integers) whose few remaining members are integers becomes an intset,
  // as in Redis where the remainder is a new set.
  SAdd("big", Range(1, 600));
  EXPECT_EQ(Encoding("big"), Bulk("hashtable"));
  EXPECT_EQ(Run({"spop", "big", "590"}).elems.size(), 590u);
  EXPECT_EQ(Encoding("big"), Bulk("intset"));
  EXPECT_EQ(Run({"scard", "big"}), Int(10));
  // A set whose non-integer members all went.
  std::vector<std::string> members = Range(1, 20);
  members.push_back("a");
  SAdd("mixed", members);
  Run({"spop", "mixed", "19"});
  RespValue left = Run({"smembers", "mixed"});
  bool has_string = Strs(left)[0] == "a" || Strs(left)[1] == "a";
  EXPECT_EQ(Encoding("mixed"), Bulk(has_string ? "hashtable" : "intset"));
}

// ---- SMOVE --------------------------------------------------------------------------------------

TEST_F(SetTest, SMove) {
  Run({"set", "str", "v"});
  Run({"sadd", "a", "1", "2", "3"});
  Run({"sadd", "b", "x"});
  // A missing source answers 0 before the destination's type is checked.
  EXPECT_EQ(Run({"smove", "nokey", "str", "x"}), Int(0));
  EXPECT_EQ(Run({"smove", "a", "str", "1"}), kWrongType);
  EXPECT_EQ(Run({"smove", "str", "a", "1"}), kWrongType);
  TakeEffects();
  uint64_t d = Dirty();
  // Same source and destination: membership only, no change.
  EXPECT_EQ(Run({"smove", "a", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"smove", "a", "a", "9"}), Int(0));
  EXPECT_EQ(Run({"smove", "a", "b", "9"}), Int(0));
  EXPECT_TRUE(TakeEffects().empty());
  EXPECT_EQ(Dirty(), d);
  EXPECT_EQ(Run({"smove", "a", "b", "1"}), Int(1));
  EXPECT_EQ(Dirty() - d, 2u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"smove", "a", "b", "1"}}));
  // Already in the destination: removed from the source only (one change).
  Run({"sadd", "b", "2"});
  d = Dirty();
  EXPECT_EQ(Run({"smove", "a", "b", "2"}), Int(1));
  EXPECT_EQ(Dirty() - d, 1u);
  EXPECT_EQ(Run({"smembers", "a"}), SetOf({"3"}));
  // The source goes when emptied; a new destination is encoded from the member.
  EXPECT_EQ(Run({"smove", "a", "n", "3"}), Int(1));
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
  EXPECT_EQ(Encoding("n"), Bulk("intset"));
  EXPECT_EQ(Run({"smove", "b", "n", "x"}), Int(1));
  EXPECT_EQ(Encoding("n"), Bulk("hashtable"));
  EXPECT_EQ(Sorted(Run({"smembers", "n"})), (std::vector<std::string>{"3", "x"}));
}

// ---- SINTER SINTERCARD SINTERSTORE --------------------------------------------------------------

TEST_F(SetTest, SInter) {
  Run({"sadd", "a", "1", "2", "3", "4"});
  Run({"sadd", "b", "2", "3", "4", "x"});
  Run({"sadd", "c", "3", "4", "5"});
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"sinter", "a", "b", "c"}), SetOf({"3", "4"}));
  EXPECT_EQ(Run({"sinter", "a"}), SetOf({"1", "2", "3", "4"}));
  EXPECT_EQ(Run({"sinter", "a", "a"}), SetOf({"1", "2", "3", "4"}));
  EXPECT_EQ(Sorted(Run({"sinter", "b", "b"})), (std::vector<std::string>{"2", "3", "4", "x"}));
  EXPECT_EQ(Run({"sinter", "a", "nokey"}), SetOf({}));
  EXPECT_EQ(Run3({"sinter", "a", "nokey"}), SetOf({}));
  // Every key's type is checked, even after a missing one.
  EXPECT_EQ(Run({"sinter", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sinter", "a", "str"}), kWrongType);
}

TEST_F(SetTest, SInterCard) {
  Run({"sadd", "a", "1", "2", "3", "4"});
  Run({"sadd", "b", "2", "3", "4", "x"});
  EXPECT_EQ(Run({"sintercard", "2", "a", "b"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "1", "a"}), Int(4));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "2"}), Int(2));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "LIMIT", "0"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "10"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "2", "a", "nokey"}), Int(0));
  const RespValue numkeys = Err("ERR numkeys should be greater than 0");
  EXPECT_EQ(Run({"sintercard", "0", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "-1", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "x", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "9223372036854775808", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "2", "a"}),
            Err("ERR Number of keys can't be greater than number of args"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit"}), kSyntax);
  EXPECT_EQ(Run({"sintercard", "1", "a", "foo", "1"}), kSyntax);
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit", "-1"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit", "x"}), Err("ERR LIMIT can't be negative"));
}

TEST_F(SetTest, SInterStore) {
  Run({"sadd", "a", "1", "2", "3"});
  Run({"sadd", "b", "3", "4", "x"});
  Run({"set", "str", "v"});
  TakeEffects();
  uint64_t d = Dirty();
  // A missing source: empty result, the destination is deleted if it exists.
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "nokey"}), Int(0));
  EXPECT_EQ(Dirty(), d);
  EXPECT_TRUE(TakeEffects().empty());
  Run({"set", "dst", "v"});
  TakeEffects();
  d = Dirty();
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Dirty() - d, 1u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"sinterstore", "dst", "a", "nokey"}}));
  // Wrong-type sources are errors (after a missing key too); the destination is untouched.
  Run({"set", "dst", "v"});
  EXPECT_EQ(Run({"sinterstore", "dst", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "str"}), kWrongType);
  EXPECT_EQ(Run({"type", "dst"}), Simple("string"));
  // A result replaces any type and drops the TTL; it is an intset while it can be.
  Run({"expire", "dst", "100"});
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "b"}), Int(1));
  EXPECT_EQ(Run({"smembers", "dst"}), SetOf({"3"}));
  EXPECT_EQ(Run({"ttl", "dst"}), Int(-1));
  EXPECT_EQ(Encoding("dst"), Bulk("intset"));
  EXPECT_EQ(Run({"sinterstore", "dst", "b", "b"}), Int(3));
  EXPECT_EQ(Encoding("dst"), Bulk("hashtable"));
  // An empty intersection deletes the destination.
  Run({"sadd", "c", "9"});
  EXPECT_EQ(Run({"sinterstore", "dst", "a", "c"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  // The destination may be a source.
  EXPECT_EQ(Run({"sinterstore", "a", "a", "b"}), Int(1));
  EXPECT_EQ(Run({"smembers", "a"}), SetOf({"3"}));
}

// ---- SUNION SUNIONSTORE SDIFF SDIFFSTORE --------------------------------------------------------

TEST_F(SetTest, SUnionSDiff) {
  Run({"sadd", "a", "1", "2", "3"});
  Run({"sadd", "b", "3", "4"});
  Run({"sadd", "h", "3", "x"});
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"sunion", "a", "b", "nokey"}), SetOf({"1", "2", "3", "4"}));
  EXPECT_EQ(Run3({"sunion", "nokey"}), SetOf({}));
  EXPECT_EQ(Sorted(Run({"sunion", "a", "h"})), (std::vector<std::string>{"1", "2", "3", "x"}));
  EXPECT_EQ(Run({"sunion", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sdiff", "a", "b"}), SetOf({"1", "2"}));
  EXPECT_EQ(Run({"sdiff", "a", "h", "nokey"}), SetOf({"1", "2"}));
  EXPECT_EQ(Run({"sdiff", "h", "a"}), SetOf({"x"}));
  EXPECT_EQ(Run({"sdiff", "a"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Run({"sdiff", "a", "b", "a"}), SetOf({}));
  EXPECT_EQ(Run({"sdiff", "nokey", "a"}), SetOf({}));
  EXPECT_EQ(Run({"sdiff", "nokey", "str"}), kWrongType);
  // Both diff algorithms: a small first set against a big one (1), a big first set against
  // small ones (2).
  SAdd("big", Range(1, 1000));
  SAdd("small", {"5", "1001", "y"});
  EXPECT_EQ(Sorted(Run({"sdiff", "small", "big"})), (std::vector<std::string>{"1001", "y"}));
  RespValue r = Run({"sdiff", "big", "small", "a"});
  EXPECT_EQ(r.elems.size(), 996u);
  std::set<std::string> got;
  for (const std::string& m : Strs(r)) got.insert(m);
  for (const char* m : {"1", "2", "3", "5"}) EXPECT_EQ(got.count(m), 0u);
}

TEST_F(SetTest, SUnionStoreSDiffStore) {
  Run({"sadd", "a", "1", "2", "3"});
  Run({"sadd", "b", "3", "4", "x"});
  Run({"set", "dst", "v"});
  Run({"expire", "dst", "100"});
  TakeEffects();
  uint64_t d = Dirty();
  EXPECT_EQ(Run({"sunionstore", "dst", "a", "b"}), Int(5));
  EXPECT_EQ(Run({"ttl", "dst"}), Int(-1));
  EXPECT_EQ(Encoding("dst"), Bulk("hashtable"));
  EXPECT_EQ(Run({"sunionstore", "dst", "a"}), Int(3));
  EXPECT_EQ(Encoding("dst"), Bulk("intset"));
  EXPECT_EQ(Dirty() - d, 2u);
  // An empty result deletes the destination (a change only if it existed).
  EXPECT_EQ(Run({"sunionstore", "dst", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Dirty() - d, 3u);
  EXPECT_EQ(Run({"sunionstore", "dst", "nokey"}), Int(0));
  EXPECT_EQ(Dirty() - d, 3u);
  EXPECT_EQ(Run({"sdiffstore", "dst", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"smembers", "dst"}), SetOf({"1", "2"}));
  EXPECT_EQ(Run({"sdiffstore", "dst", "a", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"sdiffstore", "dst", "nokey", "str"}), kWrongType);
  EXPECT_EQ(Run({"sunionstore", "a", "a", "b"}), Int(5));
  EXPECT_EQ(Sorted(Run({"smembers", "a"})), (std::vector<std::string>{"1", "2", "3", "4", "x"}));
  std::vector<Effect> effects = TakeEffects();
  ASSERT_FALSE(effects.empty());
  EXPECT_EQ(effects.back(), (Effect{"sunionstore", "a", "a", "b"}));
}

// ---- SSCAN --------------------------------------------------------------------------------------

TEST_F(SetTest, SScan) {
  EXPECT_EQ(Run({"sscan", "nokey", "0"}), Arr({Bulk("0"), Arr({})}));
  // Options are not parsed for a missing key.
  EXPECT_EQ(Run({"sscan", "nokey", "0", "count", "x"}), Arr({Bulk("0"), Arr({})}));
  EXPECT_EQ(Run({"sscan", "nokey", "x"}), Err("ERR invalid cursor"));
  Run({"sadd", "i", "1", "2", "3", "11"});
  // An intset answers everything at once, whatever the cursor and COUNT.
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "1"}),
            Arr({Bulk("0"), Bulks({"1", "2", "3", "11"})}));
  EXPECT_EQ(Run({"sscan", "i", "99"}), Arr({Bulk("0"), Bulks({"1", "2", "3", "11"})}));
  EXPECT_EQ(Run({"sscan", "i", "0", "match", "1*"}), Arr({Bulk("0"), Bulks({"1", "11"})}));
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "x"}), kNotInt);
  EXPECT_EQ(Run({"sscan", "i", "0", "type", "string"}), kSyntax);
  EXPECT_EQ(Run({"sscan", "i", "0", "count"}), kSyntax);

  // A hashtable: cursor-based; a full iteration returns every member.
  std::vector<std::string> members;
  for (int i = 0; i < 1000; i++) members.push_back(Name("m", i));
  SAdd("h", members);
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    RespValue r = Run({"sscan", "h", cursor, "count", "20"});
    ASSERT_EQ(r.elems.size(), 2u);
    cursor = r.elems[0].str;
    for (const std::string& m : Strs(r.elems[1])) seen.insert(m);
    calls++;
  } while (cursor != "0");
  EXPECT_EQ(seen, std::set<std::string>(members.begin(), members.end()));
  EXPECT_GT(calls, 10);
  // MATCH filters after the walk.
  seen.clear();
  cursor = "0";
  do {
    RespValue r = Run({"sscan", "h", cursor, "match", "m99*"});
    cursor = r.elems[0].str;
    for (const std::string& m : Strs(r.elems[1])) seen.insert(m);
  } while (cursor != "0");
  EXPECT_EQ(seen, (std::set<std::string>{"m99", "m990", "m991", "m992", "m993", "m994", "m995",
                                         "m996", "m997", "m998", "m999"}));
}

// ---- keyspace integration ------------------------------------------------------------------------

TEST_F(SetTest, CopyKeepsEncoding) {
  Run({"sadd", "i", "3", "1", "2"});
  Run({"sadd", "h", "a", "1"});
  EXPECT_EQ(Run({"copy", "i", "i2"}), Int(1));
  EXPECT_EQ(Run({"copy", "h", "h2"}), Int(1));
  EXPECT_EQ(Encoding("i2"), Bulk("intset"));
  EXPECT_EQ(Encoding("h2"), Bulk("hashtable"));
  EXPECT_EQ(Run({"smembers", "i2"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Sorted(Run({"smembers", "h2"})), (std::vector<std::string>{"1", "a"}));
  // The copies are independent.
  Run({"srem", "i2", "1"});
  Run({"sadd", "h2", "b"});
  EXPECT_EQ(Run({"scard", "i"}), Int(3));
  EXPECT_EQ(Run({"scard", "h"}), Int(2));
}

TEST_F(SetTest, DeleteAndFlushFreeMemory) {
  size_t before = engine_->arena().UsedBytes();
  SAdd("i", Range(1, 100));
  std::vector<std::string> members;
  for (int i = 0; i < 2000; i++) members.push_back(Name("member:", i));
  SAdd("h", members);
  EXPECT_GT(engine_->arena().UsedBytes(), before + 2000 * 16);
  EXPECT_EQ(Run({"del", "i", "h"}), Int(2));
  SAdd("h", members);
  Run({"sunionstore", "u", "h", "h"});
  Run({"flushall"});
  EXPECT_EQ(engine_->arena().UsedBytes(), before);
}

}  // namespace
}  // namespace ringkv::testing
