// List family tests: every command, option and error, with replies, reply types (RESP2 and
// RESP3 null shapes), dirty counts and propagated effects as redis-server 7.0.15 gives them; the
// blocking commands' immediate paths, blocking, and being served by another session's push.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/blocking.h"
#include "engine/types/quicklist.h"
#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

const RespValue kWrongType =
    Err("WRONGTYPE Operation against a key holding the wrong kind of value");
const RespValue kSyntax = Err("ERR syntax error");
const RespValue kNotInt = Err("ERR value is not an integer or out of range");
const RespValue kEmpty = Arr({});

class ListTest : public CommandTest {
 protected:
  RespValue Range(const std::string& key) { return Run({"lrange", key, "0", "-1"}); }
  void Push(const std::string& key, const std::vector<std::string>& elems) {
    std::vector<std::string> argv = {"rpush", key};
    argv.insert(argv.end(), elems.begin(), elems.end());
    ASSERT_EQ(Run(argv).kind, RespValue::kInt);
  }
  const Quicklist* List(const std::string& key) {
    KeyEntry* e = engine_->db(session_->db).Find(key);
    return e == nullptr ? nullptr : static_cast<const Quicklist*>(e->value.object());
  }
};

// ---- pushes, LLEN, types ----------------------------------------------------------------------

TEST_F(ListTest, PushAndLen) {
  EXPECT_EQ(Run({"lpush", "l", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"rpush", "l", "c", "d"}), Int(4));
  EXPECT_EQ(Range("l"), Bulks({"b", "a", "c", "d"}));
  EXPECT_EQ(Run({"llen", "l"}), Int(4));
  EXPECT_EQ(Run({"llen", "nokey"}), Int(0));
  EXPECT_EQ(Run({"type", "l"}), Simple("list"));
  EXPECT_EQ(Run({"object", "encoding", "l"}), Bulk("quicklist"));
  EXPECT_EQ(Run({"lpushx", "l", "x", "y"}), Int(6));
  EXPECT_EQ(Run({"rpushx", "l", "z"}), Int(7));
  EXPECT_EQ(Range("l"), Bulks({"y", "x", "b", "a", "c", "d", "z"}));
  EXPECT_EQ(Run({"lpushx", "nokey", "x"}), Int(0));
  EXPECT_EQ(Run({"rpushx", "nokey", "x"}), Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
  EXPECT_EQ(Run({"lpush", "l"}), Err("ERR wrong number of arguments for 'lpush' command"));
  EXPECT_EQ(Run({"rpushx", "l"}), Err("ERR wrong number of arguments for 'rpushx' command"));
  // Integers and strings that only look like integers keep their text.
  EXPECT_EQ(Run({"rpush", "n", "1", "-5", "01", "+1", "9223372036854775808", ""}), Int(6));
  EXPECT_EQ(Range("n"), Bulks({"1", "-5", "01", "+1", "9223372036854775808", ""}));
}

TEST_F(ListTest, WrongTypeEverywhere) {
  Run({"set", "s", "v"});
  for (auto argv :
       std::vector<std::vector<std::string>>{{"lpush", "s", "a"},
                                             {"rpush", "s", "a"},
                                             {"lpushx", "s", "a"},
                                             {"rpushx", "s", "a"},
                                             {"lpop", "s"},
                                             {"rpop", "s", "2"},
                                             {"llen", "s"},
                                             {"lrange", "s", "0", "1"},
                                             {"lindex", "s", "0"},
                                             {"lindex", "s", "x"},
                                             {"lset", "s", "x", "v"},
                                             {"linsert", "s", "before", "a", "b"},
                                             {"lrem", "s", "0", "a"},
                                             {"ltrim", "s", "0", "1"},
                                             {"lpos", "s", "a"},
                                             {"lmove", "s", "d", "left", "left"},
                                             {"rpoplpush", "s", "d"},
                                             {"lmpop", "1", "s", "left"},
                                             {"blpop", "nokey", "s", "0"},
                                             {"brpop", "s", "0"},
                                             {"blmove", "s", "d", "left", "left", "0"},
                                             {"brpoplpush", "s", "d", "0"},
                                             {"blmpop", "0", "2", "nokey", "s", "left"}}) {
    EXPECT_EQ(Run(argv), kWrongType) << argv[0];
  }
  // Argument errors come first where Redis checks them first.
  EXPECT_EQ(Run({"lrange", "s", "a", "1"}), kNotInt);
  EXPECT_EQ(Run({"lrem", "s", "a", "x"}), kNotInt);
  EXPECT_EQ(Run({"linsert", "s", "middle", "a", "b"}), kSyntax);
  EXPECT_EQ(Run({"lmove", "s", "d", "left", "up"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "s", "left", "count", "0"}),
            Err("ERR count should be greater than 0"));
  EXPECT_EQ(Run({"lpos", "s", "a", "rank", "0"}).kind, RespValue::kError);
  // A list destination of the wrong type leaves the source untouched.
  Push("src", {"a"});
  EXPECT_EQ(Run({"lmove", "src", "s", "left", "left"}), kWrongType);
  EXPECT_EQ(Run({"rpoplpush", "src", "s"}), kWrongType);
  EXPECT_EQ(Run({"blmove", "src", "s", "left", "left", "0"}), kWrongType);
  EXPECT_EQ(Range("src"), Bulks({"a"}));
}

TEST_F(ListTest, PushDirtyAndEffects) {
  TakeEffects();
  uint64_t d = Dirty();
  Run({"rpush", "l", "a", "b", "c"});
  EXPECT_EQ(Dirty() - d, 3u);
  Run({"lpushx", "nokey", "a"});
  Run({"lpushx", "l", "z"});
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"rpush", "l", "a", "b", "c"}, {"lpushx", "l", "z"}}));
}

