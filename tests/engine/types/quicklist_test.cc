// Quicklist tests: node fill rules, splits and merges, plain nodes, and random operations checked
// against a std::deque model under the CheckingArena (every change to older memory announced).
#include "engine/types/quicklist.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

using testing::CheckingArena;

std::string Text(const Quicklist::Element& e) {
  char buf[32];
  return std::string(e.Text(buf));
}

std::vector<std::string> Contents(const Quicklist& ql) {
  std::vector<std::string> out;
  QuicklistIter it(ql, 0, true);
  Quicklist::Element e;
  while (it.Next(&e)) out.push_back(Text(e));
  return out;
}

std::vector<std::string> ContentsBackward(const Quicklist& ql) {
  std::vector<std::string> out;
  QuicklistIter it(ql, -1, false);
  Quicklist::Element e;
  while (it.Next(&e)) out.insert(out.begin(), Text(e));
  return out;
}

std::vector<uint16_t> NodeCounts(const Quicklist& ql) {
  std::vector<uint16_t> out;
  for (const QuicklistNode* n = ql.head(); n != nullptr; n = n->next) out.push_back(n->count);
  return out;
}

// Restores the default packed threshold when a test changed it.
struct ThresholdGuard {
  ~ThresholdGuard() { Quicklist::SetPackedThreshold(0); }
};

class QuicklistTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (Quicklist* ql : lists_) Quicklist::Destroy(arena_, ql);
    EXPECT_EQ(arena_.UsedBytes(), 0u);
    EXPECT_TRUE(arena_.errors().empty());
  }
  Quicklist* New(int fill) {
    lists_.push_back(Quicklist::Create(arena_, fill, 0));
    return lists_.back();
  }
  CheckingArena arena_;
  std::vector<Quicklist*> lists_;
};

TEST_F(QuicklistTest, PushPopBothEnds) {
  Quicklist* ql = New(-2);
  ql->Push(arena_, "b", Quicklist::kTail);
  ql->Push(arena_, "a", Quicklist::kHead);
  ql->Push(arena_, "123", Quicklist::kTail);
  EXPECT_EQ(Contents(*ql), (std::vector<std::string>{"a", "b", "123"}));
  EXPECT_EQ(ql->count(), 3u);
  EXPECT_EQ(ql->node_count(), 1u);
  std::string v;
  ASSERT_TRUE(ql->Pop(arena_, Quicklist::kTail, &v));
  EXPECT_EQ(v, "123");
  ASSERT_TRUE(ql->Pop(arena_, Quicklist::kHead, &v));
  EXPECT_EQ(v, "a");
  ASSERT_TRUE(ql->Pop(arena_, Quicklist::kHead, &v));
  EXPECT_EQ(v, "b");
  EXPECT_FALSE(ql->Pop(arena_, Quicklist::kHead, &v));
  EXPECT_EQ(ql->node_count(), 0u);
  EXPECT_EQ(ql->Check(), "");
}

TEST_F(QuicklistTest, PositiveFillCountsElementsPerNode) {
  Quicklist* ql = New(4);
  for (int i = 0; i < 10; i++) ql->Push(arena_, std::to_string(i), Quicklist::kTail);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{4, 4, 2}));
  for (int i = 0; i < 3; i++) ql->Push(arena_, "h", Quicklist::kHead);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{3, 4, 4, 2}));
  EXPECT_EQ(ql->Check(), "");
}

TEST_F(QuicklistTest, PositiveFillStillCapsNodesAt8KiB) {
  Quicklist* ql = New(1000);
  std::string big(1000, 'x');
  for (int i = 0; i < 20; i++) ql->Push(arena_, big, Quicklist::kTail);
  for (const QuicklistNode* n = ql->head(); n != nullptr; n = n->next) EXPECT_LE(n->sz, 8192u);
  EXPECT_EQ(NodeCounts(*ql)[0], 8);
}

