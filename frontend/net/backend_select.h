// Chooses the I/O backend for `--io-backend auto|io_uring|epoll` and logs which one runs and,
// when io_uring was wanted but is unavailable, why (io_uring_disabled, EPERM from a seccomp
// filter, ENOMEM from the memlock limit).
#pragma once

#include <memory>
#include <string>

#include "frontend/net/io_backend.h"

namespace ringkv {

// nullptr with *error set when the requested backend cannot run.
std::unique_ptr<IoBackend> SelectBackend(const std::string& wanted, std::string* error);

}  // namespace ringkv
