#include "tools/inspect/text.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "engine/config/config_table.h"

namespace ringkv::inspect {

// Redis's sdscatrepr quoting, shared with CONFIG REWRITE.
std::string Repr(std::string_view s) { return config::QuoteArg(s); }

std::string ReprIfNeeded(std::string_view s) {
  bool plain = !s.empty();
  for (unsigned char c : s) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\') plain = false;
  }
  return plain ? std::string(s) : Repr(s);
}

std::string IsoTime(int64_t unix_ms) {
  int64_t secs = unix_ms / 1000;
  int64_t ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    secs--;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string TtlText(int64_t expire_ms, int64_t now_ms) {
  if (expire_ms < 0) return "-1";
  if (expire_ms <= now_ms) return "expired";
  return std::to_string(expire_ms - now_ms);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace ringkv::inspect
