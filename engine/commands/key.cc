// Keyspace commands: DEL UNLINK EXISTS TYPE RENAME RENAMENX COPY MOVE KEYS SCAN RANDOMKEY TOUCH
// OBJECT (ENCODING REFCOUNT IDLETIME FREQ HELP), the expiry commands EXPIRE PEXPIRE EXPIREAT
// PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST, and the database commands SWAPDB FLUSHDB
// FLUSHALL DBSIZE — Redis 7.0's db.c, expire.c and object.c semantics.
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "engine/blocking.h"
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


// Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): expires the key if due and counts the hit or
// miss (a `keymiss` event unless !notify_miss: OBJECT is LOOKUP_NONOTIFY), but leaves the access
// clock alone (TTL, EXISTS, TYPE and OBJECT must not change IDLETIME).
KeyEntry* LookupNoTouch(CommandContext& ctx, Database& db, std::string_view key,
                        bool notify_miss = true) {
  KeyEntry* e = db.Lookup(key, ctx.now_ms);
  if (e != nullptr) {
    ctx.engine.stats().keyspace_hits++;
  } else {
    ctx.engine.stats().keyspace_misses++;
    if (notify_miss) {
      ctx.engine.NotifyKeyspaceEvent(config::kNotifyKeyMiss, "keymiss", db.index(), key);
    }
  }
  return e;
}

// Redis's getIntFromObjectOrReply: a 32-bit integer; `msg` replaces both of its errors if given.
bool IntOrReply(CommandContext& ctx, std::string_view arg, int* out, std::string_view msg = {}) {
  int64_t v;
  if (!ParseInt64(arg, &v)) {
    ctx.reply.Error(msg.empty() ? errors::kNotInteger : msg);
    return false;
  }
  if (v < INT_MIN || v > INT_MAX) {
    if (msg.empty())
      ctx.reply.Error(errors::ValueOutOfRange(INT_MIN, INT_MAX));
    else
      ctx.reply.Error(msg);
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

// The database a DB argument names, or nullptr after replying (COPY ... DB n, MOVE).
Database* DbOrReply(CommandContext& ctx, std::string_view arg) {
  int id;
  if (!IntOrReply(ctx, arg, &id)) return nullptr;
  if (id < 0 || id >= ctx.engine.db_count()) {
    ctx.reply.Error(errors::kDbIndexOutOfRange);
    return nullptr;
  }
  return &ctx.engine.db(id);
}

// A key of a type clients block on appeared (RENAME, MOVE, COPY): its waiters are served after
// this command, as Redis's dbAdd signals them.
void SignalIfBlockable(CommandContext& ctx, const Database& db, std::string_view key, ObjType t) {
  if (t == ObjType::kList || t == ObjType::kZSet || t == ObjType::kStream) {
    ctx.engine.SignalKeyReady(db.index(), key);
  }
}

// ---- DEL UNLINK EXISTS TYPE TOUCH ---------------------------------------------------------------

void DelGeneric(CommandContext& ctx) {
  // UNLINK (and DEL under lazyfree-lazy-user-del) would free big values in the background; for
  // now both free synchronously.
  int64_t deleted = 0;
  for (size_t j = 1; j < ctx.argc(); j++) {
    KeyEntry* e = ctx.db().Lookup(ctx.arg(j), ctx.now_ms);
    if (e == nullptr) continue;
    ctx.db().Delete(e);
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyGeneric, "del", ctx.arg(j));
    deleted++;
  }
  ctx.reply.Integer(deleted);
}

void Exists(CommandContext& ctx) {
  int64_t count = 0;
  for (size_t j = 1; j < ctx.argc(); j++) {
    if (LookupNoTouch(ctx, ctx.db(), ctx.arg(j)) != nullptr) count++;
  }
  ctx.reply.Integer(count);
}

void Type(CommandContext& ctx) {
  KeyEntry* e = LookupNoTouch(ctx, ctx.db(), ctx.arg(1));
  ctx.reply.SimpleString(e == nullptr ? "none" : TypeName(e->value.type()));
}

void Touch(CommandContext& ctx) {
  int64_t touched = 0;
  for (size_t j = 1; j < ctx.argc(); j++) {
    if (ctx.engine.LookupRead(ctx.db(), ctx.arg(j), ctx.now_ms) != nullptr) touched++;
  }
  ctx.reply.Integer(touched);
}

// ---- RENAME RENAMENX COPY MOVE ------------------------------------------------------------------

// Moves the value of `e` (in `from`) to `key` in `to` (where it must be absent), with its TTL and
// access clock. `e` is gone afterwards. The key is new in `to` (Redis's dbAdd: the `new` event).
void MoveEntry(CommandContext& ctx, Database& from, KeyEntry* e, Database& to,
               std::string_view key) {
  int64_t expire = from.GetExpire(e);
  uint32_t lru = e->lru;
  Value v = from.Detach(e);
  KeyEntry* moved = to.Add(key, std::move(v), lru);
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyNew, "new", to.index(), key);
  if (expire != -1) to.SetExpire(moved, expire);
}

