// PointInTimeSnapshot: the file equals the dataset at the instant the snapshot began, whatever
// commands run between its steps — writes, deletes, expiry changes, renames, moves, SWAPDB and
// FLUSHDB — with captures spilled through the callback when the buffer grows, no key written
// twice, and a clean epoch for the next snapshot even when one is abandoned halfway.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <span>
#include <string>
#include <utility>

#include "engine/rdb/reader.h"
#include "engine/rdb/writer.h"
#include "engine/snapshot/point_in_time.h"
#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

// (db, key) → (expiry, the value re-serialized as DUMP's typed payload).
using Contents = std::map<std::pair<int, std::string>, std::pair<int64_t, std::string>>;

// Parses an RDB image; *duplicates counts keys that appear twice.
Contents Parse(const std::string& file, Arena& arena, int* duplicates) {
  rdb::MemorySource src({reinterpret_cast<const uint8_t*>(file.data()), file.size()});
  rdb::RdbReader reader(src, arena, rdb::LoadLimits{});
  EXPECT_TRUE(reader.ReadHeader()) << reader.error();
  Contents out;
  *duplicates = 0;
  while (true) {
    rdb::RdbEntry e;
    rdb::RdbReader::Step step = reader.Next(&e);
    if (step == rdb::RdbReader::Step::kEnd) break;
    EXPECT_EQ(step, rdb::RdbReader::Step::kKey) << reader.error();
    if (step != rdb::RdbReader::Step::kKey) break;
    std::string payload;
    rdb::RdbWriter::AppendTypedValue(&payload, e.value, false);
    if (!out.emplace(std::make_pair(e.db, e.key), std::make_pair(e.expire_ms, payload)).second) {
      (*duplicates)++;
    }
    e.value.Destroy(arena);
  }
  return out;
}

// What a synchronous save of the engine would hold now.
std::string SaveNow(Engine& engine) {
  rdb::RdbWriter w(false);
  w.WriteHeader();
  for (int i = 0; i < engine.db_count(); i++) {
    Database& db = engine.db(i);
    if (db.size() == 0) continue;
    w.WriteSelectDb(i, db.size(), db.expires_size());
    db.ForEach([&](const KeyEntry* e) {
      w.WriteKey(e->key(), e->value, e->has_expire ? db.GetExpire(e) : -1);
    });
  }
  w.WriteEof();
  return w.Take();
}

class PointInTimeTest : public CommandTest {
 protected:
  void Populate() {
    for (int db = 0; db < 4; db++) {
      Run({"select", std::to_string(db)});
      for (int i = 0; i < 400; i++) {
        std::string n = std::to_string(i);
        Run({"set", "s" + n, "value" + n});
        if (i % 7 == 0) Run({"pexpireat", "s" + n, std::to_string(4102444800000 + i)});
        Run({"rpush", "l" + n, "a", "b", n});
        Run({"hset", "h" + n, "f", n, "g", "x"});
        Run({"sadd", "i" + n, "1", "2", n});
        Run({"zadd", "z" + n, "1", "a", n, "b"});
      }
    }
    Run({"select", "0"});
  }

  // One random write; keys are drawn from what Populate made.
  void Mutate(std::mt19937_64& rng) {
    auto key = [&](const char* p) { return std::string(p) + std::to_string(rng() % 400); };
    Run({"select", std::to_string(rng() % 4)});
    switch (rng() % 16) {
      case 0: Run({"set", key("s"), "changed"}); break;
      case 1: Run({"del", key("s"), key("l")}); break;
      case 2: Run({"append", key("s"), "++"}); break;
      case 3: Run({"expire", key("s"), "100"}); break;
      case 4: Run({"persist", key("s")}); break;
      case 5: Run({"lpush", key("l"), "new"}); break;
      case 6: Run({"rpop", key("l")}); break;
      case 7: Run({"hset", key("h"), "f", "changed"}); break;
      case 8: Run({"srem", key("i"), "1"}); break;
      case 9: Run({"zincrby", key("z"), "5", "a"}); break;
      case 10: Run({"rename", key("s"), "renamed" + std::to_string(rng())}); break;
      case 11: Run({"move", key("h"), std::to_string(rng() % 4)}); break;
      case 12: Run({"swapdb", std::to_string(rng() % 4), std::to_string(rng() % 4)}); break;
      case 13:
        if (rng() % 20 == 0) Run({"flushdb"});
        break;
      case 14: Run({"set", "brand-new" + std::to_string(rng() % 50), "x"}); break;
      case 15: Run({"copy", key("z"), key("z"), "replace"}); break;
    }
    Run({"select", "0"});
  }
};

