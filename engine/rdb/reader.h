// RdbReader: a streaming parser of RDB files (versions 1 to 10) and DUMP payloads as real Redis
// writes them, building Values through the Arena.
//
// It reads every encoding Redis 7.0 writes (strings raw, int or LZF; quicklist-2 lists, listpack
// and plain hashes and sorted sets, intset and plain sets) and the older ones it may still meet
// (ziplists, quicklist-1, zipmaps, plain lists, string-scored sorted sets). The input is
// untrusted: every length is bounds-checked against what the source delivers (a lying length
// fails at the end of the input, it is never allocated up front), every listpack, ziplist and
// intset is validated entry by entry before it is adopted, duplicates and NaN scores are refused,
// and any fault is an error naming the byte offset — never a crash. Loaded values take the
// encoding the server's limits (LoadLimits) give them, as Redis converts on load.
//
// Streams (RDB types 15, 19 and 21) are loaded with their consumer groups (stream_rdb.cc).
// Module values, module aux data and functions are reported as errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/arena.h"
#include "engine/rdb/format.h"
#include "engine/types/stream.h"
#include "engine/types/value.h"

namespace ringkv {
struct ServerConfig;
}

namespace ringkv::rdb {

// Where the bytes come from: a file (aof/), a DUMP payload, a replication stream.
class RdbSource {
 public:
  virtual ~RdbSource() = default;
  // Copies the next `n` bytes to `dst`; false at the end of the input or on an I/O error (then
  // error() says which; "" means the input simply ended).
  virtual bool Read(void* dst, size_t n) = 0;
  virtual std::string error() const { return {}; }
};

class MemorySource final : public RdbSource {
 public:
  explicit MemorySource(std::span<const uint8_t> data) : data_(data) {}
  bool Read(void* dst, size_t n) override;
  size_t remaining() const { return data_.size() - pos_; }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

// One key read from the file. `value` is owned by the receiver (Destroy it or store it).
struct RdbEntry {
  int db = 0;
  std::string key;
  Value value;
  int64_t expire_ms = -1;   // absolute, or -1
  std::string unsupported;  // kUnsupported: the type's name ("stream")
};

class RdbReader {
 public:
  enum class Step { kKey, kUnsupported, kEnd, kError };

  RdbReader(RdbSource& src, Arena& arena, const LoadLimits& limits)
      : src_(src), arena_(arena), limits_(limits) {}

  // "REDIS" and a 4-digit version from 1 to 10.
  bool ReadHeader();
  // The next key, or the end (the EOF opcode, after checking the CRC-64 when the file has one).
  Step Next(RdbEntry* out);

  // One value of RDB type `type` (DUMP payloads). *empty is set for an empty collection (Redis
  // skips those keys); *out is then left empty.
  bool ReadObject(uint8_t type, Value* out, bool* empty);
  bool ReadByte(uint8_t* b);
  // One string in any of its encodings (plain, integer, LZF): FUNCTION RESTORE's library codes.
  bool ReadString(std::string* out);

  int version() const { return version_; }
  uint64_t offset() const { return offset_; }
  // The function libraries (their code) met so far, in file order: the caller loads them.
  const std::vector<std::string>& functions() const { return functions_; }
  // Every AUX field met so far, in file order.
  const std::vector<std::pair<std::string, std::string>>& aux() const { return aux_; }
  const std::string& error() const { return error_; }
  // Keys skipped because their collection was empty (as Redis does).
  uint64_t empty_keys_skipped() const { return empty_keys_; }

 private:
  bool Fail(const std::string& what);
  bool ReadExact(void* dst, size_t n);
  bool ReadLen(uint64_t* len, bool* encoded = nullptr);
  bool ReadRaw(size_t n, std::string* out);
  bool ReadBinaryDouble(double* d);
  bool ReadStringDouble(double* d);
  bool ReadList(Value* out, bool* empty);
  bool ReadQuicklist(uint8_t type, Value* out, bool* empty);
  bool ReadListZiplist(Value* out, bool* empty);
  bool ReadSet(Value* out, bool* empty);
  bool ReadIntset(Value* out, bool* empty);
  bool ReadHash(Value* out, bool* empty);
  bool ReadPairsListpack(bool listpack, ObjType type, Value* out);
  bool ReadHashListpack(uint8_t type, Value* out, bool* empty);
  bool ReadHashZipmap(Value* out, bool* empty);
  bool ReadZSet(uint8_t type, Value* out, bool* empty);
  bool ReadZSetListpack(uint8_t type, Value* out, bool* empty);
  bool ReadStream(uint8_t type, Value* out, bool* empty);  // stream_rdb.cc
  bool ReadStreamId(StreamID* id);

  RdbSource& src_;
  Arena& arena_;
  LoadLimits limits_;
  int version_ = 0;
  int db_ = 0;
  uint64_t offset_ = 0;
  uint64_t crc_ = 0;
  uint64_t empty_keys_ = 0;
  std::vector<std::pair<std::string, std::string>> aux_;
  std::vector<std::string> functions_;
  std::string error_;
};

// The limits of a server configured as `c`.
LoadLimits LimitsFromConfig(const ServerConfig& c, int databases);

// The name of an RDB object type ("string", "list"...), for messages.
const char* TypeName(uint8_t type);

}  // namespace ringkv::rdb
