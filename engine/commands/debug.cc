// DEBUG HELP | SLEEP | POPULATE | SET-ACTIVE-EXPIRE | OBJECT | RELOAD | LOADAOF | DIGEST |
// DIGEST-VALUE, allowed by
// enable-debug-command (no | yes | local: local connections only), as Redis 7.0.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/digest.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

bool DebugAllowed(const CommandContext& ctx) {
  const std::string& mode = ctx.engine.config().enable_debug_command;
  if (mode == "yes") return true;
  return mode == "local" && (ctx.session.is_loopback || ctx.session.is_unix);
}

void UnknownSubcommand(CommandContext& ctx) {
  ctx.reply.Error(errors::SubcommandSyntax("DEBUG", ctx.arg(1)));
}

// Redis's getPositiveLongFromObjectOrReply with its default message.
bool PositiveLong(CommandContext& ctx, std::string_view s, int64_t* out) {
  if (!ParseInt64(s, out) || *out < 0) {
    ctx.reply.Error("ERR value is out of range, must be positive");
    return false;
  }
  return true;
}

void Sleep(CommandContext& ctx) {
  // strtod as Redis: garbage reads as 0.
  double secs = std::strtod(std::string(ctx.arg(2)).c_str(), nullptr);
  int64_t us = static_cast<int64_t>(secs * 1000000);
  if (us > 0) {
    timespec ts{static_cast<time_t>(us / 1000000), static_cast<long>((us % 1000000) * 1000)};
    ::nanosleep(&ts, nullptr);
  }
  ctx.reply.Ok();
}

// DEBUG POPULATE count [prefix] [size]: keys "<prefix>:<n>" (prefix "key") holding "value:<n>",
// cut or zero-padded to `size` bytes when given. Existing keys are left alone. Like Redis, the
// keys are not propagated.
void Populate(CommandContext& ctx) {
  int64_t count;
  if (!PositiveLong(ctx, ctx.arg(2), &count)) return;
  int64_t size = 0;
  if (ctx.argc() == 5 && !PositiveLong(ctx, ctx.arg(4), &size)) return;
  std::string prefix = ctx.argc() >= 4 ? std::string(ctx.arg(3)) : "key";
  Database& db = ctx.db();
  Arena& arena = ctx.arena();
  uint32_t lru = ctx.engine.LruClock();
  std::string key, value;
  for (int64_t j = 0; j < count; j++) {
    key = prefix + ":" + std::to_string(j);
    if (key.size() > 127) key.resize(127);  // Redis formats into a 128-byte buffer
    if (db.Lookup(key, ctx.now_ms) != nullptr) continue;
    value = "value:" + std::to_string(j);
    if (size > 0) value.resize(static_cast<size_t>(size), '\0');
    db.Add(key, Value::MakeString(arena, value), lru);
  }
  ctx.reply.Ok();
}

void SetActiveExpire(CommandContext& ctx) {
  ctx.engine.set_active_expire(std::atoi(std::string(ctx.arg(2)).c_str()) != 0);
  ctx.reply.Ok();
}

// "Value at:0x... refcount:1 encoding:embstr serializedlength:8 lru:... lru_seconds_idle:0"
void Object(CommandContext& ctx) {
  KeyEntry* e = ctx.db().Lookup(ctx.arg(2), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  const Value& v = e->value;
  // Redis shares small integers (refcount INT_MAX); everything else has one owner here.
  int64_t iv = 0;
  bool shared = v.AsInt(&iv) && iv >= 0 && iv < 10000;
  // An estimate of the RDB length: the string, or the integer's encoded size.
  size_t serialized = v.is_string() ? v.StringLength() + 1 : v.HeapBytes();
  if (v.AsInt(&iv)) serialized = (iv >= -128 && iv <= 127) ? 2 : (iv >= -32768 && iv <= 32767) ? 3 : 5;
  uint32_t now = ctx.engine.LruClock();
  uint32_t idle = now >= e->lru ? now - e->lru : now + (1u << 24) - e->lru;
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "Value at:%p refcount:%d encoding:%s serializedlength:%zu lru:%u "
                "lru_seconds_idle:%u",
                static_cast<const void*>(&e->value), shared ? 2147483647 : 1,
                std::string(EncodingName(v.encoding())).c_str(), serialized, e->lru, idle);
  ctx.reply.SimpleString(buf);
}

