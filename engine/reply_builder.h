// ReplyBuilder: how the engine answers a command without knowing the wire format.
//
// Command handlers write their reply through this interface; the frontend implements it over the
// RESP encoder (RESP2 or RESP3, per connection), tests implement it by recording a value tree.
// Aggregates are announced with their length first and followed by exactly that many elements
// (a map of n pairs is followed by 2n elements). RESP3-only shapes degrade as Redis degrades them
// for RESP2 clients: a map becomes a flat array, a set an array, a double a bulk string, a boolean
// an integer, a null a null bulk (or null array for SendNullArray).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv {

class ReplyBuilder {
 public:
  virtual ~ReplyBuilder() = default;

  virtual void SimpleString(std::string_view s) = 0;  // +OK
  // `msg` is the whole error line without the leading '-', e.g. "ERR syntax error". Errors are
  // counted here (INFO errorstats, failed_calls) whatever the wire format.
  void Error(std::string_view msg) {
    errors_++;
    last_error_.assign(msg);  // a copy: handlers often pass a temporary string
    WriteError(msg);
  }
  virtual void Integer(int64_t v) = 0;
  virtual void Bulk(std::string_view s) = 0;
  virtual void Null() = 0;       // RESP2 $-1, RESP3 _
  virtual void NullArray() = 0;  // RESP2 *-1, RESP3 _
  virtual void Double(double v) = 0;
  // A double sent with the text the command chose (Redis's addReplyHumanLongDouble, GEOPOS): a
  // RESP3 double or a RESP2 bulk carrying exactly `text`. Builders that do not write RESP may
  // keep the default, which loses only the RESP3 text.
  virtual void DoubleText(double v, std::string_view text) {
    if (Protocol() == 2) Bulk(text);
    else Double(v);
  }
  virtual void Bool(bool v) = 0;
  virtual void Array(int64_t n) = 0;
  virtual void Map(int64_t pairs) = 0;
  virtual void Set(int64_t n) = 0;
  virtual void Push(int64_t n) = 0;
  // RESP3 verbatim string ("txt"); RESP2 bulk.
  virtual void Verbatim(std::string_view s) = 0;
  // Which protocol the peer speaks (2 or 3); a few commands reply differently by version.
  virtual int Protocol() const = 0;

  void Ok() { SimpleString("OK"); }

  uint64_t error_count() const { return errors_; }
  // The last error written.
  std::string_view last_error() const { return last_error_; }

 protected:
  virtual void WriteError(std::string_view msg) = 0;

 private:
  uint64_t errors_ = 0;
  std::string last_error_;
};

}  // namespace ringkv
