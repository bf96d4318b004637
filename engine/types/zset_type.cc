#include "engine/types/zset_type.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "engine/keyspace/database.h"
#include "engine/util/numbers.h"

namespace ringkv {
namespace {

// Redis's double2ll: a whole score within ±LLONG_MAX/2 is stored as a listpack integer.
bool DoubleToInt64(double d, int64_t* out) {
  if (d < static_cast<double>(-(LLONG_MAX / 2)) || d > static_cast<double>(LLONG_MAX / 2)) {
    return false;
  }
  auto ll = static_cast<int64_t>(d);
  if (static_cast<double>(ll) != d) return false;
  *out = ll;
  return true;
}

// The text Redis's zzlInsertAt stores for `score`: the integer, or d2string's form.
std::string_view ScoreText(double score, char* buf) {
  int64_t ll;
  if (DoubleToInt64(score, &ll)) return {buf, FormatInt64(ll, buf)};
  if (std::isinf(score)) return score > 0 ? "inf" : "-inf";
  int n = std::snprintf(buf, 64, "%.17g", score);
  return {buf, static_cast<size_t>(n)};
}

// Redis's zzlCompareElements: member bytes (integers as text) against `s`.
int CompareMember(const uint8_t* eptr, std::string_view s) {
  ZSetBuf buf;
  return lp::Get(eptr).Text(buf).compare(s);
}

uint8_t* DeletePair(Arena& arena, uint8_t* lp, uint8_t** eptr) {
  lp = lp::Delete(arena, lp, eptr);
  return lp::Delete(arena, lp, eptr);
}

// Listpack position helpers: the first/last member in a score or lex range.
uint8_t* LpFirstInRange(uint8_t* lp, const ScoreRange& r) {
  if (r.Empty()) return nullptr;
  for (uint8_t* e = lp::First(lp); e != nullptr;) {
    uint8_t* s = lp::Next(lp, e);
    double score = ZSetType::ListpackScore(s);
    if (r.GteMin(score)) return r.LteMax(score) ? e : nullptr;
    e = lp::Next(lp, s);
  }
  return nullptr;
}

uint8_t* LpLastInRange(uint8_t* lp, const ScoreRange& r) {
  if (r.Empty()) return nullptr;
  for (uint8_t* s = lp::Last(lp); s != nullptr;) {
    uint8_t* e = lp::Prev(lp, s);
    double score = ZSetType::ListpackScore(s);
    if (r.LteMax(score)) return r.GteMin(score) ? e : nullptr;
    s = lp::Prev(lp, e);
  }
  return nullptr;
}

uint8_t* LpFirstInLexRange(uint8_t* lp, const LexRange& r) {
  if (r.Empty()) return nullptr;
  ZSetBuf buf;
  for (uint8_t* e = lp::First(lp); e != nullptr;) {
    std::string_view m = lp::Get(e).Text(buf);
    if (r.GteMin(m)) return r.LteMax(m) ? e : nullptr;
    e = lp::Next(lp, lp::Next(lp, e));
  }
  return nullptr;
}

uint8_t* LpLastInLexRange(uint8_t* lp, const LexRange& r) {
  if (r.Empty()) return nullptr;
  ZSetBuf buf;
  for (uint8_t* s = lp::Last(lp); s != nullptr;) {
    uint8_t* e = lp::Prev(lp, s);
    std::string_view m = lp::Get(e).Text(buf);
    if (r.LteMax(m)) return r.GteMin(m) ? e : nullptr;
    s = lp::Prev(lp, e);
  }
  return nullptr;
}

}  // namespace

uint64_t SkipNodeTraits::Hash(std::string_view s) { return HashKey(s); }

// ---- iterator ---------------------------------------------------------------------------------

void ZSetIter::Next() {
  if (node_ != nullptr) {
    node_ = node_->Next();
    return;
  }
  uint8_t* s = lp::Next(lp_, eptr_);
  eptr_ = lp::Next(lp_, s);
}

void ZSetIter::Prev() {
  if (node_ != nullptr) {
    node_ = node_->backward;
    return;
  }
  uint8_t* s = lp::Prev(lp_, eptr_);
  eptr_ = s == nullptr ? nullptr : lp::Prev(lp_, s);
}

std::string_view ZSetIter::Member() {
  if (node_ != nullptr) return node_->member();
  return lp::Get(eptr_).Text(buf_);
}

double ZSetIter::Score() const {
  if (node_ != nullptr) return node_->score;
  return ZSetType::ListpackScore(lp::Next(lp_, eptr_));
}

ZSetIter ZSetType::FromListpack(uint8_t* lp, uint8_t* eptr) {
  ZSetIter it;
  it.lp_ = lp;
  it.eptr_ = eptr;
  return it;
}

ZSetIter ZSetType::FromNode(SkipNode* n) {
  ZSetIter it;
  it.node_ = n;
  return it;
}

// ---- scores -----------------------------------------------------------------------------------

double ZSetType::ListpackScore(const uint8_t* sptr) {
  lp::Entry e = lp::Get(sptr);
  if (e.is_int) return static_cast<double>(e.ival);
  // Redis's zzlStrtod: at most 127 bytes, strtod.
  char buf[128];
  size_t n = std::min(e.sval.size(), sizeof(buf) - 1);
  std::memcpy(buf, e.sval.data(), n);
  buf[n] = '\0';
  return std::strtod(buf, nullptr);
}

std::string_view ZSetType::FormatScanScore(double score, char* buf) {
  if (std::isinf(score)) return score > 0 ? "inf" : "-inf";
  int n = std::snprintf(buf, 64, "%.17Lg", static_cast<long double>(score));
  return {buf, static_cast<size_t>(n)};
}

// ---- creation ---------------------------------------------------------------------------------

Value ZSetType::CreateListpack(Arena& arena) {
  return Value::MakeObject(ObjType::kZSet, Encoding::kListpack, lp::New(arena));
}

ZSetSkiplist* ZSetType::NewSkiplist(Arena& arena) {
  void* mem = arena.Allocate(sizeof(ZSetSkiplist));
  auto* zs = new (mem) ZSetSkiplist(arena);
  zs->list.Init(arena);
  return zs;
}

void ZSetType::FreeSkiplist(Arena& arena, ZSetSkiplist* zs) {
  zs->index.Clear();
  zs->list.Free(arena);
  zs->~ZSetSkiplist();
  arena.Deallocate(zs, sizeof(ZSetSkiplist));
}

Value ZSetType::CreateSkiplist(Arena& arena) {
  return Value::MakeObject(ObjType::kZSet, Encoding::kSkiplist, NewSkiplist(arena));
}

Value ZSetType::CreateFor(Arena& arena, std::string_view first_member, const ZSetLimits& limits) {
  if (limits.max_entries == 0 || static_cast<uint64_t>(limits.max_value) < first_member.size()) {
    return CreateSkiplist(arena);
  }
  return CreateListpack(arena);
}

Value ZSetType::FromSorted(Arena& arena, std::span<const ZMember> members,
                           const ZSetLimits& limits) {
  size_t maxlen = 0, total = 0;
  for (const ZMember& m : members) {
    maxlen = std::max(maxlen, m.member.size());
    total += m.member.size();
  }
  if (members.size() <= static_cast<uint64_t>(limits.max_entries) &&
      maxlen <= static_cast<uint64_t>(limits.max_value) && lp::SafeToAdd(nullptr, total)) {
    uint8_t* lp = lp::New(arena);
    char buf[64];
    for (const ZMember& m : members) {
      lp = lp::Append(arena, lp, m.member);
      lp = lp::Append(arena, lp, ScoreText(m.score, buf));
    }
    return Value::MakeObject(ObjType::kZSet, Encoding::kListpack, lp);
  }
  ZSetSkiplist* zs = NewSkiplist(arena);
  // From the greatest down: each insertion stops at the header, O(1) (as Redis's zsetDup).
  for (size_t i = members.size(); i-- > 0;) {
    SkipNode* n = zs->list.Insert(arena, members[i].score, members[i].member);
    zs->index.Insert(n);
  }
  return Value::MakeObject(ObjType::kZSet, Encoding::kSkiplist, zs);
}

// ---- encoding changes -------------------------------------------------------------------------

void ZSetType::SetListpack(Arena& arena, Value& v, uint8_t* lp, ZSetHome home) {
  if (lp == v.object()) return;
  if (home == ZSetHome::kArena) arena.WillModify(&v, sizeof(Value));
  v.set_object(Encoding::kListpack, lp);
}

void ZSetType::AdoptSkiplist(Arena& arena, Value& v, ZSetSkiplist* zs, ZSetHome home) {
  if (home == ZSetHome::kArena) arena.WillModify(&v, sizeof(Value));
  v.set_object(Encoding::kSkiplist, zs);
}

void ZSetType::ConvertToSkiplist(Arena& arena, Value& v, ZSetHome home) {
  if (v.encoding() == Encoding::kSkiplist) return;
  uint8_t* lp = ListpackOf(v);
  ZSetSkiplist* zs = NewSkiplist(arena);
  // Nodes are new this command: no WillModify needed while filling the new structure.
  for (ZSetIter it = AtRank(v, 0, true); it.Valid(); it.Prev()) {
    SkipNode* n = zs->list.Insert(arena, it.Score(), it.Member());
    zs->index.Insert(n);
  }
  lp::Free(arena, lp);
  AdoptSkiplist(arena, v, zs, home);
}

// ---- lookups ----------------------------------------------------------------------------------

size_t ZSetType::Length(const Value& v) {
  if (v.encoding() == Encoding::kListpack) return lp::Length(ListpackOf(v)) / 2;
  return SkiplistOf(v)->list.length();
}

bool ZSetType::Score(const Value& v, std::string_view member, double* score) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* first = lp::First(lp);
    if (first == nullptr) return false;
    uint8_t* e = lp::Find(lp, first, member, 1);
    if (e == nullptr) return false;
    *score = ListpackScore(lp::Next(lp, e));
    return true;
  }
  SkipNode* n = SkiplistOf(v)->index.Find(member);
  if (n == nullptr) return false;
  *score = n->score;
  return true;
}

