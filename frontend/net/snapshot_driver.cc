#include "frontend/net/snapshot_driver.h"

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "aof/rdb_file.h"
#include "engine/util/clock.h"
#include "engine/util/log.h"

namespace ringkv {

namespace {

// The process runs in `dir` (main and CONFIG SET dir chdir there); its absolute path names the
// directory in messages, as Redis's "in server root dir" does.
std::string WorkingDir() {
  char buf[4096];
  return ::getcwd(buf, sizeof(buf)) != nullptr ? std::string(buf) : std::string(".");
}

}  // namespace

bool SnapshotDriver::Save(std::string* error) {
  int64_t start = WallClockMs();
  if (!aof::SaveRdbFile(engine_, WorkingDir(), engine_.config().dbfilename, false, error)) {
    Log(LogLevel::kWarning, "%s", error->c_str());
    *error = "save: " + *error;
    return false;
  }
  EngineStats& st = engine_.stats();
  st.dirty = 0;
  st.lastsave_s = static_cast<int64_t>(std::time(nullptr));
  st.rdb_saves++;
  st.rdb_last_save_duration_s = (WallClockMs() - start) / 1000;
  Log(LogLevel::kNotice, "DB saved on disk");
  return true;
}

bool SnapshotDriver::Load(bool merge, std::string* error) {
  int64_t start = WallClockMs();
  aof::RdbLoadStats stats;
  if (!aof::LoadRdbFile(engine_.config().dbfilename, engine_, merge, &stats, error)) {
    Log(LogLevel::kWarning, "%s", error->c_str());
    return false;
  }
  engine_.stats().rdb_last_load_keys_loaded = stats.keys_loaded;
  engine_.stats().rdb_last_load_keys_expired = stats.keys_expired;
  Log(LogLevel::kNotice, "Done loading RDB, keys loaded: %llu, keys expired: %llu.",
      static_cast<unsigned long long>(stats.keys_loaded),
      static_cast<unsigned long long>(stats.keys_expired));
  Log(LogLevel::kNotice, "DB loaded from disk: %.3f seconds",
      static_cast<double>(WallClockMs() - start) / 1000.0);
  return true;
}

bool SnapshotDriver::LoadAtStartup(std::string* error) {
  struct stat st;
  if (::stat(engine_.config().dbfilename.c_str(), &st) != 0) return true;  // nothing to load
  if (!Load(false, error)) return false;
  // What was just loaded is what is on disk.
  engine_.stats().lastsave_s = static_cast<int64_t>(std::time(nullptr));
  return true;
}

bool SnapshotDriver::Reload(bool save, bool flush, bool merge, std::string* error) {
  if (save && !Save(error)) return false;
  if (flush) {
    for (int i = 0; i < engine_.db_count(); i++) engine_.FlushDatabase(i, false);
  }
  return Load(merge, error);
}

}  // namespace ringkv
