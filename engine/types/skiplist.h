// SkipList: Redis's zskiplist — members ordered by (score, member bytes), with per-level spans
// so that rank lookups, rank-indexed access and range counts are O(log n).
//
// Each member is one arena block (a SkipNode): the fixed 32-byte head, then `level` forward
// pointers, `level` 32-bit spans, then the member's bytes — 32 + 12*level + length bytes, with
// 1.33 levels on average (p = 1/4, at most 32). The node also carries the chain link of its
// owner's member index (the sorted set's IncrementalHashTable), so one block per member serves
// both structures. Spans are 32-bit: a list holds at most 2^32-1 members.
//
// Scores are never NaN. Members are unique: callers check their index before Insert. Every change
// to memory that existed before the current command goes through Arena::WillModify (nodes'
// links and spans, the list's own fields), so the structure can live in a transactional pool.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/arena.h"

namespace ringkv {

struct SkipNode {
  SkipNode* next;      // chain link of the owner's member index
  SkipNode* backward;  // the previous node at level 0; nullptr for the first
  double score;
  uint32_t len;        // member bytes
  uint8_t level;       // 1..SkipList::kMaxLevel
  uint8_t pad_[3];
  // Followed by: SkipNode* forward[level]; uint32_t span[level]; char member[len].

  SkipNode** forward() { return reinterpret_cast<SkipNode**>(this + 1); }
  SkipNode* const* forward() const { return reinterpret_cast<SkipNode* const*>(this + 1); }
  uint32_t* span() { return reinterpret_cast<uint32_t*>(forward() + level); }
  const uint32_t* span() const { return reinterpret_cast<const uint32_t*>(forward() + level); }
  std::string_view member() const {
    return {reinterpret_cast<const char*>(span() + level), len};
  }
  // The next node at level 0, or nullptr.
  SkipNode* Next() const { return forward()[0]; }
  // Arena bytes of a node of `level` levels holding `len` member bytes.
  static size_t BlockSize(int level, size_t len) {
    return sizeof(SkipNode) + level * (sizeof(SkipNode*) + sizeof(uint32_t)) + len;
  }
  size_t BlockSize() const { return BlockSize(level, len); }
};
static_assert(sizeof(SkipNode) == 32);

// A score interval: [min, max], either end exclusive.
struct ScoreRange {
  double min = 0, max = 0;
  bool minex = false, maxex = false;
  bool GteMin(double v) const { return minex ? v > min : v >= min; }
  bool LteMax(double v) const { return maxex ? v < max : v <= max; }
  // True when no score can be in the range.
  bool Empty() const { return min > max || (min == max && (minex || maxex)); }
};

// A lexicographic interval of members ("[a" "(a" "-" "+"). The views point into the command's
// arguments.
struct LexBound {
  enum Kind : uint8_t { kValue, kMinusInf, kPlusInf };
  Kind kind = kValue;
  bool exclusive = false;
  std::string_view value;
};
struct LexRange {
  LexBound min, max;
  bool GteMin(std::string_view v) const;
  bool LteMax(std::string_view v) const;
  bool Empty() const;
};
// memcmp order with shorter-is-smaller (Redis's sdscmp), and the infinities at the ends.
int CompareLex(const LexBound& a, std::string_view b);

class SkipList {
 public:
  static constexpr int kMaxLevel = 32;

  // A skiplist object is placed in arena memory by its owner and initialized with Init.
  void Init(Arena& arena);
  // Frees every node and the header. Nodes still linked in an index must be unlinked first.
  void Free(Arena& arena);

  uint64_t length() const { return length_; }
  SkipNode* first() const { return header_->forward()[0]; }
  SkipNode* last() const { return tail_; }
  // Arena bytes of the nodes, header included.
  size_t node_bytes() const { return node_bytes_; }

  // Inserts a member that is not in the list yet. `level` 0 picks a random level.
  SkipNode* Insert(Arena& arena, double score, std::string_view member, int level = 0);
  // Unlinks `node` (found by its score and member) and frees it.
  void Delete(Arena& arena, SkipNode* node);
  // Unlinks `node` without freeing it (the caller frees it with FreeNode).
  void Unlink(Arena& arena, SkipNode* node);
  static void FreeNode(Arena& arena, SkipNode* node);
  // Changes the score of `node`, moving it if its position changes. The node itself is kept
  // (so index links to it stay valid).
  void UpdateScore(Arena& arena, SkipNode* node, double score);

