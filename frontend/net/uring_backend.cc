#include "frontend/net/uring_backend.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace ringkv {

namespace {
// user_data: a pointer or fd in the high bits, the operation in the low 3 bits.
enum Tag : uint64_t { kRecv = 0, kSend = 1, kAccept = 2, kTimer = 3, kIgnore = 4, kFile = 5 };
uint64_t PackTag(uint64_t tag, Tag t) { return (tag << 3) | t; }
uint64_t Pack(const void* p, Tag t) { return reinterpret_cast<uint64_t>(p) | t; }
uint64_t PackFd(int fd, Tag t) { return (static_cast<uint64_t>(fd) << 3) | t; }
Tag TagOf(uint64_t ud) { return static_cast<Tag>(ud & 7); }
IoConn* ConnOf(uint64_t ud) { return reinterpret_cast<IoConn*>(ud & ~uint64_t{7}); }

std::string Explain(int err) {
  std::string why = std::strerror(err);
  if (err == EPERM) why += " (blocked by a seccomp filter such as Docker's default, or io_uring_disabled=1)";
  if (err == ENOSYS) why += " (kernel without io_uring, or io_uring_disabled=2)";
  if (err == ENOMEM) why += " (locked-memory limit too low for the ring: raise ulimit -l)";
  return why;
}
}  // namespace

std::unique_ptr<UringBackend> UringBackend::Create(std::string* error) {
  std::unique_ptr<UringBackend> b(new UringBackend());
  if (!b->Init(error)) return nullptr;
  return b;
}

bool UringBackend::Init(std::string* error) {
  io_uring_params params{};
  params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  int ret = io_uring_queue_init_params(4096, &ring_, &params);
  if (ret == -EINVAL) {
    // Kernels before 6.1 lack DEFER_TASKRUN: fall back to a plain ring.
    params = io_uring_params{};
    ret = io_uring_queue_init_params(4096, &ring_, &params);
  }
  if (ret < 0) {
    *error = "io_uring_queue_init: " + Explain(-ret);
    return false;
  }
  ring_ready_ = true;
  if (!(params.features & IORING_FEAT_FAST_POLL)) {
    *error = "io_uring lacks IORING_FEAT_FAST_POLL (kernel too old)";
    return false;
  }

  // The provided-buffer ring: kBufferCount entries, page aligned, plus the buffers themselves.
  buf_ring_bytes_ = kBufferCount * sizeof(io_uring_buf);
  void* mem = mmap(nullptr, buf_ring_bytes_, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE,
                   -1, 0);
  if (mem == MAP_FAILED) {
    *error = std::string("mmap buffer ring: ") + std::strerror(errno);
    return false;
  }
  buf_ring_ = static_cast<io_uring_buf_ring*>(mem);
  io_uring_buf_ring_init(buf_ring_);
  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<uint64_t>(buf_ring_);
  reg.ring_entries = kBufferCount;
  reg.bgid = kBufferGroup;
  ret = io_uring_register_buf_ring(&ring_, &reg, 0);
  if (ret < 0) {
    *error = "io_uring_register_buf_ring: " + Explain(-ret) + " (needs Linux 5.19+)";
    return false;
  }
  buffers_ = static_cast<char*>(std::aligned_alloc(4096, size_t{kBufferCount} * kBufferSize));
  for (unsigned i = 0; i < kBufferCount; i++) {
    io_uring_buf_ring_add(buf_ring_, buffers_ + size_t{i} * kBufferSize, kBufferSize, i,
                          io_uring_buf_ring_mask(kBufferCount), static_cast<int>(i));
  }
  io_uring_buf_ring_advance(buf_ring_, kBufferCount);

  // Multishot recv needs 6.0; probe it so the auto backend can fall back cleanly.
  io_uring_probe* probe = io_uring_get_probe_ring(&ring_);
  bool ok = probe != nullptr && io_uring_opcode_supported(probe, IORING_OP_RECV) &&
            io_uring_opcode_supported(probe, IORING_OP_ACCEPT);
  if (probe != nullptr) io_uring_free_probe(probe);
  if (!ok) {
    *error = "io_uring lacks the recv/accept opcodes";
    return false;
  }
  return true;
}

