// The source layer: every subcommand reads keys through one interface, whatever the input is.
//
//  - An RDB file (a snapshot, an AOF base file, real Redis 7.0's or ringkv's) is streamed key by
//    key through the server's own reader (engine/rdb/reader.h): each value is built, shown to the
//    visitor and freed before the next one is read, so memory is bounded by the largest single
//    value, not by the file.
//  - An AOF directory (its manifest, base and incremental files) is replayed through the server's
//    own loader (aof/aof_loader.h) into a scratch engine, read-only (a cut-off tail is reported,
//    never truncated), and its keyspace is walked. Replaying needs the dataset in memory, as the
//    server needs it; that is the cost of reading commands rather than values.
//
// A key whose type ringkv cannot load yet reaches the visitor with value == nullptr and its type
// named in `unsupported` (stream_keys.h is the one place that decides what to do with it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aof/aof_loader.h"
#include "engine/types/value.h"

namespace ringkv::inspect {

struct KeyView {
  int db = 0;
  std::string_view key;
  const Value* value = nullptr;  // nullptr: a type ringkv cannot load yet
  int64_t expire_ms = -1;        // absolute Unix time in ms, or -1
  std::string_view unsupported;  // that type's name ("stream") when value is nullptr
};

class Source {
 public:
  // Called for every key; returning false stops the walk (ForEach then returns true).
  using Visitor = std::function<bool(const KeyView&)>;

  virtual ~Source() = default;

  // Opens `path`: an RDB file, an AOF directory (holding a *.manifest), or a manifest file.
  // nullptr with a message when it is neither or cannot be read. `progress`: draw a progress bar
  // on stderr while walking (callers pass whether stderr is a terminal).
  static std::unique_ptr<Source> Open(const std::string& path, bool progress, std::string* error);

  // Walks every key. False on a fault; error() then names the file and the byte offset.
  virtual bool ForEach(const Visitor& fn) = 0;
  // One line saying what the input is ("RDB version 10, 103698 bytes, written by redis 7.0.15").
  virtual std::string Describe() const = 0;
  // Set after a replay of an AOF directory (verify reports its findings); nullptr for RDB files.
  virtual const aof::LoadStats* aof_stats() const { return nullptr; }
  virtual bool is_aof() const { return false; }

  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

 protected:
  explicit Source(std::string path, bool progress) : path_(std::move(path)), progress_(progress) {}
  std::string path_;
  bool progress_;
  std::string error_;
};

// Finds the AOF manifest `path` names: a directory holding one *.manifest, or a manifest file.
// Sets the directory and the prefix ("appendonly.aof"); false with a message otherwise.
bool FindAofManifest(const std::string& path, std::string* dir, std::string* prefix,
                     std::string* error);

// Whether stderr is a terminal (progress bars are drawn only then).
bool StderrIsTerminal();

}  // namespace ringkv::inspect