int64_t ZSetType::Rank(const Value& v, std::string_view member, bool reverse) {
  uint64_t len = Length(v);
  uint64_t rank = 0;  // 1-based
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint64_t r = 1;
    for (uint8_t* e = lp::First(lp); e != nullptr; e = lp::Next(lp, lp::Next(lp, e)), r++) {
      if (lp::Equals(e, member)) {
        rank = r;
        break;
      }
    }
  } else {
    ZSetSkiplist* zs = SkiplistOf(v);
    SkipNode* n = zs->index.Find(member);
    if (n != nullptr) rank = zs->list.Rank(n);
  }
  if (rank == 0) return -1;
  return static_cast<int64_t>(reverse ? len - rank : rank - 1);
}

ZSetIter ZSetType::AtRank(const Value& v, uint64_t rank, bool reverse) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    long idx = reverse ? -2 - 2 * static_cast<long>(rank) : 2 * static_cast<long>(rank);
    return FromListpack(lp, lp::Seek(lp, idx));
  }
  const SkipList& list = SkiplistOf(v)->list;
  if (rank >= list.length()) return ZSetIter();
  if (rank == 0) return FromNode(reverse ? list.last() : list.first());
  return FromNode(list.ByRank(reverse ? list.length() - rank : rank + 1));
}

