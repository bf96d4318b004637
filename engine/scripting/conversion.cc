#include "engine/scripting/conversion.h"

#include <cmath>
#include <cstdio>
#include <lua5.1/lua.hpp>

namespace ringkv {

namespace {

// Redis's addReplyDouble text: "inf"/"-inf", otherwise "%.17g".
std::string RespDoubleText(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  int len = std::snprintf(buf, sizeof(buf), "%.17g", v);
  return std::string(buf, static_cast<size_t>(len));
}

// Replies cannot carry CR or LF inside a status or error line: Redis maps them to spaces.
std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

}  // namespace

void PushLuaError(lua_State* L, std::string_view error) {
  std::string code = "ERR";
  std::string_view msg = error;
  if (!error.empty() && error[0] == '-') {
    size_t space = error.find(' ');
    if (space == std::string_view::npos) {
      msg = error.substr(1);
    } else {
      code.assign(error.substr(1, space - 1));
      msg = error.substr(space + 1);
    }
  }
  // Trailing (and leading) CR/LF trimmed, as sdstrim(msg, "\r\n").
  while (!msg.empty() && (msg.back() == '\r' || msg.back() == '\n')) msg.remove_suffix(1);
  while (!msg.empty() && (msg.front() == '\r' || msg.front() == '\n')) msg.remove_prefix(1);
  std::string full = code + " " + std::string(msg);
  lua_newtable(L);
  lua_pushlstring(L, full.data(), full.size());
  lua_setfield(L, -2, "err");
}

void LuaReplyBuilder::Reserve(int n) {
  // The stack grows with a reply's nesting only (a few levels for any command). No Lua error may
  // be raised here: it would longjmp over the command's C++ frames.
  lua_checkstack(L_, n);
}

void LuaReplyBuilder::Placed() {
  while (true) {
    if (frames_.empty()) {
      values_++;
      return;
    }
    Frame& f = frames_.back();
    switch (f.kind) {
      case Kind::kArray:
        lua_rawseti(L_, -2, static_cast<int>(f.next_index++));
        break;
      case Kind::kMap:
        // Keys stay on the stack until their value arrives.
        if ((f.remaining & 1) == 1) lua_settable(L_, -3);
        break;
      case Kind::kSet:
        lua_pushboolean(L_, 1);
        lua_settable(L_, -3);
        break;
    }
    if (--f.remaining > 0) return;
    // The aggregate is complete: it becomes a value of its own parent.
    const char* wrapper = f.wrapper;
    frames_.pop_back();
    if (wrapper != nullptr) lua_setfield(L_, -2, wrapper);  // inner -> outer[wrapper]
  }
}

void LuaReplyBuilder::Open(Kind kind, int64_t n, const char* wrapper) {
  Reserve(4);
  if (wrapper != nullptr) lua_newtable(L_);
  lua_newtable(L_);
  int64_t elements = kind == Kind::kMap ? 2 * n : n;
  if (elements <= 0) {
    if (wrapper != nullptr) lua_setfield(L_, -2, wrapper);
    return Placed();
  }
  frames_.push_back({kind, elements, 1, wrapper});
}

void LuaReplyBuilder::SimpleString(std::string_view s) {
  Reserve(3);
  lua_newtable(L_);
  lua_pushlstring(L_, s.data(), s.size());
  lua_setfield(L_, -2, "ok");
  Placed();
}

void LuaReplyBuilder::WriteError(std::string_view msg) {
  Reserve(3);
  PushLuaError(L_, "-" + std::string(msg));
  // Counted when the command wrote it; the script's own error reply must not count it again.
  lua_pushboolean(L_, 1);
  lua_setfield(L_, -2, "ignore_error_stats_update");
  if (frames_.empty()) top_is_error_ = true;
  Placed();
}

void LuaReplyBuilder::Integer(int64_t v) {
  Reserve(1);
  lua_pushnumber(L_, static_cast<lua_Number>(v));
  Placed();
}

void LuaReplyBuilder::Bulk(std::string_view s) {
  Reserve(1);
  lua_pushlstring(L_, s.data(), s.size());
  Placed();
}

void LuaReplyBuilder::Null() {
  Reserve(1);
  if (resp_ == 3)
    lua_pushnil(L_);
  else
    lua_pushboolean(L_, 0);
  Placed();
}

void LuaReplyBuilder::NullArray() {
  Null();
}

void LuaReplyBuilder::Double(double v) {
  if (resp_ == 2) return Bulk(RespDoubleText(v));
  Reserve(3);
  lua_newtable(L_);
  lua_pushnumber(L_, v);
  lua_setfield(L_, -2, "double");
  Placed();
}

void LuaReplyBuilder::Bool(bool v) {
  if (resp_ == 2) return Integer(v ? 1 : 0);
  Reserve(1);
  lua_pushboolean(L_, v ? 1 : 0);
  Placed();
}

void LuaReplyBuilder::Array(int64_t n) {
  Open(Kind::kArray, n, nullptr);
}
void LuaReplyBuilder::Push(int64_t n) {
  Open(Kind::kArray, n, nullptr);
}

void LuaReplyBuilder::Map(int64_t pairs) {
  if (resp_ == 2) return Open(Kind::kArray, 2 * pairs, nullptr);
  Open(Kind::kMap, pairs, "map");
}

void LuaReplyBuilder::Set(int64_t n) {
  if (resp_ == 2) return Open(Kind::kArray, n, nullptr);
  Open(Kind::kSet, n, "set");
}

void LuaReplyBuilder::Verbatim(std::string_view s) {
  if (resp_ == 2) return Bulk(s);
  Reserve(4);
  lua_newtable(L_);
  lua_newtable(L_);
  lua_pushlstring(L_, s.data(), s.size());
  lua_setfield(L_, -2, "string");
  lua_pushliteral(L_, "txt");
  lua_setfield(L_, -2, "format");
  lua_setfield(L_, -2, "verbatim_string");
  Placed();
}

namespace {

// t[field] of the table on top, raw (a metamethod must not run outside protected mode); pushed.
int RawField(lua_State* L, const char* field) {
  lua_pushstring(L, field);
  lua_rawget(L, -2);
  return lua_type(L, -1);
}

// t[field] of the table on top when it is a string, as one line (CR and LF become spaces, as
// Redis sanitizes status and error lines); the stack is left as it was.
bool StringField(lua_State* L, const char* field, std::string* out) {
  bool is_string = RawField(L, field) == LUA_TSTRING;
  if (is_string) *out = OneLine(lua_tostring(L, -1));
  lua_pop(L, 1);
  return is_string;
}

void TableToReply(lua_State* L, ReplyBuilder& out, int script_resp) {
  std::string text;
  if (StringField(L, "err", &text)) return out.Error(text);
  if (StringField(L, "ok", &text)) return out.SimpleString(text);
  if (RawField(L, "double") == LUA_TNUMBER) {
    double d = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return out.Double(d);
  }
  lua_pop(L, 1);
  // No big-number reply in the ReplyBuilder: RESP2's degraded form (a bulk string) for all.
  if (StringField(L, "big_number", &text)) return out.Bulk(text);
  if (RawField(L, "verbatim_string") == LUA_TTABLE) {
    int ft = RawField(L, "format");
    lua_pop(L, 1);
    if (ft == LUA_TSTRING && RawField(L, "string") == LUA_TSTRING) {
      size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      out.Verbatim(std::string_view(s, len));
      lua_pop(L, 2);
      return;
    }
    if (ft == LUA_TSTRING) lua_pop(L, 1);
  }
  lua_pop(L, 1);
  for (const char* agg : {"map", "set"}) {
    if (RawField(L, agg) == LUA_TTABLE) {
      bool is_map = agg[0] == 'm';
      int64_t n = 0;
      lua_pushnil(L);
      while (lua_next(L, -2)) {
        lua_pop(L, 1);
        n++;
      }
      if (is_map)
        out.Map(n);
      else
        out.Set(n);
      lua_pushnil(L);
      while (lua_next(L, -2)) {  // stack: table, key, value
        if (is_map) {
          lua_pushvalue(L, -2);
          LuaToReply(L, out, script_resp);  // the key
          LuaToReply(L, out, script_resp);  // the value
        } else {
          lua_pop(L, 1);
          lua_pushvalue(L, -1);
          LuaToReply(L, out, script_resp);
        }
      }
      lua_pop(L, 1);
      return;
    }
    lua_pop(L, 1);
  }
  // An array: t[1], t[2]... up to the first nil.
  int64_t n = 0;
  while (true) {
    lua_rawgeti(L, -1, static_cast<int>(n + 1));
    bool nil = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (nil) break;
    n++;
  }
  out.Array(n);
  for (int64_t j = 1; j <= n; j++) {
    lua_rawgeti(L, -1, static_cast<int>(j));
    LuaToReply(L, out, script_resp);
  }
}

}  // namespace

void LuaToReply(lua_State* L, ReplyBuilder& out, int script_resp) {
  // A map needs four slots; a table nested deeper than the Lua stack allows ends here.
  if (!lua_checkstack(L, 4)) {
    out.Error("ERR reached lua stack limit");
    lua_pop(L, 1);
    return;
  }
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      out.Bulk(std::string_view(s, len));
      break;
    }
    case LUA_TBOOLEAN:
      if (script_resp == 2) {
        if (lua_toboolean(L, -1))
          out.Integer(1);
        else
          out.Null();
      } else {
        out.Bool(lua_toboolean(L, -1) != 0);
      }
      break;
    case LUA_TNUMBER: {
      // Truncated as C's (long long) cast; out-of-range values are clamped instead of undefined.
      double d = lua_tonumber(L, -1);
      int64_t v = 0;
      if (std::isnan(d))
        v = INT64_MIN;
      else if (d >= 9223372036854775807.0)
        v = INT64_MIN;
      else if (d < -9223372036854775808.0)
        v = INT64_MIN;
      else
        v = static_cast<int64_t>(d);
      out.Integer(v);
      break;
    }
    case LUA_TTABLE:
      TableToReply(L, out, script_resp);
      break;
    default:
      out.Null();
  }
  lua_pop(L, 1);
}

}  // namespace ringkv
