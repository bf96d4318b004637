// Hash family tests: replies, reply types (a RESP3 map for HGETALL, pairs for HRANDFIELD
// WITHVALUES), error texts and their order, encodings and conversion points, dirty counts and
// propagated effects, all as redis-server 7.0.15 gives them.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

using Effect = std::vector<std::string>;

const RespValue kWrongType =
    Err("WRONGTYPE Operation against a key holding the wrong kind of value");
const RespValue kSyntax = Err("ERR syntax error");
const RespValue kNotInt = Err("ERR value is not an integer or out of range");

RespValue MapOf(std::vector<std::string> kv) {
  RespValue v = Bulks(std::move(kv));
  v.kind = RespValue::kMap;
  return v;
}

std::vector<std::string> Strs(const RespValue& v) {
  std::vector<std::string> out;
  for (const RespValue& e : v.elems) out.push_back(e.str);
  return out;
}
[[maybe_unused]] std::vector<std::string> Sorted(const RespValue& v) {
  std::vector<std::string> out = Strs(v);
  std::sort(out.begin(), out.end());
  return out;
}
// Field → value pairs of a flat [f, v, f, v...] reply.
std::map<std::string, std::string> Pairs(const RespValue& v) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i + 1 < v.elems.size(); i += 2) out[v.elems[i].str] = v.elems[i + 1].str;
  return out;
}

class HashTest : public CommandTest {
 protected:
  std::vector<Effect> TakeEffects() {
    std::vector<Effect> out;
    out.swap(effects_.effects);
    effects_.dbs.clear();
    return out;
  }
  uint64_t Dirty() { return engine_->stats().dirty; }
  RespValue Encoding(const std::string& key) { return Run({"object", "encoding", key}); }
  // HSET key f0 v0 ... f<n-1> v<n-1>
  void Fill(const std::string& key, int n, const std::string& prefix = "f") {
    std::vector<std::string> argv = {"hset", key};
    for (int i = 0; i < n; i++) {
      argv.push_back(prefix + std::to_string(i));
      argv.push_back("v" + std::to_string(i));
    }
    Run(argv);
  }
};

// ---- HSET HMSET HSETNX HGET HMGET --------------------------------------------------------------

TEST_F(HashTest, SetAndGet) {
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2"}), Int(2));
  EXPECT_EQ(Run({"hset", "h", "a", "x", "c", "3"}), Int(1));
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("x"));
  EXPECT_EQ(Run({"hget", "h", "b"}), Bulk("2"));
  EXPECT_EQ(Run({"hget", "h", "nofield"}), Nil());
  EXPECT_EQ(Run({"hget", "nokey", "a"}), Nil());
  // The same field twice in one call: the last value wins, counted once.
  EXPECT_EQ(Run({"hset", "h2", "a", "1", "a", "2"}), Int(1));
  EXPECT_EQ(Run({"hgetall", "h2"}), MapOf({"a", "2"}));
  EXPECT_EQ(Run({"hmset", "h", "d", "4"}), Ok());
  EXPECT_EQ(Run({"hmget", "h", "a", "nofield", "d"}), Arr({Bulk("x"), Nil(), Bulk("4")}));
  EXPECT_EQ(Run({"hmget", "nokey", "a", "b"}), Arr({Nil(), Nil()}));
  // Empty field and value, and integer-looking ones that are not canonical.
  EXPECT_EQ(Run({"hset", "h3", "", "", "01", "-0", "1", "+1"}), Int(3));
  EXPECT_EQ(Run({"hmget", "h3", "", "01", "1", "001"}),
            Arr({Bulk(""), Bulk("-0"), Bulk("+1"), Nil()}));
}

TEST_F(HashTest, ArityAndWrongType) {
  EXPECT_EQ(Run({"hset", "h", "a"}), Err("ERR wrong number of arguments for 'hset' command"));
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b"}),
            Err("ERR wrong number of arguments for 'hset' command"));
  EXPECT_EQ(Run({"hmset", "h", "a", "1", "b"}),
            Err("ERR wrong number of arguments for 'hmset' command"));
  EXPECT_EQ(Run({"exists", "h"}), Int(0));
  Run({"set", "s", "x"});
  for (auto argv : std::vector<std::vector<std::string>>{{"hset", "s", "a", "b"},
                                                         {"hsetnx", "s", "a", "b"},
                                                         {"hget", "s", "a"},
                                                         {"hmget", "s", "a"},
                                                         {"hmset", "s", "a", "b"},
                                                         {"hdel", "s", "a"},
                                                         {"hlen", "s"},
                                                         {"hstrlen", "s", "a"},
                                                         {"hexists", "s", "a"},
                                                         {"hkeys", "s"},
                                                         {"hvals", "s"},
                                                         {"hgetall", "s"},
                                                         {"hincrby", "s", "a", "1"},
                                                         {"hincrbyfloat", "s", "a", "1"},
                                                         {"hrandfield", "s"},
                                                         {"hrandfield", "s", "0"},
                                                         {"hscan", "s", "0"},
                                                         {"hscan", "s", "0", "count", "0"}}) {
    EXPECT_EQ(Run(argv), kWrongType) << argv[0];
  }
}

