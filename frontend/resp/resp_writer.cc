#include "frontend/resp/resp_writer.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace ringkv::resp {
namespace {

// Writes the decimal digits of `v` ending just before `end`; returns where they start.
// Integers and length headers are the bulk of most replies, so no snprintf here.
char* FormatDecimal(int64_t v, char* end) {
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  char* p = end;
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) *--p = '-';
  return p;
}

}  // namespace

void RespWriter::Header(char prefix, int64_t v) {
  char buf[24];  // prefix, sign, 19 digits, "\r\n"
  char* end = buf + sizeof(buf);
  *--end = '\n';
  *--end = '\r';
  char* p = FormatDecimal(v, end);
  *--p = prefix;
  out_->append(p, static_cast<size_t>(buf + sizeof(buf) - p));
}

void RespWriter::Line(char prefix, std::string_view s) {
  const size_t at = out_->size();
  out_->push_back(prefix);
  out_->append(s);
  if (s.find_first_of("\r\n") != std::string_view::npos) {
    for (size_t i = at + 1; i < out_->size(); ++i) {
      char& c = (*out_)[i];
      if (c == '\r' || c == '\n') c = ' ';
    }
  }
  out_->append("\r\n", 2);
}

void RespWriter::SimpleString(std::string_view s) {
  Line('+', s);
}

void RespWriter::Error(std::string_view msg) {
  Line('-', msg);
}

void RespWriter::Integer(int64_t v) {
  Header(':', v);
}

void RespWriter::Bulk(std::string_view s) {
  Header('$', static_cast<int64_t>(s.size()));
  out_->append(s);
  out_->append("\r\n", 2);
}

void RespWriter::Null() {
  if (resp3()) {
    out_->append("_\r\n", 3);
  } else {
    out_->append("$-1\r\n", 5);
  }
}

void RespWriter::NullArray() {
  if (resp3()) {
    out_->append("_\r\n", 3);
  } else {
    out_->append("*-1\r\n", 5);
  }
}

// Redis 7.0 addReplyDouble: infinities spelled "inf"/"-inf" explicitly; everything else,
// NaN included, is printf's "%.17g" (so 0.1 is "0.10000000000000001", NaN "nan" or "-nan").
void RespWriter::Double(double v) {
  char buf[64];
  int len;
  if (std::isinf(v)) {
    len = v > 0 ? 3 : 4;
    std::memcpy(buf, v > 0 ? "inf" : "-inf", static_cast<size_t>(len));
  } else {
    len = std::snprintf(buf, sizeof(buf), "%.17g", v);
  }
  DoubleText(std::string_view(buf, static_cast<size_t>(len)));
}

void RespWriter::DoubleText(std::string_view text) {
  if (resp3()) {
    out_->push_back(',');
    out_->append(text);
    out_->append("\r\n", 2);
  } else {
    Bulk(text);
  }
}

void RespWriter::Bool(bool v) {
  if (resp3()) {
    out_->append(v ? "#t\r\n" : "#f\r\n", 4);
  } else {
    out_->append(v ? ":1\r\n" : ":0\r\n", 4);
  }
}

void RespWriter::Array(int64_t n) {
  Header('*', n);
}

void RespWriter::Map(int64_t pairs) {
  if (resp3()) {
    Header('%', pairs);
  } else {
    Header('*', pairs * 2);
  }
}

void RespWriter::Set(int64_t n) {
  Header(resp3() ? '~' : '*', n);
}

void RespWriter::Push(int64_t n) {
  Header(resp3() ? '>' : '*', n);
}

void RespWriter::Verbatim(std::string_view txt) {
  if (!resp3()) {
    Bulk(txt);
    return;
  }
  Header('=', static_cast<int64_t>(txt.size() + 4));
  out_->append("txt:", 4);
  out_->append(txt);
  out_->append("\r\n", 2);
}

}  // namespace ringkv::resp
