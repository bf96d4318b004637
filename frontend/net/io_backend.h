// IoBackend: the event loop's I/O mechanism, behind one interface so the server runs the same on
// io_uring (the product) and on epoll (where io_uring is unavailable, e.g. under Docker's default
// seccomp profile).
//
// The server owns connections (subclasses of IoConn) and reacts to events through IoHandler. The
// contract both backends keep:
//  - at most one Send per connection is in flight; its bytes stay valid until OnSendDone;
//  - OnData's bytes are valid only during the call;
//  - after Close(c), no event for c is delivered except the final OnClosed, which comes from a
//    later RunOnce call (never from inside Close), after which the server may free c;
//  - RunOnce submits everything queued since the last call, waits for at least one event (the
//    periodic timer bounds the wait) and dispatches every completed event.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv {

struct IoConn {
  int fd = -1;
  // Backend bookkeeping.
  int pending_ops = 0;
  bool io_closing = false;
  bool recv_armed = false;
  const char* send_data = nullptr;
  size_t send_left = 0;
};

class IoHandler {
 public:
  virtual ~IoHandler() = default;
  // A new connection was accepted on `listen_fd`.
  virtual void OnAccept(int listen_fd, int fd) = 0;
  virtual void OnData(IoConn* c, std::string_view data) = 0;
  // The peer closed (error 0) or reading failed (errno).
  virtual void OnReadEnd(IoConn* c, int error) = 0;
  // The whole Send was written (error 0) or failed (errno).
  virtual void OnSendDone(IoConn* c, int error) = 0;
  // The backend is done with c and has closed its fd.
  virtual void OnClosed(IoConn* c) = 0;
  virtual void OnTimer() = 0;
  // A WriteFile or SyncFile finished: bytes written or 0 for a sync, or -errno.
  virtual void OnFileDone(uint64_t tag, int result) = 0;
};

class IoBackend {
 public:
  virtual ~IoBackend() = default;
  virtual const char* name() const = 0;
  virtual void set_handler(IoHandler* h) = 0;
  // Starts accepting on a listening socket.
  virtual bool Listen(int listen_fd, std::string* error) = 0;
  virtual void StartReading(IoConn* c) = 0;
  virtual void Send(IoConn* c, std::string_view data) = 0;
  virtual void Close(IoConn* c) = 0;
  // File I/O on the loop (the AOF). WriteFile appends `data` (which stays valid until its
  // OnFileDone) to `fd`, opened O_APPEND; with `then_sync`, an fdatasync of `fd` follows the
  // write as one linked operation and reports its own OnFileDone(sync_tag, ...). SyncFile is an
  // fdatasync alone.
  virtual void WriteFile(int fd, std::string_view data, uint64_t tag, bool then_sync,
                         uint64_t sync_tag) = 0;
  virtual void SyncFile(int fd, uint64_t tag) = 0;
  // Writes `data` (valid until its OnFileDone) at `offset` of `fd` (snapshot files, whose chunks
  // may also be written synchronously at other offsets while one is in flight).
  virtual void WriteFileAt(int fd, std::string_view data, uint64_t offset, uint64_t tag) = 0;
  // Calls OnTimer every `interval_ms` (from RunOnce).
  virtual void SetTimer(int64_t interval_ms) = 0;
  // One loop iteration; returns false on a fatal error (or an interrupted wait).
  virtual bool RunOnce() = 0;
  // The same without waiting: handles whatever has completed (start-up loading answers clients
  // between chunks of work this way).
  virtual bool Poll() = 0;
};

}  // namespace ringkv
