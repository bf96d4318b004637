// Sorted set family tests: every command, option and error, with replies and reply types (RESP2
// bulk scores, RESP3 doubles and nested pairs), encodings and conversion points, dirty counts and
// propagated effects as redis-server 7.0.15 gives them (each expectation was checked against it);
// the blocking pops' immediate paths, blocking, being served by another session's write, and
// timing out.
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/blocking.h"
#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

using Effect = std::vector<std::string>;

const RespValue kWrongType = Err("WRONGTYPE Operation against a key holding the wrong kind of value");
const RespValue kSyntax = Err("ERR syntax error");
const RespValue kNotInt = Err("ERR value is not an integer or out of range");
const RespValue kNotFloat = Err("ERR value is not a valid float");
const RespValue kMinMaxFloat = Err("ERR min or max is not a float");
const RespValue kMinMaxLex = Err("ERR min or max not valid string range item");
const RespValue kEmpty = Arr({});

// Member, score, member, score... with scores as recorded doubles.
RespValue WithScores(std::vector<std::pair<std::string, double>> pairs) {
  std::vector<RespValue> out;
  for (auto& [m, s] : pairs) {
    out.push_back(Bulk(m));
    out.push_back(Dbl(s));
  }
  return Arr(std::move(out));
}
// RESP3's nested form: [[member, score], ...].
RespValue Pairs(std::vector<std::pair<std::string, double>> pairs) {
  std::vector<RespValue> out;
  for (auto& [m, s] : pairs) out.push_back(Arr({Bulk(m), Dbl(s)}));
  return Arr(std::move(out));
}

class ZSetTest : public CommandTest {
 protected:
  std::string Encoding(const std::string& key) { return Run({"object", "encoding", key}).str; }
  RespValue All(const std::string& key) { return Run({"zrange", key, "0", "-1", "withscores"}); }
  void Config(const std::string& name, const std::string& value) {
    ASSERT_EQ(Run({"config", "set", name, value}), Ok());
  }
};

// ---- ZADD ZINCRBY ---------------------------------------------------------------------------------

TEST_F(ZSetTest, ZAddBasicsAndFlags) {
  EXPECT_EQ(Run({"zadd", "k", "1", "a", "2", "b", "3", "c"}), Int(3));
  EXPECT_EQ(Run({"zadd", "k", "1", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "k", "ch", "5", "a", "6", "z"}), Int(2));
  EXPECT_EQ(Run({"zadd", "k", "xx", "10", "newone"}), Int(0));
  EXPECT_EQ(Run({"zadd", "k", "nx", "10", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "k", "gt", "1", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "k", "gt", "ch", "100", "a"}), Int(1));
  EXPECT_EQ(Run({"zadd", "k", "lt", "ch", "100", "new"}), Int(1));  // GT/LT still add
  EXPECT_EQ(Run({"zadd", "k", "incr", "1", "a"}), Dbl(101));
  EXPECT_EQ(Run({"zadd", "k", "incr", "gt", "-1", "a"}), Nil());
  EXPECT_EQ(Run({"zadd", "k", "xx", "incr", "1", "nosuch"}), Nil());
  EXPECT_EQ(Run({"zadd", "nokey", "xx", "1", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
  EXPECT_EQ(Run({"zscore", "k", "a"}), Dbl(101));
  EXPECT_EQ(Run({"zcard", "k"}), Int(5));
}

TEST_F(ZSetTest, ZAddErrors) {
  EXPECT_EQ(Run({"zadd", "k", "nx", "xx", "1", "a"}),
            Err("ERR XX and NX options at the same time are not compatible"));
  EXPECT_EQ(Run({"zadd", "k", "gt", "xx", "nx", "1", "a"}),
            Err("ERR XX and NX options at the same time are not compatible"));
  const RespValue gtltnx = Err("ERR GT, LT, and/or NX options at the same time are not compatible");
  EXPECT_EQ(Run({"zadd", "k", "gt", "lt", "1", "a"}), gtltnx);
  EXPECT_EQ(Run({"zadd", "k", "gt", "nx", "1", "a"}), gtltnx);
  EXPECT_EQ(Run({"zadd", "k", "lt", "nx", "1", "a"}), gtltnx);
  EXPECT_EQ(Run({"zadd", "k", "incr", "1", "a", "2", "b"}),
            Err("ERR INCR option supports a single increment-element pair"));
  EXPECT_EQ(Run({"zadd", "k", "gt", "1"}), kSyntax);
  EXPECT_EQ(Run({"zadd", "k", "1", "a", "2"}), kSyntax);
  EXPECT_EQ(Run({"zadd", "k", "1"}), Err("ERR wrong number of arguments for 'zadd' command"));
  EXPECT_EQ(Run({"zadd", "k", "nan", "a"}), kNotFloat);
  EXPECT_EQ(Run({"zadd", "k", "1", "a", "x", "b"}), kNotFloat);
  EXPECT_EQ(Run({"exists", "k"}), Int(0));  // nothing applied
  EXPECT_EQ(Run({"zadd", "k", "inf", "a"}), Int(1));
  EXPECT_EQ(Run({"zadd", "k", "incr", "-inf", "a"}), Err("ERR resulting score is not a number (NaN)"));
  EXPECT_EQ(Run({"zincrby", "k", "-inf", "a"}), Err("ERR resulting score is not a number (NaN)"));
  EXPECT_EQ(Run({"zscore", "k", "a"}), Dbl(INFINITY));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"zadd", "str", "1", "a"}), kWrongType);
  EXPECT_EQ(Run({"zincrby", "str", "1", "a"}), kWrongType);
}

