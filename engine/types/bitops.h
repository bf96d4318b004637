// Bit-level operations on string bytes, as Redis's bitops.c defines them: bit 0 is the most
// significant bit of byte 0, and bitfields are read and written most significant bit first. Pure
// functions over caller-owned buffers; the commands (engine/commands/bitmap.cc) do the lookups.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringkv::bitops {

// Number of set bits in `n` bytes.
uint64_t Popcount(const unsigned char* p, size_t n);

// Position of the first bit equal to `bit` in `n` bytes. When looking for a 0 and every bit is
// 1, returns n*8 (the bytes past the end count as zeros); when looking for a 1 and there is
// none, returns -1 (Redis's redisBitpos).
int64_t FirstBit(const unsigned char* p, size_t n, int bit);

// A `bits`-wide field at bit `offset` of `p` (which must hold every byte the field touches).
uint64_t GetUnsigned(const unsigned char* p, uint64_t offset, int bits);
int64_t GetSigned(const unsigned char* p, uint64_t offset, int bits);
void SetUnsigned(unsigned char* p, uint64_t offset, int bits, uint64_t value);

enum class Overflow { kWrap, kSat, kFail };

// Whether `value + incr` fits a field of `bits` bits (Redis's check{Signed,Unsigned}-
// BitfieldOverflow): 0 if it fits, 1 above, -1 below. On overflow *result holds what WRAP or SAT
// stores (untouched for FAIL).
int SignedOverflow(int64_t value, int64_t incr, int bits, Overflow how, int64_t* result);
int UnsignedOverflow(uint64_t value, int64_t incr, int bits, Overflow how, uint64_t* result);

}  // namespace ringkv::bitops
