// Stream: Redis 7.0's stream value (t_stream.c), in arena memory.
//
// Entries live in listpack nodes byte for byte as Redis builds them (a master entry of count,
// deleted, field names and a 0 terminator, then entries of flags, ms-delta, seq-delta, [fields,]
// values and lp-count, with the SAMEFIELDS and DELETED flags), split at stream-node-max-bytes and
// stream-node-max-entries exactly where Redis splits, so RDB and DUMP write the node listpacks as
// they are and come out identical to Redis's. Where Redis keeps nodes in a radix tree keyed by the
// master ID, a stream here keeps a sorted array of (master ID, listpack) records: entries are only
// ever appended at the tail and trimmed at the head, so the array is binary-searched for lookups
// and never shifted except when a node empties.
//
// Consumer groups, their consumers and pending entries lists are sorted arrays too (groups and
// consumers by name in byte order, as Redis's rax iterates them; PELs by ID). A consumer's PEL
// holds IDs only; the delivery data (time, count, owner) lives once, in the group's PEL.
// Acknowledging an entry in the middle of a very long PEL moves the tail of the array (a memmove):
// fine for the PEL sizes queues see, but O(n) where Redis's rax is O(log n).
//
// Every write to arena memory that existed before the current command is preceded by
// Arena::WillModify (engine/arena.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "engine/arena.h"
#include "engine/types/value.h"

namespace ringkv {

struct StreamID {
  uint64_t ms = 0;
  uint64_t seq = 0;
  auto operator<=>(const StreamID&) const = default;
  bool operator==(const StreamID&) const = default;
  bool IsZero() const { return ms == 0 && seq == 0; }
  std::string ToString() const;
  // The 128-bit big-endian form (radix tree keys, RDB node keys and PEL entries).
  void Encode(uint8_t out[16]) const;
  static StreamID Decode(const uint8_t in[16]);
  static constexpr StreamID Max() { return {UINT64_MAX, UINT64_MAX}; }
  // The next/previous ID in order; false on overflow/underflow.
  bool Incr();
  bool Decr();
};

// An array of trivially copyable records in one arena block; its owner keeps the order.
template <typename T>
struct ArenaArray {
  T* data = nullptr;
  uint32_t size = 0;
  uint32_t cap = 0;

  T* begin() const { return data; }
  T* end() const { return data + size; }
  T& operator[](size_t i) const { return data[i]; }
  void Insert(Arena& arena, size_t i, const T& rec);
  void Erase(Arena& arena, size_t i, size_t n = 1);
  void Set(Arena& arena, size_t i, const T& rec) {
    arena.WillModify(&data[i], sizeof(T));
    data[i] = rec;
  }
  void Free(Arena& arena) {
    if (data != nullptr) arena.Deallocate(data, cap * sizeof(T));
  }
  size_t HeapBytes() const { return cap * sizeof(T); }
};

struct StreamNode {
  StreamID master;
  uint8_t* lp;
};

struct StreamConsumer {
  ArenaArray<StreamID> pel;  // sorted; the delivery data is in the group's PEL
  int64_t seen_time;
  uint32_t name_len;
  char name_bytes[];
  std::string_view name() const { return {name_bytes, name_len}; }
};

struct StreamNack {
  StreamID id;
  int64_t delivery_time;
  uint64_t delivery_count;
  StreamConsumer* consumer;
};

// Redis's SCG_INVALID_ENTRIES_READ.
inline constexpr int64_t kInvalidEntriesRead = -1;

struct StreamCG {
  StreamID last_id;
  int64_t entries_read;
  ArenaArray<StreamNack> pel;             // sorted by ID
  ArenaArray<StreamConsumer*> consumers;  // sorted by name
  uint32_t name_len;
  char name_bytes[];
  std::string_view name() const { return {name_bytes, name_len}; }
};

struct Stream {
  ArenaArray<StreamNode> nodes;  // sorted by master ID
  uint64_t length = 0;
  StreamID last_id, first_id, max_deleted_id;
  uint64_t entries_added = 0;
  ArenaArray<StreamCG*> groups;  // sorted by name
};

// One live entry, read in place from its node; valid until the stream changes.
struct StreamEntry {
  StreamID id;
  const uint8_t* lp = nullptr;
  const uint8_t* fields = nullptr;  // the first field (or value, with SAMEFIELDS)
  const uint8_t* master_fields = nullptr;
  int64_t num_fields = 0;
  bool same_fields = false;
  // Calls fn(field, value) for each pair.
  template <typename Fn>
  void ForEachField(Fn&& fn) const;
};

// Walks live entries of [start, end] ascending (or descending when rev).
class StreamIterator {
 public:
  StreamIterator(const Stream* s, StreamID start, StreamID end, bool rev);
  bool Next(StreamEntry* out);

