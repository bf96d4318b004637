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
  aof::Manifest& manifest = manifest_;
  bool exists = aof::ReadManifest(dir_, cfg.appendfilename, &manifest, error);
  if (!exists && !error->empty()) return false;
  if (exists) {
    aof::LoadStats stats;
    int64_t start = MonotonicUs();
    uint64_t total = 0;
    struct stat fst;
    if (manifest.has_base && ::stat((dir_ + "/" + manifest.base.name).c_str(), &fst) == 0) {
      total += static_cast<uint64_t>(fst.st_size);
    }
    for (const aof::AofFile& f : manifest.incrs) {
      if (::stat((dir_ + "/" + f.name).c_str(), &fst) == 0) total += static_cast<uint64_t>(fst.st_size);
    }
    engine_.StartLoading(total);
    bool loaded = aof::LoadAof(dir_, manifest, engine_, cfg.aof_load_truncated, &stats, error);
    engine_.StopLoading();
    if (!loaded) return false;
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
  if (!OpenIncr(manifest.incrs.back().name, error)) return false;
  // Sizes for INFO and the automatic rewrite: the base and every incremental file.
  struct stat st;
  base_size_ = manifest.has_base && ::stat((dir_ + "/" + manifest.base.name).c_str(), &st) == 0
                   ? static_cast<uint64_t>(st.st_size)
                   : 0;
  incr_bytes_ = 0;
  for (const aof::AofFile& f : manifest.incrs) {
    if (::stat((dir_ + "/" + f.name).c_str(), &st) == 0) incr_bytes_ += st.st_size;
  }
  UpdateSizeStats();
  engine_.set_effect_sink(&writer_);
  last_sync_ms_ = WallClockMs();
  return true;
}

bool AofDriver::OpenIncr(const std::string& name, std::string* error) {
  std::string path = dir_ + "/" + name;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = "Can't open the append-only file " + path + ": " + std::strerror(errno);
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  struct stat st;
  file_size_ = ::fstat(fd_, &st) == 0 ? st.st_size : 0;
  // A new incremental file starts in no database.
  writer_.ForgetDatabase();
  return true;
}

void AofDriver::UpdateSizeStats() {
  engine_.stats().aof_base_size = base_size_;
  engine_.stats().aof_current_size = base_size_ + incr_bytes_;
}

// Writes what is buffered to the current incremental file and syncs it, synchronously (the
// caller made sure no write is in flight).
namespace {

// write() of all of `data`: the bytes written (fewer on a full disk), or -errno.
int64_t WriteNow(int fd, std::string_view data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return done > 0 ? static_cast<int64_t>(done) : -errno;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<int64_t>(done);
}

}  // namespace

bool AofDriver::WritePendingNow(std::string* error) {
  if (writer_.has_pending()) {
    std::string rest;
    writer_.TakePending(&rest);
    int64_t n = WriteNow(fd_, rest);
    if (n != static_cast<int64_t>(rest.size())) {
      if (::ftruncate(fd_, file_size_) < 0) {
        Log(LogLevel::kWarning, "Could not remove a partial AOF write: %s", std::strerror(errno));
      }
      writer_.Restore(std::move(rest));
      *error = std::string("Error writing the AOF: ") + std::strerror(n < 0 ? -n : ENOSPC);
      return false;
    }
    written_ += rest.size();
    file_size_ += static_cast<off_t>(rest.size());
    incr_bytes_ += rest.size();
  }
  if (::fdatasync(fd_) < 0) {
    *error = std::string("Error syncing the AOF: ") + std::strerror(errno);
    return false;
  }
  synced_ = written_;
  durable_ = written_;
  return true;
}

// DEBUG LOADAOF, as Redis: the buffered bytes go to the file first, then every database is
// emptied and the files are replayed. The replay is not propagated (it is what the AOF holds).
bool AofDriver::LoadAgain(std::string* error) {
  if (write_inflight_ || failed_) {
    *error = "the AOF has a write in flight or failing";
    return false;
  }
  if (!WritePendingNow(error)) return false;
  for (int i = 0; i < engine_.db_count(); i++) engine_.FlushDatabase(i, false);
  engine_.set_effect_sink(nullptr);
  aof::LoadStats stats;
  bool ok = aof::LoadAof(dir_, manifest_, engine_, engine_.config().aof_load_truncated, &stats,
                         error);
  engine_.set_effect_sink(&writer_);
  engine_.stats().dirty = 0;
  if (ok) Log(LogLevel::kWarning, "Append Only File loaded by DEBUG LOADAOF");
  return ok;
}

