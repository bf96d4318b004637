// SnapshotDriver: the frontend's SnapshotHooks (engine/snapshot_hooks.h) over aof/rdb_file and
// engine/snapshot/point_in_time.
//
// SAVE and DEBUG RELOAD write and read dir/dbfilename synchronously (the process runs in `dir`),
// and start-up loads it when the AOF is off. BGSAVE and BGREWRITEAOF run in the background
// without fork(): a requested job starts between two loop iterations (Pump), so the snapshot
// holds exactly the commands run before that instant; each iteration then advances the walk by a
// bounded chunk and writes it through the ring at its offset in a temp file; the last chunk is
// followed by an fsync, the rename over the target and a directory fsync. A write error abandons
// the job (the previous files stay as they were) and is reported in INFO.
#pragma once

#include <memory>
#include <string>

#include "engine/engine.h"
#include "engine/snapshot/point_in_time.h"
#include "engine/snapshot_hooks.h"
#include "frontend/net/io_backend.h"

namespace ringkv {

class AofDriver;

class SnapshotDriver final : public SnapshotHooks {
 public:
  explicit SnapshotDriver(Engine& engine) : engine_(engine) {}
  ~SnapshotDriver() override;

  // Background jobs write through `backend`; AOF rewrites need `aof` (nullptr when the AOF is
  // off, in which case BGREWRITEAOF is refused).
  void AttachLoop(IoBackend* backend, AofDriver* aof) {
    backend_ = backend;
    aof_ = aof;
  }

  // Loads dir/dbfilename if it exists (start-up with appendonly no). False with a message when
  // the file exists but cannot be loaded.
  bool LoadAtStartup(std::string* error);

  bool Save(std::string* error) override;
  bool Reload(bool save, bool flush, bool merge, std::string* error) override;
  bool LoadAof(std::string* error) override;
  std::string RequestBackgroundSave(bool schedule, bool in_exec) override;
  std::string RequestAofRewrite() override;
  bool BackgroundSaveInProgress() const override { return job_ && job_->kind == Kind::kSave; }
  bool AofRewriteInProgress() const override { return job_ && job_->kind == Kind::kRewrite; }

  // Once per loop iteration, before the AOF's Kick: starts a requested job, advances the one in
  // progress and submits its next write.
  void Pump();
  // Completions of this driver's writes (tags kWriteTag/kSyncTag); false for other tags.
  bool OnFileDone(uint64_t tag, int result);
  // A write or fsync is in flight (the loop must run until it completes before exiting).
  bool busy() const { return job_ && (job_->write_inflight || job_->sync_inflight); }
  // Shutdown: abandons a job in progress, removing its temp file.
  void Abandon();

  static constexpr uint64_t kWriteTag = 3;
  static constexpr uint64_t kSyncTag = 4;

 private:
  enum class Kind { kSave, kRewrite };
  struct Job {
    Kind kind;
    std::unique_ptr<PointInTimeSnapshot> snapshot;
    int fd = -1;
    std::string temp_path;
    uint64_t offset = 0;      // bytes written or submitted so far
    std::string inflight;     // the chunk being written
    bool write_inflight = false;
    bool sync_inflight = false;
    uint64_t dirty_at_start = 0;
    std::string error;        // set on failure: the job ends at the next Pump
  };

  bool Load(bool merge, std::string* error);
  bool Start(Kind kind);
  void Finish();
  void Fail(const std::string& why);
  void End(bool ok);
  // Writes a chunk synchronously at the job's offset (captures overflowing the buffer).
  void SpillNow(std::string&& bytes);

  Engine& engine_;
  IoBackend* backend_ = nullptr;
  AofDriver* aof_ = nullptr;
  std::unique_ptr<Job> job_;
  bool save_requested_ = false;
  bool rewrite_requested_ = false;
};

}  // namespace ringkv
