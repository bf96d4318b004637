#include "engine/rdb/payload.h"

#include <span>

#include "engine/rdb/crc64.h"
#include "engine/rdb/reader.h"
#include "engine/rdb/writer.h"

namespace ringkv::rdb {

namespace {
constexpr size_t kFooter = 10;  // version (2) + CRC-64 (8)

// The RDB version (2 bytes) and the CRC-64 of everything before it (8 bytes), little-endian.
void AppendFooter(std::string* out) {
  out->push_back(static_cast<char>(kVersion & 0xff));
  out->push_back(static_cast<char>((kVersion >> 8) & 0xff));
  uint64_t crc = Crc64(0, out->data(), out->size());
  for (int i = 0; i < 8; i++) out->push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
}
}

bool MakeDumpPayload(const Value& v, bool compress, std::string* out) {
  out->clear();
  if (!RdbWriter::AppendTypedValue(out, v, compress)) return false;
  AppendFooter(out);
  return true;
}

std::string MakeFunctionsPayload(std::span<const std::string> library_codes) {
  std::string out;
  for (const std::string& code : library_codes) {
    out.push_back(static_cast<char>(kOpFunction2));
    RdbWriter::AppendString(&out, code, /*compress=*/true);
  }
  AppendFooter(&out);
  return out;
}

bool ReadFunctionsPayload(std::string_view p, std::vector<std::string>* library_codes,
                          std::string* err) {
  std::span<const uint8_t> body(reinterpret_cast<const uint8_t*>(p.data()), p.size() - kFooter);
  MemorySource src(body);
  MallocArena arena;  // strings only: nothing is allocated in it
  RdbReader r(src, arena, LoadLimits{});
  while (src.remaining() > 0) {
    uint8_t type = 0;
    if (!r.ReadByte(&type)) {
      *err = "ERR can not read data type";
      return false;
    }
    if (type == kOpFunctionPreGa) {
      *err = "ERR Pre-GA function format not supported";
      return false;
    }
    if (type != kOpFunction2) {
      *err = "ERR given type is not a function";
      return false;
    }
    std::string code;
    if (!r.ReadString(&code)) {
      *err = "ERR failed loading the given functions payload";
      return false;
    }
    library_codes->push_back(std::move(code));
  }
  return true;
}

bool VerifyDumpPayload(std::string_view p) {
  if (p.size() < kFooter) return false;
  const auto* f = reinterpret_cast<const uint8_t*>(p.data() + p.size() - kFooter);
  int version = f[0] | (f[1] << 8);
  if (version > kVersion) return false;
  uint64_t stored = 0;
  for (int i = 7; i >= 0; i--) stored = (stored << 8) | f[2 + i];
  return Crc64(0, p.data(), p.size() - 8) == stored;
}

bool ReadDumpPayload(std::string_view p, Arena& arena, const LoadLimits& limits, Value* out) {
  if (p.size() < kFooter) return false;
  MemorySource src(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(p.data()), p.size() - kFooter));
  RdbReader r(src, arena, limits);
  uint8_t type = 0;
  bool empty = false;
  if (!r.ReadByte(&type)) return false;
  return r.ReadObject(type, out, &empty) && !empty;
}

}  // namespace ringkv::rdb
