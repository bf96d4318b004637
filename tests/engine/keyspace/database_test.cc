#include "engine/keyspace/database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/util/clock.h"

namespace ringkv {
namespace {

struct ExpiredLog : KeyspaceListener {
  void OnKeyExpired(int db, std::string_view key) override {
    keys.emplace_back(key);
    last_db = db;
  }
  std::vector<std::string> keys;
  int last_db = -1;
};

TEST(DatabaseTest, AddFindReplaceDelete) {
  MallocArena arena;
  {
    Database db(arena, 0);
    KeyEntry* e = db.Add("key", Value::MakeString(arena, "a long enough value"), 0);
    EXPECT_EQ(db.Find("key"), e);
    EXPECT_EQ(db.size(), 1u);
    db.Replace(e, Value::MakeInt(7));
    int64_t v = 0;
    EXPECT_TRUE(db.Find("key")->value.AsInt(&v));
    EXPECT_EQ(v, 7);
    db.Delete(e);
    EXPECT_EQ(db.Find("key"), nullptr);
  }
  EXPECT_EQ(arena.UsedBytes(), 0u);  // nothing leaked into the arena
}

TEST(DatabaseTest, LazyExpiryDeletesAndReports) {
  MallocArena arena;
  Database db(arena, 3);
  ExpiredLog log;
  db.set_listener(&log);
  KeyEntry* e = db.Add("k", Value::MakeString(arena, "v"), 0);
  db.SetExpire(e, 1000);
  EXPECT_EQ(db.GetExpire(e), 1000);
  EXPECT_EQ(db.Lookup("k", 999), e);
  EXPECT_EQ(db.Lookup("k", 1000), nullptr);
  EXPECT_EQ(db.size(), 0u);
  EXPECT_EQ(db.expires_size(), 0u);
  ASSERT_EQ(log.keys.size(), 1u);
  EXPECT_EQ(log.keys[0], "k");
  EXPECT_EQ(log.last_db, 3);
}

TEST(DatabaseTest, PersistRemovesTtl) {
  MallocArena arena;
  Database db(arena, 0);
  KeyEntry* e = db.Add("k", Value::MakeString(arena, "v"), 0);
  EXPECT_FALSE(db.Persist(e));
  db.SetExpire(e, 5);
  db.SetExpire(e, 50);  // updating keeps one entry
  EXPECT_EQ(db.expires_size(), 1u);
  EXPECT_TRUE(db.Persist(e));
  EXPECT_EQ(db.GetExpire(e), -1);
  EXPECT_EQ(db.Lookup("k", 1000), e);
}

TEST(DatabaseTest, ActiveExpireRemovesExpiredKeysOnly) {
  MallocArena arena;
  Database db(arena, 0);
  ExpiredLog log;
  db.set_listener(&log);
  for (int i = 0; i < 1000; i++) {
    KeyEntry* e = db.Add("k" + std::to_string(i), Value::MakeInt(i), 0);
    db.SetExpire(e, i < 600 ? 10 : 1000000);
  }
  // Run cycles until no more progress; each is bounded, the loop is not.
  for (int round = 0; round < 1000 && db.size() > 400; round++) {
    db.ActiveExpire(100, 20, 10, &MonotonicUs, MonotonicUs() + 1000000);
  }
  EXPECT_EQ(db.size(), 400u);
  EXPECT_EQ(log.keys.size(), 600u);
  EXPECT_EQ(db.Find("k599"), nullptr);
  EXPECT_NE(db.Find("k600"), nullptr);
}

TEST(DatabaseTest, ClearAndSwap) {
  MallocArena arena;
  {
    Database a(arena, 0), b(arena, 1);
    for (int i = 0; i < 100; i++) {
      KeyEntry* e = a.Add("a" + std::to_string(i), Value::MakeString(arena, std::string(50, 'x')), 0);
      if (i % 2) a.SetExpire(e, 1LL << 40);
    }
    b.Add("b", Value::MakeInt(1), 0);
    a.Swap(b);
    EXPECT_EQ(a.size(), 1u);
    EXPECT_EQ(b.size(), 100u);
    EXPECT_EQ(b.expires_size(), 50u);
    EXPECT_EQ(b.Clear(), 100u);
    EXPECT_EQ(b.size(), 0u);
    EXPECT_EQ(b.expires_size(), 0u);
  }
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

TEST(ValueTest, EncodingsFollowRedis) {
  MallocArena arena;
  Value i = Value::MakeString(arena, "12345");
  EXPECT_EQ(i.encoding(), Encoding::kInt);
  Value lead0 = Value::MakeString(arena, "0123");
  EXPECT_EQ(lead0.encoding(), Encoding::kEmbstr);
  Value e = Value::MakeString(arena, std::string(44, 'a'));
  EXPECT_EQ(e.encoding(), Encoding::kEmbstr);
  Value r = Value::MakeString(arena, std::string(45, 'a'));
  EXPECT_EQ(r.encoding(), Encoding::kRaw);
  char scratch[kIntScratch];
  EXPECT_EQ(i.StringView(scratch), "12345");
  EXPECT_EQ(r.StringView(scratch), std::string(45, 'a'));
  // Growing in place keeps the bytes and zero-fills.
  char* buf = i.MutableRaw(arena, 8);
  EXPECT_EQ(std::string(buf, 8), std::string("12345\0\0\0", 8));
  EXPECT_EQ(i.encoding(), Encoding::kRaw);
  i.Destroy(arena);
  lead0.Destroy(arena);
  e.Destroy(arena);
  r.Destroy(arena);
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

}  // namespace
}  // namespace ringkv

namespace ringkv {
namespace {

TEST(DatabaseTest, DeleteSomeFreesInSlices) {
  MallocArena arena;
  {
    Database db(arena, 0);
    for (int i = 0; i < 1000; i++) db.Add("k" + std::to_string(i), Value::MakeInt(i), 0);
    size_t total = 0;
    for (int round = 0; round < 1000 && db.size() > 0; round++) {
      size_t n = db.DeleteSome(100);
      EXPECT_LE(n, 200u);  // a slice is bounded (a bucket may carry a few more than asked)
      total += n;
    }
    EXPECT_EQ(total, 1000u);
    EXPECT_EQ(db.size(), 0u);
  }
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

}  // namespace
}  // namespace ringkv
