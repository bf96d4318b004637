#include "engine/types/object_ops.h"

namespace ringkv {

void DestroyObject(Arena& arena, Value& v) {
  switch (v.type()) {
    case ObjType::kList: return ListOps::Destroy(arena, v);
    case ObjType::kHash: return HashOps::Destroy(arena, v);
    case ObjType::kSet: return SetOps::Destroy(arena, v);
    case ObjType::kZSet: return ZSetOps::Destroy(arena, v);
    case ObjType::kStream: return StreamOps::Destroy(arena, v);
    default: return;
  }
}

Value CopyObject(Arena& arena, const Value& v) {
  switch (v.type()) {
    case ObjType::kList: return ListOps::Copy(arena, v);
    case ObjType::kHash: return HashOps::Copy(arena, v);
    case ObjType::kSet: return SetOps::Copy(arena, v);
    case ObjType::kZSet: return ZSetOps::Copy(arena, v);
    case ObjType::kStream: return StreamOps::Copy(arena, v);
    default: return Value();
  }
}

size_t ObjectHeapBytes(const Value& v) {
  switch (v.type()) {
    case ObjType::kList: return ListOps::HeapBytes(v);
    case ObjType::kHash: return HashOps::HeapBytes(v);
    case ObjType::kSet: return SetOps::HeapBytes(v);
    case ObjType::kZSet: return ZSetOps::HeapBytes(v);
    case ObjType::kStream: return StreamOps::HeapBytes(v);
    default: return 0;
  }
}

}  // namespace ringkv
