// SetOps: placeholder until the set type lands (it replaces this file).
#include "engine/types/object_ops.h"

namespace ringkv {

void SetOps::Destroy(Arena&, Value&) {}
Value SetOps::Copy(Arena&, const Value&) { return Value(); }
size_t SetOps::HeapBytes(const Value&) { return 0; }

}  // namespace ringkv
