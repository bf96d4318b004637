// ZSetType tests: the listpack ↔ skiplist conversion points (as redis-server 7.0.15 converts), the
// listpack bytes of scores, ZADD's flag semantics, random operations against a std::map model
// in both encodings with a fixed seed (scores, ranks, ranges, range deletions), the Arena
// contract on a Value living in arena memory (CheckingArena), SCAN's coverage, copies, and that
// every byte goes back to the arena.
#include "engine/types/zset_type.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <new>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

using ringkv::testing::CheckingArena;

std::vector<std::pair<std::string, double>> Contents(const Value& v) {
  std::vector<std::pair<std::string, double>> out;
  ZSetType::ForEach(v, [&](std::string_view m, double s) { out.emplace_back(m, s); });
  return out;
}

// Sorted by (score, member) like a zset.
std::vector<std::pair<std::string, double>> Sorted(const std::map<std::string, double>& m) {
  std::vector<std::pair<std::string, double>> out(m.begin(), m.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  return out;
}

class ZSetTypeTest : public ::testing::Test {
 protected:
  ~ZSetTypeTest() override { EXPECT_EQ(arena_.UsedBytes(), 0u); }

  // Adds with no flags; returns the out flags.
  int Add(Value& v, double score, std::string_view m, int flags = zadd::kNone,
          ZSetLimits limits = {}) {
    int out = 0;
    double ns = 0;
    EXPECT_TRUE(ZSetType::Add(arena_, v, score, m, flags, &out, &ns, limits, ZSetHome::kLocal));
    return out;
  }

  MallocArena arena_;
};

TEST_F(ZSetTypeTest, CreateForPicksEncoding) {
  ZSetLimits limits;
  Value a = ZSetType::CreateFor(arena_, std::string(64, 'x'), limits);
  EXPECT_EQ(a.type(), ObjType::kZSet);
  EXPECT_EQ(a.encoding(), Encoding::kListpack);
  Value b = ZSetType::CreateFor(arena_, std::string(65, 'x'), limits);
  EXPECT_EQ(b.encoding(), Encoding::kSkiplist);
  Value c = ZSetType::CreateFor(arena_, "x", ZSetLimits{0, 64});
  EXPECT_EQ(c.encoding(), Encoding::kSkiplist);
  EXPECT_EQ(ZSetType::Length(a), 0u);
  EXPECT_EQ(ZSetType::Length(b), 0u);
  a.Destroy(arena_);
  b.Destroy(arena_);
  c.Destroy(arena_);
}

TEST_F(ZSetTypeTest, ConvertsPastLimitsAndNeverBack) {
  Value v = ZSetType::CreateListpack(arena_);
  for (int i = 0; i < 128; i++) EXPECT_EQ(Add(v, i, "m" + std::to_string(i)), zadd::kAdded);
  EXPECT_EQ(v.encoding(), Encoding::kListpack);
  // Updating an existing member never converts.
  EXPECT_EQ(Add(v, 1000, "m0"), zadd::kUpdated);
  EXPECT_EQ(v.encoding(), Encoding::kListpack);
  EXPECT_EQ(Add(v, 128, "m128"), zadd::kAdded);
  EXPECT_EQ(v.encoding(), Encoding::kSkiplist);
  EXPECT_EQ(ZSetType::Length(v), 129u);
  for (int i = 0; i < 129; i++) EXPECT_TRUE(ZSetType::Delete(arena_, v, "m" + std::to_string(i), ZSetHome::kLocal));
  EXPECT_EQ(ZSetType::Length(v), 0u);
  EXPECT_EQ(v.encoding(), Encoding::kSkiplist);
  v.Destroy(arena_);

  Value w = ZSetType::CreateListpack(arena_);
  Add(w, 1, std::string(64, 'a'));
  EXPECT_EQ(w.encoding(), Encoding::kListpack);
  Add(w, 2, std::string(65, 'a'));
  EXPECT_EQ(w.encoding(), Encoding::kSkiplist);
  EXPECT_EQ(Contents(w), (std::vector<std::pair<std::string, double>>{{std::string(64, 'a'), 1},
                                                                      {std::string(65, 'a'), 2}}));
  w.Destroy(arena_);
}

TEST_F(ZSetTypeTest, ListpackStoresScoresAsRedis) {
  Value v = ZSetType::CreateListpack(arena_);
  Add(v, 5, "int");
  Add(v, 0.1, "tenth");
  Add(v, INFINITY, "inf");
  Add(v, -INFINITY, "ninf");
  Add(v, -0.0, "negzero");
  Add(v, 123456789012345678.0, "big");  // whole: stored as the integer 123456789012345680
  Add(v, 1e300, "huge");
  Add(v, 12, "34");                      // an integer member is stored as an integer
  std::map<std::string, std::string> texts;
  ZSetType::Scan(v, 0, [&](std::string_view m, std::string_view s) { texts[std::string(m)] = s; });
  EXPECT_EQ(texts["int"], "5");
  EXPECT_EQ(texts["tenth"], "0.10000000000000001");
  EXPECT_EQ(texts["inf"], "inf");
  EXPECT_EQ(texts["ninf"], "-inf");
  EXPECT_EQ(texts["negzero"], "0");
  EXPECT_EQ(texts["big"], "123456789012345680");
  EXPECT_EQ(texts["huge"], "1.0000000000000001e+300");
  EXPECT_EQ(texts["34"], "12");
  uint8_t* lp = ZSetType::ListpackOf(v);
  uint8_t* e = lp::Find(lp, lp::First(lp), "34", 1);
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(lp::Get(e).is_int);
  double s;
  ASSERT_TRUE(ZSetType::Score(v, "tenth", &s));
  EXPECT_EQ(s, 0.1);
  ASSERT_TRUE(ZSetType::Score(v, "negzero", &s));
  EXPECT_FALSE(std::signbit(s));  // Redis's listpack stores -0 as the integer 0
  EXPECT_FALSE(ZSetType::Score(v, "nope", &s));
  v.Destroy(arena_);

  // A skiplist keeps -0 and ZSCAN formats with %.17Lg.
  Value w = ZSetType::CreateSkiplist(arena_);
  Add(w, -0.0, "negzero");
  Add(w, 123456789012345678.0, "big");
  texts.clear();
  uint64_t cursor = 0;
  do {
    cursor = ZSetType::Scan(w, cursor, [&](std::string_view m, std::string_view s) {
      texts[std::string(m)] = s;
    });
  } while (cursor != 0);
  EXPECT_EQ(texts["negzero"], "-0");
  EXPECT_EQ(texts["big"], "1.2345678901234568e+17");
  w.Destroy(arena_);
}

TEST_F(ZSetTypeTest, AddFlags) {
  for (bool skiplist : {false, true}) {
    Value v = skiplist ? ZSetType::CreateSkiplist(arena_) : ZSetType::CreateListpack(arena_);
    int out;
    double ns = -1;
    auto add = [&](double score, const char* m, int flags) {
      ns = -1;
      return ZSetType::Add(arena_, v, score, m, flags, &out, &ns, {}, ZSetHome::kLocal);
    };
    EXPECT_TRUE(add(1, "a", zadd::kXx));
    EXPECT_EQ(out, zadd::kNop);
    EXPECT_TRUE(add(1, "a", zadd::kNx));
    EXPECT_EQ(out, zadd::kAdded);
    EXPECT_EQ(ns, 1);
    EXPECT_TRUE(add(5, "a", zadd::kNx));
    EXPECT_EQ(out, zadd::kNop);
    EXPECT_TRUE(add(1, "a", zadd::kNone));
    EXPECT_EQ(out, 0);  // same score: neither added nor updated
    EXPECT_TRUE(add(0, "a", zadd::kGt));
    EXPECT_EQ(out, zadd::kNop);
    EXPECT_TRUE(add(3, "a", zadd::kGt | zadd::kXx));
    EXPECT_EQ(out, zadd::kUpdated);
    EXPECT_TRUE(add(4, "a", zadd::kLt));
    EXPECT_EQ(out, zadd::kNop);
    EXPECT_TRUE(add(2, "b", zadd::kLt));  // GT/LT do not prevent adding new members
    EXPECT_EQ(out, zadd::kAdded);
    EXPECT_TRUE(add(2.5, "a", zadd::kIncr));
    EXPECT_EQ(out, zadd::kUpdated);
    EXPECT_EQ(ns, 5.5);
    EXPECT_TRUE(add(-1, "a", zadd::kIncr | zadd::kGt));
    EXPECT_EQ(out, zadd::kNop);
    EXPECT_TRUE(add(INFINITY, "a", zadd::kIncr));
    EXPECT_FALSE(add(-INFINITY, "a", zadd::kIncr));
    EXPECT_EQ(out, zadd::kNan);
    EXPECT_FALSE(add(NAN, "c", zadd::kNone));
    EXPECT_EQ(out, zadd::kNan);
    double s;
    ASSERT_TRUE(ZSetType::Score(v, "a", &s));
    EXPECT_EQ(s, INFINITY);
    EXPECT_EQ(ZSetType::Length(v), 2u);
    v.Destroy(arena_);
  }
}

TEST_F(ZSetTypeTest, FromSortedPicksEncodingLikeStoreCommands) {
  std::vector<ZMember> small{{"a", 1}, {"b", 2}};
  Value a = ZSetType::FromSorted(arena_, small, {});
  EXPECT_EQ(a.encoding(), Encoding::kListpack);
  Value b = ZSetType::FromSorted(arena_, small, ZSetLimits{1, 64});
  EXPECT_EQ(b.encoding(), Encoding::kSkiplist);
  std::vector<ZMember> long_member{{"a", 1}, {std::string(65, 'x'), 2}};
  Value c = ZSetType::FromSorted(arena_, long_member, {});
  EXPECT_EQ(c.encoding(), Encoding::kSkiplist);
  for (Value* v : {&a, &b}) {
    EXPECT_EQ(Contents(*v), (std::vector<std::pair<std::string, double>>{{"a", 1}, {"b", 2}}));
  }
  EXPECT_TRUE(ZSetType::SkiplistOf(b)->list.Check());
  a.Destroy(arena_);
  b.Destroy(arena_);
  c.Destroy(arena_);
}

TEST_F(ZSetTypeTest, CopyKeepsEncodingAndContents) {
  for (bool skiplist : {false, true}) {
    Value v = skiplist ? ZSetType::CreateSkiplist(arena_) : ZSetType::CreateListpack(arena_);
    for (int i = 0; i < 100; i++) Add(v, i % 7, "m" + std::to_string(i));
    Value c = ZSetType::Copy(arena_, v);
    EXPECT_EQ(c.encoding(), v.encoding());
    EXPECT_EQ(Contents(c), Contents(v));
    EXPECT_GT(ZSetType::HeapBytes(c), 0u);
    v.Destroy(arena_);
    EXPECT_EQ(ZSetType::Length(c), 100u);
    c.Destroy(arena_);
  }
}

TEST_F(ZSetTypeTest, ScanReturnsEveryMemberWhileTheSetChanges) {
  Value v = ZSetType::CreateSkiplist(arena_);
  for (int i = 0; i < 1000; i++) Add(v, i, "m" + std::to_string(i));
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int steps = 0;
  do {
    cursor = ZSetType::Scan(v, cursor, [&](std::string_view m, std::string_view) {
      seen.emplace(m);
    });
    // Grow the set meanwhile (rehashing): the original members must all be seen.
    if (steps++ < 50) Add(v, 5000 + steps, "x" + std::to_string(steps));
  } while (cursor != 0);
  for (int i = 0; i < 1000; i++) EXPECT_TRUE(seen.count("m" + std::to_string(i))) << i;
  v.Destroy(arena_);
}

TEST_F(ZSetTypeTest, RandomIsAMember) {
  for (bool skiplist : {false, true}) {
    Value v = skiplist ? ZSetType::CreateSkiplist(arena_) : ZSetType::CreateListpack(arena_);
    for (int i = 0; i < 50; i++) Add(v, i, "m" + std::to_string(i));
    std::mt19937_64 rng(1);
    std::set<std::string> seen;
    for (int i = 0; i < 2000; i++) {
      ZSetBuf buf;
      std::string_view m;
      double s;
      ZSetType::Random(v, rng(), buf, &m, &s);
      EXPECT_EQ(std::to_string(static_cast<int>(s)), m.substr(1));
      seen.emplace(m);
    }
    EXPECT_EQ(seen.size(), 50u);  // all of them come up
    v.Destroy(arena_);
  }
}

// Random operations against a model, in both encodings, with the Value itself in arena memory and
// the Arena contract checked on every operation.
class ZSetModelTest : public ::testing::TestWithParam<int> {};

TEST_P(ZSetModelTest, RandomOperationsMatchModel) {
  CheckingArena arena;
  SkipList::SeedLevels(99);
  // Param: 0 = listpack limits (converting on the way), 1 = skiplist from the start.
  ZSetLimits limits = GetParam() == 0 ? ZSetLimits{64, 8} : ZSetLimits{0, 64};
  auto* home = static_cast<Value*>(arena.Allocate(sizeof(Value)));
  new (home) Value(ZSetType::CreateFor(arena, "x", limits));
  Value& v = *home;
  std::map<std::string, double> model;
  std::mt19937_64 rng(GetParam() + 7);
  auto member = [&]() {
    int i = static_cast<int>(rng() % 90);
    // Mostly short members; a few long ones (past max_value 8) and integers.
    if (i < 10) return std::to_string(i * 1000);
    if (i < 12) return "long-member-" + std::to_string(i);
    return "m" + std::to_string(i);
  };
  auto score = [&]() -> double {
    switch (rng() % 6) {
      case 0: return -INFINITY;
      case 1: return INFINITY;
      case 2: return static_cast<double>(rng() % 4);
      default: return static_cast<double>(static_cast<int64_t>(rng() % 401) - 200) / 4;
    }
  };
  for (int step = 0; step < 6000; step++) {
    arena.BeginCommand();
    std::string m = member();
    int op = static_cast<int>(rng() % 10);
    if (op <= 3) {
      int flags = zadd::kNone;
      switch (rng() % 6) {
        case 0: flags = zadd::kIncr; break;
        case 1: flags = zadd::kNx; break;
        case 2: flags = zadd::kXx; break;
        case 3: flags = zadd::kGt; break;
        case 4: flags = zadd::kLt; break;
        default: break;
      }
      double s = score();
      int out;
      double ns;
      bool ok = ZSetType::Add(arena, v, s, m, flags, &out, &ns, limits);
      auto it = model.find(m);
      if (it == model.end()) {
        ASSERT_TRUE(ok);
        if (flags == zadd::kXx) {
          ASSERT_EQ(out, zadd::kNop);
        } else {
          ASSERT_EQ(out, zadd::kAdded);
          model[m] = s;
        }
      } else {
        double target = flags == zadd::kIncr ? it->second + s : s;
        if (flags == zadd::kNx) {
          ASSERT_EQ(out, zadd::kNop);
        } else if (std::isnan(target)) {
          ASSERT_FALSE(ok);
        } else if ((flags == zadd::kGt && target <= it->second) ||
                   (flags == zadd::kLt && target >= it->second)) {
          ASSERT_EQ(out, zadd::kNop);
        } else {
          ASSERT_EQ(out, target != it->second ? zadd::kUpdated : 0);
          it->second = target;
        }
      }
    } else if (op == 4) {
      ASSERT_EQ(ZSetType::Delete(arena, v, m), model.erase(m) == 1);
    } else if (op == 5) {
      auto sorted = Sorted(model);
      auto pos = std::find_if(sorted.begin(), sorted.end(), [&](auto& p) { return p.first == m; });
      int64_t expect = pos == sorted.end() ? -1 : pos - sorted.begin();
      ASSERT_EQ(ZSetType::Rank(v, m, false), expect);
      if (expect >= 0) {
        ASSERT_EQ(ZSetType::Rank(v, m, true), static_cast<int64_t>(sorted.size()) - 1 - expect);
        ZSetIter it = ZSetType::AtRank(v, static_cast<uint64_t>(expect), false);
        ASSERT_TRUE(it.Valid());
        ASSERT_EQ(it.Member(), m);
      }
    } else if (op == 6 || op == 7) {
      double a = score(), b = score();
      ScoreRange r{std::min(a, b), std::max(a, b), rng() % 2 == 0, rng() % 2 == 0};
      std::vector<std::pair<std::string, double>> expect;
      for (auto& p : Sorted(model)) {
        if (r.GteMin(p.second) && r.LteMax(p.second)) expect.push_back(p);
      }
      ASSERT_EQ(ZSetType::CountInRange(v, r), expect.size());
      std::vector<std::pair<std::string, double>> got;
      for (ZSetIter it = ZSetType::FirstInRange(v, r); it.Valid() && r.LteMax(it.Score());
           it.Next()) {
        got.emplace_back(it.Member(), it.Score());
      }
      ASSERT_EQ(got, expect);
      std::vector<std::pair<std::string, double>> rev;
      for (ZSetIter it = ZSetType::LastInRange(v, r); it.Valid() && r.GteMin(it.Score());
           it.Prev()) {
        rev.emplace_back(it.Member(), it.Score());
      }
      std::reverse(rev.begin(), rev.end());
      ASSERT_EQ(rev, expect);
      if (op == 7 && rng() % 3 == 0) {
        ASSERT_EQ(ZSetType::DeleteRangeByScore(arena, v, r), expect.size());
        for (auto& p : expect) model.erase(p.first);
      }
    } else if (op == 8) {
      // Lex ranges (meaningful when scores tie, but checked on whatever order holds).
      LexRange r;
      std::string lo = member(), hi = member();
      if (lo > hi) std::swap(lo, hi);
      r.min = {rng() % 5 == 0 ? LexBound::kMinusInf : LexBound::kValue, rng() % 2 == 0, lo};
      r.max = {rng() % 5 == 0 ? LexBound::kPlusInf : LexBound::kValue, rng() % 2 == 0, hi};
      // Count what a walk from the first in range sees, as ZLEXCOUNT does.
      uint64_t walk = 0;
      for (ZSetIter it = ZSetType::FirstInLexRange(v, r); it.Valid() && r.LteMax(it.Member());
           it.Next()) {
        walk++;
      }
      // Lex ranges are defined only when every score ties (Redis gives no promise otherwise, and
      // its skiplist and listpack answers differ); ZSetLexModelTest covers them fully.
      bool same_scores = std::all_of(model.begin(), model.end(), [&](auto& p) {
        return p.second == model.begin()->second;
      });
      if (same_scores) {
        ASSERT_EQ(ZSetType::CountInLexRange(v, r), walk);
      }
      if (same_scores && rng() % 3 == 0) {
        std::vector<std::string> gone;
        for (ZSetIter it = ZSetType::FirstInLexRange(v, r); it.Valid() && r.LteMax(it.Member());
             it.Next()) {
          gone.emplace_back(it.Member());
        }
        ASSERT_EQ(ZSetType::DeleteRangeByLex(arena, v, r), gone.size());
        for (auto& g : gone) model.erase(g);
      }
    } else if (!model.empty()) {
      uint64_t len = model.size();
      uint64_t a = rng() % len, b = rng() % len;
      if (a > b) std::swap(a, b);
      if (b - a > 5) b = a + 5;
      auto sorted = Sorted(model);
      ASSERT_EQ(ZSetType::DeleteRangeByRank(arena, v, a, b), b - a + 1);
      for (uint64_t i = a; i <= b; i++) model.erase(sorted[i].first);
    }
    std::vector<std::string> bad = arena.EndCommand();
    ASSERT_TRUE(bad.empty()) << "step " << step << " op " << op << ": " << bad.front();
    ASSERT_EQ(ZSetType::Length(v), model.size());
    if (step % 200 == 0 || step == 5999) {
      ASSERT_EQ(Contents(v), Sorted(model)) << "step " << step;
      if (v.encoding() == Encoding::kSkiplist) {
        ASSERT_TRUE(ZSetType::SkiplistOf(v)->list.Check());
        ASSERT_EQ(ZSetType::SkiplistOf(v)->index.size(), model.size());
      }
    }
  }
  if (GetParam() == 0) {
    EXPECT_EQ(v.encoding(), Encoding::kSkiplist);  // it converted on the way
  }
  v.Destroy(arena);
  arena.Deallocate(home, sizeof(Value));
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty());
}

