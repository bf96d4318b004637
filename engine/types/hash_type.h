// HashType: the hash value (Redis 7.0's t_hash.c encodings).
//
// A hash is a listpack of field, value, field, value... (engine/types/listpack.h, byte for byte
// what Redis stores) while it has at most hash-max-listpack-entries fields and every field and
// value written is at most hash-max-listpack-value bytes; the first write past either limit
// converts it to a hash table, and it never converts back (HDEL leaves a hashtable a hashtable),
// as Redis. OBJECT ENCODING answers "listpack" or "hashtable".
//
// The hash table is an IncrementalHashTable (engine/keyspace/hash_table.h) of HashNode blocks:
// one arena block per field holding the chain link, the two lengths (1 byte each, or 0xFF and 4
// bytes for 255 and more) and the field and value bytes — 10 bytes of overhead per field plus its
// bucket slot, rounded to 8 so values that change length a little (HINCRBY) are rewritten in
// place. HSCAN over it keeps Redis's guarantee: every field present for the whole iteration is
// returned at least once.
//
// Mutators take the Value holding the hash. When the Value lives in arena memory (a keyspace
// entry) changes to it are recorded with Arena::WillModify first; a Value being built locally says
// so with HashHome::kLocal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "engine/arena.h"
#include "engine/keyspace/hash_table.h"
#include "engine/types/listpack.h"
#include "engine/types/value.h"

namespace ringkv {

struct HashNode {
  HashNode* next;
  uint8_t tail[];  // field length, value length (1 byte, or 0xFF then 4 bytes LE), field, value

  std::string_view field() const;
  std::string_view value() const;
};

struct HashNodeTraits {
  static std::string_view Key(const HashNode* n) { return n->field(); }
  static uint64_t Hash(std::string_view s);
};

// The hashtable encoding's object (what the Value points to).
struct HashFieldTable {
  explicit HashFieldTable(Arena& arena) : table(arena) {}
  IncrementalHashTable<HashNode, HashNodeTraits> table;
  size_t node_bytes = 0;  // arena bytes of the nodes, for HeapBytes
};

enum class HashHome { kArena, kLocal };

// Room for an integer listpack entry formatted as text.
using HashBuf = char[24];

// hash-max-listpack-entries and hash-max-listpack-value.
struct HashLimits {
  int64_t max_entries;
  int64_t max_value;
};

class HashType {
 public:
  // An empty listpack hash (Redis's createHashObject); the caller adds a field at once.
  static Value Create(Arena& arena);

  static size_t Length(const Value& v);
  static bool Exists(const Value& v, std::string_view field);
  // The value of `field`; integers are formatted into `buf`. The view is valid until the hash
  // changes.
  static std::optional<std::string_view> Get(const Value& v, std::string_view field, HashBuf& buf);

  // Sets `field` to `value`; true if the field is new. Converts to a hashtable first when the
  // field or the value is longer than limits.max_value, after when there are more than
  // limits.max_entries fields (Redis's hashTypeSet).
  static bool Set(Arena& arena, Value& v, std::string_view field, std::string_view value,
                  const HashLimits& limits, HashHome home = HashHome::kArena);
  // Removes `field`; false if absent. An emptied hash stays (empty): the caller deletes the key.
  static bool Delete(Arena& arena, Value& v, std::string_view field,
                     HashHome home = HashHome::kArena);
  static void ConvertToHashtable(Arena& arena, Value& v, HashHome home = HashHome::kArena);

  // Calls fn(field, value) for every field in order (listpack order, or table order). fn must
  // not change the hash; the views are valid during the call only.
  template <typename Fn>
  static void ForEach(const Value& v, Fn&& fn);
  // One HSCAN step: calls fn(field, value) for the fields under `cursor` and returns the next
  // cursor (0 when done). A listpack returns everything at once with cursor 0, as Redis.
  template <typename Fn>
  static uint64_t Scan(const Value& v, uint64_t cursor, Fn&& fn);
  // A random field and its value from any 64-bit random value; a non-empty hash only. The views
  // are valid until the hash changes.
  static void Random(const Value& v, uint64_t rnd, HashBuf& fbuf, HashBuf& vbuf,
                     std::string_view* field, std::string_view* value);

  // HashOps (engine/types/object_ops.h).
  static Value Copy(Arena& arena, const Value& v);
  static size_t HeapBytes(const Value& v);
  static void Destroy(Arena& arena, Value& v);

  static uint8_t* ListpackOf(const Value& v) { return static_cast<uint8_t*>(v.object()); }
  static HashFieldTable* TableOf(const Value& v) {
    return static_cast<HashFieldTable*>(v.object());
  }
};

inline std::string_view HashNode::field() const {
  const uint8_t* p = tail;
  uint32_t flen, vlen;
  if (p[0] != 0xFF) {
    flen = *p++;
  } else {
    std::memcpy(&flen, p + 1, 4);
    p += 5;
  }
  if (p[0] != 0xFF) {
    vlen = *p++;
  } else {
    std::memcpy(&vlen, p + 1, 4);
    p += 5;
  }
  return {reinterpret_cast<const char*>(p), flen};
}

inline std::string_view HashNode::value() const {
  std::string_view f = field();
  const uint8_t* p = tail;
  uint32_t vlen;
  p += p[0] != 0xFF ? 1 : 5;
  if (p[0] != 0xFF) {
    vlen = p[0];
  } else {
    std::memcpy(&vlen, p + 1, 4);
  }
  return {f.data() + f.size(), vlen};
}

template <typename Fn>
void HashType::ForEach(const Value& v, Fn&& fn) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = ListpackOf(v);
    HashBuf fbuf, vbuf;
    for (const uint8_t* p = lp::First(lp); p != nullptr;) {
      const uint8_t* q = lp::Next(lp, p);
      fn(lp::Get(p).Text(fbuf), lp::Get(q).Text(vbuf));
      p = lp::Next(lp, q);
    }
    return;
  }
  TableOf(v)->table.ForEach([&](const HashNode* n) { fn(n->field(), n->value()); });
}

template <typename Fn>
uint64_t HashType::Scan(const Value& v, uint64_t cursor, Fn&& fn) {
  if (v.encoding() == Encoding::kListpack) {
    ForEach(v, fn);
    return 0;
  }
  return TableOf(v)->table.Scan(cursor, [&](const HashNode* n) { fn(n->field(), n->value()); });
}

}  // namespace ringkv
