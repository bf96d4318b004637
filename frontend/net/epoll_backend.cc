#include "frontend/net/epoll_backend.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringkv {

namespace {
// epoll_event.data.u64: a pointer, or an fd with a tag in the low bits.
enum Tag : uint64_t { kConn = 0, kListener = 1, kTimer = 2 };
uint64_t PackFd(int fd, Tag t) { return (static_cast<uint64_t>(fd) << 3) | t; }
}  // namespace

std::unique_ptr<EpollBackend> EpollBackend::Create(std::string* error) {
  std::unique_ptr<EpollBackend> b(new EpollBackend());
  b->epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (b->epfd_ < 0) {
    *error = std::string("epoll_create1: ") + std::strerror(errno);
    return nullptr;
  }
  b->timerfd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (b->timerfd_ < 0) {
    *error = std::string("timerfd_create: ") + std::strerror(errno);
    return nullptr;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = PackFd(b->timerfd_, kTimer);
  epoll_ctl(b->epfd_, EPOLL_CTL_ADD, b->timerfd_, &ev);
  return b;
}

EpollBackend::~EpollBackend() {
  if (timerfd_ >= 0) ::close(timerfd_);
  if (epfd_ >= 0) ::close(epfd_);
}

bool EpollBackend::Listen(int listen_fd, std::string* error) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = PackFd(listen_fd, kListener);
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, listen_fd, &ev) < 0) {
    *error = std::string("epoll_ctl: ") + std::strerror(errno);
    return false;
  }
  listeners_.push_back(listen_fd);
  return true;
}

void EpollBackend::StartReading(IoConn* c) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.ptr = c;
  if (epoll_ctl(epfd_, EPOLL_CTL_ADD, c->fd, &ev) == 0) {
    c->recv_armed = true;
    c->pending_ops = 1;
  }
}

void EpollBackend::SetWriteInterest(IoConn* c, bool on) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (on ? uint32_t{EPOLLOUT} : 0u);
  ev.data.ptr = c;
  epoll_ctl(epfd_, EPOLL_CTL_MOD, c->fd, &ev);
}

void EpollBackend::Send(IoConn* c, std::string_view data) {
  c->send_data = data.data();
  c->send_left = data.size();
  if (!TryWrite(c)) SetWriteInterest(c, true);
}

bool EpollBackend::TryWrite(IoConn* c) {
  while (c->send_left > 0) {
    ssize_t n = ::send(c->fd, c->send_data, c->send_left, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
      c->send_left = 0;
      handler_->OnSendDone(c, errno);
      return true;
    }
    c->send_data += n;
    c->send_left -= static_cast<size_t>(n);
  }
  handler_->OnSendDone(c, 0);
  return true;
}

void EpollBackend::Close(IoConn* c) {
  if (c->io_closing) return;
  c->io_closing = true;
  epoll_ctl(epfd_, EPOLL_CTL_DEL, c->fd, nullptr);
  closed_.push_back(c);
}

namespace {

// Writes all of `data` (at `offset`, or at the file position when it is negative); the bytes
// written, or -errno.
int WriteAll(int fd, std::string_view data, int64_t offset) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = offset < 0 ? ::write(fd, data.data() + done, data.size() - done)
                           : ::pwrite(fd, data.data() + done, data.size() - done,
                                      static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<int>(done);
}

}  // namespace

void EpollBackend::WriteFile(int fd, std::string_view data, uint64_t tag, bool then_sync,
                             uint64_t sync_tag) {
  int result = WriteAll(fd, data, -1);
  file_done_.emplace_back(tag, result);
  if (!then_sync) return;
  // As a linked fsync: it runs only after a complete write.
  if (result < 0 || static_cast<size_t>(result) < data.size()) {
    file_done_.emplace_back(sync_tag, -ECANCELED);
  } else {
    SyncFile(fd, sync_tag);
  }
}

void EpollBackend::WriteFileAt(int fd, std::string_view data, uint64_t offset, uint64_t tag) {
  file_done_.emplace_back(tag, WriteAll(fd, data, static_cast<int64_t>(offset)));
}

void EpollBackend::SyncFile(int fd, uint64_t tag) {
  file_done_.emplace_back(tag, ::fdatasync(fd) < 0 ? -errno : 0);
}

void EpollBackend::SetTimer(int64_t interval_ms) {
  itimerspec its{};
  its.it_interval.tv_sec = interval_ms / 1000;
  its.it_interval.tv_nsec = (interval_ms % 1000) * 1000000;
  its.it_value = its.it_interval;
  timerfd_settime(timerfd_, 0, &its, nullptr);
}

void EpollBackend::HandleReadable(IoConn* c) {
  // Read until the socket is drained or 1 MiB was taken, so one busy client cannot starve others.
  size_t total = 0;
  while (!c->io_closing && total < (1u << 20)) {
    ssize_t n = ::recv(c->fd, buffer_.data(), buffer_.size(), 0);
    if (n > 0) {
      total += static_cast<size_t>(n);
      handler_->OnData(c, {buffer_.data(), static_cast<size_t>(n)});
      if (static_cast<size_t>(n) < buffer_.size()) return;
      continue;
    }
    if (n == 0) return handler_->OnReadEnd(c, 0);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    return handler_->OnReadEnd(c, errno);
  }
}

void EpollBackend::HandleWritable(IoConn* c) {
  if (c->send_left == 0) return SetWriteInterest(c, false);
  if (TryWrite(c) && !c->io_closing) SetWriteInterest(c, false);
}

bool EpollBackend::Run(bool wait) {
  if (!closed_.empty()) {
    std::vector<IoConn*> closed;
    closed.swap(closed_);
    for (IoConn* c : closed) {
      ::close(c->fd);
      handler_->OnClosed(c);
    }
  }
  // File writes complete at once here; deliver them, then poll the sockets without waiting, so a
  // stream of file work (a background snapshot) cannot starve the clients.
  bool files_done = !file_done_.empty();
  if (files_done) {
    std::vector<std::pair<uint64_t, int>> done;
    done.swap(file_done_);
    for (auto [tag, result] : done) handler_->OnFileDone(tag, result);
  }
  epoll_event events[256];
  int n = epoll_wait(epfd_, events, 256, files_done || !wait ? 0 : -1);
  if (n < 0) return errno == EINTR;
  for (int i = 0; i < n; i++) {
    uint64_t u = events[i].data.u64;
    uint32_t what = events[i].events;
    // Connections are 8-byte aligned pointers (tag 0); listeners and the timer carry a tag.
    if ((u & 7) == kListener) {
      int lfd = static_cast<int>(u >> 3);
      for (int k = 0; k < 64; k++) {
        int fd = accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) break;
        handler_->OnAccept(lfd, fd);
      }
      continue;
    }
    if ((u & 7) == kTimer) {
      uint64_t expirations;
      while (::read(timerfd_, &expirations, sizeof(expirations)) > 0) {
      }
      handler_->OnTimer();
      continue;
    }
    auto* c = static_cast<IoConn*>(events[i].data.ptr);
    if (c->io_closing) continue;
    if (what & EPOLLOUT) HandleWritable(c);
    if (c->io_closing) continue;
    if (what & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) HandleReadable(c);
  }
  return true;
}

}  // namespace ringkv
