// SkipList tests: ordering, ranks and spans checked against a std::set model under random
// operations with a fixed seed (insert, delete, score updates, range deletions, rank and range
// lookups), the Arena contract (every change to older memory announced with WillModify, checked
// by CheckingArena), and that every byte goes back to the arena.
#include "engine/types/skiplist.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

using ringkv::testing::CheckingArena;
using Key = std::pair<double, std::string>;

// A skiplist plus a model, kept in step.
class SkipListTest : public ::testing::Test {
 protected:
  SkipListTest() {
    SkipList::SeedLevels(12345);
    list_ = static_cast<SkipList*>(arena_.Allocate(sizeof(SkipList)));
    list_->Init(arena_);
  }
  ~SkipListTest() override {
    list_->Free(arena_);
    arena_.Deallocate(list_, sizeof(SkipList));
    EXPECT_EQ(arena_.UsedBytes(), 0u);
    EXPECT_TRUE(arena_.errors().empty());
  }

  void Insert(double score, const std::string& m) {
    nodes_[m] = list_->Insert(arena_, score, m);
    model_.emplace(score, m);
  }
  void Delete(const std::string& m) {
    SkipNode* n = nodes_.at(m);
    model_.erase({n->score, m});
    list_->Delete(arena_, n);
    nodes_.erase(m);
  }
  std::vector<Key> Contents() const {
    std::vector<Key> out;
    for (SkipNode* n = list_->first(); n != nullptr; n = n->Next()) {
      out.emplace_back(n->score, std::string(n->member()));
    }
    return out;
  }
  void ExpectMatchesModel() {
    ASSERT_TRUE(list_->Check());
    ASSERT_EQ(list_->length(), model_.size());
    ASSERT_EQ(Contents(), std::vector<Key>(model_.begin(), model_.end()));
  }

  CheckingArena arena_;
  SkipList* list_;
  std::set<Key> model_;
  std::map<std::string, SkipNode*> nodes_;
};

TEST_F(SkipListTest, EmptyList) {
  EXPECT_EQ(list_->length(), 0u);
  EXPECT_EQ(list_->first(), nullptr);
  EXPECT_EQ(list_->last(), nullptr);
  EXPECT_EQ(list_->ByRank(0), nullptr);
  EXPECT_EQ(list_->ByRank(1), nullptr);
  ScoreRange all{-INFINITY, INFINITY, false, false};
  EXPECT_EQ(list_->FirstInRange(all), nullptr);
  EXPECT_EQ(list_->LastInRange(all), nullptr);
  EXPECT_TRUE(list_->Check());
}

TEST_F(SkipListTest, OrdersByScoreThenMemberBytes) {
  Insert(2, "b");
  Insert(1, "z");
  Insert(2, "a");
  Insert(2, "ab");
  Insert(-INFINITY, "m");
  Insert(INFINITY, "n");
  Insert(2, std::string("a\0", 2));
  Insert(2, "\xff");
  Insert(2, "");
  ExpectMatchesModel();
  // memcmp order: "" < "a" < "a\0" < "ab" < "b" < "\xff".
  std::vector<std::string> at2;
  for (SkipNode* n = list_->first(); n != nullptr; n = n->Next()) {
    if (n->score == 2) at2.emplace_back(n->member());
  }
  EXPECT_EQ(at2, (std::vector<std::string>{"", "a", std::string("a\0", 2), "ab", "b", "\xff"}));
  EXPECT_EQ(list_->first()->member(), "m");
  EXPECT_EQ(list_->last()->member(), "n");
  EXPECT_EQ(list_->last()->backward->member(), "\xff");
}

TEST_F(SkipListTest, RanksAndByRank) {
  for (int i = 0; i < 1000; i++) Insert(i % 37, "m" + std::to_string(i));
  ExpectMatchesModel();
  uint64_t rank = 1;
  for (const Key& k : model_) {
    SkipNode* n = nodes_.at(k.second);
    EXPECT_EQ(list_->Rank(n), rank);
    EXPECT_EQ(list_->ByRank(rank), n);
    rank++;
  }
  EXPECT_EQ(list_->ByRank(rank), nullptr);
}

TEST_F(SkipListTest, ScoreRanges) {
  for (int i = 0; i < 10; i++) Insert(i, "m" + std::to_string(i));
  auto first = [&](ScoreRange r) {
    SkipNode* n = list_->FirstInRange(r);
    return n == nullptr ? std::string("-") : std::string(n->member());
  };
  auto last = [&](ScoreRange r) {
    SkipNode* n = list_->LastInRange(r);
    return n == nullptr ? std::string("-") : std::string(n->member());
  };
  EXPECT_EQ(first({2, 5, false, false}), "m2");
  EXPECT_EQ(last({2, 5, false, false}), "m5");
  EXPECT_EQ(first({2, 5, true, true}), "m3");
  EXPECT_EQ(last({2, 5, true, true}), "m4");
  EXPECT_EQ(first({2.5, 2.7, false, false}), "-");
  EXPECT_EQ(last({2.5, 2.7, false, false}), "-");
  EXPECT_EQ(first({5, 2, false, false}), "-");
  EXPECT_EQ(first({3, 3, false, false}), "m3");
  EXPECT_EQ(first({3, 3, true, false}), "-");
  EXPECT_EQ(first({-INFINITY, INFINITY, false, false}), "m0");
  EXPECT_EQ(last({-INFINITY, INFINITY, false, false}), "m9");
  EXPECT_EQ(first({9, INFINITY, true, false}), "-");
  EXPECT_EQ(last({-INFINITY, 0, false, true}), "-");
}

