// A progress bar on stderr for long walks: drawn only when stderr is a terminal, redrawn at most
// ten times a second, erased when done. Quiet when piped, so logs and scripts see nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ringkv::inspect {

class Progress {
 public:
  Progress(std::string label, uint64_t total, bool enabled)
      : label_(std::move(label)), total_(total), enabled_(enabled) {}
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of `total` (bytes read); `items` counts keys, shown beside the bar.
  void Update(uint64_t done, uint64_t items) {
    if (enabled_ && (++calls_ & 1023) == 0) Draw(done, items);
  }

 private:
  void Draw(uint64_t done, uint64_t items);

  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace ringkv::inspect