TEST_F(ZSetTest, ZIncrBy) {
  EXPECT_EQ(Run({"zincrby", "k", "2.5", "m"}), Dbl(2.5));
  EXPECT_EQ(Run({"zincrby", "k", "-1", "m"}), Dbl(1.5));
  EXPECT_EQ(Run({"zincrby", "k", "x", "m"}), kNotFloat);
  // The increment goes through ZADD's option parsing, as in Redis.
  EXPECT_EQ(Run({"zincrby", "k", "nx", "m"}), kSyntax);
  EXPECT_EQ(Run3({"zincrby", "k", "1", "m"}), Dbl(2.5));
}

TEST_F(ZSetTest, ScoresFormatting) {
  Run({"zadd", "k", "1.5", "d", "0.1", "e", "-0", "f", "1e300", "g", "123456789012345678", "h",
       "-inf", "i"});
  EXPECT_EQ(All("k"), WithScores({{"i", -INFINITY}, {"f", 0}, {"e", 0.1}, {"d", 1.5},
                                  {"h", 123456789012345678.0}, {"g", 1e300}}));
  // ZSCAN shows a listpack's scores as stored: integers as integers.
  EXPECT_EQ(Run({"zscan", "k", "0"}),
            Arr({Bulk("0"), Bulks({"i", "-inf", "f", "0", "e", "0.10000000000000001", "d", "1.5",
                                   "h", "123456789012345680", "g", "1.0000000000000001e+300"})}));
  // In a skiplist -0 stays -0.
  Config("zset-max-listpack-entries", "0");
  Run({"zadd", "s", "-0", "z", "123456789012345678", "h"});
  EXPECT_EQ(Encoding("s"), "skiplist");
  RespValue score = Run({"zscore", "s", "z"});
  EXPECT_TRUE(score.kind == RespValue::kDouble && score.d == 0 && std::signbit(score.d));
  uint64_t cursor = 0;
  std::vector<std::string> scanned;
  do {
    RespValue r = Run({"zscan", "s", std::to_string(cursor)});
    cursor = std::stoull(r.elems[0].str);
    for (auto& e : r.elems[1].elems) scanned.push_back(e.str);
  } while (cursor != 0);
  std::map<std::string, std::string> m;
  for (size_t i = 0; i + 1 < scanned.size(); i += 2) m[scanned[i]] = scanned[i + 1];
  EXPECT_EQ(m["z"], "-0");
  EXPECT_EQ(m["h"], "1.2345678901234568e+17");
}

// ---- ZREM ZCARD ZSCORE ZMSCORE ZRANK ZCOUNT ZLEXCOUNT ---------------------------------------------

TEST_F(ZSetTest, ReadsAndZRem) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(Run({"zscore", "k", "nosuch"}), Nil());
  EXPECT_EQ(Run({"zscore", "nokey", "a"}), Nil());
  EXPECT_EQ(Run({"zmscore", "k", "a", "nosuch", "b"}), Arr({Dbl(1), Nil(), Dbl(2)}));
  EXPECT_EQ(Run({"zmscore", "nokey", "a", "b"}), Arr({Nil(), Nil()}));
  EXPECT_EQ(Run({"zcard", "nokey"}), Int(0));
  EXPECT_EQ(Run({"zrank", "k", "c"}), Int(2));
  EXPECT_EQ(Run({"zrevrank", "k", "c"}), Int(0));
  EXPECT_EQ(Run({"zrank", "k", "nosuch"}), Nil());
  EXPECT_EQ(Run({"zrank", "nokey", "a"}), Nil());
  EXPECT_EQ(Run({"zcount", "k", "-inf", "+inf"}), Int(3));
  EXPECT_EQ(Run({"zcount", "k", "(1", "3"}), Int(2));
  EXPECT_EQ(Run({"zcount", "k", "1", "(3"}), Int(2));
  EXPECT_EQ(Run({"zcount", "k", "3", "1"}), Int(0));
  EXPECT_EQ(Run({"zcount", "k", "a", "b"}), kMinMaxFloat);
  EXPECT_EQ(Run({"zcount", "nokey", "a", "1"}), kMinMaxFloat);  // parsed before the lookup
  EXPECT_EQ(Run({"zcount", "nokey", "1", "2"}), Int(0));
  EXPECT_EQ(Run({"zlexcount", "k", "-", "+"}), Int(3));
  EXPECT_EQ(Run({"zlexcount", "k", "[a", "(c"}), Int(2));
  EXPECT_EQ(Run({"zlexcount", "k", "a", "b"}), kMinMaxLex);
  EXPECT_EQ(Run({"zlexcount", "k", "+", "-"}), Int(0));
  EXPECT_EQ(Run({"zrem", "k", "a", "nosuch"}), Int(1));
  EXPECT_EQ(Run({"zrem", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"zrem", "k", "b", "c", "d"}), Int(2));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));  // emptied sets are deleted
  Run({"set", "str", "v"});
  for (const char* c : {"zcard", "zrank", "zscore"}) {
    std::vector<std::string> argv = {c, "str"};
    if (std::string(c) != "zcard") argv.push_back("a");
    EXPECT_EQ(Run(argv), kWrongType) << c;
  }
  EXPECT_EQ(Run({"zmscore", "str", "a"}), kWrongType);
  EXPECT_EQ(Run({"zrem", "str", "a"}), kWrongType);
}

