#include "tools/inspect/progress.h"

#include <cstdio>

namespace ringkv::inspect {

void Progress::Draw(uint64_t done, uint64_t items) {
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  double frac = total_ == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_);
  if (frac > 1) frac = 1;
  int filled = static_cast<int>(frac * kWidth);
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; i++) bar[i] = i < filled ? '#' : '.';
  bar[kWidth] = '\0';
  std::fprintf(stderr, "\r%s [%s] %3d%% %llu keys", label_.c_str(), bar,
               static_cast<int>(frac * 100), static_cast<unsigned long long>(items));
  std::fflush(stderr);
}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\033[K", stderr);  // erase the bar's line
}

}  // namespace ringkv::inspect
