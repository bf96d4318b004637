#include "engine/rdb/writer.h"

#include <lzf.h>

#include <cstring>
#include <ctime>
#include <memory>

#include "engine/rdb/crc64.h"
#include "engine/rdb/format.h"
#include "engine/types/hash_type.h"
#include "engine/types/intset.h"
#include "engine/types/listpack.h"
#include "engine/types/quicklist.h"
#include "engine/types/set_type.h"
#include "engine/types/zset_type.h"
#include "engine/util/numbers.h"

namespace ringkv::rdb {

namespace {

void PutLe(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Redis's rdbEncodeInteger: the special int8/16/32 string encodings; false when it does not fit.
bool AppendEncodedInt(std::string* out, int64_t v) {
  if (v >= INT8_MIN && v <= INT8_MAX) {
    out->push_back(static_cast<char>((kLenEncVal << 6) | kEncInt8));
    PutLe(out, static_cast<uint64_t>(v), 1);
  } else if (v >= INT16_MIN && v <= INT16_MAX) {
    out->push_back(static_cast<char>((kLenEncVal << 6) | kEncInt16));
    PutLe(out, static_cast<uint64_t>(v), 2);
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    out->push_back(static_cast<char>((kLenEncVal << 6) | kEncInt32));
    PutLe(out, static_cast<uint64_t>(v), 4);
  } else {
    return false;
  }
  return true;
}

// Redis's rdbSaveLongLongAsStringObject: an integer string value.
void AppendIntString(std::string* out, int64_t v) {
  if (AppendEncodedInt(out, v)) return;
  char buf[kIntScratch];
  size_t n = FormatInt64(v, buf);
  RdbWriter::AppendLen(out, n);
  out->append(buf, n);
}

// Redis's rdbSaveLzfStringObject: false when compression does not save at least 4 bytes.
bool AppendLzf(std::string* out, std::string_view s) {
  if (s.size() <= 4 || s.size() > UINT32_MAX) return false;
  size_t outlen = s.size() - 4;
  std::unique_ptr<char[]> buf(new char[outlen + 1]);
  unsigned int clen = lzf_compress(s.data(), static_cast<unsigned>(s.size()), buf.get(),
                                   static_cast<unsigned>(outlen));
  if (clen == 0) return false;
  out->push_back(static_cast<char>((kLenEncVal << 6) | kEncLzf));
  RdbWriter::AppendLen(out, clen);
  RdbWriter::AppendLen(out, s.size());
  out->append(buf.get(), clen);
  return true;
}

void AppendBlob(std::string* out, const uint8_t* p, size_t n, bool compress) {
  RdbWriter::AppendString(out, {reinterpret_cast<const char*>(p), n}, compress);
}

void AppendBinaryDouble(std::string* out, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  PutLe(out, bits, 8);
}

void AppendList(std::string* out, const Value& v, bool compress) {
  const auto* ql = static_cast<const Quicklist*>(v.object());
  RdbWriter::AppendLen(out, ql->node_count());
  for (const QuicklistNode* n = ql->head(); n != nullptr; n = n->next) {
    RdbWriter::AppendLen(out, n->plain ? kContainerPlain : kContainerPacked);
    AppendBlob(out, n->entry, n->sz, compress);
    RdbWriter::ChunkPoint(out);
  }
}

void AppendHash(std::string* out, const Value& v, bool compress) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = HashType::ListpackOf(v);
    AppendBlob(out, lp, lp::Bytes(lp), compress);
    return;
  }
  RdbWriter::AppendLen(out, HashType::Length(v));
  HashType::ForEach(v, [&](std::string_view f, std::string_view val) {
    RdbWriter::AppendString(out, f, compress);
    RdbWriter::AppendString(out, val, compress);
    RdbWriter::ChunkPoint(out);
  });
}

void AppendSet(std::string* out, const Value& v, bool compress) {
  if (v.encoding() == Encoding::kIntset) {
    const auto* is = static_cast<const uint8_t*>(v.object());
    AppendBlob(out, is, intset::BlobLen(is), compress);
    return;
  }
  RdbWriter::AppendLen(out, SetType::Size(v));
  SetType::ForEach(v, [&](std::string_view m) {
    RdbWriter::AppendString(out, m, compress);
    RdbWriter::ChunkPoint(out);
  });
}

void AppendZSet(std::string* out, const Value& v, bool compress) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = ZSetType::ListpackOf(v);
    AppendBlob(out, lp, lp::Bytes(lp), compress);
    return;
  }
  const ZSetSkiplist* zs = ZSetType::SkiplistOf(v);
  RdbWriter::AppendLen(out, ZSetType::Length(v));
  // Greatest first, as Redis: loading then inserts each member at the head of the skiplist.
  for (const SkipNode* n = zs->list.last(); n != nullptr; n = n->backward) {
    RdbWriter::AppendString(out, n->member(), compress);
    AppendBinaryDouble(out, n->score);
    RdbWriter::ChunkPoint(out);
  }
}

// The writer whose WriteKey is serializing a value with a chunk sink set (one thread owns a
// writer; values are serialized by static helpers that only see the output string).
thread_local RdbWriter* g_chunking = nullptr;

}  // namespace

void RdbWriter::ChunkPoint(const std::string* out) {
  RdbWriter* w = g_chunking;
  if (w != nullptr && out == &w->buf_ && w->buf_.size() >= w->chunk_threshold_) {
    w->chunk_sink_(w->Take());
  }
}

