// Conversion between command replies and Lua values, as Redis 7.0's script_lua.c.
//
// LuaReplyBuilder is the ReplyBuilder a script's redis.call/pcall hands to a command: it builds
// the Lua value on the Lua stack as the command writes its reply (no RESP re-parse). With the
// script's protocol at 2 (the default), RESP3 shapes degrade as for a RESP2 client first (a map
// is a flat array, a double a string, a boolean 1/0); then integer -> number, bulk -> string,
// null bulk / null array -> false, status -> {ok=...}, error -> {err=...}, array -> table. At 3
// (redis.setresp(3)): map -> {map={k=v}}, set -> {set={m=true}}, double -> {double=n},
// boolean -> boolean, null -> nil, verbatim -> {verbatim_string={format=..., string=...}}.
//
// LuaToReply writes the value on top of the stack as a reply (and pops it): string -> bulk,
// number -> integer (truncated), boolean -> 1 / null (script RESP 2) or a boolean (RESP 3),
// table -> {err=} error, {ok=} status, {double=}, {big_number=}, {verbatim_string=}, {map=},
// {set=}, else an array of t[1], t[2]... up to the first nil; anything else -> null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/reply_builder.h"

struct lua_State;

namespace ringkv {

// Pushes Redis's error table {err="CODE msg"}: `error` is "-CODE msg" or a bare message (which
// gets the "ERR" code), as luaPushErrorBuff.
void PushLuaError(lua_State* L, std::string_view error);

class LuaReplyBuilder final : public ReplyBuilder {
 public:
  // `script_resp` is the script's protocol (redis.setresp), 2 or 3.
  LuaReplyBuilder(lua_State* L, int script_resp) : L_(L), resp_(script_resp) {}

  void SimpleString(std::string_view s) override;
  void Integer(int64_t v) override;
  void Bulk(std::string_view s) override;
  void Null() override;
  void NullArray() override;
  void Double(double v) override;
  void Bool(bool v) override;
  void Array(int64_t n) override;
  void Map(int64_t pairs) override;
  void Set(int64_t n) override;
  void Push(int64_t n) override;
  void Verbatim(std::string_view s) override;
  int Protocol() const override { return resp_; }

  // How many complete top-level values were pushed (a command writes exactly one).
  int values() const { return values_; }
  // The top-level value is an error reply (redis.call raises it).
  bool top_is_error() const { return top_is_error_; }

 protected:
  void WriteError(std::string_view msg) override;

 private:
  enum class Kind { kArray, kMap, kSet };
  struct Frame {
    Kind kind;
    int64_t remaining;  // elements still expected (a map counts keys and values)
    int64_t next_index = 1;
    const char* wrapper = nullptr;  // RESP3 map/set: the field of the outer table
  };
  void Open(Kind kind, int64_t n, const char* wrapper);
  // A value was pushed: store it in the open aggregate, closing the ones it completes.
  void Placed();
  void Reserve(int n);

  lua_State* L_;
  int resp_;
  std::vector<Frame> frames_;
  int values_ = 0;
  bool top_is_error_ = false;
};

// Writes the Lua value on top of the stack to `out` and pops it. `script_resp` is the script's
// protocol (redis.setresp), which decides how booleans are returned.
void LuaToReply(lua_State* L, ReplyBuilder& out, int script_resp);

}  // namespace ringkv