TEST_F(QuicklistTest, NegativeFillCapsNodeBytes) {
  // -1: 4 KiB, -2: 8 KiB ... -5: 64 KiB; fills below -5 act as -5.
  const int fills[] = {-1, -2, -3, -4, -5, -9};
  const size_t limits[] = {4096, 8192, 16384, 32768, 65536, 65536};
  for (int i = 0; i < 6; i++) {
    Quicklist* ql = New(fills[i]);
    for (int j = 0; j < 20000; j++) ql->Push(arena_, "element", Quicklist::kTail);
    size_t max_sz = 0;
    for (const QuicklistNode* n = ql->head(); n != nullptr; n = n->next) {
      max_sz = std::max<size_t>(max_sz, n->sz);
    }
    EXPECT_LE(max_sz, limits[i]) << fills[i];
    EXPECT_GT(max_sz, limits[i] - 16) << fills[i];
    EXPECT_EQ(ql->Check(), "");
  }
}

TEST_F(QuicklistTest, FillZeroKeepsOneElementPerNode) {
  Quicklist* ql = New(0);
  for (int i = 0; i < 5; i++) ql->Push(arena_, "x", Quicklist::kTail);
  EXPECT_EQ(ql->node_count(), 5u);
  EXPECT_EQ(ql->fill(), 0);
}

TEST_F(QuicklistTest, IndexFromBothEnds) {
  Quicklist* ql = New(3);
  for (int i = 0; i < 20; i++) ql->Push(arena_, std::to_string(i), Quicklist::kTail);
  Quicklist::Element e;
  for (int i = 0; i < 20; i++) {
    ASSERT_TRUE(ql->Index(i, &e));
    EXPECT_EQ(Text(e), std::to_string(i));
    ASSERT_TRUE(ql->Index(i - 20, &e));
    EXPECT_EQ(Text(e), std::to_string(i));
  }
  EXPECT_FALSE(ql->Index(20, &e));
  EXPECT_FALSE(ql->Index(-21, &e));
  EXPECT_FALSE(ql->Index(LONG_MIN, &e));
  EXPECT_FALSE(ql->Index(LONG_MAX, &e));
  ASSERT_TRUE(ql->Index(5, &e));
  EXPECT_TRUE(e.is_int);
  EXPECT_EQ(e.ival, 5);
}

TEST_F(QuicklistTest, InsertIntoFullNodeSplitsAndMerges) {
  Quicklist* ql = New(4);
  for (int i = 0; i < 8; i++) ql->Push(arena_, std::to_string(i), Quicklist::kTail);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{4, 4}));
  // Insert after element 1 (inside the first, full node): split into [0 1] [x 2 3], then the
  // merge pass joins nothing that would exceed 4.
  QuicklistIter it(*ql, 1, true);
  Quicklist::Element e;
  ASSERT_TRUE(it.Next(&e));
  it.InsertAtCurrent(arena_, "x", true);
  EXPECT_EQ(Contents(*ql), (std::vector<std::string>{"0", "1", "x", "2", "3", "4", "5", "6", "7"}));
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{2, 3, 4}));
  EXPECT_EQ(ql->Check(), "");

  // Small neighbours merge around a split: [a] [b c d e] [f] with fill 4, insert before d.
  Quicklist* q2 = New(4);
  for (const char* s : {"b", "c", "d", "e"}) q2->Push(arena_, s, Quicklist::kTail);
  q2->Push(arena_, "f", Quicklist::kTail);
  q2->Push(arena_, "a", Quicklist::kHead);
  EXPECT_EQ(NodeCounts(*q2), (std::vector<uint16_t>{1, 4, 1}));
  QuicklistIter it2(*q2, 3, true);
  ASSERT_TRUE(it2.Next(&e));
  EXPECT_EQ(Text(e), "d");
  it2.InsertAtCurrent(arena_, "y", false);
  // Split into [b c y] [d e]; [a] merges with [b c y], [d e] with [f].
  EXPECT_EQ(Contents(*q2), (std::vector<std::string>{"a", "b", "c", "y", "d", "e", "f"}));
  EXPECT_EQ(NodeCounts(*q2), (std::vector<uint16_t>{4, 3}));
  EXPECT_EQ(q2->Check(), "");
}

