// ListOps: the list type's entry points for Value (engine/types/object_ops.h). A list value is
// always a Quicklist (engine/types/quicklist.h), encoding "quicklist" as in Redis 7.0.
#include "engine/types/object_ops.h"
#include "engine/types/quicklist.h"

namespace ringkv {

void ListOps::Destroy(Arena& arena, Value& v) {
  // A null structure is tolerated: tests plant list-typed values with nothing behind them.
  Quicklist::Destroy(arena, static_cast<Quicklist*>(v.object()));
}

Value ListOps::Copy(Arena& arena, const Value& v) {
  const auto* ql = static_cast<const Quicklist*>(v.object());
  Quicklist* copy = ql != nullptr ? Quicklist::Copy(arena, *ql) : nullptr;
  return Value::MakeObject(ObjType::kList, Encoding::kQuicklist, copy);
}

size_t ListOps::HeapBytes(const Value& v) {
  const auto* ql = static_cast<const Quicklist*>(v.object());
  return ql != nullptr ? ql->AllocatedBytes() : 0;
}

}  // namespace ringkv
