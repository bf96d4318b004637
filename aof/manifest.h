// The AOF manifest of Redis 7's multi-part AOF: which base file and which incremental files,
// in order, make up the dataset. The text format is Redis's (one line per file:
// "file appendonly.aof.1.base.rdb seq 1 type b"), so real Redis reads ours and we read theirs.
// The manifest is replaced atomically: temp file, fsync, rename, directory fsync.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::aof {

struct AofFile {
  std::string name;
  int64_t seq = 0;
  char type = 'i';  // 'b' base, 'h' history, 'i' incremental
};

struct Manifest {
  bool has_base = false;
  AofFile base;
  std::vector<AofFile> incrs;    // in replay order
  std::vector<AofFile> history;  // no longer part of the dataset (deleted after a rewrite)

  int64_t CurrentIncrSeq() const { return incrs.empty() ? 0 : incrs.back().seq; }
  // The text Redis writes for this manifest.
  std::string Serialize() const;
  // Parses a manifest; false with a message naming the line on malformed input.
  static bool Parse(std::string_view text, Manifest* out, std::string* error);
};

// "<prefix>.<seq>.base.aof" / ".base.rdb" / ".incr.aof", as Redis names them.
std::string BaseName(const std::string& prefix, int64_t seq, bool rdb);
std::string IncrName(const std::string& prefix, int64_t seq);
std::string ManifestName(const std::string& prefix);

// Writes `content` to dir/name through a temp file, fsync, rename and a directory fsync.
bool WriteFileAtomically(const std::string& dir, const std::string& name, std::string_view content,
                         std::string* error);
// fsync of a directory (after creating or renaming files in it).
bool SyncDirectory(const std::string& dir, std::string* error);

}  // namespace ringkv::aof
