// Sorted set commands: ZADD ZINCRBY ZREM ZCARD ZCOUNT ZLEXCOUNT ZSCORE ZMSCORE ZRANK ZREVRANK
// ZRANGE ZRANGESTORE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZREVRANGE
// ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX ZPOPMIN ZPOPMAX ZMPOP ZRANDMEMBER ZUNION ZINTER
// ZDIFF ZUNIONSTORE ZINTERSTORE ZDIFFSTORE ZINTERCARD ZSCAN and the blocking BZPOPMIN BZPOPMAX
// BZMPOP — Redis 7.0's t_zset.c semantics: the same option rules and their errors, score and
// range parsing, replies and reply types (RESP3 doubles and nested pairs where 7.0 sends them),
// encodings (engine/types/zset_type.h), dirty counts and propagated effects (ZMPOP and the
// blocking pops as ZPOPMIN/ZPOPMAX).
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/commands/zset_common.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/set_type.h"
#include "engine/types/zset_type.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

// ---- helpers ----------------------------------------------------------------------------------

KeyEntry* Read(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
}
KeyEntry* Write(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
}

// Redis's getLongFromObjectOrReply.
bool LongOrReply(CommandContext& ctx, std::string_view arg, int64_t* out) {
  if (ParseInt64(arg, out)) return true;
  ctx.reply.Error(errors::kNotInteger);
  return false;
}

// Redis's strtod on a C string: reads up to the first NUL; the whole of it must be consumed
// (leading spaces are skipped by strtod and so accepted; "" is 0).
bool StrtodWhole(std::string_view s, double* out) {
  std::string buf(CStr(s));
  char* end = nullptr;
  double v = std::strtod(buf.c_str(), &end);
  if (*end != '\0' || std::isnan(v)) return false;
  *out = v;
  return true;
}

// Redis's zslParseRange: "(" makes a bound exclusive; inf, -inf and +inf as strtod reads them.
bool ParseScoreBound(std::string_view arg, double* v, bool* ex) {
  *ex = !arg.empty() && arg[0] == '(';
  return StrtodWhole(*ex ? arg.substr(1) : arg, v);
}
bool ParseScoreRange(std::string_view min, std::string_view max, ScoreRange* r) {
  return ParseScoreBound(min, &r->min, &r->minex) && ParseScoreBound(max, &r->max, &r->maxex);
}

// Redis's zslParseLexRangeItem: "[x" inclusive, "(x" exclusive, "-" and "+" the ends.
bool ParseLexBound(std::string_view arg, LexBound* b) {
  if (arg.empty()) return false;
  switch (arg[0]) {
    case '+':
    case '-':
      // "+" and "-" must be alone (read as C strings: "+\0x" is "+").
      if (arg.size() > 1 && arg[1] != '\0') return false;
      b->kind = arg[0] == '+' ? LexBound::kPlusInf : LexBound::kMinusInf;
      b->exclusive = true;
      return true;
    case '(':
    case '[':
      b->kind = LexBound::kValue;
      b->exclusive = arg[0] == '(';
      b->value = arg.substr(1);
      return true;
    default: return false;
  }
}
bool ParseLexRange(std::string_view min, std::string_view max, LexRange* r) {
  return ParseLexBound(min, &r->min) && ParseLexBound(max, &r->max);
}

// A *STORE command's result: stored in `dst` (a listpack when small, as Redis's
// zsetConvertToListpackIfNeeded) or, when empty, `dst` deleted. Replies the size. The keyspace
// event is the command's name ("zunionstore", "zinterstore", "zdiffstore").
void StoreResult(CommandContext& ctx, std::string_view dst, const std::vector<ZMember>& sorted) {
  if (!sorted.empty()) {
    StoreZSetKey(ctx, dst, ZSetType::FromSorted(ctx.arena(), sorted, ZSetLimitsOf(ctx)));
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyZset, ctx.spec.name, dst);
  } else {
    DeleteZSetDestination(ctx, dst);
  }
  ctx.reply.Integer(static_cast<int64_t>(sorted.size()));
}

// One member of a reply: RESP3 pairs a member with its score, RESP2 flattens them.
void ReplyMember(CommandContext& ctx, std::string_view member, double score, bool withscores) {
  if (withscores && ctx.reply.Protocol() > 2) ctx.reply.Array(2);
  ctx.reply.Bulk(member);
  if (withscores) ctx.reply.Double(score);
}
// The array header of `n` members.
void ReplyMembersHeader(CommandContext& ctx, int64_t n, bool withscores) {
  ctx.reply.Array(withscores && ctx.reply.Protocol() == 2 ? n * 2 : n);
}