TEST_F(ZSetTest, ScoreRangeParsing) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c"});
  // Redis reads bounds with strtod over a C string: "" is 0, leading spaces are skipped.
  EXPECT_EQ(Run({"zrangebyscore", "k", "", ""}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "k", " 1", "(3"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"zrangebyscore", "k", "-inf", "+inf"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"zrangebyscore", "k", "(1", "(2"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "k", "nan", "1"}), kMinMaxFloat);
  EXPECT_EQ(Run({"zrangebyscore", "k", "1x", "2"}), kMinMaxFloat);
  // Lex bounds: "[" and "(" prefixes, "-" and "+" alone.
  EXPECT_EQ(Run({"zrangebylex", "k", "", "[d"}), kMinMaxLex);
  EXPECT_EQ(Run({"zrangebylex", "k", "-x", "+"}), kMinMaxLex);
  EXPECT_EQ(Run({"zrangebylex", "k", "[", "+"}), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"zrangebylex", "k", "(a", "[b"}), Bulks({"b"}));
}

// ---- ZRANGE and variants ---------------------------------------------------------------------------

TEST_F(ZSetTest, ZRangeByRank) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"});
  EXPECT_EQ(Run({"zrange", "k", "0", "-1"}), Bulks({"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Run({"zrange", "k", "2", "3", "withscores"}), WithScores({{"c", 3}, {"d", 4}}));
  EXPECT_EQ(Run({"zrange", "k", "-2", "-1"}), Bulks({"d", "e"}));
  EXPECT_EQ(Run({"zrange", "k", "3", "1"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "k", "10", "20"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "k", "-100", "100"}), Bulks({"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Run({"zrange", "k", "0", "1", "rev", "withscores"}), WithScores({{"e", 5}, {"d", 4}}));
  EXPECT_EQ(Run({"zrevrange", "k", "0", "1"}), Bulks({"e", "d"}));
  EXPECT_EQ(Run3({"zrange", "k", "0", "1", "withscores"}), Pairs({{"a", 1}, {"b", 2}}));
  EXPECT_EQ(Run({"zrange", "nokey", "0", "-1"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "k", "a", "1"}), kNotInt);
  EXPECT_EQ(Run({"zrange", "k", "0", "1", "limit", "0", "1"}),
            Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or "
                "BYLEX"));
  EXPECT_EQ(Run({"zrange", "k", "0", "1", "limit", "0", "-1"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"zrevrange", "k", "0", "1", "rev"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "k", "0", "1", "rev", "rev"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "k", "0", "1", "byscore", "bylex"}), kSyntax);
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"zrange", "str", "0", "-1"}), kWrongType);
}

TEST_F(ZSetTest, ZRangeByScoreAndLex) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"});
  EXPECT_EQ(Run({"zrange", "k", "(2", "5", "byscore"}), Bulks({"c", "d", "e"}));
  EXPECT_EQ(Run({"zrange", "k", "5", "(2", "byscore", "rev", "withscores"}),
            WithScores({{"e", 5}, {"d", 4}, {"c", 3}}));
  EXPECT_EQ(Run({"zrange", "k", "-inf", "+inf", "byscore", "limit", "1", "2"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrange", "k", "-inf", "+inf", "byscore", "limit", "1", "-1"}),
            Bulks({"b", "c", "d", "e"}));
  EXPECT_EQ(Run({"zrange", "k", "-inf", "+inf", "byscore", "limit", "-1", "2"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "k", "-inf", "+inf", "byscore", "limit", "10", "2"}), kEmpty);
  EXPECT_EQ(Run({"zrange", "k", "-inf", "+inf", "byscore", "limit", "0", "0"}), kEmpty);
  EXPECT_EQ(Run({"zrangebyscore", "k", "-inf", "+inf", "limit", "0", "1", "withscores", "limit",
                 "1", "5"}),
            WithScores({{"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}}));
  EXPECT_EQ(Run({"zrevrangebyscore", "k", "4", "2", "withscores", "limit", "0", "2"}),
            WithScores({{"d", 4}, {"c", 3}}));
  EXPECT_EQ(Run({"zrangebyscore", "k", "2", "4", "byscore"}), kSyntax);
  EXPECT_EQ(Run({"zrange", "k", "[b", "(e", "bylex"}), Bulks({"b", "c", "d"}));
  EXPECT_EQ(Run({"zrange", "k", "(e", "[b", "bylex", "rev"}), Bulks({"d", "c", "b"}));
  EXPECT_EQ(Run({"zrange", "k", "-", "+", "bylex", "limit", "2", "2"}), Bulks({"c", "d"}));
  EXPECT_EQ(Run({"zrange", "k", "-", "+", "bylex", "withscores"}),
            Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
  EXPECT_EQ(Run({"zrevrangebylex", "k", "+", "-", "limit", "0", "3"}), Bulks({"e", "d", "c"}));
  EXPECT_EQ(Run({"zrangebylex", "k", "b", "d"}), kMinMaxLex);
  EXPECT_EQ(Run3({"zrangebyscore", "k", "4", "5", "withscores"}), Pairs({{"d", 4}, {"e", 5}}));
}

TEST_F(ZSetTest, ZRangeStore) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d"});
  EXPECT_EQ(Run({"zrangestore", "dst", "k", "0", "1"}), Int(2));
  EXPECT_EQ(All("dst"), WithScores({{"a", 1}, {"b", 2}}));
  EXPECT_EQ(Encoding("dst"), "listpack");
  EXPECT_EQ(Run({"zrangestore", "dst", "k", "3", "1", "byscore", "rev"}), Int(3));
  EXPECT_EQ(All("dst"), WithScores({{"a", 1}, {"b", 2}, {"c", 3}}));
  EXPECT_EQ(Run({"zrangestore", "dst", "k", "[a", "[c", "bylex", "limit", "0", "2"}), Int(2));
  EXPECT_EQ(Run({"zrangestore", "dst", "k", "0", "-1", "withscores"}), kSyntax);
  Run({"expire", "dst", "100"});
  EXPECT_EQ(Run({"zrangestore", "dst", "k", "0", "0"}), Int(1));
  EXPECT_EQ(Run({"ttl", "dst"}), Int(-1));  // the destination is replaced, TTL dropped
  TakeEffects();
  uint64_t dirty = Dirty();
  EXPECT_EQ(Run({"zrangestore", "dst", "nokey", "0", "-1"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Dirty(), dirty + 1);
  EXPECT_EQ(Run({"zrangestore", "dst", "nokey", "0", "-1"}), Int(0));
  EXPECT_EQ(Dirty(), dirty + 1);  // nothing to delete: no change
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"zrangestore", "dst", "nokey", "0", "-1"}}));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"zrangestore", "dst", "str", "0", "-1"}), kWrongType);
}

// ---- ZREMRANGEBY* -------------------------------------------------------------------------------

TEST_F(ZSetTest, ZRemRange) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g"});
  uint64_t dirty = Dirty();
  EXPECT_EQ(Run({"zremrangebyrank", "k", "0", "0"}), Int(1));
  EXPECT_EQ(Run({"zremrangebyrank", "k", "-1", "-1"}), Int(1));
  EXPECT_EQ(Run({"zremrangebyrank", "k", "10", "20"}), Int(0));
  EXPECT_EQ(Run({"zremrangebyrank", "k", "x", "1"}), kNotInt);
  EXPECT_EQ(Run({"zremrangebyscore", "k", "(2", "4"}), Int(2));
  EXPECT_EQ(Run({"zremrangebyscore", "k", "a", "b"}), kMinMaxFloat);
  EXPECT_EQ(Run({"zremrangebylex", "k", "a", "b"}), kMinMaxLex);
  EXPECT_EQ(All("k"), WithScores({{"b", 2}, {"e", 5}, {"f", 6}}));
  EXPECT_EQ(Dirty(), dirty + 4);
  EXPECT_EQ(Run({"zremrangebylex", "k", "-", "[e"}), Int(2));
  EXPECT_EQ(Run({"zremrangebyrank", "k", "0", "-1"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(Run({"zremrangebyrank", "nokey", "0", "-1"}), Int(0));
}

// ---- pops -----------------------------------------------------------------------------------------

TEST_F(ZSetTest, ZPopMinMax) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d"});
  EXPECT_EQ(Run({"zpopmin", "k"}), WithScores({{"a", 1}}));
  EXPECT_EQ(Run({"zpopmax", "k"}), WithScores({{"d", 4}}));
  EXPECT_EQ(Run({"zpopmin", "k", "0"}), kEmpty);
  EXPECT_EQ(Run({"zpopmin", "k", "-1"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"zpopmin", "k", "x"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"zpopmin", "k", "1", "2"}), kSyntax);
  EXPECT_EQ(Run({"zpopmin", "nokey"}), kEmpty);
  EXPECT_EQ(Run3({"zpopmin", "k"}), Arr({Bulk("b"), Dbl(2)}));  // flat without COUNT
  EXPECT_EQ(Run3({"zpopmax", "k", "5"}), Pairs({{"c", 3}}));     // nested with COUNT
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"zpopmin", "str", "0"}), kWrongType);
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c"});
  TakeEffects();
  uint64_t dirty = Dirty();
  EXPECT_EQ(Run({"zpopmax", "k", "2"}), WithScores({{"c", 3}, {"b", 2}}));
  EXPECT_EQ(Dirty(), dirty + 2);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"zpopmax", "k", "2"}}));
}

