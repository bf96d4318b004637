// EpollBackend: the readiness-based fallback for where io_uring is unavailable. Same contract as
// UringBackend (io_backend.h): reads into one shared buffer, writes directly and finishes short
// writes on EPOLLOUT, a timerfd for the cron.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontend/net/io_backend.h"

namespace ringkv {

class EpollBackend final : public IoBackend {
 public:
  static std::unique_ptr<EpollBackend> Create(std::string* error);
  ~EpollBackend() override;

  const char* name() const override { return "epoll"; }
  void set_handler(IoHandler* h) override { handler_ = h; }
  bool Listen(int listen_fd, std::string* error) override;
  void StartReading(IoConn* c) override;
  void Send(IoConn* c, std::string_view data) override;
  void Close(IoConn* c) override;
  void WriteFile(int fd, std::string_view data, uint64_t tag, bool then_sync,
                 uint64_t sync_tag) override;
  void SyncFile(int fd, uint64_t tag) override;
  void WriteFileAt(int fd, std::string_view data, uint64_t offset, uint64_t tag) override;
  void SetTimer(int64_t interval_ms) override;
  bool RunOnce() override { return Run(true); }
  bool Poll() override { return Run(false); }

 private:
  bool Run(bool wait);
  EpollBackend() = default;
  void HandleReadable(IoConn* c);
  void HandleWritable(IoConn* c);
  // Writes what it can; true when the send is complete or failed (then OnSendDone ran).
  bool TryWrite(IoConn* c);
  void SetWriteInterest(IoConn* c, bool on);

  int epfd_ = -1;
  int timerfd_ = -1;
  IoHandler* handler_ = nullptr;
  std::vector<int> listeners_;
  std::vector<IoConn*> closed_;
  // File operations run synchronously; their completions are delivered by the next RunOnce.
  std::vector<std::pair<uint64_t, int>> file_done_;
  std::vector<char> buffer_ = std::vector<char>(65536);
};

}  // namespace ringkv
