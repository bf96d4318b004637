// ZSetOps: placeholder until the zset type lands (it replaces this file).
#include "engine/types/object_ops.h"

namespace ringkv {

void ZSetOps::Destroy(Arena&, Value&) {}
Value ZSetOps::Copy(Arena&, const Value&) { return Value(); }
size_t ZSetOps::HeapBytes(const Value&) { return 0; }

}  // namespace ringkv
