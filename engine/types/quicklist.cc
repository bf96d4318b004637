#include "engine/types/quicklist.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "engine/util/numbers.h"

namespace ringkv {
namespace {

// Node size limits of negative fills -1..-5 (Redis's optimization_level).
constexpr size_t kOptimizationLevel[] = {4096, 8192, 16384, 32768, 65536};
// A node limited by count (positive fill) still never grows past this (Redis's SIZE_SAFETY_LIMIT).
constexpr size_t kSizeSafetyLimit = 8192;
// A listpack's header and terminator: what one listpack of two merged ones no longer needs.
constexpr size_t kListpackOverhead = 7;
constexpr int kFillMax = (1 << 15) - 1;
constexpr int kCompressMax = (1 << 16) - 1;

uint64_t g_packed_threshold = 1u << 30;

bool IsLarge(size_t sz) {
  return sz >= g_packed_threshold;
}

bool SizeMeetsOptimizationRequirement(size_t sz, int fill) {
  if (fill >= 0) return false;
  size_t level = static_cast<size_t>(-fill) - 1;
  return level < std::size(kOptimizationLevel) && sz <= kOptimizationLevel[level];
}

Quicklist::Element PlainElement(const QuicklistNode* node) {
  Quicklist::Element e;
  e.sval = {reinterpret_cast<const char*>(node->entry), node->sz};
  return e;
}

Quicklist::Element ElementAt(const QuicklistNode* node, const uint8_t* p) {
  return node->plain ? PlainElement(node) : lp::Get(p);
}

// Records a node's new listpack, size and count (the node may predate this command).
void SetNode(Arena& arena, QuicklistNode* node, uint8_t* lp, size_t count) {
  arena.WillModify(node, sizeof(*node));
  node->entry = lp;
  node->sz = static_cast<uint32_t>(lp::Bytes(lp));
  node->count = static_cast<uint16_t>(count);
}

bool IsFirstInNode(QuicklistNode* node, uint8_t* p) {
  return node->plain || lp::Prev(node->entry, p) == nullptr;
}
bool IsLastInNode(QuicklistNode* node, uint8_t* p) {
  return node->plain || lp::Next(node->entry, p) == nullptr;
}

long OffsetInNode(QuicklistNode* node, uint8_t* p) {
  if (node->plain) return 0;
  long offset = 0;
  for (uint8_t* q = lp::First(node->entry); q != p; q = lp::Next(node->entry, q)) offset++;
  return offset;
}

}  // namespace

// ---- creation, destruction, copies -------------------------------------------------------------

Quicklist* Quicklist::Create(Arena& arena, int fill, int compress_depth) {
  auto* ql = new (arena.Allocate(sizeof(Quicklist))) Quicklist();
  ql->fill_ = static_cast<int16_t>(std::clamp(fill, -5, kFillMax));
  ql->compress_ = static_cast<uint16_t>(std::clamp(compress_depth, 0, kCompressMax));
  return ql;
}

void Quicklist::Destroy(Arena& arena, Quicklist* ql) {
  if (ql == nullptr) return;
  QuicklistNode* node = ql->head_;
  while (node != nullptr) {
    QuicklistNode* next = node->next;
    if (node->plain)
      arena.Deallocate(node->entry, node->sz);
    else
      lp::Free(arena, node->entry);
    arena.Deallocate(node, sizeof(QuicklistNode));
    node = next;
  }
  arena.Deallocate(ql, sizeof(Quicklist));
}

Quicklist* Quicklist::Copy(Arena& arena, const Quicklist& src) {
  Quicklist* ql = Create(arena, src.fill_, src.compress_);
  for (const QuicklistNode* n = src.head_; n != nullptr; n = n->next) {
    QuicklistNode* copy = NewNode(arena);
    copy->plain = n->plain;
    copy->count = n->count;
    copy->sz = n->sz;
    if (n->plain) {
      copy->entry = static_cast<uint8_t*>(arena.Allocate(n->sz));
      std::memcpy(copy->entry, n->entry, n->sz);
    } else {
      copy->entry = lp::FromBytes(arena, n->entry, n->sz);
    }
    ql->InsertNode(arena, ql->tail_, copy, true);
  }
  ql->count_ = src.count_;
  return ql;
}

bool Quicklist::SetPackedThreshold(uint64_t bytes) {
  // As Redis's quicklistisSetPackedThreshold: 0 restores the default; a plain node's size must
  // stay well within 4 GiB.
  if (bytes > (1ull << 32) - (1u << 20)) return false;
  g_packed_threshold = bytes == 0 ? (1u << 30) : bytes;
  return true;
}

uint64_t Quicklist::packed_threshold() {
  return g_packed_threshold;
}

size_t Quicklist::AllocatedBytes() const {
  size_t total = sizeof(Quicklist);
  for (const QuicklistNode* n = head_; n != nullptr; n = n->next) {
    total += sizeof(QuicklistNode) + (n->plain ? n->sz : lp::AllocatedBytes(n->entry));
  }
  return total;
}

// ---- nodes -------------------------------------------------------------------------------------

QuicklistNode* Quicklist::NewNode(Arena& arena) {
  auto* node = static_cast<QuicklistNode*>(arena.Allocate(sizeof(QuicklistNode)));
  std::memset(node, 0, sizeof(*node));
  return node;
}

QuicklistNode* Quicklist::NewPlainNode(Arena& arena, std::string_view value) {
  QuicklistNode* node = NewNode(arena);
  node->plain = 1;
  node->count = 1;
  node->sz = static_cast<uint32_t>(value.size());
  node->entry = static_cast<uint8_t*>(arena.Allocate(value.size()));
  std::memcpy(node->entry, value.data(), value.size());
  return node;
}

void Quicklist::SetCount(Arena& arena, uint64_t count, uint32_t len) {
  arena.WillModify(this, sizeof(*this));
  count_ = count;
  len_ = len;
}

// Links `new_node` before or after `old_node` (nullptr only when the list has no node).
void Quicklist::InsertNode(Arena& arena, QuicklistNode* old_node, QuicklistNode* new_node,
                           bool after) {
  arena.WillModify(this, sizeof(*this));
  if (after) {
    new_node->prev = old_node;
    if (old_node != nullptr) {
      new_node->next = old_node->next;
      if (old_node->next != nullptr) {
        arena.WillModify(old_node->next, sizeof(QuicklistNode));
        old_node->next->prev = new_node;
      }
      arena.WillModify(old_node, sizeof(QuicklistNode));
      old_node->next = new_node;
    }
    if (tail_ == old_node) tail_ = new_node;
  } else {
    new_node->next = old_node;
    if (old_node != nullptr) {
      new_node->prev = old_node->prev;
      if (old_node->prev != nullptr) {
        arena.WillModify(old_node->prev, sizeof(QuicklistNode));
        old_node->prev->next = new_node;
      }
      arena.WillModify(old_node, sizeof(QuicklistNode));
      old_node->prev = new_node;
    }
    if (head_ == old_node) head_ = new_node;
  }
  if (len_ == 0) head_ = tail_ = new_node;
  len_++;
}

// Unlinks `node`, frees it and its elements, and takes them off the count.
void Quicklist::DelNode(Arena& arena, QuicklistNode* node) {
  arena.WillModify(this, sizeof(*this));
  if (node->next != nullptr) {
    arena.WillModify(node->next, sizeof(QuicklistNode));
    node->next->prev = node->prev;
  }
  if (node->prev != nullptr) {
    arena.WillModify(node->prev, sizeof(QuicklistNode));
    node->prev->next = node->next;
  }
  if (node == tail_) tail_ = node->prev;
  if (node == head_) head_ = node->next;
  len_--;
  count_ -= node->count;
  if (node->plain)
    arena.Deallocate(node->entry, node->sz);
  else if (node->entry != nullptr)
    lp::Free(arena, node->entry);
  arena.Deallocate(node, sizeof(QuicklistNode));
}

// Redis's _quicklistNodeAllowInsert: whether an element of `sz` bytes fits in `node` under the
// fill rules. The entry overhead estimate is Redis's (it overestimates integers).
bool Quicklist::AllowInsert(const QuicklistNode* node, size_t sz) const {
  if (node == nullptr || node->plain || IsLarge(sz)) return false;
  size_t overhead = sz < 254 ? 1 : 5;
  overhead += sz < 64 ? 1 : (sz < 16384 ? 2 : 5);
  size_t new_sz = node->sz + sz + overhead;
  if (SizeMeetsOptimizationRequirement(new_sz, fill_)) return true;
  if (new_sz > kSizeSafetyLimit) return false;
  return static_cast<int>(node->count) < fill_;
}

bool Quicklist::AllowMerge(const QuicklistNode* a, const QuicklistNode* b) const {
  if (a == nullptr || b == nullptr || a->plain || b->plain) return false;
  size_t merge_sz = size_t{a->sz} + b->sz - kListpackOverhead;
  if (SizeMeetsOptimizationRequirement(merge_sz, fill_)) return true;
  if (merge_sz > kSizeSafetyLimit) return false;
  return static_cast<int>(a->count + b->count) <= fill_;
}

QuicklistNode* Quicklist::MergeInto(Arena& arena, QuicklistNode* a, QuicklistNode* b) {
  size_t count = size_t{a->count} + b->count;
  SetNode(arena, a, lp::Merge(arena, a->entry, b->entry), count);
  // b's listpack is gone and its elements now belong to a: unlink it without counting them out.
  arena.WillModify(b, sizeof(*b));
  b->entry = nullptr;
  b->count = 0;
  DelNode(arena, b);
  return a;
}

// Redis's _quicklistMergeNodes: after a split, joins the pairs around `center` that fit the
// fill rules — prev-prev with prev, next with next-next, then center with prev and with next.
void Quicklist::MergeAround(Arena& arena, QuicklistNode* center) {
  QuicklistNode* prev = center->prev;
  QuicklistNode* prev_prev = prev != nullptr ? prev->prev : nullptr;
  QuicklistNode* next = center->next;
  QuicklistNode* next_next = next != nullptr ? next->next : nullptr;
  if (AllowMerge(prev, prev_prev)) MergeInto(arena, prev_prev, prev);
  if (AllowMerge(next, next_next)) MergeInto(arena, next, next_next);
  QuicklistNode* target = center;
  if (AllowMerge(center, center->prev)) target = MergeInto(arena, center->prev, center);
  if (AllowMerge(target, target->next)) MergeInto(arena, target, target->next);
}

// Redis's _quicklistSplitNode: `node` keeps the elements up to `offset` (after) or from `offset`
// (before); the returned node, not yet linked, holds the others.
QuicklistNode* Quicklist::SplitNode(Arena& arena, QuicklistNode* node, long offset, bool after) {
  size_t n = node->count;
  size_t off = static_cast<size_t>(offset);
  QuicklistNode* new_node = NewNode(arena);
  uint8_t* copy = lp::FromBytes(arena, node->entry, node->sz);

  uint8_t* orig = node->entry;
  if (after)
    orig = lp::DeleteRange(arena, orig, static_cast<long>(off + 1), n - off - 1);
  else
    orig = lp::DeleteRange(arena, orig, 0, off);
  SetNode(arena, node, orig, lp::Length(orig));

  if (after)
    copy = lp::DeleteRange(arena, copy, 0, off + 1);
  else
    copy = lp::DeleteRange(arena, copy, static_cast<long>(off), n - off);
  SetNode(arena, new_node, copy, lp::Length(copy));
  return new_node;
}

// Redis's _quicklistInsert.
void Quicklist::InsertAt(Arena& arena, QuicklistNode* node, uint8_t* p, std::string_view value,
                         bool after) {
  const size_t sz = value.size();
  const bool full = !AllowInsert(node, sz);
  bool at_tail = false, at_head = false, avail_next = false, avail_prev = false;
  if (after && IsLastInNode(node, p)) {
    at_tail = true;
    avail_next = AllowInsert(node->next, sz);
  }
  if (!after && IsFirstInNode(node, p)) {
    at_head = true;
    avail_prev = AllowInsert(node->prev, sz);
  }

  if (IsLarge(sz)) {
    if (node->plain || at_tail || at_head) {
      InsertNode(arena, node, NewPlainNode(arena, value), after);
    } else {
      QuicklistNode* rest = SplitNode(arena, node, OffsetInNode(node, p), after);
      QuicklistNode* plain = NewPlainNode(arena, value);
      InsertNode(arena, node, plain, after);
      InsertNode(arena, plain, rest, after);
    }
    SetCount(arena, count_ + 1, len_);
    return;
  }

  if (!full) {
    uint8_t* at = p;
    SetNode(arena, node, lp::Insert(arena, node->entry, &at, value, after), node->count + 1u);
  } else if (at_tail && avail_next) {
    QuicklistNode* next = node->next;
    SetNode(arena, next, lp::Prepend(arena, next->entry, value), next->count + 1u);
  } else if (at_head && avail_prev) {
    QuicklistNode* prev = node->prev;
    SetNode(arena, prev, lp::Append(arena, prev->entry, value), prev->count + 1u);
  } else if (at_tail || at_head) {
    QuicklistNode* fresh = NewNode(arena);
    SetNode(arena, fresh, lp::Prepend(arena, lp::New(arena), value), 1);
    InsertNode(arena, node, fresh, after);
  } else {
    // A full node with the pivot inside: split it around the pivot and add the element to the
    // half next to the pivot, then merge what fits around the split.
    QuicklistNode* half = SplitNode(arena, node, OffsetInNode(node, p), after);
    uint8_t* lp =
        after ? lp::Prepend(arena, half->entry, value) : lp::Append(arena, half->entry, value);
    SetNode(arena, half, lp, half->count + 1u);
    InsertNode(arena, node, half, after);
    MergeAround(arena, node);
  }
  SetCount(arena, count_ + 1, len_);
}

// ---- element access ----------------------------------------------------------------------------

bool Quicklist::Locate(long index, QuicklistNode** node_out, long* offset_out) const {
  const bool forward = index >= 0;
  // -(index + 1) cannot overflow for LONG_MIN.
  const uint64_t idx = forward ? static_cast<uint64_t>(index) : static_cast<uint64_t>(-(index + 1));
  if (idx >= count_) return false;
  // Walk from whichever end is closer, as Redis 7.0 does.
  bool seek_forward = forward;
  uint64_t seek = idx;
  if (idx > (count_ - 1) / 2) {
    seek_forward = !forward;
    seek = count_ - 1 - idx;
  }
  QuicklistNode* n = seek_forward ? head_ : tail_;
  uint64_t accum = 0;
  while (n != nullptr && accum + n->count <= seek) {
    accum += n->count;
    n = seek_forward ? n->next : n->prev;
  }
  if (n == nullptr) return false;
  uint64_t within = seek - accum;
  *node_out = n;
  *offset_out = static_cast<long>(seek_forward ? within : n->count - 1 - within);
  return true;
}

bool Quicklist::Index(long index, Element* out) const {
  QuicklistNode* node;
  long offset;
  if (!Locate(index, &node, &offset)) return false;
  *out = node->plain ? PlainElement(node) : lp::Get(lp::Seek(node->entry, offset));
  return true;
}

// ---- changes -----------------------------------------------------------------------------------

void Quicklist::Push(Arena& arena, std::string_view value, Where where) {
  const bool head = where == kHead;
  QuicklistNode* end = head ? head_ : tail_;
  if (IsLarge(value.size())) {
    InsertNode(arena, end, NewPlainNode(arena, value), !head);
  } else if (AllowInsert(end, value.size())) {
    uint8_t* lp =
        head ? lp::Prepend(arena, end->entry, value) : lp::Append(arena, end->entry, value);
    SetNode(arena, end, lp, end->count + 1u);
  } else {
    QuicklistNode* node = NewNode(arena);
    SetNode(arena, node, lp::Prepend(arena, lp::New(arena), value), 1);
    InsertNode(arena, end, node, !head);
  }
  SetCount(arena, count_ + 1, len_);
}

bool Quicklist::Pop(Arena& arena, Where where, std::string* out) {
  if (count_ == 0) return false;
  QuicklistNode* node = where == kHead ? head_ : tail_;
  if (node->plain || node->count == 1) {
    const uint8_t* p = node->plain ? node->entry : lp::First(node->entry);
    char buf[24];
    out->assign(ElementAt(node, p).Text(buf));
    DelNode(arena, node);
    return true;
  }
  uint8_t* p = where == kHead ? lp::First(node->entry) : lp::Last(node->entry);
  char buf[24];
  out->assign(lp::Get(p).Text(buf));
  SetNode(arena, node, lp::Delete(arena, node->entry, &p), node->count - 1u);
  SetCount(arena, count_ - 1, len_);
  return true;
}

bool Quicklist::ReplaceAtIndex(Arena& arena, long index, std::string_view value) {
  QuicklistNode* node;
  long offset;
  if (!Locate(index, &node, &offset)) return false;
  // Redis 7.0's quicklistReplaceEntry: a packed element is replaced in place whatever its size.
  if (!node->plain && !IsLarge(value.size())) {
    uint8_t* p = lp::Seek(node->entry, offset);
    SetNode(arena, node, lp::Replace(arena, node->entry, &p, value), node->count);
  } else if (node->plain && IsLarge(value.size())) {
    auto* bytes = static_cast<uint8_t*>(arena.Allocate(value.size()));
    std::memcpy(bytes, value.data(), value.size());
    arena.Deallocate(node->entry, node->sz);
    arena.WillModify(node, sizeof(*node));
    node->entry = bytes;
    node->sz = static_cast<uint32_t>(value.size());
  } else if (node->plain) {
    // A small element replaces a plain one: insert it after, then drop the plain node.
    InsertAt(arena, node, node->entry, value, true);
    DelNode(arena, node);
  } else {
    // A large element replaces a packed one: it goes into a plain node right after it (splitting
    // the node if needed), which leaves the old element last in its node.
    InsertAt(arena, node, lp::Seek(node->entry, offset), value, true);
    if (node->count == 1) {
      DelNode(arena, node);
    } else {
      uint8_t* p = lp::Last(node->entry);
      SetNode(arena, node, lp::Delete(arena, node->entry, &p), node->count - 1u);
      SetCount(arena, count_ - 1, len_);
    }
  }
  return true;
}

// Redis's quicklistDelRange.
uint64_t Quicklist::DelRange(Arena& arena, long start, uint64_t count) {
  if (count == 0) return 0;
  QuicklistNode* node;
  long offset;
  if (!Locate(start, &node, &offset)) return 0;
  uint64_t first =
      start >= 0 ? static_cast<uint64_t>(start) : count_ - static_cast<uint64_t>(-(start + 1)) - 1;
  uint64_t extent = std::min(count, count_ - first);
  const uint64_t deleted = extent;
  while (extent > 0) {
    QuicklistNode* next = node->next;
    uint64_t in_node = node->count - static_cast<uint64_t>(offset);
    uint64_t del = std::min(extent, in_node);
    if ((offset == 0 && del == node->count) || node->plain) {
      DelNode(arena, node);
    } else {
      uint8_t* lp = lp::DeleteRange(arena, node->entry, offset, del);
      SetNode(arena, node, lp, node->count - del);
      SetCount(arena, count_ - del, len_);
    }
    extent -= del;
    node = next;
    offset = 0;
  }
  return deleted;
}

// ---- iteration ---------------------------------------------------------------------------------

QuicklistIter::QuicklistIter(const Quicklist& ql, long index, bool forward)
    : ql_(const_cast<Quicklist*>(&ql)), forward_(forward) {
  long offset;
  if (ql_->Locate(index, &node_, &offset)) {
    p_ = node_->plain ? node_->entry : lp::Seek(node_->entry, offset);
    pending_ = true;
  } else {
    node_ = nullptr;
  }
}

bool QuicklistIter::Next(Quicklist::Element* out) {
  while (node_ != nullptr) {
    if (pending_) {
      pending_ = false;
    } else if (p_ == nullptr) {
      p_ = node_->plain ? node_->entry
                        : (forward_ ? lp::First(node_->entry) : lp::Last(node_->entry));
    } else if (node_->plain) {
      p_ = nullptr;
    } else {
      p_ = forward_ ? lp::Next(node_->entry, p_) : lp::Prev(node_->entry, p_);
    }
    if (p_ != nullptr) {
      *out = ElementAt(node_, p_);
      return true;
    }
    node_ = forward_ ? node_->next : node_->prev;
  }
  return false;
}

bool QuicklistIter::CurrentEquals(std::string_view s) const {
  if (node_->plain) {
    return node_->sz == s.size() &&
           (s.empty() || std::memcmp(node_->entry, s.data(), s.size()) == 0);
  }
  return lp::Equals(p_, s);
}

void QuicklistIter::DeleteCurrent(Arena& arena) {
  QuicklistNode* node = node_;
  QuicklistNode* prev = node->prev;
  QuicklistNode* next = node->next;
  if (node->plain || node->count == 1) {
    ql_->DelNode(arena, node);
    node_ = forward_ ? next : prev;
    p_ = nullptr;
    pending_ = false;
    return;
  }
  uint8_t* p = p_;
  uint8_t* lp = lp::Delete(arena, node->entry, &p);  // p: the element that followed, if any
  SetNode(arena, node, lp, node->count - 1u);
  ql_->SetCount(arena, ql_->count_ - 1, ql_->len_);
  uint8_t* upcoming = forward_ ? p : (p != nullptr ? lp::Prev(lp, p) : lp::Last(lp));
  if (upcoming != nullptr) {
    p_ = upcoming;
    pending_ = true;
  } else {
    node_ = forward_ ? next : prev;
    p_ = nullptr;
    pending_ = false;
  }
}

void QuicklistIter::InsertAtCurrent(Arena& arena, std::string_view value, bool after) {
  ql_->InsertAt(arena, node_, p_, value, after);
  node_ = nullptr;  // the nodes may have been split or merged: the walk is over
}

// ---- checks ------------------------------------------------------------------------------------

std::string Quicklist::Check() const {
  uint64_t elements = 0;
  uint32_t nodes = 0;
  const QuicklistNode* prev = nullptr;
  for (const QuicklistNode* n = head_; n != nullptr; prev = n, n = n->next) {
    std::string where = "node " + std::to_string(nodes) + ": ";
    if (n->prev != prev) return where + "bad prev link";
    if (n->count == 0) return where + "empty node";
    if (n->plain) {
      if (n->count != 1) return where + "plain node with count " + std::to_string(n->count);
    } else {
      if (n->sz != lp::Bytes(n->entry)) return where + "sz differs from the listpack's size";
      if (n->count != lp::Length(n->entry)) return where + "count differs from the listpack's";
      if (!lp::Validate(n->entry, n->sz, true)) return where + "invalid listpack";
    }
    elements += n->count;
    nodes++;
  }
  if (prev != tail_) return "tail is not the last node";
  if (nodes != len_)
    return "len " + std::to_string(len_) + " != " + std::to_string(nodes) + " nodes";
  if (elements != count_) {
    return "count " + std::to_string(count_) + " != " + std::to_string(elements) + " elements";
  }
  return "";
}

}  // namespace ringkv