// ---- LPOP RPOP ----------------------------------------------------------------------------------

TEST_F(ListTest, PopSingleAndCount) {
  Push("l", {"a", "b", "c", "d", "e"});
  EXPECT_EQ(Run({"lpop", "l"}), Bulk("a"));
  EXPECT_EQ(Run({"rpop", "l"}), Bulk("e"));
  EXPECT_EQ(Run({"lpop", "l", "2"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"lpop", "l", "0"}), kEmpty);
  EXPECT_EQ(Run({"rpop", "l", "10"}), Bulks({"d"}));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  Push("l", {"1", "2", "3"});
  EXPECT_EQ(Run({"rpop", "l", "2"}), Bulks({"3", "2"}));  // from the tail inwards
  EXPECT_EQ(Run({"lpop", "l"}), Bulk("1"));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
}

TEST_F(ListTest, PopNullShapesAndErrors) {
  EXPECT_EQ(Run({"lpop", "nokey"}), Nil());
  EXPECT_EQ(Run({"rpop", "nokey"}), Nil());
  // With a count, a missing key is a null array (checked before a zero count).
  EXPECT_EQ(Run({"lpop", "nokey", "2"}), NilArray());
  EXPECT_EQ(Run({"rpop", "nokey", "0"}), NilArray());
  EXPECT_EQ(Run3({"lpop", "nokey", "2"}), NilArray());
  EXPECT_EQ(Run3({"lpop", "nokey"}), Nil());
  const RespValue kPositive = Err("ERR value is out of range, must be positive");
  EXPECT_EQ(Run({"lpop", "nokey", "-1"}), kPositive);
  EXPECT_EQ(Run({"lpop", "nokey", "abc"}), kPositive);
  EXPECT_EQ(Run({"rpop", "nokey", "1", "2"}),
            Err("ERR wrong number of arguments for 'rpop' command"));
  EXPECT_EQ(Run({"lpop"}), Err("ERR wrong number of arguments for 'lpop' command"));
}

TEST_F(ListTest, PopDirtyAndEffects) {
  Push("l", {"a", "b", "c", "d"});
  TakeEffects();
  uint64_t d = Dirty();
  Run({"lpop", "l", "3"});
  EXPECT_EQ(Dirty() - d, 3u);
  Run({"lpop", "l", "0"});
  Run({"lpop", "nokey"});
  Run({"rpop", "l"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"lpop", "l", "3"}, {"rpop", "l"}}));
}

// ---- LRANGE LINDEX LSET -------------------------------------------------------------------------

