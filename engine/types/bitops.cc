#include "engine/types/bitops.h"

#include <bit>
#include <cstring>

namespace ringkv::bitops {

uint64_t Popcount(const unsigned char* p, size_t n) {
  uint64_t count = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    count += static_cast<uint64_t>(std::popcount(word));
  }
  for (; i < n; i++) count += static_cast<uint64_t>(std::popcount(static_cast<unsigned>(p[i])));
  return count;
}

int64_t FirstBit(const unsigned char* p, size_t n, int bit) {
  // Whole bytes that cannot hold the bit are skipped: 0xff when looking for a 0, 0 for a 1.
  const unsigned char skip = bit ? 0x00 : 0xff;
  size_t i = 0;
  while (i < n && p[i] == skip) i++;
  if (i == n) return bit ? -1 : static_cast<int64_t>(n) * 8;
  unsigned char b = bit ? p[i] : static_cast<unsigned char>(~p[i]);
  return static_cast<int64_t>(i) * 8 + std::countl_zero(b);
}

uint64_t GetUnsigned(const unsigned char* p, uint64_t offset, int bits) {
  uint64_t value = 0;
  for (int j = 0; j < bits; j++, offset++) {
    unsigned bit = (p[offset >> 3] >> (7 - (offset & 7))) & 1u;
    value = (value << 1) | bit;
  }
  return value;
}

int64_t GetSigned(const unsigned char* p, uint64_t offset, int bits) {
  uint64_t u = GetUnsigned(p, offset, bits);
  // Two's complement: a set top bit of the field extends into every higher bit.
  if (bits < 64 && (u & (uint64_t{1} << (bits - 1)))) u |= ~uint64_t{0} << bits;
  return static_cast<int64_t>(u);
}

void SetUnsigned(unsigned char* p, uint64_t offset, int bits, uint64_t value) {
  for (int j = 0; j < bits; j++, offset++) {
    unsigned bitval = (value >> (bits - 1 - j)) & 1u;
    unsigned shift = 7 - (offset & 7);
    unsigned char& byte = p[offset >> 3];
    byte = static_cast<unsigned char>((byte & ~(1u << shift)) | (bitval << shift));
  }
}

// Arithmetic below is done on uint64_t where Redis's C relies on wrapping signed overflow, so the
// results are Redis's without undefined behaviour.
int SignedOverflow(int64_t value, int64_t incr, int bits, Overflow how, int64_t* result) {
  const int64_t max = bits == 64 ? INT64_MAX : (int64_t{1} << (bits - 1)) - 1;
  const int64_t min = -max - 1;
  const auto maxincr = static_cast<int64_t>(static_cast<uint64_t>(max) - static_cast<uint64_t>(value));
  const auto minincr = static_cast<int64_t>(static_cast<uint64_t>(min) - static_cast<uint64_t>(value));
  int dir = 0;
  if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
    dir = 1;
  } else if (value < min || (bits != 64 && incr < minincr) ||
             (value < 0 && incr < 0 && incr < minincr)) {
    dir = -1;
  } else {
    return 0;
  }
  if (how == Overflow::kSat) {
    *result = dir > 0 ? max : min;
  } else if (how == Overflow::kWrap) {
    uint64_t c = static_cast<uint64_t>(value) + static_cast<uint64_t>(incr);
    if (bits < 64) {
      const uint64_t mask = ~uint64_t{0} << bits;
      if (c & (uint64_t{1} << (bits - 1))) c |= mask;
      else c &= ~mask;
    }
    *result = static_cast<int64_t>(c);
  }
  return dir;
}

int UnsignedOverflow(uint64_t value, int64_t incr, int bits, Overflow how, uint64_t* result) {
  const uint64_t max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  const auto maxincr = static_cast<int64_t>(max - value);
  const auto minincr = static_cast<int64_t>(uint64_t{0} - value);
  int dir = 0;
  if (value > max || (incr > 0 && incr > maxincr)) {
    dir = 1;
  } else if (incr < 0 && incr < minincr) {
    dir = -1;
  } else {
    return 0;
  }
  if (how == Overflow::kSat) {
    *result = dir > 0 ? max : 0;
  } else if (how == Overflow::kWrap) {
    const uint64_t mask = bits == 64 ? 0 : ~uint64_t{0} << bits;
    *result = (value + static_cast<uint64_t>(incr)) & ~mask;
  }
  return dir;
}

}  // namespace ringkv::bitops
