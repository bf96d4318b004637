#include "engine/scripting/sandbox.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace ringkv::sandbox {

// Raises the message on top as it is (no position: Redis's readonly error from C has none).
int RaiseTop(lua_State* L) {
  return lua_error(L);
}

// ---- the read-only globals ----

// (proxy, key): the field of the table it stands for, or Redis's error for a missing one. The
// table is the closure's upvalue, or for the globals the current kGlobalsSource.
int GlobalsIndex(lua_State* L) {
  if (lua_istable(L, lua_upvalueindex(1)))
    lua_pushvalue(L, lua_upvalueindex(1));
  else
    lua_getfield(L, LUA_REGISTRYINDEX, kGlobalsSource);
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  if (!lua_isnil(L, -1)) return 1;
  if (!lua_isstring(L, 2)) return 1;  // a non-string key reads nil, as Redis's type check
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                    lua_tostring(L, 2));
}

int ReadonlyNewIndex(lua_State* L) {
  return luaL_error(L, kReadonlyError);
}

bool IsReadonly(lua_State* L, int idx) {
  if (!lua_istable(L, idx)) return false;
  lua_getfield(L, LUA_REGISTRYINDEX, kReadonlySet);
  lua_pushvalue(L, idx);
  lua_rawget(L, -2);
  bool ro = !lua_isnil(L, -1);
  lua_pop(L, 2);
  return ro;
}

// Pushes a read-only proxy of the table at `idx`: reads go to it (through `index` if given,
// which gets the table as upvalue when `bind`), writes fail, the metatable is hidden.
void PushProxy(lua_State* L, int idx, lua_CFunction index, bool bind) {
  idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
  lua_newtable(L);  // the proxy
  lua_newtable(L);  // its metatable
  if (index != nullptr) {
    if (bind) lua_pushvalue(L, idx);
    lua_pushcclosure(L, index, bind ? 1 : 0);
  } else {
    lua_pushvalue(L, idx);
  }
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadonlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_getfield(L, LUA_REGISTRYINDEX, kReadonlySet);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, idx);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

// next() and pairs() see through a proxy to its table (pairs(_G) lists the globals, as Redis)
// without handing that table to the script.
int SafeNext(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  lua_getfield(L, LUA_REGISTRYINDEX, kReadonlySet);
  lua_pushvalue(L, 1);
  lua_rawget(L, -2);
  if (lua_istable(L, -1))
    lua_replace(L, 1);
  else
    lua_pop(L, 1);
  lua_settop(L, 2);
  if (lua_next(L, 1)) return 2;
  lua_pushnil(L);
  return 1;
}

int SafePairs(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushcfunction(L, SafeNext);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

int SafeRawset(lua_State* L) {
  if (IsReadonly(L, 1)) {
    lua_pushstring(L, kReadonlyError);
    return RaiseTop(L);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// ---- loading code: text only ----

// The chunk id Lua 5.1 prints for a string chunk (luaO_chunkid): [string "first line..."].
void PushChunkId(lua_State* L, const char* source) {
  if (*source == '=' || *source == '@') {
    lua_pushlstring(L, source + 1, std::min<size_t>(std::strlen(source + 1), LUA_IDSIZE - 1));
    return;
  }
  size_t len = std::strcspn(source, "\n\r");
  size_t max = LUA_IDSIZE - sizeof(" [string \"...\"] ");
  if (len > max) len = max;
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "[string \"");
  luaL_addlstring(&b, source, len);
  if (source[len] != '\0') luaL_addstring(&b, "...");
  luaL_addstring(&b, "\"]");
  luaL_pushresult(&b);
}

// Loads a chunk, refusing bytecode (precompiled chunks can break out of the VM) with the error
// Redis's patched parser gives. Returns the function, or nil and the message.
int LoadText(lua_State* L, const char* s, size_t len, const char* chunkname) {
  if (len > 0 && s[0] == LUA_SIGNATURE[0]) {
    lua_pushnil(L);
    PushChunkId(L, chunkname);
    lua_pushliteral(L, ":1: unexpected symbol near 'char(27)'");
    lua_concat(L, 2);
    return 2;
  }
  if (luaL_loadbuffer(L, s, len, chunkname) == 0) return 1;
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

int SafeLoadstring(lua_State* L) {
  size_t len = 0;
  const char* s = luaL_checklstring(L, 1, &len);
  const char* chunkname = luaL_optstring(L, 2, s);
  return LoadText(L, s, len, chunkname);
}

// load(func [, chunkname]): the pieces are gathered first so the bytecode check sees them.
int SafeLoad(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  const char* chunkname = luaL_optstring(L, 2, "=(load)");
  lua_settop(L, 2);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  while (true) {
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      break;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "reader function must return a string");
    if (lua_objlen(L, -1) == 0) {
      lua_pop(L, 1);
      break;
    }
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  size_t len = 0;
  const char* s = lua_tolstring(L, -1, &len);
  return LoadText(L, s, len, chunkname);
}

// unpack() with the range computed without signed overflow: Lua 5.1's `e - i + 1` overflows
// for unpack({}, -2^31, 2^31-1), and the optimizer drops its `n <= 0` check (Redis's fix of
// CVE-2025-46817).
int SafeUnpack(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int i = luaL_optint(L, 2, 1);
  int e = luaL_opt(L, luaL_checkint, 3, luaL_getn(L, 1));
  if (i > e) return 0;
  unsigned n = static_cast<unsigned>(e) - static_cast<unsigned>(i);  // elements - 1
  if (n >= static_cast<unsigned>(INT32_MAX) || !lua_checkstack(L, static_cast<int>(++n))) {
    return luaL_error(L, "too many results to unpack");
  }
  for (unsigned k = 0; k < n; k++) {
    lua_rawgeti(L, 1, static_cast<int>(static_cast<unsigned>(i) + k));
  }
  return static_cast<int>(n);
}

// Redis 7's pcall: an error that is a {err=...} table is returned as its message.
int RedisStylePcall(lua_State* L) {
  int argc = lua_gettop(L);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  if (lua_pcall(L, argc - 1, LUA_MULTRET, 0) != 0) {
    lua_remove(L, 1);
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      if (lua_isstring(L, -1))
        lua_replace(L, -2);
      else
        lua_pop(L, 1);
    }
    lua_pushboolean(L, 0);
    lua_insert(L, 1);
  }
  return lua_gettop(L);
}

// ---- bit.tohex without the INT32_MIN overflow ----

uint32_t ToBits(lua_State* L, int idx) {
  // LuaBitOp's conversion: the number modulo 2^32.
  union {
    lua_Number n;
    uint64_t b;
  } bn;
  bn.n = luaL_checknumber(L, idx) + 6755399441055744.0;  // 2^52 + 2^51
  return static_cast<uint32_t>(bn.b);
}

int BitToHex(lua_State* L) {
  uint32_t b = ToBits(L, 1);
  int32_t n = lua_isnone(L, 2) ? 8 : static_cast<int32_t>(ToBits(L, 2));
  if (n == INT32_MIN) n = INT32_MIN + 1;  // -n would overflow (Redis's fix of LuaBitOp)
  const char* digits = "0123456789abcdef";
  if (n < 0) {
    n = -n;
    digits = "0123456789ABCDEF";
  }
  if (n > 8) n = 8;
  char buf[8];
  for (int i = n; --i >= 0;) {
    buf[i] = digits[b & 15];
    b >>= 4;
  }
  lua_pushlstring(L, buf, static_cast<size_t>(n));
  return 1;
}

}  // namespace ringkv::sandbox