// Members copied out of a set (a reply written after the walk, or members removed meanwhile):
// one buffer for the bytes.
class MemberList {
 public:
  void Add(std::string_view s, double score) {
    ends_.push_back(bytes_.size() + s.size());
    bytes_.append(s);
    scores_.push_back(score);
  }
  size_t size() const { return ends_.size(); }
  std::string_view member(size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  double score(size_t i) const { return scores_[i]; }

 private:
  std::string bytes_;
  std::vector<size_t> ends_;
  std::vector<double> scores_;
};

bool LessByScore(const ZMember& a, const ZMember& b) {
  return a.score != b.score ? a.score < b.score : a.member < b.member;
}

// ---- ZADD ZINCRBY ZREM ----------------------------------------------------------------------------

// Redis's zaddGenericCommand, shared by ZADD and ZINCRBY (`flags` zadd::kIncr).
void ZAddGeneric(CommandContext& ctx, int flags) {
  std::string_view key = ctx.arg(1);
  bool ch = false;
  size_t scoreidx = 2;
  for (; scoreidx < ctx.argc(); scoreidx++) {
    std::string_view opt = ctx.arg(scoreidx);
    if (IsOpt(opt, "nx")) flags |= zadd::kNx;
    else if (IsOpt(opt, "xx")) flags |= zadd::kXx;
    else if (IsOpt(opt, "ch")) ch = true;
    else if (IsOpt(opt, "incr")) flags |= zadd::kIncr;
    else if (IsOpt(opt, "gt")) flags |= zadd::kGt;
    else if (IsOpt(opt, "lt")) flags |= zadd::kLt;
    else break;
  }
  const bool incr = flags & zadd::kIncr, nx = flags & zadd::kNx, xx = flags & zadd::kXx;
  const bool gt = flags & zadd::kGt, lt = flags & zadd::kLt;
  size_t elements = ctx.argc() - scoreidx;
  if (elements % 2 != 0 || elements == 0) return ctx.reply.Error(errors::kSyntax);
  elements /= 2;
  if (nx && xx) return ctx.reply.Error(errors::kZAddXxNx);
  if ((gt && nx) || (lt && nx) || (gt && lt)) return ctx.reply.Error(errors::kGtLtNx);
  if (incr && elements > 1) return ctx.reply.Error(errors::kZAddIncrPair);

  // Every score is parsed before anything changes: the command applies fully or not at all.
  std::vector<double> scores(elements);
  for (size_t j = 0; j < elements; j++) {
    if (!ParseDouble(ctx.arg(scoreidx + j * 2), &scores[j])) {
      return ctx.reply.Error(errors::kNotFloat);
    }
  }

  KeyEntry* e = Write(ctx, key);
  if (!CheckZSetOrReply(ctx, e)) return;
  int64_t added = 0, updated = 0, processed = 0;
  double score = 0;
  ZSetLimits limits = ZSetLimitsOf(ctx);
  if (e == nullptr && !xx) {
    e = ctx.AddKey(key, ZSetType::CreateFor(ctx.arena(), ctx.arg(scoreidx + 1), limits));
  }
  if (e != nullptr) {
    for (size_t j = 0; j < elements; j++) {
      int out = 0;
      double new_score = 0;
      if (!ZSetType::Add(ctx.arena(), e->value, scores[j], ctx.arg(scoreidx + 1 + j * 2), flags,
                         &out, &new_score, limits)) {
        return ctx.reply.Error(errors::kScoreNaN);
      }
      if (out & zadd::kAdded) added++;
      if (out & zadd::kUpdated) updated++;
      if (!(out & zadd::kNop)) processed++;
      score = new_score;
    }
    ctx.MarkDirty(static_cast<uint64_t>(added + updated));
    if (added + updated > 0) ctx.Notify(config::kNotifyZset, incr ? "zincr" : "zadd", key);
    if (added > 0) ctx.engine.SignalKeyReady(ctx.session.db, key);
  }
  if (incr) {
    if (processed > 0) ctx.reply.Double(score);
    else ctx.reply.Null();
  } else {
    ctx.reply.Integer(ch ? added + updated : added);
  }
}

void ZAdd(CommandContext& ctx) { ZAddGeneric(ctx, zadd::kNone); }
void ZIncrBy(CommandContext& ctx) { ZAddGeneric(ctx, zadd::kIncr); }

void ZRem(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  KeyEntry* e = Write(ctx, key);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckZSetOrReply(ctx, e)) return;
  int64_t deleted = 0;
  bool key_removed = false;
  for (size_t j = 2; j < ctx.argc(); j++) {
    if (ZSetType::Delete(ctx.arena(), e->value, ctx.arg(j))) deleted++;
    if (ZSetType::Length(e->value) == 0) {
      ctx.db().Delete(e);
      key_removed = true;
      break;
    }
  }
  ctx.MarkDirty(static_cast<uint64_t>(deleted));
  if (deleted > 0) ctx.Notify(config::kNotifyZset, "zrem", key);
  if (key_removed) ctx.Notify(config::kNotifyGeneric, "del", key);
  ctx.reply.Integer(deleted);
}

// ---- ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT ---------------------------------------

void ZCard(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckZSetOrReply(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(ZSetType::Length(e->value)));
}

void ZScore(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckZSetOrReply(ctx, e)) return;
  double score;
  if (!ZSetType::Score(e->value, ctx.arg(2), &score)) return ctx.reply.Null();
  ctx.reply.Double(score);
}

void ZMScore(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (!CheckZSetOrReply(ctx, e)) return;
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t j = 2; j < ctx.argc(); j++) {
    double score;
    // A missing key answers like an empty set.
    if (e == nullptr || !ZSetType::Score(e->value, ctx.arg(j), &score)) ctx.reply.Null();
    else ctx.reply.Double(score);
  }
}

void ZRankGeneric(CommandContext& ctx, bool reverse) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckZSetOrReply(ctx, e)) return;
  int64_t rank = ZSetType::Rank(e->value, ctx.arg(2), reverse);
  if (rank < 0) return ctx.reply.Null();
  ctx.reply.Integer(rank);
}
void ZRank(CommandContext& ctx) { ZRankGeneric(ctx, false); }
void ZRevRank(CommandContext& ctx) { ZRankGeneric(ctx, true); }

void ZCount(CommandContext& ctx) {
  ScoreRange r;
  if (!ParseScoreRange(ctx.arg(2), ctx.arg(3), &r)) return ctx.reply.Error(errors::kMinMaxNotFloat);
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckZSetOrReply(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(ZSetType::CountInRange(e->value, r)));
}

void ZLexCount(CommandContext& ctx) {
  LexRange r;
  if (!ParseLexRange(ctx.arg(2), ctx.arg(3), &r)) return ctx.reply.Error(errors::kMinMaxNotLex);
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckZSetOrReply(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(ZSetType::CountInLexRange(e->value, r)));
}

// ---- ZRANGE and its variants ----------------------------------------------------------------------

enum class RangeType { kAuto, kRank, kScore, kLex };
enum class Direction { kAuto, kForward, kReverse };

// Where a range goes: the client (streamed, or listed first when the length is not known), or
// ZRANGESTORE's new set.
struct RangeSink {
  CommandContext& ctx;
  bool store;
  bool withscores;
  MemberList list;  // client replies of unknown length
  // ZRANGESTORE builds its result as Redis does — a listpack unless the length is known to be
  // over the limit, members added one by one (converting as ZADD would) — so a result converted
  // on the way keeps what a listpack keeps (-0 becomes 0), exactly as in Redis.
  Value built;
  bool begun = false;
  uint64_t stored = 0;

  // `length` is the result's length when known, -1 otherwise.
  void Begin(int64_t length) {
    if (!store) return;
    ZSetLimits limits = ZSetLimitsOf(ctx);
    built = length > limits.max_entries ? ZSetType::CreateSkiplist(ctx.arena())
                                        : ZSetType::CreateListpack(ctx.arena());
    begun = true;
  }
  void Emit(std::string_view m, double s, bool known_length) {
    if (store) {
      int out;
      double unused;
      ZSetType::Add(ctx.arena(), built, s, m, zadd::kNone, &out, &unused, ZSetLimitsOf(ctx),
                    ZSetHome::kLocal);
      stored++;
    } else if (known_length) {
      ReplyMember(ctx, m, s, withscores);
    } else {
      list.Add(m, s);
    }
  }
  void FlushList() {
    if (store) return;
    ReplyMembersHeader(ctx, static_cast<int64_t>(list.size()), withscores);
    for (size_t i = 0; i < list.size(); i++) {
      ReplyMember(ctx, list.member(i), list.score(i), withscores);
    }
  }
  // ZRANGESTORE's end: the set stored in `dst`, or `dst` deleted when empty.
  void Finish(std::string_view dst) {
    if (stored > 0) {
      StoreZSetKey(ctx, dst, std::move(built));
      ctx.MarkDirty();
      ctx.Notify(config::kNotifyZset, "zrangestore", dst);
    } else {
      if (begun) built.Destroy(ctx.arena());
      DeleteZSetDestination(ctx, dst);
    }
    ctx.reply.Integer(static_cast<int64_t>(stored));
  }
};

