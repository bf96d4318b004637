// HashOps: the object-ops entry points (engine/types/object_ops.h) for hashes, implemented by
// HashType (engine/types/hash_type.h).
#include "engine/types/hash_type.h"
#include "engine/types/object_ops.h"

namespace ringkv {

void HashOps::Destroy(Arena& arena, Value& v) {
  HashType::Destroy(arena, v);
}
Value HashOps::Copy(Arena& arena, const Value& v) {
  return HashType::Copy(arena, v);
}
size_t HashOps::HeapBytes(const Value& v) {
  return HashType::HeapBytes(v);
}

}  // namespace ringkv
