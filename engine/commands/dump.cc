// DUMP and RESTORE: a key's value as an RDB payload (engine/rdb/payload.h), byte-compatible with
// Redis 7.0 both ways, and Redis's RESTORE options and errors (REPLACE, ABSTTL, IDLETIME, FREQ,
// BUSYKEY, "DUMP payload version or checksum are wrong", "Bad data format").
#include <string>

#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/rdb/payload.h"
#include "engine/rdb/reader.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

void Dump(CommandContext& ctx) {
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Null();
  std::string payload;
  if (!rdb::MakeDumpPayload(e->value, ctx.engine.config().rdbcompression, &payload)) {
    return ctx.reply.Error(errors::kUnknownTypeObject);
  }
  ctx.reply.Bulk(payload);
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
void Restore(CommandContext& ctx) {
  bool replace = false, absttl = false;
  int64_t idle = -1, freq = -1;
  for (size_t j = 4; j < ctx.argc(); j++) {
    bool more = j + 1 < ctx.argc();
    std::string_view a = ctx.arg(j);
    if (EqualsIgnoreCase(a, "replace")) {
      replace = true;
    } else if (EqualsIgnoreCase(a, "absttl")) {
      absttl = true;
    } else if (EqualsIgnoreCase(a, "idletime") && more && freq == -1) {
      if (!ParseInt64(ctx.arg(++j), &idle)) return ctx.reply.Error(errors::kNotInteger);
      if (idle < 0) return ctx.reply.Error("ERR Invalid IDLETIME value, must be >= 0");
    } else if (EqualsIgnoreCase(a, "freq") && more && idle == -1) {
      if (!ParseInt64(ctx.arg(++j), &freq)) return ctx.reply.Error(errors::kNotInteger);
      if (freq < 0 || freq > 255) {
        return ctx.reply.Error("ERR Invalid FREQ value, must be >= 0 and <= 255");
      }
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  Database& db = ctx.db();
  std::string_view key = ctx.arg(1);
  KeyEntry* old = ctx.engine.LookupWrite(db, key, ctx.now_ms);
  if (!replace && old != nullptr) {
    return ctx.reply.Error("BUSYKEY Target key name already exists.");
  }
  int64_t ttl = 0;
  if (!ParseInt64(ctx.arg(2), &ttl)) return ctx.reply.Error(errors::kNotInteger);
  if (ttl < 0) return ctx.reply.Error("ERR Invalid TTL value, must be >= 0");
  std::string_view payload = ctx.arg(3);
  if (!rdb::VerifyDumpPayload(payload)) {
    return ctx.reply.Error("ERR DUMP payload version or checksum are wrong");
  }
  Value v;
  if (!rdb::ReadDumpPayload(payload, ctx.arena(),
                            rdb::LimitsFromConfig(ctx.engine.config(), ctx.engine.db_count()),
                            &v)) {
    return ctx.reply.Error("ERR Bad data format");
  }
  bool deleted = false;
  if (replace && old != nullptr) {
    db.Delete(old);
    deleted = true;
  }
  if (ttl != 0 && !absttl) ttl += ctx.now_ms;
  if (ttl != 0 && ttl <= ctx.now_ms) {
    // Already expired: the key is gone (a DEL when it replaced one), as Redis.
    v.Destroy(ctx.arena());
    if (deleted) {
      ctx.PropagateAs({"DEL", key});
      ctx.MarkDirty();
      ctx.Notify(config::kNotifyGeneric, "del", key);
    }
    return ctx.reply.Ok();
  }
  ObjType type = v.type();
  KeyEntry* added = ctx.AddKey(key, std::move(v));
  if (ttl != 0) {
    db.SetExpire(added, ttl);
    if (!absttl) {
      // Propagate the TTL as an absolute time, as Redis rewrites the command.
      std::vector<std::string> argv;
      for (size_t i = 0; i < ctx.argc(); i++) argv.emplace_back(ctx.arg(i));
      argv[2] = std::to_string(ttl);
      argv.emplace_back("ABSTTL");
      std::vector<std::string_view> views(argv.begin(), argv.end());
      ctx.PropagateAs(std::span<const std::string_view>(views));
    }
  }
  // IDLETIME sets the access clock back; FREQ has nothing to set until LFU is tracked.
  if (idle > 0) {
    uint32_t now = ctx.engine.LruClock();
    added->lru = static_cast<uint32_t>((now - static_cast<uint64_t>(idle)) & 0xFFFFFF);
  }
  if (type == ObjType::kList || type == ObjType::kZSet || type == ObjType::kStream) {
    ctx.engine.SignalKeyReady(db.index(), key);
  }
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyGeneric, "restore", key);
  ctx.reply.Ok();
}

}  // namespace

void RegisterDumpCommands(CommandRegistry& r) {
  using namespace cmd;
  r.Add({.name = "dump",
         .arity = 2,
         .flags = kReadonly,
         .acl = kCatKeyspace | kCatRead | kCatSlow,
         .first_key = 1,
         .last_key = 1,
         .key_step = 1,
         .handler = Dump,
         .summary = "Return a serialized version of the value stored at the specified key.",
         .since = "2.6.0",
         .group = "generic",
         .complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is "
                       "the number of Redis objects composing the value and M their average "
                       "size. For small string values the time complexity is thus O(1)+O(1*M) "
                       "where M is small, so simply O(1).",
         .tips = "nondeterministic_output"});
  r.Add({.name = "restore",
         .arity = -4,
         .flags = kWrite | kDenyOom,
         .acl = kCatKeyspace | kCatWrite | kCatSlow | kCatDangerous,
         .first_key = 1,
         .last_key = 1,
         .key_step = 1,
         .handler = Restore,
         .summary = "Create a key using the provided serialized value, previously obtained "
                    "using DUMP.",
         .since = "2.6.0",
         .group = "generic",
         .complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the "
                       "serialized value, where N is the number of Redis objects composing the "
                       "value and M their average size. For small string values the time "
                       "complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However "
                       "for sorted set values the complexity is O(N*M*log(N)) because inserting "
                       "values into sorted sets is O(log(N))."});
}

}  // namespace ringkv
