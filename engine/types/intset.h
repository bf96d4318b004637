// Intset: Redis's sorted array of distinct integers in one arena block, byte for byte the layout
// Redis writes (intset.c), so snapshots store it as is and load Redis's intsets as they are:
//
//   uint32 encoding   bytes per element: 2 (int16), 4 (int32) or 8 (int64)
//   uint32 length     number of elements
//   contents          `length` elements of `encoding` bytes, ascending, no duplicates
//
// every field little-endian. The encoding is the narrowest that holds every element ever added:
// adding a wider value upgrades the whole array; removing never downgrades (as Redis).
//
// An intset is addressed by its block pointer. The block is exactly BlobLen() bytes, so Add and
// Remove that change the length allocate a new block, copy, free the old one and return the new
// pointer (never an in-place change of a block that existed before the command: no WillModify
// needed inside; the owner records its own pointer change). Lookups are binary searches.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/arena.h"

namespace ringkv::intset {

inline constexpr uint32_t kEncInt16 = 2;
inline constexpr uint32_t kEncInt32 = 4;
inline constexpr uint32_t kEncInt64 = 8;
inline constexpr size_t kHeaderBytes = 8;

// An empty intset (int16 encoding).
uint8_t* New(Arena& arena);
void Free(Arena& arena, uint8_t* is);
// A copy of `is` (COPY, snapshot of a value).
uint8_t* Copy(Arena& arena, const uint8_t* is);

uint32_t Length(const uint8_t* is);
uint32_t EncodingOf(const uint8_t* is);
// Bytes of the encoding: header plus contents (also the size of the block).
size_t BlobLen(const uint8_t* is);

// The element at `pos` (< Length).
int64_t Get(const uint8_t* is, uint32_t pos);
bool Find(const uint8_t* is, int64_t value);
// Adds `value`; returns the intset (moved when it grew). *added is false if it was present.
uint8_t* Add(Arena& arena, uint8_t* is, int64_t value, bool* added);
// Removes `value`; returns the intset (moved when it shrank). *removed is false if absent.
uint8_t* Remove(Arena& arena, uint8_t* is, int64_t value, bool* removed);

// Redis's intsetValidateIntegrity: a known encoding, a length matching `size`, and with `deep`,
// strictly ascending contents. For bytes read from a snapshot before FromBytes.
bool Validate(const void* data, size_t size, bool deep);
// A new intset holding a copy of `size` validated bytes.
uint8_t* FromBytes(Arena& arena, const void* data, size_t size);

}  // namespace ringkv::intset