void RangeByRank(RangeSink& sink, const Value& v, int64_t start, int64_t end, bool reverse) {
  int64_t llen = static_cast<int64_t>(ZSetType::Length(v));
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    sink.Begin(0);
    if (!sink.store) sink.ctx.reply.Array(0);
    return;
  }
  if (end >= llen) end = llen - 1;
  int64_t n = end - start + 1;
  sink.Begin(n);
  if (!sink.store) ReplyMembersHeader(sink.ctx, n, sink.withscores);
  ZSetIter it = ZSetType::AtRank(v, static_cast<uint64_t>(start), reverse);
  for (; n > 0 && it.Valid(); n--) {
    sink.Emit(it.Member(), it.Score(), true);
    if (reverse) it.Prev();
    else it.Next();
  }
}

void RangeByScore(RangeSink& sink, const Value& v, const ScoreRange& r, int64_t offset,
                  int64_t limit, bool reverse) {
  sink.Begin(-1);
  // A negative offset, or one past the end, selects nothing; a negative limit is no limit.
  if (offset >= 0 && !(offset > 0 && static_cast<uint64_t>(offset) >= ZSetType::Length(v))) {
    ZSetIter it = reverse ? ZSetType::LastInRange(v, r) : ZSetType::FirstInRange(v, r);
    for (; it.Valid() && offset > 0; offset--) {
      if (reverse) it.Prev();
      else it.Next();
    }
    for (; it.Valid() && limit != 0; limit--) {
      double s = it.Score();
      if (reverse ? !r.GteMin(s) : !r.LteMax(s)) break;
      sink.Emit(it.Member(), s, false);
      if (reverse) it.Prev();
      else it.Next();
    }
  }
  sink.FlushList();
}

void RangeByLex(RangeSink& sink, const Value& v, const LexRange& r, int64_t offset, int64_t limit,
                bool reverse) {
  sink.Begin(-1);
  if (offset >= 0) {
    ZSetIter it = reverse ? ZSetType::LastInLexRange(v, r) : ZSetType::FirstInLexRange(v, r);
    for (; it.Valid() && offset > 0; offset--) {
      if (reverse) it.Prev();
      else it.Next();
    }
    for (; it.Valid() && limit != 0; limit--) {
      std::string_view m = it.Member();
      if (reverse ? !r.GteMin(m) : !r.LteMax(m)) break;
      sink.Emit(m, it.Score(), false);
      if (reverse) it.Prev();
      else it.Next();
    }
  }
  sink.FlushList();
}

// Redis's zrangeGenericCommand: `first` is the position of the source key; `store` for
// ZRANGESTORE (whose destination is argument 1).
void ZRangeGeneric(CommandContext& ctx, size_t first, bool store, RangeType type, Direction dir) {
  std::string_view key = ctx.arg(first);
  size_t minidx = first + 1, maxidx = first + 2;
  bool withscores = false;
  int64_t offset = 0, limit = -1;
  bool has_limit = false;
  for (size_t j = first + 3; j < ctx.argc(); j++) {
    size_t left = ctx.argc() - j - 1;
    std::string_view opt = ctx.arg(j);
    if (!store && IsOpt(opt, "withscores")) {
      withscores = true;
    } else if (IsOpt(opt, "limit") && left >= 2) {
      if (!LongOrReply(ctx, ctx.arg(j + 1), &offset) || !LongOrReply(ctx, ctx.arg(j + 2), &limit)) {
        return;
      }
      has_limit = true;
      j += 2;
    } else if (dir == Direction::kAuto && IsOpt(opt, "rev")) {
      dir = Direction::kReverse;
    } else if (type == RangeType::kAuto && IsOpt(opt, "bylex")) {
      type = RangeType::kLex;
    } else if (type == RangeType::kAuto && IsOpt(opt, "byscore")) {
      type = RangeType::kScore;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (dir == Direction::kAuto) dir = Direction::kForward;
  if (type == RangeType::kAuto) type = RangeType::kRank;
  const bool reverse = dir == Direction::kReverse;
  if (has_limit && limit != -1 && type == RangeType::kRank) {
    return ctx.reply.Error(errors::kZRangeLimitNeedsBy);
  }
  if (withscores && type == RangeType::kLex) return ctx.reply.Error(errors::kZRangeWithscoresBylex);
  // Score and lex ranges of the reversed forms are given as max, min.
  if (reverse && type != RangeType::kRank) std::swap(minidx, maxidx);

  int64_t start = 0, end = 0;
  ScoreRange score_range;
  LexRange lex_range;
  switch (type) {
    case RangeType::kAuto:
    case RangeType::kRank:
      if (!LongOrReply(ctx, ctx.arg(minidx), &start) || !LongOrReply(ctx, ctx.arg(maxidx), &end)) {
        return;
      }
      break;
    case RangeType::kScore:
      if (!ParseScoreRange(ctx.arg(minidx), ctx.arg(maxidx), &score_range)) {
        return ctx.reply.Error(errors::kMinMaxNotFloat);
      }
      break;
    case RangeType::kLex:
      if (!ParseLexRange(ctx.arg(minidx), ctx.arg(maxidx), &lex_range)) {
        return ctx.reply.Error(errors::kMinMaxNotLex);
      }
      break;
  }

  RangeSink sink{ctx, store, withscores};
  KeyEntry* e = Read(ctx, key);
  if (e != nullptr && !CheckZSetOrReply(ctx, e)) return;
  if (e != nullptr) {
    switch (type) {
      case RangeType::kAuto:
      case RangeType::kRank: RangeByRank(sink, e->value, start, end, reverse); break;
      case RangeType::kScore:
        RangeByScore(sink, e->value, score_range, offset, limit, reverse);
        break;
      case RangeType::kLex: RangeByLex(sink, e->value, lex_range, offset, limit, reverse); break;
    }
  } else if (!store) {
    return ctx.reply.Array(0);
  }
  if (store) sink.Finish(ctx.arg(1));
}

void ZRange(CommandContext& ctx) { ZRangeGeneric(ctx, 1, false, RangeType::kAuto, Direction::kAuto); }
void ZRangeStore(CommandContext& ctx) {
  ZRangeGeneric(ctx, 2, true, RangeType::kAuto, Direction::kAuto);
}
void ZRevRange(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeType::kRank, Direction::kReverse);
}
void ZRangeByScore(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeType::kScore, Direction::kForward);
}
void ZRevRangeByScore(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeType::kScore, Direction::kReverse);
}
void ZRangeByLex(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeType::kLex, Direction::kForward);
}
void ZRevRangeByLex(CommandContext& ctx) {
  ZRangeGeneric(ctx, 1, false, RangeType::kLex, Direction::kReverse);
}

