#include "engine/arena.h"

#include <mimalloc.h>

#include <new>

namespace ringkv {

void* MallocArena::Allocate(size_t size) {
  void* p = mi_malloc(size);
  if (p == nullptr) throw std::bad_alloc();
  used_ += mi_usable_size(p);
  return p;
}

void MallocArena::Deallocate(void* p, size_t /*size*/) {
  if (p == nullptr) return;
  used_ -= mi_usable_size(p);
  mi_free(p);
}

}  // namespace ringkv
