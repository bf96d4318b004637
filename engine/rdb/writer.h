// RdbWriter: serializes values and whole snapshots in Redis 7.0's RDB format (version 10), the
// encodings Redis itself would choose: strings int-encoded when Redis would (else LZF-compressed
// when `compress` and it pays, else raw), lists as quicklist-2 nodes of listpacks, hashes and
// sorted sets as listpacks or as plain pairs, sets as intsets or plain members.
//
// The writer only appends to a buffer; it never does I/O. A snapshot is driven one key at a time
// (WriteKey), and the caller takes the buffer whenever it likes (Take) and writes it wherever it
// likes, so a background snapshot can interleave serialization with the event loop. The CRC-64
// covers everything taken plus what is buffered; WriteEof appends it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engine/types/value.h"

namespace ringkv::rdb {

class RdbWriter {
 public:
  explicit RdbWriter(bool compress = true) : compress_(compress) {}

  // "REDIS0010".
  void WriteHeader();
  void WriteAux(std::string_view key, std::string_view value);
  void WriteAuxInt(std::string_view key, int64_t value);
  // The header and the aux fields Redis 7.0.15 starts a snapshot with (redis-ver, redis-bits,
  // ctime, used-mem, aof-base).
  void WriteRedisPreamble(uint64_t used_mem, bool aof_base);
  // SELECTDB and RESIZEDB for a database about to be written.
  void WriteSelectDb(int db, uint64_t keys, uint64_t expires);
  // SELECTDB alone: switching back to a database already announced (a point-in-time snapshot
  // writes keys captured before a change out of walk order).
  void WriteSelectDbOnly(int db);
  // One key: its expiry (absolute ms; -1 for none), type, name and value. False (and nothing
  // written) for a type the format writer does not know.
  bool WriteKey(std::string_view key, const Value& value, int64_t expire_ms);
  // A function library (FUNCTION LOAD's code) after the FUNCTION2 opcode, as rdbSaveFunctions.
  void WriteFunction(std::string_view library_code);
  // EOF opcode and the CRC-64 of the whole file.
  void WriteEof();

  // Bytes buffered since the last Take.
  size_t buffered() const { return buf_.size(); }

  // Big values in chunks: while WriteKey serializes a value, whenever the buffer has reached
  // `threshold` bytes at an element (or node) boundary it is handed to `sink` as by Take, so
  // saving a huge collection needs about `threshold` bytes of buffer, not the value's size.
  void set_chunk_sink(size_t threshold, std::function<void(std::string&&)> sink) {
    chunk_threshold_ = threshold;
    chunk_sink_ = std::move(sink);
  }
  // Called by the value serializers between elements: flushes the writer whose WriteKey is
  // running if `out` is its buffer and it is over the threshold.
  static void ChunkPoint(const std::string* out);
  // Hands over the buffered bytes (folding them into the checksum).
  std::string Take();

  // Appends `v`'s type byte and serialized value to `out` (DUMP's payload body). False for a
  // type the writer does not know.
  static bool AppendTypedValue(std::string* out, const Value& v, bool compress);
  // The RDB type byte `v` is written with; -1 for a type the writer does not know.
  static int TypeOf(const Value& v);
  // The value without its type byte.
  static void AppendValueBody(std::string* out, const Value& v, bool compress);
  // Length and string encodings, for callers composing payloads.
  static void AppendLen(std::string* out, uint64_t len);
  static void AppendString(std::string* out, std::string_view s, bool compress);

 private:
  bool compress_;
  std::string buf_;
  uint64_t crc_ = 0;  // over every byte taken so far
  size_t chunk_threshold_ = 0;
  std::function<void(std::string&&)> chunk_sink_;
};

// A stream's RDB_TYPE_STREAM_LISTPACKS_2 body (stream_rdb.cc).
void AppendStreamBody(std::string* out, const Value& v, bool compress);

}  // namespace ringkv::rdb
