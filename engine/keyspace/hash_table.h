// IncrementalHashTable: an intrusive chained hash table that grows and shrinks without a
// stop-the-world rehash.
//
// Nodes carry their own `next` pointer; the table never allocates or frees nodes, only bucket
// arrays (through the Arena). While resizing, two bucket arrays coexist and every mutating call
// (plus RehashStep from the event loop's cron) moves a few buckets from the old to the new one, as
// Redis's dict does, so no single operation pays for the whole table.
//
// Scan uses Redis's reverse-binary cursor: every node present for the whole of an iteration is
// returned at least once, even when the table grows or shrinks in between calls; some may be
// returned twice.
//
// Traits must provide: static std::string_view Key(const Node*); static uint64_t Hash(std::string_view).
//
// The table's own fields (array pointers, sizes, counters) live wherever the table object lives;
// a pool-resident table is itself in arena memory and its owner snapshots it before a mutating
// call (see Arena::WillModify).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "engine/arena.h"

namespace ringkv {

template <typename Node, typename Traits>
class IncrementalHashTable {
 public:
  explicit IncrementalHashTable(Arena& arena) : arena_(arena) {}
  ~IncrementalHashTable() {
    FreeBuckets(t_[0]);
    FreeBuckets(t_[1]);
  }
  IncrementalHashTable(const IncrementalHashTable&) = delete;
  IncrementalHashTable& operator=(const IncrementalHashTable&) = delete;

  size_t size() const { return count_; }
  bool rehashing() const { return rehash_idx_ >= 0; }
  size_t BucketCount() const { return t_[0].size + t_[1].size; }
  size_t BucketBytes() const { return BucketCount() * sizeof(Node*); }

  Node* Find(std::string_view key) const {
    if (count_ == 0) return nullptr;
    uint64_t h = Traits::Hash(key);
    for (int t = 0; t <= 1; t++) {
      const Buckets& b = t_[t];
      if (b.size == 0) continue;
      size_t idx = h & (b.size - 1);
      if (t == 0 && rehashing() && idx < static_cast<size_t>(rehash_idx_)) continue;
      for (Node* n = b.slots[idx]; n != nullptr; n = n->next) {
        if (Traits::Key(n) == key) return n;
      }
      if (!rehashing()) break;
    }
    return nullptr;
  }

  // Adds a node whose key is not in the table.
  void Insert(Node* node) {
    RehashStep(1);
    if (t_[0].size == 0) Allocate(&t_[0], kInitialSize);
    else if (!rehashing() && count_ >= t_[0].size) StartResize(t_[0].size * 2);
    uint64_t h = Traits::Hash(Traits::Key(node));
    Buckets& b = rehashing() ? t_[1] : t_[0];
    size_t idx = h & (b.size - 1);
    arena_.WillModify(&b.slots[idx], sizeof(Node*));
    node->next = b.slots[idx];
    b.slots[idx] = node;
    count_++;
  }

  // Unlinks and returns the node with `key`, or nullptr.
  Node* Remove(std::string_view key) {
    if (count_ == 0) return nullptr;
    RehashStep(1);
    uint64_t h = Traits::Hash(key);
    for (int t = 0; t <= 1; t++) {
      Buckets& b = t_[t];
      if (b.size == 0) continue;
      size_t idx = h & (b.size - 1);
      if (t == 0 && rehashing() && idx < static_cast<size_t>(rehash_idx_)) continue;
      Node** link = &b.slots[idx];
      while (*link != nullptr) {
        Node* n = *link;
        if (Traits::Key(n) == key) {
          arena_.WillModify(link, sizeof(Node*));
          *link = n->next;
          count_--;
          MaybeShrink();
          return n;
        }
        link = &n->next;
      }
      if (!rehashing()) break;
    }
    return nullptr;
  }

  // Moves up to `buckets` buckets (visiting at most 10x as many empty ones) to the new array.
  // Returns true while more remain.
  bool RehashStep(size_t buckets) {
    if (!rehashing()) return false;
    size_t empty_visits = buckets * 10;
    Buckets& from = t_[0];
    Buckets& to = t_[1];
    while (buckets > 0 && static_cast<size_t>(rehash_idx_) < from.size) {
      Node* n = from.slots[rehash_idx_];
      if (n == nullptr) {
        rehash_idx_++;
        if (--empty_visits == 0) break;
        continue;
      }
      while (n != nullptr) {
        Node* next = n->next;
        size_t idx = Traits::Hash(Traits::Key(n)) & (to.size - 1);
        arena_.WillModify(&n->next, sizeof(Node*));
        arena_.WillModify(&to.slots[idx], sizeof(Node*));
        n->next = to.slots[idx];
        to.slots[idx] = n;
        n = next;
      }
      arena_.WillModify(&from.slots[rehash_idx_], sizeof(Node*));
      from.slots[rehash_idx_] = nullptr;
      rehash_idx_++;
      buckets--;
    }
    if (static_cast<size_t>(rehash_idx_) >= from.size) {
      FreeBuckets(t_[0]);
      t_[0] = t_[1];
      t_[1] = Buckets{};
      rehash_idx_ = -1;
    }
    return rehashing();
  }

