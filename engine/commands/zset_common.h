// What the sorted-set commands share with the geo commands (a geo index is a sorted set): the
// configured encoding limits, the type check, and how a *STORE command writes or deletes its
// destination (Redis's setKey / dbDelete with their keyspace events).
#pragma once

#include <string_view>

#include "engine/command_context.h"
#include "engine/types/zset_type.h"

namespace ringkv {

// zset-max-listpack-entries and zset-max-listpack-value as configured now.
ZSetLimits ZSetLimitsOf(CommandContext& ctx);
// Replies WRONGTYPE and returns false when `e` holds something other than a sorted set.
bool CheckZSetOrReply(CommandContext& ctx, const KeyEntry* e);
// `key` takes `value`, losing any TTL (a `new` event when it did not exist); clients blocked on
// `key` (BZPOPMIN) may now be served. The caller sends the command's own event.
void StoreZSetKey(CommandContext& ctx, std::string_view key, Value&& value);
// A *STORE command's empty result: `dst` deleted when it exists (one change, a `del` event).
void DeleteZSetDestination(CommandContext& ctx, std::string_view dst);

}  // namespace ringkv
