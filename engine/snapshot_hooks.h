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
  // DEBUG LOADAOF: write the AOF's buffer to its file, empty every database and load the AOF
  // back. False with a message when the AOF is off or cannot be loaded.
  virtual bool LoadAof(std::string* error) = 0;

  // BGSAVE [SCHEDULE] and BGREWRITEAOF: a point-in-time snapshot taken in the background, without
  // fork(). BGSAVE's instant is the command itself, as Redis's fork (inside EXEC, its end: Redis
  // schedules it then); a rewrite's is the end of the loop iteration, when the AOF switches
  // files. Only one runs at a time; the other kind waits (is "scheduled"). Each returns the reply
  // line, "+..." or "-..." (without CRLF), as Redis words it.
  virtual std::string RequestBackgroundSave(bool schedule, bool in_exec) = 0;
  virtual std::string RequestAofRewrite() = 0;
  virtual bool BackgroundSaveInProgress() const = 0;
  virtual bool AofRewriteInProgress() const = 0;
};

}  // namespace ringkv
