#include "engine/keyspace/hash_table.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <unordered_map>

#include "engine/arena.h"
#include "engine/keyspace/database.h"

namespace ringkv {
namespace {

struct TestNode {
  TestNode* next = nullptr;
  std::string key;
  int value = 0;
};
struct TestTraits {
  static std::string_view Key(const TestNode* n) { return n->key; }
  static uint64_t Hash(std::string_view k) { return HashKey(k); }
};
using Table = IncrementalHashTable<TestNode, TestTraits>;

// Random inserts, removes and lookups checked against std::unordered_map, with rehash steps
// interleaved so lookups happen in every phase of a resize.
TEST(HashTableTest, MatchesModelUnderRandomOperations) {
  MallocArena arena;
  Table table(arena);
  std::unordered_map<std::string, TestNode*> model;
  std::mt19937 rng(42);
  for (int op = 0; op < 200000; op++) {
    std::string key = "k" + std::to_string(rng() % 5000);
    switch (rng() % 4) {
      case 0:
      case 1: {
        TestNode* found = table.Find(key);
        auto it = model.find(key);
        ASSERT_EQ(found, it == model.end() ? nullptr : it->second) << key;
        if (found == nullptr) {
          auto* n = new TestNode{nullptr, key, op};
          table.Insert(n);
          model[key] = n;
        }
        break;
      }
      case 2: {
        TestNode* removed = table.Remove(key);
        auto it = model.find(key);
        ASSERT_EQ(removed, it == model.end() ? nullptr : it->second);
        if (removed != nullptr) {
          model.erase(it);
          delete removed;
        }
        break;
      }
      case 3: table.RehashStep(1); break;
    }
    ASSERT_EQ(table.size(), model.size());
  }
  size_t visited = 0;
  table.ForEach([&](TestNode* n) {
    visited++;
    EXPECT_EQ(model.at(n->key), n);
  });
  EXPECT_EQ(visited, model.size());
  for (auto& [k, n] : model) delete table.Remove(k);
  EXPECT_EQ(table.size(), 0u);
}

// Redis's SCAN guarantee: a key present for the whole iteration is returned at least once, even
// when the table grows (and rehashes incrementally) between calls.
TEST(HashTableTest, ScanReturnsEveryStableKeyWhileGrowing) {
  MallocArena arena;
  Table table(arena);
  std::vector<std::unique_ptr<TestNode>> nodes;
  auto add = [&](const std::string& k) {
    nodes.push_back(std::make_unique<TestNode>(TestNode{nullptr, k, 0}));
    table.Insert(nodes.back().get());
  };
  for (int i = 0; i < 1000; i++) add("stable" + std::to_string(i));
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int extra = 0;
  int calls = 0;
  do {
    cursor = table.Scan(cursor, [&](TestNode* n) { seen.insert(n->key); });
    // Grow by 20 keys per call until the table is ~5x bigger (growth must end for a scan to).
    for (int j = 0; j < 20 && extra < 4000; j++) add("extra" + std::to_string(extra++));
    table.RehashStep(1);
    ASSERT_LT(++calls, 1000000);
  } while (cursor != 0);
  for (int i = 0; i < 1000; i++) EXPECT_TRUE(seen.count("stable" + std::to_string(i))) << i;
  EXPECT_GT(extra, 1000);  // the table really grew during the scan
}

TEST(HashTableTest, ScanReturnsEveryStableKeyWhileShrinking) {
  MallocArena arena;
  Table table(arena);
  std::vector<std::unique_ptr<TestNode>> nodes;
  for (int i = 0; i < 5000; i++) {
    nodes.push_back(std::make_unique<TestNode>(TestNode{nullptr, "k" + std::to_string(i), 0}));
    table.Insert(nodes.back().get());
  }
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int removed = 100;  // keys k0..k99 are kept; the rest go away during the scan
  do {
    cursor = table.Scan(cursor, [&](TestNode* n) { seen.insert(n->key); });
    for (int j = 0; j < 50 && removed < 5000; j++) table.Remove("k" + std::to_string(removed++));
  } while (cursor != 0);
  for (int i = 0; i < 100; i++) EXPECT_TRUE(seen.count("k" + std::to_string(i))) << i;
}

TEST(HashTableTest, RandomReturnsMembers) {
  MallocArena arena;
  Table table(arena);
  EXPECT_EQ(table.Random(1), nullptr);
  std::vector<std::unique_ptr<TestNode>> nodes;
  for (int i = 0; i < 10; i++) {
    nodes.push_back(std::make_unique<TestNode>(TestNode{nullptr, "k" + std::to_string(i), 0}));
    table.Insert(nodes.back().get());
  }
  std::set<std::string> seen;
  for (uint64_t r = 0; r < 2000; r++) seen.insert(table.Random(r * 7919)->key);
  EXPECT_EQ(seen.size(), 10u);
}

}  // namespace
}  // namespace ringkv