TEST_F(ListTest, LRange) {
  Push("l", {"a", "b", "c", "d", "e"});
  EXPECT_EQ(Run({"lrange", "l", "1", "3"}), Bulks({"b", "c", "d"}));
  EXPECT_EQ(Run({"lrange", "l", "-2", "-1"}), Bulks({"d", "e"}));
  EXPECT_EQ(Run({"lrange", "l", "-100", "1"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"lrange", "l", "3", "100"}), Bulks({"d", "e"}));
  EXPECT_EQ(Run({"lrange", "l", "3", "1"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "5", "10"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "0", "-6"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "9223372036854775807", "-9223372036854775808"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "l", "-9223372036854775808", "9223372036854775807"}),
            Bulks({"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Run({"lrange", "l", "0", "x"}), kNotInt);
  EXPECT_EQ(Run({"lrange", "nokey", "0", "-1"}), kEmpty);
  EXPECT_EQ(Run({"lrange", "nokey", "x", "-1"}), kNotInt);
}

TEST_F(ListTest, LIndex) {
  Push("l", {"a", "1", "c"});
  EXPECT_EQ(Run({"lindex", "l", "0"}), Bulk("a"));
  EXPECT_EQ(Run({"lindex", "l", "1"}), Bulk("1"));
  EXPECT_EQ(Run({"lindex", "l", "-1"}), Bulk("c"));
  EXPECT_EQ(Run({"lindex", "l", "-3"}), Bulk("a"));
  EXPECT_EQ(Run({"lindex", "l", "3"}), Nil());
  EXPECT_EQ(Run({"lindex", "l", "-4"}), Nil());
  EXPECT_EQ(Run({"lindex", "l", "9223372036854775807"}), Nil());
  EXPECT_EQ(Run({"lindex", "l", "-9223372036854775808"}), Nil());
  EXPECT_EQ(Run({"lindex", "l", "x"}), kNotInt);
  // The key is looked up first: a missing key is nil whatever the index.
  EXPECT_EQ(Run({"lindex", "nokey", "x"}), Nil());
  EXPECT_EQ(Run3({"lindex", "nokey", "0"}), Nil());
}

TEST_F(ListTest, LSet) {
  Push("l", {"a", "b", "c"});
  TakeEffects();
  EXPECT_EQ(Run({"lset", "l", "1", "B"}), Ok());
  EXPECT_EQ(Run({"lset", "l", "-1", "C"}), Ok());
  EXPECT_EQ(Range("l"), Bulks({"a", "B", "C"}));
  EXPECT_EQ(Run({"lset", "l", "3", "x"}), Err("ERR index out of range"));
  EXPECT_EQ(Run({"lset", "l", "-9223372036854775808", "x"}), Err("ERR index out of range"));
  EXPECT_EQ(Run({"lset", "l", "x", "x"}), kNotInt);
  EXPECT_EQ(Run({"lset", "nokey", "x", "x"}), Err("ERR no such key"));
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"lset", "l", "1", "B"}, {"lset", "l", "-1", "C"}}));
  // A big element replaces a small one in place.
  std::string big(20000, 'x');
  EXPECT_EQ(Run({"lset", "l", "0", big}), Ok());
  EXPECT_EQ(Run({"lindex", "l", "0"}), Bulk(big));
  EXPECT_EQ(List("l")->Check(), "");
}

// ---- LINSERT LREM LTRIM -------------------------------------------------------------------------

TEST_F(ListTest, LInsert) {
  Push("l", {"a", "1", "c", "1"});
  TakeEffects();
  EXPECT_EQ(Run({"linsert", "l", "before", "1", "x"}), Int(5));
  EXPECT_EQ(Run({"linsert", "l", "AFTER", "c", "y"}), Int(6));
  EXPECT_EQ(Range("l"), Bulks({"a", "x", "1", "c", "y", "1"}));
  // "01" is not the integer 1: no pivot.
  EXPECT_EQ(Run({"linsert", "l", "before", "01", "z"}), Int(-1));
  EXPECT_EQ(Run({"linsert", "l", "before", "nope", "z"}), Int(-1));
  EXPECT_EQ(Run({"linsert", "nokey", "before", "a", "z"}), Int(0));
  EXPECT_EQ(Run({"linsert", "nokey", "middle", "a", "z"}), kSyntax);
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"linsert", "l", "before", "1", "x"},
                                                {"linsert", "l", "AFTER", "c", "y"}}));
}

