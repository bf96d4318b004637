// HyperLogLog in Redis's exact representation (hyperloglog.c), so an HLL value is a string that
// round-trips byte for byte with real Redis: a 16-byte header ("HYLL", encoding, 3 unused bytes,
// 8-byte little-endian cached cardinality whose top bit marks it stale) followed by 16384 6-bit
// registers, either dense (12288 bytes) or sparse (ZERO / XZERO / VAL run-length opcodes). Every
// update follows Redis's algorithm step by step (the sparse split-and-merge included), because
// any other correct algorithm would give different bytes.
//
// Pure functions over std::string buffers; the commands are in engine/commands/hyperloglog.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::hll {

inline constexpr int kRegisters = 16384;  // 2^14
inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kDenseSize = kHeaderSize + (kRegisters * 6 + 7) / 8;

// Redis's MurmurHash64A (seed as Redis passes it for HLL: 0xadc83b19).
uint64_t MurmurHash64A(const void* key, size_t len, uint32_t seed);

// A new, empty HLL: sparse, cache valid and 0 (createHLLObject).
std::string Create();

// Whether `s` passes Redis's isHLLObjectOrReply: long enough, "HYLL", a known encoding, and a dense
// one exactly kDenseSize long. (The sparse opcodes are checked when used.)
bool LooksValid(std::string_view s);
bool IsDense(std::string_view s);

// Adds an element. Returns 1 if a register changed, 0 if not, -1 if the sparse data is corrupt.
// May convert sparse to dense (a register value above 32, or growth past `sparse_max_bytes`).
int Add(std::string* s, std::string_view element, size_t sparse_max_bytes);

// Sets register `index` to max(current, value), as PFMERGE writes its result (same results as
// Add). Used with dense and sparse strings.
int SetRegister(std::string* s, int index, uint8_t value, size_t sparse_max_bytes);

// Converts a sparse HLL to dense in place (no-op when dense). False if the sparse data is corrupt.
bool ToDense(std::string* s);

// Folds the registers of `s` into `max` (kRegisters bytes): max[i] = MAX(max[i], reg[i]).
// False if the sparse data is corrupt.
bool MergeInto(std::string_view s, uint8_t* max);

// The cardinality estimate of an HLL string (false if corrupt), and of raw registers.
bool Count(std::string_view s, uint64_t* out);
uint64_t CountRaw(const uint8_t* registers);

// The cached cardinality: whether it is valid, reading it, storing it (valid), invalidating it.
bool CacheValid(std::string_view s);
uint64_t CachedCount(std::string_view s);
void StoreCache(std::string* s, uint64_t card);
void InvalidateCache(std::string* s);

}  // namespace ringkv::hll
