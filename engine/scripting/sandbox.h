// The sandbox pieces of LuaState (engine/scripting/lua_state.h): read-only proxies of the global
// and library tables, and the builtins replaced because the stock ones can escape or crash
// (loadstring/load of bytecode, unpack's range overflow, bit.tohex's INT32_MIN count, rawset and
// next/pairs on proxies, Redis 7's pcall that returns a {err=} table's message).
#pragma once

#include <lua5.1/lua.hpp>

namespace ringkv::sandbox {

inline constexpr char kReadonlySet[] = "ringkv_readonly";  // registry: weak set of proxy tables
inline constexpr char kRealGlobals[] = "ringkv_real_globals";
// registry: where global reads go — the real globals, or the load API while a library loads.
inline constexpr char kGlobalsSource[] = "ringkv_globals_source";
inline constexpr char kReadonlyError[] = "Attempt to modify a readonly table";

// __index of the global proxy (no upvalue: reads the registry's kGlobalsSource) or of a proxy
// bound to its table (upvalue 1): the field, or Redis's "nonexistent global variable" error.
int GlobalsIndex(lua_State* L);
// Pushes a read-only proxy of the table at `idx`: reads go to it (through `index` if given,
// which gets the table as upvalue when `bind`), writes fail, the metatable is hidden.
void PushProxy(lua_State* L, int idx, lua_CFunction index, bool bind = true);
int ReadonlyNewIndex(lua_State* L);

// Replacements for builtins (see the .cc for why each).
int SafeNext(lua_State* L);
int SafePairs(lua_State* L);
int SafeRawset(lua_State* L);  // the original rawset is upvalue 1
int SafeLoadstring(lua_State* L);
int SafeLoad(lua_State* L);
int SafeUnpack(lua_State* L);
int RedisStylePcall(lua_State* L);
int BitToHex(lua_State* L);

}  // namespace ringkv::sandbox
