#include "tools/inspect/output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringkv::inspect {

bool Output::Open(const std::string& path, std::string* error) {
  if (path.empty() || path == "-") {
    f_ = stdout;
    return true;
  }
  path_ = path;
  tmp_ = path + ".tmp-" + std::to_string(::getpid());
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (f_ == nullptr) {
    *error = "can't create " + tmp_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

void Output::Write(std::string_view s) {
  if (f_ != nullptr && std::fwrite(s.data(), 1, s.size(), f_) != s.size()) failed_ = true;
}

bool Output::Close(bool keep, std::string* error) {
  if (f_ == nullptr) return true;
  bool ok = std::fflush(f_) == 0 && !failed_;
  int saved = errno;
  if (f_ == stdout) {
    f_ = nullptr;
    if (!ok) *error = std::string("write error on stdout: ") + std::strerror(saved);
    return ok;
  }
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (!ok) *error = "write error on " + tmp_ + ": " + std::strerror(saved);
  if (ok && keep && std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    *error = "can't rename " + tmp_ + " to " + path_ + ": " + std::strerror(errno);
    ok = false;
  }
  if (!ok || !keep) std::remove(tmp_.c_str());
  return ok;
}

Output::~Output() {
  std::string ignored;
  if (f_ != nullptr) Close(false, &ignored);
}

}  // namespace ringkv::inspect