bool AofDriver::BeginRewrite(std::string* error) {
  if (!quiescent()) {
    *error = "the AOF has a write in flight";
    return false;
  }
  // What commands before this instant appended goes to the current file, synced, so the old
  // chain (base + incrementals) is complete by itself.
  if (!WritePendingNow(error)) return false;
  const std::string& prefix = engine_.config().appendfilename;
  int64_t seq = manifest_.CurrentIncrSeq() + 1;
  aof::Manifest next = manifest_;
  next.incrs.push_back({aof::IncrName(prefix, seq), seq, 'i'});
  int fd = ::open((dir_ + "/" + next.incrs.back().name).c_str(),
                  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = std::string("Can't create the AOF incr file: ") + std::strerror(errno);
    return false;
  }
  ::close(fd);
  if (!aof::WriteFileAtomically(dir_, aof::ManifestName(prefix), next.Serialize(), error)) {
    return false;
  }
  manifest_ = std::move(next);
  if (!OpenIncr(manifest_.incrs.back().name, error)) return false;
  rewrite_incrs_from_ = seq;
  Log(LogLevel::kNotice, "Creating AOF incr file %s on background rewrite",
      manifest_.incrs.back().name.c_str());
  return true;
}

bool AofDriver::FinishRewrite(const std::string& temp_base, std::string* error) {
  const std::string& prefix = engine_.config().appendfilename;
  aof::Manifest next;
  next.has_base = true;
  int64_t seq = (manifest_.has_base ? manifest_.base.seq : 0) + 1;
  next.base = {aof::BaseName(prefix, seq, true), seq, 'b'};
  std::vector<aof::AofFile> old;
  if (manifest_.has_base) old.push_back(manifest_.base);
  uint64_t kept_bytes = 0;
  struct stat st;
  for (const aof::AofFile& f : manifest_.incrs) {
    if (f.seq >= rewrite_incrs_from_) {
      next.incrs.push_back(f);
      if (::stat((dir_ + "/" + f.name).c_str(), &st) == 0) kept_bytes += st.st_size;
    } else {
      old.push_back(f);
    }
  }
  old.insert(old.end(), manifest_.history.begin(), manifest_.history.end());
  std::string base_path = dir_ + "/" + next.base.name;
  if (::rename(temp_base.c_str(), base_path.c_str()) < 0) {
    *error = "Error trying to rename the temporary AOF base file " + temp_base + " into " +
             next.base.name + ": " + std::strerror(errno);
    return false;
  }
  if (!aof::WriteFileAtomically(dir_, aof::ManifestName(prefix), next.Serialize(), error)) {
    ::unlink(base_path.c_str());
    return false;
  }
  // The new manifest no longer names them: a crash before they are gone leaves only orphans.
  for (const aof::AofFile& f : old) ::unlink((dir_ + "/" + f.name).c_str());
  manifest_ = std::move(next);
  rewrite_incrs_from_ = 0;
  base_size_ = ::stat(base_path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  incr_bytes_ = kept_bytes;
  UpdateSizeStats();
  Log(LogLevel::kNotice, "Background AOF rewrite finished successfully");
  return true;
}

bool AofDriver::Kick() {
  if (write_inflight_ || !writer_.has_pending() || failed_) return false;
  writer_.TakePending(&inflight_);
  write_inflight_ = true;
  if (policy_ != Policy::kAlways) {
    // everysec / no: write() here, as Redis does before replying. The bytes only reach the page
    // cache, which is cheaper inline than as a ring round trip (a buffered file write goes to an
    // io-wq worker and its completion is seen an iteration later): measured, that path gave a
    // single client 0.42x Redis's SET rate under everysec. Fsyncs stay on the ring.
    int64_t n = WriteNow(fd_, inflight_);
    return OnFileDone(kWriteTag, n < 0 ? static_cast<int>(n)
                                       : static_cast<int>(std::min<int64_t>(n, INT32_MAX)));
  }
  bool sync = policy_ == Policy::kAlways && !sync_inflight_;
  if (sync) {
    sync_inflight_ = true;
    sync_target_ = written_ + inflight_.size();
  }
  backend_.WriteFile(fd_, inflight_, kWriteTag, sync, kSyncTag);
  return false;
}

bool AofDriver::OnFileDone(uint64_t tag, int result) {
  uint64_t before = durable_;
  if (tag == kWriteTag) {
    write_inflight_ = false;
    if (result >= 0 && static_cast<size_t>(result) == inflight_.size()) {
      written_ += inflight_.size();
      file_size_ += static_cast<off_t>(inflight_.size());
      incr_bytes_ += inflight_.size();
      UpdateSizeStats();
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

bool AofDriver::Cron() {
  int64_t now = WallClockMs();
  bool advanced = false;
  if (failed_ && !write_inflight_ && writer_.has_pending() && engine_.aof_fsync_error().empty()) {
    failed_ = false;  // retry: Kick writes again; a new failure sets it back
    advanced = Kick();
    if (!write_inflight_ && writer_.has_pending()) failed_ = true;
  }
  if (policy_ == Policy::kEverySec && !sync_inflight_ && synced_ < written_ &&
      now - last_sync_ms_ >= 1000) {
    sync_inflight_ = true;
    sync_target_ = written_;
    last_sync_ms_ = now;
    backend_.SyncFile(fd_, kSyncTag);
  }
  return advanced;
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
