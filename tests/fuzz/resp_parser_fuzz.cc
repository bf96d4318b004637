// libFuzzer harness for RequestParser (scripts/fuzz.sh builds and runs it).
//
// Input: one byte of settings, then the byte stream a client sends. Bit 0 clears
// `authenticated`; bit 1 sets max_bulk_len to the top six bits; all eight bits choose how the
// stream is cut into reads. The harness checks that parsing never crashes or reads outside its
// input (every call sees an exact-size heap copy, so ASan catches over-reads), and that the stream
// gives the same commands and the same error whether it arrives whole or in pieces.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/resp/request_parser.h"

namespace {

using ringkv::resp::ParseResult;
using ringkv::resp::ParserLimits;
using ringkv::resp::ParseStatus;
using ringkv::resp::RequestParser;

struct Outcome {
  std::vector<std::vector<std::string>> commands;
  std::string error;
  size_t leftover = 0;
  bool operator==(const Outcome&) const = default;
};

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// Cuts `stream` into pieces whose sizes come from a small generator seeded by `seed`
// (seed 0: one piece), and parses it the way a connection does.
Outcome Run(std::string_view stream, const ParserLimits& limits, uint32_t seed) {
  RequestParser parser;
  Outcome out;
  std::string pending;
  std::vector<std::string_view> args;
  size_t fed = 0;
  uint32_t state = seed;
  while (fed < stream.size()) {
    size_t piece = stream.size() - fed;
    if (seed != 0) {
      state = state * 1103515245u + 12345u;
      piece = std::min<size_t>(piece, 1 + (state >> 16) % (1 + seed % 37));
    }
    pending.append(stream.substr(fed, piece));
    fed += piece;
    while (!pending.empty()) {
      std::unique_ptr<char[]> copy(new char[pending.size()]);
      pending.copy(copy.get(), pending.size());
      const std::string_view input(copy.get(), pending.size());
      const ParseResult r = parser.Parse(input, limits, &args);
      if (r.status == ParseStatus::kError) {
        Check(r.consumed == 0 && !r.error.empty());
        out.error = std::string(r.error);  // leftover stays 0: it depends on the reads
        return out;
      }
      if (r.status == ParseStatus::kNeedMore) {
        Check(parser.BytesWanted() > pending.size());
        break;
      }
      Check(r.consumed > 0 && r.consumed <= pending.size());
      out.commands.emplace_back(args.begin(), args.end());
      pending.erase(0, r.consumed);
    }
  }
  out.leftover = pending.size();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t settings = data[0];
  ParserLimits limits;
  limits.authenticated = (settings & 1) == 0;
  if (settings & 2) limits.max_bulk_len = settings >> 2;
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  const Outcome whole = Run(stream, limits, 0);
  Check(whole == Run(stream, limits, 1u + settings));
  if (stream.size() <= 512) Check(whole == Run(stream, limits, 1));  // one byte at a time
  return 0;
}
