// A ReplyBuilder that discards replies (keeping the values alive for the optimizer), so the
// benchmarks that go through the command dispatcher measure the command, not a reply encoder.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string_view>

#include "engine/reply_builder.h"

namespace ringkv {

class NullReply final : public ReplyBuilder {
 public:
  void SimpleString(std::string_view) override {}
  void Integer(int64_t v) override { benchmark::DoNotOptimize(v); }
  void Bulk(std::string_view s) override { benchmark::DoNotOptimize(s.data()); }
  void Null() override {}
  void NullArray() override {}
  void Double(double d) override { benchmark::DoNotOptimize(d); }
  void Bool(bool) override {}
  void Array(int64_t) override {}
  void Map(int64_t) override {}
  void Set(int64_t) override {}
  void Push(int64_t) override {}
  void Verbatim(std::string_view) override {}
  int Protocol() const override { return 2; }

 protected:
  void WriteError(std::string_view) override {}
};

}  // namespace ringkv