void Help(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "DIGEST",
      "    Output a hex signature representing the current DB content.",
      "DIGEST-VALUE <key> [<key> ...]",
      "    Output a hex signature of the values of all the specified keys.",
      "LOADAOF",
      "    Flush the AOF buffers on disk and reload the AOF in memory.",
      "OBJECT <key>",
      "    Show low level info about the `key` and associated value.",
      "POPULATE <count> [<prefix>] [<size>]",
      "    Create <count> string keys named key:<num>. If <prefix> is specified then",
      "    it is used instead of the 'key' prefix. These are not propagated to",
      "    replicas. Cluster slots are not respected so keys not belonging to the",
      "    current node can be created in cluster mode.",
      "RELOAD [option ...]",
      "    Save the RDB on disk and reload it back to memory. Available options:",
      "    * MERGE: Merge the content of the RDB file with the current database.",
      "    * NOFLUSH: Don't flush the current database before loading.",
      "    * NOSAVE: Don't save the RDB on disk before loading.",
      "SET-ACTIVE-EXPIRE <0|1>",
      "    Setting it to 0 disables expiring keys in background when they are not",
      "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
      "    default.",
      "SLEEP <seconds>",
      "    Stop the server for <seconds>. Decimals allowed.",
  };
  ReplyHelp(ctx.reply, "debug", kHelp);
}

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the dataset, empty it and load the file back.
void Reload(CommandContext& ctx) {
  bool save = true, flush = true, merge = false;
  for (size_t i = 2; i < ctx.argc(); i++) {
    std::string_view a = ctx.arg(i);
    if (EqualsIgnoreCase(a, "merge")) {
      merge = true;
    } else if (EqualsIgnoreCase(a, "noflush")) {
      flush = false;
    } else if (EqualsIgnoreCase(a, "nosave")) {
      save = false;
    } else {
      return ctx.reply.Error(
          "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
    }
  }
  SnapshotHooks* h = ctx.engine.snapshot_hooks();
  std::string error;
  if (h == nullptr || !h->Reload(save, flush, merge, &error)) {
    // Redis: a bare "-ERR" when the save fails, this text when the load does (the reason is
    // in the log).
    if (error.rfind("save:", 0) == 0) return ctx.reply.Error("ERR");
    return ctx.reply.Error("ERR Error trying to load the RDB dump");
  }
  ctx.reply.Ok();
}

// DEBUG DIGEST-VALUE key...: one status line per key; a missing key digests as zeros. Like
// Redis, the key is looked up without expiring it.
void DigestValue(CommandContext& ctx) {
  ctx.reply.Array(ctx.argc() - 2);
  const Database& db = ctx.db();
  for (size_t i = 2; i < ctx.argc(); i++) {
    const KeyEntry* e = db.Find(ctx.arg(i));
    ctx.reply.SimpleString(DigestHex(e != nullptr ? ValueDigest(db, *e) : Digest{}));
  }
}

// DEBUG LOADAOF. Redis exits the process when the AOF cannot be loaded (with appendonly no,
// always); here it is an error reply and, when the AOF is off, the dataset is left alone.
void LoadAof(CommandContext& ctx) {
  SnapshotHooks* h = ctx.engine.snapshot_hooks();
  std::string error;
  if (h == nullptr || !h->LoadAof(&error)) {
    return ctx.reply.Error("ERR Error loading the AOF: " + error);
  }
  ctx.reply.Ok();
}

void Debug(CommandContext& ctx) {
  if (!DebugAllowed(ctx)) return ctx.reply.Error(errors::kDebugDisabled);
  std::string_view sub = ctx.arg(1);
  size_t argc = ctx.argc();
  if (EqualsIgnoreCase(sub, "help") && argc == 2) return Help(ctx);
  if (EqualsIgnoreCase(sub, "sleep") && argc == 3) return Sleep(ctx);
  if (EqualsIgnoreCase(sub, "populate") && argc >= 3 && argc <= 5) return Populate(ctx);
  if (EqualsIgnoreCase(sub, "set-active-expire") && argc == 3) return SetActiveExpire(ctx);
  if (EqualsIgnoreCase(sub, "object") && argc == 3) return Object(ctx);
  if (EqualsIgnoreCase(sub, "reload")) return Reload(ctx);
  if (EqualsIgnoreCase(sub, "loadaof")) return LoadAof(ctx);
  if (EqualsIgnoreCase(sub, "digest") && argc == 2) {
    return ctx.reply.SimpleString(DigestHex(DatasetDigest(ctx.engine)));
  }
  if (EqualsIgnoreCase(sub, "digest-value")) return DigestValue(ctx);
  UnknownSubcommand(ctx);
}

}  // namespace

void RegisterDebugCommand(CommandRegistry& r) {
  r.Add({.name = "debug", .arity = -2,
         .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
         .acl = cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous, .handler = Debug,
         .summary = "A container for debugging commands", .since = "1.0.0", .group = "server",
         .complexity = "Depends on subcommand."});
}

}  // namespace ringkv
