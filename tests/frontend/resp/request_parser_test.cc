// Tests for RequestParser: Redis 7.0's accept/reject behaviour and error texts, and the property
// that the commands parsed from a byte stream do not depend on how the stream is cut into reads.
#include "frontend/resp/request_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <random>
#include <string>
#include <vector>

#include "frontend/resp/protocol_errors.h"

namespace ringkv::resp {
namespace {

using Command = std::vector<std::string>;

// What a connection sees from a stream: the commands in order, then the error that ended it
// ("" when the stream ended with the parser waiting for more) and the bytes left unconsumed
// (when there is no error: how far past a bad line the bytes went depends on the reads).
struct Outcome {
  std::vector<Command> commands;
  std::string error;
  size_t leftover = 0;

  bool operator==(const Outcome& o) const {
    return commands == o.commands && error == o.error && leftover == o.leftover;
  }
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  os << o.commands.size() << " commands, error '" << o.error << "', leftover " << o.leftover;
  return os;
}

// Feeds `stream` to a parser in pieces ending at `cuts` (ascending offsets; the end is implied),
// like a connection does: the unconsumed bytes are kept (consumed ones are erased, moving the
// rest), and they are often copied to a new address behind a junk prefix of varying length, to
// catch any pointer the parser might keep. Large buffers move less often to keep this linear.
Outcome Feed(std::string_view stream, const std::vector<size_t>& cuts,
             const ParserLimits& limits = {}) {
  RequestParser parser;
  Outcome out;
  std::string buf;  // `shift` junk bytes, then the unconsumed input
  size_t shift = 0;
  std::vector<std::string_view> args;
  size_t fed = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(stream.size());
  for (size_t call = 0; size_t end : ends) {
    if (end < fed) continue;
    buf.append(stream.substr(fed, end - fed));
    fed = end;
    while (true) {
      if (buf.size() < 4096 || ++call % 64 == 0) {
        const size_t new_shift = (shift * 7 + 3) % 29;
        std::string moved(new_shift, '#');
        moved.append(buf, shift);
        buf.swap(moved);
        shift = new_shift;
      }
      const std::string_view input(buf.data() + shift, buf.size() - shift);
      const ParseResult r = parser.Parse(input, limits, &args);
      if (r.status == ParseStatus::kError) {
        out.error = std::string(r.error);
        return out;
      }
      if (r.status == ParseStatus::kNeedMore) {
        EXPECT_GE(parser.BytesWanted(), input.size() + 1);
        break;
      }
      EXPECT_GT(r.consumed, 0u);
      EXPECT_LE(r.consumed, input.size());
      out.commands.emplace_back(args.begin(), args.end());
      buf.erase(shift, r.consumed);
      if (buf.size() == shift) break;
    }
  }
  out.leftover = buf.size() - shift;
  return out;
}

Outcome Whole(std::string_view stream, const ParserLimits& limits = {}) {
  return Feed(stream, {}, limits);
}

Outcome ByteByByte(std::string_view stream, const ParserLimits& limits = {}) {
  std::vector<size_t> cuts;
  for (size_t i = 1; i < stream.size(); ++i) cuts.push_back(i);
  return Feed(stream, cuts, limits);
}

std::string Mbulk(const Command& args) {
  // Appends only: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string temporaries.
  std::string s;
  s.append("*").append(std::to_string(args.size())).append("\r\n");
  for (const std::string& a : args) {
    s.append("$").append(std::to_string(a.size())).append("\r\n").append(a).append("\r\n");
  }
  return s;
}

// Parses `stream` whole and byte by byte, checks both agree, and returns the outcome.
Outcome Parse(std::string_view stream, const ParserLimits& limits = {}) {
  Outcome whole = Whole(stream, limits);
  EXPECT_EQ(whole, ByteByByte(stream, limits)) << "stream: " << stream.substr(0, 80);
  return whole;
}

std::string ErrorOf(std::string_view stream, const ParserLimits& limits = {}) {
  return Parse(stream, limits).error;
}

// --- Multibulk requests --------------------------------------------------------------------

TEST(RequestParserTest, ParsesMultibulkCommand) {
  RequestParser parser;
  std::vector<std::string_view> args;
  const std::string in = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";
  ParseResult r = parser.Parse(in, {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(r.consumed, in.size());
  ASSERT_EQ(args.size(), 3u);
  EXPECT_EQ(args[0], "SET");
  EXPECT_EQ(args[1], "key");
  EXPECT_EQ(args[2], "value");
  // Views point into the input: no copy for multibulk arguments.
  EXPECT_EQ(args[1].data(), in.data() + 17);
}

TEST(RequestParserTest, EmptyInputNeedsMore) {
  RequestParser parser;
  std::vector<std::string_view> args;
  EXPECT_EQ(parser.Parse("", {}, &args).status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.BytesWanted(), 1u);
}

TEST(RequestParserTest, ZeroAndNegativeCountAreEmptyCommands) {
  for (std::string header : {"*0\r\n", "*-1\r\n", "*-5\r\n", "*-9223372036854775808\r\n"}) {
    RequestParser parser;
    std::vector<std::string_view> args{"stale"};
    ParseResult r = parser.Parse(header + "*1\r\n$1\r\nx\r\n", {}, &args);
    ASSERT_EQ(r.status, ParseStatus::kOk) << header;
    EXPECT_EQ(r.consumed, header.size());
    EXPECT_TRUE(args.empty());
  }
  Outcome o = Parse("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(o.commands, (std::vector<Command>{{}, {}, {"PING"}}));
}

TEST(RequestParserTest, BinarySafeValues) {
  const std::string value("a\r\nb\0c\r\n*1\r\n$", 13);
  const Outcome o = Parse(Mbulk({"SET", std::string("k\0\r\n", 4), value}) + Mbulk({"GET", "k"}));
  ASSERT_EQ(o.commands.size(), 2u);
  EXPECT_EQ(o.commands[0], (Command{"SET", std::string("k\0\r\n", 4), value}));
  EXPECT_EQ(o.commands[1], (Command{"GET", "k"}));
  EXPECT_EQ(o.error, "");
  EXPECT_EQ(o.leftover, 0u);
}

TEST(RequestParserTest, EmptyBulk) {
  EXPECT_EQ(Parse("*2\r\n$0\r\n\r\n$0\r\n\r\n").commands, (std::vector<Command>{{"", ""}}));
}

TEST(RequestParserTest, PipelineOfManyCommands) {
  std::string stream;
  std::vector<Command> expected;
  for (int i = 0; i < 1000; ++i) {
    Command c = {"SET", "key:" + std::to_string(i), std::string(i % 50, 'v')};
    stream += Mbulk(c);
    expected.push_back(c);
    if (i % 100 == 0) {
      stream += "PING\r\n";
      expected.push_back({"PING"});
    }
  }
  const Outcome o = Parse(stream);
  EXPECT_EQ(o.commands, expected);
  EXPECT_EQ(o.leftover, 0u);
}

TEST(RequestParserTest, BigBulkAndBytesWanted) {
  const std::string big(1 << 20, 'x');
  const std::string stream = Mbulk({"SET", "k", big});
  RequestParser parser;
  std::vector<std::string_view> args;
  // Everything up to and including the big bulk's header.
  const size_t header_end = stream.size() - big.size() - 2;
  ParseResult r = parser.Parse(std::string_view(stream).substr(0, header_end), {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.BytesWanted(), stream.size());
  r = parser.Parse(std::string_view(stream).substr(0, stream.size() - 1), {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.BytesWanted(), stream.size());
  r = parser.Parse(stream, {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(parser.BytesWanted(), 0u);
  ASSERT_EQ(args.size(), 3u);
  EXPECT_EQ(args[2], big);

  std::vector<size_t> cuts;
  for (size_t i = 1000; i < stream.size(); i += 4096) cuts.push_back(i);
  EXPECT_EQ(Feed(stream, cuts).commands, (std::vector<Command>{{"SET", "k", big}}));
}

TEST(RequestParserTest, TrailingBytesOfBulkAndHeaderAreNotChecked) {
  // Redis skips the two bytes after a bulk and the byte after a header's '\r' unread.
  EXPECT_EQ(Parse("*1\r\n$3\r\nfooXY").commands, (std::vector<Command>{{"foo"}}));
  EXPECT_EQ(Parse("*1\rX$3\rYfooZZ").commands, (std::vector<Command>{{"foo"}}));
}

TEST(RequestParserTest, WaitsForTheByteAfterHeaderCarriageReturn) {
  RequestParser parser;
  std::vector<std::string_view> args;
  EXPECT_EQ(parser.Parse("*1\r", {}, &args).status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.Parse("*1\r\n$1\r", {}, &args).status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.Parse("*1\r\n$1\r\nx\r", {}, &args).status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.BytesWanted(), 11u);
  EXPECT_EQ(parser.Parse("*1\r\n$1\r\nx\r\n", {}, &args).status, ParseStatus::kOk);
}

TEST(RequestParserTest, InvalidMultibulkLength) {
  for (const char* in :
       {"*abc\r\n", "*\r\n", "*+1\r\n", "*01\r\n", "* 1\r\n", "*1 \r\n", "*-0\r\n",
        "*2147483648\r\n", "*3000000000\r\n", "*99999999999999999999\r\n", "*-\r\n", "*1x\r\n"}) {
    EXPECT_EQ(ErrorOf(in), kErrInvalidMultibulkLength) << in;
  }
  // INT_MAX itself is accepted: the parser then waits for the bulks.
  const Outcome o = Parse("*2147483647\r\n");
  EXPECT_EQ(o.error, "");
  EXPECT_TRUE(o.commands.empty());
}

TEST(RequestParserTest, TooBigMbulkCountString) {
  std::string in = "*1" + std::string(kInlineMaxSize - 2, '1');  // exactly 64 KiB, no '\r'
  EXPECT_EQ(Parse(in).error, "");
  in += "1";
  EXPECT_EQ(ErrorOf(in), kErrTooBigMbulkCount);
  // The '\r' has to be within the first 64 KiB + 1 bytes of the line.
  std::string at_limit = std::string("*").append(kInlineMaxSize - 1, '1').append("\r\n");
  EXPECT_EQ(ErrorOf(at_limit), kErrInvalidMultibulkLength);
  std::string past_limit = std::string("*").append(kInlineMaxSize, '1').append("\r\n");
  EXPECT_EQ(ErrorOf(past_limit), kErrTooBigMbulkCount);
}

TEST(RequestParserTest, UnauthenticatedMultibulkLength) {
  ParserLimits unauth;
  unauth.authenticated = false;
  EXPECT_EQ(ErrorOf("*11\r\n", unauth), kErrUnauthMultibulkLength);
  EXPECT_EQ(ErrorOf("*3000000000\r\n", unauth), kErrInvalidMultibulkLength);
  const Command ten = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
  EXPECT_EQ(Parse(Mbulk(ten), unauth).commands, (std::vector<Command>{ten}));
  EXPECT_EQ(Parse("*11\r\n").error, "");
}

TEST(RequestParserTest, ExpectedDollar) {
  EXPECT_EQ(ErrorOf("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n"),
            "ERR Protocol error: expected '$', got 'f'");
  EXPECT_EQ(ErrorOf("*1\r\n:1\r\n"), "ERR Protocol error: expected '$', got ':'");
  // An empty line: the byte is '\r', shown as a space like addReplyErrorFormat does.
  EXPECT_EQ(ErrorOf("*1\r\n\r\n"), "ERR Protocol error: expected '$', got ' '");
  EXPECT_EQ(ErrorOf("*1\r\n\n\r\n"), "ERR Protocol error: expected '$', got ' '");
  EXPECT_EQ(ErrorOf("*1\r\n\xff\r\n"), "ERR Protocol error: expected '$', got '\xff'");
  // Redis only looks at the byte once the line's '\r' has arrived.
  EXPECT_EQ(Parse("*1\r\nfoo").error, "");
}

TEST(RequestParserTest, InvalidBulkLength) {
  for (const char* len : {"-1", "abc", "", "+3", "03", " 3", "3 ", "-0", "99999999999999999999"}) {
    const std::string in = std::string("*1\r\n$") + len + "\r\n";
    EXPECT_EQ(ErrorOf(in), kErrInvalidBulkLength) << in;
  }
  ParserLimits small;
  small.max_bulk_len = 100;
  EXPECT_EQ(ErrorOf("*1\r\n$101\r\n", small), kErrInvalidBulkLength);
  EXPECT_EQ(ErrorOf("*1\r\n$100\r\n", small), "");
  EXPECT_EQ(ErrorOf("*1\r\n$536870913\r\n"), kErrInvalidBulkLength);  // default 512 MiB
  EXPECT_EQ(ErrorOf("*1\r\n$536870912\r\n"), "");
}

TEST(RequestParserTest, UnauthenticatedBulkLength) {
  ParserLimits unauth;
  unauth.authenticated = false;
  EXPECT_EQ(ErrorOf("*1\r\n$16385\r\n", unauth), kErrUnauthBulkLength);
  EXPECT_EQ(ErrorOf("*1\r\n$-1\r\n", unauth), kErrInvalidBulkLength);
  const std::string ok(16384, 'x');
  EXPECT_EQ(Parse(Mbulk({"AUTH", ok}), unauth).commands, (std::vector<Command>{{"AUTH", ok}}));
}

TEST(RequestParserTest, TooBigBulkCountString) {
  const std::string head = "*2\r\n$1\r\nx\r\n";
  std::string in = head + "$" + std::string(kInlineMaxSize - 1, '1');
  EXPECT_EQ(Parse(in).error, "");
  in += "1";
  EXPECT_EQ(ErrorOf(in), kErrTooBigBulkCount);
  EXPECT_EQ(ErrorOf(head + "$" + std::string(kInlineMaxSize - 1, '1') + "\r\n"),
            kErrInvalidBulkLength);
  EXPECT_EQ(ErrorOf(head + "$" + std::string(kInlineMaxSize, '1') + "\r\n"), kErrTooBigBulkCount);
}

TEST(RequestParserTest, NulHidesLineTerminator) {
  // Redis finds header lines with strchr, which stops at a NUL: the line never ends.
  EXPECT_EQ(Parse(std::string("*1\0\r\n$1\r\nx\r\n", 12)).error, "");
  EXPECT_EQ(Parse(std::string("*1\0\r\n", 5)).commands.size(), 0u);
  std::string padded("*1\r\n$4\0\r\n", 9);
  while (padded.size() <= kInlineMaxSize + 4) padded += "A\r\n";
  EXPECT_EQ(ErrorOf(padded), kErrTooBigBulkCount);
  std::string inline_nul("GET a\0b\r\n", 9);
  EXPECT_EQ(Parse(inline_nul).commands.size(), 0u);
  inline_nul.append(kInlineMaxSize, '\n');
  EXPECT_EQ(ErrorOf(inline_nul), kErrTooBigInline);
}

// --- Inline requests -----------------------------------------------------------------------

std::vector<Command> Inline(std::string_view stream) {
  const Outcome o = Parse(stream);
  EXPECT_EQ(o.error, "") << stream;
  return o.commands;
}

TEST(RequestParserTest, InlineCommands) {
  EXPECT_EQ(Inline("PING\r\n"), (std::vector<Command>{{"PING"}}));
  EXPECT_EQ(Inline("PING\n"), (std::vector<Command>{{"PING"}}));
  EXPECT_EQ(Inline("  SET  k \t v  \r\n"), (std::vector<Command>{{"SET", "k", "v"}}));
  EXPECT_EQ(Inline("SET k v\r\nGET k\n"), (std::vector<Command>{{"SET", "k", "v"}, {"GET", "k"}}));
  // Only the last '\r' is dropped; others separate arguments.
  EXPECT_EQ(Inline("a\rb\r\r\n"), (std::vector<Command>{{"a", "b"}}));
}

TEST(RequestParserTest, EmptyInlineLinesAreEmptyCommands) {
  EXPECT_EQ(Inline("\r\n"), (std::vector<Command>{{}}));
  EXPECT_EQ(Inline("\n"), (std::vector<Command>{{}}));
  EXPECT_EQ(Inline(" \t\v\f \r\nPING\r\n"), (std::vector<Command>{{}, {"PING"}}));
}

TEST(RequestParserTest, InlineQuotesAndEscapes) {
  EXPECT_EQ(Inline("SET \"a b\" 'c d'\n"), (std::vector<Command>{{"SET", "a b", "c d"}}));
  EXPECT_EQ(Inline("\"\\x41\\x4a\\x00z\"\n"), (std::vector<Command>{{std::string("AJ\0z", 4)}}));
  EXPECT_EQ(Inline("\"\\n\\r\\t\\b\\a\\\\\\\"\\z\"\n"),
            (std::vector<Command>{{"\n\r\t\b\a\\\"z"}}));
  EXPECT_EQ(Inline("\"\\x4\" \"\\xg1\"\n"), (std::vector<Command>{{"x4", "xg1"}}));
  EXPECT_EQ(Inline("'it\\'s' 'a\\nb'\n"), (std::vector<Command>{{"it's", "a\\nb"}}));
  EXPECT_EQ(Inline("\"\" ''\n"), (std::vector<Command>{{"", ""}}));
  // A quote inside a token opens a quoted part of the same token.
  EXPECT_EQ(Inline("ab\"cd ef\" x'y z'\n"), (std::vector<Command>{{"abcd ef", "xy z"}}));
  // A closing quote may be followed by any isspace() byte, or the end of the line.
  EXPECT_EQ(Inline("\"a\"\vb \"c\"\r\n"), (std::vector<Command>{{"a", "b", "c"}}));
  // '\v' and '\f' are skipped between tokens but do not end an unquoted token.
  EXPECT_EQ(Inline("\va\vb\fc\n"), (std::vector<Command>{{"a\vb\fc"}}));
  EXPECT_EQ(Inline("a\"b\\\"c\"\n"), (std::vector<Command>{{"ab\"c"}}));
}

TEST(RequestParserTest, InlineUnbalancedQuotes) {
  for (const char* in : {"SET \"a\n", "SET 'a\n", "\"a\"b\n", "'a'b\n", "\"a\\\"\n", "\"\\\n",
                         "'\\'\n", "a \"b\" \"\n"}) {
    EXPECT_EQ(ErrorOf(in), kErrUnbalancedQuotes) << in;
  }
}

TEST(RequestParserTest, InlineArgsOutliveNothingButPointIntoInputWhenUnquoted) {
  RequestParser parser;
  std::vector<std::string_view> args;
  const std::string in = "GET key \"q\"\r\n";
  ASSERT_EQ(parser.Parse(in, {}, &args).status, ParseStatus::kOk);
  ASSERT_EQ(args.size(), 3u);
  EXPECT_EQ(args[1].data(), in.data() + 4);
  EXPECT_EQ(args[2], "q");
}

TEST(RequestParserTest, TooBigInlineRequest) {
  std::string in(kInlineMaxSize, 'a');
  EXPECT_EQ(Parse(in).error, "");
  in += "a";
  EXPECT_EQ(ErrorOf(in), kErrTooBigInline);
  const std::string at_limit = std::string(kInlineMaxSize, 'a') + "\n";
  EXPECT_EQ(Parse(at_limit).commands, (std::vector<Command>{{std::string(kInlineMaxSize, 'a')}}));
  EXPECT_EQ(ErrorOf(std::string(kInlineMaxSize + 1, 'a') + "\n"), kErrTooBigInline);
}

TEST(RequestParserTest, LongLineIsScannedOnce) {
  // Fed one byte at a time, a rescanning parser would do ~2 billion byte comparisons here.
  std::string line(60000, 'a');
  line += "\r\n";
  EXPECT_EQ(ByteByByte(line).commands.size(), 1u);
}

TEST(RequestParserTest, ErrorResetsParser) {
  RequestParser parser;
  std::vector<std::string_view> args;
  EXPECT_EQ(parser.Parse("*1\r\n$1\r\n", {}, &args).status, ParseStatus::kNeedMore);
  EXPECT_EQ(parser.Parse("*1\r\n$1\r\n", {}, &args).status, ParseStatus::kNeedMore);
  parser.Reset();
  ParseResult r = parser.Parse("PING\r\n", {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(args, (std::vector<std::string_view>{"PING"}));
  r = parser.Parse("*x\r\n", {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kError);
  r = parser.Parse("*1\r\n$1\r\ny\r\n", {}, &args);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(args, (std::vector<std::string_view>{"y"}));
}

// --- Chunking property ---------------------------------------------------------------------

// Random streams built from pieces that are valid, almost valid and garbage, so that every
// state of the parser is entered and every error can end a stream.
std::string RandomStream(std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char kAlphabet[] = "ab \t\r\n\"'\\x4F*$:-0\v\f\0";
  auto random_bytes = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s.push_back(kAlphabet[pick(sizeof(kAlphabet) - 1)]);
    return s;
  };
  std::string s;
  const size_t pieces = 1 + pick(12);
  for (size_t p = 0; p < pieces; ++p) {
    switch (pick(10)) {
      case 0:
      case 1:
      case 2: {
        Command c;
        const size_t n = pick(5);
        for (size_t i = 0; i < n; ++i) {
          c.push_back(pick(8) == 0 ? std::string(pick(3000), 'z') : random_bytes(pick(12)));
        }
        s += Mbulk(c);
        break;
      }
      case 3:
        s += random_bytes(pick(20)) + (pick(2) ? "\r\n" : "\n");
        break;
      case 4:
        s.append("SET k \"").append(random_bytes(pick(8))).append("\" '");
        s.append(random_bytes(pick(4))).append("'\r\n");
        break;
      case 5: {  // a multibulk with one corrupted byte
        std::string m = Mbulk({"SET", random_bytes(pick(6)), random_bytes(pick(6))});
        m[pick(m.size())] = kAlphabet[pick(sizeof(kAlphabet) - 1)];
        s += m;
        break;
      }
      case 6:
        s.append("*").append(std::to_string(static_cast<int64_t>(pick(30)) - 5)).append("\r\n");
        break;
      case 7:
        s.append("$")
            .append(std::to_string(pick(20)))
            .append("\r\n")
            .append(random_bytes(pick(20)));
        break;
      case 8:
        s += random_bytes(pick(40));
        break;
      case 9:
        if (pick(20) == 0) s += std::string(kInlineMaxSize - 10 + pick(20), pick(2) ? 'q' : '1');
        break;
    }
  }
  return s;
}

std::vector<size_t> RandomCuts(std::mt19937_64& rng, size_t size) {
  std::vector<size_t> cuts;
  size_t at = 0;
  // Small steps for small streams; big ones (64 KiB lines) are cut into at most ~100 pieces,
  // since every piece costs the harness a copy of the pending bytes.
  const size_t max_step = 1 + static_cast<size_t>(rng() % std::max<size_t>(64, size / 50));
  while (true) {
    at += 1 + static_cast<size_t>(rng() % max_step);
    if (at >= size) break;
    cuts.push_back(at);
  }
  return cuts;
}

TEST(RequestParserTest, ChunkingDoesNotChangeTheCommands) {
  std::mt19937_64 rng(20240601);
  size_t with_error = 0, with_commands = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string stream = RandomStream(rng);
    ParserLimits limits;
    if (rng() % 4 == 0) limits.authenticated = false;
    if (rng() % 4 == 0) limits.max_bulk_len = static_cast<int64_t>(rng() % 40);
    const Outcome whole = Whole(stream, limits);
    for (int split = 0; split < 4; ++split) {
      const Outcome chunked = Feed(stream, RandomCuts(rng, stream.size()), limits);
      ASSERT_EQ(whole, chunked) << "iteration " << iter;
    }
    if (stream.size() < 4000) {
      ASSERT_EQ(whole, ByteByByte(stream, limits)) << "iteration " << iter;
    }
    with_error += !whole.error.empty();
    with_commands += !whole.commands.empty();
  }
  // The generator must exercise both outcomes, or the property says little.
  EXPECT_GT(with_error, 300u);
  EXPECT_GT(with_commands, 1000u);
}

TEST(RequestParserTest, ValidCommandsRoundTrip) {
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 500; ++iter) {
    std::vector<Command> expected;
    std::string stream;
    const int n = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < n; ++i) {
      Command c;
      const int argc = 1 + static_cast<int>(rng() % 6);
      for (int a = 0; a < argc; ++a) {
        std::string arg(rng() % 100, '\0');
        for (char& ch : arg) ch = static_cast<char>(rng());
        c.push_back(arg);
      }
      stream += Mbulk(c);
      expected.push_back(c);
    }
    const Outcome o = Feed(stream, RandomCuts(rng, stream.size()));
    ASSERT_EQ(o.commands, expected);
    ASSERT_EQ(o.error, "");
    ASSERT_EQ(o.leftover, 0u);
  }
}

}  // namespace
}  // namespace ringkv::resp
