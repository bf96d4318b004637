#include "engine/util/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace ringkv {

namespace {
FILE* g_out = nullptr;  // nullptr: stdout
LogLevel g_level = LogLevel::kNotice;
}  // namespace

bool SetLogFile(const std::string& path) {
  if (path.empty()) {
    g_out = nullptr;
    return true;
  }
  FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) return false;
  g_out = f;
  return true;
}

void SetLogLevel(LogLevel level) { g_level = level; }

bool ParseLogLevel(const std::string& name, LogLevel* out) {
  if (name == "debug") *out = LogLevel::kDebug;
  else if (name == "verbose") *out = LogLevel::kVerbose;
  else if (name == "notice") *out = LogLevel::kNotice;
  else if (name == "warning") *out = LogLevel::kWarning;
  else return false;
  return true;
}

void Log(LogLevel level, const char* fmt, ...) {
  if (level < g_level) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  timeval tv;
  gettimeofday(&tv, nullptr);
  tm t;
  localtime_r(&tv.tv_sec, &t);
  char when[64];
  size_t n = std::strftime(when, sizeof(when), "%d %b %Y %H:%M:%S", &t);
  std::snprintf(when + n, sizeof(when) - n, ".%03d", static_cast<int>(tv.tv_usec / 1000));
  static const char kMarks[] = ".-*#";
  FILE* out = g_out != nullptr ? g_out : stdout;
  std::fprintf(out, "%d:M %s %c %s\n", static_cast<int>(getpid()), when,
               kMarks[static_cast<int>(level)], msg);
  std::fflush(out);
}

}  // namespace ringkv
