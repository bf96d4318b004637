// Text helpers for human-readable output: quoting binary-safe strings as redis-cli does, times
// as ISO 8601 UTC, CSV fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::inspect {

// "..." with \\, \", \n, \r, \t, \a, \b and \xHH escapes (redis-cli's sdscatrepr).
std::string Repr(std::string_view s);
// The string itself when it is printable ASCII without spaces or quotes, else Repr(s).
std::string ReprIfNeeded(std::string_view s);
// "2100-01-01T00:00:00.555Z".
std::string IsoTime(int64_t unix_ms);
// A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string CsvField(std::string_view s);
// A TTL column: "-1" (no expiry), "expired", or the ms left.
std::string TtlText(int64_t expire_ms, int64_t now_ms);
// The current Unix time in ms.
int64_t NowMs();

}  // namespace ringkv::inspect
