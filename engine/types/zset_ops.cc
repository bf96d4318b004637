// ZSetOps: the sorted set type's entry points for Value (engine/types/object_ops.h), implemented
// by ZSetType (engine/types/zset_type.h).
#include "engine/types/object_ops.h"
#include "engine/types/zset_type.h"

namespace ringkv {

void ZSetOps::Destroy(Arena& arena, Value& v) { ZSetType::Destroy(arena, v); }
Value ZSetOps::Copy(Arena& arena, const Value& v) { return ZSetType::Copy(arena, v); }
size_t ZSetOps::HeapBytes(const Value& v) { return ZSetType::HeapBytes(v); }

}  // namespace ringkv
