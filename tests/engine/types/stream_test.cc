// Stream type tests: random appends, deletions and trims (exact and approximate MAXLEN, MINID)
// checked against a std::map model in both directions and over sub-ranges, with the Arena
// contract enforced on every operation (CheckingArena); node splitting at
// stream-node-max-entries; consumer group PELs; the RDB body round trip and corrupt node
// listpacks refused; and every byte going back to the arena.
#include "engine/types/stream.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/rdb/reader.h"
#include "engine/rdb/writer.h"
#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

using ringkv::testing::CheckingArena;
using Fields = std::vector<std::pair<std::string, std::string>>;
using Model = std::map<StreamID, Fields>;

std::vector<std::pair<StreamID, Fields>> Walk(const Stream* s, StreamID a, StreamID b, bool rev) {
  std::vector<std::pair<StreamID, Fields>> out;
  StreamIterator it(s, a, b, rev);
  StreamEntry e;
  while (it.Next(&e)) {
    Fields f;
    e.ForEachField([&](std::string_view k, std::string_view v) { f.emplace_back(k, v); });
    out.emplace_back(e.id, f);
  }
  return out;
}

std::vector<std::pair<StreamID, Fields>> ModelRange(const Model& m, StreamID a, StreamID b,
                                                    bool rev) {
  std::vector<std::pair<StreamID, Fields>> out;
  for (const auto& [id, f] : m) {
    if (id >= a && id <= b) out.emplace_back(id, f);
  }
  if (rev) std::reverse(out.begin(), out.end());
  return out;
}

// A stream value destroyed at scope exit, which must give every byte back to the arena.
struct OwnedStream {
  explicit OwnedStream(Arena& a) : arena(a), v(StreamType::Create(a)), s(StreamType::Of(v)) {}
  ~OwnedStream() {
    v.Destroy(arena);
    EXPECT_EQ(arena.UsedBytes(), 0u);
  }
  Arena& arena;
  Value v;
  Stream* s;
};

void Add(Arena& arena, Stream* s, StreamID id, const Fields& f, StreamLimits limits) {
  std::vector<std::string_view> argv;
  for (const auto& [k, v] : f) {
    argv.push_back(k);
    argv.push_back(v);
  }
  StreamType::Append(arena, s, id, argv.data(), f.size(), limits);
}

TEST(StreamTypeTest, RandomOperationsMatchModelAndKeepArenaContract) {
  CheckingArena arena;
  OwnedStream owned(arena);
  Stream* s = owned.s;
  Model model;
  std::mt19937_64 rng(7);
  const StreamLimits limits{4096, 8};
  StreamID next{1, 0};
  for (int op = 0; op < 3000; op++) {
    arena.BeginCommand();
    int kind = static_cast<int>(rng() % 10);
    if (kind < 6) {
      next.ms += rng() % 3;
      next.seq = rng() % 2 == 0 ? next.seq + 1 : 0;
      Fields f;
      bool same = rng() % 3 != 0;
      size_t nf = same ? 2 : 1 + rng() % 3;
      for (size_t i = 0; i < nf; i++) {
        f.emplace_back(
            same ? std::string(1, static_cast<char>('a' + i)) : "f" + std::to_string(rng() % 4),
            rng() % 2 ? std::to_string(rng() % 1000) : std::string(rng() % 30, 'v'));
      }
      if (next > s->last_id) {
        Add(arena, s, next, f, limits);
        model[next] = f;
      }
    } else if (kind < 8 && !model.empty()) {
      auto it = model.begin();
      std::advance(it, static_cast<long>(rng() % model.size()));
      StreamID id = it->first;
      EXPECT_TRUE(StreamType::Delete(arena, s, id));
      model.erase(it);
      EXPECT_FALSE(StreamType::Delete(arena, s, id));
    } else if (kind == 8) {
      StreamTrim t;
      t.strategy = StreamTrim::kMaxLen;
      t.maxlen = static_cast<int64_t>(rng() % (model.size() + 2));
      t.approx = rng() % 2 == 0;
      int64_t removed = StreamType::Trim(arena, s, t);
      for (int64_t i = 0; i < removed; i++) model.erase(model.begin());
      if (!t.approx) {
        EXPECT_LE(model.size(), static_cast<size_t>(t.maxlen));
      }
    } else if (!model.empty()) {
      StreamTrim t;
      t.strategy = StreamTrim::kMinId;
      auto it = model.begin();
      std::advance(it, static_cast<long>(rng() % model.size()));
      t.minid = it->first;
      int64_t removed = StreamType::Trim(arena, s, t);
      for (int64_t i = 0; i < removed; i++) model.erase(model.begin());
      EXPECT_LE(model.begin()->first, t.minid);
    }
    std::vector<std::string> bad = arena.EndCommand();
    ASSERT_TRUE(bad.empty()) << "op " << op << ": " << bad[0];
    ASSERT_EQ(s->length, model.size());
    if (op % 50 == 0) {
      ASSERT_EQ(Walk(s, StreamID{}, StreamID::Max(), false),
                ModelRange(model, StreamID{}, StreamID::Max(), false));
      ASSERT_EQ(Walk(s, StreamID{}, StreamID::Max(), true),
                ModelRange(model, StreamID{}, StreamID::Max(), true));
      StreamID a{rng() % (next.ms + 1), rng() % 3}, b{a.ms + rng() % 20, rng() % 3};
      ASSERT_EQ(Walk(s, a, b, false), ModelRange(model, a, b, false));
      ASSERT_EQ(Walk(s, a, b, true), ModelRange(model, a, b, true));
    }
  }
  EXPECT_TRUE(arena.errors().empty());
}

