#include "engine/types/hyperloglog.h"

#include <cmath>
#include <cstring>

namespace ringkv::hll {
namespace {

constexpr int kP = 14;                 // register index bits
constexpr int kQ = 64 - kP;            // bits left for the run of zeros
constexpr uint64_t kPMask = kRegisters - 1;
constexpr int kRegisterMax = 63;       // 6-bit registers
constexpr size_t kDenseBytes = kDenseSize - kHeaderSize;
constexpr uint8_t kEncodingDense = 0;
constexpr uint8_t kEncodingSparse = 1;
constexpr size_t kCardOffset = 8;      // header: magic[4] encoding notused[3] card[8]

// ---- sparse opcodes ----
// ZERO  00xxxxxx           1..64 zero registers
// XZERO 01xxxxxx yyyyyyyy  1..16384 zero registers
// VAL   1vvvvvxx           1..4 registers of value 1..32
constexpr int kValMaxValue = 32;
constexpr int kValMaxLen = 4;
constexpr int kZeroMaxLen = 64;
constexpr int kXZeroMaxLen = 16384;

bool IsZero(const uint8_t* p) { return (*p & 0xc0) == 0; }
bool IsXZero(const uint8_t* p) { return (*p & 0xc0) == 0x40; }
bool IsVal(const uint8_t* p) { return (*p & 0x80) != 0; }
int ZeroLen(const uint8_t* p) { return (*p & 0x3f) + 1; }
int XZeroLen(const uint8_t* p) { return (((*p & 0x3f) << 8) | p[1]) + 1; }
int ValValue(const uint8_t* p) { return ((*p >> 2) & 0x1f) + 1; }
int ValLen(const uint8_t* p) { return (*p & 0x3) + 1; }
void SetVal(uint8_t* p, int value, int len) {
  *p = static_cast<uint8_t>((((value - 1) << 2) | (len - 1)) | 0x80);
}
void SetZero(uint8_t* p, int len) { *p = static_cast<uint8_t>(len - 1); }
void SetXZero(uint8_t* p, int len) {
  int l = len - 1;
  p[0] = static_cast<uint8_t>((l >> 8) | 0x40);
  p[1] = static_cast<uint8_t>(l & 0xff);
}

// ---- dense registers: 6 bits each, least significant bits first within bytes ----
// Redis reads one byte past the last register (the sds terminator, always 0); here that byte
// is treated as 0 explicitly.
uint8_t DenseGet(const uint8_t* regs, int index) {
  size_t byte = static_cast<size_t>(index) * 6 / 8;
  unsigned fb = (static_cast<unsigned>(index) * 6) & 7;
  unsigned b0 = regs[byte];
  unsigned b1 = byte + 1 < kDenseBytes ? regs[byte + 1] : 0;
  return static_cast<uint8_t>(((b0 >> fb) | (b1 << (8 - fb))) & kRegisterMax);
}

void DenseSetRaw(uint8_t* regs, int index, uint8_t value) {
  size_t byte = static_cast<size_t>(index) * 6 / 8;
  unsigned fb = (static_cast<unsigned>(index) * 6) & 7;
  unsigned fb8 = 8 - fb;
  regs[byte] = static_cast<uint8_t>((regs[byte] & ~(kRegisterMax << fb)) | (value << fb));
  if (byte + 1 < kDenseBytes) {
    regs[byte + 1] = static_cast<uint8_t>((regs[byte + 1] & ~(kRegisterMax >> fb8)) |
                                          (value >> fb8));
  }
}

int DenseSet(uint8_t* regs, int index, uint8_t value) {
  if (value <= DenseGet(regs, index)) return 0;
  DenseSetRaw(regs, index, value);
  return 1;
}

uint8_t* Bytes(std::string* s) { return reinterpret_cast<uint8_t*>(s->data()); }
const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// The register an element lands in and the length of its run of zeros plus one (hllPatLen).
int PatLen(std::string_view element, int* index) {
  uint64_t hash = MurmurHash64A(element.data(), element.size(), 0xadc83b19u);
  *index = static_cast<int>(hash & kPMask);
  hash >>= kP;
  hash |= uint64_t{1} << kQ;  // the loop ends, and the count is at most kQ + 1
  int count = 1;
  for (uint64_t bit = 1; (hash & bit) == 0; bit <<= 1) count++;
  return count;
}

// hllSparseSet, step by step. Returns 1 (updated), 0 (no change) or -1 (corrupt).
int SparseSet(std::string* s, int index, uint8_t count, size_t sparse_max_bytes) {
  if (count > kValMaxValue) return ToDense(s) ? DenseSet(Bytes(s) + kHeaderSize, index, count) : -1;

  // Step 1: find the opcode covering `index`, with the ones before and after it.
  uint8_t* sparse = Bytes(s) + kHeaderSize;
  uint8_t* end = Bytes(s) + s->size();
  uint8_t* p = sparse;
  uint8_t* prev = nullptr;
  long first = 0, span = 0;
  while (p < end) {
    long oplen = 1;
    if (IsZero(p)) {
      span = ZeroLen(p);
    } else if (IsVal(p)) {
      span = ValLen(p);
    } else {
      if (p + 1 >= end) return -1;
      span = XZeroLen(p);
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span == 0 || p >= end) return -1;
  uint8_t* next = IsXZero(p) ? p + 2 : p + 1;
  if (next >= end) next = nullptr;
  const bool is_zero = IsZero(p), is_xzero = IsXZero(p), is_val = IsVal(p);
  const long runlen = is_zero ? ZeroLen(p) : is_xzero ? XZeroLen(p) : ValLen(p);

  // Step 2: the trivial cases, then the split of the opcode into up to three (5 bytes).
  bool updated_in_place = false;
  if (is_val) {
    if (ValValue(p) >= count) return 0;
    if (runlen == 1) {
      SetVal(p, count, 1);
      updated_in_place = true;
    }
  }
  if (!updated_in_place && is_zero && runlen == 1) {
    SetVal(p, count, 1);
    updated_in_place = true;
  }
  if (!updated_in_place) {
    uint8_t seq[5];
    uint8_t* n = seq;
    const long last = first + span - 1;
    auto zeros = [&](long len) {
      if (len > kZeroMaxLen) {
        SetXZero(n, static_cast<int>(len));
        n += 2;
      } else {
        SetZero(n, static_cast<int>(len));
        n++;
      }
    };
    if (is_zero || is_xzero) {
      if (index != first) zeros(index - first);
      SetVal(n++, count, 1);
      if (index != last) zeros(last - index);
    } else {
      int curval = ValValue(p);
      if (index != first) SetVal(n++, curval, static_cast<int>(index - first));
      SetVal(n++, count, 1);
      if (index != last) SetVal(n++, curval, static_cast<int>(last - index));
    }
    // Step 3: put the new sequence in place of the old opcode.
    const long seqlen = n - seq;
    const long oldlen = is_xzero ? 2 : 1;
    const long delta = seqlen - oldlen;
    if (delta > 0 && s->size() + static_cast<size_t>(delta) > sparse_max_bytes) {
      return ToDense(s) ? DenseSet(Bytes(s) + kHeaderSize, index, count) : -1;
    }
    // Offsets survive the resize; pointers do not.
    size_t p_off = static_cast<size_t>(p - Bytes(s));
    size_t prev_off = prev != nullptr ? static_cast<size_t>(prev - Bytes(s)) : 0;
    size_t next_off = next != nullptr ? static_cast<size_t>(next - Bytes(s)) : 0;
    size_t old_size = s->size();
    if (delta > 0) s->resize(old_size + static_cast<size_t>(delta));
    if (delta != 0 && next != nullptr) {
      std::memmove(Bytes(s) + next_off + delta, Bytes(s) + next_off, old_size - next_off);
    }
    if (delta < 0) s->resize(old_size - static_cast<size_t>(-delta));
    std::memcpy(Bytes(s) + p_off, seq, static_cast<size_t>(seqlen));
    sparse = Bytes(s) + kHeaderSize;
    end = Bytes(s) + s->size();
    prev = prev != nullptr ? Bytes(s) + prev_off : nullptr;
  }

  // Step 4: merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from `prev`.
  p = prev != nullptr ? prev : sparse;
  int scanlen = 5;
  while (p < end && scanlen--) {
    if (IsXZero(p)) {
      p += 2;
      continue;
    }
    if (IsZero(p)) {
      p++;
      continue;
    }
    if (p + 1 < end && IsVal(p + 1) && ValValue(p) == ValValue(p + 1)) {
      int len = ValLen(p) + ValLen(p + 1);
      if (len <= kValMaxLen) {
        SetVal(p + 1, ValValue(p), len);
        size_t off = static_cast<size_t>(p - Bytes(s));
        s->erase(off, 1);
        p = Bytes(s) + off;
        end = Bytes(s) + s->size();
        continue;  // try the merged opcode with the one on its right
      }
    }
    p++;
  }
  InvalidateCache(s);
  return 1;
}

// Register histogram of sparse opcodes; false when they do not cover exactly kRegisters.
bool SparseHistogram(const uint8_t* p, const uint8_t* end, int* histo) {
  long idx = 0;
  while (p < end) {
    if (IsZero(p)) {
      idx += ZeroLen(p);
      histo[0] += ZeroLen(p);
      p++;
    } else if (IsXZero(p)) {
      if (p + 1 >= end) return false;
      idx += XZeroLen(p);
      histo[0] += XZeroLen(p);
      p += 2;
    } else {
      idx += ValLen(p);
      if (idx > kRegisters) return false;
      histo[ValValue(p)] += ValLen(p);
      p++;
    }
  }
  return idx == kRegisters;
}

// Ertl's estimator as Redis computes it (hllSigma, hllTau, hllCount), so the rounding is the same.
double Sigma(double x) {
  if (x == 1.) return INFINITY;
  double z_prime, y = 1, z = x;
  do {
    x *= x;
    z_prime = z;
    z += x * y;
    y += y;
  } while (z_prime != z);
  return z;
}

double Tau(double x) {
  if (x == 0. || x == 1.) return 0.;
  double z_prime, y = 1.0, z = 1 - x;
  do {
    x = std::sqrt(x);
    z_prime = z;
    y *= 0.5;
    z -= std::pow(1 - x, 2) * y;
  } while (z_prime != z);
  return z / 3;
}

uint64_t Estimate(const int* histo) {
  const double m = kRegisters;
  double z = m * Tau((m - histo[kQ + 1]) / m);
  for (int j = kQ; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * Sigma(histo[0] / m);
  constexpr double kAlphaInf = 0.721347520444481703680;  // 0.5 / ln(2)
  return static_cast<uint64_t>(::llroundl(kAlphaInf * m * m / z));
}

}  // namespace

uint64_t MurmurHash64A(const void* key, size_t len, uint32_t seed) {
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  const int r = 47;
  uint64_t h = seed ^ (static_cast<uint64_t>(static_cast<int>(len)) * m);
  const auto* data = static_cast<const uint8_t*>(key);
  const uint8_t* end = data + (len - (len & 7));
  while (data != end) {
    uint64_t k;
    std::memcpy(&k, data, sizeof(k));  // little-endian, as Redis on x86
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
    data += 8;
  }
  switch (len & 7) {
    case 7: h ^= static_cast<uint64_t>(data[6]) << 48; [[fallthrough]];
    case 6: h ^= static_cast<uint64_t>(data[5]) << 40; [[fallthrough]];
    case 5: h ^= static_cast<uint64_t>(data[4]) << 32; [[fallthrough]];
    case 4: h ^= static_cast<uint64_t>(data[3]) << 24; [[fallthrough]];
    case 3: h ^= static_cast<uint64_t>(data[2]) << 16; [[fallthrough]];
    case 2: h ^= static_cast<uint64_t>(data[1]) << 8; [[fallthrough]];
    case 1:
      h ^= static_cast<uint64_t>(data[0]);
      h *= m;
      break;
    default: break;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

std::string Create() {
  std::string s(kHeaderSize, '\0');
  std::memcpy(s.data(), "HYLL", 4);
  s[4] = static_cast<char>(kEncodingSparse);
  for (int left = kRegisters; left > 0; left -= kXZeroMaxLen) {
    uint8_t op[2];
    SetXZero(op, left < kXZeroMaxLen ? left : kXZeroMaxLen);
    s.append(reinterpret_cast<const char*>(op), 2);
  }
  return s;
}

bool LooksValid(std::string_view s) {
  if (s.size() < kHeaderSize || s.substr(0, 4) != "HYLL") return false;
  auto encoding = static_cast<uint8_t>(s[4]);
  if (encoding > kEncodingSparse) return false;
  return encoding != kEncodingDense || s.size() == kDenseSize;
}

bool IsDense(std::string_view s) { return static_cast<uint8_t>(s[4]) == kEncodingDense; }

bool ToDense(std::string* s) {
  if (IsDense(*s)) return true;
  std::string dense(kDenseSize, '\0');
  std::memcpy(dense.data(), s->data(), kHeaderSize);  // magic and cached cardinality
  dense[4] = static_cast<char>(kEncodingDense);
  uint8_t* regs = Bytes(&dense) + kHeaderSize;
  const uint8_t* p = Bytes(*s) + kHeaderSize;
  const uint8_t* end = Bytes(*s) + s->size();
  long idx = 0;
  while (p < end) {
    if (IsZero(p)) {
      idx += ZeroLen(p);
      p++;
    } else if (IsXZero(p)) {
      if (p + 1 >= end) return false;
      idx += XZeroLen(p);
      p += 2;
    } else {
      int run = ValLen(p), value = ValValue(p);
      if (idx + run > kRegisters) break;  // corrupt: caught by the check below
      while (run--) DenseSetRaw(regs, static_cast<int>(idx++), static_cast<uint8_t>(value));
      p++;
    }
  }
  if (idx != kRegisters) return false;
  *s = std::move(dense);
  return true;
}

int SetRegister(std::string* s, int index, uint8_t value, size_t sparse_max_bytes) {
  if (IsDense(*s)) return DenseSet(Bytes(s) + kHeaderSize, index, value);
  return SparseSet(s, index, value, sparse_max_bytes);
}

int Add(std::string* s, std::string_view element, size_t sparse_max_bytes) {
  int index = 0;
  int count = PatLen(element, &index);
  return SetRegister(s, index, static_cast<uint8_t>(count), sparse_max_bytes);
}

bool MergeInto(std::string_view s, uint8_t* max) {
  if (IsDense(s)) {
    const uint8_t* regs = Bytes(s) + kHeaderSize;
    for (int i = 0; i < kRegisters; i++) {
      uint8_t v = DenseGet(regs, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  const uint8_t* p = Bytes(s) + kHeaderSize;
  const uint8_t* end = Bytes(s) + s.size();
  long i = 0;
  while (p < end) {
    if (IsZero(p)) {
      i += ZeroLen(p);
      p++;
    } else if (IsXZero(p)) {
      if (p + 1 >= end) return false;
      i += XZeroLen(p);
      p += 2;
    } else {
      int run = ValLen(p), value = ValValue(p);
      if (i + run > kRegisters) break;
      while (run--) {
        if (value > max[i]) max[i] = static_cast<uint8_t>(value);
        i++;
      }
      p++;
    }
  }
  return i == kRegisters;
}

bool Count(std::string_view s, uint64_t* out) {
  int histo[64] = {};
  if (IsDense(s)) {
    const uint8_t* regs = Bytes(s) + kHeaderSize;
    for (int i = 0; i < kRegisters; i++) histo[DenseGet(regs, i)]++;
  } else if (!SparseHistogram(Bytes(s) + kHeaderSize, Bytes(s) + s.size(), histo)) {
    return false;
  }
  *out = Estimate(histo);
  return true;
}

uint64_t CountRaw(const uint8_t* registers) {
  int histo[64] = {};
  for (int i = 0; i < kRegisters; i++) histo[registers[i] & 63]++;
  return Estimate(histo);
}

bool CacheValid(std::string_view s) { return (static_cast<uint8_t>(s[kCardOffset + 7]) & 0x80) == 0; }

uint64_t CachedCount(std::string_view s) {
  uint64_t card = 0;
  for (int i = 7; i >= 0; i--) card = (card << 8) | static_cast<uint8_t>(s[kCardOffset + i]);
  return card;
}

void StoreCache(std::string* s, uint64_t card) {
  for (int i = 0; i < 8; i++) (*s)[kCardOffset + i] = static_cast<char>((card >> (8 * i)) & 0xff);
}

void InvalidateCache(std::string* s) { (*s)[kCardOffset + 7] |= static_cast<char>(0x80); }

}  // namespace ringkv::hll
