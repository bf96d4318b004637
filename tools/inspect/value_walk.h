// Reading a value whatever its type and encoding: its elements in the order Redis returns them
// (list head to tail, zset by score then member; hashes and sets in storage order), and the
// numbers the reports show (element count, largest element, ringkv's memory estimate).
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/types/hash_type.h"
#include "engine/types/quicklist.h"
#include "engine/types/set_type.h"
#include "engine/types/value.h"
#include "engine/types/zset_type.h"
#include "tools/inspect/source.h"

namespace ringkv::inspect {

struct ValueStats {
  uint64_t elements = 0;  // list/set/zset members, hash fields; 1 for a string
  uint64_t largest = 0;   // bytes of the longest element (a hash field or its value; a string)
  uint64_t bytes = 0;     // what the key costs in ringkv's memory (see Measure)
};

// ringkv's memory for the key: its keyspace entry (header, key bytes, bucket slot), the value's
// arena bytes, and the expiry entry if it has one. Allocator rounding is not counted. A key of an
// unsupported type counts only its entry.
ValueStats Measure(const KeyView& k);

// fn(element) for every list element, head to tail.
template <typename Fn>
void ForEachListItem(const Value& v, Fn&& fn) {
  const auto* ql = static_cast<const Quicklist*>(v.object());
  QuicklistIter it(*ql, 0, true);
  Quicklist::Element e;
  char buf[kIntScratch];
  while (it.Next(&e)) fn(e.Text(buf));
}

// fn(field, value) for every hash field.
template <typename Fn>
void ForEachHashField(const Value& v, Fn&& fn) {
  HashType::ForEach(v, [&](std::string_view f, std::string_view val) { fn(f, val); });
}

// fn(member) for every set member.
template <typename Fn>
void ForEachSetMember(const Value& v, Fn&& fn) {
  SetType::ForEach(v, [&](std::string_view m) { fn(m); });
}

// fn(member, score) for every zset member, lowest score first.
template <typename Fn>
void ForEachZSetMember(const Value& v, Fn&& fn) {
  ZSetType::ForEach(v, [&](std::string_view m, double s) { fn(m, s); });
}

// The type's name as TYPE says it ("string", "stream"...).
std::string_view KeyTypeName(const KeyView& k);
// The encoding as OBJECT ENCODING says it, as ringkv holds the value once loaded; "" for an
// unsupported type.
std::string_view KeyEncodingName(const KeyView& k);

}  // namespace ringkv::inspect
