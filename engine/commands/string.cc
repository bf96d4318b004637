// String commands: GET SET SETNX SETEX PSETEX MGET MSET MSETNX GETSET GETDEL GETEX APPEND STRLEN
// INCR DECR INCRBY DECRBY INCRBYFLOAT GETRANGE SUBSTR SETRANGE LCS — Redis 7.0's t_string.c
// semantics: the same option rules, replies, error texts, encodings and propagated effects.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/value_copy.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

// ---- helpers ----------------------------------------------------------------------------------

// Redis's checkStringLength: `size + append` must fit proto-max-bulk-len (and a Value's 32-bit
// length, which only matters if proto-max-bulk-len is raised past 4 GiB).
bool CheckStringLength(CommandContext& ctx, uint64_t size, uint64_t append) {
  uint64_t total = size + append;
  uint64_t limit = static_cast<uint64_t>(ctx.engine.config().proto_max_bulk_len);
  limit = std::min<uint64_t>(limit, UINT32_MAX);
  if (total > limit || total < size || total < append) {
    ctx.reply.Error(errors::kStringTooLong);
    return false;
  }
  return true;
}

// Stores `value` at `key`: overwrites `existing` (dropping its TTL unless keep_ttl) or adds it.
KeyEntry* SetKey(CommandContext& ctx, std::string_view key, KeyEntry* existing, Value&& value,
                 bool keep_ttl) {
  Database& db = ctx.db();
  if (existing != nullptr) {
    db.Replace(existing, std::move(value));
    if (!keep_ttl) db.Persist(existing);
    existing->lru = ctx.engine.LruClock();
    return existing;
  }
  return ctx.AddKey(key, std::move(value));
}

// Redis's getGenericCommand: replies the value (or null); false after a WRONGTYPE error.
bool ReplyGet(CommandContext& ctx, std::string_view key) {
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
  if (e == nullptr) {
    ctx.reply.Null();
    return true;
  }
  if (!CheckString(ctx, e)) return false;
  char scratch[kIntScratch];
  ctx.reply.Bulk(e->value.StringView(scratch));
  return true;
}

// ---- SET and GETEX options (Redis's parseExtendedStringArgumentsOrReply) -----------------------

enum SetFlag : unsigned {
  kNx = 1 << 0,
  kXx = 1 << 1,
  kGet = 1 << 2,
  kKeepTtl = 1 << 3,
  kPersist = 1 << 4,
  kEx = 1 << 5,
  kPx = 1 << 6,
  kExat = 1 << 7,
  kPxat = 1 << 8,
};
constexpr unsigned kAnyExpire = kEx | kPx | kExat | kPxat;

struct StringOptions {
  unsigned flags = 0;
  bool unit_ms = false;
  bool has_expire = false;
  std::string_view expire;
};

enum class OptionsFor { kSet, kGetex };

// Parses the options after the key (GETEX) or the value (SET). A repeated option is accepted (the
// last expire wins); conflicting ones are a syntax error, as in Redis 7.0.
bool ParseStringOptions(CommandContext& ctx, OptionsFor cmd, StringOptions* o) {
  const bool set = cmd == OptionsFor::kSet;
  unsigned& f = o->flags;
  for (size_t j = set ? 3 : 2; j < ctx.argc(); j++) {
    std::string_view opt = ctx.arg(j);
    bool has_next = j + 1 < ctx.argc();
    auto take_expire = [&](unsigned flag, bool ms) {
      f |= flag;
      o->has_expire = true;
      o->unit_ms = ms;
      o->expire = ctx.arg(++j);
    };
    if (set && IsOpt(opt, "nx") && !(f & kXx)) {
      f |= kNx;
    } else if (set && IsOpt(opt, "xx") && !(f & kNx)) {
      f |= kXx;
    } else if (set && IsOpt(opt, "get")) {
      f |= kGet;
    } else if (set && IsOpt(opt, "keepttl") && !(f & (kPersist | kAnyExpire))) {
      f |= kKeepTtl;
    } else if (!set && IsOpt(opt, "persist") && !(f & (kAnyExpire | kKeepTtl))) {
      f |= kPersist;
    } else if (IsOpt(opt, "ex") && !(f & (kKeepTtl | kPersist | kExat | kPx | kPxat)) && has_next) {
      take_expire(kEx, false);
    } else if (IsOpt(opt, "px") && !(f & (kKeepTtl | kPersist | kEx | kExat | kPxat)) && has_next) {
      take_expire(kPx, true);
    } else if (IsOpt(opt, "exat") && !(f & (kKeepTtl | kPersist | kEx | kPx | kPxat)) && has_next) {
      take_expire(kExat, false);
    } else if (IsOpt(opt, "pxat") && !(f & (kKeepTtl | kPersist | kEx | kExat | kPx)) && has_next) {
      take_expire(kPxat, true);
    } else {
      ctx.reply.Error(errors::kSyntax);
      return false;
    }
  }
  return true;
}

