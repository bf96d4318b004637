// CheckingArena: a test arena that enforces the Arena contract (engine/arena.h).
//
// Between BeginCommand() and EndCommand(), every byte that changes inside a block allocated
// before BeginCommand() must have been announced with WillModify; EndCommand() returns the
// offending ranges (empty when the contract held). Deallocate must be given the size that was
// asked of Allocate, and only live blocks; violations are counted in errors(). UsedBytes() is the
// exact sum of requested sizes.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/arena.h"

namespace ringkv::testing {

class CheckingArena final : public Arena {
 public:
  CheckingArena() : Arena(true) {}
  ~CheckingArena() override {
    for (auto& [p, b] : blocks_) std::free(p);
  }

  void* Allocate(size_t size) override {
    void* p = std::malloc(size == 0 ? 1 : size);
    blocks_[p] = Block{size, in_command_ ? Block::kNew : Block::kOld, {}};
    used_ += size;
    return p;
  }
  void Deallocate(void* p, size_t size) override {
    if (p == nullptr) return;
    auto it = blocks_.find(p);
    if (it == blocks_.end()) {
      errors_.push_back("free of unknown block");
      return;
    }
    if (it->second.size != size) {
      errors_.push_back("free size " + std::to_string(size) + " != allocated " +
                        std::to_string(it->second.size));
    }
    used_ -= it->second.size;
    std::free(p);
    blocks_.erase(it);
  }
  size_t UsedBytes() const override { return used_; }

  // Starts a command: remembers the contents of every block that exists now.
  void BeginCommand() {
    in_command_ = true;
    snapshots_.clear();
    for (auto& [p, b] : blocks_) {
      b.state = Block::kOld;
      b.before.assign(static_cast<const char*>(p), b.size);
    }
  }
  // Ends it; returns a description of each changed, unannounced byte range (at most a few).
  std::vector<std::string> EndCommand() {
    in_command_ = false;
    std::vector<std::string> bad;
    for (auto& [p, b] : blocks_) {
      if (b.state != Block::kOld) continue;
      const char* now = static_cast<const char*>(p);
      if (std::memcmp(now, b.before.data(), b.size) == 0) {
        b.before.clear();
        continue;
      }
      for (size_t i = 0; i < b.size && bad.size() < 5; i++) {
        if (now[i] == b.before[i]) continue;
        if (!Announced(static_cast<const char*>(p) + i)) {
          bad.push_back("unannounced change at offset " + std::to_string(i) + " of a " +
                        std::to_string(b.size) + "-byte block");
        }
      }
      b.before.clear();
    }
    snapshots_.clear();
    return bad;
  }

  const std::vector<std::string>& errors() const { return errors_; }
  size_t snapshot_bytes() const { return snapshot_bytes_; }

 protected:
  void Snapshot(const void* p, size_t n) override {
    snapshots_.emplace_back(static_cast<const char*>(p), n);
    snapshot_bytes_ += n;
  }

 private:
  struct Block {
    size_t size;
    enum State { kOld, kNew } state;
    std::string before;
  };
  bool Announced(const char* q) const {
    for (auto& [s, n] : snapshots_) {
      if (q >= s && q < s + n) return true;
    }
    return false;
  }

  std::map<void*, Block> blocks_;
  std::vector<std::pair<const char*, size_t>> snapshots_;
  std::vector<std::string> errors_;
  size_t used_ = 0;
  size_t snapshot_bytes_ = 0;
  bool in_command_ = false;
};

}  // namespace ringkv::testing