void RdbWriter::AppendLen(std::string* out, uint64_t len) {
  if (len < (1 << 6)) {
    out->push_back(static_cast<char>(len));
  } else if (len < (1 << 14)) {
    out->push_back(static_cast<char>(((len >> 8) & 0x3f) | (kLen14Bit << 6)));
    out->push_back(static_cast<char>(len & 0xff));
  } else if (len <= UINT32_MAX) {
    out->push_back(static_cast<char>(kLen32Bit));
    for (int i = 3; i >= 0; i--) out->push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  } else {
    out->push_back(static_cast<char>(kLen64Bit));
    for (int i = 7; i >= 0; i--) out->push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  }
}

// Redis's rdbSaveRawString.
void RdbWriter::AppendString(std::string* out, std::string_view s, bool compress) {
  if (s.size() <= 11) {
    // rdbTryIntegerEncoding: only the canonical text of an integer round-trips.
    int64_t v = 0;
    if (ParseInt64(s, &v) && AppendEncodedInt(out, v)) return;
  }
  if (compress && s.size() > 20 && AppendLzf(out, s)) return;
  AppendLen(out, s.size());
  out->append(s);
}

int RdbWriter::TypeOf(const Value& v) {
  switch (v.type()) {
    case ObjType::kString:
      return kTypeString;
    case ObjType::kList:
      return kTypeListQuicklist2;
    case ObjType::kHash:
      return v.encoding() == Encoding::kListpack ? kTypeHashListpack : kTypeHash;
    case ObjType::kSet:
      return v.encoding() == Encoding::kIntset ? kTypeSetIntset : kTypeSet;
    case ObjType::kZSet:
      return v.encoding() == Encoding::kListpack ? kTypeZSetListpack : kTypeZSet2;
    case ObjType::kStream:
      return kTypeStreamListpacks2;
  }
  return -1;
}

void RdbWriter::AppendValueBody(std::string* out, const Value& v, bool compress) {
  switch (v.type()) {
    case ObjType::kString: {
      int64_t iv = 0;
      if (v.AsInt(&iv)) {
        AppendIntString(out, iv);
      } else {
        char scratch[kIntScratch];
        AppendString(out, v.StringView(scratch), compress);
      }
      return;
    }
    case ObjType::kList:
      return AppendList(out, v, compress);
    case ObjType::kHash:
      return AppendHash(out, v, compress);
    case ObjType::kSet:
      return AppendSet(out, v, compress);
    case ObjType::kZSet:
      return AppendZSet(out, v, compress);
    case ObjType::kStream:
      return AppendStreamBody(out, v, compress);
  }
}

bool RdbWriter::AppendTypedValue(std::string* out, const Value& v, bool compress) {
  int type = TypeOf(v);
  if (type < 0) return false;
  out->push_back(static_cast<char>(type));
  AppendValueBody(out, v, compress);
  return true;
}

void RdbWriter::WriteHeader() {
  char magic[16];
  std::snprintf(magic, sizeof(magic), "REDIS%04d", kVersion);
  buf_.append(magic);
}

void RdbWriter::WriteAux(std::string_view key, std::string_view value) {
  buf_.push_back(static_cast<char>(kOpAux));
  AppendString(&buf_, key, compress_);
  AppendString(&buf_, value, compress_);
}

void RdbWriter::WriteAuxInt(std::string_view key, int64_t value) {
  char buf[kIntScratch];
  WriteAux(key, {buf, FormatInt64(value, buf)});
}

void RdbWriter::WriteRedisPreamble(uint64_t used_mem, bool aof_base) {
  WriteHeader();
  WriteAux("redis-ver", "7.0.15");
  WriteAuxInt("redis-bits", 64);
  WriteAuxInt("ctime", static_cast<int64_t>(std::time(nullptr)));
  WriteAuxInt("used-mem", static_cast<int64_t>(used_mem));
  WriteAuxInt("aof-base", aof_base ? 1 : 0);
}

void RdbWriter::WriteSelectDb(int db, uint64_t keys, uint64_t expires) {
  buf_.push_back(static_cast<char>(kOpSelectDb));
  AppendLen(&buf_, static_cast<uint64_t>(db));
  buf_.push_back(static_cast<char>(kOpResizeDb));
  AppendLen(&buf_, keys);
  AppendLen(&buf_, expires);
}

void RdbWriter::WriteSelectDbOnly(int db) {
  buf_.push_back(static_cast<char>(kOpSelectDb));
  AppendLen(&buf_, static_cast<uint64_t>(db));
}

bool RdbWriter::WriteKey(std::string_view key, const Value& value, int64_t expire_ms) {
  int type = TypeOf(value);
  if (type < 0) return false;
  if (expire_ms >= 0) {
    buf_.push_back(static_cast<char>(kOpExpireTimeMs));
    PutLe(&buf_, static_cast<uint64_t>(expire_ms), 8);
  }
  buf_.push_back(static_cast<char>(type));
  AppendString(&buf_, key, compress_);
  RdbWriter* outer = g_chunking;
  if (chunk_sink_) g_chunking = this;
  AppendValueBody(&buf_, value, compress_);
  g_chunking = outer;
  return true;
}

void RdbWriter::WriteFunction(std::string_view library_code) {
  buf_.push_back(static_cast<char>(kOpFunction2));
  AppendString(&buf_, library_code, compress_);
}

void RdbWriter::WriteEof() {
  buf_.push_back(static_cast<char>(kOpEof));
  uint64_t crc = Crc64(crc_, buf_.data(), buf_.size());
  PutLe(&buf_, crc, 8);
}

std::string RdbWriter::Take() {
  crc_ = Crc64(crc_, buf_.data(), buf_.size());
  return std::exchange(buf_, {});
}

}  // namespace ringkv::rdb