// ---- ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX ----------------------------------------------

void ZRemRangeGeneric(CommandContext& ctx, RangeType type) {
  std::string_view key = ctx.arg(1);
  int64_t start = 0, end = 0;
  ScoreRange score_range;
  LexRange lex_range;
  if (type == RangeType::kRank) {
    if (!LongOrReply(ctx, ctx.arg(2), &start) || !LongOrReply(ctx, ctx.arg(3), &end)) return;
  } else if (type == RangeType::kScore) {
    if (!ParseScoreRange(ctx.arg(2), ctx.arg(3), &score_range)) {
      return ctx.reply.Error(errors::kMinMaxNotFloat);
    }
  } else if (!ParseLexRange(ctx.arg(2), ctx.arg(3), &lex_range)) {
    return ctx.reply.Error(errors::kMinMaxNotLex);
  }
  KeyEntry* e = Write(ctx, key);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckZSetOrReply(ctx, e)) return;

  uint64_t deleted = 0;
  if (type == RangeType::kRank) {
    int64_t llen = static_cast<int64_t>(ZSetType::Length(e->value));
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) return ctx.reply.Integer(0);
    if (end >= llen) end = llen - 1;
    deleted = ZSetType::DeleteRangeByRank(ctx.arena(), e->value, static_cast<uint64_t>(start),
                                          static_cast<uint64_t>(end));
  } else if (type == RangeType::kScore) {
    deleted = ZSetType::DeleteRangeByScore(ctx.arena(), e->value, score_range);
  } else {
    deleted = ZSetType::DeleteRangeByLex(ctx.arena(), e->value, lex_range);
  }
  if (deleted > 0) ctx.Notify(config::kNotifyZset, ctx.spec.name, key);
  if (ZSetType::Length(e->value) == 0) {
    ctx.db().Delete(e);
    ctx.Notify(config::kNotifyGeneric, "del", key);
  }
  ctx.MarkDirty(deleted);
  ctx.reply.Integer(static_cast<int64_t>(deleted));
}

void ZRemRangeByRank(CommandContext& ctx) { ZRemRangeGeneric(ctx, RangeType::kRank); }
void ZRemRangeByScore(CommandContext& ctx) { ZRemRangeGeneric(ctx, RangeType::kScore); }
void ZRemRangeByLex(CommandContext& ctx) { ZRemRangeGeneric(ctx, RangeType::kLex); }

// ---- ZPOPMIN ZPOPMAX ZMPOP and the blocking pops ------------------------------------------------

enum class Where { kMin, kMax };

enum class PopReply {
  kFlat,        // ZPOPMIN/ZPOPMAX in RESP2, or without COUNT: [m, s, m, s...]
  kNested,      // ZPOPMIN/ZPOPMAX with COUNT in RESP3: [[m, s], ...]
  kKeyFlat,     // BZPOPMIN/BZPOPMAX: [key, m, s]
  kKeyNested,   // ZMPOP/BZMPOP: [key, [[m, s], ...]]
};

// Pops up to `count` members of the (non-empty) set at `e`, replies in `shape`, deletes the key
// when emptied. Returns how many were popped.
int64_t PopFrom(CommandContext& ctx, KeyEntry* e, std::string_view key, Where where, int64_t count,
                PopReply shape) {
  int64_t llen = static_cast<int64_t>(ZSetType::Length(e->value));
  int64_t n = std::min(count, llen);
  switch (shape) {
    case PopReply::kFlat: ctx.reply.Array(n * 2); break;
    case PopReply::kNested: ctx.reply.Array(n); break;
    case PopReply::kKeyFlat:
      ctx.reply.Array(n * 2 + 1);
      ctx.reply.Bulk(key);
      break;
    case PopReply::kKeyNested:
      ctx.reply.Array(2);
      ctx.reply.Bulk(key);
      ctx.reply.Array(n);
      break;
  }
  const bool nested = shape == PopReply::kNested || shape == PopReply::kKeyNested;
  const bool max = where == Where::kMax;
  for (int64_t i = 0; i < n; i++) {
    ZSetIter it = ZSetType::AtRank(e->value, 0, max);
    std::string member(it.Member());
    double score = it.Score();
    uint64_t last = ZSetType::Length(e->value) - 1;
    ZSetType::DeleteRangeByRank(ctx.arena(), e->value, max ? last : 0, max ? last : 0);
    ctx.MarkDirty();
    if (nested) ctx.reply.Array(2);
    ctx.reply.Bulk(member);
    ctx.reply.Double(score);
  }
  if (n > 0) ctx.Notify(config::kNotifyZset, max ? "zpopmax" : "zpopmin", key);
  if (ZSetType::Length(e->value) == 0) {
    ctx.db().Delete(e);
    ctx.Notify(config::kNotifyGeneric, "del", key);
  }
  return n;
}

// Redis's getPositiveLongFromObjectOrReply: one error for a non-integer and a negative count.
bool PositiveOrReply(CommandContext& ctx, std::string_view arg, int64_t* out) {
  if (!ParseInt64(arg, out) || *out < 0) {
    ctx.reply.Error(errors::kMustBePositive);
    return false;
  }
  return true;
}

void ZPopMinMax(CommandContext& ctx, Where where) {
  if (ctx.argc() > 3) return ctx.reply.Error(errors::kSyntax);
  int64_t count = -1;  // -1: the plain single pop
  if (ctx.argc() == 3 && !PositiveOrReply(ctx, ctx.arg(2), &count)) return;
  std::string_view key = ctx.arg(1);
  KeyEntry* e = Write(ctx, key);
  if (!CheckZSetOrReply(ctx, e)) return;
  if (e == nullptr || count == 0) return ctx.reply.Array(0);
  bool nested = ctx.reply.Protocol() > 2 && count != -1;
  PopFrom(ctx, e, key, where, count == -1 ? 1 : count, nested ? PopReply::kNested : PopReply::kFlat);
}
void ZPopMin(CommandContext& ctx) { ZPopMinMax(ctx, Where::kMin); }
void ZPopMax(CommandContext& ctx) { ZPopMinMax(ctx, Where::kMax); }