void RenameGeneric(CommandContext& ctx, bool nx) {
  std::string_view src = ctx.arg(1), dst = ctx.arg(2);
  Database& db = ctx.db();
  KeyEntry* e = ctx.engine.LookupWrite(db, src, ctx.now_ms);
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  if (src == dst) {
    if (nx) return ctx.reply.Integer(0);
    return ctx.reply.Ok();
  }
  if (KeyEntry* old = ctx.engine.LookupWrite(db, dst, ctx.now_ms); old != nullptr) {
    if (nx) return ctx.reply.Integer(0);
    db.Delete(old);
  }
  ObjType type = e->value.type();
  MoveEntry(ctx, db, e, db, dst);
  SignalIfBlockable(ctx, db, dst, type);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyGeneric, "rename_from", src);
  ctx.Notify(config::kNotifyGeneric, "rename_to", dst);
  if (nx)
    ctx.reply.Integer(1);
  else
    ctx.reply.Ok();
}
void Rename(CommandContext& ctx) {
  RenameGeneric(ctx, false);
}
void RenameNx(CommandContext& ctx) {
  RenameGeneric(ctx, true);
}

void Copy(CommandContext& ctx) {
  Database& src = ctx.db();
  Database* dst = &src;
  bool replace = false;
  for (size_t j = 3; j < ctx.argc(); j++) {
    bool more = j + 1 < ctx.argc();
    if (IsOpt(ctx.arg(j), "replace")) {
      replace = true;
    } else if (IsOpt(ctx.arg(j), "db") && more) {
      dst = DbOrReply(ctx, ctx.arg(++j));
      if (dst == nullptr) return;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  std::string_view key = ctx.arg(1), newkey = ctx.arg(2);
  if (dst == &src && key == newkey) return ctx.reply.Error(errors::kSameObject);

  KeyEntry* e = ctx.engine.LookupRead(src, key, ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  int64_t expire = src.GetExpire(e);
  KeyEntry* old = ctx.engine.LookupWrite(*dst, newkey, ctx.now_ms);
  if (old != nullptr && !replace) return ctx.reply.Integer(0);

  std::optional<Value> copy = CopyValue(ctx.arena(), e->value);
  if (!copy) return ctx.reply.Error(errors::kUnknownTypeObject);
  if (old != nullptr) dst->Delete(old);
  KeyEntry* added = dst->Add(newkey, std::move(*copy), ctx.engine.LruClock());
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyNew, "new", dst->index(), newkey);
  if (expire != -1) dst->SetExpire(added, expire);
  SignalIfBlockable(ctx, *dst, newkey, added->value.type());
  ctx.MarkDirty();
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyGeneric, "copy_to", dst->index(), newkey);
  ctx.reply.Integer(1);
}

void Move(CommandContext& ctx) {
  Database& src = ctx.db();
  Database* dst = DbOrReply(ctx, ctx.arg(2));
  if (dst == nullptr) return;
  if (dst == &src) return ctx.reply.Error(errors::kSameObject);
  std::string_view key = ctx.arg(1);
  KeyEntry* e = ctx.engine.LookupWrite(src, key, ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (ctx.engine.LookupWrite(*dst, key, ctx.now_ms) != nullptr) return ctx.reply.Integer(0);
  ObjType type = e->value.type();
  MoveEntry(ctx, src, e, *dst, key);
  SignalIfBlockable(ctx, *dst, key, type);
  ctx.MarkDirty();
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyGeneric, "move_from", src.index(), key);
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyGeneric, "move_to", dst->index(), key);
  ctx.reply.Integer(1);
}

