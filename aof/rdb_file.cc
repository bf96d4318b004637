#include "aof/rdb_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "aof/manifest.h"
#include "engine/rdb/writer.h"
#include "engine/snapshot/point_in_time.h"
#include "engine/scripting/script_engine.h"
#include "engine/util/clock.h"
#include "engine/util/log.h"

namespace ringkv::aof {

namespace {

constexpr size_t kFlushBytes = 1 << 20;
constexpr size_t kReadBytes = 1 << 20;

bool WriteAll(int fd, const std::string& data, std::string* error) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::string("Write error saving DB on disk: ") + std::strerror(errno);
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

// Writes the snapshot body to `fd` a key at a time, flushing the buffer every kFlushBytes.
bool WriteSnapshot(Engine& engine, int fd, bool aof_base, std::string* error) {
  rdb::RdbWriter w(engine.config().rdbcompression);
  WriteSnapshotHead(w, engine, aof_base);
  bool ok = true;
  for (int i = 0; i < engine.db_count() && ok; i++) {
    Database& db = engine.db(i);
    if (db.size() == 0) continue;
    w.WriteSelectDb(i, db.size(), db.expires_size());
    db.ForEach([&](const KeyEntry* e) {
      if (!ok) return;
      w.WriteKey(e->key(), e->value, e->has_expire ? db.GetExpire(e) : -1);
      if (w.buffered() >= kFlushBytes) ok = WriteAll(fd, w.Take(), error);
    });
  }
  if (!ok) return false;
  w.WriteEof();
  return WriteAll(fd, w.Take(), error);
}

}  // namespace

bool SaveRdbFile(Engine& engine, const std::string& dir, const std::string& filename, bool aof_base,
                 std::string* error) {
  std::string tmp_name = "temp-" + std::to_string(::getpid()) + ".rdb";
  std::string tmp = dir + "/" + tmp_name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = "Failed opening the temp RDB file " + tmp_name + " (in server root dir " + dir +
             ") for saving: " + std::strerror(errno);
    return false;
  }
  bool ok = WriteSnapshot(engine, fd, aof_base, error);
  if (ok && ::fsync(fd) < 0) {
    *error = std::string("Failed to fsync the RDB file: ") + std::strerror(errno);
    ok = false;
  }
  if (::close(fd) < 0 && ok) {
    *error = std::string("Failed to close the RDB file: ") + std::strerror(errno);
    ok = false;
  }
  std::string target = dir + "/" + filename;
  if (ok && ::rename(tmp.c_str(), target.c_str()) < 0) {
    *error = "Error moving temp DB file " + tmp_name + " on the final destination " + filename +
             " (in server root dir " + dir + "): " + std::strerror(errno);
    ok = false;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return false;
  }
  return SyncDirectory(dir, error);
}

bool FdSource::Read(void* dst, size_t n) {
  auto* out = static_cast<char*>(dst);
  while (n > 0) {
    if (pos_ == buf_.size()) {
      buf_.resize(kReadBytes);
      ssize_t got;
      do {
        got = ::read(fd_, buf_.data(), buf_.size());
      } while (got < 0 && errno == EINTR);
      if (got <= 0) {
        if (got < 0)
          error_ = std::string("Read error loading the RDB file: ") + std::strerror(errno);
        buf_.clear();
        pos_ = 0;
        return false;
      }
      buf_.resize(static_cast<size_t>(got));
      pos_ = 0;
    }
    size_t take = std::min(n, buf_.size() - pos_);
    std::memcpy(out, buf_.data() + pos_, take);
    out += take;
    pos_ += take;
    n -= take;
  }
  return true;
}

bool LoadRdbStream(rdb::RdbSource& src, Engine& engine, bool preamble, bool merge,
                   RdbLoadStats* stats, uint64_t* consumed, std::string* error) {
  rdb::RdbReader reader(src, engine.arena(),
                        rdb::LimitsFromConfig(engine.config(), engine.db_count()));
  if (!reader.ReadHeader()) {
    *error = reader.error();
    return false;
  }
  int64_t now = WallClockMs();
  uint32_t lru = engine.LruClock();
  const int delay_us = engine.config().key_load_delay;
  uint64_t reported = reader.offset();  // bytes already counted as loaded
  uint64_t keys_seen = 0;
  while (true) {
    // Progress for the loading state (clients are answered -LOADING in between), per key when a
    // key-load-delay slows loading down for tests.
    if (delay_us > 0 || ++keys_seen % 1024 == 0) {
      engine.AddLoadedBytes(reader.offset() - reported);
      reported = reader.offset();
      if (delay_us > 0) ::usleep(static_cast<useconds_t>(delay_us));
    }
    rdb::RdbEntry e;
    rdb::RdbReader::Step step = reader.Next(&e);
    if (step == rdb::RdbReader::Step::kEnd) break;
    if (step == rdb::RdbReader::Step::kError) {
      *error = reader.error();
      return false;
    }
    if (step == rdb::RdbReader::Step::kUnsupported) {
      *error = "Key '" + e.key + "' in DB " + std::to_string(e.db) + " is a " + e.unsupported +
               ": " + e.unsupported +
               "s are not supported yet, so the file is refused rather "
               "than loaded without it";
      return false;
    }
    Database& db = engine.db(e.db);
    if (!preamble && e.expire_ms != -1 && e.expire_ms < now) {
      e.value.Destroy(engine.arena());
      stats->keys_expired++;
      continue;
    }
    KeyEntry* old = db.Find(e.key);
    if (old != nullptr && merge) {
      db.Delete(old);
    } else if (old != nullptr) {
      e.value.Destroy(engine.arena());
      *error = "RDB has duplicated key '" + e.key + "' in DB " + std::to_string(e.db);
      return false;
    }
    KeyEntry* entry = db.Add(e.key, std::move(e.value), lru);
    if (e.expire_ms != -1) db.SetExpire(entry, e.expire_ms);
    stats->keys_loaded++;
  }
  // Function libraries (replacing ones of the same name, as a reload into a running server).
  for (const std::string& code : reader.functions()) {
    std::string name;
    if (!engine.scripting().functions().Load(code, /*replace=*/true, &name, error)) {
      *error = "Failed loading library from the RDB file: " + *error;
      return false;
    }
  }
  stats->empty_keys_skipped += reader.empty_keys_skipped();
  stats->bytes += reader.offset();
  if (consumed != nullptr) *consumed = reader.offset();
  return true;
}

bool LoadRdbFile(const std::string& path, Engine& engine, bool merge, RdbLoadStats* stats,
                 std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "Can't open the RDB file " + path + ": " + std::strerror(errno);
    return false;
  }
  FdSource src(fd);
  bool ok = LoadRdbStream(src, engine, false, merge, stats, nullptr, error);
  ::close(fd);
  if (!ok) *error = "Error loading " + path + ": " + *error;
  return ok;
}

}  // namespace ringkv::aof
