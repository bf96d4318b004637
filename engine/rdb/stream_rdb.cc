// Streams in RDB: RDB_TYPE_STREAM_LISTPACKS_2 (Redis 7.0) written as rdb.c writes it, and types
// 15 (Redis 5/6), 19 and 21 (Redis 7.2) read. The node listpacks are stored as they are in
// memory, so a stream round-trips byte for byte. Loaded listpacks are validated entry by entry
// (Redis's streamValidateListpackIntegrity) before the stream adopts them, and consumer PELs must
// point into their group's PEL: a corrupt payload is an error, never a crash.
#include <cstring>
#include <string>

#include "engine/rdb/format.h"
#include "engine/rdb/reader.h"
#include "engine/rdb/writer.h"
#include "engine/types/listpack.h"
#include "engine/types/stream.h"

namespace ringkv::rdb {

namespace {

void PutLe64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; i++) out->push_back(static_cast<char>(v >> (8 * i)));
}

void PutRawId(std::string* out, StreamID id) {
  uint8_t b[16];
  id.Encode(b);
  out->append(reinterpret_cast<const char*>(b), 16);
}

void PutId(std::string* out, StreamID id) {
  RdbWriter::AppendLen(out, id.ms);
  RdbWriter::AppendLen(out, id.seq);
}

// An integer entry at p (stream node fields are always integers); false past the end.
bool IntAt(const uint8_t* lp, const uint8_t*& p, int64_t* v) {
  if (p == nullptr) return false;
  lp::Entry e = lp::Get(p);
  if (!e.is_int) return false;
  *v = e.ival;
  p = lp::Next(lp, p);
  return true;
}

bool Skip(const uint8_t* lp, const uint8_t*& p, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    if (p == nullptr) return false;
    p = lp::Next(lp, p);
  }
  return true;
}

}  // namespace

// Redis's streamValidateListpackIntegrity (deep): the master entry, then every entry's shape and
// lp-count, and the entry count.
bool ValidateStreamListpack(const uint8_t* lp, size_t size, int64_t* live) {
  if (!lp::Validate(lp, size, true)) return false;
  const uint8_t* p = lp::First(lp);
  int64_t count = 0, deleted = 0, master_fields = 0, zero = 0;
  if (!IntAt(lp, p, &count) || !IntAt(lp, p, &deleted) || !IntAt(lp, p, &master_fields)) {
    return false;
  }
  if (count < 0 || deleted < 0 || master_fields < 0) return false;
  if (!Skip(lp, p, master_fields) || !IntAt(lp, p, &zero) || zero != 0) return false;
  int64_t entries = 0;
  while (p != nullptr) {
    int64_t flags = 0, ms = 0, seq = 0, nf = master_fields, lpcount = 0;
    if (!IntAt(lp, p, &flags) || !IntAt(lp, p, &ms) || !IntAt(lp, p, &seq)) return false;
    bool same = flags & kStreamFlagSameFields;
    if (!same && (!IntAt(lp, p, &nf) || nf < 0)) return false;
    if (!Skip(lp, p, same ? nf : nf * 2)) return false;
    if (!IntAt(lp, p, &lpcount)) return false;
    if (lpcount != (same ? nf + 3 : nf * 2 + 4)) return false;
    entries++;
  }
  *live = count;
  return entries == count + deleted && entries > 0;
}

void AppendStreamBody(std::string* out, const Value& v, bool compress) {
  const Stream* s = StreamType::Of(v);
  RdbWriter::AppendLen(out, s->nodes.size);
  for (const StreamNode& n : s->nodes) {
    uint8_t key[16];
    n.master.Encode(key);
    RdbWriter::AppendString(out, {reinterpret_cast<const char*>(key), 16}, compress);
    RdbWriter::AppendString(out, {reinterpret_cast<const char*>(n.lp), lp::Bytes(n.lp)}, compress);
    RdbWriter::ChunkPoint(out);
  }
  RdbWriter::AppendLen(out, s->length);
  PutId(out, s->last_id);
  PutId(out, s->first_id);
  PutId(out, s->max_deleted_id);
  RdbWriter::AppendLen(out, s->entries_added);
  RdbWriter::AppendLen(out, s->groups.size);
  for (const StreamCG* g : s->groups) {
    RdbWriter::AppendString(out, g->name(), compress);
    PutId(out, g->last_id);
    RdbWriter::AppendLen(out, static_cast<uint64_t>(g->entries_read));
    RdbWriter::AppendLen(out, g->pel.size);
    for (const StreamNack& n : g->pel) {
      PutRawId(out, n.id);
      PutLe64(out, static_cast<uint64_t>(n.delivery_time));
      RdbWriter::AppendLen(out, n.delivery_count);
    }
    RdbWriter::AppendLen(out, g->consumers.size);
    for (const StreamConsumer* c : g->consumers) {
      RdbWriter::AppendString(out, c->name(), compress);
      PutLe64(out, static_cast<uint64_t>(c->seen_time));
      RdbWriter::AppendLen(out, c->pel.size);
      for (const StreamID& id : c->pel) PutRawId(out, id);
    }
  }
}

