// A key as the RESP commands that rebuild it in any Redis-protocol server (what `redis-cli
// --pipe` replays): SET; RPUSH, HSET, SADD, ZADD in batches of kBatch elements so no command
// grows with the value; PEXPIREAT for an expiry. Scores are written with the shortest digits
// that read back as the same double ("inf"/"-inf" for infinities).
#pragma once

#include <string>

#include "tools/inspect/source.h"

namespace ringkv::inspect {

inline constexpr size_t kRespBatch = 512;

// Appends the commands for `k` (after a SELECT when its db differs from *current_db, which is
// updated). False, appending nothing, for a key ringkv cannot read (stream_keys.h).
bool AppendRespCommands(std::string* out, const KeyView& k, int* current_db);
// Appends SELECT db.
void AppendSelect(std::string* out, int db);

}  // namespace ringkv::inspect
