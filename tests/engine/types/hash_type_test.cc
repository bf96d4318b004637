#include "engine/types/hash_type.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <new>
#include <random>
#include <set>
#include <string>

#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

using testing::CheckingArena;

std::map<std::string, std::string> Contents(const Value& v) {
  std::map<std::string, std::string> out;
  HashType::ForEach(v, [&](std::string_view f, std::string_view val) {
    EXPECT_TRUE(out.emplace(std::string(f), std::string(val)).second) << "duplicate " << f;
  });
  return out;
}

std::string Field(std::mt19937_64& rng, int space) {
  switch (rng() % 4) {
    case 0:
      return std::to_string(rng() % space);  // integer-encoded in a listpack
    case 1:
      return "f" + std::to_string(rng() % space);
    case 2:
      return std::string(1 + rng() % 3, 'x') + std::to_string(rng() % space);
    default:
      return "long-field-" + std::string(rng() % 300, 'L') + std::to_string(rng() % space);
  }
}

std::string RandomValue(std::mt19937_64& rng) {
  switch (rng() % 5) {
    case 0:
      return std::to_string(static_cast<int64_t>(rng()) >> (rng() % 64));
    case 1:
      return "";
    case 2:
      return std::string(rng() % 70, 'v');
    case 3:
      return std::string(250 + rng() % 10, 'w');  // around the 1-byte length limit
    default:
      return "val" + std::to_string(rng() % 1000);
  }
}

// Random sets, deletes and lookups against std::map, under limits that make conversions happen,
// every operation checked for the WillModify contract; the hash's own accounting must equal what
// the arena handed out.
void RunModel(HashLimits limits, int space, uint64_t seed, bool short_fields_only) {
  CheckingArena arena;
  std::mt19937_64 rng(seed);
  // The Value lives in arena memory, as a keyspace entry's does.
  auto* holder = static_cast<Value*>(arena.Allocate(sizeof(Value)));
  new (holder) Value(HashType::Create(arena));
  Value& v = *holder;
  std::map<std::string, std::string> model;
  bool converted = false;
  for (int op = 0; op < 10000; op++) {
    std::string f = Field(rng, space);
    if (short_fields_only && f.size() > 20) f = f.substr(f.size() - 5);
    std::string val = RandomValue(rng);
    if (short_fields_only && val.size() > 20) val.resize(20);
    // Checking the contract copies the whole arena: do it on a sample of the operations.
    bool check = op % 5 == 0;
    if (check) arena.BeginCommand();
    switch (rng() % 5) {
      case 0:
      case 1: {
        bool added = HashType::Set(arena, v, f, val, limits);
        ASSERT_EQ(added, model.find(f) == model.end());
        model[f] = val;
        break;
      }
      case 2: {
        bool removed = HashType::Delete(arena, v, f);
        ASSERT_EQ(removed, model.erase(f) == 1);
        break;
      }
      default: {
        HashBuf buf;
        auto got = HashType::Get(v, f, buf);
        auto it = model.find(f);
        ASSERT_EQ(got.has_value(), it != model.end());
        if (got) {
          ASSERT_EQ(*got, it->second);
        }
        ASSERT_EQ(HashType::Exists(v, f), it != model.end());
      }
    }
    if (check) {
      auto bad = arena.EndCommand();
      ASSERT_TRUE(bad.empty()) << "op " << op << ": " << bad[0];
    }
    ASSERT_EQ(HashType::Length(v), model.size());
    if (v.encoding() == Encoding::kHashtable) converted = true;
    // Never converts back.
    if (converted) {
      ASSERT_EQ(v.encoding(), Encoding::kHashtable);
    }
    ASSERT_EQ(arena.UsedBytes(), sizeof(Value) + HashType::HeapBytes(v)) << op;
    if (op % 97 == 0) {
      ASSERT_EQ(Contents(v), model) << op;
    }
  }
  EXPECT_EQ(Contents(v), model);
  v.Destroy(arena);
  arena.Deallocate(holder, sizeof(Value));
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty());
}

TEST(HashTypeTest, ListpackMatchesModel) {
  // Limits high enough that it stays a listpack.
  RunModel({1000, 1 << 20}, 60, 1, false);
}

TEST(HashTypeTest, HashtableMatchesModel) {
  RunModel({0, 64}, 1500, 2, false);
}

TEST(HashTypeTest, ConvertsAtTheLimitsAndMatchesModel) {
  RunModel({64, 64}, 100, 3, false);
}

TEST(HashTypeTest, ShortValuesStayListpack) {
  RunModel({1000, 64}, 200, 4, true);
}

