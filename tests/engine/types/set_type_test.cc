// SetType tests: the intset → hashtable conversion points (as redis-server 7.0.15 converts),
// random operations against a std::set model with a fixed seed, SCAN's guarantee while the set
// changes, copies, and that every byte goes back to the arena.
#include "engine/types/set_type.h"

#include <gtest/gtest.h>

#include <new>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

std::string Name(const char* prefix, int i) {
  std::string s = prefix;
  s += std::to_string(i);
  return s;
}

class SetTypeTest : public ::testing::Test {
 protected:
  ~SetTypeTest() override { EXPECT_EQ(arena_.UsedBytes(), 0u); }

  std::set<std::string> Members(const Value& v) {
    std::set<std::string> out;
    SetType::ForEach(v, [&](std::string_view m) { EXPECT_TRUE(out.emplace(m).second) << m; });
    return out;
  }

  MallocArena arena_;
};

TEST_F(SetTypeTest, CreatePicksEncodingFromFirstMember) {
  Value a = SetType::Create(arena_, "12");
  EXPECT_EQ(a.type(), ObjType::kSet);
  EXPECT_EQ(a.encoding(), Encoding::kIntset);
  Value b = SetType::Create(arena_, "x");
  EXPECT_EQ(b.encoding(), Encoding::kHashtable);
  // string2ll rules: these are not integers.
  for (const char* s : {"-0", "+1", "01", " 1", "1.0", "9223372036854775808", ""}) {
    Value c = SetType::Create(arena_, s);
    EXPECT_EQ(c.encoding(), Encoding::kHashtable) << s;
    c.Destroy(arena_);
  }
  a.Destroy(arena_);
  b.Destroy(arena_);
}

TEST_F(SetTypeTest, ConvertsOnNonIntegerAndNeverBack) {
  Value v = SetType::CreateIntset(arena_);
  EXPECT_TRUE(SetType::Add(arena_, v, "1", 512, ValueHome::kLocal));
  EXPECT_TRUE(SetType::Add(arena_, v, "-9223372036854775808", 512, ValueHome::kLocal));
  EXPECT_FALSE(SetType::Add(arena_, v, "1", 512, ValueHome::kLocal));
  EXPECT_EQ(v.encoding(), Encoding::kIntset);
  EXPECT_TRUE(SetType::Add(arena_, v, "abc", 512, ValueHome::kLocal));
  EXPECT_EQ(v.encoding(), Encoding::kHashtable);
  EXPECT_EQ(Members(v), (std::set<std::string>{"1", "-9223372036854775808", "abc"}));
  EXPECT_TRUE(SetType::Remove(arena_, v, "abc", ValueHome::kLocal));
  EXPECT_EQ(v.encoding(), Encoding::kHashtable);
  EXPECT_TRUE(SetType::Contains(v, "1"));
  EXPECT_FALSE(SetType::Contains(v, "01"));
  v.Destroy(arena_);
}

TEST_F(SetTypeTest, ConvertsPastMaxIntsetEntries) {
  Value v = SetType::CreateIntset(arena_);
  for (int i = 0; i < 512; i++) SetType::Add(arena_, v, std::to_string(i), 512, ValueHome::kLocal);
  EXPECT_EQ(v.encoding(), Encoding::kIntset);
  EXPECT_EQ(SetType::Size(v), 512u);
  EXPECT_FALSE(SetType::Add(arena_, v, "7", 512, ValueHome::kLocal));
  EXPECT_EQ(v.encoding(), Encoding::kIntset);
  EXPECT_TRUE(SetType::Add(arena_, v, "512", 512, ValueHome::kLocal));
  EXPECT_EQ(v.encoding(), Encoding::kHashtable);
  EXPECT_EQ(SetType::Size(v), 513u);
  for (int i = 0; i <= 512; i++) EXPECT_TRUE(SetType::Contains(v, std::to_string(i)));
  v.Destroy(arena_);

  // set-max-intset-entries 0: the first member already converts.
  Value w = SetType::Create(arena_, "5");
  SetType::Add(arena_, w, "5", 0, ValueHome::kLocal);
  EXPECT_EQ(w.encoding(), Encoding::kHashtable);
  w.Destroy(arena_);
}