TEST_F(HashTest, HSetNx) {
  EXPECT_EQ(Run({"hsetnx", "h", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"hsetnx", "h", "a", "2"}), Int(0));
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("1"));
  // An existing field is not written, so a long value does not convert the hash.
  EXPECT_EQ(Run({"hsetnx", "h", "a", std::string(100, 'x')}), Int(0));
  EXPECT_EQ(Encoding("h"), Bulk("listpack"));
  EXPECT_EQ(Run({"hsetnx", "h", "b", std::string(100, 'x')}), Int(1));
  EXPECT_EQ(Encoding("h"), Bulk("hashtable"));
}

// ---- HDEL HLEN HSTRLEN HEXISTS ------------------------------------------------------------------

TEST_F(HashTest, DelLenStrlenExists) {
  Run({"hset", "h", "a", "1", "b", "hello", "c", "-123456"});
  EXPECT_EQ(Run({"hlen", "h"}), Int(3));
  EXPECT_EQ(Run({"hlen", "nokey"}), Int(0));
  EXPECT_EQ(Run({"hstrlen", "h", "b"}), Int(5));
  EXPECT_EQ(Run({"hstrlen", "h", "c"}), Int(7));  // integer-encoded: its text's length
  EXPECT_EQ(Run({"hstrlen", "h", "zz"}), Int(0));
  EXPECT_EQ(Run({"hstrlen", "nokey", "zz"}), Int(0));
  EXPECT_EQ(Run({"hexists", "h", "a"}), Int(1));
  EXPECT_EQ(Run({"hexists", "h", "zz"}), Int(0));
  EXPECT_EQ(Run({"hexists", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"hdel", "h", "a", "zz", "a"}), Int(1));
  EXPECT_EQ(Run({"hdel", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"hlen", "h"}), Int(2));
  // Emptied: the key goes.
  EXPECT_EQ(Run({"hdel", "h", "b", "c", "b"}), Int(2));
  EXPECT_EQ(Run({"exists", "h"}), Int(0));
  // The same on the hashtable encoding.
  Fill("big", 600);
  EXPECT_EQ(Encoding("big"), Bulk("hashtable"));
  EXPECT_EQ(Run({"hstrlen", "big", "f599"}), Int(4));
  std::vector<std::string> argv = {"hdel", "big"};
  for (int i = 0; i < 600; i++) argv.push_back("f" + std::to_string(i));
  EXPECT_EQ(Run(argv), Int(600));
  EXPECT_EQ(Run({"exists", "big"}), Int(0));
}

// ---- HKEYS HVALS HGETALL ------------------------------------------------------------------------

TEST_F(HashTest, GetAllKeysVals) {
  Run({"hset", "h", "a", "1", "b", "2", "c", "3"});
  // A listpack keeps insertion order, as Redis's.
  EXPECT_EQ(Run({"hkeys", "h"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"hvals", "h"}), Bulks({"1", "2", "3"}));
  EXPECT_EQ(Run({"hgetall", "h"}), MapOf({"a", "1", "b", "2", "c", "3"}));
  EXPECT_EQ(Run3({"hgetall", "h"}), MapOf({"a", "1", "b", "2", "c", "3"}));
  EXPECT_EQ(Run({"hgetall", "nokey"}), MapOf({}));
  EXPECT_EQ(Run({"hkeys", "nokey"}), Bulks({}));
  EXPECT_EQ(Run({"hvals", "nokey"}), Bulks({}));
  Fill("big", 1000);
  RespValue all = Run({"hgetall", "big"});
  EXPECT_EQ(all.kind, RespValue::kMap);
  std::map<std::string, std::string> m = Pairs(all);
  EXPECT_EQ(m.size(), 1000u);
  EXPECT_EQ(m["f777"], "v777");
  EXPECT_EQ(Run({"hkeys", "big"}).elems.size(), 1000u);
}

// ---- Encodings ----------------------------------------------------------------------------------

