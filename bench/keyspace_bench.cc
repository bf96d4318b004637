// Keyspace micro-benchmarks: insert, lookup and delete of small string keys in a Database, and a
// SET/GET through the whole dispatcher (parsing excluded), at 10 and 1M keys.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/null_reply.h"
#include "engine/engine.h"
#include "engine/keyspace/database.h"

namespace ringkv {
namespace {

std::vector<std::string> Keys(size_t n) {
  std::vector<std::string> keys;
  keys.reserve(n);
  for (size_t i = 0; i < n; i++) keys.push_back("key:" + std::to_string(i));
  return keys;
}

void BM_DatabaseInsert(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> keys = Keys(n);
  for (auto _ : state) {
    MallocArena arena;
    Database db(arena, 0);
    for (const auto& k : keys) db.Add(k, Value::MakeString(arena, "value-of-32-bytes-xxxxxxxxxxxxxx"), 0);
    benchmark::DoNotOptimize(db.size());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_DatabaseInsert)->Arg(10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_DatabaseLookup(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> keys = Keys(n);
  MallocArena arena;
  Database db(arena, 0);
  for (const auto& k : keys) db.Add(k, Value::MakeInt(1), 0);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(db.Lookup(keys[i], 0));
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DatabaseLookup)->Arg(10)->Arg(1 << 20);

// Memory per key as the arena counts it (keys "key:N", 32-byte values), reported as a counter.
void BM_BytesPerKey(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> keys = Keys(n);
  double per_key = 0;
  for (auto _ : state) {
    MallocArena arena;
    {
      Database db(arena, 0);
      for (const auto& k : keys)
        db.Add(k, Value::MakeString(arena, "value-of-32-bytes-xxxxxxxxxxxxxx"), 0);
      per_key = static_cast<double>(arena.UsedBytes()) / static_cast<double>(n);
    }
  }
  state.counters["bytes_per_key"] = per_key;
}
BENCHMARK(BM_BytesPerKey)->Arg(1 << 20)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_DispatchSetGet(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> keys = Keys(n);
  ServerConfig config;
  Engine engine(config);
  Session& s = engine.OpenSession();
  NullReply reply;
  size_t i = 0;
  for (auto _ : state) {
    std::string_view set[] = {"SET", keys[i], "value-of-32-bytes-xxxxxxxxxxxxxx"};
    engine.Execute(s, set, reply);
    std::string_view get[] = {"GET", keys[i]};
    engine.Execute(s, get, reply);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_DispatchSetGet)->Arg(10)->Arg(1 << 20);

}  // namespace
}  // namespace ringkv

BENCHMARK_MAIN();
