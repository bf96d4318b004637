// Small string helpers shared by the command families.
#pragma once

#include <string>
#include <string_view>

namespace ringkv {

// The Redis version ringkv answers as (HELLO, INFO redis_version): clients gate features on it.
inline constexpr std::string_view kRedisVersion = "7.0.15";
inline constexpr std::string_view kRingkvVersion = "0.1.0";

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);
std::string ToUpper(std::string_view s);
// Redis's stringmatchlen: glob matching with * ? [abc] [^a-z] and \ escapes.
bool GlobMatch(std::string_view pattern, std::string_view s, bool nocase = false);
// Client names may not contain spaces, newlines or special characters (CLIENT SETNAME rules).
bool IsValidClientName(std::string_view name);

}  // namespace ringkv
