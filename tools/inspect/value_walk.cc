#include "tools/inspect/value_walk.h"

#include <algorithm>

#include "engine/keyspace/database.h"

namespace ringkv::inspect {

ValueStats Measure(const KeyView& k) {
  ValueStats s;
  s.bytes = sizeof(KeyEntry) + k.key.size() + sizeof(void*);
  if (k.expire_ms >= 0) s.bytes += sizeof(ExpireEntry) + sizeof(void*);
  if (k.value == nullptr) return s;
  const Value& v = *k.value;
  s.bytes += v.HeapBytes();
  auto see = [&s](std::string_view e) { s.largest = std::max<uint64_t>(s.largest, e.size()); };
  switch (v.type()) {
    case ObjType::kString:
      s.elements = 1;
      s.largest = v.StringLength();
      break;
    case ObjType::kList:
      s.elements = static_cast<const Quicklist*>(v.object())->count();
      ForEachListItem(v, see);
      break;
    case ObjType::kHash:
      s.elements = HashType::Length(v);
      ForEachHashField(v, [&](std::string_view f, std::string_view val) {
        see(f);
        see(val);
      });
      break;
    case ObjType::kSet:
      s.elements = SetType::Size(v);
      ForEachSetMember(v, see);
      break;
    case ObjType::kZSet:
      s.elements = ZSetType::Length(v);
      ForEachZSetMember(v, [&](std::string_view m, double) { see(m); });
      break;
    case ObjType::kStream:
      break;
  }
  return s;
}

std::string_view KeyTypeName(const KeyView& k) {
  return k.value == nullptr ? k.unsupported : TypeName(k.value->type());
}

std::string_view KeyEncodingName(const KeyView& k) {
  return k.value == nullptr ? std::string_view() : EncodingName(k.value->encoding());
}

}  // namespace ringkv::inspect
