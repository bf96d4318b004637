// Listpack: Redis's compact encoding of a sequence of strings and integers in one arena block,
// byte for byte the format Redis 7 writes (listpack.md in the Redis sources): a 6-byte header
// (total bytes, element count), entries of <encoding+data><backlen>, and a 0xFF terminator. So
// snapshots store a listpack as is and load Redis's listpacks as they are.
//
// Small hashes (field, value, field, value...), small sorted sets (member, score...) and every
// quicklist node of a list are listpacks. A listpack is addressed by its block pointer (uint8_t*);
// an entry by a pointer into the block. Operations that change the size may move the block and
// return the new pointer; entry pointers into the old block are then invalid (the functions that
// need to keep a position return it re-based). Strings that are canonical integers (Redis's
// lpStringToInt64) are stored as integers, as Redis does.
//
// Blocks are allocated with some slack (the size rounded up to an allocator-like size class, see
// AllocatedBytes), so most appends and deletes change the block in place instead of copying it;
// a listpack must therefore be allocated and freed only by this module (FromBytes adopts bytes
// loaded from elsewhere). In-place changes call Arena::WillModify first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/arena.h"

namespace ringkv::lp {

// An entry's content: an integer, or a string view into the listpack.
struct Entry {
  bool is_int = false;
  int64_t ival = 0;
  std::string_view sval;
  // The content as text; integers are formatted into `buf` (at least 21 bytes).
  std::string_view Text(char* buf) const;
};

uint8_t* New(Arena& arena);
void Free(Arena& arena, uint8_t* lp);
// A new listpack holding a copy of `size` bytes of an existing one (from a snapshot: Validate
// first; or another listpack: COPY).
uint8_t* FromBytes(Arena& arena, const void* data, size_t size);

// Size of the encoding (the header's total bytes).
size_t Bytes(const uint8_t* lp);
// Size of the block holding it (what MEMORY USAGE and the arena see, before allocator rounding).
size_t AllocatedBytes(const uint8_t* lp);
// Number of entries (walks the listpack when the header count saturated at 65535).
size_t Length(const uint8_t* lp);

// Positions. nullptr means "none" (past either end).
uint8_t* First(uint8_t* lp);
uint8_t* Last(uint8_t* lp);
uint8_t* Next(uint8_t* lp, uint8_t* p);
uint8_t* Prev(uint8_t* lp, uint8_t* p);
// Entry at `index`; negative counts from the end (-1 is the last). nullptr when out of range.
uint8_t* Seek(uint8_t* lp, long index);
// Read-only variants.
const uint8_t* First(const uint8_t* lp);
const uint8_t* Last(const uint8_t* lp);
const uint8_t* Next(const uint8_t* lp, const uint8_t* p);
const uint8_t* Prev(const uint8_t* lp, const uint8_t* p);
const uint8_t* Seek(const uint8_t* lp, long index);

Entry Get(const uint8_t* p);
// Bytes entry `p` occupies, back-length included.
size_t EntryBytes(const uint8_t* p);

// Redis's lpStringToInt64: whether `s` is the canonical text of an int64 (no '+', no leading zeros,
// no "-0", no spaces), so that it is stored as an integer.
bool StringToInt64(std::string_view s, int64_t* v);
// Bytes the entry for `s` would take (encoding + data + back-length).
size_t EncodedEntryBytes(std::string_view s);
// Whether `add` more bytes keep the listpack within kMaxSafeSize (Redis's lpSafeToAdd; nullptr
// means an empty listpack).
bool SafeToAdd(const uint8_t* lp, size_t add);

// Whether entry `p` equals `s` (compared as Redis's lpCompare: integers by value when `s` is a
// canonical integer).
bool Equals(const uint8_t* p, std::string_view s);

// Searches forward from `p` for an entry equal to `s`, comparing only every (skip+1)-th entry
// (skip=1 looks at fields of field/value pairs). nullptr when not found.
uint8_t* Find(uint8_t* lp, uint8_t* p, std::string_view s, unsigned skip);
const uint8_t* Find(const uint8_t* lp, const uint8_t* p, std::string_view s, unsigned skip);

// Mutations. Each returns the (possibly moved) listpack; arena memory is recorded with
// WillModify as needed. The caller keeps the result within 4 GiB (check SafeToAdd); past that
// they throw std::length_error.
uint8_t* Append(Arena& arena, uint8_t* lp, std::string_view s);
uint8_t* AppendInt(Arena& arena, uint8_t* lp, int64_t v);
uint8_t* Prepend(Arena& arena, uint8_t* lp, std::string_view s);
// Inserts `s` before (after=false) or after (after=true) entry `*p`; *p is set to the new entry.
// `*p` may also be the terminator (Bytes(lp)-1 from lp) with after=false: an append.
uint8_t* Insert(Arena& arena, uint8_t* lp, uint8_t** p, std::string_view s, bool after);
// Replaces entry `*p` with `s`; *p is set to the replacement.
uint8_t* Replace(Arena& arena, uint8_t* lp, uint8_t** p, std::string_view s);
uint8_t* ReplaceInt(Arena& arena, uint8_t* lp, uint8_t** p, int64_t v);
// Deletes entry `*p`; *p is set to the entry that followed it (or nullptr).
uint8_t* Delete(Arena& arena, uint8_t* lp, uint8_t** p);
// Deletes `count` entries starting at `index` (negative from the end).
uint8_t* DeleteRange(Arena& arena, uint8_t* lp, long index, size_t count);
// Joins two listpacks into one (the quicklist merges small nodes); frees `second`.
uint8_t* Merge(Arena& arena, uint8_t* first, uint8_t* second);

// Checks the structure of an untrusted listpack of `size` bytes (a snapshot being loaded): every
// entry's encoding, lengths and back-lengths, the terminator, the header's size and count.
// `deep` walks every entry; otherwise only the header and terminator are checked.
bool Validate(const uint8_t* lp, size_t size, bool deep);

// Redis's limit for a safe listpack (1 GiB).
inline constexpr size_t kMaxSafeSize = 1u << 30;

}  // namespace ringkv::lp