INSTANTIATE_TEST_SUITE_P(Encodings, ZSetModelTest, ::testing::Values(0, 1));

// Lex ranges against a model: every score 0 (the only case where lex order is defined), both
// encodings, counting, walking both ways and deleting.
class ZSetLexModelTest : public ::testing::TestWithParam<int> {};

TEST_P(ZSetLexModelTest, LexRangesMatchModel) {
  CheckingArena arena;
  SkipList::SeedLevels(7);
  ZSetLimits limits = GetParam() == 0 ? ZSetLimits{1000, 1000} : ZSetLimits{0, 64};
  auto* home = static_cast<Value*>(arena.Allocate(sizeof(Value)));
  new (home) Value(ZSetType::CreateFor(arena, "x", limits));
  Value& v = *home;
  std::set<std::string> model;
  std::mt19937_64 rng(GetParam() + 11);
  auto member = [&]() {
    std::string m(1 + rng() % 3, 'a');
    for (char& c : m) c = static_cast<char>('a' + rng() % 4);
    return m;
  };
  // The bounds' views point at lo and hi, which live as long as the range.
  auto bound = [&](const std::string& value, bool plus) {
    if (rng() % 6 == 0) return LexBound{plus ? LexBound::kPlusInf : LexBound::kMinusInf, false, ""};
    return LexBound{LexBound::kValue, rng() % 2 == 0, value};
  };
  auto above_min = [](const LexBound& b, const std::string& m) {
    if (b.kind != LexBound::kValue) return b.kind == LexBound::kMinusInf;
    return b.exclusive ? m > b.value : m >= b.value;
  };
  auto below_max = [](const LexBound& b, const std::string& m) {
    if (b.kind != LexBound::kValue) return b.kind == LexBound::kPlusInf;
    return b.exclusive ? m < b.value : m <= b.value;
  };
  for (int step = 0; step < 4000; step++) {
    arena.BeginCommand();
    if (rng() % 3 != 0) {
      int out;
      double ns;
      std::string m = member();
      ASSERT_TRUE(ZSetType::Add(arena, v, 0, m, zadd::kNone, &out, &ns, limits));
      model.insert(m);
    } else {
      std::string lo = member(), hi = member();
      if (lo > hi) std::swap(lo, hi);
      LexRange r{bound(lo, false), bound(hi, true)};
      std::vector<std::string> expect;
      for (auto& m : model) {
        if (above_min(r.min, m) && below_max(r.max, m)) expect.push_back(m);
      }
      ASSERT_EQ(ZSetType::CountInLexRange(v, r), expect.size()) << "step " << step;
      std::vector<std::string> got;
      for (ZSetIter it = ZSetType::FirstInLexRange(v, r); it.Valid() && r.LteMax(it.Member());
           it.Next()) {
        got.emplace_back(it.Member());
      }
      ASSERT_EQ(got, expect) << "step " << step;
      std::vector<std::string> rev;
      for (ZSetIter it = ZSetType::LastInLexRange(v, r); it.Valid() && r.GteMin(it.Member());
           it.Prev()) {
        rev.emplace_back(it.Member());
      }
      std::reverse(rev.begin(), rev.end());
      ASSERT_EQ(rev, expect) << "step " << step;
      if (rng() % 4 == 0) {
        ASSERT_EQ(ZSetType::DeleteRangeByLex(arena, v, r), expect.size());
        for (auto& m : expect) model.erase(m);
      }
    }
    std::vector<std::string> bad = arena.EndCommand();
    ASSERT_TRUE(bad.empty()) << bad.front();
    ASSERT_EQ(ZSetType::Length(v), model.size());
  }
  v.Destroy(arena);
  arena.Deallocate(home, sizeof(Value));
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Encodings, ZSetLexModelTest, ::testing::Values(0, 1));