TEST_F(ZSetTest, ZMPop) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c", "4", "d"});
  Run({"zadd", "k2", "5", "x"});
  TakeEffects();
  EXPECT_EQ(Run({"zmpop", "2", "nokey", "k", "min"}),
            Arr({Bulk("k"), Arr({Arr({Bulk("a"), Dbl(1)})})}));
  EXPECT_EQ(Run({"zmpop", "2", "k", "k2", "max", "count", "2"}),
            Arr({Bulk("k"), Pairs({{"d", 4}, {"c", 3}})}));
  EXPECT_EQ(Run({"zmpop", "1", "k", "min", "count", "10"}), Arr({Bulk("k"), Pairs({{"b", 2}})}));
  // Propagated as ZPOPMIN/ZPOPMAX with the count actually popped.
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"ZPOPMIN", "k", "1"},
                                                 {"ZPOPMAX", "k", "2"},
                                                 {"ZPOPMIN", "k", "1"}}));
  EXPECT_EQ(Run({"zmpop", "1", "k", "min"}), NilArray());
  EXPECT_EQ(Run3({"zmpop", "1", "k", "min"}), NilArray());  // "_" on the wire
  EXPECT_EQ(Run({"zmpop", "0", "k", "min"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"zmpop", "x", "k", "min"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"zmpop", "2", "k", "min"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "1", "k", "foo"}), kSyntax);
  EXPECT_EQ(Run({"zmpop", "1", "k", "min", "count", "0"}),
            Err("ERR count should be greater than 0"));
  EXPECT_EQ(Run({"zmpop", "1", "k", "min", "count", "x"}),
            Err("ERR count should be greater than 0"));
  EXPECT_EQ(Run({"zmpop", "1", "k", "min", "count", "1", "count", "1"}), kSyntax);
  Run({"set", "str", "v"});
  TakeEffects();
  EXPECT_EQ(Run({"zmpop", "2", "str", "k2", "min"}), kWrongType);
  EXPECT_TRUE(TakeEffects().empty());
}

