// Arena: where the engine's keys and values live.
//
// Every allocation of the keyspace and of values goes through an Arena so that the same data
// structure code can run on the heap (MallocArena, mimalloc) or on a persistent-memory pool.
// The arena counts the bytes it hands out; INFO's used_memory and maxmemory read that count.
// Deallocate must be given the size that was asked of Allocate.
//
// The contract every data structure keeps, so one implementation runs in both modes:
//  - memory comes only from Allocate, and holds no pointer to memory outside the arena;
//  - before writing into arena memory that existed before the current command (an update in
//    place, relinking a node), call WillModify on that range. A pool arena records the range in
//    its undo log so a crash mid-command rolls the command back; on the heap it costs one branch.
//    Memory allocated during the current command needs no WillModify.
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

  void WillModify(const void* p, size_t n) {
    if (transactional_) Snapshot(p, n);
  }

 protected:
  explicit Arena(bool transactional) : transactional_(transactional) {}
  // Records [p, p+n) for rollback (transactional arenas only).
  virtual void Snapshot(const void* /*p*/, size_t /*n*/) {}

 private:
  const bool transactional_;
};

// The RAM arena: mimalloc, counting usable sizes.
class MallocArena final : public Arena {
 public:
  MallocArena() : Arena(false) {}
  void* Allocate(size_t size) override;
  void Deallocate(void* p, size_t size) override;
  size_t UsedBytes() const override { return used_; }

 private:
  size_t used_ = 0;
};

}  // namespace ringkv