UringBackend::~UringBackend() {
  if (ring_ready_) io_uring_queue_exit(&ring_);
  if (buf_ring_ != nullptr) munmap(buf_ring_, buf_ring_bytes_);
  std::free(buffers_);
}

io_uring_sqe* UringBackend::GetSqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  while (sqe == nullptr) {
    // The submission queue is full: push it to the kernel and try again.
    io_uring_submit(&ring_);
    sqe = io_uring_get_sqe(&ring_);
  }
  return sqe;
}

bool UringBackend::Listen(int listen_fd, std::string* /*error*/) {
  listeners_.push_back(listen_fd);
  ArmAccept(listen_fd);
  return true;
}

void UringBackend::ArmAccept(int listen_fd) {
  io_uring_sqe* sqe = GetSqe();
  io_uring_prep_multishot_accept(sqe, listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(sqe, PackFd(listen_fd, kAccept));
}

void UringBackend::StartReading(IoConn* c) { ArmRecv(c); }

void UringBackend::ArmRecv(IoConn* c) {
  if (c->io_closing || c->recv_armed) return;
  io_uring_sqe* sqe = GetSqe();
  io_uring_prep_recv_multishot(sqe, c->fd, nullptr, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = kBufferGroup;
  io_uring_sqe_set_data64(sqe, Pack(c, kRecv));
  c->recv_armed = true;
  c->pending_ops++;
}

void UringBackend::Send(IoConn* c, std::string_view data) {
  c->send_data = data.data();
  c->send_left = data.size();
  SubmitSend(c);
}

void UringBackend::SubmitSend(IoConn* c) {
  io_uring_sqe* sqe = GetSqe();
  io_uring_prep_send(sqe, c->fd, c->send_data, c->send_left, MSG_NOSIGNAL);
  io_uring_sqe_set_data64(sqe, Pack(c, kSend));
  c->pending_ops++;
}

void UringBackend::Close(IoConn* c) {
  if (c->io_closing) return;
  c->io_closing = true;
  // Shutting the socket down completes the armed recv (EOF) and any send (EPIPE); the fd is
  // closed once the last of them is reaped, so no in-flight SQE ever sees a reused fd.
  ::shutdown(c->fd, SHUT_RDWR);
  if (c->pending_ops == 0) closed_.push_back(c);
}

void UringBackend::OpDone(IoConn* c) {
  if (--c->pending_ops == 0 && c->io_closing) closed_.push_back(c);
}

void UringBackend::WriteFile(int fd, std::string_view data, uint64_t tag, bool then_sync,
                             uint64_t sync_tag) {
  io_uring_sqe* sqe = GetSqe();
  // Offset -1: write at the file position, which O_APPEND keeps at the end.
  io_uring_prep_write(sqe, fd, data.data(), static_cast<unsigned>(data.size()), -1);
  io_uring_sqe_set_data64(sqe, PackTag(tag, kFile));
  if (!then_sync) return;
  sqe->flags |= IOSQE_IO_LINK;  // the fsync starts only after the write completed in full
  io_uring_sqe* sync = GetSqe();
  io_uring_prep_fsync(sync, fd, IORING_FSYNC_DATASYNC);
  io_uring_sqe_set_data64(sync, PackTag(sync_tag, kFile));
}

void UringBackend::WriteFileAt(int fd, std::string_view data, uint64_t offset, uint64_t tag) {
  io_uring_sqe* sqe = GetSqe();
  io_uring_prep_write(sqe, fd, data.data(), static_cast<unsigned>(data.size()), offset);
  io_uring_sqe_set_data64(sqe, PackTag(tag, kFile));
}

void UringBackend::SyncFile(int fd, uint64_t tag) {
  io_uring_sqe* sqe = GetSqe();
  io_uring_prep_fsync(sqe, fd, IORING_FSYNC_DATASYNC);
  io_uring_sqe_set_data64(sqe, PackTag(tag, kFile));
}

void UringBackend::SetTimer(int64_t interval_ms) {
  timer_ts_.tv_sec = interval_ms / 1000;
  timer_ts_.tv_nsec = (interval_ms % 1000) * 1000000;
  if (!timer_on_) ArmTimer();
  timer_on_ = true;
}

void UringBackend::ArmTimer() {
  io_uring_sqe* sqe = GetSqe();
  io_uring_prep_timeout(sqe, &timer_ts_, 0, 0);
  io_uring_sqe_set_data64(sqe, Pack(nullptr, kTimer));
}

void UringBackend::ReturnBuffer(unsigned bid) {
  io_uring_buf_ring_add(buf_ring_, buffers_ + size_t{bid} * kBufferSize, kBufferSize, bid,
                        io_uring_buf_ring_mask(kBufferCount), 0);
  io_uring_buf_ring_advance(buf_ring_, 1);
}

bool UringBackend::Run(bool wait) {
  // Re-arm first (ArmRecv skips connections being closed), then deliver closes decided in the
  // previous iteration, now that nobody holds the pointers.
  if (!rearm_.empty()) {
    std::vector<IoConn*> rearm;
    rearm.swap(rearm_);
    for (IoConn* c : rearm) ArmRecv(c);
  }
  if (!closed_.empty()) {
    std::vector<IoConn*> closed;
    closed.swap(closed_);
    for (IoConn* c : closed) {
      ::close(c->fd);
      handler_->OnClosed(c);
    }
  }
  // Without waiting, completions must still be reaped: under DEFER_TASKRUN they are only
  // produced when the task enters the kernel asking for events.
  int ret = wait ? io_uring_submit_and_wait(&ring_, 1) : io_uring_submit_and_get_events(&ring_);
  if (ret < 0 && ret != -EINTR && ret != -ETIME && ret != -EAGAIN && ret != -EBUSY) return false;
  unsigned head;
  unsigned seen = 0;
  io_uring_cqe* cqe;
  io_uring_for_each_cqe(&ring_, head, cqe) {
    HandleCqe(cqe);
    seen++;
  }
  io_uring_cq_advance(&ring_, seen);
  return true;
}

void UringBackend::HandleCqe(io_uring_cqe* cqe) {
  uint64_t ud = cqe->user_data;
  int res = cqe->res;
  bool more = cqe->flags & IORING_CQE_F_MORE;
  switch (TagOf(ud)) {
    case kAccept: {
      int listen_fd = static_cast<int>(ud >> 3);
      if (res >= 0) handler_->OnAccept(listen_fd, res);
      if (!more) ArmAccept(listen_fd);  // multishot ended (e.g. EMFILE): re-arm
      return;
    }
    case kTimer:
      handler_->OnTimer();
      ArmTimer();
      return;
    case kIgnore: return;
    case kFile: handler_->OnFileDone(ud >> 3, res); return;
    case kRecv: {
      IoConn* c = ConnOf(ud);
      if (res > 0) {
        unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
        if (!c->io_closing) handler_->OnData(c, {buffers_ + size_t{bid} * kBufferSize,
                                                  static_cast<size_t>(res)});
        ReturnBuffer(bid);
      } else if (res == -ENOBUFS) {
        // Every buffer is in use; re-arm once this iteration has returned some.
        if (!more) {
          c->recv_armed = false;
          if (!c->io_closing) rearm_.push_back(c);
        }
      } else if (!c->io_closing) {
        handler_->OnReadEnd(c, res == 0 ? 0 : -res);
      }
      if (!more) {
        if (res > 0) {
          // The multishot request ended after data (the kernel may end it at any time): re-arm.
          c->recv_armed = false;
          if (!c->io_closing) rearm_.push_back(c);
        } else if (res != -ENOBUFS) {
          c->recv_armed = false;
        }
        OpDone(c);
      }
      return;
    }
    case kSend: {
      IoConn* c = ConnOf(ud);
      if (res < 0) {
        c->send_left = 0;
        if (!c->io_closing) handler_->OnSendDone(c, -res);
      } else if (static_cast<size_t>(res) < c->send_left && !c->io_closing) {
        c->send_data += res;  // short send: push the rest
        c->send_left -= static_cast<size_t>(res);
        SubmitSend(c);
      } else {
        c->send_left = 0;
        if (!c->io_closing) handler_->OnSendDone(c, 0);
      }
      OpDone(c);
      return;
    }
  }
}

}  // namespace ringkv