TEST_F(HashTest, EncodingConversionPoints) {
  // hash-max-listpack-entries is 512 and hash-max-listpack-value 64 in redis-server 7.0.15.
  Fill("h", 512);
  EXPECT_EQ(Encoding("h"), Bulk("listpack"));
  Run({"hset", "h", "f0", "changed"});
  EXPECT_EQ(Encoding("h"), Bulk("listpack"));
  Run({"hset", "h", "one-more", "x"});
  EXPECT_EQ(Encoding("h"), Bulk("hashtable"));
  // Never back, even when small again.
  std::vector<std::string> argv = {"hdel", "h"};
  for (int i = 0; i < 510; i++) argv.push_back("f" + std::to_string(i));
  Run(argv);
  EXPECT_EQ(Run({"hlen", "h"}), Int(3));
  EXPECT_EQ(Encoding("h"), Bulk("hashtable"));

  Run({"hset", "v", "a", std::string(64, 'x')});
  EXPECT_EQ(Encoding("v"), Bulk("listpack"));
  Run({"hset", "v", "b", std::string(65, 'x')});
  EXPECT_EQ(Encoding("v"), Bulk("hashtable"));
  Run({"hset", "f", std::string(65, 'x'), "1"});
  EXPECT_EQ(Encoding("f"), Bulk("hashtable"));
  // HINCRBY's field and HINCRBYFLOAT's resulting value count too (7.0.15's hashTypeSet).
  Run({"hincrby", "i", std::string(100, 'f'), "1"});
  EXPECT_EQ(Encoding("i"), Bulk("hashtable"));
  Run({"hset", "g", "a", "1"});
  Run({"hincrbyfloat", "g", "a", "1e100"});
  EXPECT_EQ(Encoding("g"), Bulk("hashtable"));

  // Configured limits: entries 3 → a 4-field HSET converts.
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-entries", "3"}), Ok());
  Run({"hset", "c", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(Encoding("c"), Bulk("listpack"));
  Run({"hset", "c2", "a", "1", "b", "2", "c", "3", "d", "4"});
  EXPECT_EQ(Encoding("c2"), Bulk("hashtable"));
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-entries", "0"}), Ok());
  Run({"hset", "z", "a", "1"});
  EXPECT_EQ(Encoding("z"), Bulk("hashtable"));
  EXPECT_EQ(Run({"config", "set", "hash-max-ziplist-entries", "512"}), Ok());
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-value", "5"}), Ok());
  Run({"hset", "w", "a", "1"});
  Run({"hincrby", "w", "a", "10000000"});
  EXPECT_EQ(Encoding("w"), Bulk("hashtable"));
}

// ---- HINCRBY HINCRBYFLOAT -----------------------------------------------------------------------

TEST_F(HashTest, HIncrBy) {
  EXPECT_EQ(Run({"hincrby", "h", "a", "5"}), Int(5));
  EXPECT_EQ(Run({"hincrby", "h", "a", "-7"}), Int(-2));
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("-2"));
  EXPECT_EQ(Run({"hincrby", "h", "a", "1.5"}), kNotInt);
  EXPECT_EQ(Run({"hincrby", "h", "a", " 1"}), kNotInt);
  // The increment is parsed before the key's type is checked.
  Run({"set", "s", "x"});
  EXPECT_EQ(Run({"hincrby", "s", "a", "x"}), kNotInt);
  Run({"hset", "h", "s", "abc", "big", "9223372036854775807", "sp", " 1"});
  EXPECT_EQ(Run({"hincrby", "h", "s", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hincrby", "h", "sp", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hincrby", "h", "big", "1"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"hincrby", "h", "big", "-1"}), Int(INT64_MAX - 1));
  Run({"hset", "h", "small", "-9223372036854775808"});
  EXPECT_EQ(Run({"hincrby", "h", "small", "-1"}), Err("ERR increment or decrement would overflow"));
  // On the hashtable encoding, with values changing length (rewritten in place or moved).
  Fill("big", 600);
  for (int i = 0; i < 300; i++) Run({"hincrby", "big", "counter", "1"});
  EXPECT_EQ(Run({"hincrby", "big", "counter", "9999999700"}), Int(10000000000));
  EXPECT_EQ(Run({"hget", "big", "counter"}), Bulk("10000000000"));
  EXPECT_EQ(Run({"hlen", "big"}), Int(601));
}

TEST_F(HashTest, HIncrByFloat) {
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "1.5"}), Bulk("1.5"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "-0.5"}), Bulk("1"));
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("1"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "abc"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "nan"}), Err("ERR value is not a valid float"));
  Run({"hset", "h", "s", "abc"});
  EXPECT_EQ(Run({"hincrbyfloat", "h", "s", "1"}), Err("ERR hash value is not a float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "a", "5.0e3"}), Bulk("5001"));
  Run({"hset", "h", "x", "1e308"});
  EXPECT_EQ(Run({"hincrbyfloat", "h", "x", "1e308"}).kind, RespValue::kBulk);  // long double
  Run({"hset", "h", "y", "1.1e4932"});
  EXPECT_EQ(Run({"hincrbyfloat", "h", "y", "1e4932"}),
            Err("ERR increment would produce NaN or Infinity"));
  Run({"set", "str", "x"});
  EXPECT_EQ(Run({"hincrbyfloat", "str", "a", "x"}), Err("ERR value is not a valid float"));
}

TEST_F(HashTest, DirtyAndEffects) {
  TakeEffects();
  uint64_t d = Dirty();
  Run({"hset", "h", "a", "1", "a", "1"});
  EXPECT_EQ(Dirty() - d, 2u);  // every pair counts, updates too
  Run({"hmset", "h", "a", "1"});
  EXPECT_EQ(Dirty() - d, 3u);
  Run({"hsetnx", "h", "a", "1"});
  Run({"hdel", "h", "zz"});
  EXPECT_EQ(Dirty() - d, 3u);
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"hset", "h", "a", "1", "a", "1"}, {"hmset", "h", "a", "1"}}));
  Run({"hincrby", "h", "n", "2"});
  Run({"hincrbyfloat", "h", "fl", "0.25"});
  Run({"hincrbyfloat", "h", "fl", "1e1"});
  EXPECT_EQ(Dirty() - d, 6u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"hincrby", "h", "n", "2"},
                                                {"HSET", "h", "fl", "0.25"},
                                                {"HSET", "h", "fl", "10.25"}}));
  Run({"hdel", "h", "a", "n", "zz"});
  EXPECT_EQ(Dirty() - d, 8u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"hdel", "h", "a", "n", "zz"}}));
}

