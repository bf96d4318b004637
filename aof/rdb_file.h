// RDB snapshot files: writing the whole keyspace to dir/dbfilename (SAVE, DEBUG RELOAD) and
// loading one into the engine (start-up, DEBUG RELOAD, the RDB preamble of an AOF base file).
//
// The file is what Redis 7.0.15 writes (engine/rdb/ has the format): "REDIS0010", aux fields
// (redis-ver, redis-bits, ctime, used-mem, aof-base), per non-empty database SELECTDB and
// RESIZEDB, every key with its expiry, EOF and the CRC-64. A save is atomic: it writes
// temp-<pid>.rdb in the same directory, fsyncs it, renames it over the target and fsyncs the
// directory, so a crash leaves the old file or the new one, never a torn one.
//
// Loading refuses rather than loses: a key whose type ringkv does not have yet (streams) makes
// the whole load fail with a message naming it, as does any corruption (with its offset).
#pragma once

#include <cstdint>
#include <string>

#include "engine/engine.h"
#include "engine/rdb/reader.h"

namespace ringkv::aof {

struct RdbLoadStats {
  uint64_t keys_loaded = 0;
  uint64_t keys_expired = 0;  // already past their time: skipped, as a Redis master does
  uint64_t empty_keys_skipped = 0;
  uint64_t bytes = 0;
};

// Writes every database of `engine` to dir/filename atomically. `aof_base` marks a snapshot
// written as an AOF base file (the aof-base aux field). False with a message on failure (the old
// file is then untouched).
bool SaveRdbFile(Engine& engine, const std::string& dir, const std::string& filename, bool aof_base,
                 std::string* error);

// Reads an RDB stream (after its header has not been read yet) into `engine`, up to and including
// the EOF opcode and checksum. `preamble`: the stream is an AOF base file's preamble (expired keys
// are then kept, as Redis does, so the commands that follow see them). A key that already exists
// is an error, unless `merge` (DEBUG RELOAD MERGE): the file's value then replaces it.
bool LoadRdbStream(rdb::RdbSource& src, Engine& engine, bool preamble, bool merge,
                   RdbLoadStats* stats, uint64_t* consumed, std::string* error);

// Loads the RDB file at `path`. False with a message (a missing file included: check first).
bool LoadRdbFile(const std::string& path, Engine& engine, bool merge, RdbLoadStats* stats,
                 std::string* error);

// An RdbSource over a file descriptor, buffered (it does not own the descriptor). Reads start at
// the descriptor's current position.
class FdSource final : public rdb::RdbSource {
 public:
  explicit FdSource(int fd) : fd_(fd) {}
  bool Read(void* dst, size_t n) override;
  std::string error() const override { return error_; }

 private:
  int fd_;
  std::string buf_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace ringkv::aof
