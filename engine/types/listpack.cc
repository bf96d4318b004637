// Listpack in Redis 7's byte format. See listpack.h; the format is Redis's listpack.md:
//
//   <total-bytes:u32le> <num-elements:u16le> <entry>... <0xFF>
//   entry = <encoding [+ data]> <backlen>
//
// Encodings (first byte):      0xxxxxxx 7-bit uint       10xxxxxx 6-bit-length string
//   110xxxxx +1 13-bit int     1110xxxx +1 12-bit-length string   11110000 +4 32-bit-length string
//   11110001 +2 16-bit int     11110010 +3 24-bit int    11110011 +4 32-bit int
//   11110100 +8 64-bit int     11111111 terminator
// backlen is the length of <encoding+data>, written so it can be read right to left: 7 bits per
// byte, the most significant group first, every byte but the leftmost with the high bit set.
#include "engine/types/listpack.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "engine/util/numbers.h"

namespace ringkv::lp {

namespace {

constexpr size_t kHeaderSize = 6;
constexpr uint32_t kCountUnknown = UINT16_MAX;
constexpr uint8_t kEof = 0xFF;
constexpr size_t kMaxIntEncoding = 9;
constexpr size_t kMaxBacklen = 5;

uint32_t GetTotal(const uint8_t* lp) {
  return uint32_t{lp[0]} | uint32_t{lp[1]} << 8 | uint32_t{lp[2]} << 16 | uint32_t{lp[3]} << 24;
}
uint32_t GetCount(const uint8_t* lp) {
  return uint32_t{lp[4]} | uint32_t{lp[5]} << 8;
}
void SetTotal(uint8_t* lp, uint32_t v) {
  lp[0] = v & 0xff;
  lp[1] = (v >> 8) & 0xff;
  lp[2] = (v >> 16) & 0xff;
  lp[3] = (v >> 24) & 0xff;
}
void SetCount(uint8_t* lp, uint32_t v) {
  lp[4] = v & 0xff;
  lp[5] = (v >> 8) & 0xff;
}

// The block size for a listpack of `bytes`: rounded up to a size class (multiples of 8 up to 64,
// then four classes per power of two, like mimalloc's and jemalloc's bins) so the rounding costs
// about what the allocator would round anyway, while growth within a class needs no copy.
size_t Capacity(size_t bytes) {
  if (bytes <= 64) return (bytes + 7) & ~size_t{7};
  unsigned b = std::bit_width(bytes - 1) - 1;  // highest set bit of bytes-1
  size_t step = size_t{1} << (b - 2);
  return (bytes + step - 1) & ~(step - 1);
}

// Length of <encoding+data> of the entry at p, or 0 for an invalid encoding byte. Reads the
// length bytes of 12- and 32-bit strings: only for entries known to be complete.
uint64_t EncodedSize(const uint8_t* p) {
  uint8_t b = p[0];
  if ((b & 0x80) == 0) return 1;
  if ((b & 0xC0) == 0x80) return 1 + (b & 0x3F);
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 2 + ((uint64_t{b} & 0xF) << 8 | p[1]);
  switch (b) {
    case 0xF0:
      return 5 +
             (uint64_t{p[1]} | uint64_t{p[2]} << 8 | uint64_t{p[3]} << 16 | uint64_t{p[4]} << 24);
    case 0xF1:
      return 3;
    case 0xF2:
      return 4;
    case 0xF3:
      return 5;
    case 0xF4:
      return 9;
    case kEof:
      return 1;
    default:
      return 0;
  }
}

// Bytes of the encoding byte plus length bytes (before the data), or 0 when invalid.
uint32_t EncodedHeaderSize(uint8_t b) {
  if ((b & 0x80) == 0 || (b & 0xC0) == 0x80 || (b & 0xE0) == 0xC0) return 1;
  if ((b & 0xF0) == 0xE0) return 2;
  switch (b) {
    case 0xF0:
      return 5;
    case 0xF1:
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case kEof:
      return 1;
    default:
      return 0;
  }
}

// Redis's lpEncodeBacklen: note the thresholds are `< 16383` etc., not `<=`.
size_t EncodeBacklen(uint8_t* buf, uint64_t l) {
  if (l <= 127) {
    if (buf) buf[0] = static_cast<uint8_t>(l);
    return 1;
  }
  size_t n = l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
  if (buf) {
    for (size_t i = 0; i < n; i++) {
      unsigned shift = static_cast<unsigned>(7 * (n - 1 - i));
      uint8_t v = static_cast<uint8_t>((l >> shift) & 127);
      buf[i] = i == 0 ? static_cast<uint8_t>(l >> shift) : (v | 128);
    }
  }
  return n;
}

// Reads a backlen ending at p (its rightmost byte). UINT64_MAX when longer than 5 bytes.
uint64_t DecodeBacklen(const uint8_t* p) {
  uint64_t val = 0;
  unsigned shift = 0;
  while (true) {
    val |= uint64_t{p[0] & 127u} << shift;
    if (!(p[0] & 128)) break;
    shift += 7;
    p--;
    if (shift > 28) return UINT64_MAX;
  }
  return val;
}

size_t EntrySize(const uint8_t* p) {
  uint64_t len = EncodedSize(p);
  return static_cast<size_t>(len + EncodeBacklen(nullptr, len));
}

// Encoding of an integer; returns its length (1..9).
size_t EncodeInt(int64_t v, uint8_t* out) {
  if (v >= 0 && v <= 127) {
    out[0] = static_cast<uint8_t>(v);
    return 1;
  }
  uint64_t u = static_cast<uint64_t>(v);  // two's complement; the masks below truncate
  if (v >= -4096 && v <= 4095) {
    out[0] = static_cast<uint8_t>(((u >> 8) & 0x1F) | 0xC0);
    out[1] = static_cast<uint8_t>(u & 0xff);
    return 2;
  }
  size_t n;
  if (v >= -32768 && v <= 32767) {
    out[0] = 0xF1;
    n = 2;
  } else if (v >= -8388608 && v <= 8388607) {
    out[0] = 0xF2;
    n = 3;
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    out[0] = 0xF3;
    n = 4;
  } else {
    out[0] = 0xF4;
    n = 8;
  }
  for (size_t i = 0; i < n; i++) out[1 + i] = static_cast<uint8_t>((u >> (8 * i)) & 0xff);
  return n + 1;
}

// What an element will be written as.
struct Encoded {
  bool is_int = false;
  uint8_t intenc[kMaxIntEncoding];
  std::string_view str;
  size_t enclen = 0;  // encoding + data
  uint8_t backlen[kMaxBacklen];
  size_t backlen_size = 0;
  size_t total() const { return enclen + backlen_size; }
};

void FinishEncoded(Encoded& e) {
  e.backlen_size = EncodeBacklen(e.backlen, e.enclen);
}

Encoded EncodeIntValue(int64_t v) {
  Encoded e;
  e.is_int = true;
  e.enclen = EncodeInt(v, e.intenc);
  FinishEncoded(e);
  return e;
}

Encoded EncodeValue(std::string_view s) {
  int64_t v;
  if (StringToInt64(s, &v)) return EncodeIntValue(v);
  Encoded e;
  e.str = s;
  e.enclen = s.size() + (s.size() < 64 ? 1 : s.size() < 4096 ? 2 : 5);
  FinishEncoded(e);
  return e;
}

void WriteEncoded(const Encoded& e, uint8_t* dst) {
  if (e.is_int) {
    std::memcpy(dst, e.intenc, e.enclen);
  } else {
    size_t len = e.str.size();
    if (len < 64) {
      dst[0] = static_cast<uint8_t>(len | 0x80);
      dst += 1;
    } else if (len < 4096) {
      dst[0] = static_cast<uint8_t>((len >> 8) | 0xE0);
      dst[1] = static_cast<uint8_t>(len & 0xff);
      dst += 2;
    } else {
      dst[0] = 0xF0;
      for (int i = 0; i < 4; i++) dst[1 + i] = static_cast<uint8_t>((len >> (8 * i)) & 0xff);
      dst += 5;
    }
    if (len) std::memcpy(dst, e.str.data(), len);
  }
}

uint8_t* Allocate(Arena& arena, size_t bytes) {
  return static_cast<uint8_t*>(arena.Allocate(Capacity(bytes)));
}

// Turns the `old_len` bytes at offset `off` into `new_len` bytes (left for the caller to fill),
// adjusting the element count by `delta` (saturating at the 65535 "unknown" mark, as Redis).
// Works in place when the block's size class does not change, else moves to a new block.
uint8_t* Splice(Arena& arena, uint8_t* lp, size_t off, size_t old_len, size_t new_len, int delta) {
  size_t old_bytes = GetTotal(lp);
  size_t new_bytes = old_bytes - old_len + new_len;
  if (new_bytes > UINT32_MAX) throw std::length_error("listpack over 4 GiB");
  size_t tail = old_bytes - off - old_len;  // bytes after the range, terminator included
  uint32_t count = GetCount(lp);
  if (count != kCountUnknown) {
    int64_t c = static_cast<int64_t>(count) + delta;
    count = c >= kCountUnknown ? kCountUnknown : static_cast<uint32_t>(c);
  }
  if (Capacity(old_bytes) == Capacity(new_bytes)) {
    // In place: the header (when it changes), and everything from `off` to the furthest end
    // that is rewritten or moved.
    if (new_bytes != old_bytes || count != GetCount(lp)) arena.WillModify(lp, kHeaderSize);
    size_t touched = new_len == old_len ? new_len : std::max(old_bytes, new_bytes) - off;
    arena.WillModify(lp + off, touched);
    if (new_len != old_len) std::memmove(lp + off + new_len, lp + off + old_len, tail);
  } else {
    uint8_t* n = Allocate(arena, new_bytes);
    std::memcpy(n, lp, off);
    std::memcpy(n + off + new_len, lp + off + old_len, tail);
    arena.Deallocate(lp, Capacity(old_bytes));
    lp = n;
  }
  SetTotal(lp, static_cast<uint32_t>(new_bytes));
  SetCount(lp, count);
  return lp;
}

uint8_t* InsertEncoded(Arena& arena, uint8_t* lp, uint8_t** p, const Encoded& e, bool after) {
  uint8_t* at = *p;
  if (after) at += EntrySize(at);
  size_t off = static_cast<size_t>(at - lp);
  lp = Splice(arena, lp, off, 0, e.total(), +1);
  WriteEncoded(e, lp + off);
  std::memcpy(lp + off + e.enclen, e.backlen, e.backlen_size);
  *p = lp + off;
  return lp;
}

uint8_t* ReplaceEncoded(Arena& arena, uint8_t* lp, uint8_t** p, const Encoded& e) {
  size_t off = static_cast<size_t>(*p - lp);
  lp = Splice(arena, lp, off, EntrySize(*p), e.total(), 0);
  WriteEncoded(e, lp + off);
  std::memcpy(lp + off + e.enclen, e.backlen, e.backlen_size);
  *p = lp + off;
  return lp;
}

}  // namespace

std::string_view Entry::Text(char* buf) const {
  if (!is_int) return sval;
  return {buf, FormatInt64(ival, buf)};
}

bool StringToInt64(std::string_view s, int64_t* v) {
  return ParseInt64(s, v);
}

size_t EncodedEntryBytes(std::string_view s) {
  return EncodeValue(s).total();
}

bool SafeToAdd(const uint8_t* lp, size_t add) {
  size_t len = lp ? GetTotal(lp) : 0;
  return len + add <= kMaxSafeSize;
}

uint8_t* New(Arena& arena) {
  uint8_t* lp = Allocate(arena, kHeaderSize + 1);
  SetTotal(lp, kHeaderSize + 1);
  SetCount(lp, 0);
  lp[kHeaderSize] = kEof;
  return lp;
}

void Free(Arena& arena, uint8_t* lp) {
  if (lp) arena.Deallocate(lp, Capacity(GetTotal(lp)));
}

uint8_t* FromBytes(Arena& arena, const void* data, size_t size) {
  uint8_t* lp = Allocate(arena, size);
  std::memcpy(lp, data, size);
  return lp;
}

size_t Bytes(const uint8_t* lp) {
  return GetTotal(lp);
}
size_t AllocatedBytes(const uint8_t* lp) {
  return Capacity(GetTotal(lp));
}

size_t Length(const uint8_t* lp) {
  uint32_t n = GetCount(lp);
  if (n != kCountUnknown) return n;
  size_t count = 0;
  for (const uint8_t* p = First(lp); p; p = Next(lp, p)) count++;
  return count;
}

const uint8_t* First(const uint8_t* lp) {
  const uint8_t* p = lp + kHeaderSize;
  return p[0] == kEof ? nullptr : p;
}

const uint8_t* Next(const uint8_t* /*lp*/, const uint8_t* p) {
  p += EntrySize(p);
  return p[0] == kEof ? nullptr : p;
}

const uint8_t* Prev(const uint8_t* lp, const uint8_t* p) {
  if (p - lp == static_cast<ptrdiff_t>(kHeaderSize)) return nullptr;
  uint64_t prevlen = DecodeBacklen(p - 1);
  prevlen += EncodeBacklen(nullptr, prevlen);
  return p - prevlen;
}

const uint8_t* Last(const uint8_t* lp) {
  return Prev(lp, lp + GetTotal(lp) - 1);
}

const uint8_t* Seek(const uint8_t* lp, long index) {
  bool forward = true;
  uint32_t numele = GetCount(lp);
  if (numele != kCountUnknown) {
    long n = numele;
    if (index < 0) index += n;
    if (index < 0 || index >= n) return nullptr;
    if (index > n / 2) {
      forward = false;
      index -= n;
    }
  } else if (index < 0) {
    forward = false;
  }
  if (forward) {
    const uint8_t* p = First(lp);
    while (index > 0 && p) {
      p = Next(lp, p);
      index--;
    }
    return p;
  }
  const uint8_t* p = Last(lp);
  while (index < -1 && p) {
    p = Prev(lp, p);
    index++;
  }
  return p;
}

uint8_t* First(uint8_t* lp) {
  return const_cast<uint8_t*>(First(static_cast<const uint8_t*>(lp)));
}
uint8_t* Last(uint8_t* lp) {
  return const_cast<uint8_t*>(Last(static_cast<const uint8_t*>(lp)));
}
uint8_t* Next(uint8_t* lp, uint8_t* p) {
  return const_cast<uint8_t*>(
      Next(static_cast<const uint8_t*>(lp), static_cast<const uint8_t*>(p)));
}
uint8_t* Prev(uint8_t* lp, uint8_t* p) {
  return const_cast<uint8_t*>(
      Prev(static_cast<const uint8_t*>(lp), static_cast<const uint8_t*>(p)));
}
uint8_t* Seek(uint8_t* lp, long index) {
  return const_cast<uint8_t*>(Seek(static_cast<const uint8_t*>(lp), index));
}

Entry Get(const uint8_t* p) {
  Entry e;
  uint8_t b = p[0];
  uint64_t uval;
  uint64_t negstart;  // values at or above are negative (two's complement of `bits`)
  unsigned bits;
  if ((b & 0x80) == 0) {
    e.is_int = true;
    e.ival = b & 0x7F;
    return e;
  } else if ((b & 0xC0) == 0x80) {
    e.sval = {reinterpret_cast<const char*>(p + 1), size_t{b & 0x3Fu}};
    return e;
  } else if ((b & 0xE0) == 0xC0) {
    uval = (uint64_t{b} & 0x1F) << 8 | p[1];
    bits = 13;
  } else if ((b & 0xF0) == 0xE0) {
    e.sval = {reinterpret_cast<const char*>(p + 2), (size_t{b} & 0xF) << 8 | p[1]};
    return e;
  } else if (b == 0xF0) {
    size_t len = size_t{p[1]} | size_t{p[2]} << 8 | size_t{p[3]} << 16 | size_t{p[4]} << 24;
    e.sval = {reinterpret_cast<const char*>(p + 5), len};
    return e;
  } else if (b >= 0xF1 && b <= 0xF4) {
    unsigned n = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
    uval = 0;
    for (unsigned i = 0; i < n; i++) uval |= uint64_t{p[1 + i]} << (8 * i);
    bits = 8 * n;
  } else {
    // Invalid encoding: Redis returns 12345678900000000 + byte rather than crash.
    e.is_int = true;
    e.ival = static_cast<int64_t>(12345678900000000ULL + b);
    return e;
  }
  e.is_int = true;
  negstart = uint64_t{1} << (bits - 1);
  if (bits < 64 && uval >= negstart) {
    e.ival = static_cast<int64_t>(uval) - (int64_t{1} << bits);
  } else {
    e.ival = static_cast<int64_t>(uval);  // 64-bit: two's complement conversion
  }
  return e;
}

size_t EntryBytes(const uint8_t* p) {
  return EntrySize(p);
}

bool Equals(const uint8_t* p, std::string_view s) {
  if (p[0] == kEof) return false;
  Entry e = Get(p);
  if (!e.is_int) return e.sval == s;
  int64_t v;
  return StringToInt64(s, &v) && v == e.ival;
}

const uint8_t* Find(const uint8_t* lp, const uint8_t* p, std::string_view s, unsigned skip) {
  // Parse `s` once, lazily: integer entries compare by value, string entries by bytes (a
  // canonical integer is never stored as a string, so this equals comparing texts).
  int parsed = 0;  // 0 not yet, 1 integer, -1 not an integer
  int64_t sv = 0;
  unsigned skipcnt = 0;
  while (p) {
    if (skipcnt == 0) {
      Entry e = Get(p);
      if (!e.is_int) {
        if (e.sval == s) return p;
      } else {
        if (parsed == 0) parsed = StringToInt64(s, &sv) ? 1 : -1;
        if (parsed == 1 && e.ival == sv) return p;
      }
      skipcnt = skip;
    } else {
      skipcnt--;
    }
    p = Next(lp, p);
  }
  return nullptr;
}

uint8_t* Find(uint8_t* lp, uint8_t* p, std::string_view s, unsigned skip) {
  return const_cast<uint8_t*>(
      Find(static_cast<const uint8_t*>(lp), static_cast<const uint8_t*>(p), s, skip));
}

uint8_t* Append(Arena& arena, uint8_t* lp, std::string_view s) {
  uint8_t* p = lp + GetTotal(lp) - 1;
  return InsertEncoded(arena, lp, &p, EncodeValue(s), false);
}

uint8_t* AppendInt(Arena& arena, uint8_t* lp, int64_t v) {
  uint8_t* p = lp + GetTotal(lp) - 1;
  return InsertEncoded(arena, lp, &p, EncodeIntValue(v), false);
}

uint8_t* Prepend(Arena& arena, uint8_t* lp, std::string_view s) {
  uint8_t* p = lp + kHeaderSize;  // the first entry, or the terminator when empty
  return InsertEncoded(arena, lp, &p, EncodeValue(s), false);
}

uint8_t* Insert(Arena& arena, uint8_t* lp, uint8_t** p, std::string_view s, bool after) {
  return InsertEncoded(arena, lp, p, EncodeValue(s), after);
}

uint8_t* Replace(Arena& arena, uint8_t* lp, uint8_t** p, std::string_view s) {
  return ReplaceEncoded(arena, lp, p, EncodeValue(s));
}

uint8_t* ReplaceInt(Arena& arena, uint8_t* lp, uint8_t** p, int64_t v) {
  return ReplaceEncoded(arena, lp, p, EncodeIntValue(v));
}

uint8_t* Delete(Arena& arena, uint8_t* lp, uint8_t** p) {
  size_t off = static_cast<size_t>(*p - lp);
  lp = Splice(arena, lp, off, EntrySize(*p), 0, -1);
  *p = lp[off] == kEof ? nullptr : lp + off;
  return lp;
}

uint8_t* DeleteRange(Arena& arena, uint8_t* lp, long index, size_t count) {
  uint8_t* first = Seek(lp, index);
  if (first == nullptr || count == 0) return lp;
  uint8_t* p = first;
  size_t n = 0;
  while (n < count && p[0] != kEof) {
    p += EntrySize(p);
    n++;
  }
  size_t off = static_cast<size_t>(first - lp);
  int delta = -static_cast<int>(std::min<size_t>(n, INT32_MAX));
  lp = Splice(arena, lp, off, static_cast<size_t>(p - first), 0, delta);
  // Redis's lpDeleteRange counts the entries and stores the exact count when it fits again.
  if (GetCount(lp) == kCountUnknown) {
    size_t len = Length(lp);
    if (len < kCountUnknown) {
      arena.WillModify(lp, kHeaderSize);
      SetCount(lp, static_cast<uint32_t>(len));
    }
  }
  return lp;
}

uint8_t* Merge(Arena& arena, uint8_t* first, uint8_t* second) {
  size_t first_bytes = GetTotal(first);
  size_t second_bytes = GetTotal(second);
  size_t payload = second_bytes - kHeaderSize - 1;
  size_t total = Length(first) + Length(second);
  uint8_t* lp = Splice(arena, first, first_bytes - 1, 0, payload, 0);
  std::memcpy(lp + first_bytes - 1, second + kHeaderSize, payload);
  // Splice recorded the header when the size changed; the count may change alone.
  if (payload == 0) arena.WillModify(lp, kHeaderSize);
  SetCount(lp, total >= kCountUnknown ? kCountUnknown : static_cast<uint32_t>(total));
  Free(arena, second);
  return lp;
}

bool Validate(const uint8_t* lp, size_t size, bool deep) {
  if (size < kHeaderSize + 1) return false;
  if (GetTotal(lp) != size) return false;
  if (lp[size - 1] != kEof) return false;
  // Checks the entry at offset `off` lies wholly before the terminator, and that its backlen
  // matches its encoded size; advances `off` past it.
  auto validate_next = [&](size_t& off) {
    uint32_t lenbytes = EncodedHeaderSize(lp[off]);
    if (lenbytes == 0) return false;
    if (off + lenbytes > size - 1) return false;
    uint64_t enc = EncodedSize(lp + off);
    uint64_t backlen_size = EncodeBacklen(nullptr, enc);
    uint64_t entrylen = enc + backlen_size;
    if (off + entrylen > size - 1) return false;
    off += entrylen;
    uint64_t prevlen = DecodeBacklen(lp + off - 1);
    if (prevlen + backlen_size != entrylen) return false;
    return true;
  };
  size_t off = kHeaderSize;
  if (!deep) return lp[off] == kEof || validate_next(off);
  size_t count = 0;
  while (lp[off] != kEof) {
    if (!validate_next(off)) return false;
    count++;
  }
  // The terminator found must be the last byte (an 0xFF earlier means trailing garbage).
  if (off != size - 1) return false;
  uint32_t numele = GetCount(lp);
  return numele == kCountUnknown || numele == count;
}

}  // namespace ringkv::lp