TEST_F(SetTypeTest, LongMembers) {
  Value v = SetType::CreateHashtable(arena_);
  std::string m254(254, 'a'), m255(255, 'b'), m70k(70000, 'c');
  for (const std::string& m : {m254, m255, m70k, std::string()}) {
    EXPECT_TRUE(SetType::Add(arena_, v, m, 512, ValueHome::kLocal));
  }
  EXPECT_EQ(Members(v), (std::set<std::string>{m254, m255, m70k, ""}));
  EXPECT_TRUE(SetType::Remove(arena_, v, m70k, ValueHome::kLocal));
  EXPECT_FALSE(SetType::Contains(v, m70k));
  EXPECT_TRUE(SetType::Contains(v, ""));
  v.Destroy(arena_);
}

// Random SADD/SREM/SISMEMBER/random-member/copy against std::set, with members mostly integers
// so both encodings and the conversion are exercised; a small intset limit converts often.
TEST_F(SetTypeTest, RandomOpsMatchModel) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 40; round++) {
    int64_t max_intset = static_cast<int64_t>(rng() % 64);
    Value v = SetType::CreateIntset(arena_);
    std::set<std::string> model;
    bool strings = round % 2 == 1;
    auto draw = [&]() -> std::string {
      uint64_t r = rng() % 100;
      if (strings && r < 10) return Name("m", static_cast<int>(rng() % 100));
      if (r < 15) return std::to_string(static_cast<int64_t>(rng()));
      return std::to_string(static_cast<int64_t>(rng() % 300) - 150);
    };
    for (int op = 0; op < 3000; op++) {
      std::string m = draw();
      uint64_t what = rng() % 10;
      if (what < 5) {
        bool was_intset = v.encoding() == Encoding::kIntset;
        ASSERT_EQ(SetType::Add(arena_, v, m, max_intset, ValueHome::kLocal), model.insert(m).second);
        if (!was_intset) {
          ASSERT_EQ(v.encoding(), Encoding::kHashtable);
        }
      } else if (what < 8) {
        ASSERT_EQ(SetType::Remove(arena_, v, m, ValueHome::kLocal), model.erase(m) == 1);
      } else if (!model.empty()) {
        MemberBuf buf;
        std::string r(SetType::Random(v, rng(), buf));
        ASSERT_EQ(model.count(r), 1u) << r;
      }
      ASSERT_EQ(SetType::Size(v), model.size());
      ASSERT_EQ(SetType::Contains(v, m), model.count(m) == 1);
      // The encoding is what Redis would have: intset only while every member ever added was an
      // integer and the count stayed within the limit (checked loosely: a hashtable never holds
      // the intset form, an intset only integers within the limit).
      if (v.encoding() == Encoding::kIntset) {
        ASSERT_LE(static_cast<int64_t>(SetType::Size(v)), max_intset);
      }
    }
    ASSERT_EQ(Members(v), model);
    Value copy = SetType::Copy(arena_, v);
    EXPECT_EQ(copy.encoding(), v.encoding());
    EXPECT_EQ(Members(copy), model);
    copy.Destroy(arena_);
    v.Destroy(arena_);
  }
}

TEST_F(SetTypeTest, ForEachCanStop) {
  for (bool ints : {true, false}) {
    Value v = ints ? SetType::CreateIntset(arena_) : SetType::CreateHashtable(arena_);
    for (int i = 0; i < 300; i++) SetType::Add(arena_, v, std::to_string(i), 512, ValueHome::kLocal);
    int calls = 0;
    SetType::ForEach(v, [&](std::string_view) { return ++calls < 7; });
    EXPECT_EQ(calls, 7);
    std::set<std::string> all;
    SetType::ForEach(v, [&](std::string_view m) {
      all.emplace(m);
      return true;
    });
    EXPECT_EQ(all.size(), 300u);
    v.Destroy(arena_);
  }
}