TEST_F(ListTest, LRem) {
  Push("l", {"a", "b", "a", "c", "a", "b"});
  EXPECT_EQ(Run({"lrem", "l", "1", "a"}), Int(1));
  EXPECT_EQ(Range("l"), Bulks({"b", "a", "c", "a", "b"}));
  EXPECT_EQ(Run({"lrem", "l", "-1", "b"}), Int(1));
  EXPECT_EQ(Range("l"), Bulks({"b", "a", "c", "a"}));
  EXPECT_EQ(Run({"lrem", "l", "0", "a"}), Int(2));
  EXPECT_EQ(Range("l"), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"lrem", "l", "5", "zz"}), Int(0));
  EXPECT_EQ(Run({"lrem", "nokey", "0", "a"}), Int(0));
  EXPECT_EQ(Run({"lrem", "nokey", "x", "a"}), kNotInt);
  TakeEffects();
  uint64_t d = Dirty();
  EXPECT_EQ(Run({"lrem", "l", "0", "b"}), Int(1));
  EXPECT_EQ(Run({"lrem", "l", "0", "c"}), Int(1));
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Dirty() - d, 2u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"lrem", "l", "0", "b"}, {"lrem", "l", "0", "c"}}));
  // -LONG_MIN overflows in Redis and never matches the removed count: every match goes.
  Push("l", {"1", "x", "1", "1"});
  EXPECT_EQ(Run({"lrem", "l", "-9223372036854775808", "1"}), Int(3));
  EXPECT_EQ(Range("l"), Bulks({"x"}));
}

TEST_F(ListTest, LTrim) {
  Push("l", {"a", "b", "c", "d", "e"});
  TakeEffects();
  uint64_t d = Dirty();
  EXPECT_EQ(Run({"ltrim", "l", "1", "-2"}), Ok());
  EXPECT_EQ(Range("l"), Bulks({"b", "c", "d"}));
  EXPECT_EQ(Dirty() - d, 2u);
  EXPECT_EQ(Run({"ltrim", "l", "0", "100"}), Ok());  // nothing trimmed: not propagated
  EXPECT_EQ(Run({"ltrim", "l", "-100", "1"}), Ok());
  EXPECT_EQ(Range("l"), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"ltrim", "l", "1", "-9223372036854775808"}), Ok());
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  EXPECT_EQ(Run({"ltrim", "nokey", "0", "1"}), Ok());
  EXPECT_EQ(Run({"ltrim", "nokey", "x", "1"}), kNotInt);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"ltrim", "l", "1", "-2"},
                                                {"ltrim", "l", "-100", "1"},
                                                {"ltrim", "l", "1", "-9223372036854775808"}}));
}

// ---- LPOS ---------------------------------------------------------------------------------------

TEST_F(ListTest, LPos) {
  Push("l", {"a", "b", "c", "1", "2", "3", "c", "c"});
  EXPECT_EQ(Run({"lpos", "l", "c"}), Int(2));
  EXPECT_EQ(Run({"lpos", "l", "1"}), Int(3));
  EXPECT_EQ(Run({"lpos", "l", "z"}), Nil());
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "2"}), Int(6));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "-1"}), Int(7));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "-3"}), Int(2));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "4"}), Nil());
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "2"}), (Arr({Int(2), Int(6)})));
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "0"}), (Arr({Int(2), Int(6), Int(7)})));
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "0", "rank", "-1"}), (Arr({Int(7), Int(6), Int(2)})));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "2", "count", "5"}), (Arr({Int(6), Int(7)})));
  EXPECT_EQ(Run({"lpos", "l", "z", "count", "0"}), kEmpty);
  EXPECT_EQ(Run({"lpos", "l", "c", "maxlen", "2"}), Nil());
  EXPECT_EQ(Run({"lpos", "l", "c", "maxlen", "3"}), Int(2));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "-1", "maxlen", "1"}), Int(7));
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "0", "maxlen", "7"}), (Arr({Int(2), Int(6)})));
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "1", "count", "0"}), (Arr({Int(2), Int(6), Int(7)})));
  // RANK LONG_MIN: negated as Redis does, it stays negative, so every match counts and COUNT
  // never stops the walk.
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "-9223372036854775808"}), Int(7));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "-9223372036854775808", "count", "1"}),
            (Arr({Int(7), Int(6), Int(2)})));
  // Missing key: nil, or an empty array with COUNT.
  EXPECT_EQ(Run({"lpos", "nokey", "a"}), Nil());
  EXPECT_EQ(Run({"lpos", "nokey", "a", "count", "0"}), kEmpty);
  EXPECT_EQ(Run3({"lpos", "nokey", "a"}), Nil());
  // Errors.
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "0"}),
            Err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second "
                "... or use negative to start from the end of the list"));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank", "x"}), kNotInt);
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "-1"}), Err("ERR COUNT can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "c", "count", "x"}), Err("ERR COUNT can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "c", "maxlen", "-1"}), Err("ERR MAXLEN can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "c", "maxlen", "x"}), Err("ERR MAXLEN can't be negative"));
  EXPECT_EQ(Run({"lpos", "l", "c", "rank"}), kSyntax);
  EXPECT_EQ(Run({"lpos", "l", "c", "foo", "1"}), kSyntax);
  EXPECT_EQ(Run({"lpos", "nokey", "c", "rank", "0"}).kind, RespValue::kError);
}

