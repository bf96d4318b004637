// Argument helpers shared by the command families, with Redis's parsing quirks in one place.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "engine/command_context.h"
#include "engine/keyspace/database.h"

namespace ringkv {

// The argument as C code sees it: Redis compares options with strcasecmp, so an embedded NUL
// ends the word ("EX\0junk" is EX).
inline std::string_view CStr(std::string_view s) { return s.substr(0, s.find('\0')); }
// Whether `arg` is the option `name`, case-insensitively, as Redis's strcasecmp.
bool IsOpt(std::string_view arg, std::string_view name);
// SCRIPT FLUSH and FUNCTION FLUSH: nothing after the subcommand, or exactly ASYNC or SYNC.
bool ValidFlushMode(std::span<const std::string_view> args);

// Redis's parseScanCursorOrReply: strtoul in base 10 over the whole argument, so "+5", "007",
// "" (0) and "-1" (2^64-1) are accepted; leading space, junk and overflow are not.
bool ParseScanCursor(std::string_view arg, uint64_t* out);

// Redis 7.0's getTimeoutFromObjectOrReply in seconds (BLPOP, BZPOPMIN...): a float times 1000,
// rounded up to milliseconds (0.001 waits 1 ms; -0.0001 is 0, forever); a product outside int64
// is "negative", as the C cast gives on x86. `deadline_ms` is absolute, 0 for never. On a bad
// timeout replies the error and returns false.
bool ParseTimeoutOrReply(CommandContext& ctx, std::string_view arg, int64_t* deadline_ms);

// The options of SCAN / HSCAN / SSCAN / ZSCAN.
struct ScanOptions {
  int64_t count = 10;
  std::string_view pattern;  // empty or "*": no filtering
  bool use_pattern = false;
  std::string_view type;  // SCAN's TYPE
  bool use_type = false;
};
// Parses "[MATCH pattern] [COUNT count] [TYPE type]" from argument `first` on (TYPE only when
// `allow_type`). On a bad option replies the error Redis gives and returns false.
bool ParseScanOptions(CommandContext& ctx, size_t first, bool allow_type, ScanOptions* out);

// False, after replying WRONGTYPE, when `e` exists and is not a string.
bool CheckString(CommandContext& ctx, const KeyEntry* e);

// The opening of HSCAN / SSCAN / ZSCAN key cursor [MATCH p] [COUNT n], in Redis's order: the
// cursor, then the key (a missing key answers an empty page whatever options follow), then its
// type, then the options. Returns the key's entry, or nullptr when a reply was already given.
KeyEntry* BeginCollectionScan(CommandContext& ctx, ObjType type, uint64_t* cursor,
                              ScanOptions* opts);

// The bucket loop of a collection scan: `scan(cursor)` visits one bucket and returns the next
// cursor; the loop stops once `collected()` reaches COUNT, or after 10*COUNT buckets so that a
// sparse table cannot make one call long.
template <typename ScanFn, typename CollectedFn>
uint64_t ScanBuckets(uint64_t cursor, int64_t count, ScanFn&& scan, CollectedFn&& collected) {
  int64_t max_iterations = count > INT64_MAX / 10 ? INT64_MAX : count * 10;
  do {
    cursor = scan(cursor);
  } while (cursor != 0 && max_iterations-- != 0 && collected() < static_cast<uint64_t>(count));
  return cursor;
}

}  // namespace ringkv
