// What every collection type provides, dispatched on a Value's type: freeing, deep copy (COPY,
// RENAME across databases never needs it, snapshot tests do), and the arena bytes it holds
// (MEMORY USAGE, bytes-per-element reports). Each type implements its Ops struct in its own files
// (ListOps in engine/types/list_ops.cc, and so on).
#pragma once

#include <cstddef>

#include "engine/arena.h"
#include "engine/types/value.h"

namespace ringkv {

#define RINGKV_DECLARE_OBJECT_OPS(Name)                      \
  struct Name {                                              \
    static void Destroy(Arena& arena, Value& v);             \
    static Value Copy(Arena& arena, const Value& v);         \
    static size_t HeapBytes(const Value& v);                 \
  };
RINGKV_DECLARE_OBJECT_OPS(ListOps)
RINGKV_DECLARE_OBJECT_OPS(HashOps)
RINGKV_DECLARE_OBJECT_OPS(SetOps)
RINGKV_DECLARE_OBJECT_OPS(ZSetOps)
RINGKV_DECLARE_OBJECT_OPS(StreamOps)
#undef RINGKV_DECLARE_OBJECT_OPS

// Dispatchers used by Value.
void DestroyObject(Arena& arena, Value& v);
Value CopyObject(Arena& arena, const Value& v);
size_t ObjectHeapBytes(const Value& v);

}  // namespace ringkv