// Redis's getExpireMillisecondsOrReply: the absolute expiry in ms of an EX/PX/EXAT/PXAT argument.
// Relative times are added to the command's time; zero, negative and overflowing times are errors.
bool ExpireMsOrReply(CommandContext& ctx, std::string_view arg, unsigned flags, bool unit_ms,
                     int64_t* out) {
  int64_t ms;
  if (!ParseInt64(arg, &ms)) {
    ctx.reply.Error(errors::kNotInteger);
    return false;
  }
  if (ms <= 0 || (!unit_ms && ms > INT64_MAX / 1000)) {
    ctx.reply.Error(errors::InvalidExpireTime(ctx.spec.fullname));
    return false;
  }
  if (!unit_ms) ms *= 1000;
  if (flags & (kEx | kPx)) {
    if (ms > INT64_MAX - ctx.now_ms) {
      ctx.reply.Error(errors::InvalidExpireTime(ctx.spec.fullname));
      return false;
    }
    ms += ctx.now_ms;
  }
  *out = ms;
  return true;
}

// Redis's setGenericCommand, shared by SET, SETNX, SETEX and PSETEX. `replies` picks SETNX's
// 1/0 instead of OK/null.
enum class SetReply { kOkOrNull, kOneOrZero };

void SetGeneric(CommandContext& ctx, const StringOptions& o, std::string_view key,
                std::string_view value, SetReply replies) {
  int64_t when = 0;
  if (o.has_expire && !ExpireMsOrReply(ctx, o.expire, o.flags, o.unit_ms, &when)) return;
  if ((o.flags & kGet) && !ReplyGet(ctx, key)) return;

  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  if (((o.flags & kNx) && e != nullptr) || ((o.flags & kXx) && e == nullptr)) {
    if (!(o.flags & kGet)) {
      if (replies == SetReply::kOneOrZero)
        ctx.reply.Integer(0);
      else
        ctx.reply.Null();
    }
    return;
  }
  e = SetKey(ctx, key, e, Value::MakeString(ctx.arena(), value), o.flags & kKeepTtl);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "set", key);
  if (o.has_expire) {
    ctx.Notify(config::kNotifyGeneric, "expire", key);
    // As Redis 7.0, a time already past is stored as is (the key then expires on its next
    // access) and the command is propagated as SET key value PXAT <ms>.
    ctx.db().SetExpire(e, when);
    std::string ms = Int64ToString(when);
    ctx.PropagateAs({"SET", key, value, "PXAT", ms});
  } else if (o.flags & kGet) {
    // Propagate without the GET arguments.
    std::vector<std::string_view> argv;
    for (size_t j = 0; j < ctx.argc(); j++) {
      if (j >= 3 && IsOpt(ctx.arg(j), "get")) continue;
      argv.push_back(ctx.arg(j));
    }
    ctx.PropagateAs(std::span<const std::string_view>(argv));
  }
  if (!(o.flags & kGet)) {
    if (replies == SetReply::kOneOrZero)
      ctx.reply.Integer(1);
    else
      ctx.reply.Ok();
  }
}

// ---- commands ---------------------------------------------------------------------------------

void Get(CommandContext& ctx) {
  ReplyGet(ctx, ctx.arg(1));
}

