#include "tools/inspect/source.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "aof/manifest.h"
#include "aof/rdb_file.h"
#include "engine/config/server_config.h"
#include "engine/engine.h"
#include "engine/rdb/reader.h"
#include "tools/inspect/progress.h"
#include "tools/inspect/stream_keys.h"

namespace ringkv::inspect {

namespace {

// Inspect reads files from servers configured with any number of databases: the reader's bound
// only guards against absurd SELECTDB numbers.
constexpr int kMaxDatabases = 1 << 16;

std::string Basename(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// An RDB file, streamed a key at a time through the server's RdbReader.
class RdbFileSource final : public Source {
 public:
  RdbFileSource(std::string path, bool progress, uint64_t size)
      : Source(std::move(path), progress), size_(size) {}

  bool ForEach(const Visitor& fn) override {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error_ = "can't open " + path_ + ": " + std::strerror(errno);
      return false;
    }
    bool ok = Walk(fd, fn);
    ::close(fd);
    return ok;
  }

  std::string Describe() const override {
    std::string d = "RDB file " + path_ + " (" + std::to_string(size_) + " bytes";
    if (version_ > 0) d += ", RDB version " + std::to_string(version_);
    if (!redis_ver_.empty()) d += ", redis-ver " + redis_ver_;
    return d + ")";
  }

 private:
  bool Walk(int fd, const Visitor& fn) {
    aof::FdSource src(fd);
    MallocArena arena;
    rdb::LoadLimits limits;
    limits.databases = kMaxDatabases;
    rdb::RdbReader reader(src, arena, limits);
    if (!reader.ReadHeader()) return Fault(reader);
    version_ = reader.version();
    Progress bar(Basename(path_), size_, progress_);
    uint64_t keys = 0;
    bool go_on = true;
    while (go_on) {
      rdb::RdbEntry e;
      rdb::RdbReader::Step step = reader.Next(&e);
      if (step == rdb::RdbReader::Step::kEnd) break;
      if (step == rdb::RdbReader::Step::kError) return Fault(reader);
      if (keys == 0) NoteAux(reader);  // aux fields precede the keys
      KeyView k;
      k.db = e.db;
      k.key = e.key;
      k.expire_ms = e.expire_ms;
      if (step == rdb::RdbReader::Step::kUnsupported) {
        k.unsupported = e.unsupported;
        go_on = fn(k);
      } else {
        k.value = &e.value;
        HideUndecodedValue(&k);
        go_on = fn(k);
        e.value.Destroy(arena);
      }
      bar.Update(reader.offset(), ++keys);
    }
    NoteAux(reader);
    return true;
  }

  bool Fault(const rdb::RdbReader& reader) {
    error_ = path_ + ": " + reader.error();
    return false;
  }

  void NoteAux(const rdb::RdbReader& reader) {
    for (const auto& [k, v] : reader.aux()) {
      if (k == "redis-ver") redis_ver_ = v;
    }
  }

  uint64_t size_;
  int version_ = 0;
  std::string redis_ver_;
};

// An AOF directory, replayed into a scratch engine through the server's loader.
class AofDirSource final : public Source {
 public:
  AofDirSource(std::string dir, std::string prefix, aof::Manifest manifest, bool progress)
      : Source(std::move(dir), progress),
        prefix_(std::move(prefix)),
        manifest_(std::move(manifest)) {
    config_.databases = 16;
  }

  bool ForEach(const Visitor& fn) override {
    if (!Load()) return false;
    bool go_on = true;
    for (int i = 0; i < engine_->db_count() && go_on; i++) {
      Database& db = engine_->db(i);
      db.ForEach([&](const KeyEntry* e) {
        if (!go_on) return;
        KeyView k;
        k.db = i;
        k.key = e->key();
        k.value = &e->value;
        k.expire_ms = e->has_expire ? db.GetExpire(e) : -1;
        HideUndecodedValue(&k);
        go_on = fn(k);
      });
    }
    return true;
  }

  std::string Describe() const override {
    std::string d = "AOF directory " + path_ + " (manifest " + aof::ManifestName(prefix_) + ": ";
    if (manifest_.has_base) d += "base " + manifest_.base.name + ", ";
    d += std::to_string(manifest_.incrs.size()) + " incremental file(s)";
    if (loaded_) d += ", " + std::to_string(stats_.commands) + " commands";
    return d + ")";
  }

  const aof::LoadStats* aof_stats() const override { return loaded_ ? &stats_ : nullptr; }
  bool is_aof() const override { return true; }