TEST_F(ZSetTest, BlockingPopsServedAtOnce) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c"});
  TakeEffects();
  EXPECT_EQ(Run({"bzpopmin", "nokey", "k", "0"}), Arr({Bulk("k"), Bulk("a"), Dbl(1)}));
  EXPECT_EQ(Run3({"bzpopmax", "k", "0"}), Arr({Bulk("k"), Bulk("c"), Dbl(3)}));
  EXPECT_EQ(Run({"bzmpop", "0", "1", "k", "min", "count", "5"}), Arr({Bulk("k"), Pairs({{"b", 2}})}));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"ZPOPMIN", "k"}, {"ZPOPMAX", "k"},
                                                 {"ZPOPMIN", "k", "1"}}));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"bzpopmin", "str", "k", "0"}), kWrongType);
}

TEST_F(ZSetTest, BlockingTimeoutErrors) {
  const RespValue not_float = Err("ERR timeout is not a float or out of range");
  const RespValue negative = Err("ERR timeout is negative");
  EXPECT_EQ(Run({"bzpopmin", "k", "x"}), not_float);
  EXPECT_EQ(Run({"bzpopmin", "k", "nan"}), not_float);
  EXPECT_EQ(Run({"bzpopmin", "k", " 1"}), not_float);
  EXPECT_EQ(Run({"bzpopmin", "k", "-1"}), negative);
  EXPECT_EQ(Run({"bzpopmin", "k", "inf"}), negative);
  EXPECT_EQ(Run({"bzpopmin", "k", "-inf"}), negative);
  EXPECT_EQ(Run({"bzpopmin", "k", "1e300"}), negative);  // overflows to LLONG_MIN, as Redis
  EXPECT_EQ(Run({"bzpopmin", "k", "1e16"}), negative);
  EXPECT_EQ(Run({"bzmpop", "x", "1", "k", "min"}), not_float);
  // BZMPOP checks numkeys, MIN|MAX and COUNT before the timeout.
  EXPECT_EQ(Run({"bzmpop", "-1", "0", "k", "min"}), Err("ERR numkeys should be greater than 0"));
  EXPECT_EQ(Run({"bzmpop", "-1", "1", "k", "foo"}), kSyntax);
  EXPECT_EQ(engine_->blocking().blocked_count(), 0u);
}

TEST_F(ZSetTest, BlockedPopServedByZAdd) {
  Session& s = engine_->OpenSession();
  ASSERT_TRUE(RunOn(s, {"bzpopmin", "q1", "q2", "0"}).empty());
  EXPECT_TRUE(s.blocked);
  Session& s2 = engine_->OpenSession();
  s2.resp = 3;
  ASSERT_TRUE(RunOn(s2, {"bzmpop", "0", "1", "q2", "max", "count", "5"}).empty());
  TakeEffects();
  EXPECT_EQ(Run({"zadd", "q2", "1", "a", "2", "b", "3", "c"}), Int(3));
  // First come, first served: s takes the lowest, s2 the rest.
  EXPECT_EQ(io_.Take(s), (std::vector<RespValue>{Arr({Bulk("q2"), Bulk("a"), Dbl(1)})}));
  EXPECT_EQ(io_.Take(s2), (std::vector<RespValue>{Arr({Bulk("q2"), Pairs({{"c", 3}, {"b", 2}})})}));
  EXPECT_FALSE(s.blocked);
  EXPECT_FALSE(s2.blocked);
  EXPECT_EQ(Run({"exists", "q2"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"zadd", "q2", "1", "a", "2", "b", "3", "c"},
                                                 {"ZPOPMIN", "q2"},
                                                 {"ZPOPMAX", "q2", "2"}}));
}

TEST_F(ZSetTest, BlockedPopServedByStoreAndNotByOtherTypes) {
  Session& s = engine_->OpenSession();
  ASSERT_TRUE(RunOn(s, {"bzpopmax", "dst", "0"}).empty());
  Run({"set", "dst", "str"});  // another type: not served
  EXPECT_TRUE(io_.Take(s).empty());
  EXPECT_TRUE(s.blocked);
  Run({"del", "dst"});
  Run({"zadd", "src", "1", "x", "2", "y"});
  EXPECT_EQ(Run({"zunionstore", "dst", "1", "src"}), Int(2));
  EXPECT_EQ(io_.Take(s), (std::vector<RespValue>{Arr({Bulk("dst"), Bulk("y"), Dbl(2)})}));
}