// ---- KEYS SCAN RANDOMKEY ------------------------------------------------------------------------

void Keys(CommandContext& ctx) {
  // The documented exception to "no command blocks the loop for long": O(N) by design.
  std::string_view pattern = ctx.arg(1);
  bool all = pattern == "*";
  Database& db = ctx.db();
  std::vector<std::string_view> found;
  db.ForEach([&](const KeyEntry* e) {
    if ((all || GlobMatch(pattern, e->key())) && !db.IsExpired(e, ctx.now_ms)) {
      found.push_back(e->key());
    }
  });
  ctx.reply.Array(static_cast<int64_t>(found.size()));
  for (std::string_view k : found) ctx.reply.Bulk(k);
}

void Scan(CommandContext& ctx) {
  uint64_t cursor;
  if (!ParseScanCursor(ctx.arg(1), &cursor)) return ctx.reply.Error(errors::kInvalidCursor);
  ScanOptions opt;
  if (!ParseScanOptions(ctx, 2, /*allow_type=*/true, &opt)) return;
  int64_t count = opt.count;

  // Visit buckets until COUNT keys were collected, giving up after 10*COUNT buckets so a sparse
  // table cannot make one call long.
  Database& db = ctx.db();
  std::vector<std::string> keys;
  int64_t max_iterations = count > INT64_MAX / 10 ? INT64_MAX : count * 10;
  do {
    cursor = db.Scan(cursor, [&](const KeyEntry* e) { keys.emplace_back(e->key()); });
  } while (cursor != 0 && max_iterations-- != 0 && keys.size() < static_cast<uint64_t>(count));

  // Filter as Redis does: pattern, then type (a lookup, which may expire the key: its type is then
  // "none"), then expiry.
  std::vector<std::string_view> kept;
  for (const std::string& k : keys) {
    if (opt.use_pattern && !GlobMatch(opt.pattern, k)) continue;
    if (opt.use_type) {
      KeyEntry* e = LookupNoTouch(ctx, db, k);
      std::string_view name = e == nullptr ? "none" : TypeName(e->value.type());
      if (!EqualsIgnoreCase(opt.type, name)) continue;
    }
    if (KeyEntry* e = db.Find(k); e != nullptr && db.IsExpired(e, ctx.now_ms)) {
      db.Lookup(k, ctx.now_ms);  // deletes it and propagates the DEL
      continue;
    }
    kept.push_back(k);
  }

  ctx.reply.Array(2);
  ctx.reply.Bulk(std::to_string(cursor));
  ctx.reply.Array(static_cast<int64_t>(kept.size()));
  for (std::string_view k : kept) ctx.reply.Bulk(k);
}

void RandomKey(CommandContext& ctx) {
  std::mt19937_64 rng(ctx.engine.Random64());
  KeyEntry* e = ctx.db().RandomKey(rng, ctx.now_ms);
  if (e == nullptr) return ctx.reply.Null();
  ctx.reply.Bulk(e->key());
}

// ---- OBJECT -----------------------------------------------------------------------------------

bool PolicyIsLfu(const ServerConfig& c) {
  return c.maxmemory_policy.ends_with("-lfu");
}

// Redis shares the integers 0..9999 between keys unless an LRU/LFU policy with a maxmemory limit
// needs a per-key access clock; OBJECT REFCOUNT of a shared integer is INT_MAX.
bool SharedIntegers(const ServerConfig& c) {
  return c.maxmemory == 0 || !(c.maxmemory_policy.ends_with("-lru") || PolicyIsLfu(c));
}

void ObjectEncoding(CommandContext& ctx) {
  KeyEntry* e = LookupNoTouch(ctx, ctx.db(), ctx.arg(2), false);
  if (e == nullptr) return ctx.reply.Null();
  ctx.reply.Bulk(EncodingName(e->value.encoding()));
}

void ObjectRefcount(CommandContext& ctx) {
  KeyEntry* e = LookupNoTouch(ctx, ctx.db(), ctx.arg(2), false);
  if (e == nullptr) return ctx.reply.Null();
  int64_t i;
  bool shared = e->value.AsInt(&i) && i >= 0 && i < 10000 && SharedIntegers(ctx.engine.config());
  ctx.reply.Integer(shared ? INT_MAX : 1);
}

