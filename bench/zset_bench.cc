// Sorted set micro-benchmarks: ZADD (building a set), ZRANK and ZRANGE of the first 100 members on
// ZSetType, at 10 members (a listpack) and 1M members (a skiplist), the same three through the
// dispatcher at 1M, and the arena bytes per member of a 1M-member set ("member:N" with integer
// scores, and with fractional scores). redis-server 7.0's numbers for the same data
// (INFO used_memory) are in the sorted set issue's report.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "bench/null_reply.h"
#include "engine/engine.h"
#include "engine/types/zset_type.h"

namespace ringkv {
namespace {

std::vector<std::string> Members(size_t n) {
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) out.push_back("member:" + std::to_string(i));
  return out;
}

// Scores in a shuffled order, so insertions land all over the list.
std::vector<double> Scores(size_t n, bool fractional) {
  std::vector<double> out(n);
  for (size_t i = 0; i < n; i++) out[i] = fractional ? static_cast<double>(i) / 3 : static_cast<double>(i);
  std::mt19937_64 rng(1);
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

Value Build(Arena& arena, const std::vector<std::string>& members,
            const std::vector<double>& scores) {
  ZSetLimits limits;
  Value v = ZSetType::CreateFor(arena, members[0], limits);
  for (size_t i = 0; i < members.size(); i++) {
    int out;
    double ns;
    ZSetType::Add(arena, v, scores[i], members[i], zadd::kNone, &out, &ns, limits,
                  ZSetHome::kLocal);
  }
  return v;
}

// Builds a set of range(0) members (and frees it).
void BM_ZAdd(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n);
  std::vector<double> scores = Scores(n, false);
  MallocArena arena;
  for (auto _ : state) {
    Value v = Build(arena, members, scores);
    benchmark::DoNotOptimize(ZSetType::Length(v));
    v.Destroy(arena);  // timed too: pausing the clock costs more than freeing 10 members
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_ZAdd)->Arg(10)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

void BM_ZRank(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n);
  MallocArena arena;
  Value v = Build(arena, members, Scores(n, false));
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; i++) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(2));
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ZSetType::Rank(v, members[order[i]], false));
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  v.Destroy(arena);
}
BENCHMARK(BM_ZRank)->Arg(10)->Arg(1 << 20);

// ZRANGE 0 99 WITHSCORES: walk the first 100 members (all 10 of a small set).
void BM_ZRangeFirst100(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n);
  MallocArena arena;
  Value v = Build(arena, members, Scores(n, false));
  for (auto _ : state) {
    size_t bytes = 0;
    double sum = 0;
    int k = 0;
    for (ZSetIter it = ZSetType::AtRank(v, 0, false); it.Valid() && k < 100; it.Next(), k++) {
      bytes += it.Member().size();
      sum += it.Score();
    }
    benchmark::DoNotOptimize(bytes);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(std::min<size_t>(n, 100)));
  v.Destroy(arena);
}
BENCHMARK(BM_ZRangeFirst100)->Arg(10)->Arg(1 << 20);

// Arena bytes per member (allocator-rounded, as INFO used_memory counts them) of one set;
// range(1): 1 for fractional scores.
void BM_ZSetBytesPerMember(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n);
  std::vector<double> scores = Scores(n, state.range(1) == 1);
  double per_member = 0;
  for (auto _ : state) {
    MallocArena arena;
    Value v = Build(arena, members, scores);
    per_member = static_cast<double>(arena.UsedBytes()) / static_cast<double>(n);
    v.Destroy(arena);
  }
  state.counters["bytes_per_member"] = per_member;
}
BENCHMARK(BM_ZSetBytesPerMember)
    ->Args({1 << 20, 0})
    ->Args({1 << 20, 1})
    ->Args({128, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Through the dispatcher (parsing excluded) on a set of range(0) members: ZADD of a member's new
// score, ZRANK of a member, ZRANGE 0 99 WITHSCORES.
void BM_DispatchZAddZRankZRange(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::vector<std::string> members = Members(n);
  std::vector<double> scores = Scores(n, false);
  std::vector<std::string> score_text;
  for (double s : scores) score_text.push_back(std::to_string(static_cast<int64_t>(s)));
  ServerConfig config;
  Engine engine(config);
  Session& s = engine.OpenSession();
  NullReply reply;
  for (size_t i = 0; i < n; i++) {
    std::string_view zadd[] = {"ZADD", "z", score_text[i], members[i]};
    engine.Execute(s, zadd, reply);
  }
  size_t i = 0;
  for (auto _ : state) {
    std::string_view zadd[] = {"ZADD", "z", score_text[(i + 7) % n], members[i]};
    engine.Execute(s, zadd, reply);
    std::string_view zrank[] = {"ZRANK", "z", members[(i * 31) % n]};
    engine.Execute(s, zrank, reply);
    std::string_view zrange[] = {"ZRANGE", "z", "0", "99", "WITHSCORES"};
    engine.Execute(s, zrange, reply);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations() * 3);
}
BENCHMARK(BM_DispatchZAddZRankZRange)->Arg(10)->Arg(1 << 20);

}  // namespace
}  // namespace ringkv

BENCHMARK_MAIN();