TEST_F(QuicklistTest, InsertAtNodeEdgesUsesNeighbours) {
  Quicklist* ql = New(2);
  for (const char* s : {"a", "b", "c"}) ql->Push(arena_, s, Quicklist::kTail);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{2, 1}));
  // After "b" (tail of a full node): goes to the head of the next node, which has room.
  QuicklistIter it(*ql, 1, true);
  Quicklist::Element e;
  ASSERT_TRUE(it.Next(&e));
  it.InsertAtCurrent(arena_, "x", true);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{2, 2}));
  // Before "a" (head of a full node, no previous node): a new node.
  QuicklistIter it2(*ql, 0, true);
  ASSERT_TRUE(it2.Next(&e));
  it2.InsertAtCurrent(arena_, "y", false);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{1, 2, 2}));
  EXPECT_EQ(Contents(*ql), (std::vector<std::string>{"y", "a", "b", "x", "c"}));
  EXPECT_EQ(ql->Check(), "");
}

TEST_F(QuicklistTest, DeleteWhileIteratingBothWays) {
  Quicklist* ql = New(3);
  for (int i = 0; i < 30; i++)
    ql->Push(arena_, i % 3 == 0 ? "x" : std::to_string(i), Quicklist::kTail);
  {
    QuicklistIter it(*ql, 0, true);
    Quicklist::Element e;
    int seen = 0;
    while (it.Next(&e)) {
      seen++;
      if (it.CurrentEquals("x")) it.DeleteCurrent(arena_);
    }
    EXPECT_EQ(seen, 30);
  }
  EXPECT_EQ(ql->count(), 20u);
  EXPECT_EQ(ql->Check(), "");
  {
    QuicklistIter it(*ql, -1, false);
    Quicklist::Element e;
    std::vector<std::string> order;
    while (it.Next(&e)) {
      order.push_back(Text(e));
      if (e.is_int && e.ival % 2 == 0) it.DeleteCurrent(arena_);
    }
    EXPECT_EQ(order.size(), 20u);
    EXPECT_EQ(order.front(), "29");
    EXPECT_EQ(order.back(), "1");
  }
  EXPECT_EQ(Contents(*ql),
            (std::vector<std::string>{"1", "5", "7", "11", "13", "17", "19", "23", "25", "29"}));
  EXPECT_EQ(ql->Check(), "");
}

TEST_F(QuicklistTest, DelRange) {
  Quicklist* ql = New(3);
  for (int i = 0; i < 10; i++) ql->Push(arena_, std::to_string(i), Quicklist::kTail);
  EXPECT_EQ(ql->DelRange(arena_, 2, 3), 3u);
  EXPECT_EQ(Contents(*ql), (std::vector<std::string>{"0", "1", "5", "6", "7", "8", "9"}));
  EXPECT_EQ(ql->DelRange(arena_, -2, 10), 2u);
  EXPECT_EQ(Contents(*ql), (std::vector<std::string>{"0", "1", "5", "6", "7"}));
  EXPECT_EQ(ql->DelRange(arena_, 5, 1), 0u);
  EXPECT_EQ(ql->DelRange(arena_, 0, 0), 0u);
  EXPECT_EQ(ql->DelRange(arena_, 0, 100), 5u);
  EXPECT_EQ(ql->count(), 0u);
  EXPECT_EQ(ql->node_count(), 0u);
  EXPECT_EQ(ql->Check(), "");
}

TEST_F(QuicklistTest, ReplaceAtIndex) {
  Quicklist* ql = New(-2);
  for (int i = 0; i < 5; i++) ql->Push(arena_, std::to_string(i), Quicklist::kTail);
  EXPECT_TRUE(ql->ReplaceAtIndex(arena_, 1, "one"));
  EXPECT_TRUE(ql->ReplaceAtIndex(arena_, -1, std::string(10000, 'z')));
  EXPECT_FALSE(ql->ReplaceAtIndex(arena_, 5, "nope"));
  Quicklist::Element e;
  ASSERT_TRUE(ql->Index(1, &e));
  EXPECT_EQ(Text(e), "one");
  ASSERT_TRUE(ql->Index(4, &e));
  EXPECT_EQ(e.sval.size(), 10000u);
  EXPECT_EQ(ql->Check(), "");
}

