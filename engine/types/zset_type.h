// ZSetType: the sorted set value (Redis 7.0's t_zset.c encodings).
//
// A sorted set is a listpack of member, score, member, score... (engine/types/listpack.h, byte for
// byte what Redis stores: scores that are whole numbers within ±2^62 as integers, others as
// "%.17g" text) ordered by score then member bytes, while it holds at most
// zset-max-listpack-entries members of at most zset-max-listpack-value bytes. Adding a member past
// either limit converts it to a skiplist (engine/types/skiplist.h) plus a member → node index (an
// IncrementalHashTable whose chain links live in the skiplist nodes: one arena block per member).
// It converts back only where Redis 7.0 does: results built by ZUNIONSTORE, ZINTERSTORE,
// ZDIFFSTORE and ZRANGESTORE are listpacks when small enough (FromSorted). OBJECT ENCODING answers
// "listpack" or "skiplist".
//
// Scores are never NaN. Mutators take the Value holding the set; when the Value lives in arena
// memory (a keyspace entry) changes to it are recorded with Arena::WillModify first, a Value built
// locally says so with ZSetHome::kLocal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/arena.h"
#include "engine/keyspace/hash_table.h"
#include "engine/types/listpack.h"
#include "engine/types/skiplist.h"
#include "engine/types/value.h"

namespace ringkv {

struct SkipNodeTraits {
  static std::string_view Key(const SkipNode* n) { return n->member(); }
  static uint64_t Hash(std::string_view s);
};

// The skiplist encoding's object (what the Value points to).
struct ZSetSkiplist {
  explicit ZSetSkiplist(Arena& arena) : index(arena) {}
  SkipList list;
  IncrementalHashTable<SkipNode, SkipNodeTraits> index;
};

// zset-max-listpack-entries and zset-max-listpack-value.
struct ZSetLimits {
  int64_t max_entries = 128;
  int64_t max_value = 64;
};

enum class ZSetHome { kArena, kLocal };

// Room for an integer listpack entry formatted as text.
using ZSetBuf = char[24];

// ZADD's input flags and Add's outcome flags (Redis's ZADD_IN_* and ZADD_OUT_*).
namespace zadd {
enum In : int { kNone = 0, kIncr = 1, kNx = 2, kXx = 4, kGt = 8, kLt = 16 };
enum Out : int { kNan = 1, kAdded = 2, kUpdated = 4, kNop = 8 };
}  // namespace zadd

// A member and its score, for building and replying.
struct ZMember {
  std::string member;
  double score;
};

// A position in a sorted set, walking either way. Valid while the set is not changed.
class ZSetIter {
 public:
  bool Valid() const { return node_ != nullptr || eptr_ != nullptr; }
  void Next();
  void Prev();
  // The member; an integer member is formatted into the iterator, so the view lasts until the
  // iterator moves.
  std::string_view Member();
  double Score() const;

 private:
  friend class ZSetType;
  uint8_t* lp_ = nullptr;
  uint8_t* eptr_ = nullptr;
  SkipNode* node_ = nullptr;
  ZSetBuf buf_;
};

class ZSetType {
 public:
  static Value CreateListpack(Arena& arena);
  static Value CreateSkiplist(Arena& arena);
  // The encoding ZADD gives a new key whose first member is `first_member` (Redis's
  // zaddGenericCommand): a skiplist when listpacks are disabled or the member is too long.
  static Value CreateFor(Arena& arena, std::string_view first_member, const ZSetLimits& limits);
  // A set holding `members` (sorted by score then member, unique): a listpack when it fits the
  // limits (Redis's zsetConvertToListpackIfNeeded on a built result), a skiplist otherwise.
  static Value FromSorted(Arena& arena, std::span<const ZMember> members, const ZSetLimits& limits);

  static size_t Length(const Value& v);
  // The score of `member`; false when absent.
  static bool Score(const Value& v, std::string_view member, double* score);
  // 0-based rank of `member` from the lowest score (or the highest when `reverse`); -1 if absent.
  static int64_t Rank(const Value& v, std::string_view member, bool reverse);

