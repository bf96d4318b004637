#include "aof/aof_loader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "aof/rdb_file.h"
#include "engine/util/log.h"
#include "frontend/resp/request_parser.h"

namespace ringkv::aof {

namespace {

// Swallows replies; remembers the error of the last command that failed.
class LoadReply final : public ReplyBuilder {
 public:
  void SimpleString(std::string_view) override {}
  void Integer(int64_t) override {}
  void Bulk(std::string_view) override {}
  void Null() override {}
  void NullArray() override {}
  void Double(double) override {}
  void Bool(bool) override {}
  void Array(int64_t) override {}
  void Map(int64_t) override {}
  void Set(int64_t) override {}
  void Push(int64_t) override {}
  void Verbatim(std::string_view) override {}
  int Protocol() const override { return 2; }

  bool failed = false;
  std::string error;

 protected:
  void WriteError(std::string_view e) override {
    if (!failed) error.assign(e);
    failed = true;
  }
};

// Records where loading failed, for callers that report or repair it.
void NoteFault(LoadStats* stats, const AofFile& file, uint64_t offset, bool truncated) {
  stats->fault_file = file.name;
  stats->fault_offset = offset;
  stats->fault_truncated = truncated;
}

bool LoadFile(const std::string& dir, const AofFile& file, bool is_last, Engine& engine,
              Session& session, bool load_truncated, LoadStats* stats, std::string* error) {
  std::string path = dir + "/" + file.name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "Can't open the append-only file " + path + ": " + std::strerror(errno);
    return false;
  }
  uint64_t file_offset = 0;  // offset of buf[0] in the file
  char magic[5] = {};
  ssize_t m = ::pread(fd, magic, sizeof(magic), 0);
  if (m == 5 && std::memcmp(magic, "REDIS", 5) == 0) {
    // An RDB preamble (aof-use-rdb-preamble): load it, then replay the commands after it.
    FdSource src(fd);
    RdbLoadStats rdb_stats;
    uint64_t consumed = 0;
    if (!LoadRdbStream(src, engine, true, false, &rdb_stats, &consumed, error)) {
      NoteFault(stats, file, 0, false);  // the reader's message holds the offset
      *error = "Error loading the RDB preamble of the AOF file " + file.name + ": " + *error;
      ::close(fd);
      return false;
    }
    if (::lseek(fd, static_cast<off_t>(consumed), SEEK_SET) < 0) {
      *error = "Error seeking in the append only file " + path + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    file_offset = consumed;
    stats->bytes += consumed;
  }

  resp::RequestParser parser;
  resp::ParserLimits limits;  // the AOF is trusted up to Redis's own bulk limit
  std::vector<std::string_view> args;
  std::string buf;
  LoadReply reply;
  // Where the open MULTI block began (the file's offset of its MULTI): a block with no EXEC at
  // the end of the file is cut off whole, as Redis's "Revert incomplete MULTI/EXEC transaction".
  uint64_t multi_start = 0;
  std::vector<char> chunk(1 << 20);
  bool eof = false;
  while (true) {
    size_t consumed = 0;
    while (consumed < buf.size()) {
      if (buf[consumed] != '*') {
        NoteFault(stats, file, file_offset + consumed, false);
        *error = "Bad file format reading the append only file " + file.name + " at offset " +
                 std::to_string(file_offset + consumed) + ": a command must start with '*'";
        ::close(fd);
        return false;
      }
      resp::ParseResult r = parser.Parse(std::string_view(buf).substr(consumed), limits, &args);
      if (r.status == resp::ParseStatus::kNeedMore) break;
      if (r.status == resp::ParseStatus::kError) {
        NoteFault(stats, file, file_offset + consumed, false);
        *error = "Bad file format reading the append only file " + file.name + " at offset " +
                 std::to_string(file_offset + consumed) + ": " + std::string(r.error);
        ::close(fd);
        return false;
      }
      uint64_t command_start = file_offset + consumed;
      consumed += r.consumed;
      if (args.empty()) continue;
      bool was_in_multi = session.in_multi;
      reply.failed = false;
      engine.Execute(session, args, reply);
      if (reply.failed && stats->rejected++ == 0) {
        stats->first_rejected = file.name + " at offset " + std::to_string(command_start) + ": " +
                                std::string(args[0]) + ": " + reply.error;
      }
      if (session.in_multi && !was_in_multi) multi_start = command_start;
      stats->commands++;
    }
    buf.erase(0, consumed);
    file_offset += consumed;
    if (eof) break;
    ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = "Error reading the append only file " + path + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) {
      eof = true;
      continue;
    }
    stats->bytes += static_cast<uint64_t>(n);
    engine.AddLoadedBytes(static_cast<uint64_t>(n));
    buf.append(chunk.data(), static_cast<size_t>(n));
  }
  ::close(fd);
  bool open_multi = session.in_multi;
  if (buf.empty() && !open_multi) return true;
  // A partial command, or a MULTI block without its EXEC, at the end of the file.
  if (open_multi) {
    engine.DiscardTransaction(session);
    Log(LogLevel::kWarning, "Revert incomplete MULTI/EXEC transaction in AOF file %s",
        file.name.c_str());
    file_offset = multi_start;
  }
  if (!is_last || !load_truncated) {
    NoteFault(stats, file, file_offset, true);
    *error = "Unexpected end of file reading the append only file " + file.name + " at offset " +
             std::to_string(file_offset) +
             (is_last ? " (set aof-load-truncated yes to load what precedes it)" : "");
    return false;
  }
  Log(LogLevel::kWarning,
      "!!! Warning: short read while loading the AOF file %s!!! Truncating the AOF at offset %llu",
      file.name.c_str(), static_cast<unsigned long long>(file_offset));
  if (::truncate(path.c_str(), static_cast<off_t>(file_offset)) < 0) {
    *error = "Error truncating the AOF file " + path + ": " + std::strerror(errno);
    return false;
  }
  stats->truncated = true;
  return true;
}

}  // namespace

bool ReadManifest(const std::string& dir, const std::string& prefix, Manifest* out,
                  std::string* error) {
  error->clear();
  std::ifstream f(dir + "/" + ManifestName(prefix), std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  return Manifest::Parse(ss.str(), out, error);
}

bool LoadAof(const std::string& dir, const Manifest& manifest, Engine& engine, bool load_truncated,
             LoadStats* stats, std::string* error) {
  std::vector<AofFile> files;
  if (manifest.has_base) files.push_back(manifest.base);
  files.insert(files.end(), manifest.incrs.begin(), manifest.incrs.end());
  Session& session = engine.OpenSession();
  session.authenticated = true;
  session.loader = true;
  session.replaying = true;
  bool ok = true;
  for (size_t i = 0; i < files.size() && ok; i++) {
    ok = LoadFile(dir, files[i], i + 1 == files.size(), engine, session, load_truncated, stats,
                  error);
  }
  engine.CloseSession(session);
  return ok;
}

}  // namespace ringkv::aof
