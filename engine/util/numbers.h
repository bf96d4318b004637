// Number <-> text conversions with Redis's exact rules.
//
// ParseInt64 accepts what Redis's string2ll accepts: an optional '-', no '+', no leading zeros
// (except "0" itself), no spaces, at most 20 characters, within int64. ParseDouble accepts what
// strtold accepts as a whole string without leading space, and refuses NaN (Redis's
// getLongDoubleFromObject). FormatLongDouble formats as Redis's ld2string in LD_STR_HUMAN mode
// (used by INCRBYFLOAT), FormatDouble as "%.17g" (the RESP reply of a double).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringkv {

bool ParseInt64(std::string_view s, int64_t* out);
bool ParseUint64(std::string_view s, uint64_t* out);
// Redis's strtold-based parse: whole string, no leading space, no NaN. Infinity allowed.
bool ParseLongDouble(std::string_view s, long double* out);
bool ParseDouble(std::string_view s, double* out);

// Writes the decimal form of v into buf (at least 21 bytes); returns the length.
size_t FormatInt64(int64_t v, char* buf);
std::string Int64ToString(int64_t v);
// Redis ld2string(LD_STR_HUMAN): "%.17Lf" then trailing zeros (and a lone '.') removed.
std::string FormatLongDoubleHuman(long double v);

}  // namespace ringkv
