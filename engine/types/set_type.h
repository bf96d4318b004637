// SetType: the set value (Redis 7.0's t_set.c encodings; 7.0 has no listpack sets).
//
// A set is an intset (engine/types/intset.h) while every member is an integer (Redis's string2ll:
// canonical decimal within int64) and it holds at most set-max-intset-entries members; the first
// non-integer member, or one member too many, converts it to a hash table of members. It never
// converts back (SREM leaves a hashtable a hashtable). OBJECT ENCODING answers "intset" or
// "hashtable".
//
// The hash table is an IncrementalHashTable (engine/keyspace/hash_table.h) of SetMember nodes:
// one arena block per member holding the chain link, a 1-byte length (or 0xFF and a 4-byte
// length for members of 255 bytes and more) and the bytes — 9 bytes of overhead per member plus
// its bucket slot. SCAN over it keeps Redis's guarantee (every member present for the whole
// iteration is returned at least once).
//
// Mutators take the Value holding the set. When the Value lives in arena memory (a keyspace
// entry) changes to it are recorded with Arena::WillModify first; a result being built in a local
// Value (SINTERSTORE's destination, SPOP's remainder) says so with ValueHome::kLocal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "engine/arena.h"
#include "engine/keyspace/hash_table.h"
#include "engine/types/intset.h"
#include "engine/types/value.h"

namespace ringkv {

struct SetMember {
  SetMember* next;
  uint8_t tail[];  // length (1 byte, or 0xFF then 4 bytes little-endian), then the member's bytes

  std::string_view view() const {
    if (tail[0] != 0xFF) return {reinterpret_cast<const char*>(tail + 1), tail[0]};
    uint32_t len;
    std::memcpy(&len, tail + 1, 4);
    return {reinterpret_cast<const char*>(tail + 5), len};
  }
};

struct SetMemberTraits {
  static std::string_view Key(const SetMember* m) { return m->view(); }
  static uint64_t Hash(std::string_view s);
};

// The hashtable encoding's object (what the Value points to).
struct SetHashtable {
  explicit SetHashtable(Arena& arena) : table(arena) {}
  IncrementalHashTable<SetMember, SetMemberTraits> table;
  size_t member_bytes = 0;  // arena bytes of the member nodes, for HeapBytes
};

enum class ValueHome { kArena, kLocal };

// Room for an integer member formatted as text.
using MemberBuf = char[24];

class SetType {
 public:
  // Redis's setTypeCreate: an intset when `first` (the first member to be added) is an integer,
  // otherwise a hash table.
  static Value Create(Arena& arena, std::string_view first);
  static Value CreateIntset(Arena& arena);
  static Value CreateHashtable(Arena& arena);

  static size_t Size(const Value& v);
  static bool Contains(const Value& v, std::string_view member);

  // Adds `member`; false if it was present. Converts to a hashtable as described above
  // (`max_intset_entries` is set-max-intset-entries).
  static bool Add(Arena& arena, Value& v, std::string_view member, int64_t max_intset_entries,
                  ValueHome home = ValueHome::kArena);
  // Removes `member`; false if absent. An emptied set stays (empty): the caller deletes the key.
  static bool Remove(Arena& arena, Value& v, std::string_view member,
                     ValueHome home = ValueHome::kArena);
  static void ConvertToHashtable(Arena& arena, Value& v, ValueHome home = ValueHome::kArena);

  // A member chosen from `rnd` (any 64-bit random value); a non-empty set only. Integers are
  // formatted into `buf`; a string view stays valid until the set changes.
  static std::string_view Random(const Value& v, uint64_t rnd, MemberBuf& buf);

  // Calls fn(std::string_view member) for every member (intsets in ascending order). fn must not
  // change the set; the view is valid during the call only. An fn returning bool stops the walk
  // by returning false (SINTERCARD's LIMIT).
  template <typename Fn>
  static void ForEach(const Value& v, Fn&& fn);
  // One SSCAN step: calls fn(member) for the members under `cursor` and returns the next cursor
  // (0 when done). An intset returns everything at once with cursor 0, as Redis.
  template <typename Fn>
  static uint64_t Scan(const Value& v, uint64_t cursor, Fn&& fn);

  // SetOps (engine/types/object_ops.h).
  static Value Copy(Arena& arena, const Value& v);
  static size_t HeapBytes(const Value& v);
  static void Destroy(Arena& arena, Value& v);

 private:
  static uint8_t* IntsetOf(const Value& v) { return static_cast<uint8_t*>(v.object()); }
  static SetHashtable* TableOf(const Value& v) { return static_cast<SetHashtable*>(v.object()); }
  static std::string_view FormatInt(int64_t i, MemberBuf& buf);
};

template <typename Fn>
void SetType::ForEach(const Value& v, Fn&& fn) {
  constexpr bool kStoppable = std::is_same_v<std::invoke_result_t<Fn&, std::string_view>, bool>;
  if (v.encoding() == Encoding::kIntset) {
    const uint8_t* is = IntsetOf(v);
    uint32_t n = intset::Length(is);
    MemberBuf buf;
    for (uint32_t i = 0; i < n; i++) {
      if constexpr (kStoppable) {
        if (!fn(FormatInt(intset::Get(is, i), buf))) return;
      } else {
        fn(FormatInt(intset::Get(is, i), buf));
      }
    }
    return;
  }
  const auto& table = TableOf(v)->table;
  if constexpr (kStoppable) {
    // A scan of a table that does not change meanwhile visits every node exactly once, and can
    // stop between buckets.
    bool go = true;
    uint64_t cursor = 0;
    do {
      cursor = table.Scan(cursor, [&](const SetMember* m) {
        if (go) go = fn(m->view());
      });
    } while (cursor != 0 && go);
  } else {
    table.ForEach([&](const SetMember* m) { fn(m->view()); });
  }
}

template <typename Fn>
uint64_t SetType::Scan(const Value& v, uint64_t cursor, Fn&& fn) {
  if (v.encoding() == Encoding::kIntset) {
    ForEach(v, fn);
    return 0;
  }
  return TableOf(v)->table.Scan(cursor, [&](const SetMember* m) { fn(m->view()); });
}

}  // namespace ringkv