// ---- HRANDFIELD ---------------------------------------------------------------------------------

TEST_F(HashTest, HRandFieldErrorsAndEmpty) {
  EXPECT_EQ(Run({"hrandfield", "nokey"}), Nil());
  EXPECT_EQ(Run({"hrandfield", "nokey", "5"}), Bulks({}));
  EXPECT_EQ(Run({"hrandfield", "nokey", "5", "withvalues"}), Bulks({}));
  // The count is checked before the key.
  EXPECT_EQ(Run({"hrandfield", "nokey", "-9223372036854775808"}),
            Err("ERR value is out of range, value must between -9223372036854775807 and "
                "9223372036854775807"));
  EXPECT_EQ(Run({"hrandfield", "nokey", "abc", "withvalues", "x"}), kNotInt);
  EXPECT_EQ(Run({"hrandfield", "nokey", "5", "withvalue"}), kSyntax);
  EXPECT_EQ(Run({"hrandfield", "nokey", "5", "withvalues", "x"}), kSyntax);
  EXPECT_EQ(Run({"hrandfield", "nokey", "5000000000000000000", "withvalues"}),
            Err("ERR value is out of range"));
  EXPECT_EQ(Run({"hrandfield", "nokey", "-4611686018427387904", "withvalues"}),
            Err("ERR value is out of range"));
  Run({"hset", "h", "a", "1"});
  EXPECT_EQ(Run({"hrandfield", "h", "0"}), Bulks({}));
  EXPECT_EQ(Run({"hrandfield", "h", "0", "WITHVALUES"}), Bulks({}));
}

