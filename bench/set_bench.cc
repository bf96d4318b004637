// Set micro-benchmarks: SADD and SISMEMBER on SetType (integer members: an intset at 10, a
// hashtable at 1M; string members "member:N": a hashtable) and through the dispatcher, at 10 and
// 1M members, and the arena bytes per member of a 1M-member set of integers and of strings.
// redis-server 7.0's numbers for the same data (INFO used_memory) are in the set issue's report.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/null_reply.h"
#include "engine/engine.h"
#include "engine/types/set_type.h"

namespace ringkv {
namespace {

constexpr int64_t kMaxIntset = 512;  // set-max-intset-entries' default

std::vector<std::string> Members(size_t n, bool ints) {
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) {
    std::string s = ints ? "" : "member:";
    s += std::to_string(ints ? i * 7 : i);  // integers spread a little, as ids tend to be
    out.push_back(std::move(s));
  }
  return out;
}

// Builds a set of range(0) members (and frees it); range(1): 1 for integers, 0 for strings.
void BM_SetAdd(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n, state.range(1) == 1);
  MallocArena arena;
  for (auto _ : state) {
    Value v = SetType::Create(arena, members[0]);
    for (const auto& m : members) SetType::Add(arena, v, m, kMaxIntset, ValueHome::kLocal);
    benchmark::DoNotOptimize(SetType::Size(v));
    v.Destroy(arena);  // timed too: pausing the clock costs more than freeing 10 members
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_SetAdd)
    ->Args({10, 1})
    ->Args({10, 0})
    ->Args({1 << 20, 1})
    ->Args({1 << 20, 0})
    ->Unit(benchmark::kMicrosecond);

void BM_SetIsMember(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n, state.range(1) == 1);
  MallocArena arena;
  Value v = SetType::Create(arena, members[0]);
  for (const auto& m : members) SetType::Add(arena, v, m, kMaxIntset, ValueHome::kLocal);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(SetType::Contains(v, members[i]));
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  v.Destroy(arena);
}
BENCHMARK(BM_SetIsMember)->Args({10, 1})->Args({10, 0})->Args({1 << 20, 1})->Args({1 << 20, 0});

// Arena bytes per member (allocator-rounded, as INFO used_memory counts them) of one set.
void BM_SetBytesPerMember(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n, state.range(1) == 1);
  double per_member = 0;
  for (auto _ : state) {
    MallocArena arena;
    Value v = SetType::Create(arena, members[0]);
    for (const auto& m : members) SetType::Add(arena, v, m, kMaxIntset, ValueHome::kLocal);
    per_member = static_cast<double>(arena.UsedBytes()) / static_cast<double>(n);
    v.Destroy(arena);
  }
  state.counters["bytes_per_member"] = per_member;
}
BENCHMARK(BM_SetBytesPerMember)
    ->Args({1 << 20, 1})
    ->Args({1 << 20, 0})
    ->Args({512, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// SADD of a new member then SISMEMBER through the dispatcher (parsing excluded); the set is
// filled to `n` members first and SREM keeps it there.
void BM_DispatchSAddSIsMember(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n, state.range(1) == 1);
  std::vector<std::string> extra = Members(n + 1000, state.range(1) == 1);
  ServerConfig config;
  Engine engine(config);
  Session& s = engine.OpenSession();
  NullReply reply;
  for (const auto& m : members) {
    std::string_view sadd[] = {"SADD", "s", m};
    engine.Execute(s, sadd, reply);
  }
  size_t i = 0, j = n;
  for (auto _ : state) {
    std::string_view sadd[] = {"SADD", "s", extra[j]};
    engine.Execute(s, sadd, reply);
    std::string_view is[] = {"SISMEMBER", "s", members[i]};
    engine.Execute(s, is, reply);
    std::string_view srem[] = {"SREM", "s", extra[j]};
    engine.Execute(s, srem, reply);
    if (++i == n) i = 0;
    if (++j == extra.size()) j = n;
  }
  state.SetItemsProcessed(state.iterations() * 3);
}
BENCHMARK(BM_DispatchSAddSIsMember)->Args({10, 1})->Args({10, 0})->Args({1 << 20, 1})->Args({1 << 20, 0});

}  // namespace
}  // namespace ringkv

BENCHMARK_MAIN();
