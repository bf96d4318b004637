#include "frontend/net/listeners.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringkv {

namespace {
bool OpenOne(const std::string& addr, int port, int backlog, int* fd_out, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* res = nullptr;
  std::string port_s = std::to_string(port);
  const char* host = (addr == "*" || addr == "0.0.0.0") ? "0.0.0.0" : (addr == "::*" ? "::" : addr.c_str());
  int rc = getaddrinfo(host, port_s.c_str(), &hints, &res);
  if (rc != 0) {
    *error = "Invalid bind address '" + addr + "': " + gai_strerror(rc);
    return false;
  }
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = "socket: " + std::string(std::strerror(errno));
    freeaddrinfo(res);
    return false;
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (res->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
  if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, backlog) < 0) {
    *error = "Could not create server TCP listening socket " + addr + ":" + port_s + ": " +
             std::strerror(errno);
    ::close(fd);
    freeaddrinfo(res);
    return false;
  }
  freeaddrinfo(res);
  *fd_out = fd;
  return true;
}
}  // namespace

bool OpenListeners(const std::vector<std::string>& bind, int port, int backlog,
                   std::vector<Listener>* out, std::string* error) {
  for (const std::string& entry : bind) {
    bool optional = !entry.empty() && entry[0] == '-';
    std::string addr = optional ? entry.substr(1) : entry;
    int fd;
    std::string err;
    if (OpenOne(addr, port, backlog, &fd, &err)) {
      out->push_back({fd, addr});
    } else if (!optional) {
      *error = err;
      return false;
    }
  }
  if (out->empty()) {
    *error = "no listening socket could be opened";
    return false;
  }
  return true;
}

std::string SocketAddress(int fd, bool peer, bool* loopback) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                : getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (loopback != nullptr) *loopback = false;
  if (rc < 0) return "?:0";
  char ip[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (ss.ss_family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
    port = ntohs(a->sin_port);
    if (loopback != nullptr) *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
  } else if (ss.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
    port = ntohs(a->sin6_port);
    if (loopback != nullptr) *loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
  }
  return std::string(ip) + ":" + std::to_string(port);
}

}  // namespace ringkv
