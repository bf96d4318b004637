#include "engine/rdb/reader.h"

#include <lzf.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_set>

#include "engine/config/server_config.h"
#include "engine/rdb/crc64.h"
#include "engine/rdb/legacy.h"
#include "engine/types/hash_type.h"
#include "engine/types/intset.h"
#include "engine/types/listpack.h"
#include "engine/types/quicklist.h"
#include "engine/types/set_type.h"
#include "engine/types/zset_type.h"
#include "engine/util/numbers.h"

namespace ringkv::rdb {

namespace {

// Strings are read in pieces so a corrupt length fails at the end of the input instead of
// allocating what it claims.
constexpr size_t kReadChunk = 1 << 20;
// lzf expands at most ~88x (a 3-byte back-reference yields up to 264 bytes).
constexpr uint64_t kLzfMaxRatio = 90;

// Destroys a value being built unless it is handed over.
class Building {
 public:
  explicit Building(Arena& arena) : arena_(arena) {}
  ~Building() { v.Destroy(arena_); }
  Value Release() { return std::move(v); }
  Value v;

 private:
  Arena& arena_;
};

const uint8_t* Bytes(const std::string& s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

// A listpack score entry's value (integers, or text strtod accepts whole); false if invalid.
bool ListpackScore(const lp::Entry& e, double* d) {
  if (e.is_int) {
    *d = static_cast<double>(e.ival);
    return true;
  }
  if (e.sval.empty() || e.sval.size() >= 128) return false;
  char buf[128];
  std::memcpy(buf, e.sval.data(), e.sval.size());
  buf[e.sval.size()] = '\0';
  char* end = nullptr;
  *d = std::strtod(buf, &end);
  return end == buf + e.sval.size() && !std::isnan(*d);
}

}  // namespace

LoadLimits LimitsFromConfig(const ServerConfig& c, int databases) {
  LoadLimits l;
  l.hash_max_listpack_entries = c.hash_max_listpack_entries;
  l.hash_max_listpack_value = c.hash_max_listpack_value;
  l.list_max_listpack_size = c.list_max_listpack_size;
  l.list_compress_depth = c.list_compress_depth;
  l.set_max_intset_entries = c.set_max_intset_entries;
  l.zset_max_listpack_entries = c.zset_max_listpack_entries;
  l.zset_max_listpack_value = c.zset_max_listpack_value;
  l.databases = databases;
  return l;
}

const char* TypeName(uint8_t type) {
  switch (type) {
    case kTypeString:
      return "string";
    case kTypeList:
    case kTypeListZiplist:
    case kTypeListQuicklist:
    case kTypeListQuicklist2:
      return "list";
    case kTypeSet:
    case kTypeSetIntset:
      return "set";
    case kTypeZSet:
    case kTypeZSet2:
    case kTypeZSetZiplist:
    case kTypeZSetListpack:
      return "zset";
    case kTypeHash:
    case kTypeHashZipmap:
    case kTypeHashZiplist:
    case kTypeHashListpack:
      return "hash";
    case kTypeStreamListpacks:
    case kTypeStreamListpacks2:
    case kTypeStreamListpacks3:
      return "stream";
    case kTypeModulePreGa:
    case kTypeModule2:
      return "module";
    default:
      return "unknown";
  }
}

bool MemorySource::Read(void* dst, size_t n) {
  if (data_.size() - pos_ < n) return false;
  if (n > 0) std::memcpy(dst, data_.data() + pos_, n);
  pos_ += n;
  return true;
}

bool RdbReader::Fail(const std::string& what) {
  if (error_.empty()) error_ = what + " (at offset " + std::to_string(offset_) + ")";
  return false;
}

bool RdbReader::ReadExact(void* dst, size_t n) {
  if (!src_.Read(dst, n)) {
    std::string e = src_.error();
    return Fail(e.empty() ? "Unexpected EOF reading RDB file" : e);
  }
  crc_ = Crc64(crc_, dst, n);
  offset_ += n;
  return true;
}

bool RdbReader::ReadByte(uint8_t* b) {
  return ReadExact(b, 1);
}

bool RdbReader::ReadLen(uint64_t* len, bool* encoded) {
  if (encoded != nullptr) *encoded = false;
  uint8_t b[8];
  if (!ReadExact(b, 1)) return false;
  switch (b[0] >> 6) {
    case kLen6Bit:
      *len = b[0] & 0x3F;
      return true;
    case kLen14Bit: {
      uint8_t lo;
      if (!ReadExact(&lo, 1)) return false;
      *len = (static_cast<uint64_t>(b[0] & 0x3F) << 8) | lo;
      return true;
    }
    case kLenEncVal:
      if (encoded == nullptr) return Fail("Unexpected string encoding where a length belongs");
      *encoded = true;
      *len = b[0] & 0x3F;
      return true;
    default:
      break;
  }
  int n = b[0] == kLen32Bit ? 4 : b[0] == kLen64Bit ? 8 : 0;
  if (n == 0) return Fail("Unknown length encoding " + std::to_string(b[0]));
  uint8_t be[8];
  if (!ReadExact(be, static_cast<size_t>(n))) return false;
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | be[i];
  *len = v;
  return true;
}

bool RdbReader::ReadRaw(size_t n, std::string* out) {
  out->clear();
  while (out->size() < n) {
    size_t piece = std::min(kReadChunk, n - out->size());
    size_t at = out->size();
    out->resize(at + piece);
    if (!ReadExact(out->data() + at, piece)) return false;
  }
  return true;
}

bool RdbReader::ReadString(std::string* out) {
  bool encoded = false;
  uint64_t len = 0;
  if (!ReadLen(&len, &encoded)) return false;
  if (!encoded) {
    if (len > kMaxStringLength * 8ULL)
      return Fail("String length " + std::to_string(len) + " is too large");
    return ReadRaw(static_cast<size_t>(len), out);
  }
  uint8_t b[4];
  switch (len) {
    case kEncInt8:
    case kEncInt16:
    case kEncInt32: {
      size_t n = len == kEncInt8 ? 1 : len == kEncInt16 ? 2 : 4;
      if (!ReadExact(b, n)) return false;
      uint32_t u = 0;
      for (size_t i = n; i-- > 0;) u = (u << 8) | b[i];
      int64_t v = n == 1   ? static_cast<int8_t>(u)
                  : n == 2 ? static_cast<int16_t>(u)
                           : static_cast<int32_t>(u);
      char buf[kIntScratch];
      out->assign(buf, FormatInt64(v, buf));
      return true;
    }
    case kEncLzf: {
      uint64_t clen = 0, ulen = 0;
      if (!ReadLen(&clen) || !ReadLen(&ulen)) return false;
      if (clen == 0 || ulen == 0 || ulen > UINT32_MAX || clen > ulen + 64 ||
          ulen > clen * kLzfMaxRatio) {
        return Fail("Invalid LZF lengths (compressed " + std::to_string(clen) + ", original " +
                    std::to_string(ulen) + ")");
      }
      std::string compressed;
      if (!ReadRaw(static_cast<size_t>(clen), &compressed)) return false;
      out->resize(static_cast<size_t>(ulen));
      unsigned int got = lzf_decompress(compressed.data(), static_cast<unsigned>(clen), out->data(),
                                        static_cast<unsigned>(ulen));
      if (got != ulen) return Fail("Invalid LZF compressed string");
      return true;
    }
    default:
      return Fail("Unknown RDB string encoding type " + std::to_string(len));
  }
}

bool RdbReader::ReadBinaryDouble(double* d) {
  uint8_t b[8];
  if (!ReadExact(b, 8)) return false;
  std::memcpy(d, b, 8);  // little-endian host
  return true;
}

bool RdbReader::ReadStringDouble(double* d) {
  uint8_t len;
  if (!ReadByte(&len)) return false;
  switch (len) {
    case 253:
      *d = NAN;
      return true;
    case 254:
      *d = INFINITY;
      return true;
    case 255:
      *d = -INFINITY;
      return true;
    default:
      break;
  }
  char buf[256];
  if (!ReadExact(buf, len)) return false;
  buf[len] = '\0';
  char* end = nullptr;
  *d = std::strtod(buf, &end);
  if (len == 0 || end != buf + len) return Fail("Invalid double value");
  return true;
}

// ---- lists ------------------------------------------------------------------------------------

namespace {

Value NewList(Arena& arena, const LoadLimits& l) {
  return Value::MakeObject(
      ObjType::kList, Encoding::kQuicklist,
      Quicklist::Create(arena, l.list_max_listpack_size, l.list_compress_depth));
}

void PushEntry(Arena& arena, Value& list, const lp::Entry& e) {
  char buf[kIntScratch];
  static_cast<Quicklist*>(list.object())->Push(arena, e.Text(buf), Quicklist::kTail);
}

size_t ListLength(const Value& list) {
  return static_cast<const Quicklist*>(list.object())->count();
}

}  // namespace

bool RdbReader::ReadList(Value* out, bool* empty) {
  uint64_t n = 0;
  if (!ReadLen(&n)) return false;
  Building b(arena_);
  b.v = NewList(arena_, limits_);
  std::string s;
  for (uint64_t i = 0; i < n; i++) {
    if (!ReadString(&s)) return false;
    static_cast<Quicklist*>(b.v.object())->Push(arena_, s, Quicklist::kTail);
  }
  *empty = n == 0;
  if (!*empty) *out = b.Release();
  return true;
}

bool RdbReader::ReadQuicklist(uint8_t type, Value* out, bool* empty) {
  uint64_t nodes = 0;
  if (!ReadLen(&nodes)) return false;
  Building b(arena_);
  b.v = NewList(arena_, limits_);
  std::string blob;
  std::vector<lp::Entry> entries;
  for (uint64_t i = 0; i < nodes; i++) {
    uint64_t container = kContainerPacked;
    if (type == kTypeListQuicklist2) {
      if (!ReadLen(&container)) return false;
      if (container != kContainerPlain && container != kContainerPacked) {
        return Fail("Quicklist integrity check failed: unknown container " +
                    std::to_string(container));
      }
    }
    if (!ReadString(&blob)) return false;
    if (container == kContainerPlain) {
      static_cast<Quicklist*>(b.v.object())->Push(arena_, blob, Quicklist::kTail);
      continue;
    }
    if (type == kTypeListQuicklist2) {
      if (!lp::Validate(Bytes(blob), blob.size(), true)) {
        return Fail("Listpack integrity check failed");
      }
      // Iterating needs a mutable-free walk of the validated bytes.
      const uint8_t* lp = Bytes(blob);
      for (const uint8_t* p = lp::First(lp); p != nullptr; p = lp::Next(lp, p)) {
        PushEntry(arena_, b.v, lp::Get(p));
      }
    } else {
      if (!DecodeZiplist(Bytes(blob), blob.size(), &entries)) {
        return Fail("Ziplist integrity check failed");
      }
      for (const lp::Entry& e : entries) PushEntry(arena_, b.v, e);
    }
  }
  *empty = ListLength(b.v) == 0;
  if (!*empty) *out = b.Release();
  return true;
}

bool RdbReader::ReadListZiplist(Value* out, bool* empty) {
  std::string blob;
  std::vector<lp::Entry> entries;
  if (!ReadString(&blob)) return false;
  if (!DecodeZiplist(Bytes(blob), blob.size(), &entries)) {
    return Fail("Ziplist integrity check failed");
  }
  Building b(arena_);
  b.v = NewList(arena_, limits_);
  for (const lp::Entry& e : entries) PushEntry(arena_, b.v, e);
  *empty = entries.empty();
  if (!*empty) *out = b.Release();
  return true;
}

// ---- sets -------------------------------------------------------------------------------------

bool RdbReader::ReadSet(Value* out, bool* empty) {
  uint64_t n = 0;
  if (!ReadLen(&n)) return false;
  Building b(arena_);
  // Redis's rdbLoadObject: an intset unless it is already too long for one; Add converts on the
  // first non-integer member.
  b.v = n > static_cast<uint64_t>(limits_.set_max_intset_entries) ? SetType::CreateHashtable(arena_)
                                                                  : SetType::CreateIntset(arena_);
  std::string s;
  for (uint64_t i = 0; i < n; i++) {
    if (!ReadString(&s)) return false;
    if (!SetType::Add(arena_, b.v, s, limits_.set_max_intset_entries, ValueHome::kLocal)) {
      return Fail("Duplicate set members detected");
    }
  }
  *empty = n == 0;
  if (!*empty) *out = b.Release();
  return true;
}

bool RdbReader::ReadIntset(Value* out, bool* empty) {
  std::string blob;
  if (!ReadString(&blob)) return false;
  if (!intset::Validate(blob.data(), blob.size(), true)) {
    return Fail("Intset integrity check failed");
  }
  Building b(arena_);
  b.v = Value::MakeObject(ObjType::kSet, Encoding::kIntset,
                          intset::FromBytes(arena_, blob.data(), blob.size()));
  size_t n = SetType::Size(b.v);
  if (n > static_cast<size_t>(limits_.set_max_intset_entries)) {
    SetType::ConvertToHashtable(arena_, b.v, ValueHome::kLocal);
  }
  *empty = n == 0;
  if (!*empty) *out = b.Release();
  return true;
}

// ---- hashes -----------------------------------------------------------------------------------

bool RdbReader::ReadHash(Value* out, bool* empty) {
  uint64_t n = 0;
  if (!ReadLen(&n)) return false;
  Building b(arena_);
  b.v = HashType::Create(arena_);
  if (n > static_cast<uint64_t>(limits_.hash_max_listpack_entries)) {
    HashType::ConvertToHashtable(arena_, b.v, HashHome::kLocal);
  }
  HashLimits hl{limits_.hash_max_listpack_entries, limits_.hash_max_listpack_value};
  std::string f, v;
  for (uint64_t i = 0; i < n; i++) {
    if (!ReadString(&f) || !ReadString(&v)) return false;
    if (!HashType::Set(arena_, b.v, f, v, hl, HashHome::kLocal)) {
      return Fail("Duplicate hash fields detected");
    }
  }
  *empty = n == 0;
  if (!*empty) *out = b.Release();
  return true;
}

// The blob of a listpack-encoded hash or sorted set: a listpack (checked entry by entry) or, in
// files before RDB 10, a ziplist (decoded and re-encoded). *out becomes a listpack Value of
// `type` either way; the caller checks the pairs.
bool RdbReader::ReadPairsListpack(bool listpack, ObjType type, Value* out) {
  std::string blob;
  if (!ReadString(&blob)) return false;
  if (listpack) {
    if (!lp::Validate(Bytes(blob), blob.size(), true)) {
      return Fail(std::string(ringkv::TypeName(type)) + " listpack integrity check failed");
    }
    *out = Value::MakeObject(type, Encoding::kListpack,
                             lp::FromBytes(arena_, blob.data(), blob.size()));
    return true;
  }
  std::vector<lp::Entry> entries;
  if (!DecodeZiplist(Bytes(blob), blob.size(), &entries)) {
    return Fail(std::string(ringkv::TypeName(type)) + " ziplist integrity check failed");
  }
  uint8_t* lp = lp::New(arena_);
  *out = Value::MakeObject(type, Encoding::kListpack, lp);
  for (const lp::Entry& e : entries) {
    lp = e.is_int ? lp::AppendInt(arena_, lp, e.ival) : lp::Append(arena_, lp, e.sval);
    out->set_object(Encoding::kListpack, lp);
  }
  return true;
}

// Listpack (16) or ziplist (13) hashes: checked, then adopted as a listpack.
bool RdbReader::ReadHashListpack(uint8_t type, Value* out, bool* empty) {
  Building b(arena_);
  if (!ReadPairsListpack(type == kTypeHashListpack, ObjType::kHash, &b.v)) return false;
  const uint8_t* lp = HashType::ListpackOf(b.v);
  size_t entries = lp::Length(lp);
  if (entries % 2 != 0) return Fail("Hash listpack has an odd number of entries");
  std::unordered_set<std::string> fields;
  size_t maxlen = 0;
  bool field = true;
  char buf[kIntScratch];
  for (const uint8_t* p = lp::First(lp); p != nullptr; p = lp::Next(lp, p), field = !field) {
    std::string_view t = lp::Get(p).Text(buf);
    maxlen = std::max(maxlen, t.size());
    if (field && !fields.emplace(t).second) return Fail("Duplicate hash fields detected");
  }
  if (entries / 2 > static_cast<size_t>(limits_.hash_max_listpack_entries) ||
      maxlen > static_cast<size_t>(limits_.hash_max_listpack_value)) {
    HashType::ConvertToHashtable(arena_, b.v, HashHome::kLocal);
  }
  *empty = entries == 0;
  if (!*empty) *out = b.Release();
  return true;
}

bool RdbReader::ReadHashZipmap(Value* out, bool* empty) {
  std::string blob;
  if (!ReadString(&blob)) return false;
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  if (!DecodeZipmap(Bytes(blob), blob.size(), &pairs)) {
    return Fail("Zipmap integrity check failed");
  }
  Building b(arena_);
  b.v = HashType::Create(arena_);
  HashLimits hl{limits_.hash_max_listpack_entries, limits_.hash_max_listpack_value};
  if (pairs.size() > static_cast<size_t>(hl.max_entries)) {
    HashType::ConvertToHashtable(arena_, b.v, HashHome::kLocal);
  }
  for (const auto& [f, v] : pairs) {
    if (!HashType::Set(arena_, b.v, f, v, hl, HashHome::kLocal)) {
      return Fail("Duplicate hash fields detected");
    }
  }
  *empty = pairs.empty();
  if (!*empty) *out = b.Release();
  return true;
}

// ---- sorted sets ------------------------------------------------------------------------------

bool RdbReader::ReadZSet(uint8_t type, Value* out, bool* empty) {
  uint64_t n = 0;
  if (!ReadLen(&n)) return false;
  std::vector<ZMember> members;
  for (uint64_t i = 0; i < n; i++) {
    ZMember m;
    if (!ReadString(&m.member)) return false;
    bool ok = type == kTypeZSet2 ? ReadBinaryDouble(&m.score) : ReadStringDouble(&m.score);
    if (!ok) return false;
    if (std::isnan(m.score)) return Fail("Zset with NAN score detected");
    members.push_back(std::move(m));
  }
  std::sort(members.begin(), members.end(), [](const ZMember& a, const ZMember& b) {
    return a.score < b.score || (a.score == b.score && a.member < b.member);
  });
  std::unordered_set<std::string_view> seen;
  for (const ZMember& m : members) {
    if (!seen.insert(m.member).second) return Fail("Duplicate zset fields detected");
  }
  *empty = members.empty();
  if (*empty) return true;
  *out = ZSetType::FromSorted(arena_, members,
                              {limits_.zset_max_listpack_entries, limits_.zset_max_listpack_value});
  return true;
}

// Listpack (17) or ziplist (12) sorted sets: checked (pairs, valid scores, ascending order, no
// duplicate members), then adopted as a listpack.
bool RdbReader::ReadZSetListpack(uint8_t type, Value* out, bool* empty) {
  Building b(arena_);
  if (!ReadPairsListpack(type == kTypeZSetListpack, ObjType::kZSet, &b.v)) return false;
  const uint8_t* lp = ZSetType::ListpackOf(b.v);
  size_t entries = lp::Length(lp);
  if (entries % 2 != 0) return Fail("Zset listpack has an odd number of entries");
  std::unordered_set<std::string> seen;
  size_t maxlen = 0;
  double prev_score = -INFINITY;
  std::string prev_member;
  char buf[kIntScratch];
  for (const uint8_t* p = lp::First(lp); p != nullptr;) {
    const uint8_t* s = lp::Next(lp, p);
    std::string_view m = lp::Get(p).Text(buf);
    double score = 0;
    if (!ListpackScore(lp::Get(s), &score)) return Fail("Zset listpack has an invalid score");
    if (!seen.emplace(m).second) return Fail("Duplicate zset fields detected");
    if (p != lp::First(lp) && (score < prev_score || (score == prev_score && m < prev_member))) {
      return Fail("Zset listpack is not in score order");
    }
    maxlen = std::max(maxlen, m.size());
    prev_score = score;
    prev_member.assign(m);
    p = lp::Next(lp, s);
  }
  if (entries / 2 > static_cast<size_t>(limits_.zset_max_listpack_entries) ||
      maxlen > static_cast<size_t>(limits_.zset_max_listpack_value)) {
    ZSetType::ConvertToSkiplist(arena_, b.v, ZSetHome::kLocal);
  }
  *empty = entries == 0;
  if (!*empty) *out = b.Release();
  return true;
}

// ---- objects and the file ---------------------------------------------------------------------

bool RdbReader::ReadObject(uint8_t type, Value* out, bool* empty) {
  *empty = false;
  switch (type) {
    case kTypeString: {
      std::string s;
      if (!ReadString(&s)) return false;
      *out = Value::MakeString(arena_, s);
      return true;
    }
    case kTypeList:
      return ReadList(out, empty);
    case kTypeListQuicklist:
    case kTypeListQuicklist2:
      return ReadQuicklist(type, out, empty);
    case kTypeListZiplist:
      return ReadListZiplist(out, empty);
    case kTypeSet:
      return ReadSet(out, empty);
    case kTypeSetIntset:
      return ReadIntset(out, empty);
    case kTypeHash:
      return ReadHash(out, empty);
    case kTypeHashListpack:
    case kTypeHashZiplist:
      return ReadHashListpack(type, out, empty);
    case kTypeHashZipmap:
      return ReadHashZipmap(out, empty);
    case kTypeZSet:
    case kTypeZSet2:
      return ReadZSet(type, out, empty);
    case kTypeZSetListpack:
    case kTypeZSetZiplist:
      return ReadZSetListpack(type, out, empty);
    case kTypeStreamListpacks:
    case kTypeStreamListpacks2:
    case kTypeStreamListpacks3:
      return ReadStream(type, out, empty);
    case kTypeModulePreGa:
    case kTypeModule2:
      return Fail("The RDB file holds a module value; ringkv has no modules");
    default:
      return Fail("Unknown RDB object type " + std::to_string(type));
  }
}

bool RdbReader::ReadHeader() {
  char magic[9];
  if (!ReadExact(magic, 9)) return false;
  if (std::memcmp(magic, "REDIS", 5) != 0)
    return Fail("Wrong signature trying to load DB from file");
  int v = 0;
  for (int i = 5; i < 9; i++) {
    if (magic[i] < '0' || magic[i] > '9')
      return Fail("Wrong signature trying to load DB from file");
    v = v * 10 + (magic[i] - '0');
  }
  if (v < 1 || v > kVersion) return Fail("Can't handle RDB format version " + std::to_string(v));
  version_ = v;
  return true;
}

RdbReader::Step RdbReader::Next(RdbEntry* out) {
  int64_t expire = -1;
  while (true) {
    uint8_t type;
    if (!ReadByte(&type)) return Step::kError;
    switch (type) {
      case kOpExpireTimeMs: {
        uint8_t b[8];
        if (!ReadExact(b, 8)) return Step::kError;
        uint64_t u = 0;
        for (int i = 7; i >= 0; i--) u = (u << 8) | b[i];
        expire = static_cast<int64_t>(u);
        continue;
      }
      case kOpExpireTime: {
        uint8_t b[4];
        if (!ReadExact(b, 4)) return Step::kError;
        uint32_t u = 0;
        for (int i = 3; i >= 0; i--) u = (u << 8) | b[i];
        expire = static_cast<int64_t>(static_cast<int32_t>(u)) * 1000;
        continue;
      }
      case kOpFreq: {
        uint8_t f;
        if (!ReadByte(&f)) return Step::kError;
        continue;
      }
      case kOpIdle: {
        uint64_t idle;
        if (!ReadLen(&idle)) return Step::kError;
        continue;
      }
      case kOpSelectDb: {
        uint64_t db = 0;
        if (!ReadLen(&db)) return Step::kError;
        if (db >= static_cast<uint64_t>(limits_.databases)) {
          Fail("FATAL: Data file was created with a Redis server configured to handle more than " +
               std::to_string(limits_.databases) + " databases");
          return Step::kError;
        }
        db_ = static_cast<int>(db);
        continue;
      }
      case kOpResizeDb: {
        uint64_t a, b;
        if (!ReadLen(&a) || !ReadLen(&b)) return Step::kError;
        continue;
      }
      case kOpAux: {
        std::string k, v;
        if (!ReadString(&k) || !ReadString(&v)) return Step::kError;
        aux_.emplace_back(std::move(k), std::move(v));
        continue;
      }
      case kOpModuleAux:
        Fail("The RDB file holds module auxiliary data; ringkv has no modules");
        return Step::kError;
      case kOpFunction2: {
        std::string code;
        if (!ReadString(&code)) return Step::kError;
        functions_.push_back(std::move(code));
        continue;
      }
      case kOpFunctionPreGa:
        Fail("The RDB file holds functions in the pre-GA format of Redis 7.0 release candidates");
        return Step::kError;
      case kOpEof: {
        if (version_ < 5) return Step::kEnd;
        uint64_t expected = crc_;
        uint8_t b[8];
        if (!ReadExact(b, 8)) return Step::kError;
        uint64_t stored = 0;
        for (int i = 7; i >= 0; i--) stored = (stored << 8) | b[i];
        // A stored 0 means the writer had rdbchecksum off.
        if (stored != 0 && stored != expected) {
          Fail("Wrong RDB checksum expected: (" + std::to_string(stored) + ") got: (" +
               std::to_string(expected) + ")");
          return Step::kError;
        }
        return Step::kEnd;
      }
      default:
        break;
    }
    out->db = db_;
    out->expire_ms = expire;
    out->unsupported.clear();
    if (!ReadString(&out->key)) return Step::kError;
    bool empty = false;
    Value v;
    if (!ReadObject(type, &v, &empty)) {
      error_ = "Key '" + out->key + "': " + error_;
      return Step::kError;
    }
    if (empty) {
      empty_keys_++;
      expire = -1;
      continue;
    }
    out->value = std::move(v);
    return Step::kKey;
  }
}

}  // namespace ringkv::rdb