TEST_F(ZSetTest, BlockedPopTimesOut) {
  Session& a = engine_->OpenSession();
  Session& b = engine_->OpenSession();
  ASSERT_TRUE(RunOn(a, {"bzpopmin", "never", "0.01"}).empty());
  ASSERT_TRUE(RunOn(b, {"bzmpop", "0.01", "1", "never", "min"}).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  engine_->HandleBlockedTimeouts();
  EXPECT_EQ(io_.Take(a), (std::vector<RespValue>{NilArray()}));
  EXPECT_EQ(io_.Take(b), (std::vector<RespValue>{NilArray()}));
  EXPECT_FALSE(a.blocked);
  EXPECT_TRUE(TakeEffects().empty());
}

// 0.001 s is 1 ms once rounded up as Redis does; truncated (0.001L * 1000 is just below 1) it was
// 0, "forever", and the client never got its timeout (found by test_zset_differential.py).
TEST_F(ZSetTest, SubMillisecondTimeoutRoundsUp) {
  Session& a = engine_->OpenSession();
  ASSERT_TRUE(RunOn(a, {"bzpopmin", "never", "0.001"}).empty());
  ASSERT_TRUE(a.blocked);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  engine_->HandleBlockedTimeouts();
  EXPECT_EQ(io_.Take(a), (std::vector<RespValue>{NilArray()}));
  EXPECT_FALSE(a.blocked);
}

TEST_F(ZSetTest, BlockingPopAnswersAtOnceWhenItMayNotBlock) {
  // Inside MULTI or a script a blocking pop answers like a timeout.
  std::vector<std::string_view> argv = {"bzpopmin", "none", "0"};
  RecordingReply reply;
  CommandContext ctx{*engine_, *session_, reply, argv, *engine_->commands().Find("bzpopmin"), 0};
  ctx.no_blocking = true;
  engine_->commands().Find("bzpopmin")->handler(ctx);
  EXPECT_FALSE(ctx.blocked);
  EXPECT_EQ(reply.TakeReplies(), (std::vector<RespValue>{NilArray()}));
}

// ---- ZRANDMEMBER ------------------------------------------------------------------------------------

TEST_F(ZSetTest, ZRandMember) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c"});
  // A count at least the size returns the whole set, from the highest score down.
  EXPECT_EQ(Run({"zrandmember", "k", "100", "withscores"}), WithScores({{"c", 3}, {"b", 2}, {"a", 1}}));
  EXPECT_EQ(Run3({"zrandmember", "k", "3", "withscores"}), Pairs({{"c", 3}, {"b", 2}, {"a", 1}}));
  EXPECT_EQ(Run({"zrandmember", "k", "0"}), kEmpty);
  RespValue one = Run({"zrandmember", "k"});
  EXPECT_TRUE(one.str == "a" || one.str == "b" || one.str == "c");
  RespValue rep = Run({"zrandmember", "k", "-7", "withscores"});
  EXPECT_EQ(rep.elems.size(), 14u);
  RespValue two = Run({"zrandmember", "k", "2"});
  ASSERT_EQ(two.elems.size(), 2u);
  EXPECT_NE(two.elems[0].str, two.elems[1].str);
  EXPECT_EQ(Run({"zrandmember", "nokey"}), Nil());
  EXPECT_EQ(Run({"zrandmember", "nokey", "5"}), kEmpty);
  EXPECT_EQ(Run({"zrandmember", "k", "1", "2"}), kSyntax);
  EXPECT_EQ(Run({"zrandmember", "k", "x"}), kNotInt);
  EXPECT_EQ(Run({"zrandmember", "k", "-9223372036854775808"}),
            Err("ERR value is out of range, value must between -9223372036854775807 and "
                "9223372036854775807"));
  EXPECT_EQ(Run({"zrandmember", "k", "4611686018427387904", "withscores"}),
            Err("ERR value is out of range"));
  // Unique picks from a big set.
  std::vector<std::string> argv = {"zadd", "big"};
  for (int i = 0; i < 300; i++) {
    argv.push_back(std::to_string(i));
    argv.push_back("m" + std::to_string(i));
  }
  Run(argv);
  for (const char* n : {"10", "150"}) {
    RespValue r = Run({"zrandmember", "big", n});
    std::set<std::string> uniq;
    for (auto& e : r.elems) uniq.insert(e.str);
    EXPECT_EQ(uniq.size(), static_cast<size_t>(std::stoi(n)));
  }
}

// ---- ZUNION ZINTER ZDIFF and STORE forms --------------------------------------------------------

TEST_F(ZSetTest, SetOperations) {
  Run({"zadd", "z1", "1", "a", "2", "b", "3", "c"});
  Run({"zadd", "z2", "10", "b", "20", "c", "30", "d"});
  Run({"sadd", "s1", "a", "b", "x"});
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "withscores"}),
            WithScores({{"a", 1}, {"b", 12}, {"c", 23}, {"d", 30}}));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "weights", "2", "3", "withscores"}),
            WithScores({{"a", 2}, {"b", 34}, {"c", 66}, {"d", 90}}));
  EXPECT_EQ(Run({"zunion", "2", "z1", "z2", "aggregate", "min", "withscores"}),
            WithScores({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 30}}));
  EXPECT_EQ(Run({"zunion", "3", "z1", "z2", "s1", "withscores"}),
            WithScores({{"x", 1}, {"a", 2}, {"b", 13}, {"c", 23}, {"d", 30}}));
  EXPECT_EQ(Run({"zinter", "2", "z1", "z2", "withscores"}), WithScores({{"b", 12}, {"c", 23}}));
  EXPECT_EQ(Run({"zinter", "3", "z1", "z2", "s1"}), Bulks({"b"}));
  EXPECT_EQ(Run({"zinter", "2", "z1", "nokey"}), kEmpty);
  EXPECT_EQ(Run({"zdiff", "2", "z1", "z2", "withscores"}), WithScores({{"a", 1}}));
  EXPECT_EQ(Run({"zdiff", "2", "s1", "z1", "withscores"}), WithScores({{"x", 1}}));
  EXPECT_EQ(Run3({"zinter", "2", "z1", "z2", "withscores"}), Pairs({{"b", 12}, {"c", 23}}));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2"}), Int(2));
  EXPECT_EQ(Run({"zintercard", "2", "z1", "z2", "limit", "1"}), Int(1));
  EXPECT_EQ(Run({"zintercard", "1", "z1", "limit", "1", "limit", "0"}), Int(3));
  // Repeated options are allowed, the last wins.
  EXPECT_EQ(Run({"zunion", "1", "z1", "weights", "1", "weights", "2", "aggregate", "sum",
                 "aggregate", "max", "withscores", "withscores"}),
            WithScores({{"a", 2}, {"b", 4}, {"c", 6}}));
  // inf - inf sums to 0; inf * 0 weighs 0.
  Run({"zadd", "i1", "inf", "a", "-inf", "b"});
  Run({"zadd", "i2", "-inf", "a", "inf", "b"});
  EXPECT_EQ(Run({"zunion", "2", "i1", "i2", "withscores"}), WithScores({{"a", 0}, {"b", 0}}));
  EXPECT_EQ(Run({"zunion", "2", "i1", "i2", "weights", "0", "1", "withscores"}),
            WithScores({{"a", -INFINITY}, {"b", INFINITY}}));
}

