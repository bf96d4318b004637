// Listening sockets for the configured `bind` addresses and `port`.
#pragma once

#include <string>
#include <vector>

namespace ringkv {

struct Listener {
  int fd = -1;
  std::string address;
};

// Binds every address in `bind` (an address prefixed with '-' is skipped if unavailable, as in
// Redis 7) on `port`. Returns false with a message naming the address on a hard failure.
bool OpenListeners(const std::vector<std::string>& bind, int port, int backlog,
                   std::vector<Listener>* out, std::string* error);

// "ip:port" of a socket's peer (peer=true) or local end; sets *loopback for loopback peers.
std::string SocketAddress(int fd, bool peer, bool* loopback = nullptr);

}  // namespace ringkv