// The ZPOPMIN/ZPOPMAX a pop that was not one itself is propagated as.
void PropagatePop(CommandContext& ctx, Where where, std::string_view key, int64_t count) {
  std::string_view name = where == Where::kMin ? "ZPOPMIN" : "ZPOPMAX";
  if (count < 0) return ctx.PropagateAs({name, key});
  std::string n = Int64ToString(count);
  ctx.PropagateAs({name, key, n});
}

// The first existing key among `keys` if it holds a non-empty sorted set, nullptr if none does;
// `*error` after a WRONGTYPE reply. Empty sets never exist in the keyspace.
KeyEntry* FirstPoppable(CommandContext& ctx, std::span<const std::string_view> keys,
                        size_t* index, bool* error) {
  *error = false;
  for (size_t i = 0; i < keys.size(); i++) {
    KeyEntry* e = Write(ctx, keys[i]);
    if (e == nullptr) continue;
    if (!CheckZSetOrReply(ctx, e)) {
      *error = true;
      return nullptr;
    }
    if (ZSetType::Length(e->value) == 0) continue;
    *index = i;
    return e;
  }
  return nullptr;
}

// BZPOPMIN/BZPOPMAX/BZMPOP: serves the first non-empty key, or blocks on all of them. `count` -1
// is the single pop of BZPOPMIN/BZPOPMAX.
void BlockingPop(CommandContext& ctx, std::span<const std::string_view> keys, Where where,
                 int64_t deadline, int64_t count, PopReply shape) {
  size_t index = 0;
  bool error;
  KeyEntry* e = FirstPoppable(ctx, keys, &index, &error);
  if (error) return;
  if (e != nullptr) {
    int64_t n = PopFrom(ctx, e, keys[index], where, count < 0 ? 1 : count, shape);
    PropagatePop(ctx, where, keys[index], count < 0 ? -1 : n);
    return;
  }
  // Inside MULTI or a script an empty set answers at once, as a timeout.
  if (!ctx.may_block()) return ctx.reply.NullArray();
  ctx.Block(keys, ObjType::kZSet, deadline, TimeoutReply::kNullArray);
}

void BZPopMinMax(CommandContext& ctx, Where where) {
  int64_t deadline;
  if (!ParseTimeoutOrReply(ctx, ctx.arg(ctx.argc() - 1), &deadline)) return;
  BlockingPop(ctx, ctx.args.subspan(1, ctx.argc() - 2), where, deadline, -1, PopReply::kKeyFlat);
}
void BZPopMin(CommandContext& ctx) { BZPopMinMax(ctx, Where::kMin); }
void BZPopMax(CommandContext& ctx) { BZPopMinMax(ctx, Where::kMax); }

// ZMPOP numkeys key... MIN|MAX [COUNT n]; BZMPOP timeout numkeys key... MIN|MAX [COUNT n].
void ZMPopGeneric(CommandContext& ctx, size_t numkeys_idx, bool blocking) {
  int64_t numkeys;
  if (!ParseInt64(ctx.arg(numkeys_idx), &numkeys) || numkeys < 1) {
    return ctx.reply.Error(errors::kNumkeysNotPositive);
  }
  // Redis's where_idx >= argc check, computed without overflow.
  if (static_cast<uint64_t>(numkeys) >= ctx.argc() - numkeys_idx - 1) {
    return ctx.reply.Error(errors::kSyntax);
  }
  size_t where_idx = numkeys_idx + static_cast<size_t>(numkeys) + 1;
  Where where;
  if (IsOpt(ctx.arg(where_idx), "min")) where = Where::kMin;
  else if (IsOpt(ctx.arg(where_idx), "max")) where = Where::kMax;
  else return ctx.reply.Error(errors::kSyntax);
  int64_t count = -1;
  for (size_t j = where_idx + 1; j < ctx.argc(); j++) {
    bool more = j + 1 < ctx.argc();
    if (count == -1 && IsOpt(ctx.arg(j), "count") && more) {
      j++;
      if (!ParseInt64(ctx.arg(j), &count) || count < 1) {
        return ctx.reply.Error(errors::kCountNotPositive);
      }
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (count == -1) count = 1;
  std::span<const std::string_view> keys = ctx.args.subspan(numkeys_idx + 1, numkeys);
  if (blocking) {
    // The timeout is checked last, as Redis's blockingGenericZpopCommand does.
    int64_t deadline;
    if (!ParseTimeoutOrReply(ctx, ctx.arg(1), &deadline)) return;
    return BlockingPop(ctx, keys, where, deadline, count, PopReply::kKeyNested);
  }

  size_t index = 0;
  bool error;
  KeyEntry* e = FirstPoppable(ctx, keys, &index, &error);
  if (error) return;
  if (e == nullptr) return ctx.reply.NullArray();
  int64_t n = PopFrom(ctx, e, keys[index], where, count, PopReply::kKeyNested);
  PropagatePop(ctx, where, keys[index], n);
}
void ZMPop(CommandContext& ctx) { ZMPopGeneric(ctx, 1, false); }
void BZMPop(CommandContext& ctx) { ZMPopGeneric(ctx, 2, true); }

// ---- ZRANDMEMBER --------------------------------------------------------------------------------

void ZRandMemberWithCount(CommandContext& ctx, int64_t l, bool withscores) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Array(0);
  if (!CheckZSetOrReply(ctx, e)) return;
  const Value& v = e->value;
  uint64_t size = ZSetType::Length(v);
  bool uniq = l >= 0;
  uint64_t count = uniq ? static_cast<uint64_t>(l) : static_cast<uint64_t>(-l);
  if (count == 0) return ctx.reply.Array(0);
  std::mt19937_64 rng(ctx.engine.Random64());

  // Case 1: repetitions allowed (or a single member): `count` independent picks.
  if (!uniq || count == 1) {
    ReplyMembersHeader(ctx, static_cast<int64_t>(count), withscores);
    while (count--) {
      ZSetBuf buf;
      std::string_view m;
      double s;
      ZSetType::Random(v, rng(), buf, &m, &s);
      ReplyMember(ctx, m, s, withscores);
    }
    return;
  }
  uint64_t n = std::min(count, size);
  ReplyMembersHeader(ctx, static_cast<int64_t>(n), withscores);
  // Case 2: the whole set, walked from the highest score down as Redis's iterator does.
  if (count >= size) {
    for (ZSetIter it = ZSetType::AtRank(v, 0, true); it.Valid(); it.Prev()) {
      ReplyMember(ctx, it.Member(), it.Score(), withscores);
    }
    return;
  }
  // Case 3: most of the set: copy it and drop random members down to `count`.
  if (count * 3 > size) {
    MemberList all;
    ZSetType::ForEach(v, [&](std::string_view m, double s) { all.Add(m, s); });
    std::vector<size_t> idx(size);
    for (size_t i = 0; i < size; i++) idx[i] = i;
    for (uint64_t left = size; left > count; left--) {
      size_t pick = rng() % left;
      std::swap(idx[pick], idx[left - 1]);
    }
    for (size_t i = 0; i < count; i++) ReplyMember(ctx, all.member(idx[i]), all.score(idx[i]), withscores);
    return;
  }
  // Case 4: a small part of a big set: random picks, skipping repeats.
  std::unordered_set<std::string> seen;
  while (seen.size() < count) {
    ZSetBuf buf;
    std::string_view m;
    double s;
    ZSetType::Random(v, rng(), buf, &m, &s);
    if (!seen.emplace(m).second) continue;
    ReplyMember(ctx, m, s, withscores);
  }
}

void ZRandMember(CommandContext& ctx) {
  if (ctx.argc() >= 3) {
    int64_t l;
    if (!ParseInt64(ctx.arg(2), &l)) return ctx.reply.Error(errors::kNotInteger);
    if (l == INT64_MIN) return ctx.reply.Error(errors::kCountOutOfRange);
    bool withscores = false;
    if (ctx.argc() > 4 || (ctx.argc() == 4 && !IsOpt(ctx.arg(3), "withscores"))) {
      return ctx.reply.Error(errors::kSyntax);
    }
    if (ctx.argc() == 4) {
      withscores = true;
      if (l < -(INT64_MAX / 2) || l > INT64_MAX / 2) return ctx.reply.Error(errors::kValueOutOfRange);
    }
    return ZRandMemberWithCount(ctx, l, withscores);
  }
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckZSetOrReply(ctx, e)) return;
  ZSetBuf buf;
  std::string_view m;
  double s;
  ZSetType::Random(e->value, ctx.engine.Random64(), buf, &m, &s);
  ctx.reply.Bulk(m);
}