void ObjectIdletime(CommandContext& ctx) {
  KeyEntry* e = LookupNoTouch(ctx, ctx.db(), ctx.arg(2), false);
  if (e == nullptr) return ctx.reply.Null();
  if (PolicyIsLfu(ctx.engine.config())) return ctx.reply.Error(errors::kLfuSelected);
  // The LRU clock counts seconds in 24 bits and wraps, as Redis's estimateObjectIdleTime.
  constexpr uint64_t kClockMax = (1u << 24) - 1;
  uint64_t now = ctx.engine.LruClock(), lru = e->lru;
  ctx.reply.Integer(static_cast<int64_t>(now >= lru ? now - lru : now + (kClockMax - lru)));
}

void ObjectFreq(CommandContext& ctx) {
  KeyEntry* e = LookupNoTouch(ctx, ctx.db(), ctx.arg(2), false);
  if (e == nullptr) return ctx.reply.Null();
  if (!PolicyIsLfu(ctx.engine.config())) return ctx.reply.Error(errors::kLfuNotSelected);
  // Access frequency is not tracked yet: every key reports Redis's initial counter (LFU_INIT_VAL).
  ctx.reply.Integer(5);
}

void ObjectHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "ENCODING <key>",
      "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>",
      "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>",
      "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>",
      "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP",
      "    Prints this help.",
  };
  ctx.reply.Array(static_cast<int64_t>(std::size(kLines)) + 1);
  ctx.reply.SimpleString(ToUpper(ctx.arg(0)) +
                         " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  for (std::string_view line : kLines) ctx.reply.SimpleString(line);
}

// ---- EXPIRE PEXPIRE EXPIREAT PEXPIREAT ----------------------------------------------------------

enum ExpireFlag : unsigned { kNx = 1, kXx = 2, kGt = 4, kLt = 8 };

bool ParseExpireFlags(CommandContext& ctx, unsigned* flags) {
  for (size_t j = 3; j < ctx.argc(); j++) {
    std::string_view opt = ctx.arg(j);
    if (IsOpt(opt, "nx"))
      *flags |= kNx;
    else if (IsOpt(opt, "xx"))
      *flags |= kXx;
    else if (IsOpt(opt, "gt"))
      *flags |= kGt;
    else if (IsOpt(opt, "lt"))
      *flags |= kLt;
    else {
      ctx.reply.Error(errors::UnsupportedOption(opt));
      return false;
    }
  }
  if ((*flags & kNx) && (*flags & (kXx | kGt | kLt))) {
    ctx.reply.Error(errors::kNxXxGtLt);
    return false;
  }
  if ((*flags & kGt) && (*flags & kLt)) {
    ctx.reply.Error(errors::kGtAndLt);
    return false;
  }
  return true;
}

// `basetime` is the command's time for relative forms, 0 for the *AT forms. A time at or before
// now deletes the key (propagated as DEL); otherwise the TTL is set and propagated as PEXPIREAT
// with the absolute time in ms, the flags kept.
void ExpireGeneric(CommandContext& ctx, int64_t basetime, bool seconds, bool is_pexpireat) {
  std::string_view key = ctx.arg(1);
  unsigned flags = 0;
  if (!ParseExpireFlags(ctx, &flags)) return;
  int64_t when;
  if (!ParseInt64(ctx.arg(2), &when)) return ctx.reply.Error(errors::kNotInteger);
  if (seconds) {
    if (when > INT64_MAX / 1000 || when < INT64_MIN / 1000) {
      return ctx.reply.Error(errors::InvalidExpireTime(ctx.spec.fullname));
    }
    when *= 1000;
  }
  if (when > INT64_MAX - basetime) {
    return ctx.reply.Error(errors::InvalidExpireTime(ctx.spec.fullname));
  }
  when += basetime;

  Database& db = ctx.db();
  KeyEntry* e = ctx.engine.LookupWrite(db, key, ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (flags != 0) {
    int64_t current = db.GetExpire(e);
    if ((flags & kNx) && current != -1) return ctx.reply.Integer(0);
    if ((flags & kXx) && current == -1) return ctx.reply.Integer(0);
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if ((flags & kGt) && (current == -1 || when <= current)) return ctx.reply.Integer(0);
    if ((flags & kLt) && current != -1 && when >= current) return ctx.reply.Integer(0);
  }

  if (when <= ctx.now_ms) {
    db.Delete(e);
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyGeneric, "del", key);
    ctx.PropagateAs({"DEL", key});
    return ctx.reply.Integer(1);
  }
  db.SetExpire(e, when);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyGeneric, "expire", key);
  if (!is_pexpireat) {
    std::string ms = Int64ToString(when);
    std::vector<std::string_view> argv = {"PEXPIREAT", key, ms};
    for (size_t j = 3; j < ctx.argc(); j++) argv.push_back(ctx.arg(j));
    ctx.PropagateAs(std::span<const std::string_view>(argv));
  }
  ctx.reply.Integer(1);
}