  // Redis's zsetAdd: adds or updates `member` according to `in_flags` (zadd::In). Returns false
  // only when the resulting score would be NaN (out_flags gets zadd::kNan); *out_flags tells
  // whether the member was added, updated or left alone; *new_score receives the resulting score
  // when added or updated (INCR's reply).
  static bool Add(Arena& arena, Value& v, double score, std::string_view member, int in_flags,
                  int* out_flags, double* new_score, const ZSetLimits& limits,
                  ZSetHome home = ZSetHome::kArena);
  // Removes `member`; false if absent. An emptied set stays (empty): the caller deletes the key.
  static bool Delete(Arena& arena, Value& v, std::string_view member,
                     ZSetHome home = ZSetHome::kArena);
  // Remove ranges and return how many members went. Ranks are 0-based, inclusive and already
  // clamped to the set (start <= end < Length).
  static uint64_t DeleteRangeByRank(Arena& arena, Value& v, uint64_t start, uint64_t end,
                                    ZSetHome home = ZSetHome::kArena);
  static uint64_t DeleteRangeByScore(Arena& arena, Value& v, const ScoreRange& r,
                                     ZSetHome home = ZSetHome::kArena);
  static uint64_t DeleteRangeByLex(Arena& arena, Value& v, const LexRange& r,
                                   ZSetHome home = ZSetHome::kArena);

  static uint64_t CountInRange(const Value& v, const ScoreRange& r);
  static uint64_t CountInLexRange(const Value& v, const LexRange& r);

  // Positions: the member at 0-based `rank` counted from the front (or from the back when
  // `reverse`); the first/last member within a range. Invalid iterators when there is none.
  static ZSetIter AtRank(const Value& v, uint64_t rank, bool reverse);
  static ZSetIter FirstInRange(const Value& v, const ScoreRange& r);
  static ZSetIter LastInRange(const Value& v, const ScoreRange& r);
  static ZSetIter FirstInLexRange(const Value& v, const LexRange& r);
  static ZSetIter LastInLexRange(const Value& v, const LexRange& r);

  // A member chosen from `rnd` (any 64-bit random value) in a non-empty set.
  static void Random(const Value& v, uint64_t rnd, ZSetBuf& buf, std::string_view* member,
                     double* score);

  // One ZSCAN step: calls fn(member, score_text) for the members under `cursor` and returns the
  // next cursor (0 when done). A listpack returns everything at once with cursor 0, its scores as
  // stored; a skiplist formats them as Redis's ld2string ("%.17Lg").
  template <typename Fn>
  static uint64_t Scan(const Value& v, uint64_t cursor, Fn&& fn);
  // Calls fn(member, score) for every member, lowest score first.
  template <typename Fn>
  static void ForEach(const Value& v, Fn&& fn);

  static void ConvertToSkiplist(Arena& arena, Value& v, ZSetHome home = ZSetHome::kArena);

  // ZSetOps (engine/types/object_ops.h).
  static Value Copy(Arena& arena, const Value& v);
  static size_t HeapBytes(const Value& v);
  static void Destroy(Arena& arena, Value& v);

  static uint8_t* ListpackOf(const Value& v) { return static_cast<uint8_t*>(v.object()); }
  static ZSetSkiplist* SkiplistOf(const Value& v) { return static_cast<ZSetSkiplist*>(v.object()); }

  // Score encoding helpers shared with tests: the text Redis's zzlInsertAt stores for a
  // non-integer score ("%.17g", "inf", "-inf"), and the score of a listpack score entry.
  static double ListpackScore(const uint8_t* sptr);
  // Formats a skiplist score as ZSCAN shows it into `buf` (at least 64 bytes).
  static std::string_view FormatScanScore(double score, char* buf);

 private:
  static uint8_t* ListpackInsert(Arena& arena, uint8_t* lp, std::string_view member, double score);
  static void SetListpack(Arena& arena, Value& v, uint8_t* lp, ZSetHome home);
  static void AdoptSkiplist(Arena& arena, Value& v, ZSetSkiplist* zs, ZSetHome home);
  static ZSetSkiplist* NewSkiplist(Arena& arena);
  static void FreeSkiplist(Arena& arena, ZSetSkiplist* zs);
  static ZSetIter FromListpack(uint8_t* lp, uint8_t* eptr);
  static ZSetIter FromNode(SkipNode* n);
};

// ---- templates --------------------------------------------------------------------------------

template <typename Fn>
uint64_t ZSetType::Scan(const Value& v, uint64_t cursor, Fn&& fn) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    ZSetBuf mbuf, sbuf;
    for (uint8_t* p = lp::First(lp); p != nullptr;) {
      uint8_t* s = lp::Next(lp, p);
      fn(lp::Get(p).Text(mbuf), lp::Get(s).Text(sbuf));
      p = lp::Next(lp, s);
    }
    return 0;
  }
  return SkiplistOf(v)->index.Scan(cursor, [&](const SkipNode* n) {
    char buf[64];
    fn(n->member(), FormatScanScore(n->score, buf));
  });
}

template <typename Fn>
void ZSetType::ForEach(const Value& v, Fn&& fn) {
  for (ZSetIter it = AtRank(v, 0, false); it.Valid(); it.Next()) fn(it.Member(), it.Score());
}

}  // namespace ringkv
