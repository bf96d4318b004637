// UringBackend: the io_uring event loop (DESIGN.md "The ring").
//
// One ring per shard, set up with SINGLE_ISSUER | DEFER_TASKRUN where the kernel has them.
// Multishot accept; multishot recv into a provided buffer ring (registered by hand: liburing 2.3
// has no io_uring_setup_buf_ring), so idle connections hold no read buffer; one send per connection
// per iteration; the cron timer is a timeout SQE; each iteration is one io_uring_submit_and_wait.
#pragma once

#include <liburing.h>

#include <memory>
#include <string>
#include <vector>

#include "frontend/net/io_backend.h"

namespace ringkv {

class UringBackend final : public IoBackend {
 public:
  // Creates the ring; on failure returns nullptr and says why in `error` (errno text and the
  // likely cause: io_uring_disabled, a seccomp filter, the memlock limit).
  static std::unique_ptr<UringBackend> Create(std::string* error);
  ~UringBackend() override;

  const char* name() const override { return "io_uring"; }
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
  UringBackend() = default;
  bool Init(std::string* error);
  io_uring_sqe* GetSqe();
  void ArmRecv(IoConn* c);
  void ArmAccept(int listen_fd);
  void ArmTimer();
  void SubmitSend(IoConn* c);
  void OpDone(IoConn* c);
  void HandleCqe(io_uring_cqe* cqe);
  void ReturnBuffer(unsigned bid);

  static constexpr unsigned kBufferCount = 1024;   // power of two
  static constexpr unsigned kBufferSize = 16384;
  static constexpr unsigned kBufferGroup = 1;

  io_uring ring_{};
  bool ring_ready_ = false;
  IoHandler* handler_ = nullptr;
  io_uring_buf_ring* buf_ring_ = nullptr;
  size_t buf_ring_bytes_ = 0;
  char* buffers_ = nullptr;
  __kernel_timespec timer_ts_{};
  bool timer_on_ = false;
  std::vector<IoConn*> rearm_;     // recv to re-arm (multishot ended, e.g. out of buffers)
  std::vector<IoConn*> closed_;    // connections whose last op finished: OnClosed next RunOnce
  std::vector<int> listeners_;
};

}  // namespace ringkv
