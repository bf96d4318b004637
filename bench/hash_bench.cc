// Hash micro-benchmarks: HSET and HGET on HashType (a listpack at 10 fields, a hashtable at 1M;
// fields "field:N", values "value:N") and through the dispatcher, and the arena bytes per field
// of a 1M-field hash. redis-server 7.0's number for the same data (INFO used_memory) is in the
// hash issue's report.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/null_reply.h"
#include "engine/engine.h"
#include "engine/types/hash_type.h"

namespace ringkv {
namespace {

constexpr HashLimits kLimits{512, 64};  // redis-server 7.0's hash-max-listpack-* defaults

std::vector<std::string> Strings(const char* prefix, size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) out.push_back(prefix + std::to_string(i));
  return out;
}

Value Build(Arena& arena, const std::vector<std::string>& fields,
            const std::vector<std::string>& values) {
  Value v = HashType::Create(arena);
  for (size_t i = 0; i < fields.size(); i++) {
    HashType::Set(arena, v, fields[i], values[i], kLimits, HashHome::kLocal);
  }
  return v;
}

// Building a hash of range(0) fields, one HSET each.
void BM_HashSet(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  auto fields = Strings("field:", n);
  auto values = Strings("value:", n);
  MallocArena arena;
  for (auto _ : state) {
    Value v = Build(arena, fields, values);
    benchmark::DoNotOptimize(HashType::Length(v));
    state.PauseTiming();
    v.Destroy(arena);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_HashSet)->Arg(10)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

// Overwriting an existing field's value (HSET on a present field, same length).
void BM_HashUpdate(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  auto fields = Strings("field:", n);
  auto values = Strings("value:", n);
  MallocArena arena;
  Value v = Build(arena, fields, values);
  size_t i = 0;
  for (auto _ : state) {
    HashType::Set(arena, v, fields[i], values[n - 1 - i], kLimits, HashHome::kLocal);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  v.Destroy(arena);
}
BENCHMARK(BM_HashUpdate)->Arg(10)->Arg(1 << 20);

void BM_HashGet(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  auto fields = Strings("field:", n);
  auto values = Strings("value:", n);
  MallocArena arena;
  Value v = Build(arena, fields, values);
  size_t i = 0;
  for (auto _ : state) {
    HashBuf buf;
    benchmark::DoNotOptimize(HashType::Get(v, fields[i], buf));
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  v.Destroy(arena);
}
BENCHMARK(BM_HashGet)->Arg(10)->Arg(1 << 20);

// Arena bytes per field of one hash of range(0) fields, reported as a counter (the hash's
// structure, nodes and buckets; the key itself is not counted).
void BM_BytesPerField(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  auto fields = Strings("field:", n);
  auto values = Strings("value:", n);
  double per_field = 0;
  for (auto _ : state) {
    MallocArena arena;
    Value v = Build(arena, fields, values);
    per_field = static_cast<double>(arena.UsedBytes()) / static_cast<double>(n);
    v.Destroy(arena);
  }
  state.counters["bytes_per_field"] = per_field;
}
BENCHMARK(BM_BytesPerField)->Arg(10)->Arg(1 << 20)->Unit(benchmark::kMillisecond)->Iterations(1);

// HSET then HGET of one field through the whole dispatcher (parsing excluded), on a hash of
// range(0) fields.
void BM_DispatchHSetHGet(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  auto fields = Strings("field:", n);
  auto values = Strings("value:", n);
  ServerConfig config;
  Engine engine(config);
  Session& s = engine.OpenSession();
  NullReply reply;
  for (size_t i = 0; i < n; i++) {
    std::string_view set[] = {"HSET", "h", fields[i], values[i]};
    engine.Execute(s, set, reply);
  }
  size_t i = 0;
  for (auto _ : state) {
    std::string_view set[] = {"HSET", "h", fields[i], values[n - 1 - i]};
    engine.Execute(s, set, reply);
    std::string_view get[] = {"HGET", "h", fields[i]};
    engine.Execute(s, get, reply);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_DispatchHSetHGet)->Arg(10)->Arg(1 << 20);

}  // namespace
}  // namespace ringkv

BENCHMARK_MAIN();