TEST_F(ZSetTest, SetOperationErrors) {
  Run({"zadd", "z1", "1", "a"});
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"zunion", "0", "z1"}), Err("ERR at least 1 input key is needed for 'zunion' command"));
  EXPECT_EQ(Run({"zunionstore", "d", "0", "z1"}),
            Err("ERR at least 1 input key is needed for 'zunionstore' command"));
  EXPECT_EQ(Run({"zintercard", "0", "z1"}),
            Err("ERR at least 1 input key is needed for 'zintercard' command"));
  EXPECT_EQ(Run({"zunion", "3", "z1"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "x", "z1"}), kNotInt);
  EXPECT_EQ(Run({"zunion", "1", "z1", "weights", "x"}), Err("ERR weight value is not a float"));
  EXPECT_EQ(Run({"zunion", "1", "z1", "weights", "1", "2"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "1", "z1", "aggregate", "mul"}), kSyntax);
  EXPECT_EQ(Run({"zunion", "2", "z1", "str"}), kWrongType);
  // The types are checked before the options.
  EXPECT_EQ(Run({"zunionstore", "d", "1", "str", "weights", "x"}), kWrongType);
  EXPECT_EQ(Run({"zunionstore", "d", "1", "z1", "withscores"}), kSyntax);
  EXPECT_EQ(Run({"zdiff", "1", "z1", "weights", "1"}), kSyntax);
  EXPECT_EQ(Run({"zintercard", "1", "z1", "withscores"}), kSyntax);
  EXPECT_EQ(Run({"zintercard", "1", "z1", "limit", "-1"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"zintercard", "1", "z1", "limit", "x"}), Err("ERR LIMIT can't be negative"));
}