// SSCAN's guarantee: every member present from the first call to the last is returned, while
// members are added and removed (growing and shrinking the table) between calls.
TEST_F(SetTypeTest, ScanReturnsStableMembersUnderChanges) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 10; round++) {
    Value v = SetType::CreateHashtable(arena_);
    std::vector<std::string> present;  // current members, in no order
    for (int i = 0; i < 1000; i++) {
      present.push_back(Name("s", i));
      SetType::Add(arena_, v, present.back(), 512, ValueHome::kLocal);
    }
    std::set<std::string> stable(present.begin(), present.end());  // present throughout
    std::set<std::string> seen;
    uint64_t cursor = 0;
    int next = 0;
    // Growth rounds add two members per call (the table doubles mid-scan); shrink rounds remove
    // ten per call (it halves, repeatedly).
    bool grow = round % 2 == 0;
    do {
      cursor = SetType::Scan(v, cursor, [&](std::string_view m) { seen.emplace(m); });
      for (int k = 0; k < (grow ? 2 : 0); k++) {
        present.push_back(Name("n", next++));
        SetType::Add(arena_, v, present.back(), 512, ValueHome::kLocal);
      }
      for (int k = 0; k < (grow ? 1 : 10) && present.size() > 1; k++) {
        size_t at = rng() % present.size();
        SetType::Remove(arena_, v, present[at], ValueHome::kLocal);
        stable.erase(present[at]);
        present[at] = present.back();
        present.pop_back();
      }
    } while (cursor != 0);
    EXPECT_LT(stable.size(), 1000u);
    for (const std::string& m : stable) ASSERT_EQ(seen.count(m), 1u) << m;
    v.Destroy(arena_);
  }
}

TEST_F(SetTypeTest, IntsetScanIsOneCall) {
  Value v = SetType::CreateIntset(arena_);
  for (int i = 0; i < 100; i++) SetType::Add(arena_, v, std::to_string(i), 512, ValueHome::kLocal);
  std::vector<std::string> got;
  EXPECT_EQ(SetType::Scan(v, 12345, [&](std::string_view m) { got.emplace_back(m); }), 0u);
  EXPECT_EQ(got.size(), 100u);
  EXPECT_EQ(got.front(), "0");
  EXPECT_EQ(got.back(), "99");
  v.Destroy(arena_);
}

// The Arena contract (engine/arena.h): with the set's Value in arena memory (as in a keyspace
// entry), every change a command makes to memory that existed before it is announced with
// WillModify, through conversions, intset moves and hash table growth and shrinking; frees give
// the allocated size.
TEST(SetTypeArenaTest, EveryChangeIsAnnounced) {
  testing::CheckingArena arena;
  std::mt19937_64 rng(99);
  for (int round = 0; round < 6; round++) {
    auto* v = new (arena.Allocate(sizeof(Value))) Value(SetType::CreateIntset(arena));
    int64_t max_intset = round % 2 == 0 ? 512 : 16;
    for (int op = 0; op < 1500; op++) {
      // Mostly integers; a string now and then converts the set.
      std::string m = rng() % 50 == 0 ? Name("s", static_cast<int>(rng() % 100))
                                      : std::to_string(static_cast<int64_t>(rng() % 700) - 200);
      arena.BeginCommand();
      // Grow early, shrink later, so the table resizes both ways.
      if (rng() % 10 < (op < 900 ? 8u : 1u)) {
        SetType::Add(arena, *v, m, max_intset);
      } else {
        SetType::Remove(arena, *v, m);
      }
      std::vector<std::string> bad = arena.EndCommand();
      ASSERT_TRUE(bad.empty()) << "round " << round << " op " << op << ": " << bad[0];
    }
    v->Destroy(arena);
    v->~Value();
    arena.Deallocate(v, sizeof(Value));
  }
  EXPECT_TRUE(arena.errors().empty()) << arena.errors()[0];
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

TEST_F(SetTypeTest, HeapBytesTracksArena) {
  size_t before = arena_.UsedBytes();
  Value v = SetType::CreateHashtable(arena_);
  for (int i = 0; i < 5000; i++) {
    SetType::Add(arena_, v, Name("member:", i), 512, ValueHome::kLocal);
  }
  size_t used = arena_.UsedBytes() - before;
  size_t reported = SetType::HeapBytes(v);
  // HeapBytes counts requested sizes; the arena counts the allocator's rounded sizes.
  EXPECT_LE(reported, used);
  EXPECT_GE(reported * 10, used * 7);
  for (int i = 0; i < 5000; i++) {
    SetType::Remove(arena_, v, Name("member:", i), ValueHome::kLocal);
  }
  EXPECT_EQ(SetType::Size(v), 0u);
  v.Destroy(arena_);
  EXPECT_EQ(arena_.UsedBytes(), before);
}

}  // namespace
}  // namespace ringkv
