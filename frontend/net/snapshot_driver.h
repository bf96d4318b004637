// SnapshotDriver: the frontend's SnapshotHooks (engine/snapshot_hooks.h) over aof/rdb_file —
// SAVE and DEBUG RELOAD write and read dir/dbfilename (the process runs in `dir`), and start-up
// loads dir/dbfilename when the AOF is off. Saves are synchronous for now; a fork-less
// background save will drive the same RdbWriter a key at a time between loop iterations.
#pragma once

#include <string>

#include "engine/engine.h"
#include "engine/snapshot_hooks.h"

namespace ringkv {

class SnapshotDriver final : public SnapshotHooks {
 public:
  explicit SnapshotDriver(Engine& engine) : engine_(engine) {}

  // Loads dir/dbfilename if it exists (start-up with appendonly no). False with a message when
  // the file exists but cannot be loaded.
  bool LoadAtStartup(std::string* error);

  bool Save(std::string* error) override;
  bool Reload(bool save, bool flush, bool merge, std::string* error) override;

 private:
  bool Load(bool merge, std::string* error);
  Engine& engine_;
};

}  // namespace ringkv
