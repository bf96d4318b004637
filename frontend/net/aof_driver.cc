#include "frontend/net/aof_driver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "aof/aof_loader.h"
#include "engine/util/clock.h"
#include "engine/util/log.h"

namespace ringkv {

AofDriver::AofDriver(Engine& engine, IoBackend& backend) : engine_(engine), backend_(backend) {
  const std::string& p = engine_.config().appendfsync;
  policy_ = p == "always" ? Policy::kAlways : p == "no" ? Policy::kNo : Policy::kEverySec;
}

AofDriver::~AofDriver() {
  if (fd_ >= 0) ::close(fd_);
}

bool AofDriver::Open(std::string* error) {
  const ServerConfig& cfg = engine_.config();
  dir_ = cfg.appenddirname;  // relative to `dir`, the working directory
  if (::mkdir(dir_.c_str(), 0755) < 0 && errno != EEXIST) {
    *error = "Can't create the append-only directory " + dir_ + ": " + std::strerror(errno);
    return false;
  }
  aof::Manifest manifest;
  bool exists = aof::ReadManifest(dir_, cfg.appendfilename, &manifest, error);
  if (!exists && !error->empty()) return false;
  if (exists) {
    aof::LoadStats stats;
    int64_t start = MonotonicUs();
    if (!aof::LoadAof(dir_, manifest, engine_, cfg.aof_load_truncated, &stats, error)) return false;
    engine_.stats().dirty = 0;
    Log(LogLevel::kNotice, "DB loaded from append only file: %.3f seconds (%llu commands)",
        static_cast<double>(MonotonicUs() - start) / 1e6,
        static_cast<unsigned long long>(stats.commands));
  }
  if (!exists || manifest.incrs.empty()) {
    // First use: an empty base (the dataset is empty: nothing was loaded) and incremental file 1,
    // made visible by writing the manifest last.
    int64_t seq = exists && manifest.has_base ? manifest.base.seq : 1;
    if (!exists) {
      manifest.has_base = true;
      manifest.base = {aof::BaseName(cfg.appendfilename, seq, false), seq, 'b'};
      if (!aof::WriteFileAtomically(dir_, manifest.base.name, "", error)) return false;
    }
    manifest.incrs.push_back({aof::IncrName(cfg.appendfilename, 1), 1, 'i'});
    int fd = ::open((dir_ + "/" + manifest.incrs.back().name).c_str(),
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      *error = std::string("Can't create the AOF file: ") + std::strerror(errno);
      return false;
    }
    ::close(fd);
    if (!aof::WriteFileAtomically(dir_, aof::ManifestName(cfg.appendfilename),
                                  manifest.Serialize(), error))
      return false;
    Log(LogLevel::kNotice, "Creating AOF incr file %s on server start",
        manifest.incrs.back().name.c_str());
  }
  std::string path = dir_ + "/" + manifest.incrs.back().name;
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) {
    *error = "Can't open the append-only file " + path + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  file_size_ = ::fstat(fd_, &st) == 0 ? st.st_size : 0;
  writer_.ForgetDatabase();
  engine_.set_effect_sink(&writer_);
  last_sync_ms_ = WallClockMs();
  return true;
}

void AofDriver::Kick() {
  if (write_inflight_ || !writer_.has_pending() || failed_) return;
  writer_.TakePending(&inflight_);
  write_inflight_ = true;
  bool sync = policy_ == Policy::kAlways && !sync_inflight_;
  if (sync) {
    sync_inflight_ = true;
    sync_target_ = written_ + inflight_.size();
  }
  backend_.WriteFile(fd_, inflight_, kWriteTag, sync, kSyncTag);
}

bool AofDriver::OnFileDone(uint64_t tag, int result) {
  uint64_t before = durable_;
  if (tag == kWriteTag) {
    write_inflight_ = false;
    if (result >= 0 && static_cast<size_t>(result) == inflight_.size()) {
      written_ += inflight_.size();
      file_size_ += static_cast<off_t>(inflight_.size());
      inflight_.clear();
      // A write went through after errors: writes may resume (unless an fsync ever failed).
      if (!engine_.persistence_error().empty() && engine_.aof_fsync_error().empty()) Recovered();
    } else {
      // A short write (disk full) or an error: cut the file back to the last complete write, as
      // Redis does, and keep the bytes to write again.
      int err = result < 0 ? -result : ENOSPC;
      if (::ftruncate(fd_, file_size_) < 0) {
        Log(LogLevel::kWarning, "Could not remove a partial AOF write: %s", std::strerror(errno));
      }
      writer_.Restore(std::move(inflight_));
      inflight_.clear();
      Fail("write", err);
    }
  } else if (tag == kSyncTag) {
    sync_inflight_ = false;
    if (result == 0) {
      synced_ = std::max(synced_, sync_target_);
    } else if (result != -ECANCELED) {
      // An fsync error means the kernel may have dropped dirty pages: never trust this file's
      // unsynced bytes again. Writes stay refused until restart (which replays what is there).
      Fail("fsync", -result);
      Log(LogLevel::kWarning, "fsync of the AOF failed; refusing writes until restart");
    }
  }
  durable_ = policy_ == Policy::kAlways ? synced_ : written_;
  if (policy_ == Policy::kAlways && !sync_inflight_ && synced_ < written_ && !failed_) {
    // Bytes written without a covering fsync (a write that was in flight with another's sync).
    sync_inflight_ = true;
    sync_target_ = written_;
    backend_.SyncFile(fd_, kSyncTag);
  }
  return durable_ != before;
}

void AofDriver::Cron() {
  int64_t now = WallClockMs();
  if (failed_ && !write_inflight_ && writer_.has_pending() && engine_.aof_fsync_error().empty()) {
    failed_ = false;  // retry: Kick writes again; a new failure sets it back
    Kick();
    if (!write_inflight_) failed_ = true;
  }
  if (policy_ == Policy::kEverySec && !sync_inflight_ && synced_ < written_ &&
      now - last_sync_ms_ >= 1000) {
    sync_inflight_ = true;
    sync_target_ = written_;
    last_sync_ms_ = now;
    backend_.SyncFile(fd_, kSyncTag);
  }
}

void AofDriver::Fail(const char* what, int err) {
  // Log the first failure of a run of them, not every retry.
  if (engine_.persistence_error().empty()) {
    Log(LogLevel::kWarning, "Error %s the AOF: %s",
        std::strcmp(what, "write") == 0 ? "writing" : "syncing", std::strerror(err));
  }
  failed_ = true;
  std::string message = std::string("Errors writing to the AOF file: ") + std::strerror(err);
  if (std::strcmp(what, "fsync") == 0) engine_.set_aof_fsync_error(message);
  engine_.set_persistence_error(message);
}

void AofDriver::Recovered() {
  failed_ = false;
  engine_.set_persistence_error("");
  Log(LogLevel::kWarning, "AOF write error looks solved, ringkv can write again.");
}

void AofDriver::FlushAndSyncNow() {
  if (fd_ < 0) return;
  std::string rest;
  writer_.TakePending(&rest);
  if (write_inflight_) return;  // the loop stopped with a write in flight: the kernel finishes it
  size_t done = 0;
  while (done < rest.size()) {
    ssize_t n = ::write(fd_, rest.data() + done, rest.size() - done);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      Log(LogLevel::kWarning, "Error writing the AOF at shutdown: %s", std::strerror(errno));
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd_) < 0) Log(LogLevel::kWarning, "fsync of the AOF at shutdown failed");
}

}  // namespace ringkv
