// SnapshotHooks: how the engine asks for snapshot files (SAVE, DEBUG RELOAD) without touching
// files itself. The frontend implements it over aof/rdb_file (frontend/net/snapshot_driver) and
// installs it with Engine::set_snapshot_hooks; with none installed, SAVE fails as a failed save.
#pragma once

#include <string>

namespace ringkv {

class SnapshotHooks {
 public:
  virtual ~SnapshotHooks() = default;
  // Writes the whole dataset to dir/dbfilename now, synchronously. On success the hooks record
  // the save in EngineStats (lastsave, rdb_saves, dirty = 0). False with a message (logged).
  virtual bool Save(std::string* error) = 0;
  // DEBUG RELOAD: save (unless !save), empty every database (unless !flush), load the file back
  // (`merge`: keys of the file replace existing ones instead of being an error).
  virtual bool Reload(bool save, bool flush, bool merge, std::string* error) = 0;
};

}  // namespace ringkv
