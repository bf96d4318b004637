// Arena: where the engine's keys and values live.
//
// Every allocation of the keyspace and of values goes through an Arena so that the same data
// structure code can run on the heap (MallocArena, mimalloc) or, later, on a persistent-memory pool.
// The arena counts the bytes it hands out; INFO's used_memory and maxmemory read that count.
// Deallocate must be given the size that was asked of Allocate.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringkv {

class Arena {
 public:
  virtual ~Arena() = default;
  virtual void* Allocate(size_t size) = 0;
  virtual void Deallocate(void* p, size_t size) = 0;
  // Bytes currently allocated, as the allocator rounds them.
  virtual size_t UsedBytes() const = 0;
};

// The RAM arena: mimalloc, counting usable sizes.
class MallocArena final : public Arena {
 public:
  void* Allocate(size_t size) override;
  void Deallocate(void* p, size_t size) override;
  size_t UsedBytes() const override { return used_; }

 private:
  size_t used_ = 0;
};

}  // namespace ringkv
