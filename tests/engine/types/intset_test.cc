// Intset tests: Redis's byte layout (checked against the payload of DUMP from redis-server
// 7.0.15), encoding upgrades, validation of loaded bytes, and random operations against std::set.
#include "engine/types/intset.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ringkv {
namespace {

std::string Hex(const uint8_t* p, size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; i++) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  return out;
}

std::vector<uint8_t> Unhex(const std::string& s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(std::stoi(s.substr(i, 2), nullptr, 16));
  return out;
}

class IntsetTest : public ::testing::Test {
 protected:
  uint8_t* Make(std::initializer_list<int64_t> values) {
    uint8_t* is = intset::New(arena_);
    for (int64_t v : values) {
      bool added;
      is = intset::Add(arena_, is, v, &added);
      EXPECT_TRUE(added) << v;
    }
    return is;
  }
  std::string Blob(const uint8_t* is) { return Hex(is, intset::BlobLen(is)); }

  MallocArena arena_;
};

TEST_F(IntsetTest, EmptyHeader) {
  uint8_t* is = intset::New(arena_);
  EXPECT_EQ(intset::Length(is), 0u);
  EXPECT_EQ(intset::EncodingOf(is), intset::kEncInt16);
  EXPECT_EQ(Blob(is), "0200000000000000");
  EXPECT_FALSE(intset::Find(is, 0));
  bool removed = true;
  is = intset::Remove(arena_, is, 0, &removed);
  EXPECT_FALSE(removed);
  intset::Free(arena_, is);
  EXPECT_EQ(arena_.UsedBytes(), 0u);
}

// The bytes redis-server 7.0.15 puts in DUMP for SADD k 3 1 2 / 70000 1 -5 / -5000000000 7.
TEST_F(IntsetTest, LayoutMatchesRedis) {
  uint8_t* a = Make({3, 1, 2});
  EXPECT_EQ(Blob(a), "0200000003000000010002000300");
  uint8_t* b = Make({70000, 1, -5});
  EXPECT_EQ(Blob(b), "0400000003000000fbffffff0100000070110100");
  uint8_t* c = Make({-5000000000LL, 7});
  EXPECT_EQ(Blob(c), "0800000002000000000efad5feffffff0700000000000000");
  for (uint8_t* is : {a, b, c}) intset::Free(arena_, is);
  EXPECT_EQ(arena_.UsedBytes(), 0u);
}

TEST_F(IntsetTest, UpgradeKeepsOrderAndNeverDowngrades) {
  uint8_t* is = Make({5, -3, 100});
  EXPECT_EQ(intset::EncodingOf(is), intset::kEncInt16);
  bool added;
  is = intset::Add(arena_, is, 40000, &added);  // past int16: appended
  EXPECT_EQ(intset::EncodingOf(is), intset::kEncInt32);
  is = intset::Add(arena_, is, INT64_MIN, &added);  // negative and wider: prepended
  EXPECT_EQ(intset::EncodingOf(is), intset::kEncInt64);
  std::vector<int64_t> got;
  for (uint32_t i = 0; i < intset::Length(is); i++) got.push_back(intset::Get(is, i));
  EXPECT_EQ(got, (std::vector<int64_t>{INT64_MIN, -3, 5, 100, 40000}));
  is = intset::Add(arena_, is, INT64_MAX, &added);
  EXPECT_TRUE(intset::Find(is, INT64_MAX));
  EXPECT_TRUE(intset::Find(is, INT64_MIN));
  bool removed;
  is = intset::Remove(arena_, is, INT64_MIN, &removed);
  is = intset::Remove(arena_, is, INT64_MAX, &removed);
  is = intset::Remove(arena_, is, 40000, &removed);
  EXPECT_TRUE(removed);
  EXPECT_EQ(intset::EncodingOf(is), intset::kEncInt64);  // as Redis: no downgrade
  EXPECT_EQ(intset::BlobLen(is), 8u + 3 * 8);
  // A value wider than the encoding is never found (and its removal is a no-op).
  uint8_t* small = Make({1});
  EXPECT_FALSE(intset::Find(small, 1LL << 40));
  small = intset::Remove(arena_, small, 1LL << 40, &removed);
  EXPECT_FALSE(removed);
  intset::Free(arena_, small);
  intset::Free(arena_, is);
  EXPECT_EQ(arena_.UsedBytes(), 0u);
}

