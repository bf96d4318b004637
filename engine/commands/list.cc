// List commands: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LINSERT LREM LTRIM
// LPOS LMOVE RPOPLPUSH LMPOP and the blocking BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP — Redis 7.0's
// t_list.c semantics: the same argument checks in the same order, replies and null shapes (RESP2
// and RESP3), error texts, dirty counts and propagated effects (BLPOP as LPOP, BLMOVE as LMOVE,
// LMPOP/BLMPOP as LPOP/RPOP key count). Lists are quicklists (engine/types/quicklist.h); a list
// that becomes empty is deleted. Pushes signal the key ready so blocked clients are served after
// the command; a blocking command that cannot be served parks the client (CommandContext::Block)
// and runs again from the start when a key it waits on is signalled.
#include <algorithm>
#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/quicklist.h"
#include "engine/util/numbers.h"

namespace ringkv {
namespace {

using Where = Quicklist::Where;

// ---- helpers ----------------------------------------------------------------------------------

Quicklist* List(const KeyEntry* e) {
  return static_cast<Quicklist*>(e->value.object());
}

// Replies WRONGTYPE and returns false when `e` holds something other than a list.
bool CheckList(CommandContext& ctx, const KeyEntry* e) {
  if (e != nullptr && e->value.type() != ObjType::kList) {
    ctx.reply.Error(errors::kWrongType);
    return false;
  }
  return true;
}

KeyEntry* Read(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
}
KeyEntry* Write(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
}

// A new empty list at `key`, with the node settings of the moment (as createQuicklistObject).
KeyEntry* CreateList(CommandContext& ctx, std::string_view key) {
  const ServerConfig& cfg = ctx.engine.config();
  Quicklist* ql =
      Quicklist::Create(ctx.arena(), cfg.list_max_listpack_size, cfg.list_compress_depth);
  return ctx.AddKey(key, Value::MakeObject(ObjType::kList, Encoding::kQuicklist, ql));
}

// Lists never stay empty in the keyspace (the deletion is a `del` event, as Redis's).
void DeleteIfEmpty(CommandContext& ctx, KeyEntry* e, std::string_view key) {
  if (List(e)->count() != 0) return;
  ctx.db().Delete(e);
  ctx.Notify(config::kNotifyGeneric, "del", key);
}

// The keyspace events of pushes and pops at an end.
std::string_view PushEvent(Where w) {
  return w == Quicklist::kHead ? "lpush" : "rpush";
}
std::string_view PopEvent(Where w) {
  return w == Quicklist::kHead ? "lpop" : "rpop";
}

void ReplyElement(CommandContext& ctx, const Quicklist::Element& el) {
  char buf[24];
  ctx.reply.Bulk(el.Text(buf));
}

// Replies elements [start, start+n) walking towards the tail, or (reverse) elements
// [start-n+1, start] walking towards the head, as an array.
void ReplyRange(CommandContext& ctx, const Quicklist& ql, long start, long n, bool reverse) {
  ctx.reply.Array(n);
  QuicklistIter it(ql, start, !reverse);
  Quicklist::Element el;
  for (long i = 0; i < n && it.Next(&el); i++) ReplyElement(ctx, el);
}

// Redis's getLongFromObjectOrReply with the default message.
bool ParseLongOrReply(CommandContext& ctx, std::string_view arg, int64_t* out) {
  if (ParseInt64(arg, out)) return true;
  ctx.reply.Error(errors::kNotInteger);
  return false;
}

// Redis's getRangeLongFromObjectOrReply(min, LONG_MAX, msg): `msg` for a non-integer too.
bool ParseAtLeastOrReply(CommandContext& ctx, std::string_view arg, int64_t min,
                         std::string_view msg, int64_t* out) {
  if (ParseInt64(arg, out) && *out >= min) return true;
  ctx.reply.Error(msg);
  return false;
}

// LEFT/RIGHT of LMOVE, BLMOVE, LMPOP, BLMPOP (Redis's getListPositionFromObjectOrReply).
bool ParseWhereOrReply(CommandContext& ctx, std::string_view arg, Where* out) {
  if (IsOpt(arg, "right")) {
    *out = Quicklist::kTail;
  } else if (IsOpt(arg, "left")) {
    *out = Quicklist::kHead;
  } else {
    ctx.reply.Error(errors::kSyntax);
    return false;
  }
  return true;
}

std::string_view PopName(Where w) {
  return w == Quicklist::kHead ? "LPOP" : "RPOP";
}

// ---- push -------------------------------------------------------------------------------------

void PushGeneric(CommandContext& ctx, Where where, bool only_existing) {
  std::string_view key = ctx.arg(1);
  KeyEntry* e = Write(ctx, key);
  if (e == nullptr && only_existing) return ctx.reply.Integer(0);
  if (!CheckList(ctx, e)) return;
  if (e == nullptr) e = CreateList(ctx, key);
  Quicklist* ql = List(e);
  for (size_t j = 2; j < ctx.argc(); j++) ql->Push(ctx.arena(), ctx.arg(j), where);
  ctx.reply.Integer(static_cast<int64_t>(ql->count()));
  ctx.MarkDirty(ctx.argc() - 2);
  ctx.Notify(config::kNotifyList, PushEvent(where), key);
  ctx.engine.SignalKeyReady(ctx.session.db, key);
}

void LPush(CommandContext& ctx) {
  PushGeneric(ctx, Quicklist::kHead, false);
}
void RPush(CommandContext& ctx) {
  PushGeneric(ctx, Quicklist::kTail, false);
}
void LPushX(CommandContext& ctx) {
  PushGeneric(ctx, Quicklist::kHead, true);
}
void RPushX(CommandContext& ctx) {
  PushGeneric(ctx, Quicklist::kTail, true);
}

// ---- pops -------------------------------------------------------------------------------------

// Pops up to `count` elements from an end of `e`'s list, replying them (from that end inwards)
// as an array; deletes the key if it empties. Returns how many were popped.
int64_t PopRangeAndReply(CommandContext& ctx, KeyEntry* e, std::string_view key, Where where,
                         int64_t count) {
  Quicklist* ql = List(e);
  int64_t n = std::min<int64_t>(count, static_cast<int64_t>(ql->count()));
  const bool head = where == Quicklist::kHead;
  ReplyRange(ctx, *ql, head ? 0 : -1, n, !head);
  ql->DelRange(ctx.arena(), head ? 0 : -n, static_cast<uint64_t>(n));
  ctx.Notify(config::kNotifyList, PopEvent(where), key);
  DeleteIfEmpty(ctx, e, key);
  ctx.MarkDirty(static_cast<uint64_t>(n));
  return n;
}

// Pops one element and replies it as a bulk string.
void PopOneAndReply(CommandContext& ctx, KeyEntry* e, std::string_view key, Where where) {
  std::string value;
  List(e)->Pop(ctx.arena(), where, &value);
  ctx.reply.Bulk(value);
  ctx.Notify(config::kNotifyList, PopEvent(where), key);
  DeleteIfEmpty(ctx, e, key);
  ctx.MarkDirty();
}

// LPOP/RPOP key [count]
void PopGeneric(CommandContext& ctx, Where where) {
  if (ctx.argc() > 3) return ctx.reply.Error(errors::WrongArity(ctx.spec.fullname));
  const bool has_count = ctx.argc() == 3;
  int64_t count = 0;
  if (has_count && !ParseAtLeastOrReply(ctx, ctx.arg(2), 0, errors::kMustBePositive, &count))
    return;
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return has_count ? ctx.reply.NullArray() : ctx.reply.Null();
  if (!CheckList(ctx, e)) return;
  if (has_count && count == 0) return ctx.reply.Array(0);
  if (!has_count) return PopOneAndReply(ctx, e, ctx.arg(1), where);
  PopRangeAndReply(ctx, e, ctx.arg(1), where, count);
}

void LPop(CommandContext& ctx) {
  PopGeneric(ctx, Quicklist::kHead);
}
void RPop(CommandContext& ctx) {
  PopGeneric(ctx, Quicklist::kTail);
}

// ---- reads ------------------------------------------------------------------------------------

void LLen(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckList(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(List(e)->count()));
}

void LRange(CommandContext& ctx) {
  int64_t start, end;
  if (!ParseLongOrReply(ctx, ctx.arg(2), &start) || !ParseLongOrReply(ctx, ctx.arg(3), &end))
    return;
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Array(0);
  if (!CheckList(ctx, e)) return;
  const Quicklist& ql = *List(e);
  int64_t llen = static_cast<int64_t>(ql.count());
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return ctx.reply.Array(0);
  if (end >= llen) end = llen - 1;
  ReplyRange(ctx, ql, start, end - start + 1, false);
}

void LIndex(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckList(ctx, e)) return;
  int64_t index;
  if (!ParseLongOrReply(ctx, ctx.arg(2), &index)) return;
  Quicklist::Element el;
  if (!List(e)->Index(index, &el)) return ctx.reply.Null();
  ReplyElement(ctx, el);
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
void LPos(CommandContext& ctx) {
  std::string_view element = ctx.arg(2);
  int64_t rank = 1, count = -1, maxlen = 0;  // count -1: no COUNT option
  for (size_t j = 3; j < ctx.argc(); j++) {
    std::string_view opt = ctx.arg(j);
    const bool more = j + 1 < ctx.argc();
    if (IsOpt(opt, "rank") && more) {
      if (!ParseLongOrReply(ctx, ctx.arg(++j), &rank)) return;
      if (rank == 0) return ctx.reply.Error(errors::kLposRankZero);
    } else if (IsOpt(opt, "count") && more) {
      if (!ParseAtLeastOrReply(ctx, ctx.arg(++j), 0, errors::kLposCountNegative, &count)) return;
    } else if (IsOpt(opt, "maxlen") && more) {
      if (!ParseAtLeastOrReply(ctx, ctx.arg(++j), 0, errors::kLposMaxlenNegative, &maxlen)) return;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  // A negative rank searches from the tail. Negated as Redis does, so RANK -9223372036854775808
  // stays negative and every match qualifies (what 7.0 replies).
  bool forward = true;
  if (rank < 0) {
    rank = static_cast<int64_t>(0 - static_cast<uint64_t>(rank));
    forward = false;
  }
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return count != -1 ? ctx.reply.Array(0) : ctx.reply.Null();
  if (!CheckList(ctx, e)) return;

  const Quicklist& ql = *List(e);
  const int64_t llen = static_cast<int64_t>(ql.count());
  QuicklistIter it(ql, forward ? 0 : -1, forward);
  Quicklist::Element el;
  std::vector<int64_t> found;
  int64_t index = 0, matches = 0, match_index = -1;
  while (it.Next(&el) && (maxlen == 0 || index < maxlen)) {
    if (it.CurrentEquals(element)) {
      matches++;
      match_index = forward ? index : llen - index - 1;
      if (matches >= rank) {
        if (count == -1) break;
        found.push_back(match_index);
        // matches - rank + 1, wrapping as Redis's long arithmetic does for the extreme rank.
        auto taken =
            static_cast<int64_t>(static_cast<uint64_t>(matches) - static_cast<uint64_t>(rank) + 1);
        if (count != 0 && taken >= count) break;
      }
    }
    index++;
    match_index = -1;
  }
  if (count != -1) {
    ctx.reply.Array(static_cast<int64_t>(found.size()));
    for (int64_t i : found) ctx.reply.Integer(i);
  } else if (match_index != -1) {
    ctx.reply.Integer(match_index);
  } else {
    ctx.reply.Null();
  }
}

// ---- in-place changes -------------------------------------------------------------------------

void LSet(CommandContext& ctx) {
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  if (!CheckList(ctx, e)) return;
  int64_t index;
  if (!ParseLongOrReply(ctx, ctx.arg(2), &index)) return;
  if (!List(e)->ReplaceAtIndex(ctx.arena(), index, ctx.arg(3))) {
    return ctx.reply.Error(errors::kIndexOutOfRange);
  }
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyList, "lset", ctx.arg(1));
  ctx.reply.Ok();
}

// LINSERT key BEFORE|AFTER pivot element
void LInsert(CommandContext& ctx) {
  bool after;
  if (IsOpt(ctx.arg(2), "after")) {
    after = true;
  } else if (IsOpt(ctx.arg(2), "before")) {
    after = false;
  } else {
    return ctx.reply.Error(errors::kSyntax);
  }
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckList(ctx, e)) return;
  Quicklist* ql = List(e);
  QuicklistIter it(*ql, 0, true);
  Quicklist::Element el;
  while (it.Next(&el)) {
    if (it.CurrentEquals(ctx.arg(3))) {
      it.InsertAtCurrent(ctx.arena(), ctx.arg(4), after);
      ctx.MarkDirty();
      ctx.Notify(config::kNotifyList, "linsert", ctx.arg(1));
      return ctx.reply.Integer(static_cast<int64_t>(ql->count()));
    }
  }
  ctx.reply.Integer(-1);
}

// LREM key count element: count > 0 removes from the head, < 0 from the tail, 0 all.
void LRem(CommandContext& ctx) {
  int64_t to_remove;
  if (!ParseLongOrReply(ctx, ctx.arg(2), &to_remove)) return;
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckList(ctx, e)) return;
  bool forward = true;
  if (to_remove < 0) {
    // Negated as Redis does: -LONG_MIN stays negative and, never reached, removes every match.
    to_remove = static_cast<int64_t>(0 - static_cast<uint64_t>(to_remove));
    forward = false;
  }
  Quicklist* ql = List(e);
  QuicklistIter it(*ql, forward ? 0 : -1, forward);
  Quicklist::Element el;
  int64_t removed = 0;
  while (it.Next(&el)) {
    if (!it.CurrentEquals(ctx.arg(3))) continue;
    it.DeleteCurrent(ctx.arena());
    removed++;
    if (to_remove != 0 && removed == to_remove) break;
  }
  if (removed > 0) ctx.Notify(config::kNotifyList, "lrem", ctx.arg(1));
  DeleteIfEmpty(ctx, e, ctx.arg(1));
  ctx.MarkDirty(static_cast<uint64_t>(removed));
  ctx.reply.Integer(removed);
}

void LTrim(CommandContext& ctx) {
  int64_t start, end;
  if (!ParseLongOrReply(ctx, ctx.arg(2), &start) || !ParseLongOrReply(ctx, ctx.arg(3), &end))
    return;
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Ok();
  if (!CheckList(ctx, e)) return;
  Quicklist* ql = List(e);
  int64_t llen = static_cast<int64_t>(ql->count());
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  int64_t ltrim, rtrim;
  if (start > end || start >= llen) {
    ltrim = llen;  // an empty range empties the list
    rtrim = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  ql->DelRange(ctx.arena(), 0, static_cast<uint64_t>(ltrim));
  ql->DelRange(ctx.arena(), -rtrim, static_cast<uint64_t>(rtrim));
  ctx.Notify(config::kNotifyList, "ltrim", ctx.arg(1));
  DeleteIfEmpty(ctx, e, ctx.arg(1));
  ctx.MarkDirty(static_cast<uint64_t>(ltrim + rtrim));
  ctx.reply.Ok();
}

// ---- moves ------------------------------------------------------------------------------------

// Redis's lmoveGenericCommand: pops from `src` and pushes to `dst` (which may be the same list),
// replying the element. The blocking variants' effects are set by their callers.
void MoveGeneric(CommandContext& ctx, std::string_view src, std::string_view dst, Where from,
                 Where to) {
  KeyEntry* se = Write(ctx, src);
  if (se == nullptr) return ctx.reply.Null();
  if (!CheckList(ctx, se)) return;
  KeyEntry* de = Write(ctx, dst);
  if (!CheckList(ctx, de)) return;
  std::string value;
  List(se)->Pop(ctx.arena(), from, &value);
  if (de == nullptr) de = CreateList(ctx, dst);
  List(de)->Push(ctx.arena(), value, to);
  ctx.reply.Bulk(value);
  ctx.Notify(config::kNotifyList, PushEvent(to), dst);
  ctx.Notify(config::kNotifyList, PopEvent(from), src);
  // The source can only be empty now if it is not the destination.
  DeleteIfEmpty(ctx, se, src);
  ctx.MarkDirty();
  ctx.engine.SignalKeyReady(ctx.session.db, dst);
}

void LMove(CommandContext& ctx) {
  Where from, to;
  if (!ParseWhereOrReply(ctx, ctx.arg(3), &from) || !ParseWhereOrReply(ctx, ctx.arg(4), &to))
    return;
  MoveGeneric(ctx, ctx.arg(1), ctx.arg(2), from, to);
}

void RPopLPush(CommandContext& ctx) {
  MoveGeneric(ctx, ctx.arg(1), ctx.arg(2), Quicklist::kTail, Quicklist::kHead);
}

// Redis's blmoveGenericCommand, for BLMOVE and BRPOPLPUSH.
void BlockingMoveGeneric(CommandContext& ctx, Where from, Where to, int64_t deadline_ms,
                         bool is_brpoplpush) {
  std::string_view src = ctx.arg(1), dst = ctx.arg(2);
  KeyEntry* se = Write(ctx, src);
  if (!CheckList(ctx, se)) return;
  if (se == nullptr) {
    // Inside MULTI or a script: answered at once, with a null bulk (a real timeout replies a
    // null array, as Redis 7.0 does for every list blocking command).
    if (!ctx.may_block()) return ctx.reply.Null();
    std::string_view keys[] = {src};
    return ctx.Block(keys, ObjType::kList, deadline_ms, TimeoutReply::kNullArray);
  }
  uint64_t errors_before = ctx.reply.error_count();
  MoveGeneric(ctx, src, dst, from, to);
  if (ctx.reply.error_count() != errors_before) return;
  if (is_brpoplpush) {
    ctx.PropagateAs({"RPOPLPUSH", src, dst});
  } else if (ctx.reprocessing) {
    // Served after blocking: Redis 7.0 writes the directions in its own (lower) case.
    auto name = [](Where w) -> std::string_view {
      return w == Quicklist::kHead ? "left" : "right";
    };
    ctx.PropagateAs({"LMOVE", src, dst, name(from), name(to)});
  } else {
    ctx.PropagateAs({"LMOVE", src, dst, ctx.arg(3), ctx.arg(4)});
  }
}

void BLMove(CommandContext& ctx) {
  Where from, to;
  if (!ParseWhereOrReply(ctx, ctx.arg(3), &from) || !ParseWhereOrReply(ctx, ctx.arg(4), &to))
    return;
  int64_t deadline;
  if (!ParseTimeoutOrReply(ctx, ctx.arg(5), &deadline)) return;
  BlockingMoveGeneric(ctx, from, to, deadline, false);
}

void BRPopLPush(CommandContext& ctx) {
  int64_t deadline;
  if (!ParseTimeoutOrReply(ctx, ctx.arg(3), &deadline)) return;
  BlockingMoveGeneric(ctx, Quicklist::kTail, Quicklist::kHead, deadline, true);
}

// ---- blocking pops and multi-key pops ---------------------------------------------------------

// Redis's blockingPopGenericCommand: serves from the first non-empty list among `keys`, else
// blocks. `count` -1 is BLPOP/BRPOP (reply [key, element]), else BLMPOP (reply [key, [elements]]).
void BlockingPop(CommandContext& ctx, std::span<const std::string_view> keys, Where where,
                 std::string_view timeout_arg, int64_t count) {
  int64_t deadline;
  if (!ParseTimeoutOrReply(ctx, timeout_arg, &deadline)) return;
  for (std::string_view key : keys) {
    KeyEntry* e = Write(ctx, key);
    if (e == nullptr) continue;
    if (!CheckList(ctx, e)) return;
    if (count != -1) {
      ctx.reply.Array(2);
      ctx.reply.Bulk(key);
      std::string n = Int64ToString(PopRangeAndReply(ctx, e, key, where, count));
      ctx.PropagateAs({PopName(where), key, n});
      return;
    }
    ctx.reply.Array(2);
    ctx.reply.Bulk(key);
    PopOneAndReply(ctx, e, key, where);
    ctx.PropagateAs({PopName(where), key});
    return;
  }
  if (!ctx.may_block()) return ctx.reply.NullArray();
  ctx.Block(keys, ObjType::kList, deadline, TimeoutReply::kNullArray);
}

void BLPop(CommandContext& ctx) {
  BlockingPop(ctx, ctx.args.subspan(1, ctx.argc() - 2), Quicklist::kHead, ctx.arg(ctx.argc() - 1),
              -1);
}
void BRPop(CommandContext& ctx) {
  BlockingPop(ctx, ctx.args.subspan(1, ctx.argc() - 2), Quicklist::kTail, ctx.arg(ctx.argc() - 1),
              -1);
}

// Redis's lmpopGenericCommand: [timeout] numkeys key... LEFT|RIGHT [COUNT count].
void MPopGeneric(CommandContext& ctx, size_t numkeys_idx, bool blocking) {
  int64_t numkeys;
  if (!ParseAtLeastOrReply(ctx, ctx.arg(numkeys_idx), 1, errors::kNumkeysNotPositive, &numkeys)) {
    return;
  }
  // The direction follows the keys; too few arguments for them is a syntax error.
  if (static_cast<uint64_t>(numkeys) >= ctx.argc() - numkeys_idx - 1) {
    return ctx.reply.Error(errors::kSyntax);
  }
  size_t where_idx = numkeys_idx + static_cast<size_t>(numkeys) + 1;
  Where where;
  if (!ParseWhereOrReply(ctx, ctx.arg(where_idx), &where)) return;
  int64_t count = -1;
  for (size_t j = where_idx + 1; j < ctx.argc(); j++) {
    if (count == -1 && IsOpt(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
      if (!ParseAtLeastOrReply(ctx, ctx.arg(++j), 1, errors::kCountNotPositive, &count)) return;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (count == -1) count = 1;
  auto keys = ctx.args.subspan(numkeys_idx + 1, static_cast<size_t>(numkeys));
  if (blocking) return BlockingPop(ctx, keys, where, ctx.arg(1), count);
  for (std::string_view key : keys) {
    KeyEntry* e = Write(ctx, key);
    if (e == nullptr) continue;
    if (!CheckList(ctx, e)) return;
    ctx.reply.Array(2);
    ctx.reply.Bulk(key);
    std::string n = Int64ToString(PopRangeAndReply(ctx, e, key, where, count));
    ctx.PropagateAs({PopName(where), key, n});
    return;
  }
  ctx.reply.NullArray();
}

void LMPop(CommandContext& ctx) {
  MPopGeneric(ctx, 1, false);
}
void BLMPop(CommandContext& ctx) {
  MPopGeneric(ctx, 2, true);
}

constexpr uint64_t kRd = cmd::kCatRead | cmd::kCatList;
constexpr uint64_t kWr = cmd::kCatWrite | cmd::kCatList;
constexpr uint64_t kBlk = kWr | cmd::kCatSlow | cmd::kCatBlocking;

}  // namespace

void RegisterListFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "list");
  using namespace cmd;
  constexpr std::string_view kPushComplexity =
      "O(1) for each element added, so O(N) to add N elements when the command is called with "
      "multiple arguments.";
  constexpr std::string_view kMPopComplexity =
      "O(N+M) where N is the number of provided keys and M is the number of elements returned.";
  // clang-format off
  add("lpush", -3, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, LPush,
      "Prepend one or multiple elements to a list", "1.0.0", kPushComplexity);
  add("rpush", -3, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, RPush,
      "Append one or multiple elements to a list", "1.0.0", kPushComplexity);
  add("lpushx", -3, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, LPushX,
      "Prepend an element to a list, only if the list exists", "2.2.0", kPushComplexity);
  add("rpushx", -3, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, RPushX,
      "Append an element to a list, only if the list exists", "2.2.0", kPushComplexity);
  add("lpop", -2, kWrite | kFast, kWr | kCatFast, 1, 1, 1, LPop,
      "Remove and get the first elements in a list", "1.0.0",
      "O(N) where N is the number of elements returned");
  add("rpop", -2, kWrite | kFast, kWr | kCatFast, 1, 1, 1, RPop,
      "Remove and get the last elements in a list", "1.0.0",
      "O(N) where N is the number of elements returned");
  add("llen", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, LLen,
      "Get the length of a list", "1.0.0", "O(1)");
  add("lrange", 4, kReadonly, kRd | kCatSlow, 1, 1, 1, LRange,
      "Get a range of elements from a list", "1.0.0",
      "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end "
      "(HEAD or TAIL) for large lists; and N is the number of elements in the specified range.");
  add("lindex", 3, kReadonly, kRd | kCatSlow, 1, 1, 1, LIndex,
      "Get an element from a list by its index", "1.0.0",
      "O(N) where N is the number of elements to traverse to get to the element at index. This "
      "makes asking for the first or the last element of the list O(1).");
  add("lset", 4, kWrite | kDenyOom, kWr | kCatSlow, 1, 1, 1, LSet,
      "Set the value of an element in a list by its index", "1.0.0",
      "O(N) where N is the length of the list. Setting either the first or the last element of "
      "the list is O(1).");
  add("linsert", 5, kWrite | kDenyOom, kWr | kCatSlow, 1, 1, 1, LInsert,
      "Insert an element before or after another element in a list", "2.2.0",
      "O(N) where N is the number of elements to traverse before seeing the value pivot. This "
      "means that inserting somewhere on the left end on the list (head) can be considered O(1) "
      "and inserting somewhere on the right end (tail) is O(N).");
  add("lrem", 4, kWrite, kWr | kCatSlow, 1, 1, 1, LRem,
      "Remove elements from a list", "1.0.0",
      "O(N+M) where N is the length of the list and M is the number of elements removed.");
  add("ltrim", 4, kWrite, kWr | kCatSlow, 1, 1, 1, LTrim,
      "Trim a list to the specified range", "1.0.0",
      "O(N) where N is the number of elements to be removed by the operation.");
  add("lpos", -3, kReadonly, kRd | kCatSlow, 1, 1, 1, LPos,
      "Return the index of matching elements on a list", "6.0.6",
      "O(N) where N is the number of elements in the list, for the average case. When searching "
      "for elements near the head or the tail of the list, or when the MAXLEN option is provided, "
      "the command may run in constant time.");
  add("lmove", 5, kWrite | kDenyOom, kWr | kCatSlow, 1, 2, 1, LMove,
      "Pop an element from a list, push it to another list and return it", "6.2.0", "O(1)");
  add("rpoplpush", 3, kWrite | kDenyOom, kWr | kCatSlow, 1, 2, 1, RPopLPush,
      "Remove the last element in a list, prepend it to another list and return it", "1.2.0",
      "O(1)");
  add("lmpop", -4, kWrite | kMovableKeys, kWr | kCatSlow, 0, 0, 0, LMPop,
      "Pop elements from a list", "7.0.0", kMPopComplexity);
  add("blpop", -3, kWrite | kNoscript | kBlocking, kBlk, 1, -2, 1, BLPop,
      "Remove and get the first element in a list, or block until one is available", "2.0.0",
      "O(N) where N is the number of provided keys.");
  add("brpop", -3, kWrite | kNoscript | kBlocking, kBlk, 1, -2, 1, BRPop,
      "Remove and get the last element in a list, or block until one is available", "2.0.0",
      "O(N) where N is the number of provided keys.");
  add("blmove", 6, kWrite | kDenyOom | kNoscript | kBlocking, kBlk, 1, 2, 1, BLMove,
      "Pop an element from a list, push it to another list and return it; or block until one is "
      "available", "6.2.0", "O(1)");
  add("brpoplpush", 4, kWrite | kDenyOom | kNoscript | kBlocking, kBlk, 1, 2, 1, BRPopLPush,
      "Pop an element from a list, push it to another list and return it; or block until one is "
      "available", "2.2.0", "O(1)");
  add("blmpop", -5, kWrite | kBlocking | kMovableKeys, kBlk, 0, 0, 0, BLMPop,
      "Pop elements from a list, or block until one is available", "7.0.0", kMPopComplexity);
  // clang-format on
}

}  // namespace ringkv
