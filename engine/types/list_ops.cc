// ListOps: placeholder until the list type lands (it replaces this file).
#include "engine/types/object_ops.h"

namespace ringkv {

void ListOps::Destroy(Arena&, Value&) {}
Value ListOps::Copy(Arena&, const Value&) { return Value(); }
size_t ListOps::HeapBytes(const Value&) { return 0; }

}  // namespace ringkv
