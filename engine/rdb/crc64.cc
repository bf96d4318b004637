#include "engine/rdb/crc64.h"

#include <array>
#include <cstring>

namespace ringkv::rdb {

namespace {

constexpr uint64_t Reflect(uint64_t v) {
  uint64_t r = 0;
  for (int i = 0; i < 64; i++) r |= ((v >> i) & 1) << (63 - i);
  return r;
}

// Slicing-by-8 tables for the reflected polynomial: table[0] is the classic byte table, table[k]
// advances a byte through k more zero bytes, so eight input bytes fold in one step.
struct Tables {
  std::array<std::array<uint64_t, 256>, 8> t{};
  constexpr Tables() {
    constexpr uint64_t kPoly = Reflect(0xad93d23594c935a9ULL);
    for (uint64_t n = 0; n < 256; n++) {
      uint64_t c = n;
      for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
      t[0][n] = c;
    }
    for (size_t n = 0; n < 256; n++) {
      for (size_t k = 1; k < 8; k++) t[k][n] = (t[k - 1][n] >> 8) ^ t[0][t[k - 1][n] & 0xff];
    }
  }
};

constexpr Tables kTables;

}  // namespace

uint64_t Crc64(uint64_t crc, const void* data, size_t len) {
  const auto* p = static_cast<const uint8_t*>(data);
  const auto& t = kTables.t;
  while (len >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);  // little-endian host (x86-64, aarch64)
    crc ^= w;
    crc = t[7][crc & 0xff] ^ t[6][(crc >> 8) & 0xff] ^ t[5][(crc >> 16) & 0xff] ^
          t[4][(crc >> 24) & 0xff] ^ t[3][(crc >> 32) & 0xff] ^ t[2][(crc >> 40) & 0xff] ^
          t[1][(crc >> 48) & 0xff] ^ t[0][crc >> 56];
    p += 8;
    len -= 8;
  }
  while (len--) crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return crc;
}

}  // namespace ringkv::rdb