  // Calls fn(node) for nodes of one bucket position (in both arrays while resizing) and returns
  // the next cursor; 0 when the iteration is complete. fn must not mutate the table.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) const {
    if (count_ == 0) return 0;
    if (!rehashing()) {
      const Buckets& b = t_[0];
      uint64_t mask = b.size - 1;
      for (Node* n = b.slots[cursor & mask]; n != nullptr; n = n->next) fn(n);
      return NextCursor(cursor, mask);
    }
    // Visit the smaller array's bucket, then every bucket of the larger that expands it.
    const Buckets* small = &t_[0];
    const Buckets* large = &t_[1];
    if (small->size > large->size) std::swap(small, large);
    uint64_t m0 = small->size - 1, m1 = large->size - 1;
    VisitBucket(*small, cursor & m0, fn);
    do {
      VisitBucket(*large, cursor & m1, fn);
      cursor = NextCursor(cursor, m1);
    } while (cursor & (m0 ^ m1));
    return cursor;
  }

  // Calls fn(node) for every node; fn must not mutate the table.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (int t = 0; t <= 1; t++) {
      for (size_t i = 0; i < t_[t].size; i++) {
        for (Node* n = t_[t].slots[i]; n != nullptr;) {
          Node* next = n->next;
          fn(n);
          n = next;
        }
      }
    }
  }

  // A random node (fair enough for RANDOMKEY and expiry sampling: a random non-empty bucket,
  // then a random node in its chain), or nullptr when empty. `rnd` is a 64-bit random value.
  Node* Random(uint64_t rnd) const {
    if (count_ == 0) return nullptr;
    for (int tries = 0;; tries++) {
      uint64_t r = rnd + static_cast<uint64_t>(tries) * 0x9E3779B97F4A7C15ULL;
      r ^= r >> 31;
      r *= 0xBF58476D1CE4E5B9ULL;
      r ^= r >> 29;
      const Buckets* b = &t_[0];
      size_t total = t_[0].size + t_[1].size;
      size_t idx = r % total;
      if (idx >= t_[0].size) {
        idx -= t_[0].size;
        b = &t_[1];
      } else if (rehashing() && idx < static_cast<size_t>(rehash_idx_)) {
        continue;
      }
      Node* head = b->slots[idx];
      if (head == nullptr) continue;
      size_t len = 0;
      for (Node* n = head; n != nullptr; n = n->next) len++;
      size_t pick = (r >> 32) % len;
      while (pick--) head = head->next;
      return head;
    }
  }

  // Forgets every node without touching them (the caller frees them) and drops the buckets.
  void Clear() {
    FreeBuckets(t_[0]);
    FreeBuckets(t_[1]);
    t_[0] = t_[1] = Buckets{};
    rehash_idx_ = -1;
    count_ = 0;
  }

  // Exchanges contents with another table on the same arena (SWAPDB, async flush).
  void Swap(IncrementalHashTable& o) {
    std::swap(t_, o.t_);
    std::swap(rehash_idx_, o.rehash_idx_);
    std::swap(count_, o.count_);
  }

 private:
  static constexpr size_t kInitialSize = 4;
  struct Buckets {
    Node** slots = nullptr;
    size_t size = 0;
  };

  static uint64_t Rev(uint64_t v) {
    v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
    v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
    return __builtin_bswap64(v);
  }
  static uint64_t NextCursor(uint64_t cursor, uint64_t mask) {
    // Increment the reversed cursor's masked bits (Redis's dictScan).
    cursor |= ~mask;
    cursor = Rev(cursor);
    cursor++;
    return Rev(cursor);
  }
  template <typename Fn>
  static void VisitBucket(const Buckets& b, uint64_t idx, Fn& fn) {
    for (Node* n = b.slots[idx]; n != nullptr; n = n->next) fn(n);
  }

  void Allocate(Buckets* b, size_t size) {
    b->slots = static_cast<Node**>(arena_.Allocate(size * sizeof(Node*)));
    std::memset(b->slots, 0, size * sizeof(Node*));
    b->size = size;
  }
  void FreeBuckets(Buckets& b) {
    if (b.slots != nullptr) arena_.Deallocate(b.slots, b.size * sizeof(Node*));
    b = Buckets{};
  }
  void StartResize(size_t size) {
    Allocate(&t_[1], size);
    rehash_idx_ = 0;
  }
  void MaybeShrink() {
    // Shrink below 10% fill, as Redis's htNeedsResize, never below the initial size.
    if (rehashing() || t_[0].size <= kInitialSize || count_ * 10 >= t_[0].size) return;
    size_t target = kInitialSize;
    while (target < count_) target *= 2;
    StartResize(target);
  }

  Arena& arena_;
  Buckets t_[2];
  int64_t rehash_idx_ = -1;
  size_t count_ = 0;
};

}  // namespace ringkv
