// AofDriver: the AOF on the ring. At start-up it loads (or creates) the AOF directory; then it
// owns the current incremental file, writes what the AofWriter buffered through the IoBackend
// (one write per loop iteration, so one write — and under `appendfsync always` one linked fsync —
// covers every client of that iteration: group commit), and tells the server how far the file is
// durable, so replies to writes leave only after the bytes that hold them are written (and, with
// `always`, synced).
//
// A failed write or fsync (disk full, EIO) is never forgotten: the bytes stay buffered, the engine
// refuses writes with -MISCONF, and the cron retries; once a write succeeds again, writes resume
// and nothing acknowledged was lost.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "aof/aof_writer.h"
#include "aof/manifest.h"
#include "engine/engine.h"
#include "frontend/net/io_backend.h"

namespace ringkv {

class AofDriver {
 public:
  AofDriver(Engine& engine, IoBackend& backend);
  ~AofDriver();

  // Loads the AOF directory into the engine (creating it on first use) and opens the current
  // incremental file for appending. False with a message on failure.
  bool Open(std::string* error);

  // Logical offsets: bytes appended by commands, and bytes durable under the fsync policy.
  uint64_t appended() const { return writer_.appended(); }
  uint64_t durable() const { return durable_; }

  // Starts a write of what is buffered, if none is in flight. Called once per loop iteration.
  // Under everysec and no the write is done at once; true if durable() advanced.
  bool Kick();
  // Completions from the backend (tags from this driver). Returns true if durable() advanced.
  bool OnFileDone(uint64_t tag, int result);
  // Once a second from the cron: the everysec fsync, and retrying after an error. True if
  // durable() advanced.
  bool Cron();
  // A write or fsync is in flight (the loop must run until it completes before exiting).
  bool busy() const { return write_inflight_ || sync_inflight_; }
  // Final flush at shutdown (synchronous: the loop has stopped).
  void FlushAndSyncNow();

  // AOF rewrite (BGREWRITEAOF), Redis 7's way. BeginRewrite, called between loop iterations at
  // the instant the point-in-time snapshot starts and only when no write or fsync is in flight
  // (quiescent()), writes what is buffered to the current incremental file and syncs it (one
  // short synchronous write, once per rewrite), then opens a new incremental file and records it
  // in the manifest (old base + old incrementals + new one, so a crash mid-rewrite loses
  // nothing); every effect from then on goes to the new file. FinishRewrite installs the
  // snapshot written to `temp_base` as the new base: the manifest becomes new base + the
  // incrementals begun since, and the old files are deleted.
  bool quiescent() const { return !write_inflight_ && !sync_inflight_ && !failed_; }
  bool BeginRewrite(std::string* error);
  bool FinishRewrite(const std::string& temp_base, std::string* error);
  // The rewrite failed: the new incremental file simply stays in the manifest.
  void AbortRewrite() { rewrite_incrs_from_ = 0; }
  const std::string& dir() const { return dir_; }
  // DEBUG LOADAOF: flushes the buffer to the file, empties the dataset and loads the AOF again.
  // False with a message (a write in flight, an I/O error, a file that no longer loads).
  bool LoadAgain(std::string* error);

  static constexpr uint64_t kWriteTag = 1;
  static constexpr uint64_t kSyncTag = 2;

 private:
  enum class Policy { kAlways, kEverySec, kNo };
  void Fail(const char* what, int err);
  void Recovered();
  void UpdateSizeStats();
  bool WritePendingNow(std::string* error);
  // Opens dir/name for appending as the current incremental file.
  bool OpenIncr(const std::string& name, std::string* error);

  Engine& engine_;
  IoBackend& backend_;
  aof::AofWriter writer_;
  Policy policy_ = Policy::kEverySec;
  std::string dir_;
  int fd_ = -1;
  std::string inflight_;        // bytes of the write in flight
  bool write_inflight_ = false;
  bool sync_inflight_ = false;
  uint64_t written_ = 0;        // logical offset written to the file
  uint64_t synced_ = 0;         // logical offset fsynced
  uint64_t sync_target_ = 0;    // what the fsync in flight covers
  uint64_t durable_ = 0;
  off_t file_size_ = 0;         // size of the incremental file after the last complete write
  aof::Manifest manifest_;
  int64_t rewrite_incrs_from_ = 0;  // first incremental seq written after the rewrite began
  uint64_t base_size_ = 0;          // bytes of the base file (INFO aof_base_size)
  uint64_t incr_bytes_ = 0;         // bytes of the incremental files in the manifest
  int64_t last_sync_ms_ = 0;
  bool failed_ = false;
};

}  // namespace ringkv