TEST(HashTypeTest, ConversionPoints) {
  MallocArena arena;
  HashLimits limits{4, 8};
  Value v = HashType::Create(arena);
  for (int i = 0; i < 4; i++) HashType::Set(arena, v, "f" + std::to_string(i), "v", limits);
  EXPECT_EQ(v.encoding(), Encoding::kListpack);
  HashType::Set(arena, v, "f0", "12345678", limits);  // exactly max_value: stays
  EXPECT_EQ(v.encoding(), Encoding::kListpack);
  HashType::Set(arena, v, "f4", "v", limits);  // a fifth field
  EXPECT_EQ(v.encoding(), Encoding::kHashtable);
  HashType::Delete(arena, v, "f4");
  HashType::Delete(arena, v, "f3");
  EXPECT_EQ(v.encoding(), Encoding::kHashtable);  // never back
  v.Destroy(arena);

  Value w = HashType::Create(arena);
  HashType::Set(arena, w, "f", "123456789", limits);  // value one byte too long
  EXPECT_EQ(w.encoding(), Encoding::kHashtable);
  w.Destroy(arena);
  Value x = HashType::Create(arena);
  HashType::Set(arena, x, "123456789", "v", limits);  // field one byte too long
  EXPECT_EQ(x.encoding(), Encoding::kHashtable);
  x.Destroy(arena);
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

// The listpack of a hash is what Redis stores: field, value, ... with integers encoded.
TEST(HashTypeTest, ListpackLayoutIsRedis) {
  MallocArena arena;
  Value v = HashType::Create(arena);
  HashLimits limits{128, 64};
  HashType::Set(arena, v, "a", "1", limits);
  HashType::Set(arena, v, "b", "hello", limits);
  HashType::Set(arena, v, "a", "2", limits);  // replaced in place, order kept
  const uint8_t* lp = HashType::ListpackOf(v);
  // Redis 7.0.15: HSET h a 1 b hello; HSET h a 2 → DUMP's listpack.
  const uint8_t expected[] = {0x16, 0,   0, 0,    4,   0,   0x81, 'a', 2,   2, 1,
                              0x81, 'b', 2, 0x85, 'h', 'e', 'l',  'l', 'o', 6, 0xff};
  ASSERT_EQ(lp::Bytes(lp), sizeof(expected));
  EXPECT_EQ(std::memcmp(lp, expected, sizeof(expected)), 0);
  v.Destroy(arena);
}

TEST(HashTypeTest, CopyIsDeepAndEqual) {
  CheckingArena arena;
  for (HashLimits limits : {HashLimits{128, 64}, HashLimits{0, 64}}) {
    Value v = HashType::Create(arena);
    for (int i = 0; i < 100; i++) {
      HashType::Set(arena, v, "f" + std::to_string(i), std::string(i, 'v'), limits);
    }
    Value c = HashType::Copy(arena, v);
    EXPECT_EQ(c.encoding(), v.encoding());
    EXPECT_EQ(Contents(c), Contents(v));
    HashType::Set(arena, c, "f1", "changed", limits);
    HashBuf buf;
    EXPECT_EQ(*HashType::Get(v, "f1", buf), "v");
    c.Destroy(arena);
    v.Destroy(arena);
  }
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty());
}

// HSCAN's guarantee on the hashtable encoding: a field present from the first call to the last
// is returned, even when the table grows or shrinks between calls.
TEST(HashTypeTest, ScanReturnsEveryFieldPresentThroughout) {
  MallocArena arena;
  std::mt19937_64 rng(11);
  HashLimits limits{0, 64};
  for (int round = 0; round < 20; round++) {
    Value v = HashType::Create(arena);
    std::set<std::string> stable;
    for (int i = 0; i < 500; i++) {
      std::string f = "s" + std::to_string(i);
      HashType::Set(arena, v, f, "x", limits);
      stable.insert(f);
    }
    std::set<std::string> seen;
    uint64_t cursor = 0;
    int churn = 0;
    do {
      cursor = HashType::Scan(v, cursor, [&](std::string_view f, std::string_view val) {
        EXPECT_EQ(val, f[0] == 's' ? "x" : "y");
        seen.insert(std::string(f));
      });
      // Grow in some rounds, shrink in others, with fields that are not "stable".
      for (int k = 0; k < 40; k++) {
        std::string f = "t" + std::to_string(churn++);
        if (round % 2 == 0) {
          // Bounded growth: a table that grows faster than the scan advances never finishes.
          if (churn < 3000) HashType::Set(arena, v, f, "y", limits);
        } else if (k % 2 == 0 && !stable.empty() && rng() % 3 == 0) {
          // Remove a stable one: it leaves the guarantee set.
          auto it = std::next(stable.begin(), static_cast<long>(rng() % stable.size()));
          HashType::Delete(arena, v, *it);
          stable.erase(it);
        }
      }
    } while (cursor != 0);
    for (const std::string& f : stable) EXPECT_TRUE(seen.count(f)) << f << " round " << round;
    v.Destroy(arena);
  }
}

TEST(HashTypeTest, RandomCoversAllFields) {
  MallocArena arena;
  for (HashLimits limits : {HashLimits{128, 64}, HashLimits{0, 64}}) {
    Value v = HashType::Create(arena);
    for (int i = 0; i < 20; i++) {
      HashType::Set(arena, v, std::to_string(i), "v" + std::to_string(i), limits);
    }
    std::set<std::string> seen;
    std::mt19937_64 rng(5);
    for (int i = 0; i < 2000; i++) {
      HashBuf fb, vb;
      std::string_view f, val;
      HashType::Random(v, rng(), fb, vb, &f, &val);
      EXPECT_EQ(val, "v" + std::string(f));
      seen.insert(std::string(f));
    }
    EXPECT_EQ(seen.size(), 20u);
    v.Destroy(arena);
  }
}

}  // namespace
}  // namespace ringkv
