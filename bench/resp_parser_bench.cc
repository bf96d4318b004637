// Micro-benchmarks for RequestParser: the pipelined SET workload of redis-benchmark, a 64 KiB
// value arriving whole or in 16 KiB reads, and inline commands. Items are commands, so
// items_per_second gives the cost of one parsed command.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/resp/request_parser.h"

namespace {

using ringkv::resp::ParseResult;
using ringkv::resp::ParserLimits;
using ringkv::resp::ParseStatus;
using ringkv::resp::RequestParser;

std::string Mbulk(const std::vector<std::string>& args) {
  std::string s;
  s.append("*").append(std::to_string(args.size())).append("\r\n");
  for (const std::string& a : args) {
    s.append("$").append(std::to_string(a.size())).append("\r\n").append(a).append("\r\n");
  }
  return s;
}

// Parses every command in `buf`; returns how many.
int ParseAll(RequestParser& parser, std::string_view buf, std::vector<std::string_view>& args) {
  const ParserLimits limits;
  int n = 0;
  while (!buf.empty()) {
    const ParseResult r = parser.Parse(buf, limits, &args);
    if (r.status != ParseStatus::kOk) break;
    benchmark::DoNotOptimize(args.data());
    buf.remove_prefix(r.consumed);
    ++n;
  }
  return n;
}

void BM_ParsePipelinedSet(benchmark::State& state) {
  std::string buf;
  for (int i = 0; i < 16; ++i) buf += Mbulk({"SET", "key:" + std::to_string(i), "value"});
  RequestParser parser;
  std::vector<std::string_view> args;
  for (auto _ : state) {
    if (ParseAll(parser, buf, args) != 16) state.SkipWithError("parse failed");
  }
  state.SetItemsProcessed(state.iterations() * 16);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_ParsePipelinedSet);

void BM_ParseBigBulk(benchmark::State& state) {
  const std::string buf = Mbulk({"SET", "key", std::string(64 * 1024, 'x')});
  RequestParser parser;
  std::vector<std::string_view> args;
  for (auto _ : state) {
    if (ParseAll(parser, buf, args) != 1) state.SkipWithError("parse failed");
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_ParseBigBulk);

// The same 64 KiB value seen through growing prefixes, as a connection reading 16 KiB at a time
// sees it: checks the parser resumes instead of rescanning.
void BM_ParseBigBulkIn16KiBReads(benchmark::State& state) {
  const std::string buf = Mbulk({"SET", "key", std::string(64 * 1024, 'x')});
  RequestParser parser;
  std::vector<std::string_view> args;
  const ParserLimits limits;
  for (auto _ : state) {
    for (size_t have = 16 * 1024;; have += 16 * 1024) {
      const std::string_view input(buf.data(), std::min(have, buf.size()));
      const ParseResult r = parser.Parse(input, limits, &args);
      if (r.status == ParseStatus::kOk) break;
      if (r.status == ParseStatus::kError || have >= buf.size()) {
        state.SkipWithError("parse failed");
        break;
      }
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_ParseBigBulkIn16KiBReads);

void BM_ParseInline(benchmark::State& state) {
  std::string buf;
  for (int i = 0; i < 16; ++i) buf += "SET key:" + std::to_string(i) + " value\r\n";
  RequestParser parser;
  std::vector<std::string_view> args;
  for (auto _ : state) {
    if (ParseAll(parser, buf, args) != 16) state.SkipWithError("parse failed");
  }
  state.SetItemsProcessed(state.iterations() * 16);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_ParseInline);

void BM_ParseInlineQuoted(benchmark::State& state) {
  std::string buf;
  for (int i = 0; i < 16; ++i) buf += "SET \"key:" + std::to_string(i) + "\" \"a value\\n\"\r\n";
  RequestParser parser;
  std::vector<std::string_view> args;
  for (auto _ : state) {
    if (ParseAll(parser, buf, args) != 16) state.SkipWithError("parse failed");
  }
  state.SetItemsProcessed(state.iterations() * 16);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_ParseInlineQuoted);

}  // namespace

BENCHMARK_MAIN();
