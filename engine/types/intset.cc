#include "engine/types/intset.h"

#include <bit>
#include <cstring>

namespace ringkv::intset {
namespace {

static_assert(std::endian::native == std::endian::little,
              "intset stores little-endian fields; add byte swaps for a big-endian host");

uint32_t Load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
void Store32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }

uint32_t EncodingFor(int64_t v) {
  if (v < INT32_MIN || v > INT32_MAX) return kEncInt64;
  if (v < INT16_MIN || v > INT16_MAX) return kEncInt32;
  return kEncInt16;
}

// Element `pos` of contents stored with `enc` bytes each.
int64_t GetEncoded(const uint8_t* contents, uint32_t pos, uint32_t enc) {
  const uint8_t* p = contents + static_cast<size_t>(pos) * enc;
  switch (enc) {
    case kEncInt16: {
      int16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    case kEncInt32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      int64_t v;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

void SetEncoded(uint8_t* contents, uint32_t pos, uint32_t enc, int64_t value) {
  uint8_t* p = contents + static_cast<size_t>(pos) * enc;
  switch (enc) {
    case kEncInt16: {
      auto v = static_cast<int16_t>(value);
      std::memcpy(p, &v, 2);
      break;
    }
    case kEncInt32: {
      auto v = static_cast<int32_t>(value);
      std::memcpy(p, &v, 4);
      break;
    }
    default:
      std::memcpy(p, &value, 8);
  }
}

const uint8_t* Contents(const uint8_t* is) { return is + kHeaderBytes; }
uint8_t* Contents(uint8_t* is) { return is + kHeaderBytes; }

// Binary search (Redis's intsetSearch): true and the position if found, else false and where
// the value would be inserted.
bool Search(const uint8_t* is, int64_t value, uint32_t* pos) {
  uint32_t len = Length(is);
  if (len == 0) {
    *pos = 0;
    return false;
  }
  uint32_t enc = EncodingOf(is);
  const uint8_t* c = Contents(is);
  // Values past either end are common (ascending inserts): answer without searching.
  if (value > GetEncoded(c, len - 1, enc)) {
    *pos = len;
    return false;
  }
  if (value < GetEncoded(c, 0, enc)) {
    *pos = 0;
    return false;
  }
  uint32_t lo = 0, hi = len;  // [lo, hi)
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int64_t cur = GetEncoded(c, mid, enc);
    if (cur == value) {
      *pos = mid;
      return true;
    }
    if (cur < value) lo = mid + 1;
    else hi = mid;
  }
  *pos = lo;
  return false;
}

uint8_t* Allocate(Arena& arena, uint32_t enc, uint32_t len) {
  auto* is = static_cast<uint8_t*>(arena.Allocate(kHeaderBytes + static_cast<size_t>(enc) * len));
  Store32(is, enc);
  Store32(is + 4, len);
  return is;
}

}  // namespace

uint8_t* New(Arena& arena) { return Allocate(arena, kEncInt16, 0); }

void Free(Arena& arena, uint8_t* is) { arena.Deallocate(is, BlobLen(is)); }

uint8_t* Copy(Arena& arena, const uint8_t* is) { return FromBytes(arena, is, BlobLen(is)); }

uint32_t Length(const uint8_t* is) { return Load32(is + 4); }
uint32_t EncodingOf(const uint8_t* is) { return Load32(is); }
size_t BlobLen(const uint8_t* is) {
  return kHeaderBytes + static_cast<size_t>(EncodingOf(is)) * Length(is);
}

int64_t Get(const uint8_t* is, uint32_t pos) { return GetEncoded(Contents(is), pos, EncodingOf(is)); }

bool Find(const uint8_t* is, int64_t value) {
  // A value wider than the encoding cannot be present.
  if (EncodingFor(value) > EncodingOf(is)) return false;
  uint32_t pos;
  return Search(is, value, &pos);
}

uint8_t* Add(Arena& arena, uint8_t* is, int64_t value, bool* added) {
  uint32_t enc = EncodingOf(is), len = Length(is);
  uint32_t venc = EncodingFor(value);
  uint8_t* out;
  if (venc > enc) {
    // Upgrade: the new value is beyond every existing one, so it goes first (negative) or last.
    out = Allocate(arena, venc, len + 1);
    bool prepend = value < 0;
    const uint8_t* from = Contents(is);
    uint8_t* to = Contents(out);
    for (uint32_t i = 0; i < len; i++) {
      SetEncoded(to, i + (prepend ? 1 : 0), venc, GetEncoded(from, i, enc));
    }
    SetEncoded(to, prepend ? 0 : len, venc, value);
  } else {
    uint32_t pos;
    if (Search(is, value, &pos)) {
      *added = false;
      return is;
    }
    out = Allocate(arena, enc, len + 1);
    const uint8_t* from = Contents(is);
    uint8_t* to = Contents(out);
    std::memcpy(to, from, static_cast<size_t>(pos) * enc);
    SetEncoded(to, pos, enc, value);
    std::memcpy(to + static_cast<size_t>(pos + 1) * enc, from + static_cast<size_t>(pos) * enc,
                static_cast<size_t>(len - pos) * enc);
  }
  Free(arena, is);
  *added = true;
  return out;
}

uint8_t* Remove(Arena& arena, uint8_t* is, int64_t value, bool* removed) {
  uint32_t pos;
  if (EncodingFor(value) > EncodingOf(is) || !Search(is, value, &pos)) {
    *removed = false;
    return is;
  }
  uint32_t enc = EncodingOf(is), len = Length(is);
  uint8_t* out = Allocate(arena, enc, len - 1);
  const uint8_t* from = Contents(is);
  uint8_t* to = Contents(out);
  std::memcpy(to, from, static_cast<size_t>(pos) * enc);
  std::memcpy(to + static_cast<size_t>(pos) * enc, from + static_cast<size_t>(pos + 1) * enc,
              static_cast<size_t>(len - pos - 1) * enc);
  Free(arena, is);
  *removed = true;
  return out;
}

bool Validate(const void* data, size_t size, bool deep) {
  const auto* p = static_cast<const uint8_t*>(data);
  if (size < kHeaderBytes) return false;
  uint32_t enc = EncodingOf(p);
  if (enc != kEncInt16 && enc != kEncInt32 && enc != kEncInt64) return false;
  uint32_t len = Length(p);
  if (kHeaderBytes + static_cast<size_t>(len) * enc != size) return false;
  if (len == 0) return false;  // Redis never stores an empty set
  if (!deep) return true;
  int64_t prev = GetEncoded(Contents(p), 0, enc);
  for (uint32_t i = 1; i < len; i++) {
    int64_t cur = GetEncoded(Contents(p), i, enc);
    if (cur <= prev) return false;
    prev = cur;
  }
  return true;
}

uint8_t* FromBytes(Arena& arena, const void* data, size_t size) {
  auto* is = static_cast<uint8_t*>(arena.Allocate(size));
  std::memcpy(is, data, size);
  return is;
}

}  // namespace ringkv::intset