ZSetIter ZSetType::FirstInRange(const Value& v, const ScoreRange& r) {
  if (v.encoding() == Encoding::kListpack) {
    return FromListpack(ListpackOf(v), LpFirstInRange(ListpackOf(v), r));
  }
  return FromNode(SkiplistOf(v)->list.FirstInRange(r));
}

ZSetIter ZSetType::LastInRange(const Value& v, const ScoreRange& r) {
  if (v.encoding() == Encoding::kListpack) {
    return FromListpack(ListpackOf(v), LpLastInRange(ListpackOf(v), r));
  }
  return FromNode(SkiplistOf(v)->list.LastInRange(r));
}

ZSetIter ZSetType::FirstInLexRange(const Value& v, const LexRange& r) {
  if (v.encoding() == Encoding::kListpack) {
    return FromListpack(ListpackOf(v), LpFirstInLexRange(ListpackOf(v), r));
  }
  return FromNode(SkiplistOf(v)->list.FirstInLexRange(r));
}

ZSetIter ZSetType::LastInLexRange(const Value& v, const LexRange& r) {
  if (v.encoding() == Encoding::kListpack) {
    return FromListpack(ListpackOf(v), LpLastInLexRange(ListpackOf(v), r));
  }
  return FromNode(SkiplistOf(v)->list.LastInLexRange(r));
}

uint64_t ZSetType::CountInRange(const Value& v, const ScoreRange& r) {
  if (v.encoding() == Encoding::kListpack) {
    uint64_t count = 0;
    for (ZSetIter it = FirstInRange(v, r); it.Valid() && r.LteMax(it.Score()); it.Next()) count++;
    return count;
  }
  // The rank distance between the first and last member in range: O(log n).
  const SkipList& list = SkiplistOf(v)->list;
  SkipNode* first = list.FirstInRange(r);
  if (first == nullptr) return 0;
  SkipNode* last = list.LastInRange(r);
  return list.Rank(last) - list.Rank(first) + 1;
}