  // 1-based rank of `node`.
  uint64_t Rank(const SkipNode* node) const;
  // The node at 1-based `rank`, or nullptr.
  SkipNode* ByRank(uint64_t rank) const;

  SkipNode* FirstInRange(const ScoreRange& r) const;
  SkipNode* LastInRange(const ScoreRange& r) const;
  SkipNode* FirstInLexRange(const LexRange& r) const;
  SkipNode* LastInLexRange(const LexRange& r) const;

  // Removes ranges; `on_delete(node)` is called for each node after it is unlinked and before
  // it is freed (the owner removes it from its index). Ranks are 1-based and inclusive.
  template <typename Fn>
  uint64_t DeleteRangeByScore(Arena& arena, const ScoreRange& r, Fn&& on_delete);
  template <typename Fn>
  uint64_t DeleteRangeByLex(Arena& arena, const LexRange& r, Fn&& on_delete);
  template <typename Fn>
  uint64_t DeleteRangeByRank(Arena& arena, uint64_t start, uint64_t end, Fn&& on_delete);

  // Checks every invariant (order, spans, backward links, length, level); for tests.
  bool Check() const;

  // Seeds the level generator of this thread (tests use it for reproducible shapes).
  static void SeedLevels(uint64_t seed);
  static int RandomLevel();

 private:
  using Update = SkipNode* [kMaxLevel];
  // Fills update[] with the last node before (score, member) at each level; rank[] with its rank
  // when given.
  void FindUpdate(double score, std::string_view member, Update& update, uint64_t* rank) const;
  // Links `x` (whose level is set) after update[] positions found for its key.
  void Link(Arena& arena, SkipNode* x, Update& update, const uint64_t* rank);
  void UnlinkWith(Arena& arena, SkipNode* x, Update& update);
  template <typename Pred>
  uint64_t DeleteWhile(Arena& arena, Update& update, SkipNode* x, Pred&& in_range,
                       auto&& on_delete);
  void SetForward(Arena& arena, SkipNode* n, int i, SkipNode* to);
  void SetSpan(Arena& arena, SkipNode* n, int i, uint64_t span);
  void Touch(Arena& arena) { arena.WillModify(this, sizeof(*this)); }

  SkipNode* header_;
  SkipNode* tail_;
  uint64_t length_;
  size_t node_bytes_;
  int level_;
};

// ---- templates --------------------------------------------------------------------------------

template <typename Pred>
uint64_t SkipList::DeleteWhile(Arena& arena, Update& update, SkipNode* x, Pred&& in_range,
                               auto&& on_delete) {
  uint64_t removed = 0;
  while (x != nullptr && in_range(x)) {
    SkipNode* next = x->Next();
    UnlinkWith(arena, x, update);
    on_delete(x);
    FreeNode(arena, x);
    removed++;
    x = next;
  }
  return removed;
}

template <typename Fn>
uint64_t SkipList::DeleteRangeByScore(Arena& arena, const ScoreRange& r, Fn&& on_delete) {
  Update update;
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && !r.GteMin(x->forward()[i]->score)) x = x->forward()[i];
    update[i] = x;
  }
  return DeleteWhile(arena, update, x->Next(), [&](SkipNode* n) { return r.LteMax(n->score); },
                     on_delete);
}

template <typename Fn>
uint64_t SkipList::DeleteRangeByLex(Arena& arena, const LexRange& r, Fn&& on_delete) {
  Update update;
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && !r.GteMin(x->forward()[i]->member())) {
      x = x->forward()[i];
    }
    update[i] = x;
  }
  return DeleteWhile(arena, update, x->Next(),
                     [&](SkipNode* n) { return r.LteMax(n->member()); }, on_delete);
}

template <typename Fn>
uint64_t SkipList::DeleteRangeByRank(Arena& arena, uint64_t start, uint64_t end, Fn&& on_delete) {
  Update update;
  uint64_t traversed = 0;
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && traversed + x->span()[i] < start) {
      traversed += x->span()[i];
      x = x->forward()[i];
    }
    update[i] = x;
  }
  traversed++;
  return DeleteWhile(arena, update, x->Next(), [&](SkipNode*) { return traversed++ <= end; },
                     on_delete);
}

}  // namespace ringkv