 private:
  bool Load() {
    if (loaded_) return true;
    if (progress_) std::fprintf(stderr, "replaying %s...", path_.c_str());
    engine_ = std::make_unique<Engine>(config_);
    std::string err;
    // load_truncated=false: inspect never writes to the files it reads.
    bool ok = aof::LoadAof(path_, manifest_, *engine_, false, &stats_, &err);
    if (progress_) std::fputs("\r\033[K", stderr);
    loaded_ = true;
    if (!ok) error_ = path_ + ": " + err;
    if (ok && stats_.rejected > 0) {
      // The server would load this directory without these commands' effects: say so.
      std::fprintf(stderr,
                   "ringkv-inspect: warning: %llu command(s) of %s were refused by the engine and "
                   "have no effect in what follows (run verify); the first: %s\n",
                   static_cast<unsigned long long>(stats_.rejected), path_.c_str(),
                   stats_.first_rejected.c_str());
    }
    return ok;
  }

  std::string prefix_;
  aof::Manifest manifest_;
  ServerConfig config_;
  std::unique_ptr<Engine> engine_;
  aof::LoadStats stats_;
  bool loaded_ = false;
};

// The manifest's prefix in `dir`: the one *.manifest file there ("appendonly.aof" for
// appendonly.aof.manifest). "" if there is none; an error if there are several.
bool FindManifestPrefix(const std::string& dir, std::string* prefix, std::string* error) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    *error = "can't open directory " + dir + ": " + std::strerror(errno);
    return false;
  }
  prefix->clear();
  constexpr std::string_view kSuffix = ".manifest";
  int found = 0;
  while (dirent* ent = ::readdir(d)) {
    std::string_view name = ent->d_name;
    if (name.size() > kSuffix.size() && name.substr(0, 5) != "temp-" &&
        name.substr(name.size() - kSuffix.size()) == kSuffix) {
      prefix->assign(name.substr(0, name.size() - kSuffix.size()));
      found++;
    }
  }
  ::closedir(d);
  if (found == 0) {
    *error = dir + " holds no AOF manifest (*.manifest)";
    return false;
  }
  if (found > 1) {
    *error = dir + " holds more than one AOF manifest; pass the manifest file itself";
    return false;
  }
  return true;
}

std::unique_ptr<Source> OpenAof(const std::string& dir, const std::string& prefix, bool progress,
                                std::string* error) {
  aof::Manifest manifest;
  std::string err;
  if (!aof::ReadManifest(dir, prefix, &manifest, &err)) {
    *error = dir + "/" + aof::ManifestName(prefix) + ": " + (err.empty() ? "can't read it" : err);
    return nullptr;
  }
  return std::make_unique<AofDirSource>(dir, prefix, std::move(manifest), progress);
}

}  // namespace

bool StderrIsTerminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

bool FindAofManifest(const std::string& path, std::string* dir, std::string* prefix,
                     std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) < 0) {
    *error = "can't open " + path + ": " + std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *dir = path;
    return FindManifestPrefix(path, prefix, error);
  }
  constexpr std::string_view kSuffix = ".manifest";
  if (path.size() <= kSuffix.size() || path.substr(path.size() - kSuffix.size()) != kSuffix) {
    *error = path + " is neither an AOF directory nor an AOF manifest (*.manifest)";
    return false;
  }
  size_t slash = path.find_last_of('/');
  *dir = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  *prefix = name.substr(0, name.size() - kSuffix.size());
  return true;
}

std::unique_ptr<Source> Source::Open(const std::string& path, bool progress, std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) < 0) {
    *error = "can't open " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  std::string dir, prefix;
  constexpr std::string_view kSuffix = ".manifest";
  if (S_ISDIR(st.st_mode) ||
      (path.size() > kSuffix.size() && path.substr(path.size() - kSuffix.size()) == kSuffix)) {
    if (!FindAofManifest(path, &dir, &prefix, error)) return nullptr;
    return OpenAof(dir, prefix, progress, error);
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "can't open " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  char magic[5] = {};
  ssize_t n = ::pread(fd, magic, sizeof(magic), 0);
  ::close(fd);
  if (n == 5 && std::memcmp(magic, "REDIS", 5) == 0) {
    return std::make_unique<RdbFileSource>(path, progress, static_cast<uint64_t>(st.st_size));
  }
  if (n >= 1 && magic[0] == '*') {
    *error = path + " is an AOF file, not a snapshot: pass the AOF directory (with its manifest)";
  } else {
    *error = path + " is not an RDB file (it does not start with \"REDIS\") nor an AOF directory";
  }
  return nullptr;
}

}  // namespace ringkv::inspect