// ---- LMOVE RPOPLPUSH ----------------------------------------------------------------------------

TEST_F(ListTest, LMoveAllDirections) {
  Push("src", {"a", "b", "c", "d"});
  EXPECT_EQ(Run({"lmove", "src", "dst", "left", "left"}), Bulk("a"));
  EXPECT_EQ(Run({"lmove", "src", "dst", "LEFT", "RIGHT"}), Bulk("b"));
  EXPECT_EQ(Run({"lmove", "src", "dst", "right", "left"}), Bulk("d"));
  EXPECT_EQ(Run({"lmove", "src", "dst", "Right", "Right"}), Bulk("c"));
  EXPECT_EQ(Range("dst"), Bulks({"d", "a", "b", "c"}));
  EXPECT_EQ(Run({"exists", "src"}), Int(0));
  EXPECT_EQ(Run({"lmove", "src", "dst", "left", "left"}), Nil());
  EXPECT_EQ(Run({"lmove", "src", "dst", "up", "left"}), kSyntax);
  EXPECT_EQ(Run({"rpoplpush", "dst", "other"}), Bulk("c"));
  EXPECT_EQ(Range("other"), Bulks({"c"}));
  EXPECT_EQ(Run({"rpoplpush", "nokey", "other"}), Nil());
  EXPECT_EQ(Run3({"rpoplpush", "nokey", "other"}), Nil());
}

TEST_F(ListTest, LMoveSameListRotates) {
  Push("l", {"a", "b", "c"});
  EXPECT_EQ(Run({"rpoplpush", "l", "l"}), Bulk("c"));
  EXPECT_EQ(Range("l"), Bulks({"c", "a", "b"}));
  EXPECT_EQ(Run({"lmove", "l", "l", "left", "right"}), Bulk("c"));
  EXPECT_EQ(Range("l"), Bulks({"a", "b", "c"}));
  Push("one", {"x"});
  EXPECT_EQ(Run({"lmove", "one", "one", "left", "left"}), Bulk("x"));
  EXPECT_EQ(Range("one"), Bulks({"x"}));
}

TEST_F(ListTest, LMoveEffects) {
  Push("src", {"a", "b"});
  TakeEffects();
  uint64_t d = Dirty();
  Run({"lmove", "src", "dst", "LeFt", "rIGht"});
  Run({"rpoplpush", "src", "dst"});
  Run({"rpoplpush", "src", "dst"});  // nothing left: no effect
  EXPECT_EQ(Dirty() - d, 2u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"lmove", "src", "dst", "LeFt", "rIGht"},
                                                {"rpoplpush", "src", "dst"}}));
}

// ---- LMPOP --------------------------------------------------------------------------------------

TEST_F(ListTest, LMPop) {
  Push("b", {"1", "2", "3"});
  EXPECT_EQ(Run({"lmpop", "2", "a", "b", "left"}), (Arr({Bulk("b"), Bulks({"1"})})));
  EXPECT_EQ(Run({"lmpop", "2", "a", "b", "RIGHT", "count", "10"}),
            (Arr({Bulk("b"), Bulks({"3", "2"})})));
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
  EXPECT_EQ(Run({"lmpop", "2", "a", "b", "left"}), NilArray());
  EXPECT_EQ(Run3({"lmpop", "1", "a", "left"}), NilArray());
  const RespValue kNumkeys = Err("ERR numkeys should be greater than 0");
  const RespValue kCount = Err("ERR count should be greater than 0");
  EXPECT_EQ(Run({"lmpop", "0", "a", "left"}), kNumkeys);
  EXPECT_EQ(Run({"lmpop", "-1", "a", "left"}), kNumkeys);
  EXPECT_EQ(Run({"lmpop", "x", "a", "left"}), kNumkeys);
  EXPECT_EQ(Run({"lmpop", "2", "a", "left"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "9223372036854775807", "a", "left"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "a", "middle"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "a", "left", "count", "0"}), kCount);
  EXPECT_EQ(Run({"lmpop", "1", "a", "left", "count", "-1"}), kCount);
  EXPECT_EQ(Run({"lmpop", "1", "a", "left", "count", "x"}), kCount);
  EXPECT_EQ(Run({"lmpop", "1", "a", "left", "count"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "a", "left", "count", "1", "count", "2"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "a", "left", "foo"}), kSyntax);
  EXPECT_EQ(Run({"lmpop", "1", "a"}), Err("ERR wrong number of arguments for 'lmpop' command"));
}