void Set(CommandContext& ctx) {
  StringOptions o;
  if (!ParseStringOptions(ctx, OptionsFor::kSet, &o)) return;
  SetGeneric(ctx, o, ctx.arg(1), ctx.arg(2), SetReply::kOkOrNull);
}

void SetNx(CommandContext& ctx) {
  StringOptions o;
  o.flags = kNx;
  SetGeneric(ctx, o, ctx.arg(1), ctx.arg(2), SetReply::kOneOrZero);
}

void SetExGeneric(CommandContext& ctx, bool unit_ms) {
  StringOptions o;
  o.flags = unit_ms ? kPx : kEx;
  o.unit_ms = unit_ms;
  o.has_expire = true;
  o.expire = ctx.arg(2);
  SetGeneric(ctx, o, ctx.arg(1), ctx.arg(3), SetReply::kOkOrNull);
}
void SetEx(CommandContext& ctx) {
  SetExGeneric(ctx, false);
}
void PSetEx(CommandContext& ctx) {
  SetExGeneric(ctx, true);
}

void GetSet(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), value = ctx.arg(2);
  if (!ReplyGet(ctx, key)) return;
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  SetKey(ctx, key, e, Value::MakeString(ctx.arena(), value), false);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "set", key);
  ctx.PropagateAs({"SET", key, value});
}

void GetDel(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  if (!ReplyGet(ctx, key)) return;
  KeyEntry* e = ctx.db().Lookup(key, ctx.now_ms);
  if (e == nullptr) return;
  // lazyfree-lazy-user-del turns the DEL into an UNLINK; both free synchronously for now.
  ctx.db().Delete(e);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyGeneric, "del", key);
  ctx.PropagateAs({ctx.engine.config().lazyfree_lazy_user_del ? "UNLINK" : "DEL", key});
}

void GetEx(CommandContext& ctx) {
  StringOptions o;
  if (!ParseStringOptions(ctx, OptionsFor::kGetex, &o)) return;
  std::string_view key = ctx.arg(1);
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckString(ctx, e)) return;
  int64_t when = 0;
  if (o.has_expire && !ExpireMsOrReply(ctx, o.expire, o.flags, o.unit_ms, &when)) return;
  char scratch[kIntScratch];
  ctx.reply.Bulk(e->value.StringView(scratch));

  Database& db = ctx.db();
  if (o.has_expire && when <= ctx.now_ms) {
    // Only EXAT/PXAT can be in the past: the key is deleted.
    db.Delete(e);
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyGeneric, "del", key);
    ctx.PropagateAs({"DEL", key});
  } else if (o.has_expire) {
    db.SetExpire(e, when);
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyGeneric, "expire", key);
    std::string ms = Int64ToString(when);
    ctx.PropagateAs({"PEXPIREAT", key, ms});
  } else if (o.flags & kPersist) {
    if (db.Persist(e)) {
      ctx.MarkDirty();
      ctx.Notify(config::kNotifyGeneric, "persist", key);
      ctx.PropagateAs({"PERSIST", key});
    }
  }
}

void MGet(CommandContext& ctx) {
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 1));
  char scratch[kIntScratch];
  for (size_t j = 1; j < ctx.argc(); j++) {
    KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(j), ctx.now_ms);
    if (e == nullptr || !e->value.is_string()) {
      ctx.reply.Null();
    } else {
      ctx.reply.Bulk(e->value.StringView(scratch));
    }
  }
}

void MSetGeneric(CommandContext& ctx, bool nx) {
  if (ctx.argc() % 2 == 0) return ctx.reply.Error(errors::WrongArity(ctx.spec.fullname));
  if (nx) {
    for (size_t j = 1; j < ctx.argc(); j += 2) {
      if (ctx.engine.LookupWrite(ctx.db(), ctx.arg(j), ctx.now_ms) != nullptr) {
        return ctx.reply.Integer(0);
      }
    }
  }
  for (size_t j = 1; j < ctx.argc(); j += 2) {
    KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), ctx.arg(j), ctx.now_ms);
    SetKey(ctx, ctx.arg(j), e, Value::MakeString(ctx.arena(), ctx.arg(j + 1)), false);
    ctx.Notify(config::kNotifyString, "set", ctx.arg(j));
  }
  ctx.MarkDirty((ctx.argc() - 1) / 2);
  if (nx)
    ctx.reply.Integer(1);
  else
    ctx.reply.Ok();
}
void MSet(CommandContext& ctx) {
  MSetGeneric(ctx, false);
}
void MSetNx(CommandContext& ctx) {
  MSetGeneric(ctx, true);
}

