// SetOps: the set type's entry points for Value (engine/types/object_ops.h), implemented by
// SetType (engine/types/set_type.h).
#include "engine/types/object_ops.h"
#include "engine/types/set_type.h"

namespace ringkv {

void SetOps::Destroy(Arena& arena, Value& v) { SetType::Destroy(arena, v); }
Value SetOps::Copy(Arena& arena, const Value& v) { return SetType::Copy(arena, v); }
size_t SetOps::HeapBytes(const Value& v) { return SetType::HeapBytes(v); }

}  // namespace ringkv