void Expire(CommandContext& ctx) {
  ExpireGeneric(ctx, ctx.now_ms, true, false);
}
void PExpire(CommandContext& ctx) {
  ExpireGeneric(ctx, ctx.now_ms, false, false);
}
void ExpireAt(CommandContext& ctx) {
  ExpireGeneric(ctx, 0, true, false);
}
void PExpireAt(CommandContext& ctx) {
  ExpireGeneric(ctx, 0, false, true);
}

// ---- TTL PTTL EXPIRETIME PEXPIRETIME PERSIST ----------------------------------------------------

// -2 for a missing key, -1 without TTL; seconds are rounded to the nearest, as Redis.
void TtlGeneric(CommandContext& ctx, bool output_ms, bool output_abs) {
  KeyEntry* e = LookupNoTouch(ctx, ctx.db(), ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(-2);
  int64_t expire = ctx.db().GetExpire(e);
  if (expire == -1) return ctx.reply.Integer(-1);
  int64_t ttl = output_abs ? expire : expire - ctx.now_ms;
  if (ttl < 0) ttl = 0;
  ctx.reply.Integer(output_ms ? ttl : (ttl + 500) / 1000);
}
void Ttl(CommandContext& ctx) {
  TtlGeneric(ctx, false, false);
}
void PTtl(CommandContext& ctx) {
  TtlGeneric(ctx, true, false);
}
void ExpireTime(CommandContext& ctx) {
  TtlGeneric(ctx, false, true);
}
void PExpireTime(CommandContext& ctx) {
  TtlGeneric(ctx, true, true);
}

void Persist(CommandContext& ctx) {
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr || !ctx.db().Persist(e)) return ctx.reply.Integer(0);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyGeneric, "persist", ctx.arg(1));
  ctx.reply.Integer(1);
}

// ---- SWAPDB FLUSHDB FLUSHALL DBSIZE -------------------------------------------------------------

void SwapDb(CommandContext& ctx) {
  int id1, id2;
  if (!IntOrReply(ctx, ctx.arg(1), &id1, errors::kInvalidFirstDbIndex)) return;
  if (!IntOrReply(ctx, ctx.arg(2), &id2, errors::kInvalidSecondDbIndex)) return;
  int n = ctx.engine.db_count();
  if (id1 < 0 || id1 >= n || id2 < 0 || id2 >= n)
    return ctx.reply.Error(errors::kDbIndexOutOfRange);
  // Clients keep their selected index and so see the other contents; clients blocked on a key
  // that now exists in their database are woken, as Redis's scanDatabaseForReadyKeys does.
  if (id1 != id2) {
    ctx.engine.TouchSwappedDatabases(id1, id2);
    ctx.engine.db(id1).Swap(ctx.engine.db(id2));
    if (ctx.engine.blocking().blocked_count() > 0) {
      // Without a per-database index of blocked keys this walks both databases; it only runs
      // while some client is blocked.
      for (int id : {id1, id2}) {
        Database& db = ctx.engine.db(id);
        std::vector<std::string> keys;
        db.ForEach([&](const KeyEntry* e) {
          ObjType t = e->value.type();
          if (t == ObjType::kList || t == ObjType::kZSet || t == ObjType::kStream) {
            keys.emplace_back(e->key());
          }
        });
        for (const std::string& k : keys) ctx.engine.SignalKeyReady(id, k);
      }
    }
  }
  ctx.MarkDirty();
  ctx.reply.Ok();
}

// FLUSHDB/FLUSHALL [ASYNC|SYNC]. ASYNC (or lazyfree-lazy-user-flush without an option) detaches
// the contents at once and frees them from the cron, a slice per tick.
bool ParseFlushOption(CommandContext& ctx, bool* lazy) {
  *lazy = ctx.engine.config().lazyfree_lazy_user_flush;
  if (ctx.argc() == 1) return true;
  if (ctx.argc() == 2 && IsOpt(ctx.arg(1), "sync")) {
    *lazy = false;
    return true;
  }
  if (ctx.argc() == 2 && IsOpt(ctx.arg(1), "async")) {
    *lazy = true;
    return true;
  }
  ctx.reply.Error(errors::kSyntax);
  return false;
}