TEST_F(IntsetTest, DuplicateAddReturnsSameBlock) {
  uint8_t* is = Make({1, 2});
  bool added = true;
  uint8_t* same = intset::Add(arena_, is, 2, &added);
  EXPECT_FALSE(added);
  EXPECT_EQ(same, is);
  intset::Free(arena_, is);
}

TEST_F(IntsetTest, Validate) {
  auto ok = Unhex("0400000003000000fbffffff0100000070110100");
  EXPECT_TRUE(intset::Validate(ok.data(), ok.size(), true));
  EXPECT_FALSE(intset::Validate(ok.data(), ok.size() - 1, false));  // length mismatch
  EXPECT_FALSE(intset::Validate(ok.data(), 4, false));              // no header
  auto bad_enc = ok;
  bad_enc[0] = 3;
  EXPECT_FALSE(intset::Validate(bad_enc.data(), bad_enc.size(), false));
  auto unsorted = Unhex("020000000200000005000100");
  EXPECT_TRUE(intset::Validate(unsorted.data(), unsorted.size(), false));
  EXPECT_FALSE(intset::Validate(unsorted.data(), unsorted.size(), true));
  auto dup = Unhex("020000000200000005000500");
  EXPECT_FALSE(intset::Validate(dup.data(), dup.size(), true));
  auto empty = Unhex("0200000000000000");
  EXPECT_FALSE(intset::Validate(empty.data(), empty.size(), false));

  uint8_t* is = intset::FromBytes(arena_, ok.data(), ok.size());
  EXPECT_TRUE(intset::Find(is, 70000));
  EXPECT_TRUE(intset::Find(is, -5));
  uint8_t* copy = intset::Copy(arena_, is);
  EXPECT_EQ(Blob(copy), Blob(is));
  intset::Free(arena_, is);
  intset::Free(arena_, copy);
  EXPECT_EQ(arena_.UsedBytes(), 0u);
}

TEST_F(IntsetTest, RandomOpsMatchStdSet) {
  std::mt19937_64 rng(12345);
  // Values drawn from ranges of each width, so every upgrade path is taken.
  auto draw = [&]() -> int64_t {
    switch (rng() % 4) {
      case 0: return static_cast<int64_t>(rng() % 200) - 100;
      case 1: return static_cast<int64_t>(rng() % 100000) - 50000;
      case 2: return static_cast<int64_t>(rng() % 10000000000ULL) - 5000000000LL;
      default: return static_cast<int64_t>(rng());
    }
  };
  for (int round = 0; round < 20; round++) {
    uint8_t* is = intset::New(arena_);
    std::set<int64_t> model;
    std::vector<int64_t> seen;
    for (int op = 0; op < 2000; op++) {
      int64_t v = (!seen.empty() && rng() % 3 == 0) ? seen[rng() % seen.size()] : draw();
      if (rng() % 3 != 0) {
        bool added;
        is = intset::Add(arena_, is, v, &added);
        ASSERT_EQ(added, model.insert(v).second);
        seen.push_back(v);
      } else {
        bool removed;
        is = intset::Remove(arena_, is, v, &removed);
        ASSERT_EQ(removed, model.erase(v) == 1);
      }
      ASSERT_EQ(intset::Length(is), model.size());
      ASSERT_EQ(intset::Find(is, v), model.count(v) == 1);
    }
    uint32_t i = 0;
    for (int64_t v : model) ASSERT_EQ(intset::Get(is, i++), v);
    if (!model.empty()) {
      EXPECT_TRUE(intset::Validate(is, intset::BlobLen(is), true));
    }
    intset::Free(arena_, is);
  }
  EXPECT_EQ(arena_.UsedBytes(), 0u);
}

}  // namespace
}  // namespace ringkv
