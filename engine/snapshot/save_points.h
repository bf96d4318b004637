// The cron's persistence duties, as Redis's serverCron: start a BGSAVE when a `save <seconds>
// <changes>` point is reached (retrying a failed one only after 5 seconds, as Redis's
// CONFIG_BGSAVE_RETRY_DELAY), and an AOF rewrite when the AOF has grown by
// auto-aof-rewrite-percentage over its size after the last rewrite.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace ringkv {

class Engine;

// "3600 1 300 100" → {{3600,1},{300,100}}; malformed pairs are skipped (CONFIG validated them).
std::vector<std::pair<int64_t, int64_t>> ParseSavePoints(std::string_view spec);

void RunPersistenceCron(Engine& engine);

}  // namespace ringkv