TEST_F(ListTest, LMPopEffects) {
  Push("l", {"a", "b", "c"});
  TakeEffects();
  uint64_t d = Dirty();
  Run({"lmpop", "1", "l", "left"});
  Run({"lmpop", "2", "nokey", "l", "right", "count", "5"});
  Run({"lmpop", "1", "l", "left"});
  EXPECT_EQ(Dirty() - d, 3u);
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"LPOP", "l", "1"}, {"RPOP", "l", "2"}}));
}

// ---- blocking commands: immediate paths ---------------------------------------------------------

TEST_F(ListTest, BlockingPopsServedAtOnce) {
  Push("b", {"1", "2", "3", "4", "5"});
  TakeEffects();
  EXPECT_EQ(Run({"blpop", "a", "b", "0"}), Bulks({"b", "1"}));
  EXPECT_EQ(Run({"brpop", "a", "b", "1.5"}), Bulks({"b", "5"}));
  EXPECT_EQ(Run({"blmpop", "0", "2", "a", "b", "left", "count", "2"}),
            (Arr({Bulk("b"), Bulks({"2", "3"})})));
  EXPECT_EQ(Run({"blmpop", "0", "1", "b", "right"}), (Arr({Bulk("b"), Bulks({"4"})})));
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
  EXPECT_EQ(
      TakeEffects(),
      (std::vector<Effect>{{"LPOP", "b"}, {"RPOP", "b"}, {"LPOP", "b", "2"}, {"RPOP", "b", "1"}}));
}

TEST_F(ListTest, BlockingMovesServedAtOnce) {
  Push("src", {"a", "b", "c"});
  TakeEffects();
  EXPECT_EQ(Run({"blmove", "src", "dst", "LeFt", "rIGht", "0"}), Bulk("a"));
  EXPECT_EQ(Run({"brpoplpush", "src", "dst", "0"}), Bulk("c"));
  EXPECT_EQ(Range("dst"), Bulks({"c", "a"}));
  // Propagated as the non-blocking command, directions as the client wrote them.
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"LMOVE", "src", "dst", "LeFt", "rIGht"},
                                                {"RPOPLPUSH", "src", "dst"}}));
  EXPECT_EQ(Run({"blmove", "src", "dst", "left", "up", "0"}), kSyntax);
}

TEST_F(ListTest, TimeoutParsing) {
  const RespValue kNotFloat = Err("ERR timeout is not a float or out of range");
  const RespValue kNegative = Err("ERR timeout is negative");
  Push("l", {"a", "b", "c", "d", "e", "f", "g"});
  for (std::string cmd : {"blpop", "brpop"}) {
    EXPECT_EQ(Run({cmd, "l", "abc"}), kNotFloat);
    EXPECT_EQ(Run({cmd, "l", "nan"}), kNotFloat);
    EXPECT_EQ(Run({cmd, "l", ""}), kNotFloat);
    EXPECT_EQ(Run({cmd, "l", " 1"}), kNotFloat);
    EXPECT_EQ(Run({cmd, "l", "1e5000"}), kNotFloat);
    EXPECT_EQ(Run({cmd, "l", "-1"}), kNegative);
    EXPECT_EQ(Run({cmd, "l", "-0.0011"}), kNegative);
    // Out of the int64 range once in milliseconds: the C cast makes it negative.
    EXPECT_EQ(Run({cmd, "l", "1e30"}), kNegative);
    EXPECT_EQ(Run({cmd, "l", "inf"}), kNegative);
    EXPECT_EQ(Run({cmd, "l", "9223372036854775.808"}), kNegative);
  }
  EXPECT_EQ(Run({"blmove", "l", "d", "left", "left", "-1"}), kNegative);
  EXPECT_EQ(Run({"brpoplpush", "l", "d", "x"}), kNotFloat);
  EXPECT_EQ(Run({"blmpop", "x", "1", "l", "left"}), kNotFloat);
  // The options are checked before the timeout.
  EXPECT_EQ(Run({"blmpop", "x", "1", "l", "left", "count", "0"}),
            Err("ERR count should be greater than 0"));
  EXPECT_EQ(Run({"blmpop", "x", "0", "l", "left"}), Err("ERR numkeys should be greater than 0"));
  // Valid timeouts: served at once since the list has elements.
  for (std::string t : {"0", "0.5", "-0.0001", "0x10", "1e3", "9223372036854775", ".5"}) {
    EXPECT_EQ(Run({"blpop", "l", t}).kind, RespValue::kArray) << t;
  }
}

