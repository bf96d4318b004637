// Quicklist: the list type's structure, as Redis 7.0's quicklist.c — a doubly linked list of
// nodes, each holding a listpack (engine/types/listpack.h) of several elements.
//
// Node fill follows list-max-listpack-size: a negative fill -1..-5 caps a node's listpack at
// 4/8/16/32/64 KiB; a positive fill caps its number of elements (and, as Redis's safety limit,
// its size at 8 KiB). An element of packed_threshold bytes or more (1 GiB by default, DEBUG
// QUICKLIST-PACKED-THRESHOLD changes it) lives alone in a "plain" node holding its bytes as is.
// Inserting into a full node splits it and merges the small neighbours around the split, as
// Redis does; deletions, as in Redis, free emptied nodes and merge nothing. list-compress-depth is
// stored but inner nodes are never LZF-compressed (ringkv trades that memory for speed).
//
// Every block (the 32-byte header, 32-byte nodes, listpacks, plain elements) comes from the Arena,
// and every change to memory that may predate the current command is announced with
// Arena::WillModify first, so the same code runs on a persistent-memory pool.
//
// Element views (Element::sval) point into the list and stay valid only until its next change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/arena.h"
#include "engine/types/listpack.h"

namespace ringkv {

struct QuicklistNode {
  QuicklistNode* prev;
  QuicklistNode* next;
  uint8_t* entry;  // the listpack, or a plain node's element bytes
  uint32_t sz;     // bytes of `entry`: the listpack's encoding size, or the element's length
  uint16_t count;  // elements in the node (a plain node holds one)
  uint8_t plain;   // 1 for a plain node
  uint8_t unused;
};
static_assert(sizeof(QuicklistNode) == 32);

class QuicklistIter;

class Quicklist {
 public:
  enum Where { kHead, kTail };
  // An element: an integer, or a string view into the list.
  using Element = lp::Entry;

  // `fill` is clamped to [-5, 32767] and `compress_depth` to [0, 65535], as Redis's
  // quicklistSetOptions does (fill 0 keeps one element per node).
  static Quicklist* Create(Arena& arena, int fill, int compress_depth);
  static void Destroy(Arena& arena, Quicklist* ql);
  // A deep copy with the same node layout.
  static Quicklist* Copy(Arena& arena, const Quicklist& ql);

  // Elements of packed_threshold bytes or more go to plain nodes (process-wide, as Redis's
  // static packed_threshold). Returns false (and changes nothing) outside [1, 4 GiB).
  static bool SetPackedThreshold(uint64_t bytes);
  static uint64_t packed_threshold();

  uint64_t count() const { return count_; }
  uint32_t node_count() const { return len_; }
  int fill() const { return fill_; }
  int compress_depth() const { return compress_; }
  const QuicklistNode* head() const { return head_; }
  const QuicklistNode* tail() const { return tail_; }
  // Arena bytes held: header, nodes, listpack blocks, plain elements (before allocator rounding).
  size_t AllocatedBytes() const;

  void Push(Arena& arena, std::string_view value, Where where);
  // The element at `index` (negative counts from the tail); false when out of range.
  bool Index(long index, Element* out) const;
  // Replaces the element at `index`; false when out of range.
  bool ReplaceAtIndex(Arena& arena, long index, std::string_view value);
  // Deletes up to `count` elements from `start` (negative counts from the tail) towards the tail.
  // Returns how many were deleted.
  uint64_t DelRange(Arena& arena, long start, uint64_t count);
  // Pops one element from an end, copying it to `out`; false when the list is empty.
  bool Pop(Arena& arena, Where where, std::string* out);

  // Checks the invariants (links, counts, sizes, fill limits); "" when they hold, else what broke.
  std::string Check() const;

 private:
  friend class QuicklistIter;
  Quicklist() = default;

  // Node and link plumbing.
  static QuicklistNode* NewNode(Arena& arena);
  static QuicklistNode* NewPlainNode(Arena& arena, std::string_view value);
  void InsertNode(Arena& arena, QuicklistNode* old_node, QuicklistNode* new_node, bool after);
  void DelNode(Arena& arena, QuicklistNode* node);
  bool AllowInsert(const QuicklistNode* node, size_t sz) const;
  bool AllowMerge(const QuicklistNode* a, const QuicklistNode* b) const;
  // Merges b into a (a precedes b); b is freed. Returns a.
  QuicklistNode* MergeInto(Arena& arena, QuicklistNode* a, QuicklistNode* b);
  void MergeAround(Arena& arena, QuicklistNode* center);
  QuicklistNode* SplitNode(Arena& arena, QuicklistNode* node, long offset, bool after);
  // Redis's _quicklistInsert: `value` before/after the element `p` (at `offset`) of `node`.
  void InsertAt(Arena& arena, QuicklistNode* node, uint8_t* p, std::string_view value, bool after);
  // Finds the node and in-node offset of element `index`; false when out of range.
  bool Locate(long index, QuicklistNode** node, long* offset) const;
  void SetCount(Arena& arena, uint64_t count, uint32_t len);

  QuicklistNode* head_ = nullptr;
  QuicklistNode* tail_ = nullptr;
  uint64_t count_ = 0;  // elements in all nodes
  uint32_t len_ = 0;    // nodes
  int16_t fill_ = -2;
  uint16_t compress_ = 0;
};
static_assert(sizeof(Quicklist) == 32);

// Walks a quicklist from an element towards the tail (forward) or the head. The element last
// returned by Next can be compared, deleted (the walk then continues with the element that
// followed it) or used as the pivot of an insertion (after which the iterator must not be used).
class QuicklistIter {
 public:
  // Positioned before element `index` (negative counts from the tail); an index out of range
  // gives an exhausted iterator.
  QuicklistIter(const Quicklist& ql, long index, bool forward);

  bool Next(Quicklist::Element* out);
  // Whether the current element equals `s` (as Redis's quicklistCompare / lpCompare).
  bool CurrentEquals(std::string_view s) const;
  void DeleteCurrent(Arena& arena);
  void InsertAtCurrent(Arena& arena, std::string_view value, bool after);

 private:
  Quicklist* ql_;
  QuicklistNode* node_ = nullptr;
  uint8_t* p_ = nullptr;  // current element (a plain node's: its entry)
  bool forward_;
  bool pending_ = false;  // p_ is the element the next call to Next returns
};

}  // namespace ringkv