void FlushDb(CommandContext& ctx) {
  bool lazy;
  if (!ParseFlushOption(ctx, &lazy)) return;
  ctx.MarkDirty(ctx.engine.FlushDatabase(ctx.session.db, lazy));
  // Propagated even when the database was already empty.
  ctx.PropagateAs(ctx.args);
  ctx.reply.Ok();
}

void FlushAll(CommandContext& ctx) {
  bool lazy;
  if (!ParseFlushOption(ctx, &lazy)) return;
  size_t removed = 0;
  for (int i = 0; i < ctx.engine.db_count(); i++) removed += ctx.engine.FlushDatabase(i, lazy);
  ctx.MarkDirty(removed + 1);
  ctx.PropagateAs(ctx.args);
  ctx.reply.Ok();
}

void DbSize(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.db().size()));
}

constexpr uint64_t kKs = cmd::kCatKeyspace;

}  // namespace

void RegisterKeyFamily(CommandRegistry& r) {
  auto add = [&r](std::string_view name, int arity, uint64_t flags, uint64_t acl, int first,
                  int last, int step, CommandHandler handler, std::string_view summary,
                  std::string_view since, std::string_view group, std::string_view complexity) {
    r.Add({.name = std::string(name),
           .arity = arity,
           .flags = flags,
           .acl = acl,
           .first_key = first,
           .last_key = last,
           .key_step = step,
           .handler = handler,
           .summary = summary,
           .since = since,
           .group = group,
           .complexity = complexity});
  };
  using namespace cmd;
  const uint64_t kRd = kKs | kCatRead;
  const uint64_t kWr = kKs | kCatWrite;
  // clang-format off
  add("del", -2, kWrite, kWr | kCatSlow, 1, -1, 1, DelGeneric,
      "Delete a key", "1.0.0", "generic",
      "O(N) where N is the number of keys that will be removed. When a key to remove holds a "
      "value other than a string, the individual complexity for this key is O(M) where M is the "
      "number of elements in the list, set, sorted set or hash. Removing a single key that holds "
      "a string value is O(1).");
  add("unlink", -2, kWrite | kFast, kWr | kCatFast, 1, -1, 1, DelGeneric,
      "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
      "blocking.", "4.0.0", "generic",
      "O(1) for each key removed regardless of its size. Then the command does O(N) work in a "
      "different thread in order to reclaim memory, where N is the number of allocations the "
      "deleted objects where composed of.");
  add("exists", -2, kReadonly | kFast, kRd | kCatFast, 1, -1, 1, Exists,
      "Determine if a key exists", "1.0.0", "generic",
      "O(N) where N is the number of keys to check.");
  add("type", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, Type,
      "Determine the type stored at key", "1.0.0", "generic", "O(1)");
  add("rename", 3, kWrite, kWr | kCatSlow, 1, 2, 1, Rename,
      "Rename a key", "1.0.0", "generic", "O(1)");
  add("renamenx", 3, kWrite | kFast, kWr | kCatFast, 1, 2, 1, RenameNx,
      "Rename a key, only if the new key does not exist", "1.0.0", "generic", "O(1)");
  add("copy", -3, kWrite | kDenyOom, kWr | kCatSlow, 1, 2, 1, Copy,
      "Copy a key", "6.2.0", "generic",
      "O(N) worst case for collections, where N is the number of nested items. O(1) for string "
      "values.");
  add("move", 3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, Move,
      "Move a key to another database", "1.0.0", "generic", "O(1)");
  add("keys", 2, kReadonly, kRd | kCatSlow | kCatDangerous, 0, 0, 0, Keys,
      "Find all keys matching the given pattern", "1.0.0", "generic",
      "O(N) with N being the number of keys in the database, under the assumption that the key "
      "names in the database and the given pattern have limited length.");
  add("scan", -2, kReadonly, kRd | kCatSlow, 0, 0, 0, Scan,
      "Incrementally iterate the keys space", "2.8.0", "generic",
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
      "the cursor to return back to 0. N is the number of elements inside the collection.");
  add("randomkey", 1, kReadonly, kRd | kCatSlow, 0, 0, 0, RandomKey,
      "Return a random key from the keyspace", "1.0.0", "generic", "O(1)");
  add("touch", -2, kReadonly | kFast, kRd | kCatFast, 1, -1, 1, Touch,
      "Alters the last access time of a key(s). Returns the number of existing keys specified.",
      "3.2.1", "generic", "O(N) where N is the number of keys that will be touched.");
  add("expire", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, Expire,
      "Set a key's time to live in seconds", "1.0.0", "generic", "O(1)");
  add("pexpire", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, PExpire,
      "Set a key's time to live in milliseconds", "2.6.0", "generic", "O(1)");
  add("expireat", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, ExpireAt,
      "Set the expiration for a key as a UNIX timestamp", "1.2.0", "generic", "O(1)");
  add("pexpireat", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, PExpireAt,
      "Set the expiration for a key as a UNIX timestamp specified in milliseconds", "2.6.0",
      "generic", "O(1)");
  add("ttl", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, Ttl,
      "Get the time to live for a key in seconds", "1.0.0", "generic", "O(1)");
  add("pttl", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, PTtl,
      "Get the time to live for a key in milliseconds", "2.6.0", "generic", "O(1)");
  add("expiretime", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, ExpireTime,
      "Get the expiration Unix timestamp for a key", "7.0.0", "generic", "O(1)");
  add("pexpiretime", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, PExpireTime,
      "Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "generic", "O(1)");
  add("persist", 2, kWrite | kFast, kWr | kCatFast, 1, 1, 1, Persist,
      "Remove the expiration from a key", "2.2.0", "generic", "O(1)");
  add("swapdb", 3, kWrite | kFast, kWr | kCatFast | kCatDangerous, 0, 0, 0, SwapDb,
      "Swaps two Redis databases", "4.0.0", "server",
      "O(N) where N is the count of clients watching or blocking on keys from both databases.");
  add("flushdb", -1, kWrite, kWr | kCatSlow | kCatDangerous, 0, 0, 0, FlushDb,
      "Remove all keys from the current database", "1.0.0", "server",
      "O(N) where N is the number of keys in the selected database");
  add("flushall", -1, kWrite, kWr | kCatSlow | kCatDangerous, 0, 0, 0, FlushAll,
      "Remove all keys from all databases", "1.0.0", "server",
      "O(N) where N is the total number of keys in all databases");
  add("dbsize", 1, kReadonly | kFast, kRd | kCatFast, 0, 0, 0, DbSize,
      "Return the number of keys in the selected database", "1.0.0", "server", "O(1)");

  // OBJECT is a container: each subcommand is a row of its own, as in Redis 7.
  r.Add({.name = "object", .arity = -2, .flags = 0, .acl = kCatSlow,
         .summary = "A container for object introspection commands", .since = "2.2.3",
         .group = "generic", .complexity = "Depends on subcommand."});
  auto sub = [&r](std::string_view name, int arity, uint64_t flags, uint64_t acl, int key,
                  CommandHandler handler, std::string_view summary, std::string_view since) {
    r.AddSub("object", {.name = std::string(name), .arity = arity, .flags = flags, .acl = acl,
                        .first_key = key, .last_key = key, .key_step = key != 0 ? 1 : 0,
                        .handler = handler, .summary = summary, .since = since,
                        .group = "generic", .complexity = "O(1)"});
  };
  sub("help", 2, kLoading | kStale, kKs | kCatSlow, 0, ObjectHelp,
      "Show helpful text about the different subcommands", "6.2.0");
  sub("encoding", 3, kReadonly, kRd | kCatSlow, 2, ObjectEncoding,
      "Inspect the internal encoding of a Redis object", "2.2.3");
  sub("refcount", 3, kReadonly, kRd | kCatSlow, 2, ObjectRefcount,
      "Get the number of references to the value of the key", "2.2.3");
  sub("idletime", 3, kReadonly, kRd | kCatSlow, 2, ObjectIdletime,
      "Get the time since a Redis object was last accessed", "2.2.3");
  sub("freq", 3, kReadonly, kRd | kCatSlow, 2, ObjectFreq,
      "Get the logarithmic access frequency counter of a Redis object", "4.0.0");
  // clang-format on
}

}  // namespace ringkv