// ---- ZUNION ZINTER ZDIFF (and STORE) ZINTERCARD -------------------------------------------------

enum class SetOp { kUnion, kInter, kDiff };
enum class Aggregate { kSum, kMin, kMax };

// An input: a sorted set or a set (whose members score 1), or nothing for a missing key.
struct Source {
  const Value* v = nullptr;
  double weight = 1.0;
  size_t Length() const {
    if (v == nullptr) return 0;
    return v->type() == ObjType::kZSet ? ZSetType::Length(*v) : SetType::Size(*v);
  }
  bool Find(std::string_view m, double* score) const {
    if (v == nullptr) return false;
    if (v->type() == ObjType::kZSet) return ZSetType::Score(*v, m, score);
    *score = 1.0;
    return SetType::Contains(*v, m);
  }
  // Calls fn(member, score) for each member; fn returns false to stop.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (v == nullptr) return;
    if (v->type() == ObjType::kZSet) {
      for (ZSetIter it = ZSetType::AtRank(*v, 0, false); it.Valid(); it.Next()) {
        if (!fn(it.Member(), it.Score())) return;
      }
      return;
    }
    SetType::ForEach(*v, [&](std::string_view m) -> bool { return fn(m, 1.0); });
  }
};

// Redis's zunionInterAggregate: NaN from inf + -inf becomes 0; NaN operands lose MIN/MAX.
void AggregateInto(double* target, double val, Aggregate a) {
  switch (a) {
    case Aggregate::kSum:
      *target += val;
      if (std::isnan(*target)) *target = 0.0;
      break;
    case Aggregate::kMin: *target = val < *target ? val : *target; break;
    case Aggregate::kMax: *target = val > *target ? val : *target; break;
  }
}

