// RequestParser: turns the bytes a client sent into commands (argument vectors).
//
// It accepts exactly what redis-server 7.0 accepts and rejects the rest with Redis's error texts
// (protocol_errors.h): RESP multibulk requests ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") and inline
// requests ("GET k\r\n", split like sdssplitargs, with quotes and escapes). Quirks kept on
// purpose: a bulk's trailing two bytes are skipped without being checked, only the '\r' of a
// header line is looked for (the byte after it is skipped unchecked), a NUL byte before a line's
// terminator hides the terminator (Redis searches with strchr), and "*0"/"*-1"/empty inline
// lines are empty commands.
//
// The result depends only on the byte stream, never on how it is cut into reads: a line has to
// end within its first 64 KiB + 1 bytes (Redis's check depends on its 16 KiB read size; this is
// the same rule made deterministic). The parser keeps its progress as offsets from the front of
// the caller's unconsumed bytes, so a big command is scanned once however many reads it takes,
// and the caller may move its buffer between calls. Not thread-safe; one parser per connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv::resp {

struct ParserLimits {
  int64_t max_bulk_len = 512LL * 1024 * 1024;  // proto-max-bulk-len
  // When false (AUTH required and not done): a multibulk count > 10 and a bulk > 16384 bytes are
  // protocol errors ("unauthenticated multibulk length" / "unauthenticated bulk length").
  bool authenticated = true;
};

enum class ParseStatus { kOk, kNeedMore, kError };

struct ParseResult {
  ParseStatus status;
  size_t consumed = 0;  // kOk: bytes at the front of the input that made up the command; else 0
  // kError: the whole error line without '-', e.g. "ERR Protocol error: invalid bulk length".
  // Points to static text or into the parser; valid until the next Parse/Reset call.
  std::string_view error;
};

class RequestParser {
 public:
  RequestParser() = default;
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Parses the next command at the front of `input` (the caller's unconsumed bytes). On kOk,
  // `args` is filled with views into `input` (or into the parser's own storage for inline
  // arguments that needed unquoting); they stay valid until the next Parse/Reset call or until
  // the input changes. An empty command (empty inline line, "*0\r\n", "*-1\r\n") is kOk with no
  // args: the caller skips it, as Redis does. On kNeedMore the caller calls again later with input
  // that starts with the same bytes followed by more. On kError the parser is reset; the caller
  // replies with the error and closes the connection.
  ParseResult Parse(std::string_view input, const ParserLimits& limits,
                    std::vector<std::string_view>* args);

  // After kNeedMore: how many bytes of input the next call should have to make progress
  // (>= input.size() + 1; the end of the bulk being read when inside one), so the caller can size
  // its buffer for a big bulk once. 0 after kOk or kError.
  size_t BytesWanted() const { return wanted_; }

  // Forgets a partially parsed command.
  void Reset();

 private:
  enum class State { kStart, kMultibulkHeader, kBulkHeader, kBulkBody, kInline };

  // Where a line's terminator is: found at an offset, not there yet, or never (line too long).
  struct LineEnd {
    enum Kind { kFound, kNeedMore, kTooBig } kind;
    size_t at = 0;
  };
  LineEnd FindLineEnd(std::string_view input, size_t line_start, char terminator);

  ParseResult ParseMultibulk(std::string_view input, const ParserLimits& limits,
                             std::vector<std::string_view>* args);
  ParseResult ParseInline(std::string_view input, std::vector<std::string_view>* args);
  ParseResult NeedMore(size_t wanted);
  ParseResult Fail(std::string_view error);

  // An argument as offsets, since the input may move between calls.
  struct Span {
    size_t offset;
    size_t length;
    bool in_storage;  // in unquoted_ rather than in the input
  };

  State state_ = State::kStart;
  size_t pos_ = 0;             // offset of the next unparsed byte
  size_t scan_from_ = 0;       // the current line has no terminator before this offset
  bool line_blocked_ = false;  // a NUL precedes the current line's terminator: it never ends
  int64_t bulks_left_ = 0;
  int64_t bulk_len_ = 0;
  size_t wanted_ = 0;
  std::vector<Span> spans_;
  std::string unquoted_;  // inline arguments rebuilt from quotes and escapes
  std::string error_;     // formatted error text
};

}  // namespace ringkv::resp
