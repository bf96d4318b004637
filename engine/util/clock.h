// Clocks: wall time in ms/us for TTLs and TIME, monotonic us for durations and deadlines.
#pragma once

#include <cstdint>
#include <ctime>

namespace ringkv {

inline int64_t WallClockUs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}
inline int64_t WallClockMs() { return WallClockUs() / 1000; }
inline int64_t MonotonicUs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

}  // namespace ringkv
