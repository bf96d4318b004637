#include "engine/commands/zset_common.h"

#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"

namespace ringkv {

ZSetLimits ZSetLimitsOf(CommandContext& ctx) {
  const ServerConfig& c = ctx.engine.config();
  return ZSetLimits{c.zset_max_listpack_entries, c.zset_max_listpack_value};
}

bool CheckZSetOrReply(CommandContext& ctx, const KeyEntry* e) {
  if (e != nullptr && e->value.type() != ObjType::kZSet) {
    ctx.reply.Error(errors::kWrongType);
    return false;
  }
  return true;
}

void StoreZSetKey(CommandContext& ctx, std::string_view key, Value&& value) {
  Database& db = ctx.db();
  if (KeyEntry* e = ctx.engine.LookupWrite(db, key, ctx.now_ms); e != nullptr) {
    db.Replace(e, std::move(value));
    db.Persist(e);
    e->lru = ctx.engine.LruClock();
  } else {
    ctx.AddKey(key, std::move(value));
  }
  ctx.engine.SignalKeyReady(ctx.session.db, key);
}

void DeleteZSetDestination(CommandContext& ctx, std::string_view dst) {
  if (KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), dst, ctx.now_ms); e != nullptr) {
    ctx.db().Delete(e);
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyGeneric, "del", dst);
  }
}

}  // namespace ringkv
