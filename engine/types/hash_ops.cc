// HashOps: placeholder until the hash type lands (it replaces this file).
#include "engine/types/object_ops.h"

namespace ringkv {

void HashOps::Destroy(Arena&, Value&) {}
Value HashOps::Copy(Arena&, const Value&) { return Value(); }
size_t HashOps::HeapBytes(const Value&) { return 0; }

}  // namespace ringkv
