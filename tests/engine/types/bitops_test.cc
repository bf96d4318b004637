#include "engine/types/bitops.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace ringkv::bitops {
namespace {

// The model: bit i of the buffer, most significant bit of byte 0 first.
int ModelBit(const std::vector<unsigned char>& b, uint64_t i) { return (b[i / 8] >> (7 - i % 8)) & 1; }

TEST(BitopsTest, FieldsReadAndWriteMostSignificantBitFirst) {
  std::mt19937_64 rng(3);
  std::vector<unsigned char> buf(32);
  for (int round = 0; round < 2000; round++) {
    int bits = 1 + static_cast<int>(rng() % 64);
    uint64_t offset = rng() % (buf.size() * 8 - bits + 1);
    uint64_t value = rng();
    if (bits < 64) value &= (uint64_t{1} << bits) - 1;
    std::vector<unsigned char> before = buf;
    SetUnsigned(buf.data(), offset, bits, value);
    for (uint64_t i = 0; i < buf.size() * 8; i++) {
      int expect = (i >= offset && i < offset + bits) ? (value >> (bits - 1 - (i - offset))) & 1
                                                     : ModelBit(before, i);
      ASSERT_EQ(ModelBit(buf, i), expect) << "bit " << i;
    }
    ASSERT_EQ(GetUnsigned(buf.data(), offset, bits), value);
    int64_t as_signed = static_cast<int64_t>(value);
    if (bits < 64 && (value >> (bits - 1)) != 0) as_signed -= static_cast<int64_t>(uint64_t{1} << bits);
    ASSERT_EQ(GetSigned(buf.data(), offset, bits), as_signed);
  }
}

TEST(BitopsTest, PopcountAndFirstBit) {
  const unsigned char bytes[] = {0xff, 0xf0, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80};
  EXPECT_EQ(Popcount(bytes, sizeof(bytes)), 8u + 4 + 0 + 1 + 40 + 1);
  EXPECT_EQ(FirstBit(bytes, sizeof(bytes), 0), 12);
  EXPECT_EQ(FirstBit(bytes + 2, 1, 1), -1);     // no 1 in a zero byte
  EXPECT_EQ(FirstBit(bytes, 1, 0), 8);          // no 0: the first bit past the end
  EXPECT_EQ(FirstBit(bytes + 2, 2, 1), 15);
}

// The examples of Redis's BITFIELD documentation and its tests (unit/bitfield.tcl).
TEST(BitopsTest, OverflowAsRedis) {
  int64_t s = 0;
  EXPECT_EQ(SignedOverflow(100, 100, 8, Overflow::kWrap, &s), 1);
  EXPECT_EQ(s, -56);
  EXPECT_EQ(SignedOverflow(100, 100, 8, Overflow::kSat, &s), 1);
  EXPECT_EQ(s, 127);
  EXPECT_EQ(SignedOverflow(-100, -100, 8, Overflow::kSat, &s), -1);
  EXPECT_EQ(s, -128);
  EXPECT_EQ(SignedOverflow(INT64_MAX, 1, 64, Overflow::kWrap, &s), 1);
  EXPECT_EQ(s, INT64_MIN);
  EXPECT_EQ(SignedOverflow(INT64_MIN, -1, 64, Overflow::kSat, &s), -1);
  EXPECT_EQ(s, INT64_MIN);
  EXPECT_EQ(SignedOverflow(5, 0, 8, Overflow::kFail, &s), 0);
  uint64_t u = 0;
  EXPECT_EQ(UnsignedOverflow(3, 1, 2, Overflow::kWrap, &u), 1);
  EXPECT_EQ(u, 0u);
  EXPECT_EQ(UnsignedOverflow(5, 0, 2, Overflow::kSat, &u), 1);  // SET u2 5
  EXPECT_EQ(u, 3u);
  EXPECT_EQ(UnsignedOverflow(1, -2, 8, Overflow::kSat, &u), -1);
  EXPECT_EQ(u, 0u);
  EXPECT_EQ(UnsignedOverflow(static_cast<uint64_t>(-1), 0, 8, Overflow::kWrap, &u), 1);  // SET u8 -1
  EXPECT_EQ(u, 255u);
  EXPECT_EQ(UnsignedOverflow(10, -10, 63, Overflow::kFail, &u), 0);
}

}  // namespace
}  // namespace ringkv::bitops