// Redis's zunionInterDiffGenericCommand: `dst` is the destination of the *STORE forms (empty
// otherwise), `numkeys_idx` the position of numkeys.
void ZSetOpGeneric(CommandContext& ctx, std::string_view dst, size_t numkeys_idx, SetOp op,
                   bool cardinality_only) {
  const bool has_dst = numkeys_idx == 2;
  int64_t setnum;
  if (!LongOrReply(ctx, ctx.arg(numkeys_idx), &setnum)) return;
  if (setnum < 1) return ctx.reply.Error(errors::AtLeastOneInputKey(ctx.spec.fullname));
  if (static_cast<uint64_t>(setnum) > ctx.argc() - (numkeys_idx + 1)) {
    return ctx.reply.Error(errors::kSyntax);
  }
  std::vector<Source> src(static_cast<size_t>(setnum));
  size_t j = numkeys_idx + 1;
  for (size_t i = 0; i < src.size(); i++, j++) {
    KeyEntry* e = Read(ctx, ctx.arg(j));
    if (e == nullptr) continue;
    if (e->value.type() != ObjType::kZSet && e->value.type() != ObjType::kSet) {
      return ctx.reply.Error(errors::kWrongType);
    }
    src[i].v = &e->value;
  }

  Aggregate aggregate = Aggregate::kSum;
  bool withscores = false;
  int64_t limit = 0;
  while (j < ctx.argc()) {
    size_t remaining = ctx.argc() - j;
    std::string_view opt = ctx.arg(j);
    if (op != SetOp::kDiff && !cardinality_only && remaining >= src.size() + 1 &&
        IsOpt(opt, "weights")) {
      j++;
      for (Source& s : src) {
        if (!ParseDouble(ctx.arg(j++), &s.weight)) return ctx.reply.Error(errors::kWeightNotFloat);
      }
    } else if (op != SetOp::kDiff && !cardinality_only && remaining >= 2 &&
               IsOpt(opt, "aggregate")) {
      std::string_view a = ctx.arg(j + 1);
      if (IsOpt(a, "sum")) aggregate = Aggregate::kSum;
      else if (IsOpt(a, "min")) aggregate = Aggregate::kMin;
      else if (IsOpt(a, "max")) aggregate = Aggregate::kMax;
      else return ctx.reply.Error(errors::kSyntax);
      j += 2;
    } else if (!has_dst && !cardinality_only && IsOpt(opt, "withscores")) {
      withscores = true;
      j++;
    } else if (cardinality_only && remaining >= 2 && IsOpt(opt, "limit")) {
      if (!ParseInt64(ctx.arg(j + 1), &limit) || limit < 0) {
        return ctx.reply.Error(errors::kLimitNegative);
      }
      j += 2;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }

  // Smallest inputs first (glibc's qsort is a stable merge sort here, so ties keep their order;
  // the order decides how SUM rounds).
  if (op != SetOp::kDiff) {
    std::stable_sort(src.begin(), src.end(),
                     [](const Source& a, const Source& b) { return a.Length() < b.Length(); });
  }

  std::vector<ZMember> result;
  uint64_t cardinality = 0;
  if (op == SetOp::kInter) {
    if (src[0].Length() > 0) {
      src[0].ForEach([&](std::string_view m, double s) {
        double score = src[0].weight * s;
        if (std::isnan(score)) score = 0;
        size_t k = 1;
        for (; k < src.size(); k++) {
          double value;
          if (!src[k].Find(m, &value)) break;
          AggregateInto(&score, value * src[k].weight, aggregate);
        }
        if (k < src.size()) return true;
        if (cardinality_only) {
          cardinality++;
          return limit == 0 || cardinality < static_cast<uint64_t>(limit);
        }
        result.push_back({std::string(m), score});
        return true;
      });
    }
  } else if (op == SetOp::kUnion) {
    std::unordered_map<std::string, double> acc;
    acc.reserve(src.back().Length());
    for (const Source& s : src) {
      s.ForEach([&](std::string_view m, double score) {
        score *= s.weight;
        if (std::isnan(score)) score = 0;
        auto [it, fresh] = acc.try_emplace(std::string(m), score);
        if (!fresh) AggregateInto(&it->second, score, aggregate);
        return true;
      });
    }
    result.reserve(acc.size());
    for (auto& [m, s] : acc) result.push_back({m, s});
  } else {
    src[0].ForEach([&](std::string_view m, double s) {
      double unused;
      for (size_t k = 1; k < src.size(); k++) {
        if (src[k].Find(m, &unused)) return true;
      }
      result.push_back({std::string(m), s});
      return true;
    });
  }
  std::sort(result.begin(), result.end(), LessByScore);

  if (has_dst) return StoreResult(ctx, dst, result);
  if (cardinality_only) return ctx.reply.Integer(static_cast<int64_t>(cardinality));
  ReplyMembersHeader(ctx, static_cast<int64_t>(result.size()), withscores);
  for (const ZMember& m : result) ReplyMember(ctx, m.member, m.score, withscores);
}

void ZUnion(CommandContext& ctx) { ZSetOpGeneric(ctx, {}, 1, SetOp::kUnion, false); }
void ZInter(CommandContext& ctx) { ZSetOpGeneric(ctx, {}, 1, SetOp::kInter, false); }
void ZDiff(CommandContext& ctx) { ZSetOpGeneric(ctx, {}, 1, SetOp::kDiff, false); }
void ZInterCard(CommandContext& ctx) { ZSetOpGeneric(ctx, {}, 1, SetOp::kInter, true); }
void ZUnionStore(CommandContext& ctx) { ZSetOpGeneric(ctx, ctx.arg(1), 2, SetOp::kUnion, false); }
void ZInterStore(CommandContext& ctx) { ZSetOpGeneric(ctx, ctx.arg(1), 2, SetOp::kInter, false); }
void ZDiffStore(CommandContext& ctx) { ZSetOpGeneric(ctx, ctx.arg(1), 2, SetOp::kDiff, false); }

// ---- ZSCAN ------------------------------------------------------------------------------------

void ZScan(CommandContext& ctx) {
  uint64_t cursor;
  ScanOptions opts;
  KeyEntry* e = BeginCollectionScan(ctx, ObjType::kZSet, &cursor, &opts);
  if (e == nullptr) return;
  // Redis counts members and scores alike against COUNT.
  std::vector<std::string> items;
  auto keep = [&](std::string_view m, std::string_view s) {
    items.emplace_back(m);
    items.emplace_back(s);
  };
  cursor = ScanBuckets(
      cursor, opts.count, [&](uint64_t c) { return ZSetType::Scan(e->value, c, keep); },
      [&] { return items.size(); });

  std::vector<std::string_view> kept;
  for (size_t i = 0; i < items.size(); i += 2) {
    if (opts.use_pattern && !GlobMatch(opts.pattern, items[i])) continue;
    kept.push_back(items[i]);
    kept.push_back(items[i + 1]);
  }
  ctx.reply.Array(2);
  ctx.reply.Bulk(std::to_string(cursor));
  ctx.reply.Array(static_cast<int64_t>(kept.size()));
  for (std::string_view s : kept) ctx.reply.Bulk(s);
}

}  // namespace

void RegisterZSetFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "sorted-set");
  using namespace cmd;
  constexpr uint64_t kRd = kCatRead | kCatSortedSet;
  constexpr uint64_t kWr = kCatWrite | kCatSortedSet;
  constexpr std::string_view kRangeCx =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements being returned. If M is constant (e.g. always asking for the first 10 elements "
      "with LIMIT), you can consider it O(log(N)).";
  constexpr std::string_view kRemRangeCx =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements removed by the operation.";
  constexpr std::string_view kPopCx =
      "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number "
      "of elements popped.";
  constexpr std::string_view kMPopCx =
      "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements "
      "in the sorted set, and M being the number of elements popped.";
  constexpr std::string_view kUnionCx =
      "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
      "the number of elements in the resulting sorted set.";
  constexpr std::string_view kInterCx =
      "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
      "number of input sorted sets and M being the number of elements in the resulting sorted "
      "set.";
  constexpr std::string_view kDiffCx =
      "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N "
      "is the size of the first set, and K is the size of the result set.";
  // clang-format off
  add("zadd", -4, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, ZAdd,
      "Add one or more members to a sorted set, or update its score if it already exists", "1.2.0",
      "O(log(N)) for each item added, where N is the number of elements in the sorted set.");
  add("zincrby", 4, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, ZIncrBy,
      "Increment the score of a member in a sorted set", "1.2.0",
      "O(log(N)) where N is the number of elements in the sorted set.");
  add("zrem", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, ZRem,
      "Remove one or more members from a sorted set", "1.2.0",
      "O(M*log(N)) with N being the number of elements in the sorted set and M the number of "
      "elements to be removed.");
  add("zcard", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZCard,
      "Get the number of members in a sorted set", "1.2.0", "O(1)");
  add("zcount", 4, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZCount,
      "Count the members in a sorted set with scores within the given values", "2.0.0",
      "O(log(N)) with N being the number of elements in the sorted set.");
  add("zlexcount", 4, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZLexCount,
      "Count the number of members in a sorted set between a given lexicographical range",
      "2.8.9", "O(log(N)) with N being the number of elements in the sorted set.");
  add("zscore", 3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZScore,
      "Get the score associated with the given member in a sorted set", "1.2.0", "O(1)");
  add("zmscore", -3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZMScore,
      "Get the score associated with the given members in a sorted set", "6.2.0",
      "O(N) where N is the number of members being requested.");
  add("zrank", 3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZRank,
      "Determine the index of a member in a sorted set", "2.0.0", "O(log(N))");
  add("zrevrank", 3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ZRevRank,
      "Determine the index of a member in a sorted set, with scores ordered from high to low",
      "2.0.0", "O(log(N))");
  add("zrange", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRange,
      "Return a range of members in a sorted set", "1.2.0",
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements returned.");
  add("zrangestore", -5, kWrite | kDenyOom, kWr | kCatSlow, 1, 2, 1, ZRangeStore,
      "Store a range of members from sorted set into another key", "6.2.0",
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements stored into the destination key.");
  add("zrangebyscore", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRangeByScore,
      "Return a range of members in a sorted set, by score", "1.0.5", kRangeCx);
  add("zrevrangebyscore", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRevRangeByScore,
      "Return a range of members in a sorted set, by score, with scores ordered from high to low",
      "2.2.0", kRangeCx);
  add("zrangebylex", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRangeByLex,
      "Return a range of members in a sorted set, by lexicographical range", "2.8.9", kRangeCx);
  add("zrevrangebylex", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRevRangeByLex,
      "Return a range of members in a sorted set, by lexicographical range, ordered from higher "
      "to lower strings.", "2.8.9", kRangeCx);
  add("zrevrange", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRevRange,
      "Return a range of members in a sorted set, by index, with scores ordered from high to low",
      "1.2.0",
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
      "elements returned.");
  add("zremrangebyrank", 4, kWrite, kWr | kCatSlow, 1, 1, 1, ZRemRangeByRank,
      "Remove all members in a sorted set within the given indexes", "2.0.0", kRemRangeCx);
  add("zremrangebyscore", 4, kWrite, kWr | kCatSlow, 1, 1, 1, ZRemRangeByScore,
      "Remove all members in a sorted set within the given scores", "1.2.0", kRemRangeCx);
  add("zremrangebylex", 4, kWrite, kWr | kCatSlow, 1, 1, 1, ZRemRangeByLex,
      "Remove all members in a sorted set between the given lexicographical range", "2.8.9",
      kRemRangeCx);
  add("zpopmin", -2, kWrite | kFast, kWr | kCatFast, 1, 1, 1, ZPopMin,
      "Remove and return members with the lowest scores in a sorted set", "5.0.0", kPopCx);
  add("zpopmax", -2, kWrite | kFast, kWr | kCatFast, 1, 1, 1, ZPopMax,
      "Remove and return members with the highest scores in a sorted set", "5.0.0", kPopCx);
  add("zmpop", -4, kWrite | kMovableKeys, kWr | kCatSlow, 0, 0, 0, ZMPop,
      "Remove and return members with scores in a sorted set", "7.0.0", kMPopCx);
  add("bzpopmin", -3, kWrite | kNoscript | kBlocking | kFast, kWr | kCatFast | kCatBlocking,
      1, -2, 1, BZPopMin,
      "Remove and return the member with the lowest score from one or more sorted sets, or block "
      "until one is available", "5.0.0",
      "O(log(N)) with N being the number of elements in the sorted set.");
  add("bzpopmax", -3, kWrite | kNoscript | kBlocking | kFast, kWr | kCatFast | kCatBlocking,
      1, -2, 1, BZPopMax,
      "Remove and return the member with the highest score from one or more sorted sets, or "
      "block until one is available", "5.0.0",
      "O(log(N)) with N being the number of elements in the sorted set.");
  add("bzmpop", -5, kWrite | kBlocking | kMovableKeys, kWr | kCatSlow | kCatBlocking, 0, 0, 0,
      BZMPop,
      "Remove and return members with scores in a sorted set or block until one is available",
      "7.0.0", kMPopCx);
  add("zrandmember", -2, kReadonly, kRd | kCatSlow, 1, 1, 1, ZRandMember,
      "Get one or multiple random elements from a sorted set", "6.2.0",
      "O(N) where N is the number of elements returned", "nondeterministic_output");
  add("zunion", -3, kReadonly | kMovableKeys, kRd | kCatSlow, 0, 0, 0, ZUnion,
      "Add multiple sorted sets", "6.2.0", kUnionCx);
  add("zinter", -3, kReadonly | kMovableKeys, kRd | kCatSlow, 0, 0, 0, ZInter,
      "Intersect multiple sorted sets", "6.2.0", kInterCx);
  add("zdiff", -3, kReadonly | kMovableKeys, kRd | kCatSlow, 0, 0, 0, ZDiff,
      "Subtract multiple sorted sets", "6.2.0", kDiffCx);
  add("zunionstore", -4, kWrite | kDenyOom | kMovableKeys, kWr | kCatSlow, 1, 1, 1, ZUnionStore,
      "Add multiple sorted sets and store the resulting sorted set in a new key", "2.0.0",
      "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being "
      "the number of elements in the resulting sorted set.");
  add("zinterstore", -4, kWrite | kDenyOom | kMovableKeys, kWr | kCatSlow, 1, 1, 1, ZInterStore,
      "Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0",
      kInterCx);
  add("zdiffstore", -4, kWrite | kDenyOom | kMovableKeys, kWr | kCatSlow, 1, 1, 1, ZDiffStore,
      "Subtract multiple sorted sets and store the resulting sorted set in a new key", "6.2.0",
      kDiffCx);
  add("zintercard", -3, kReadonly | kMovableKeys, kRd | kCatSlow, 0, 0, 0, ZInterCard,
      "Intersect multiple sorted sets and return the cardinality of the result", "7.0.0",
      "O(N*K) worst case with N being the smallest input sorted set, K being the number of input "
      "sorted sets.");
  add("zscan", -3, kReadonly, kRd | kCatSlow, 1, 1, 1, ZScan,
      "Incrementally iterate sorted sets elements and associated scores", "2.8.0",
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for the "
      "cursor to return back to 0. N is the number of elements inside the collection..",
      "nondeterministic_output");
  // clang-format on
}

}  // namespace ringkv
