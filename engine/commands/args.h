// Argument helpers shared by the command families, with Redis's parsing quirks in one place.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/command_context.h"

namespace ringkv {

// The argument as C code sees it: Redis compares options with strcasecmp, so an embedded NUL
// ends the word ("EX\0junk" is EX).
inline std::string_view CStr(std::string_view s) { return s.substr(0, s.find('\0')); }
// Whether `arg` is the option `name`, case-insensitively, as Redis's strcasecmp.
bool IsOpt(std::string_view arg, std::string_view name);

// Redis's parseScanCursorOrReply: strtoul in base 10 over the whole argument, so "+5", "007",
// "" (0) and "-1" (2^64-1) are accepted; leading space, junk and overflow are not.
bool ParseScanCursor(std::string_view arg, uint64_t* out);

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

}  // namespace ringkv