TEST_F(PointInTimeTest, FileIsTheDatasetAtTheStartDespiteConcurrentWrites) {
  Populate();
  std::string expected_file = SaveNow(*engine_);
  for (uint64_t seed : {1, 2, 3}) {
    std::string out;
    int spills = 0;
    {
      PointInTimeSnapshot snap(*engine_, false, 8 << 10, [&](std::string&& bytes) {
        out += bytes;
        spills++;
      });
      engine_->set_snapshot(&snap);
      std::mt19937_64 rng(seed);
      while (!snap.done()) {
        snap.Step(512);
        out += snap.Take();
        for (int i = 0; i < 5; i++) Mutate(rng);
      }
      engine_->set_snapshot(nullptr);
      EXPECT_GT(snap.keys_captured(), 0u);
    }
    int dups = 0;
    Contents expected = Parse(expected_file, engine_->arena(), &dups);
    Contents got = Parse(out, engine_->arena(), &dups);
    EXPECT_EQ(dups, 0);
    EXPECT_EQ(got.size(), expected.size());
    EXPECT_TRUE(got == expected) << "seed " << seed;
    EXPECT_GT(spills, 0) << "FLUSHDB/SWAPDB drains should have spilled";
    // The next round starts from the dataset as it is now.
    expected_file = SaveNow(*engine_);
  }
}

TEST_F(PointInTimeTest, AbandonedSnapshotLeavesACleanEpoch) {
  Populate();
  {
    PointInTimeSnapshot snap(*engine_, false, 1 << 20, nullptr);
    engine_->set_snapshot(&snap);
    snap.Step(4096);  // part of the walk only
    engine_->set_snapshot(nullptr);
  }
  std::string expected_file = SaveNow(*engine_);
  std::string out;
  PointInTimeSnapshot snap(*engine_, true, 1 << 20, nullptr);
  while (!snap.done()) {
    snap.Step(1 << 16);
    out += snap.Take();
  }
  int dups = 0;
  Contents expected = Parse(expected_file, engine_->arena(), &dups);
  Contents got = Parse(out, engine_->arena(), &dups);
  EXPECT_EQ(dups, 0);
  EXPECT_TRUE(got == expected);
}

TEST_F(PointInTimeTest, BigValuesAreWrittenInChunks) {
  // A list, a hash, a set and a sorted set each far bigger than the spill threshold, of
  // incompressible elements (LZF would shrink repetitive ones to nothing).
  std::mt19937_64 rng(7);
  for (int i = 0; i < 3000; i++) {
    std::string n = std::to_string(i);
    std::string pad;
    for (int k = 0; k < 40; k++) pad.push_back(static_cast<char>('a' + rng() % 26));
    Run({"rpush", "biglist", pad + n});
    Run({"hset", "bighash", "f" + n, pad + n});
    Run({"sadd", "bigset", pad + n});
    Run({"zadd", "bigzset", n, pad + n});
  }
  std::string expected_file = SaveNow(*engine_);
  std::string out;
  size_t biggest_chunk = 0;
  int chunks = 0;
  {
    PointInTimeSnapshot snap(*engine_, false, 16 << 10, [&](std::string&& bytes) {
      biggest_chunk = std::max(biggest_chunk, bytes.size());
      chunks++;
      out += bytes;
    });
    engine_->set_snapshot(&snap);
    Run({"del", "biglist"});  // captured whole before it goes, in chunks
    while (!snap.done()) {
      snap.Step(1 << 10);
      out += snap.Take();
    }
    engine_->set_snapshot(nullptr);
  }
  EXPECT_GT(chunks, 20);
  // Each chunk stops at the first element boundary past the threshold (a list's elements come
  // a quicklist node, up to 8 KB, at a time).
  EXPECT_LT(biggest_chunk, size_t{(16 + 8 + 1) << 10});
  int dups = 0;
  Contents expected = Parse(expected_file, engine_->arena(), &dups);
  Contents got = Parse(out, engine_->arena(), &dups);
  EXPECT_EQ(dups, 0);
  EXPECT_TRUE(got == expected);
}

}  // namespace
}  // namespace ringkv::testing
