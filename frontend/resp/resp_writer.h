// RespWriter: encodes replies in RESP2 or RESP3, appending to a string the caller owns.
//
// The output is byte for byte what redis-server 7.0 sends for the same reply. RESP3-only types
// degrade for RESP2 peers exactly as Redis degrades them: null -> "$-1" (NullArray -> "*-1"),
// map -> flat array of 2n elements, set and push -> array, double -> bulk string, boolean ->
// integer 1/0, verbatim string -> bulk. Simple strings and errors cannot carry line breaks, so
// '\r' and '\n' in them are sent as spaces. Aggregates are announced with their length; the caller
// then writes exactly that many elements (2n for a map). No allocation beyond growing `out`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::resp {

class RespWriter {
 public:
  explicit RespWriter(std::string* out, int protocol = 2) : out_(out), protocol_(protocol) {}

  void SetProtocol(int p) { protocol_ = p; }
  int protocol() const { return protocol_; }

  void SimpleString(std::string_view s);
  void Error(std::string_view msg);  // the whole line without '-', e.g. "ERR syntax error"
  void Integer(int64_t v);
  void Bulk(std::string_view s);
  void Null();       // RESP2 "$-1", RESP3 "_"
  void NullArray();  // RESP2 "*-1", RESP3 "_"
  void Double(double v);
  // A double already formatted (Redis's addReplyHumanLongDouble): ",text" in RESP3, a bulk in RESP2.
  void DoubleText(std::string_view text);
  void Bool(bool v);
  void Array(int64_t n);
  void Map(int64_t pairs);
  void Set(int64_t n);
  void Push(int64_t n);
  void Verbatim(std::string_view txt);  // RESP3 "=len\r\ntxt:...", RESP2 bulk

 private:
  bool resp3() const { return protocol_ >= 3; }
  // Appends `prefix`, `v` in decimal and "\r\n": every length header and integer goes here.
  void Header(char prefix, int64_t v);
  // Appends `prefix`, `s` with '\r'/'\n' replaced by spaces, and "\r\n".
  void Line(char prefix, std::string_view s);

  std::string* out_;
  int protocol_;
};

}  // namespace ringkv::resp