bool RdbReader::ReadStreamId(StreamID* id) {
  return ReadLen(&id->ms) && ReadLen(&id->seq);
}

bool RdbReader::ReadStream(uint8_t type, Value* out, bool* empty) {
  struct Guard {
    Arena& arena;
    Value v;
    ~Guard() { v.Destroy(arena); }
  } g{arena_, StreamType::Create(arena_)};
  Stream* s = StreamType::Of(g.v);
  uint64_t nodes = 0;
  if (!ReadLen(&nodes)) return false;
  std::string key, lpbytes;
  StreamID prev;
  uint64_t live_total = 0;
  for (uint64_t i = 0; i < nodes; i++) {
    if (!ReadString(&key)) return false;
    if (key.size() != 16) return Fail("Stream node key entry is not the size of a stream ID");
    if (!ReadString(&lpbytes)) return false;
    const auto* raw = reinterpret_cast<const uint8_t*>(lpbytes.data());
    int64_t live = 0;
    if (!ValidateStreamListpack(raw, lpbytes.size(), &live)) {
      if (lpbytes.size() >= 7 && lp::Validate(raw, lpbytes.size(), false) &&
          lp::First(raw) == nullptr) {
        return Fail("Empty listpack inside stream");
      }
      return Fail("Stream listpack integrity check failed");
    }
    StreamID master = StreamID::Decode(reinterpret_cast<const uint8_t*>(key.data()));
    if (i > 0 && master <= prev) return Fail("Stream node keys are not in order");
    prev = master;
    live_total += static_cast<uint64_t>(live);
    StreamType::AdoptNode(arena_, s, master, lp::FromBytes(arena_, raw, lpbytes.size()));
  }
  if (!ReadLen(&s->length) || !ReadStreamId(&s->last_id)) return false;
  if (type >= kTypeStreamListpacks2) {
    if (!ReadStreamId(&s->first_id) || !ReadStreamId(&s->max_deleted_id) ||
        !ReadLen(&s->entries_added)) {
      return false;
    }
  } else {
    StreamType::EdgeId(s, true, &s->first_id);
    s->entries_added = s->length;
  }
  if (s->length != live_total) return Fail("Stream length does not match its entries");
  uint64_t groups = 0;
  if (!ReadLen(&groups)) return false;
  for (uint64_t gi = 0; gi < groups; gi++) {
    std::string name;
    StreamID last;
    if (!ReadString(&name) || !ReadStreamId(&last)) return false;
    uint64_t entries_read = 0;
    if (type >= kTypeStreamListpacks2) {
      if (!ReadLen(&entries_read)) return false;
    } else {
      entries_read = static_cast<uint64_t>(StreamType::EstimateDistance(s, last));
    }
    StreamCG* cg =
        StreamType::CreateGroup(arena_, s, name, last, static_cast<int64_t>(entries_read));
    if (cg == nullptr) return Fail("Duplicated consumer group name");
    uint64_t pel = 0;
    if (!ReadLen(&pel)) return false;
    uint8_t raw[16], t[8];
    for (uint64_t i = 0; i < pel; i++) {
      uint64_t count = 0;
      if (!ReadExact(raw, 16) || !ReadExact(t, 8) || !ReadLen(&count)) return false;
      StreamID id = StreamID::Decode(raw);
      if (StreamType::FindNack(cg, id) != nullptr) return Fail("Duplicated global PEL entry");
      uint64_t time = 0;
      for (int b = 7; b >= 0; b--) time = (time << 8) | t[b];
      StreamType::AddNack(arena_, cg, nullptr, id, static_cast<int64_t>(time), count);
    }
    uint64_t consumers = 0;
    if (!ReadLen(&consumers)) return false;
    for (uint64_t ci = 0; ci < consumers; ci++) {
      std::string cname;
      if (!ReadString(&cname) || !ReadExact(t, 8)) return false;
      uint64_t seen = 0;
      for (int b = 7; b >= 0; b--) seen = (seen << 8) | t[b];
      if (type == kTypeStreamListpacks3 && !ReadExact(t, 8)) return false;  // active time
      StreamConsumer* c = StreamType::CreateConsumer(arena_, cg, cname, static_cast<int64_t>(seen));
      if (c == nullptr) return Fail("Duplicated consumer name");
      uint64_t cpel = 0;
      if (!ReadLen(&cpel)) return false;
      for (uint64_t i = 0; i < cpel; i++) {
        if (!ReadExact(raw, 16)) return false;
        StreamNack* n = StreamType::FindNack(cg, StreamID::Decode(raw));
        if (n == nullptr) return Fail("Consumer entry not found in group global PEL");
        if (n->consumer != nullptr) return Fail("Duplicated consumer PEL entry");
        StreamType::MoveNack(arena_, cg, n, c);
      }
    }
    for (const StreamNack& n : cg->pel) {
      if (n.consumer == nullptr) return Fail("Stream CG PEL entry without consumer");
    }
  }
  *empty = false;  // Redis keeps empty streams (they may carry groups and a last ID)
  *out = std::move(g.v);
  return true;
}

}  // namespace ringkv::rdb
