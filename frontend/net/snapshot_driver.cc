#include "frontend/net/snapshot_driver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "aof/manifest.h"
#include "aof/rdb_file.h"
#include "engine/errors.h"
#include "frontend/net/aof_driver.h"
#include "engine/util/clock.h"
#include "engine/util/log.h"

namespace ringkv {

namespace {

// A background snapshot advances by about this much per loop iteration: one write on the ring,
// and a bounded pause for the clients served in the same iteration.
constexpr size_t kChunkBytes = 64 << 10;
// Captures (keys written just before a command changes them) that pile up beyond this within one
// iteration are written at once, synchronously, so memory stays bounded.
constexpr size_t kSpillBytes = 16 << 20;

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
  engine_.StartLoading(static_cast<uint64_t>(st.st_size));
  bool ok = Load(false, error);
  engine_.StopLoading();
  if (!ok) return false;
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

bool SnapshotDriver::LoadAof(std::string* error) {
  if (aof_ == nullptr) {
    *error = "the AOF is off";
    return false;
  }
  return aof_->LoadAgain(error);
}

SnapshotDriver::~SnapshotDriver() { Abandon(); }

std::string SnapshotDriver::RequestBackgroundSave(bool schedule, bool in_exec) {
  if (BackgroundSaveInProgress()) return std::string("-") + std::string(errors::kBgsaveInProgress);
  if (job_ || rewrite_requested_ || in_exec) {
    if (!schedule && !in_exec) {
      return "-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE "
             "SCHEDULE in order to schedule a BGSAVE whenever possible.";
    }
    save_requested_ = true;
    return "+Background saving scheduled";
  }
  if (backend_ == nullptr || !Start(Kind::kSave)) return "-ERR";
  return "+Background saving started";
}

std::string SnapshotDriver::RequestAofRewrite() {
  if (AofRewriteInProgress()) {
    return "-ERR Background append only file rewriting already in progress";
  }
  if (aof_ == nullptr) {
    return "-ERR Can't execute an AOF background rewriting. Please check the server logs for more "
           "information.";
  }
  if (rewrite_requested_) return "+Background append only file rewriting scheduled";
  rewrite_requested_ = true;
  if (job_ || save_requested_) {
    engine_.stats().aof_rewrite_scheduled = true;
    engine_.stats().aof_rewrites_consecutive_failures = 0;
    return "+Background append only file rewriting scheduled";
  }
  return "+Background append only file rewriting started";
}

void SnapshotDriver::Pump() {
  if (backend_ == nullptr) return;
  if (!job_) {
    // Each starts only where the previous iteration's commands have all been applied and their
    // effects handed to the AOF, so the snapshot and the AOF agree on the instant.
    if (rewrite_requested_) {
      // The AOF must have nothing in flight for its files to switch (AofDriver::BeginRewrite).
      if (aof_->quiescent()) {
        rewrite_requested_ = false;
        engine_.stats().aof_rewrite_scheduled = false;
        Start(Kind::kRewrite);
      }
    } else if (save_requested_) {
      save_requested_ = false;
      Start(Kind::kSave);
    }
    if (!job_) return;
  }
  Job& j = *job_;
  if (j.write_inflight || j.sync_inflight) return;
  if (!j.error.empty()) return End(false);
  if (!j.snapshot->done()) {
    int delay_us = engine_.config().rdb_key_save_delay;
    if (delay_us > 0) ::usleep(static_cast<useconds_t>(delay_us));
    j.snapshot->Step(delay_us > 0 ? 1 : kChunkBytes);
  }
  if (j.snapshot->buffered() > 0) {
    j.inflight = j.snapshot->Take();
    j.write_inflight = true;
    backend_->WriteFileAt(j.fd, j.inflight, j.offset, kWriteTag);
    j.offset += j.inflight.size();
    return;
  }
  if (j.snapshot->done()) {
    // The walk is over: the dataset may change freely again.
    engine_.set_snapshot(nullptr);
    j.sync_inflight = true;
    backend_->SyncFile(j.fd, kSyncTag);
  }
}

bool SnapshotDriver::Start(Kind kind) {
  EngineStats& st = engine_.stats();
  int64_t now = WallClockMs();
  auto job = std::make_unique<Job>();
  job->kind = kind;
  std::string dir = kind == Kind::kSave ? WorkingDir() : aof_->dir();
  job->temp_path = dir + "/" +
                   (kind == Kind::kSave ? "temp-bgsave-" : "temp-rewriteaof-bg-") +
                   std::to_string(::getpid()) + (kind == Kind::kSave ? ".rdb" : ".aof");
  if (kind == Kind::kSave) {
    st.lastbgsave_try_s = now / 1000;
  }
  std::string error;
  if (kind == Kind::kRewrite && !aof_->BeginRewrite(&error)) {
    Log(LogLevel::kWarning, "Can't rewrite append only file in background: %s", error.c_str());
    st.aof_last_bgrewrite_ok = false;
    st.aof_rewrites_consecutive_failures++;
    return false;
  }
  job->fd = ::open(job->temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (job->fd < 0) {
    Log(LogLevel::kWarning, "Failed opening the temp file %s for a background save: %s",
        job->temp_path.c_str(), std::strerror(errno));
    if (kind == Kind::kSave) {
      st.rdb_last_bgsave_ok = false;
    } else {
      aof_->AbortRewrite();
      st.aof_last_bgrewrite_ok = false;
      st.aof_rewrites_consecutive_failures++;
    }
    return false;
  }
  job->dirty_at_start = st.dirty;
  job->snapshot = std::make_unique<PointInTimeSnapshot>(
      engine_, kind == Kind::kRewrite, kSpillBytes,
      [this](std::string&& bytes) { SpillNow(std::move(bytes)); });
  (kind == Kind::kSave ? st.rdb_bgsave_start_ms : st.aof_rewrite_start_ms) = now;
  engine_.set_snapshot(job->snapshot.get());
  job_ = std::move(job);
  Log(LogLevel::kNotice, "%s started (point-in-time, no fork)",
      kind == Kind::kSave ? "Background saving" : "Background append only file rewriting");
  return true;
}

void SnapshotDriver::SpillNow(std::string&& bytes) {
  Job& j = *job_;
  if (!j.error.empty()) return;  // the job is failing: nothing more is written
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(j.fd, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(j.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Fail(std::string("Write error saving DB on disk: ") +
                            std::strerror(n < 0 ? errno : ENOSPC));
    done += static_cast<size_t>(n);
  }
  j.offset += bytes.size();
}

bool SnapshotDriver::OnFileDone(uint64_t tag, int result) {
  if ((tag != kWriteTag && tag != kSyncTag) || !job_) return false;
  Job& j = *job_;
  if (tag == kWriteTag) {
    j.write_inflight = false;
    bool complete = result >= 0 && static_cast<size_t>(result) == j.inflight.size();
    std::string().swap(j.inflight);
    if (!complete) {
      Fail(std::string("Write error saving DB on disk: ") +
           std::strerror(result < 0 ? -result : ENOSPC));
    }
  } else {
    j.sync_inflight = false;
    if (result < 0) Fail(std::string("Failed to fsync the snapshot: ") + std::strerror(-result));
    else if (j.error.empty()) Finish();
  }
  if (job_ && !job_->error.empty() && !busy()) End(false);
  return true;
}

void SnapshotDriver::Finish() {
  Job& j = *job_;
  if (::close(j.fd) < 0) {
    j.fd = -1;
    return Fail(std::string("Failed to close the snapshot: ") + std::strerror(errno));
  }
  j.fd = -1;
  std::string error;
  if (j.kind == Kind::kSave) {
    const std::string& target = engine_.config().dbfilename;
    if (::rename(j.temp_path.c_str(), target.c_str()) < 0) {
      return Fail("Error moving temp DB file on the final destination " + target + ": " +
                  std::strerror(errno));
    }
    if (!aof::SyncDirectory(WorkingDir(), &error)) return Fail(error);
  } else if (!aof_->FinishRewrite(j.temp_path, &error)) {
    return Fail(error);
  }
  End(true);
}

void SnapshotDriver::Fail(const std::string& why) {
  if (!job_->error.empty()) return;
  job_->error = why;
  Log(LogLevel::kWarning, "%s", why.c_str());
}

void SnapshotDriver::End(bool ok) {
  Job& j = *job_;
  EngineStats& st = engine_.stats();
  int64_t now = WallClockMs();
  if (j.fd >= 0) ::close(j.fd);
  if (!ok) ::unlink(j.temp_path.c_str());
  const char* what = j.kind == Kind::kSave ? "Background saving" : "Background AOF rewrite";
  if (ok) {
    Log(LogLevel::kNotice, "%s terminated with success (%llu keys, %llu written before a change)",
        what, static_cast<unsigned long long>(j.snapshot->keys_written()),
        static_cast<unsigned long long>(j.snapshot->keys_captured()));
  } else {
    Log(LogLevel::kWarning, "%s failed", what);
  }
  if (j.kind == Kind::kSave) {
    st.rdb_last_bgsave_time_s = (now - st.rdb_bgsave_start_ms) / 1000;
    st.rdb_bgsave_start_ms = 0;
    st.rdb_last_bgsave_ok = ok;
    if (ok) {
      // Changes made while the snapshot was written are not in it.
      st.dirty -= std::min(st.dirty, j.dirty_at_start);
      st.lastsave_s = now / 1000;
      st.rdb_saves++;
    }
  } else {
    st.aof_last_rewrite_time_s = (now - st.aof_rewrite_start_ms) / 1000;
    st.aof_rewrite_start_ms = 0;
    st.aof_last_bgrewrite_ok = ok;
    if (ok) {
      st.aof_rewrites++;
      st.aof_rewrites_consecutive_failures = 0;
    } else {
      aof_->AbortRewrite();
      st.aof_rewrites_consecutive_failures++;
    }
  }
  engine_.set_snapshot(nullptr);
  job_.reset();
}

void SnapshotDriver::Abandon() {
  if (!job_) return;
  if (job_->fd >= 0) ::close(job_->fd);
  ::unlink(job_->temp_path.c_str());
  engine_.set_snapshot(nullptr);
  if (job_->kind == Kind::kSave) engine_.stats().rdb_bgsave_start_ms = 0;
  else engine_.stats().aof_rewrite_start_ms = 0;
  job_.reset();
}

}  // namespace ringkv