void Append(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), add = ctx.arg(2);
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  size_t total;
  if (e == nullptr) {
    e = ctx.AddKey(key, Value::MakeString(ctx.arena(), add));
    total = e->value.StringLength();
  } else {
    if (!CheckString(ctx, e)) return;
    size_t old_len = e->value.StringLength();
    if (!CheckStringLength(ctx, old_len, add.size())) return;
    // Always unshared and raw afterwards, even when appending nothing (dbUnshareStringValue).
    total = old_len + add.size();
    char* buf = e->value.MutableRaw(ctx.arena(), total);
    if (!add.empty()) std::memcpy(buf + old_len, add.data(), add.size());
  }
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "append", key);
  ctx.reply.Integer(static_cast<int64_t>(total));
}

void StrLen(CommandContext& ctx) {
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckString(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(e->value.StringLength()));
}

// The integer a string value holds (Redis's getLongLongFromObject); a missing key is 0.
bool ValueAsInt64(const KeyEntry* e, int64_t* out) {
  if (e == nullptr) {
    *out = 0;
    return true;
  }
  if (e->value.AsInt(out)) return true;
  char scratch[kIntScratch];
  return ParseInt64(e->value.StringView(scratch), out);
}

void IncrDecr(CommandContext& ctx, int64_t incr) {
  std::string_view key = ctx.arg(1);
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  if (!CheckString(ctx, e)) return;
  int64_t value;
  if (!ValueAsInt64(e, &value)) return ctx.reply.Error(errors::kNotInteger);
  if ((incr < 0 && value < 0 && incr < INT64_MIN - value) ||
      (incr > 0 && value > 0 && incr > INT64_MAX - value)) {
    return ctx.reply.Error(errors::kOverflow);
  }
  value += incr;
  if (e != nullptr) {
    ctx.db().Replace(e, Value::MakeInt(value));
  } else {
    ctx.AddKey(key, Value::MakeInt(value));
  }
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "incrby", key);
  ctx.reply.Integer(value);
}

void Incr(CommandContext& ctx) {
  IncrDecr(ctx, 1);
}
void Decr(CommandContext& ctx) {
  IncrDecr(ctx, -1);
}
void IncrBy(CommandContext& ctx) {
  int64_t incr;
  if (!ParseInt64(ctx.arg(2), &incr)) return ctx.reply.Error(errors::kNotInteger);
  IncrDecr(ctx, incr);
}
void DecrBy(CommandContext& ctx) {
  int64_t incr;
  if (!ParseInt64(ctx.arg(2), &incr)) return ctx.reply.Error(errors::kNotInteger);
  if (incr == INT64_MIN) return ctx.reply.Error(errors::kDecrementOverflow);
  IncrDecr(ctx, -incr);
}

void IncrByFloat(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  if (!CheckString(ctx, e)) return;
  long double value = 0, incr;
  if (e != nullptr) {
    int64_t iv;
    char scratch[kIntScratch];
    if (e->value.AsInt(&iv)) {
      value = static_cast<long double>(iv);
    } else if (!ParseLongDouble(e->value.StringView(scratch), &value)) {
      return ctx.reply.Error(errors::kNotFloat);
    }
  }
  if (!ParseLongDouble(ctx.arg(2), &incr)) return ctx.reply.Error(errors::kNotFloat);
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return ctx.reply.Error(errors::kIncrNanOrInf);
  std::string text = FormatLongDoubleHuman(value);
  // Stored as Redis's createStringObject stores it: embstr/raw even when it reads as an integer.
  SetKey(ctx, key, e, MakeStringLikeCreate(ctx.arena(), text), true);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "incrbyfloat", key);
  ctx.reply.Bulk(text);
  // Replicated as the final value so float formatting can never differ on a replica or reload.
  ctx.PropagateAs({"SET", key, text, "KEEPTTL"});
}