uint64_t ZSetType::CountInLexRange(const Value& v, const LexRange& r) {
  if (v.encoding() == Encoding::kListpack) {
    uint64_t count = 0;
    for (ZSetIter it = FirstInLexRange(v, r); it.Valid() && r.LteMax(it.Member()); it.Next()) {
      count++;
    }
    return count;
  }
  const SkipList& list = SkiplistOf(v)->list;
  SkipNode* first = list.FirstInLexRange(r);
  if (first == nullptr) return 0;
  SkipNode* last = list.LastInLexRange(r);
  return list.Rank(last) - list.Rank(first) + 1;
}

void ZSetType::Random(const Value& v, uint64_t rnd, ZSetBuf& buf, std::string_view* member,
                      double* score) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* e = lp::Seek(lp, 2 * static_cast<long>(rnd % Length(v)));
    *member = lp::Get(e).Text(buf);
    if (score != nullptr) *score = ListpackScore(lp::Next(lp, e));
    return;
  }
  SkipNode* n = SkiplistOf(v)->index.Random(rnd);
  *member = n->member();
  if (score != nullptr) *score = n->score;
}

// ---- mutations --------------------------------------------------------------------------------

uint8_t* ZSetType::ListpackInsert(Arena& arena, uint8_t* lp, std::string_view member,
                                  double score) {
  char buf[64];
  std::string_view text = ScoreText(score, buf);
  // Before the first member with a greater score, or an equal score and a greater member.
  for (uint8_t* e = lp::First(lp); e != nullptr;) {
    uint8_t* s = lp::Next(lp, e);
    double cur = ListpackScore(s);
    if (cur > score || (cur == score && CompareMember(e, member) > 0)) {
      lp = lp::Insert(arena, lp, &e, member, false);
      return lp::Insert(arena, lp, &e, text, true);
    }
    e = lp::Next(lp, s);
  }
  lp = lp::Append(arena, lp, member);
  return lp::Append(arena, lp, text);
}

bool ZSetType::Add(Arena& arena, Value& v, double score, std::string_view member, int in_flags,
                   int* out_flags, double* new_score, const ZSetLimits& limits, ZSetHome home) {
  const bool incr = in_flags & zadd::kIncr, nx = in_flags & zadd::kNx, xx = in_flags & zadd::kXx;
  const bool gt = in_flags & zadd::kGt, lt = in_flags & zadd::kLt;
  *out_flags = 0;
  if (std::isnan(score)) {
    *out_flags = zadd::kNan;
    return false;
  }
  // The outcome for a member present with `cur`: the score to set, or a no-op/NaN.
  auto decide = [&](double cur, double* target) -> bool {
    if (nx) {
      *out_flags |= zadd::kNop;
      return false;
    }
    *target = score;
    if (incr) {
      *target += cur;
      if (std::isnan(*target)) {
        *out_flags |= zadd::kNan;
        return false;
      }
    }
    if ((lt && *target >= cur) || (gt && *target <= cur)) {
      *out_flags |= zadd::kNop;
      return false;
    }
    if (new_score != nullptr) *new_score = *target;
    return true;
  };

  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* first = lp::First(lp);
    uint8_t* e = first == nullptr ? nullptr : lp::Find(lp, first, member, 1);
    if (e != nullptr) {
      double cur = ListpackScore(lp::Next(lp, e));
      double target;
      if (!decide(cur, &target)) return !(*out_flags & zadd::kNan);
      if (target != cur) {
        // Remove and re-insert at the new place.
        lp = DeletePair(arena, lp, &e);
        lp = ListpackInsert(arena, lp, member, target);
        SetListpack(arena, v, lp, home);
        *out_flags |= zadd::kUpdated;
      }
      return true;
    }
    if (xx) {
      *out_flags |= zadd::kNop;
      return true;
    }
    if (Length(v) + 1 > static_cast<uint64_t>(limits.max_entries) ||
        member.size() > static_cast<uint64_t>(limits.max_value) ||
        !lp::SafeToAdd(lp, member.size())) {
      ConvertToSkiplist(arena, v, home);
    } else {
      lp = ListpackInsert(arena, lp, member, score);
      SetListpack(arena, v, lp, home);
      if (new_score != nullptr) *new_score = score;
      *out_flags |= zadd::kAdded;
      return true;
    }
  }

  ZSetSkiplist* zs = SkiplistOf(v);
  SkipNode* n = zs->index.Find(member);
  if (n != nullptr) {
    double target;
    if (!decide(n->score, &target)) return !(*out_flags & zadd::kNan);
    if (target != n->score) {
      zs->list.UpdateScore(arena, n, target);
      *out_flags |= zadd::kUpdated;
    }
    return true;
  }
  if (xx) {
    *out_flags |= zadd::kNop;
    return true;
  }
  n = zs->list.Insert(arena, score, member);
  arena.WillModify(&zs->index, sizeof(zs->index));
  zs->index.Insert(n);
  if (new_score != nullptr) *new_score = score;
  *out_flags |= zadd::kAdded;
  return true;
}