// ---- blocking commands: blocking and being served -----------------------------------------------

TEST_F(ListTest, BlocksWhenNothingToServe) {
  Session& s = engine_->OpenSession();
  EXPECT_TRUE(RunOn(s, {"blpop", "q1", "q2", "0"}).empty());
  EXPECT_TRUE(s.blocked);
  EXPECT_EQ(engine_->blocking().blocked_count(), 1u);
  EXPECT_EQ(engine_->blocking().watched_key_count(), 2u);
  engine_->CloseSession(s);
  EXPECT_EQ(engine_->blocking().blocked_count(), 0u);
  EXPECT_TRUE(TakeEffects().empty());
}

TEST_F(ListTest, BLPopServedByPush) {
  Session& s = engine_->OpenSession();
  ASSERT_TRUE(RunOn(s, {"blpop", "q1", "q2", "0"}).empty());
  TakeEffects();
  EXPECT_EQ(Run({"rpush", "q2", "hello", "world"}), Int(2));
  EXPECT_EQ(io_.Take(s), (std::vector<RespValue>{Bulks({"q2", "hello"})}));
  EXPECT_FALSE(s.blocked);
  EXPECT_EQ(io_.unblocked, (std::vector<uint64_t>{s.id}));
  EXPECT_EQ(Range("q2"), Bulks({"world"}));
  EXPECT_EQ(TakeEffects(),
            (std::vector<Effect>{{"rpush", "q2", "hello", "world"}, {"LPOP", "q2"}}));
}

TEST_F(ListTest, WaitersServedFirstComeFirstServed) {
  Session& s1 = engine_->OpenSession();
  Session& s2 = engine_->OpenSession();
  Session& s3 = engine_->OpenSession();
  ASSERT_TRUE(RunOn(s1, {"brpop", "q", "0"}).empty());
  ASSERT_TRUE(RunOn(s2, {"brpop", "q", "0"}).empty());
  ASSERT_TRUE(RunOn(s3, {"brpop", "q", "0"}).empty());
  EXPECT_EQ(Run({"rpush", "q", "a", "b"}), Int(2));
  EXPECT_EQ(io_.Take(s1), (std::vector<RespValue>{Bulks({"q", "b"})}));
  EXPECT_EQ(io_.Take(s2), (std::vector<RespValue>{Bulks({"q", "a"})}));
  EXPECT_TRUE(io_.Take(s3).empty());
  EXPECT_TRUE(s3.blocked);
  EXPECT_EQ(Run({"exists", "q"}), Int(0));
  EXPECT_EQ(Run({"lpush", "q", "c"}), Int(1));
  EXPECT_EQ(io_.Take(s3), (std::vector<RespValue>{Bulks({"q", "c"})}));
}

TEST_F(ListTest, BLMoveServedByPushChainsToAnotherWaiter) {
  Session& mover = engine_->OpenSession();
  Session& sink = engine_->OpenSession();
  ASSERT_TRUE(RunOn(mover, {"blmove", "jobs", "processing", "RIGHT", "LEFT", "0"}).empty());
  ASSERT_TRUE(RunOn(sink, {"blpop", "processing", "0"}).empty());
  TakeEffects();
  EXPECT_EQ(Run({"lpush", "jobs", "j1"}), Int(1));
  EXPECT_EQ(io_.Take(mover), (std::vector<RespValue>{Bulk("j1")}));
  // The move filled "processing", whose waiter is served in turn.
  EXPECT_EQ(io_.Take(sink), (std::vector<RespValue>{Bulks({"processing", "j1"})}));
  // Served after blocking, Redis 7.0 writes the directions in lower case.
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"lpush", "jobs", "j1"},
                                                {"LMOVE", "jobs", "processing", "right", "left"},
                                                {"LPOP", "processing"}}));
  EXPECT_EQ(Run({"dbsize"}), Int(0));
}

