// List micro-benchmarks: Quicklist push, pop and index at 10 and 1M elements with Redis's
// default node size (list-max-listpack-size -2: 8 KiB nodes), LPUSH/LPOP/LINDEX through the whole
// dispatcher, and the arena bytes per element of a 1M-element list (compare with redis-server
// 7.0's used_memory for the same RPUSHes: bench/e2e or the numbers in the commit message).
//
// Push and pop are timed in batches (manual time) and the list is brought back to its size
// between batches untimed, so every operation runs on a list of about the stated size.
#include <benchmark/benchmark.h>

#include <chrono>
#include <initializer_list>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/null_reply.h"
#include "engine/engine.h"
#include "engine/reply_builder.h"
#include "engine/types/quicklist.h"

namespace ringkv {
namespace {

using Clock = std::chrono::steady_clock;

// A value as a queue would hold: a short job id (stored as a 14-byte string entry).
std::string Element(size_t i) {
  return "job:" + std::to_string(1000000000 + i);
}

Quicklist* Filled(Arena& arena, size_t n) {
  Quicklist* ql = Quicklist::Create(arena, -2, 0);
  for (size_t i = 0; i < n; i++) ql->Push(arena, Element(i), Quicklist::kTail);
  return ql;
}

size_t Batch(size_t n) {
  return n < 1000 ? n : 1000;
}

void BM_QuicklistPushHead(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const size_t batch = Batch(n);
  MallocArena arena;
  Quicklist* ql = Filled(arena, n);
  const std::string v = Element(42);
  for (auto _ : state) {
    auto start = Clock::now();
    for (size_t i = 0; i < batch; i++) ql->Push(arena, v, Quicklist::kHead);
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    ql->DelRange(arena, 0, batch);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch));
  Quicklist::Destroy(arena, ql);
}
BENCHMARK(BM_QuicklistPushHead)->Arg(10)->Arg(1 << 20)->UseManualTime();

void BM_QuicklistPopHead(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const size_t batch = Batch(n);
  MallocArena arena;
  Quicklist* ql = Filled(arena, n);
  const std::string v = Element(42);
  std::string out;
  for (auto _ : state) {
    auto start = Clock::now();
    for (size_t i = 0; i < batch; i++) ql->Pop(arena, Quicklist::kHead, &out);
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    for (size_t i = 0; i < batch; i++) ql->Push(arena, v, Quicklist::kHead);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch));
  Quicklist::Destroy(arena, ql);
}
BENCHMARK(BM_QuicklistPopHead)->Arg(10)->Arg(1 << 20)->UseManualTime();

// LINDEX at uniformly random positions (the walk goes from the nearer end).
void BM_QuicklistIndex(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  MallocArena arena;
  Quicklist* ql = Filled(arena, n);
  std::mt19937_64 rng(1);
  std::vector<long> idx(4096);
  for (long& i : idx) i = static_cast<long>(rng() % n);
  size_t k = 0;
  Quicklist::Element e;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ql->Index(idx[k++ & 4095], &e));
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
  Quicklist::Destroy(arena, ql);
}
BENCHMARK(BM_QuicklistIndex)->Arg(10)->Arg(1 << 20);

// Arena bytes per element of a list of n elements, as counters (mimalloc's usable sizes).
void BM_BytesPerElement(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const bool ints = state.range(1) != 0;
  double per_element = 0;
  for (auto _ : state) {
    MallocArena arena;
    Quicklist* ql = Quicklist::Create(arena, -2, 0);
    for (size_t i = 0; i < n; i++) {
      ql->Push(arena, ints ? std::to_string(i) : Element(i), Quicklist::kTail);
    }
    per_element = static_cast<double>(arena.UsedBytes()) / static_cast<double>(n);
    Quicklist::Destroy(arena, ql);
  }
  state.counters["bytes_per_element"] = per_element;
  state.SetLabel(ints ? "integers 0..n-1" : "\"job:<10 digits>\" strings");
}
BENCHMARK(BM_BytesPerElement)
    ->Args({1000000, 0})
    ->Args({1000000, 1})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

class EngineFixture {
 public:
  EngineFixture() : engine_(config_), session_(engine_.OpenSession()) {}
  void Run(std::span<const std::string_view> argv) { engine_.Execute(session_, argv, reply_); }
  void Run(std::initializer_list<std::string_view> argv) {
    Run(std::span<const std::string_view>(argv.begin(), argv.size()));
  }

 private:
  ServerConfig config_;
  Engine engine_;
  Session& session_;
  NullReply reply_;
};

void FillKey(EngineFixture& f, size_t n) {
  std::vector<std::string> elems;
  for (size_t i = 0; i < n; i++) elems.push_back(Element(i));
  for (size_t i = 0; i < n; i += 1000) {
    std::vector<std::string_view> argv = {"rpush", "q"};
    for (size_t j = i; j < n && j < i + 1000; j++) argv.push_back(elems[j]);
    f.Run(argv);
  }
}

void BM_CommandLPushLPop(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  EngineFixture f;
  FillKey(f, n);
  for (auto _ : state) {
    f.Run({"lpush", "q", "job:1000000042"});
    f.Run({"lpop", "q"});
  }
  state.SetItemsProcessed(state.iterations() * 2);
  state.SetLabel("one LPUSH + one LPOP per iteration");
}
BENCHMARK(BM_CommandLPushLPop)->Arg(10)->Arg(1 << 20);

void BM_CommandLIndex(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  EngineFixture f;
  FillKey(f, n);
  std::mt19937_64 rng(1);
  std::vector<std::string> idx(4096);
  for (auto& i : idx) i = std::to_string(rng() % n);
  size_t k = 0;
  for (auto _ : state) f.Run({"lindex", "q", idx[k++ & 4095]});
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CommandLIndex)->Arg(10)->Arg(1 << 20);

}  // namespace
}  // namespace ringkv

BENCHMARK_MAIN();