TEST(StreamTypeTest, NodesSplitAtMaxEntriesAndSameFieldsCompress) {
  MallocArena arena;
  OwnedStream owned(arena);
  Stream* s = owned.s;
  for (uint64_t i = 1; i <= 250; i++) Add(arena, s, {i, 0}, {{"a", "1"}, {"b", "x"}}, {4096, 100});
  EXPECT_EQ(s->nodes.size, 3u);
  EXPECT_EQ(s->nodes[1].master, (StreamID{101, 0}));
  // Entries of the master's fields are flags, ms, seq, two values, lp-count: 6 listpack entries.
  EXPECT_EQ(lp::Length(s->nodes[0].lp), 6u + 100 * 6);
}

TEST(StreamTypeTest, GroupsPelAndConsumers) {
  CheckingArena arena;
  OwnedStream owned(arena);
  Stream* s = owned.s;
  StreamCG* g = StreamType::CreateGroup(arena, s, "g", StreamID{}, 0);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(StreamType::CreateGroup(arena, s, "g", StreamID{}, 0), nullptr);
  StreamType::CreateGroup(arena, s, "a", StreamID{}, 0);
  EXPECT_EQ(s->groups[0]->name(), "a");  // name order, as Redis's rax
  StreamConsumer* c1 = StreamType::CreateConsumer(arena, g, "c1", 5);
  StreamConsumer* c2 = StreamType::CreateConsumer(arena, g, "c2", 5);
  for (uint64_t i = 10; i > 0; i--) StreamType::AddNack(arena, g, c1, {i, 0}, 1, 1);
  EXPECT_EQ(g->pel.size, 10u);
  EXPECT_EQ(g->pel[0].id, (StreamID{1, 0}));
  arena.BeginCommand();
  StreamType::MoveNack(arena, g, StreamType::FindNack(g, {3, 0}), c2);
  StreamType::RemoveNack(arena, g, {4, 0});
  EXPECT_EQ(StreamType::DeleteConsumer(arena, g, "c2"), 1u);
  EXPECT_TRUE(arena.EndCommand().empty());
  EXPECT_EQ(g->pel.size, 8u);
  EXPECT_EQ(c1->pel.size, 8u);
  EXPECT_EQ(StreamType::FindNack(g, {3, 0}), nullptr);
  EXPECT_TRUE(StreamType::DestroyGroup(arena, s, "a"));
  EXPECT_FALSE(StreamType::DestroyGroup(arena, s, "a"));
}

TEST(StreamTypeTest, RdbBodyRoundTripsAndCorruptNodesAreRefused) {
  MallocArena arena;
  OwnedStream owned(arena);
  Stream* s = owned.s;
  const Value& v = owned.v;
  for (uint64_t i = 1; i <= 30; i++) Add(arena, s, {i, i}, {{"k", std::to_string(i)}}, {4096, 8});
  StreamType::Delete(arena, s, {5, 5});
  StreamCG* g = StreamType::CreateGroup(arena, s, "grp", {7, 7}, 7);
  StreamConsumer* c = StreamType::CreateConsumer(arena, g, "alice", 1234);
  StreamType::AddNack(arena, g, c, {6, 6}, 99, 2);
  std::string body;
  ASSERT_TRUE(rdb::RdbWriter::AppendTypedValue(&body, v, true));

  rdb::MemorySource src(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(body.data()) + 1, body.size() - 1));
  rdb::RdbReader reader(src, arena, rdb::LoadLimits{});
  Value loaded;
  bool empty = true;
  ASSERT_TRUE(reader.ReadObject(static_cast<uint8_t>(body[0]), &loaded, &empty)) << reader.error();
  std::string again;
  rdb::RdbWriter::AppendTypedValue(&again, loaded, true);
  EXPECT_EQ(again, body);
  const Stream* l = StreamType::Of(loaded);
  EXPECT_EQ(l->length, 29u);
  EXPECT_EQ(StreamType::FindNack(StreamType::FindGroup(l, "grp"), {6, 6})->consumer->name(),
            "alice");
  loaded.Destroy(arena);

  // Flip bytes of the payload: every variant loads or fails cleanly.
  for (size_t i = 1; i < body.size(); i++) {
    std::string bad = body;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    rdb::MemorySource bsrc(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bad.data()) + 1, bad.size() - 1));
    rdb::RdbReader r(bsrc, arena, rdb::LoadLimits{});
    Value out;
    if (r.ReadObject(static_cast<uint8_t>(bad[0]), &out, &empty)) {
      Walk(StreamType::Of(out), StreamID{}, StreamID::Max(), true);
      out.Destroy(arena);
    }
  }
}

}  // namespace
}  // namespace ringkv
