#include "frontend/net/backend_select.h"

#include <fstream>

#include "engine/util/log.h"
#include "frontend/net/epoll_backend.h"
#include "frontend/net/uring_backend.h"

namespace ringkv {

namespace {
std::string DisabledSysctl() {
  std::ifstream f("/proc/sys/kernel/io_uring_disabled");
  int v = 0;
  if (f >> v && v != 0) return " (kernel.io_uring_disabled=" + std::to_string(v) + ")";
  return "";
}
}  // namespace

std::unique_ptr<IoBackend> SelectBackend(const std::string& wanted, std::string* error) {
  if (wanted == "io_uring" || wanted == "auto") {
    std::string why;
    std::unique_ptr<IoBackend> b = UringBackend::Create(&why);
    if (b != nullptr) {
      Log(LogLevel::kNotice, "I/O backend: io_uring (multishot accept/recv, provided buffers)");
      return b;
    }
    why += DisabledSysctl();
    if (wanted == "io_uring") {
      *error = "io_uring unavailable: " + why;
      return nullptr;
    }
    Log(LogLevel::kWarning, "io_uring unavailable: %s; falling back to epoll", why.c_str());
  }
  std::unique_ptr<IoBackend> b = EpollBackend::Create(error);
  if (b != nullptr) Log(LogLevel::kNotice, "I/O backend: epoll");
  return b;
}

}  // namespace ringkv