TEST_F(QuicklistTest, LargeElementsLiveInPlainNodes) {
  ThresholdGuard guard;
  ASSERT_TRUE(Quicklist::SetPackedThreshold(16));
  EXPECT_FALSE(Quicklist::SetPackedThreshold(1ull << 32));
  EXPECT_EQ(Quicklist::packed_threshold(), 16u);
  Quicklist* ql = New(-2);
  std::string big(16, 'B');
  ql->Push(arena_, "a", Quicklist::kTail);
  ql->Push(arena_, big, Quicklist::kTail);
  ql->Push(arena_, "c", Quicklist::kTail);
  ql->Push(arena_, big + "h", Quicklist::kHead);
  EXPECT_EQ(NodeCounts(*ql), (std::vector<uint16_t>{1, 1, 1, 1}));
  EXPECT_TRUE(ql->head()->plain);
  EXPECT_EQ(Contents(*ql), (std::vector<std::string>{big + "h", "a", big, "c"}));
  // A large element inserted inside a packed node splits it around a plain node.
  Quicklist* q2 = New(-2);
  for (const char* s : {"a", "b", "c"}) q2->Push(arena_, s, Quicklist::kTail);
  QuicklistIter it(*q2, 1, true);
  Quicklist::Element e;
  ASSERT_TRUE(it.Next(&e));
  it.InsertAtCurrent(arena_, big, true);
  EXPECT_EQ(NodeCounts(*q2), (std::vector<uint16_t>{2, 1, 1}));
  EXPECT_EQ(Contents(*q2), (std::vector<std::string>{"a", "b", big, "c"}));
  // Replacing: small over plain, large over packed (in the middle), large over plain.
  EXPECT_TRUE(q2->ReplaceAtIndex(arena_, 2, "small"));
  EXPECT_TRUE(q2->ReplaceAtIndex(arena_, 0, big + "0"));
  EXPECT_TRUE(q2->ReplaceAtIndex(arena_, 0, big + "1"));
  EXPECT_EQ(Contents(*q2), (std::vector<std::string>{big + "1", "b", "small", "c"}));
  EXPECT_EQ(q2->Check(), "");
  QuicklistIter it2(*q2, 0, true);
  ASSERT_TRUE(it2.Next(&e));
  EXPECT_TRUE(it2.CurrentEquals(big + "1"));
  EXPECT_FALSE(it2.CurrentEquals(big));
  std::string v;
  ASSERT_TRUE(q2->Pop(arena_, Quicklist::kHead, &v));
  EXPECT_EQ(v, big + "1");
  EXPECT_EQ(ql->Check(), "");
  EXPECT_EQ(q2->Check(), "");
}

TEST_F(QuicklistTest, CopyAndAllocatedBytes) {
  ThresholdGuard guard;
  Quicklist::SetPackedThreshold(100);
  Quicklist* ql = New(5);
  for (int i = 0; i < 23; i++) ql->Push(arena_, "v" + std::to_string(i), Quicklist::kTail);
  ql->Push(arena_, std::string(200, 'p'), Quicklist::kTail);
  EXPECT_EQ(ql->AllocatedBytes(), arena_.UsedBytes());
  lists_.push_back(Quicklist::Copy(arena_, *ql));
  Quicklist* copy = lists_.back();
  EXPECT_EQ(Contents(*copy), Contents(*ql));
  EXPECT_EQ(NodeCounts(*copy), NodeCounts(*ql));
  EXPECT_EQ(copy->fill(), 5);
  EXPECT_EQ(copy->Check(), "");
  EXPECT_EQ(ql->AllocatedBytes() + copy->AllocatedBytes(), arena_.UsedBytes());
}