TEST_F(SkipListTest, LexRanges) {
  for (const char* m : {"a", "b", "c", "d", "e"}) Insert(0, m);
  auto range = [](LexBound::Kind mink, const char* minv, bool minex, LexBound::Kind maxk,
                  const char* maxv, bool maxex) {
    LexRange r;
    r.min = {mink, minex, minv};
    r.max = {maxk, maxex, maxv};
    return r;
  };
  using K = LexBound;
  auto first = [&](const LexRange& r) {
    SkipNode* n = list_->FirstInLexRange(r);
    return n == nullptr ? std::string("-") : std::string(n->member());
  };
  auto last = [&](const LexRange& r) {
    SkipNode* n = list_->LastInLexRange(r);
    return n == nullptr ? std::string("-") : std::string(n->member());
  };
  LexRange all = range(K::kMinusInf, "", true, K::kPlusInf, "", true);
  EXPECT_EQ(first(all), "a");
  EXPECT_EQ(last(all), "e");
  LexRange bd = range(K::kValue, "b", false, K::kValue, "d", true);
  EXPECT_EQ(first(bd), "b");
  EXPECT_EQ(last(bd), "c");
  EXPECT_EQ(first(range(K::kValue, "bb", false, K::kValue, "bz", false)), "-");
  EXPECT_TRUE(range(K::kMinusInf, "", true, K::kMinusInf, "", true).Empty());
  EXPECT_TRUE(range(K::kPlusInf, "", true, K::kPlusInf, "", true).Empty());
  EXPECT_TRUE(range(K::kPlusInf, "", true, K::kMinusInf, "", true).Empty());
  EXPECT_TRUE(range(K::kValue, "c", false, K::kValue, "b", false).Empty());
  EXPECT_TRUE(range(K::kValue, "c", true, K::kValue, "c", false).Empty());
  EXPECT_FALSE(range(K::kValue, "c", false, K::kValue, "c", false).Empty());
  EXPECT_EQ(first(range(K::kValue, "c", false, K::kValue, "c", false)), "c");
  EXPECT_EQ(CompareLex({K::kValue, false, "a"}, "ab"), -1);
  EXPECT_EQ(CompareLex({K::kValue, false, "\x80"}, "a"), 1);  // bytes compare unsigned
}

TEST_F(SkipListTest, UpdateScoreKeepsNode) {
  for (int i = 0; i < 50; i++) Insert(i, "m" + std::to_string(i));
  SkipNode* n = nodes_.at("m10");
  model_.erase({10, "m10"});
  list_->UpdateScore(arena_, n, 10.5);  // stays in place
  model_.emplace(10.5, "m10");
  ExpectMatchesModel();
  model_.erase({10.5, "m10"});
  list_->UpdateScore(arena_, n, 100);  // moves to the end
  model_.emplace(100, "m10");
  ExpectMatchesModel();
  EXPECT_EQ(list_->last(), n);
  model_.erase({100, "m10"});
  list_->UpdateScore(arena_, n, -1);  // moves to the front
  model_.emplace(-1, "m10");
  ExpectMatchesModel();
  EXPECT_EQ(list_->first(), n);
}

TEST_F(SkipListTest, DeleteRanges) {
  for (int i = 0; i < 100; i++) Insert(i, "m" + std::to_string(100 + i));
  std::vector<std::string> gone;
  auto on_delete = [&](SkipNode* n) { gone.emplace_back(n->member()); };
  EXPECT_EQ(list_->DeleteRangeByScore(arena_, {10, 20, true, false}, on_delete), 10u);
  EXPECT_EQ(gone.front(), "m111");
  EXPECT_EQ(gone.back(), "m120");
  EXPECT_EQ(list_->DeleteRangeByRank(arena_, 1, 5, on_delete), 5u);  // m100..m104
  LexRange r;
  r.min = {LexBound::kValue, false, "m150"};
  r.max = {LexBound::kValue, true, "m160"};
  EXPECT_EQ(list_->DeleteRangeByLex(arena_, r, on_delete), 10u);
  for (const std::string& m : gone) {
    model_.erase({std::stod(m.substr(1)) - 100, m});
    nodes_.erase(m);
  }
  ExpectMatchesModel();
  EXPECT_EQ(list_->length(), 75u);
}