// Stays in listpack encoding for the whole run (limits large), so the listpack paths are covered
// against the model too.
TEST(ZSetListpackModelTest, RandomOperationsMatchModel) {
  CheckingArena arena;
  ZSetLimits limits{1000, 1000};
  auto* home = static_cast<Value*>(arena.Allocate(sizeof(Value)));
  new (home) Value(ZSetType::CreateListpack(arena));
  Value& v = *home;
  std::map<std::string, double> model;
  std::mt19937_64 rng(5);
  for (int step = 0; step < 4000; step++) {
    arena.BeginCommand();
    std::string m = "m" + std::to_string(rng() % 60);
    double s = static_cast<double>(rng() % 20) / 2;
    if (rng() % 3 != 0) {
      int out;
      double ns;
      ASSERT_TRUE(ZSetType::Add(arena, v, s, m, zadd::kNone, &out, &ns, limits));
      model[m] = s;
    } else {
      ASSERT_EQ(ZSetType::Delete(arena, v, m), model.erase(m) == 1);
    }
    std::vector<std::string> bad = arena.EndCommand();
    ASSERT_TRUE(bad.empty()) << bad.front();
    ASSERT_EQ(v.encoding(), Encoding::kListpack);
    if (step % 100 == 0) {
      ASSERT_EQ(Contents(v), Sorted(model));
    }
  }
  ASSERT_EQ(Contents(v), Sorted(model));
  v.Destroy(arena);
  arena.Deallocate(home, sizeof(Value));
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

}  // namespace
}  // namespace ringkv