void GetRange(CommandContext& ctx) {
  int64_t start, end;
  if (!ParseInt64(ctx.arg(2), &start) || !ParseInt64(ctx.arg(3), &end)) {
    return ctx.reply.Error(errors::kNotInteger);
  }
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Bulk("");
  if (!CheckString(ctx, e)) return;
  char scratch[kIntScratch];
  std::string_view s = e->value.StringView(scratch);
  int64_t len = static_cast<int64_t>(s.size());
  if (start < 0 && end < 0 && start > end) return ctx.reply.Bulk("");
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) return ctx.reply.Bulk("");
  ctx.reply.Bulk(s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1)));
}

void SetRange(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), value = ctx.arg(3);
  int64_t offset;
  if (!ParseInt64(ctx.arg(2), &offset)) return ctx.reply.Error(errors::kNotInteger);
  if (offset < 0) return ctx.reply.Error(errors::kOffsetOutOfRange);
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  if (e == nullptr) {
    if (value.empty()) return ctx.reply.Integer(0);
    if (!CheckStringLength(ctx, static_cast<uint64_t>(offset), value.size())) return;
    size_t total = static_cast<size_t>(offset) + value.size();
    e = ctx.AddKey(key, Value::MakeRawString(ctx.arena(), {}, total));
  } else {
    if (!CheckString(ctx, e)) return;
    size_t old_len = e->value.StringLength();
    if (value.empty()) return ctx.reply.Integer(static_cast<int64_t>(old_len));
    if (!CheckStringLength(ctx, static_cast<uint64_t>(offset), value.size())) return;
  }
  size_t end = static_cast<size_t>(offset) + value.size();
  size_t new_len = std::max(e->value.StringLength(), end);
  char* buf = e->value.MutableRaw(ctx.arena(), new_len);
  std::memcpy(buf + offset, value.data(), value.size());
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "setrange", key);
  ctx.reply.Integer(static_cast<int64_t>(new_len));
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence by
// the classic dynamic-programming table, walked back from the end as Redis does, so the string,
// the ranges and their order are exactly Redis's.
void Lcs(CommandContext& ctx) {
  KeyEntry* ea = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  KeyEntry* eb = ctx.engine.LookupRead(ctx.db(), ctx.arg(2), ctx.now_ms);
  if ((ea != nullptr && !ea->value.is_string()) || (eb != nullptr && !eb->value.is_string())) {
    return ctx.reply.Error(errors::kLcsNotStrings);
  }
  char sa[kIntScratch], sb[kIntScratch];
  std::string_view a = ea != nullptr ? ea->value.StringView(sa) : std::string_view();
  std::string_view b = eb != nullptr ? eb->value.StringView(sb) : std::string_view();

  bool get_len = false, get_idx = false, with_match_len = false;
  int64_t min_match_len = 0;
  for (size_t j = 3; j < ctx.argc(); j++) {
    std::string_view opt = ctx.arg(j);
    bool more = j + 1 < ctx.argc();
    if (IsOpt(opt, "idx")) {
      get_idx = true;
    } else if (IsOpt(opt, "len")) {
      get_len = true;
    } else if (IsOpt(opt, "withmatchlen")) {
      with_match_len = true;
    } else if (IsOpt(opt, "minmatchlen") && more) {
      if (!ParseInt64(ctx.arg(++j), &min_match_len)) return ctx.reply.Error(errors::kNotInteger);
      if (min_match_len < 0) min_match_len = 0;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (get_idx && get_len) return ctx.reply.Error(errors::kLcsLenAndIdx);
  if (a.size() >= UINT32_MAX - 1 || b.size() >= UINT32_MAX - 1) {
    return ctx.reply.Error(errors::kLcsTooLong);
  }

  const uint32_t alen = static_cast<uint32_t>(a.size());
  const uint32_t blen = static_cast<uint32_t>(b.size());
  const uint64_t cells = static_cast<uint64_t>(alen + 1) * (blen + 1);
  if (cells > SIZE_MAX / sizeof(uint32_t)) return ctx.reply.Error(errors::kLcsNoMemory);
  std::unique_ptr<uint32_t[]> dp(new (std::nothrow) uint32_t[cells]);
  if (dp == nullptr) return ctx.reply.Error(errors::kLcsNoMemory);
  auto at = [&](uint32_t i, uint32_t j) -> uint32_t& {
    return dp[j + static_cast<uint64_t>(i) * (blen + 1)];
  };
  for (uint32_t i = 0; i <= alen; i++) {
    for (uint32_t j = 0; j <= blen; j++) {
      if (i == 0 || j == 0) {
        at(i, j) = 0;
      } else if (a[i - 1] == b[j - 1]) {
        at(i, j) = at(i - 1, j - 1) + 1;
      } else {
        at(i, j) = std::max(at(i - 1, j), at(i, j - 1));
      }
    }
  }

  uint32_t idx = at(alen, blen);
  const uint32_t total = idx;
  const bool compute = get_idx || !get_len;
  std::string result(compute ? idx : 0, '\0');
  struct Range {
    uint32_t a_start, a_end, b_start, b_end;
  };
  std::vector<Range> ranges;
  uint32_t a_start = alen, a_end = 0, b_start = 0, b_end = 0;  // a_start == alen: no range open
  uint32_t i = alen, j = blen;
  while (compute && i > 0 && j > 0) {
    bool emit = false;
    if (a[i - 1] == b[j - 1]) {
      result[idx - 1] = a[i - 1];
      if (a_start == alen) {
        a_start = a_end = i - 1;
        b_start = b_end = j - 1;
      } else if (a_start == i && b_start == j) {
        // Extend the current range backwards: it is contiguous.
        a_start--;
        b_start--;
      } else {
        emit = true;
      }
      if (a_start == 0 || b_start == 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (at(i - 1, j) > at(i, j - 1))
        i--;
      else
        j--;
      if (a_start != alen) emit = true;
    }
    if (emit) {
      uint32_t match_len = a_end - a_start + 1;
      if (get_idx && (min_match_len == 0 || match_len >= static_cast<uint64_t>(min_match_len))) {
        ranges.push_back({a_start, a_end, b_start, b_end});
      }
      a_start = alen;
    }
  }

  if (get_idx) {
    ctx.reply.Map(2);
    ctx.reply.Bulk("matches");
    ctx.reply.Array(static_cast<int64_t>(ranges.size()));
    for (const Range& r : ranges) {
      ctx.reply.Array(with_match_len ? 3 : 2);
      ctx.reply.Array(2);
      ctx.reply.Integer(r.a_start);
      ctx.reply.Integer(r.a_end);
      ctx.reply.Array(2);
      ctx.reply.Integer(r.b_start);
      ctx.reply.Integer(r.b_end);
      if (with_match_len) ctx.reply.Integer(r.a_end - r.a_start + 1);
    }
    ctx.reply.Bulk("len");
    ctx.reply.Integer(total);
  } else if (get_len) {
    ctx.reply.Integer(total);
  } else {
    ctx.reply.Bulk(result);
  }
}

constexpr uint64_t kStr = cmd::kCatString;
constexpr uint64_t kStrRd = cmd::kCatRead | kStr;
constexpr uint64_t kStrWr = cmd::kCatWrite | kStr;

}  // namespace

void RegisterStringFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "string");
  using namespace cmd;
  constexpr std::string_view kRangeComplexity =
      "O(N) where N is the length of the returned string. The complexity is ultimately determined "
      "by the returned length, but because creating a substring from an existing string is very "
      "cheap, it can be considered O(1) for small strings.";
  // clang-format off
  add("get", 2, kReadonly | kFast, kStrRd | kCatFast, 1, 1, 1, Get,
      "Get the value of a key", "1.0.0", "O(1)");
  add("set", -3, kWrite | kDenyOom, kStrWr | kCatSlow, 1, 1, 1, Set,
      "Set the string value of a key", "1.0.0", "O(1)");
  add("setnx", 3, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, SetNx,
      "Set the value of a key, only if the key does not exist", "1.0.0", "O(1)");
  add("setex", 4, kWrite | kDenyOom, kStrWr | kCatSlow, 1, 1, 1, SetEx,
      "Set the value and expiration of a key", "2.0.0", "O(1)");
  add("psetex", 4, kWrite | kDenyOom, kStrWr | kCatSlow, 1, 1, 1, PSetEx,
      "Set the value and expiration in milliseconds of a key", "2.6.0", "O(1)");
  add("mget", -2, kReadonly | kFast, kStrRd | kCatFast, 1, -1, 1, MGet,
      "Get the values of all the given keys", "1.0.0",
      "O(N) where N is the number of keys to retrieve.");
  add("mset", -3, kWrite | kDenyOom, kStrWr | kCatSlow, 1, -1, 2, MSet,
      "Set multiple keys to multiple values", "1.0.1",
      "O(N) where N is the number of keys to set.");
  add("msetnx", -3, kWrite | kDenyOom, kStrWr | kCatSlow, 1, -1, 2, MSetNx,
      "Set multiple keys to multiple values, only if none of the keys exist", "1.0.1",
      "O(N) where N is the number of keys to set.");
  add("getset", 3, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, GetSet,
      "Set the string value of a key and return its old value", "1.0.0", "O(1)");
  add("getdel", 2, kWrite | kFast, kStrWr | kCatFast, 1, 1, 1, GetDel,
      "Get the value of a key and delete the key", "6.2.0", "O(1)");
  add("getex", -2, kWrite | kFast, kStrWr | kCatFast, 1, 1, 1, GetEx,
      "Get the value of a key and optionally set its expiration", "6.2.0", "O(1)");
  add("append", 3, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, Append,
      "Append a value to a key", "2.0.0",
      "O(1). The amortized time complexity is O(1) assuming the appended value is small and the "
      "already present value is of any size, since the dynamic string library used by Redis will "
      "double the free space available on every reallocation.");
  add("strlen", 2, kReadonly | kFast, kStrRd | kCatFast, 1, 1, 1, StrLen,
      "Get the length of the value stored in a key", "2.2.0", "O(1)");
  add("incr", 2, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, Incr,
      "Increment the integer value of a key by one", "1.0.0", "O(1)");
  add("decr", 2, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, Decr,
      "Decrement the integer value of a key by one", "1.0.0", "O(1)");
  add("incrby", 3, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, IncrBy,
      "Increment the integer value of a key by the given amount", "1.0.0", "O(1)");
  add("decrby", 3, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, DecrBy,
      "Decrement the integer value of a key by the given number", "1.0.0", "O(1)");
  add("incrbyfloat", 3, kWrite | kDenyOom | kFast, kStrWr | kCatFast, 1, 1, 1, IncrByFloat,
      "Increment the float value of a key by the given amount", "2.6.0", "O(1)");
  add("getrange", 4, kReadonly, kStrRd | kCatSlow, 1, 1, 1, GetRange,
      "Get a substring of the string stored at a key", "2.4.0", kRangeComplexity);
  add("substr", 4, kReadonly, kStrRd | kCatSlow, 1, 1, 1, GetRange,
      "Get a substring of the string stored at a key", "1.0.0", kRangeComplexity);
  add("setrange", 4, kWrite | kDenyOom, kStrWr | kCatSlow, 1, 1, 1, SetRange,
      "Overwrite part of a string at key starting at the specified offset", "2.2.0",
      "O(1), not counting the time taken to copy the new string in place. Usually, this string "
      "is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M "
      "being the length of the value argument.");
  add("lcs", -3, kReadonly, kStrRd | kCatSlow, 1, 2, 1, Lcs,
      "Find longest common substring", "7.0.0",
      "O(N*M) where N and M are the lengths of s1 and s2, respectively");
  // clang-format on
}

}  // namespace ringkv
