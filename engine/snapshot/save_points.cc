#include "engine/snapshot/save_points.h"

#include "engine/engine.h"
#include "engine/util/clock.h"
#include "engine/util/log.h"
#include "engine/util/numbers.h"

namespace ringkv {

namespace {
constexpr int64_t kBgsaveRetryDelayS = 5;
}

std::vector<std::pair<int64_t, int64_t>> ParseSavePoints(std::string_view spec) {
  std::vector<std::pair<int64_t, int64_t>> points;
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < spec.size()) {
    while (i < spec.size() && spec[i] == ' ') i++;
    size_t j = i;
    while (j < spec.size() && spec[j] != ' ') j++;
    if (j > i) words.push_back(spec.substr(i, j - i));
    i = j;
  }
  for (size_t k = 0; k + 1 < words.size(); k += 2) {
    int64_t seconds = 0, changes = 0;
    if (ParseInt64(words[k], &seconds) && ParseInt64(words[k + 1], &changes)) {
      points.emplace_back(seconds, changes);
    }
  }
  return points;
}

void RunPersistenceCron(Engine& engine) {
  SnapshotHooks* hooks = engine.snapshot_hooks();
  if (hooks == nullptr || hooks->BackgroundSaveInProgress() || hooks->AofRewriteInProgress()) {
    return;
  }
  EngineStats& st = engine.stats();
  int64_t now_s = WallClockMs() / 1000;
  const ServerConfig& cfg = engine.config();
  if (!cfg.save.empty()) {
    int64_t lastsave = st.lastsave_s != 0 ? st.lastsave_s : engine.runtime().start_ms / 1000;
    for (const auto& [seconds, changes] : ParseSavePoints(cfg.save)) {
      if (static_cast<int64_t>(st.dirty) >= changes && now_s - lastsave > seconds &&
          (now_s - st.lastbgsave_try_s > kBgsaveRetryDelayS || st.rdb_last_bgsave_ok)) {
        Log(LogLevel::kNotice, "%lld changes in %lld seconds. Saving...",
            static_cast<long long>(changes), static_cast<long long>(seconds));
        hooks->RequestBackgroundSave(false, false);
        return;
      }
    }
  }
  if (cfg.appendonly && cfg.auto_aof_rewrite_percentage > 0 &&
      st.aof_current_size > static_cast<uint64_t>(cfg.auto_aof_rewrite_min_size)) {
    uint64_t base = st.aof_base_size != 0 ? st.aof_base_size : 1;
    uint64_t growth = st.aof_current_size * 100 / base - 100;
    if (st.aof_current_size > base &&
        growth >= static_cast<uint64_t>(cfg.auto_aof_rewrite_percentage)) {
      Log(LogLevel::kNotice, "Starting automatic rewriting of AOF on %llu%% growth",
          static_cast<unsigned long long>(growth));
      hooks->RequestAofRewrite();
    }
  }
}

}  // namespace ringkv