TEST_F(ZSetTest, StoreForms) {
  Run({"zadd", "z1", "1", "a", "2", "b", "3", "c"});
  Run({"zadd", "z2", "10", "b", "20", "c", "30", "d"});
  TakeEffects();
  uint64_t dirty = Dirty();
  EXPECT_EQ(Run({"zunionstore", "dst", "2", "z1", "z2"}), Int(4));
  EXPECT_EQ(All("dst"), WithScores({{"a", 1}, {"b", 12}, {"c", 23}, {"d", 30}}));
  EXPECT_EQ(Encoding("dst"), "listpack");
  EXPECT_EQ(Run({"zinterstore", "dst", "2", "z1", "z2", "weights", "2", "2"}), Int(2));
  EXPECT_EQ(All("dst"), WithScores({{"b", 24}, {"c", 46}}));
  EXPECT_EQ(Run({"zdiffstore", "dst", "2", "z1", "z2"}), Int(1));
  EXPECT_EQ(Dirty(), dirty + 3);
  EXPECT_EQ(Run({"zinterstore", "dst", "2", "z1", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Dirty(), dirty + 4);
  Run({"set", "dst", "x"});
  EXPECT_EQ(Run({"zunionstore", "dst", "1", "z1"}), Int(3));
  EXPECT_EQ(Run({"type", "dst"}), Simple("zset"));
  // The source may be the destination.
  EXPECT_EQ(Run({"zunionstore", "z1", "2", "z1", "z2"}), Int(4));
  EXPECT_EQ(All("z1"), WithScores({{"a", 1}, {"b", 12}, {"c", 23}, {"d", 30}}));
}

// ---- encodings ----------------------------------------------------------------------------------

TEST_F(ZSetTest, EncodingConversions) {
  std::vector<std::string> argv = {"zadd", "e"};
  for (int i = 0; i < 128; i++) {
    argv.push_back(std::to_string(i));
    argv.push_back("m" + std::to_string(i));
  }
  Run(argv);
  EXPECT_EQ(Encoding("e"), "listpack");
  Run({"zadd", "e", "1000", "m1"});
  EXPECT_EQ(Encoding("e"), "listpack");
  Run({"zadd", "e", "129", "m129"});
  EXPECT_EQ(Encoding("e"), "skiplist");
  Run({"zremrangebyrank", "e", "0", "-3"});
  EXPECT_EQ(Encoding("e"), "skiplist");  // never converts back by itself
  EXPECT_EQ(All("e"), WithScores({{"m129", 129}, {"m1", 1000}}));
  // ... but store commands build small results as listpacks.
  EXPECT_EQ(Run({"zunionstore", "d", "1", "e"}), Int(2));
  EXPECT_EQ(Encoding("d"), "listpack");
  EXPECT_EQ(Run({"zrangestore", "d", "e", "0", "-1"}), Int(2));
  EXPECT_EQ(Encoding("d"), "listpack");

  Run({"zadd", "l", "1", std::string(64, 'x')});
  EXPECT_EQ(Encoding("l"), "listpack");
  Run({"zadd", "l", "2", std::string(65, 'y')});
  EXPECT_EQ(Encoding("l"), "skiplist");
  Run({"zadd", "l2", "1", std::string(65, 'y')});
  EXPECT_EQ(Encoding("l2"), "skiplist");
  EXPECT_EQ(Run({"zunionstore", "d", "1", "l2"}), Int(1));
  EXPECT_EQ(Encoding("d"), "skiplist");

  Config("zset-max-listpack-entries", "0");
  Run({"zadd", "z0", "1", "a"});
  EXPECT_EQ(Encoding("z0"), "skiplist");
  Config("zset-max-listpack-entries", "128");
  EXPECT_EQ(Run({"copy", "e", "e2"}), Int(1));
  EXPECT_EQ(Encoding("e2"), "skiplist");
  EXPECT_EQ(All("e2"), All("e"));
}

TEST_F(ZSetTest, ZRangeStoreEncodingFollowsRedis) {
  std::vector<std::string> argv = {"zadd", "big"};
  for (int i = 0; i < 200; i++) {
    argv.push_back(std::to_string(i));
    argv.push_back("m" + std::to_string(i));
  }
  Run(argv);
  EXPECT_EQ(Run({"zrangestore", "d", "big", "0", "127"}), Int(128));
  EXPECT_EQ(Encoding("d"), "listpack");
  EXPECT_EQ(Run({"zrangestore", "d", "big", "0", "128"}), Int(129));
  EXPECT_EQ(Encoding("d"), "skiplist");
  EXPECT_EQ(Run({"zrangestore", "d", "big", "0", "127", "byscore"}), Int(128));
  EXPECT_EQ(Encoding("d"), "listpack");
  EXPECT_EQ(Run({"zrangestore", "d", "big", "0", "128", "byscore"}), Int(129));
  EXPECT_EQ(Encoding("d"), "skiplist");
  // A result built as a listpack that converts on the way loses -0, as in Redis.
  Config("zset-max-listpack-entries", "0");
  Run({"zadd", "n", "-0", "a", "1", "b", "2", "c"});
  EXPECT_TRUE(std::signbit(Run({"zscore", "n", "a"}).d));
  Config("zset-max-listpack-entries", "2");
  EXPECT_EQ(Run({"zrangestore", "d", "n", "-inf", "+inf", "byscore"}), Int(3));
  EXPECT_EQ(Encoding("d"), "skiplist");
  EXPECT_FALSE(std::signbit(Run({"zscore", "d", "a"}).d));
  // ZUNIONSTORE builds a skiplist first and keeps it.
  EXPECT_EQ(Run({"zunionstore", "d", "1", "n"}), Int(3));
  EXPECT_TRUE(std::signbit(Run({"zscore", "d", "a"}).d));
}

// ---- ZSCAN ------------------------------------------------------------------------------------------

TEST_F(ZSetTest, ZScan) {
  Run({"zadd", "k", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(Run({"zscan", "k", "0"}), Arr({Bulk("0"), Bulks({"a", "1", "b", "2", "c", "3"})}));
  EXPECT_EQ(Run({"zscan", "k", "0", "match", "a*"}), Arr({Bulk("0"), Bulks({"a", "1"})}));
  EXPECT_EQ(Run({"zscan", "k", "0", "count", "0"}), kSyntax);
  EXPECT_EQ(Run({"zscan", "k", "0", "count", "x"}), kNotInt);
  EXPECT_EQ(Run({"zscan", "k", "x"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"zscan", "k", "0", "type", "zset"}), kSyntax);
  EXPECT_EQ(Run({"zscan", "k", "0", "match"}), kSyntax);
  EXPECT_EQ(Run({"zscan", "nokey", "0", "count", "0"}), Arr({Bulk("0"), kEmpty}));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"zscan", "str", "0"}), kWrongType);
  // A skiplist is walked with the cursor; every member comes back.
  std::vector<std::string> argv = {"zadd", "big"};
  for (int i = 0; i < 500; i++) {
    argv.push_back(std::to_string(i));
    argv.push_back("m" + std::to_string(i));
  }
  Run(argv);
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    RespValue r = Run({"zscan", "big", cursor, "count", "20"});
    cursor = r.elems[0].str;
    ASSERT_EQ(r.elems[1].elems.size() % 2, 0u);
    for (size_t i = 0; i < r.elems[1].elems.size(); i += 2) seen.insert(r.elems[1].elems[i].str);
    calls++;
  } while (cursor != "0");
  EXPECT_EQ(seen.size(), 500u);
  EXPECT_GT(calls, 10);
}

// ---- effects and dirty ------------------------------------------------------------------------

TEST_F(ZSetTest, DirtyAndEffects) {
  uint64_t dirty = Dirty();
  Run({"zadd", "k", "1", "a", "2", "b"});
  EXPECT_EQ(Dirty(), dirty + 2);
  Run({"zadd", "k", "1", "a", "3", "b", "4", "c"});  // one update, one add
  EXPECT_EQ(Dirty(), dirty + 4);
  Run({"zadd", "k", "1", "a"});  // no change: not propagated
  EXPECT_EQ(Dirty(), dirty + 4);
  Run({"zincrby", "k", "0.5", "a"});
  Run({"zrem", "k", "a", "b", "nosuch"});
  EXPECT_EQ(Dirty(), dirty + 7);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"zadd", "k", "1", "a", "2", "b"},
                                                 {"zadd", "k", "1", "a", "3", "b", "4", "c"},
                                                 {"zincrby", "k", "0.5", "a"},
                                                 {"zrem", "k", "a", "b", "nosuch"}}));
}

}  // namespace
}  // namespace ringkv::testing
