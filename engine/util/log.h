// Logging: one line per event, with time and level, in Redis's layout
// ("pid:M 25 Nov 2026 10:50:41.123 * message"; levels . debug, - verbose, * notice, # warning).
#pragma once

#include <string>

namespace ringkv {

enum class LogLevel { kDebug = 0, kVerbose = 1, kNotice = 2, kWarning = 3 };

// Where and what to log: "" = stdout; otherwise a file opened for appending.
bool SetLogFile(const std::string& path);
void SetLogLevel(LogLevel level);
bool ParseLogLevel(const std::string& name, LogLevel* out);

void Log(LogLevel level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

}  // namespace ringkv