// Random operations against the model, checking the Arena contract on each "command".
TEST_F(SkipListTest, RandomOperationsMatchModel) {
  std::mt19937_64 rng(42);
  std::vector<std::string> pool;
  for (int i = 0; i < 300; i++) pool.push_back("k" + std::to_string(i));
  auto score = [&]() -> double {
    switch (rng() % 6) {
      case 0: return -INFINITY;
      case 1: return INFINITY;
      case 2: return static_cast<double>(rng() % 5);  // many ties
      default: return static_cast<double>(static_cast<int64_t>(rng() % 2001) - 1000) / 8;
    }
  };
  for (int step = 0; step < 20000; step++) {
    arena_.BeginCommand();
    const std::string& m = pool[rng() % pool.size()];
    auto it = nodes_.find(m);
    switch (rng() % 8) {
      case 0:
      case 1:
      case 2:
        if (it == nodes_.end()) Insert(score(), m);
        break;
      case 3:
        if (it != nodes_.end()) Delete(m);
        break;
      case 4:
        if (it != nodes_.end()) {
          double s = score();
          model_.erase({it->second->score, m});
          list_->UpdateScore(arena_, it->second, s);
          model_.emplace(s, m);
        }
        break;
      case 5: {
        // Range by score against the model.
        double a = score(), b = score();
        ScoreRange r{std::min(a, b), std::max(a, b), rng() % 2 == 0, rng() % 2 == 0};
        std::vector<Key> expect;
        for (const Key& k : model_) {
          if (r.GteMin(k.first) && r.LteMax(k.first)) expect.push_back(k);
        }
        SkipNode* f = list_->FirstInRange(r);
        SkipNode* l = list_->LastInRange(r);
        if (expect.empty()) {
          ASSERT_EQ(f, nullptr);
          ASSERT_EQ(l, nullptr);
        } else {
          ASSERT_NE(f, nullptr);
          ASSERT_EQ(f->member(), expect.front().second);
          ASSERT_EQ(l->member(), expect.back().second);
          ASSERT_EQ(list_->Rank(l) - list_->Rank(f) + 1, expect.size());
        }
        if (rng() % 10 == 0) {
          uint64_t n = list_->DeleteRangeByScore(arena_, r, [&](SkipNode* x) {
            nodes_.erase(std::string(x->member()));
          });
          ASSERT_EQ(n, expect.size());
          for (const Key& k : expect) model_.erase(k);
        }
        break;
      }
      case 6: {
        if (model_.empty()) break;
        uint64_t len = model_.size();
        uint64_t a = 1 + rng() % len, b = 1 + rng() % len;
        if (a > b) std::swap(a, b);
        if (rng() % 8 == 0) {
          auto first = std::next(model_.begin(), static_cast<long>(a - 1));
          auto last = std::next(model_.begin(), static_cast<long>(b));
          uint64_t n = list_->DeleteRangeByRank(arena_, a, b, [&](SkipNode* x) {
            nodes_.erase(std::string(x->member()));
          });
          ASSERT_EQ(n, b - a + 1);
          model_.erase(first, last);
        } else {
          auto k = std::next(model_.begin(), static_cast<long>(a - 1));
          SkipNode* n = list_->ByRank(a);
          ASSERT_NE(n, nullptr);
          ASSERT_EQ(n->member(), k->second);
          ASSERT_EQ(list_->Rank(n), a);
        }
        break;
      }
      case 7:
        if (it != nodes_.end()) {
          uint64_t expect = static_cast<uint64_t>(
              std::distance(model_.begin(), model_.find({it->second->score, m})) + 1);
          ASSERT_EQ(list_->Rank(it->second), expect);
        }
        break;
    }
    std::vector<std::string> bad = arena_.EndCommand();
    ASSERT_TRUE(bad.empty()) << "step " << step << ": " << bad.front();
    if (step % 500 == 0) ExpectMatchesModel();
  }
  ExpectMatchesModel();
}

TEST_F(SkipListTest, LevelsFollowQuarterDistribution) {
  SkipList::SeedLevels(7);
  std::map<int, int> counts;
  for (int i = 0; i < 100000; i++) counts[SkipList::RandomLevel()]++;
  // P(level >= 2) = 1/4, P(level >= 3) = 1/16.
  EXPECT_NEAR(counts[1] / 100000.0, 0.75, 0.01);
  EXPECT_NEAR(counts[2] / 100000.0, 0.1875, 0.01);
  EXPECT_LE(counts.rbegin()->first, SkipList::kMaxLevel);
}

TEST_F(SkipListTest, NodeLayoutIsLean) {
  // 32-byte head, 12 bytes per level, then the member.
  EXPECT_EQ(SkipNode::BlockSize(1, 10), 32u + 12 + 10);
  SkipNode* n = list_->Insert(arena_, 1, "member", 3);
  EXPECT_EQ(n->level, 3);
  EXPECT_EQ(n->member(), "member");
  EXPECT_EQ(n->BlockSize(), 32u + 36 + 6);
  nodes_["member"] = n;
  model_.emplace(1, "member");
  ExpectMatchesModel();
}

}  // namespace
}  // namespace ringkv