// Random operations against a deque, with small fills so nodes split and merge all the time,
// a small packed threshold so plain nodes mix in, and the arena contract checked on every step.
void RandomOps(int fill, uint64_t threshold, size_t target, uint32_t seed) {
  ThresholdGuard guard;
  Quicklist::SetPackedThreshold(threshold);
  CheckingArena arena;
  Quicklist* ql = Quicklist::Create(arena, fill, 0);
  std::deque<std::string> model;
  std::mt19937 rng(seed);
  auto rand = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto value = [&]() -> std::string {
    switch (rand(5)) {
      case 0:
        return std::to_string(static_cast<int>(rng() % 200) - 100);
      case 1:
        return std::string(rand(std::min<uint64_t>(threshold + 8, 300)),
                           static_cast<char>('a' + rand(3)));
      case 2:
        return std::to_string(rng());
      default:
        return std::string(1, static_cast<char>('a' + rand(4)));
    }
  };
  auto index = [&](size_t n) -> long {
    long i = static_cast<long>(rand(n + 2));
    return rand(2) ? i : -i - 1;
  };
  size_t max_len = 0, max_nodes = 0;
  for (int step = 0; step < 4000; step++) {
    arena.BeginCommand();
    size_t n = model.size();
    // Below the target length, pushes (ops 11-13 count as pushes) outweigh the rest.
    int op = static_cast<int>(rand(n < 20 ? 4 : (n < target ? 14 : 11)));
    if (op > 10) op = 0;
    switch (op) {
      case 0:
      case 1:
      case 2: {  // pushes, in bursts while the list is below its target length
        size_t burst = 1 + rand(n < target ? 40 : 2);
        bool head = rand(2);
        for (size_t k = 0; k < burst; k++) {
          std::string v = value();
          ql->Push(arena, v, head ? Quicklist::kHead : Quicklist::kTail);
          if (head)
            model.push_front(v);
          else
            model.push_back(v);
        }
        break;
      }
      case 3:
      case 4: {
        std::string v;
        bool head = rand(2);
        bool ok = ql->Pop(arena, head ? Quicklist::kHead : Quicklist::kTail, &v);
        ASSERT_EQ(ok, n > 0);
        if (ok) {
          ASSERT_EQ(v, head ? model.front() : model.back());
          if (head)
            model.pop_front();
          else
            model.pop_back();
        }
        break;
      }
      case 5: {  // LINDEX
        long i = index(n);
        Quicklist::Element e;
        bool ok = ql->Index(i, &e);
        long pos = i >= 0 ? i : static_cast<long>(n) + i;
        ASSERT_EQ(ok, pos >= 0 && pos < static_cast<long>(n));
        if (ok) {
          ASSERT_EQ(Text(e), model[pos]);
        }
        break;
      }
      case 6: {  // LSET
        long i = index(n);
        std::string v = value();
        bool ok = ql->ReplaceAtIndex(arena, i, v);
        long pos = i >= 0 ? i : static_cast<long>(n) + i;
        ASSERT_EQ(ok, pos >= 0 && pos < static_cast<long>(n));
        if (ok) model[pos] = v;
        break;
      }
      case 7: {  // LINSERT before/after the first or last match of a value
        std::string pivot = model[rand(n)];
        std::string v = value();
        bool after = rand(2);
        bool forward = rand(2);
        QuicklistIter it(*ql, forward ? 0 : -1, forward);
        Quicklist::Element e;
        while (it.Next(&e)) {
          if (it.CurrentEquals(pivot)) break;
        }
        it.InsertAtCurrent(arena, v, after);
        size_t pos;
        if (forward) {
          pos = 0;
          while (model[pos] != pivot) pos++;
        } else {
          pos = n - 1;
          while (model[pos] != pivot) pos--;
        }
        model.insert(model.begin() + static_cast<long>(pos + (after ? 1 : 0)), v);
        break;
      }
      case 8: {  // LREM
        std::string target = model[rand(n)];
        long limit = static_cast<long>(rand(4));
        bool forward = rand(2);
        QuicklistIter it(*ql, forward ? 0 : -1, forward);
        Quicklist::Element e;
        long removed = 0;
        while (it.Next(&e)) {
          ASSERT_EQ(it.CurrentEquals(target), Text(e) == target);
          if (it.CurrentEquals(target)) {
            it.DeleteCurrent(arena);
            removed++;
            if (limit && removed == limit) break;
          }
        }
        long done = 0;
        if (forward) {
          for (auto it2 = model.begin(); it2 != model.end();) {
            if (*it2 == target && (!limit || done < limit)) {
              it2 = model.erase(it2);
              done++;
            } else {
              ++it2;
            }
          }
        } else {
          for (long j = static_cast<long>(n) - 1; j >= 0; j--) {
            if (model[j] == target && (!limit || done < limit)) {
              model.erase(model.begin() + j);
              done++;
            }
          }
        }
        ASSERT_EQ(removed, done);
        break;
      }
      case 9: {  // LTRIM-like range deletion
        long start = index(n);
        uint64_t count = rand(n / 8 + 2);
        uint64_t deleted = ql->DelRange(arena, start, count);
        long pos = start >= 0 ? start : static_cast<long>(n) + start;
        uint64_t expect = 0;
        if (pos >= 0 && pos < static_cast<long>(n)) {
          expect = std::min<uint64_t>(count, n - pos);
          model.erase(model.begin() + pos, model.begin() + pos + static_cast<long>(expect));
        }
        ASSERT_EQ(deleted, expect);
        break;
      }
      case 10: {  // walk a range from an index, either way
        long i = index(n);
        bool forward = rand(2);
        QuicklistIter it(*ql, i, forward);
        long pos = i >= 0 ? i : static_cast<long>(n) + i;
        Quicklist::Element e;
        for (int k = 0; k < 30 && it.Next(&e); k++) {
          ASSERT_TRUE(pos >= 0 && pos < static_cast<long>(n));
          ASSERT_EQ(Text(e), model[pos]);
          pos += forward ? 1 : -1;
        }
        break;
      }
    }
    std::vector<std::string> bad = arena.EndCommand();
    ASSERT_TRUE(bad.empty()) << "step " << step << " op " << op << ": " << bad[0];
    ASSERT_EQ(ql->Check(), "") << "step " << step << " op " << op;
    ASSERT_EQ(ql->count(), model.size());
    max_len = std::max<size_t>(max_len, model.size());
    max_nodes = std::max<size_t>(max_nodes, ql->node_count());
    if (step % 50 == 0) {
      std::vector<std::string> expect(model.begin(), model.end());
      ASSERT_EQ(Contents(*ql), expect);
      ASSERT_EQ(ContentsBackward(*ql), expect);
      ASSERT_EQ(ql->AllocatedBytes(), arena.UsedBytes());
    }
  }
  // The walk must have made lists of many nodes, so splits and merges were exercised.
  EXPECT_GE(max_len, target);
  EXPECT_GE(max_nodes, 4u);
  Quicklist::Destroy(arena, ql);
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty());
}

TEST(QuicklistRandomTest, Fill1) {
  RandomOps(1, 1u << 30, 200, 1);
}
TEST(QuicklistRandomTest, Fill2) {
  RandomOps(2, 1u << 30, 200, 2);
}
TEST(QuicklistRandomTest, Fill3WithPlainNodes) {
  RandomOps(3, 24, 300, 3);
}
TEST(QuicklistRandomTest, Fill5) {
  RandomOps(5, 1u << 30, 400, 4);
}
TEST(QuicklistRandomTest, Fill16) {
  RandomOps(16, 1u << 30, 600, 7);
}
TEST(QuicklistRandomTest, Fill4KiBWithPlainNodes) {
  RandomOps(-1, 40, 2000, 5);
}
TEST(QuicklistRandomTest, Fill8KiB) {
  RandomOps(-2, 1u << 30, 2500, 6);
}

}  // namespace
}  // namespace ringkv
