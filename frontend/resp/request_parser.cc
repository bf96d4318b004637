#include "frontend/resp/request_parser.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "frontend/resp/protocol_errors.h"

namespace ringkv::resp {
namespace {

// Redis's string2ll: optional '-', no '+', no leading zeros, no spaces, at most 20 characters.
bool ParseLongLong(const char* s, size_t n, int64_t* out) {
  if (n == 0 || n >= 21) return false;
  if (n == 1 && s[0] == '0') {
    *out = 0;
    return true;
  }
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    if (++i == n) return false;
  }
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = static_cast<uint64_t>(s[i++] - '0');
  for (; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    if (v > UINT64_MAX / 10) return false;
    v *= 10;
    if (v > UINT64_MAX - digit) return false;
    v += digit;
  }
  if (negative) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(0 - v);  // modular conversion, defined in C++20
  } else {
    if (v > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

// isspace() in the C locale, which is the one Redis runs sdssplitargs under.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

struct InlineToken {
  size_t offset;
  size_t length;
  bool in_storage;
};

// Splits an inline request line the way sdssplitargs does. Redis hands it a C string, so the
// end of `line` reads as '\0' (the caller guarantees the line holds no NUL). Tokens without
// quotes are ranges of `line`; a token that contains quotes is rebuilt in `storage`. Returns
// false on unbalanced quotes, or a closing quote followed by something other than a space.
template <typename Emit>
bool SplitInline(std::string_view line, std::string* storage, Emit&& emit) {
  const size_t n = line.size();
  auto at = [&](size_t i) -> char { return i < n ? line[i] : '\0'; };
  size_t i = 0;
  while (true) {
    while (at(i) != '\0' && IsSpace(at(i))) ++i;
    if (at(i) == '\0') return true;

    const size_t start = i;
    size_t end = i;
    bool in_storage = false;
    size_t storage_start = 0;
    auto to_storage = [&] {
      if (in_storage) return;
      in_storage = true;
      storage_start = storage->size();
      storage->append(line.data() + start, i - start);
    };
    bool in_double = false, in_single = false, done = false;
    while (!done) {
      const char c = at(i);
      if (in_double) {
        if (c == '\\' && at(i + 1) == 'x' && IsHexDigit(at(i + 2)) && IsHexDigit(at(i + 3))) {
          storage->push_back(static_cast<char>(HexValue(at(i + 2)) * 16 + HexValue(at(i + 3))));
          i += 3;
        } else if (c == '\\' && at(i + 1) != '\0') {
          ++i;
          char e = line[i];
          switch (e) {
            case 'n':
              e = '\n';
              break;
            case 'r':
              e = '\r';
              break;
            case 't':
              e = '\t';
              break;
            case 'b':
              e = '\b';
              break;
            case 'a':
              e = '\a';
              break;
            default:
              break;
          }
          storage->push_back(e);
        } else if (c == '"') {
          if (at(i + 1) != '\0' && !IsSpace(at(i + 1))) return false;
          done = true;
        } else if (c == '\0') {
          return false;  // unterminated quotes
        } else {
          storage->push_back(c);
        }
      } else if (in_single) {
        if (c == '\\' && at(i + 1) == '\'') {
          ++i;
          storage->push_back('\'');
        } else if (c == '\'') {
          if (at(i + 1) != '\0' && !IsSpace(at(i + 1))) return false;
          done = true;
        } else if (c == '\0') {
          return false;
        } else {
          storage->push_back(c);
        }
      } else {
        switch (c) {
          // Not isspace(): a '\v' or '\f' inside an unquoted token is part of it, as in Redis.
          case ' ':
          case '\n':
          case '\r':
          case '\t':
          case '\0':
            end = i;
            done = true;
            break;
          case '"':
            to_storage();
            in_double = true;
            break;
          case '\'':
            to_storage();
            in_single = true;
            break;
          default:
            if (in_storage) storage->push_back(c);
            break;
        }
      }
      if (at(i) != '\0') ++i;
    }
    if (in_storage) {
      emit(InlineToken{storage_start, storage->size() - storage_start, true});
    } else {
      emit(InlineToken{start, end - start, false});
    }
  }
}

}  // namespace

void RequestParser::Reset() {
  state_ = State::kStart;
  pos_ = 0;
  scan_from_ = 0;
  line_blocked_ = false;
  bulks_left_ = 0;
  bulk_len_ = 0;
  wanted_ = 0;
  spans_.clear();
}

ParseResult RequestParser::NeedMore(size_t wanted) {
  wanted_ = wanted;
  return ParseResult{ParseStatus::kNeedMore, 0, {}};
}

ParseResult RequestParser::Fail(std::string_view error) {
  Reset();
  return ParseResult{ParseStatus::kError, 0, error};
}

// Looks for `terminator` in the line starting at `line_start`, resuming where the last call
// stopped. Like Redis's strchr, a NUL before the terminator hides it. Only the first
// kInlineMaxSize + 1 bytes of a line are searched, so the outcome does not depend on how the
// bytes were split into reads.
RequestParser::LineEnd RequestParser::FindLineEnd(std::string_view input, size_t line_start,
                                                  char terminator) {
  const char* data = input.data();
  const size_t window_end = std::min(input.size(), line_start + kInlineMaxSize + 1);
  size_t from = std::max(scan_from_, line_start);
  if (!line_blocked_ && from < window_end) {
    // Header lines are a few bytes long: one pass looking for both bytes beats two memchr calls.
    const size_t short_end = std::min(window_end, from + 32);
    for (; from < short_end; ++from) {
      if (data[from] == terminator) {
        scan_from_ = from;
        return LineEnd{LineEnd::kFound, from};
      }
      if (data[from] == '\0') {
        line_blocked_ = true;
        break;
      }
    }
  }
  if (!line_blocked_ && from < window_end) {
    const void* hit = std::memchr(data + from, terminator, window_end - from);
    const size_t stop =
        hit ? static_cast<size_t>(static_cast<const char*>(hit) - data) : window_end;
    if (std::memchr(data + from, '\0', stop - from) != nullptr) {
      line_blocked_ = true;
    } else if (hit) {
      scan_from_ = stop;
      return LineEnd{LineEnd::kFound, stop};
    } else {
      scan_from_ = window_end;
    }
  } else if (!line_blocked_) {
    scan_from_ = from;
  }
  if (input.size() - line_start > kInlineMaxSize) return LineEnd{LineEnd::kTooBig};
  return LineEnd{LineEnd::kNeedMore};
}

ParseResult RequestParser::Parse(std::string_view input, const ParserLimits& limits,
                                 std::vector<std::string_view>* args) {
  args->clear();
  wanted_ = 0;
  if (state_ == State::kStart) {
    if (input.empty()) return NeedMore(1);
    state_ = input[0] == '*' ? State::kMultibulkHeader : State::kInline;
  }
  if (state_ == State::kInline) return ParseInline(input, args);
  return ParseMultibulk(input, limits, args);
}

ParseResult RequestParser::ParseInline(std::string_view input,
                                       std::vector<std::string_view>* args) {
  const LineEnd end = FindLineEnd(input, 0, '\n');
  if (end.kind == LineEnd::kTooBig) return Fail(kErrTooBigInline);
  if (end.kind == LineEnd::kNeedMore) return NeedMore(input.size() + 1);

  size_t line_len = end.at;
  if (line_len > 0 && input[line_len - 1] == '\r') --line_len;
  unquoted_.clear();
  spans_.clear();
  const bool balanced = SplitInline(input.substr(0, line_len), &unquoted_, [&](InlineToken t) {
    spans_.push_back(Span{t.offset, t.length, t.in_storage});
  });
  if (!balanced) return Fail(kErrUnbalancedQuotes);
  for (const Span& s : spans_) {
    const char* base = s.in_storage ? unquoted_.data() : input.data();
    args->emplace_back(base + s.offset, s.length);
  }
  const size_t consumed = end.at + 1;
  Reset();
  return ParseResult{ParseStatus::kOk, consumed, {}};
}

ParseResult RequestParser::ParseMultibulk(std::string_view input, const ParserLimits& limits,
                                          std::vector<std::string_view>* args) {
  const char* data = input.data();
  if (state_ == State::kMultibulkHeader) {
    const LineEnd end = FindLineEnd(input, 0, '\r');
    if (end.kind == LineEnd::kTooBig) return Fail(kErrTooBigMbulkCount);
    // Redis needs one byte after the '\r' and skips it without looking at it.
    if (end.kind == LineEnd::kNeedMore || end.at + 1 >= input.size()) {
      return NeedMore(input.size() + 1);
    }
    int64_t count;
    if (!ParseLongLong(data + 1, end.at - 1, &count) || count > INT_MAX) {
      return Fail(kErrInvalidMultibulkLength);
    }
    if (count > kUnauthMaxMultibulkLen && !limits.authenticated) {
      return Fail(kErrUnauthMultibulkLength);
    }
    pos_ = end.at + 2;
    if (count <= 0) {
      const size_t consumed = pos_;
      Reset();
      return ParseResult{ParseStatus::kOk, consumed, {}};
    }
    bulks_left_ = count;
    spans_.clear();
    // The count is untrusted: grow with the bulks that actually arrive, as Redis does.
    spans_.reserve(static_cast<size_t>(std::min<int64_t>(count, 1024)));
    state_ = State::kBulkHeader;
  }

  while (bulks_left_ > 0) {
    if (state_ == State::kBulkHeader) {
      const LineEnd end = FindLineEnd(input, pos_, '\r');
      if (end.kind == LineEnd::kTooBig) return Fail(kErrTooBigBulkCount);
      if (end.kind == LineEnd::kNeedMore || end.at + 1 >= input.size()) {
        return NeedMore(input.size() + 1);
      }
      if (data[pos_] != '$') {
        // addReplyErrorFormat turns '\r' and '\n' into spaces to keep the reply one line.
        const char got = data[pos_] == '\r' || data[pos_] == '\n' ? ' ' : data[pos_];
        error_.assign(kErrExpectedDollarPrefix);
        error_.push_back(got);
        error_.push_back('\'');
        return Fail(error_);
      }
      int64_t len;
      if (!ParseLongLong(data + pos_ + 1, end.at - pos_ - 1, &len) || len < 0 ||
          len > limits.max_bulk_len) {
        return Fail(kErrInvalidBulkLength);
      }
      if (len > kUnauthMaxBulkLen && !limits.authenticated) return Fail(kErrUnauthBulkLength);
      pos_ = end.at + 2;
      bulk_len_ = len;
      state_ = State::kBulkBody;
    }
    // The bulk and the two bytes after it (meant to be "\r\n"; Redis does not check them).
    const size_t bulk_end = pos_ + static_cast<size_t>(bulk_len_) + 2;
    if (input.size() < bulk_end) return NeedMore(bulk_end);
    spans_.push_back(Span{pos_, static_cast<size_t>(bulk_len_), false});
    pos_ = bulk_end;
    --bulks_left_;
    state_ = State::kBulkHeader;
  }

  for (const Span& s : spans_) args->emplace_back(data + s.offset, s.length);
  const size_t consumed = pos_;
  Reset();
  return ParseResult{ParseStatus::kOk, consumed, {}};
}

}  // namespace ringkv::resp