TEST_F(ListTest, BRPopLPushAndBLMPopServedByPush) {
  Session& a = engine_->OpenSession();
  Session& b = engine_->OpenSession();
  ASSERT_TRUE(RunOn(a, {"brpoplpush", "q3", "d3", "0"}).empty());
  ASSERT_TRUE(RunOn(b, {"blmpop", "0", "2", "q4", "q5", "right", "count", "3"}).empty());
  TakeEffects();
  Run({"rpush", "q3", "y"});
  Run({"rpush", "q5", "1", "2"});
  EXPECT_EQ(io_.Take(a), (std::vector<RespValue>{Bulk("y")}));
  EXPECT_EQ(io_.Take(b), (std::vector<RespValue>{Arr({Bulk("q5"), Bulks({"2", "1"})})}));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"rpush", "q3", "y"},
                                                {"RPOPLPUSH", "q3", "d3"},
                                                {"rpush", "q5", "1", "2"},
                                                {"RPOP", "q5", "2"}}));
}

TEST_F(ListTest, BlockedClientTimesOut) {
  Session& a = engine_->OpenSession();
  Session& b = engine_->OpenSession();
  ASSERT_TRUE(RunOn(a, {"blpop", "never", "0.01"}).empty());
  ASSERT_TRUE(RunOn(b, {"blmove", "never", "d", "left", "left", "0.01"}).empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  engine_->HandleBlockedTimeouts();
  // Every list blocking command times out with a null array in Redis 7.0, BLMOVE included.
  EXPECT_EQ(io_.Take(a), (std::vector<RespValue>{NilArray()}));
  EXPECT_EQ(io_.Take(b), (std::vector<RespValue>{NilArray()}));
  EXPECT_FALSE(a.blocked);
  EXPECT_FALSE(b.blocked);
}

// ---- structure and configuration ----------------------------------------------------------------

TEST_F(ListTest, ManyElementsAcrossNodes) {
  std::vector<std::string> argv = {"rpush", "big"};
  for (int i = 0; i < 5000; i++) argv.push_back("element:" + std::to_string(i));
  EXPECT_EQ(Run(argv), Int(5000));
  const Quicklist* ql = List("big");
  ASSERT_NE(ql, nullptr);
  EXPECT_GT(ql->node_count(), 1u);
  EXPECT_EQ(ql->fill(), -2);
  EXPECT_EQ(Run({"lindex", "big", "2500"}), Bulk("element:2500"));
  EXPECT_EQ(Run({"lindex", "big", "-1"}), Bulk("element:4999"));
  EXPECT_EQ(Run({"linsert", "big", "after", "element:1234", "new"}), Int(5001));
  EXPECT_EQ(Run({"lpos", "big", "new"}), Int(1235));
  EXPECT_EQ(Run({"lrange", "big", "1234", "1236"}), Bulks({"element:1234", "new", "element:1235"}));
  EXPECT_EQ(Run({"ltrim", "big", "100", "-101"}), Ok());
  EXPECT_EQ(Run({"llen", "big"}), Int(4801));
  EXPECT_EQ(Run({"lrem", "big", "0", "new"}), Int(1));
  EXPECT_EQ(List("big")->Check(), "");
}

TEST_F(ListTest, NodeSettingsComeFromConfigAtCreation) {
  EXPECT_EQ(Run({"config", "set", "list-max-listpack-size", "4"}), Ok());
  Push("l", {"1", "2", "3", "4", "5", "6", "7", "8", "9"});
  EXPECT_EQ(List("l")->fill(), 4);
  EXPECT_EQ(List("l")->node_count(), 3u);
  EXPECT_EQ(Run({"config", "set", "list-max-listpack-size", "-1"}), Ok());
  Push("l", {"10"});
  EXPECT_EQ(List("l")->fill(), 4);  // an existing list keeps its settings, as in Redis
  Push("m", {"1"});
  EXPECT_EQ(List("m")->fill(), -1);
  EXPECT_EQ(Run({"config", "set", "list-compress-depth", "2"}), Ok());
  Push("c", {"1"});
  EXPECT_EQ(List("c")->compress_depth(), 2);
}

TEST_F(ListTest, CopyAndMemoryUsage) {
  Push("l", {"a", "b", "c"});
  EXPECT_EQ(Run({"copy", "l", "l2"}), Int(1));
  EXPECT_EQ(Range("l2"), Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"object", "encoding", "l2"}), Bulk("quicklist"));
  Run({"rpop", "l"});
  EXPECT_EQ(Range("l2"), Bulks({"a", "b", "c"}));
  KeyEntry* e = engine_->db(0).Find("l2");
  EXPECT_EQ(e->value.HeapBytes(), List("l2")->AllocatedBytes());
  EXPECT_GE(e->value.HeapBytes(), sizeof(Quicklist) + sizeof(QuicklistNode));
}

}  // namespace
}  // namespace ringkv::testing
