// AofWriter: turns the engine's propagation stream into AOF bytes — each effect as a RESP
// multibulk command, preceded by SELECT when the database changes, as Redis writes them. It only
// buffers: the frontend writes the buffer through the ring (frontend/net/aof_driver.h) and holds
// each client's replies until the bytes of its writes are durable.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "engine/effects.h"

namespace ringkv::aof {

// Appends argv as a RESP multibulk command ("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n").
void EncodeCommand(std::string* out, std::span<const std::string_view> argv);

class AofWriter final : public EffectSink {
 public:
  void Emit(int db, std::span<const std::string_view> argv) override;

  // Total bytes ever appended (a logical offset that only grows).
  uint64_t appended() const { return appended_; }
  bool has_pending() const { return !pending_.empty(); }
  // Moves the bytes not yet handed out into *out (which must be empty).
  void TakePending(std::string* out) { out->swap(pending_); }
  // Puts bytes that could not be written back in front of the pending ones (after a failed write).
  void Restore(std::string&& bytes) {
    bytes.append(pending_);
    pending_.swap(bytes);
  }
  // The next effect starts with a SELECT (a new incremental file starts in no database).
  void ForgetDatabase() { db_ = -1; }

 private:
  std::string pending_;
  uint64_t appended_ = 0;
  int db_ = -1;
};

}  // namespace ringkv::aof