 private:
  bool LoadNode();
  const Stream* s_;
  StreamID start_, end_;
  bool rev_;
  int64_t node_ = 0;  // index of the current node; -1 or size() when done
  bool loaded_ = false;
  const uint8_t* lp_ = nullptr;
  const uint8_t* master_fields_ = nullptr;
  int64_t master_count_ = 0;
  StreamID master_id_;
  const uint8_t* cur_ = nullptr;  // forward: next flags; reverse: lp-count of the next entry
};

// What XADD/XTRIM ask of trimming (Redis's streamAddTrimArgs).
struct StreamTrim {
  enum Strategy { kNone, kMaxLen, kMinId } strategy = kNone;
  bool approx = false;
  int64_t maxlen = 0;
  StreamID minid;
  int64_t limit = 0;  // 0: no limit
};

struct StreamLimits {
  int64_t node_max_bytes;
  int64_t node_max_entries;
};

class StreamType {
 public:
  static Value Create(Arena& arena);
  static Stream* Of(const Value& v) { return static_cast<Stream*>(v.object()); }

  // Appends an entry of fields/values (argv alternates field, value) with id `id`, which the
  // caller checked is greater than last_id. Updates length, last/first ID, entries_added.
  static void Append(Arena& arena, Stream* s, StreamID id, const std::string_view* argv,
                     size_t numfields, const StreamLimits& limits);
  // Removes the live entry `id`; false if there is none (first_id is left to the caller).
  static bool Delete(Arena& arena, Stream* s, StreamID id);
  // Redis's streamTrim: entries removed.
  static int64_t Trim(Arena& arena, Stream* s, const StreamTrim& t);
  // The first (or last) live entry's ID; false for an empty stream.
  static bool EdgeId(const Stream* s, bool first, StreamID* out);
  // Recomputes first_id after removals.
  static void UpdateFirstId(Arena& arena, Stream* s);

  // Nodes adopted from a snapshot (listpacks validated and owned by the stream from now on).
  static void AdoptNode(Arena& arena, Stream* s, StreamID master, uint8_t* lp);

  // Consumer groups.
  static StreamCG* FindGroup(const Stream* s, std::string_view name);
  // nullptr if a group of that name exists.
  static StreamCG* CreateGroup(Arena& arena, Stream* s, std::string_view name, StreamID id,
                               int64_t entries_read);
  static bool DestroyGroup(Arena& arena, Stream* s, std::string_view name);
  static StreamConsumer* FindConsumer(const StreamCG* g, std::string_view name);
  static StreamConsumer* CreateConsumer(Arena& arena, StreamCG* g, std::string_view name,
                                        int64_t now_ms);
  // Deletes a consumer and its pending entries; returns how many it had pending.
  static uint64_t DeleteConsumer(Arena& arena, StreamCG* g, std::string_view name);
  static StreamNack* FindNack(const StreamCG* g, StreamID id);
  // Adds a NACK owned by `c` (the caller checked the group has none for `id`); a snapshot being
  // loaded passes nullptr and assigns the owner with MoveNack.
  static StreamNack* AddNack(Arena& arena, StreamCG* g, StreamConsumer* c, StreamID id,
                             int64_t time, uint64_t count);
  // Removes the NACK (from the group and its owner).
  static void RemoveNack(Arena& arena, StreamCG* g, StreamID id);
  // Moves an existing NACK to consumer `c`.
  static void MoveNack(Arena& arena, StreamCG* g, StreamNack* n, StreamConsumer* c);
  static void SetGroupPos(Arena& arena, StreamCG* g, StreamID last_id, int64_t entries_read);
  static void SetSeen(Arena& arena, StreamConsumer* c, int64_t now_ms);
  static void UpdateNack(Arena& arena, StreamNack* n, int64_t time, uint64_t count);

  // Redis's streamRangeHasTombstones / streamEstimateDistanceFromFirstEverEntry.
  static bool RangeHasTombstones(const Stream* s, StreamID start, StreamID end);
  static int64_t EstimateDistance(const Stream* s, StreamID id);
  // The group's lag (may be negative, as Redis computes it); false when unknown (XINFO: null).
  static bool Lag(const Stream* s, const StreamCG* g, int64_t* lag);

  // StreamOps.
  static Value Copy(Arena& arena, const Value& v);
  static size_t HeapBytes(const Value& v);
  static void Destroy(Arena& arena, Value& v);
};

// Integer stored in a stream listpack entry (stream node fields are integers).
int64_t StreamLpInt(const uint8_t* p);

inline constexpr int kStreamFlagDeleted = 1;
inline constexpr int kStreamFlagSameFields = 2;

}  // namespace ringkv

#include "engine/types/listpack.h"

namespace ringkv {

template <typename Fn>
void StreamEntry::ForEachField(Fn&& fn) const {
  char fbuf[24], vbuf[24];
  const uint8_t* p = fields;
  const uint8_t* mf = master_fields;
  for (int64_t i = 0; i < num_fields; i++) {
    std::string_view f;
    if (same_fields) {
      f = lp::Get(mf).Text(fbuf);
      mf = lp::Next(lp, mf);
    } else {
      f = lp::Get(p).Text(fbuf);
      p = lp::Next(lp, p);
    }
    std::string_view v = lp::Get(p).Text(vbuf);
    p = lp::Next(lp, p);
    fn(f, v);
  }
}

}  // namespace ringkv