bool ZSetType::Delete(Arena& arena, Value& v, std::string_view member, ZSetHome home) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* first = lp::First(lp);
    uint8_t* e = first == nullptr ? nullptr : lp::Find(lp, first, member, 1);
    if (e == nullptr) return false;
    SetListpack(arena, v, DeletePair(arena, lp, &e), home);
    return true;
  }
  ZSetSkiplist* zs = SkiplistOf(v);
  arena.WillModify(&zs->index, sizeof(zs->index));
  SkipNode* n = zs->index.Remove(member);
  if (n == nullptr) return false;
  zs->list.Delete(arena, n);
  return true;
}

uint64_t ZSetType::DeleteRangeByRank(Arena& arena, Value& v, uint64_t start, uint64_t end,
                                     ZSetHome home) {
  if (v.encoding() == Encoding::kListpack) {
    uint64_t n = end - start + 1;
    SetListpack(arena, v,
                lp::DeleteRange(arena, ListpackOf(v), static_cast<long>(2 * start), 2 * n), home);
    return n;
  }
  ZSetSkiplist* zs = SkiplistOf(v);
  arena.WillModify(&zs->index, sizeof(zs->index));
  return zs->list.DeleteRangeByRank(arena, start + 1, end + 1,
                                    [&](SkipNode* n) { zs->index.Remove(n->member()); });
}

uint64_t ZSetType::DeleteRangeByScore(Arena& arena, Value& v, const ScoreRange& r,
                                      ZSetHome home) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* e = LpFirstInRange(lp, r);
    uint64_t n = 0;
    while (e != nullptr && r.LteMax(ListpackScore(lp::Next(lp, e)))) {
      lp = DeletePair(arena, lp, &e);
      n++;
    }
    SetListpack(arena, v, lp, home);
    return n;
  }
  ZSetSkiplist* zs = SkiplistOf(v);
  arena.WillModify(&zs->index, sizeof(zs->index));
  return zs->list.DeleteRangeByScore(arena, r,
                                     [&](SkipNode* n) { zs->index.Remove(n->member()); });
}

uint64_t ZSetType::DeleteRangeByLex(Arena& arena, Value& v, const LexRange& r, ZSetHome home) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* e = LpFirstInLexRange(lp, r);
    uint64_t n = 0;
    ZSetBuf buf;
    while (e != nullptr && r.LteMax(lp::Get(e).Text(buf))) {
      lp = DeletePair(arena, lp, &e);
      n++;
    }
    SetListpack(arena, v, lp, home);
    return n;
  }
  ZSetSkiplist* zs = SkiplistOf(v);
  arena.WillModify(&zs->index, sizeof(zs->index));
  return zs->list.DeleteRangeByLex(arena, r, [&](SkipNode* n) { zs->index.Remove(n->member()); });
}

// ---- ZSetOps ----------------------------------------------------------------------------------

Value ZSetType::Copy(Arena& arena, const Value& v) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    return Value::MakeObject(ObjType::kZSet, Encoding::kListpack,
                             lp::FromBytes(arena, lp, lp::Bytes(lp)));
  }
  const SkipList& from = SkiplistOf(v)->list;
  ZSetSkiplist* zs = NewSkiplist(arena);
  // From the greatest down, so each insertion is O(1) (Redis's zsetDup).
  for (SkipNode* n = from.last(); n != nullptr; n = n->backward) {
    zs->index.Insert(zs->list.Insert(arena, n->score, n->member()));
  }
  return Value::MakeObject(ObjType::kZSet, Encoding::kSkiplist, zs);
}

size_t ZSetType::HeapBytes(const Value& v) {
  if (v.object() == nullptr) return 0;
  if (v.encoding() == Encoding::kListpack) return lp::AllocatedBytes(ListpackOf(v));
  const ZSetSkiplist* zs = SkiplistOf(v);
  return sizeof(ZSetSkiplist) + zs->list.node_bytes() + zs->index.BucketBytes();
}

void ZSetType::Destroy(Arena& arena, Value& v) {
  if (v.object() == nullptr) return;
  if (v.encoding() == Encoding::kListpack) {
    lp::Free(arena, ListpackOf(v));
  } else {
    FreeSkiplist(arena, SkiplistOf(v));
  }
}

}  // namespace ringkv