TEST_F(HashTest, HRandFieldShapes) {
  for (int size : {5, 1000}) {
    std::string key = "h" + std::to_string(size);
    Fill(key, size);
    RespValue one = Run({"hrandfield", key});
    ASSERT_EQ(one.kind, RespValue::kBulk);
    EXPECT_EQ(one.str[0], 'f');
    // Positive count: distinct fields, at most the hash's size.
    for (int count : {1, 3, 5, 6, 400, 2000}) {
      RespValue r = Run({"hrandfield", key, std::to_string(count)});
      std::vector<std::string> fields = Strs(r);
      std::set<std::string> distinct(fields.begin(), fields.end());
      EXPECT_EQ(fields.size(), static_cast<size_t>(std::min(count, size))) << count;
      EXPECT_EQ(distinct.size(), fields.size()) << count;
      // WITHVALUES, RESP2: flat field, value, ...
      RespValue w = Run({"hrandfield", key, std::to_string(count), "withvalues"});
      ASSERT_EQ(w.elems.size(), 2u * std::min(count, size));
      for (size_t i = 0; i < w.elems.size(); i += 2) {
        EXPECT_EQ("v" + w.elems[i].str.substr(1), w.elems[i + 1].str);
      }
      // RESP3: an array of [field, value] pairs.
      RespValue w3 = Run3({"hrandfield", key, std::to_string(count), "withvalues"});
      ASSERT_EQ(w3.elems.size(), static_cast<size_t>(std::min(count, size)));
      for (const RespValue& pair : w3.elems) {
        ASSERT_EQ(pair.kind, RespValue::kArray);
        ASSERT_EQ(pair.elems.size(), 2u);
        EXPECT_EQ("v" + pair.elems[0].str.substr(1), pair.elems[1].str);
      }
    }
    // Negative count: exactly |count| draws, repeats allowed.
    RespValue neg = Run({"hrandfield", key, "-50"});
    EXPECT_EQ(neg.elems.size(), 50u);
    RespValue neg2 = Run({"hrandfield", key, "-20", "withvalues"});
    EXPECT_EQ(neg2.elems.size(), 40u);
    EXPECT_EQ(Run3({"hrandfield", key, "-20", "withvalues"}).elems.size(), 20u);
    // Over many draws every field of a small hash shows up.
    if (size == 5) {
      std::set<std::string> seen;
      for (const RespValue& f : Run({"hrandfield", key, "-500"}).elems) seen.insert(f.str);
      EXPECT_EQ(seen.size(), 5u);
    }
  }
}

// ---- HSCAN --------------------------------------------------------------------------------------

TEST_F(HashTest, HScanListpackReturnsEverything) {
  Run({"hset", "h", "a", "1", "b", "2", "c", "3", "ab", "4"});
  // Any cursor, any COUNT: everything at once, cursor 0, MATCH on fields.
  EXPECT_EQ(Run({"hscan", "h", "77", "count", "1", "match", "a*"}),
            Arr({Bulk("0"), Bulks({"a", "1", "ab", "4"})}));
  EXPECT_EQ(Run({"hscan", "h", "0"}),
            Arr({Bulk("0"), Bulks({"a", "1", "b", "2", "c", "3", "ab", "4"})}));
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "abc"}), kNotInt);
  EXPECT_EQ(Run({"hscan", "h", "abc"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"hscan", "h", "0", "match"}), kSyntax);
  EXPECT_EQ(Run({"hscan", "h", "-1"}).elems[0], Bulk("0"));
  // A missing key answers an empty scan whatever the options.
  EXPECT_EQ(Run({"hscan", "nokey", "0", "count", "0"}), Arr({Bulk("0"), Bulks({})}));
}

TEST_F(HashTest, HScanHashtableVisitsEveryField) {
  Fill("h", 2000);
  std::map<std::string, std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    RespValue r = Run({"hscan", "h", cursor, "count", "20"});
    ASSERT_EQ(r.elems.size(), 2u);
    cursor = r.elems[0].str;
    for (auto& [f, v] : Pairs(r.elems[1])) seen[f] = v;
    calls++;
  } while (cursor != "0");
  EXPECT_EQ(seen.size(), 2000u);
  EXPECT_EQ(seen["f1234"], "v1234");
  EXPECT_GT(calls, 20);  // it really went step by step
  // MATCH filters after the walk.
  std::set<std::string> matched;
  cursor = "0";
  do {
    RespValue r = Run({"hscan", "h", cursor, "match", "f1?"});
    cursor = r.elems[0].str;
    for (auto& [f, v] : Pairs(r.elems[1])) matched.insert(f);
  } while (cursor != "0");
  EXPECT_EQ(matched.size(), 10u);
}

// ---- COPY, OBJECT, DEBUG ------------------------------------------------------------------------

TEST_F(HashTest, CopyIsIndependent) {
  Run({"hset", "small", "a", "1", "b", "two"});
  Fill("big", 600);
  for (std::string key : {"small", "big"}) {
    EXPECT_EQ(Run({"copy", key, key + "2"}), Int(1));
    EXPECT_EQ(Encoding(key + "2"), Encoding(key));
    EXPECT_EQ(Pairs(Run({"hgetall", key + "2"})), Pairs(Run({"hgetall", key})));
    Run({"hset", key + "2", "a", "changed"});
    EXPECT_NE(Run({"hget", key, "a"}), Bulk("changed"));
    Run({"del", key});
    EXPECT_EQ(Run({"hget", key + "2", "a"}), Bulk("changed"));
  }
}

}  // namespace
}  // namespace ringkv::testing
