#include "engine/scripting/lua_state.h"

#include <strings.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <lua5.1/lua.hpp>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/scripting/conversion.h"
#include "engine/scripting/script_cache.h"
#include "engine/util/log.h"
#include "engine/util/strings.h"

extern "C" {
int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

namespace ringkv {

namespace {

constexpr char kReadonlySet[] = "ringkv_readonly";  // registry: weak set of proxy tables
constexpr char kRealGlobals[] = "ringkv_real_globals";
// registry: where global reads go — the real globals, or the load API while a library loads.
constexpr char kGlobalsSource[] = "ringkv_globals_source";
constexpr char kLoadApi[] = "ringkv_load_api";
constexpr char kReadonlyError[] = "Attempt to modify a readonly table";

LuaState* Self(lua_State* L) {
  return static_cast<LuaState*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// Raises the message on top as it is (no position: Redis's readonly error from C has none).
int RaiseTop(lua_State* L) {
  return lua_error(L);
}

// Pushes `message` as Redis's error table and raises it.
int RaiseRedisError(lua_State* L, const char* message) {
  PushLuaError(L, message);
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
void PushProxy(lua_State* L, int idx, lua_CFunction index, bool bind = true) {
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

// ---- the redis table ----

// Whether a script is running; if not, pushes Redis's error for `fn` (the caller raises it).
bool InsideScript(lua_State* L, const char* fn) {
  if (Self(L)->run() != nullptr) return true;
  PushLuaError(L, std::string(fn) + " can only be called inside a script invocation");
  return false;
}

// redis.call / redis.pcall.
int RedisGenericCall(lua_State* L, bool raise) {
  LuaState* self = Self(L);
  ScriptRun* run = self->run();
  if (!InsideScript(L, "redis.call/pcall")) return lua_error(L);
  int argc = lua_gettop(L);
  if (argc == 0) {
    PushLuaError(L, "Please specify at least one argument for this redis lib call");
    return raise ? lua_error(L) : 1;
  }
  bool is_error = false;
  {
    std::vector<std::string> args;
    args.reserve(static_cast<size_t>(argc));
    bool bad = false;
    for (int j = 1; j <= argc && !bad; j++) {
      if (lua_type(L, j) == LUA_TNUMBER) {
        // "%.17g": Lua's own number formatting loses precision.
        char buf[64];
        int n = std::snprintf(buf, sizeof(buf), "%.17g", static_cast<double>(lua_tonumber(L, j)));
        args.emplace_back(buf, static_cast<size_t>(n));
      } else if (lua_type(L, j) == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L, j, &len);
        args.emplace_back(s, len);
      } else {
        bad = true;
      }
    }
    lua_pop(L, argc);
    lua_checkstack(L, 64);  // room for the reply (LuaReplyBuilder never raises)
    if (bad) {
      PushLuaError(L, "Lua redis lib command arguments must be strings or integers");
      is_error = true;
    } else {
      std::vector<std::string_view> argv(args.begin(), args.end());
      std::string err;
      LuaReplyBuilder reply(L, run->resp);
      if (!self->engine().CallFromScript(*run->session, argv, reply, run->read_only,
                                         (run->repl & 1) != 0, &err)) {
        PushLuaError(L, err);
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "ignore_error_stats_update");
        is_error = true;
      } else if (reply.values() == 0) {
        lua_pushboolean(L, 0);  // a command that wrote nothing (cannot happen without blocking)
      } else {
        is_error = reply.top_is_error();
      }
    }
  }
  if (raise && is_error) return lua_error(L);
  return 1;
}

int RedisCall(lua_State* L) {
  return RedisGenericCall(L, true);
}
int RedisPcall(lua_State* L) {
  return RedisGenericCall(L, false);
}

int RedisSha1hex(lua_State* L) {
  if (lua_gettop(L) != 1) return RaiseRedisError(L, "wrong number of arguments");
  size_t len = 0;
  const char* s = lua_tolstring(L, 1, &len);
  char hex[41];
  Sha1Hex(std::string_view(s == nullptr ? "" : s, s == nullptr ? 0 : len), hex);
  lua_pushlstring(L, hex, 40);
  return 1;
}

int RedisErrorReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushLuaError(L, "wrong number or type of arguments");
    return 1;
  }
  size_t len = 0;
  const char* e = lua_tolstring(L, -1, &len);
  if (len > 0 && e[0] == '-') {
    PushLuaError(L, std::string_view(e, len));
  } else {
    lua_pushliteral(L, "-");
    lua_pushvalue(L, 1);
    lua_concat(L, 2);
    size_t n = 0;
    const char* dashed = lua_tolstring(L, -1, &n);
    PushLuaError(L, std::string_view(dashed, n));
  }
  return 1;
}

int RedisStatusReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushLuaError(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "ok");
  return 1;
}

int RedisLog(lua_State* L) {
  int argc = lua_gettop(L);
  if (argc < 2) return RaiseRedisError(L, "redis.log() requires two arguments or more.");
  if (!lua_isnumber(L, 1))
    return RaiseRedisError(L, "First argument must be a number (log level).");
  int level = static_cast<int>(lua_tonumber(L, 1));
  if (level < 0 || level > 3) return RaiseRedisError(L, "Invalid debug level.");
  // Glued with spaces, as Redis: non-string arguments are skipped.
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  bool first = true;
  for (int j = 2; j <= argc; j++) {
    size_t len = 0;
    const char* s = lua_tolstring(L, j, &len);
    if (s == nullptr) continue;
    if (!first) luaL_addchar(&b, ' ');
    luaL_addlstring(&b, s, len);
    first = false;
  }
  luaL_pushresult(&b);
  Log(static_cast<LogLevel>(level), "%s", lua_tostring(L, -1));
  return 0;
}

int RedisSetresp(lua_State* L) {
  if (!InsideScript(L, "redis.setresp")) return lua_error(L);
  ScriptRun* run = Self(L)->run();
  if (lua_gettop(L) != 1) return RaiseRedisError(L, "redis.setresp() requires one argument.");
  int resp = static_cast<int>(lua_tonumber(L, 1));
  if (resp != 2 && resp != 3) return RaiseRedisError(L, "RESP version must be 2 or 3.");
  run->resp = resp;
  return 0;
}

int RedisSetRepl(lua_State* L) {
  if (!InsideScript(L, "redis.set_repl")) return lua_error(L);
  ScriptRun* run = Self(L)->run();
  if (lua_gettop(L) != 1) return RaiseRedisError(L, "redis.set_repl() requires two arguments.");
  int flags = static_cast<int>(lua_tonumber(L, 1));
  if ((flags & ~3) != 0) {
    return RaiseRedisError(
        L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
  }
  run->repl = flags;
  return 0;
}

int RedisAclCheckCmd(lua_State* L) {
  if (!InsideScript(L, "redis.acl_check_cmd")) return lua_error(L);
  if (lua_gettop(L) == 0 || !lua_isstring(L, 1)) {
    return RaiseRedisError(L, "Please specify at least one argument for this redis lib call");
  }
  // There are no ACL users besides the default one, who may run every command.
  bool known = Self(L)->engine().commands().Find(lua_tostring(L, 1)) != nullptr;
  if (!known) return RaiseRedisError(L, "Invalid command passed to redis.acl_check_cmd()");
  lua_pushboolean(L, 1);
  return 1;
}

// The debugger is not offered: breakpoint() answers false, as Redis outside a debug session.
int RedisBreakpoint(lua_State* L) {
  lua_pushboolean(L, 0);
  return 1;
}
int RedisDebug(lua_State*) {
  return 0;
}
// Scripts always replicate their effects since Redis 7.0: a no-op answering true.
int RedisReplicateCommands(lua_State* L) {
  lua_pushboolean(L, 1);
  return 1;
}

// redis.register_function(name, callback) or redis.register_function{function_name=...,
// callback=..., flags={...}, description=...}, during FUNCTION LOAD only (Redis 7.0's
// luaRegisterFunction, with its error texts).
int RedisRegisterFunction(lua_State* L) {
  LuaState* self = Self(L);
  std::vector<RegisteredFunction>* out = self->loading();
  if (out == nullptr) {
    return RaiseRedisError(L,
                           "redis.register_function can only be called on FUNCTION LOAD command");
  }
  int argc = lua_gettop(L);
  if (argc < 1 || argc > 2) {
    return RaiseRedisError(L, "wrong number of arguments to redis.register_function");
  }
  const char* error = nullptr;
  const char* name = nullptr;
  const char* description = nullptr;
  int callback = 0;  // stack index
  ScriptFlags flags;
  flags.declared = true;
  if (argc == 2) {
    name = lua_isstring(L, 1) ? lua_tostring(L, 1) : nullptr;
    if (name == nullptr)
      error = "first argument to redis.register_function must be a string";
    else if (!lua_isfunction(L, 2))
      error = "second argument to redis.register_function must be a function";
    else
      callback = 2;
  } else if (!lua_istable(L, 1)) {
    error =
        "calling redis.register_function with a single argument is only applicable to Lua "
        "table (representing named arguments).";
  } else {
    // Named arguments; values are kept on the stack (from index 2) so their strings stay valid.
    lua_pushnil(L);
    while (error == nullptr && lua_next(L, 1)) {
      const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
      if (!lua_isstring(L, -2)) {
        error = "named argument key given to redis.register_function is not a string";
      } else if (strcasecmp(key, "function_name") == 0) {
        if (!lua_isstring(L, -1)) {
          error = "function_name argument given to redis.register_function must be a string";
        } else {
          name = lua_tostring(L, -1);
        }
      } else if (strcasecmp(key, "description") == 0) {
        if (!lua_isstring(L, -1)) {
          error = "description argument given to redis.register_function must be a string";
        } else {
          description = lua_tostring(L, -1);
        }
      } else if (strcasecmp(key, "callback") == 0) {
        if (!lua_isfunction(L, -1)) {
          error = "callback argument given to redis.register_function must be a function";
        } else {
          callback = lua_gettop(L);
        }
      } else if (strcasecmp(key, "flags") == 0) {
        if (!lua_istable(L, -1)) {
          error =
              "flags argument to redis.register_function must be a table representing "
              "function flags";
        } else {
          for (int j = 1;; j++) {
            lua_rawgeti(L, -1, j);
            if (lua_isnil(L, -1)) {
              lua_pop(L, 1);
              break;
            }
            bool known =
                lua_type(L, -1) == LUA_TSTRING && ApplyScriptFlag(lua_tostring(L, -1), &flags);
            lua_pop(L, 1);
            if (!known) {
              error = "unknown flag given";
              break;
            }
          }
        }
      } else {
        error = "unknown argument given to redis.register_function";
      }
      // Keep the value (it may be the name, description or callback); push the key back on top.
      lua_pushvalue(L, -2);
      lua_checkstack(L, 4);
    }
    if (error == nullptr && name == nullptr) {
      error = "redis.register_function must get a function name argument";
    }
    if (error == nullptr && callback == 0)
      error = "redis.register_function must get a callback argument";
  }
  if (error == nullptr) {
    bool valid = *name != '\0';
    for (const char* p = name; *p != '\0'; p++) {
      valid &= std::isalnum(static_cast<unsigned char>(*p)) != 0 || *p == '_';
    }
    // Redis 7.0 reports a bad function name with the library-name message.
    if (!valid) {
      error =
          "Library names can only contain letters, numbers, or underscores(_) and must be at "
          "least one character long";
    }
    for (const RegisteredFunction& f : *out) {
      if (error == nullptr && f.name == name) error = "Function already exists in the library";
    }
  }
  if (error != nullptr) return RaiseRedisError(L, error);
  RegisteredFunction f;
  f.name = name;
  f.has_description = description != nullptr;
  if (description != nullptr) f.description = description;
  f.flags = flags;
  lua_pushvalue(L, callback);
  f.ref = luaL_ref(L, LUA_REGISTRYINDEX);
  out->push_back(std::move(f));
  return 0;
}

// Redis's error handler: non-table errors become {err="ERR ..."}; the position of the Lua code
// that raised (not of a C function) is attached.
constexpr char kErrorHandler[] = R"(
local dbg = debug
return function(err)
  local i = dbg.getinfo(2,'nSl')
  if i and i.what == 'C' then
    i = dbg.getinfo(3,'nSl')
  end
  if type(err) ~= 'table' then
    err = {err='ERR ' .. tostring(err)}
  end
  if i then
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
)";

// The text after the error's message: " script: <name>, on <source>:<line>."
std::string ErrorText(lua_State* L, const std::string& name) {
  if (!lua_istable(L, -1)) {
    const char* msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "execution failure";
    return "ERR Error running script " + name + ", " + std::string(msg).substr(0, 100);
  }
  auto field = [&](const char* f) -> std::string {
    lua_getfield(L, -1, f);
    std::string v;
    if (lua_isstring(L, -1)) {
      size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      v.assign(s, len);
    }
    lua_pop(L, 1);
    return v;
  };
  std::string msg = field("err");
  std::string source = field("source");
  std::string line = field("line");
  if (!source.empty() && !line.empty()) {
    msg += " script: " + name + ", on " + source + ":" + line + ".";
  }
  for (char& c : msg)
    if (c == '\r' || c == '\n') c = ' ';
  return msg;
}

}  // namespace

bool ApplyScriptFlag(std::string_view name, ScriptFlags* flags) {
  if (name == "no-writes")
    flags->no_writes = true;
  else if (name == "allow-oom")
    flags->allow_oom = true;
  else if (name == "allow-stale")
    flags->allow_stale = true;
  else if (name == "no-cluster")
    flags->no_cluster = true;
  else if (name == "allow-cross-slot-keys")
    flags->allow_cross_slot_keys = true;
  else
    return false;
  return true;
}

LuaState::LuaState(Engine& engine) : engine_(engine) {
  L_ = lua_newstate(&LuaState::Alloc, this);
  OpenLibraries();
  RegisterRedisApi();
  Protect();
  RegisterLoadApi();
}

void LuaState::RegisterLoadApi() {
  // {redis = {register_function, log, LOG_*, REDIS_VERSION(_NUM)}}, missing names erroring.
  lua_newtable(L_);  // the load globals
  lua_newtable(L_);  // their redis
  lua_pushlightuserdata(L_, this);
  lua_pushcclosure(L_, RedisRegisterFunction, 1);
  lua_setfield(L_, -2, "register_function");
  lua_getfield(L_, LUA_REGISTRYINDEX, kRealGlobals);
  lua_getfield(L_, -1, "redis");
  lua_getfield(L_, LUA_REGISTRYINDEX, kReadonlySet);
  lua_pushvalue(L_, -2);
  lua_rawget(L_, -2);  // the real redis table behind the proxy
  for (const char* f : {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                        "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
    lua_getfield(L_, -1, f);
    lua_setfield(L_, -6, f);
  }
  lua_pop(L_, 4);
  PushProxy(L_, -1, GlobalsIndex);
  lua_setfield(L_, -3, "redis");
  lua_pop(L_, 1);
  lua_setfield(L_, LUA_REGISTRYINDEX, kLoadApi);
}

void LuaState::Unref(int ref) {
  luaL_unref(L_, LUA_REGISTRYINDEX, ref);
}

bool LuaState::LoadLibrary(std::vector<RegisteredFunction>* out, std::string* err) {
  int fn = lua_gettop(L_);
  lua_rawgeti(L_, LUA_REGISTRYINDEX, err_handler_ref_);
  lua_insert(L_, fn);
  lua_getfield(L_, LUA_REGISTRYINDEX, kLoadApi);
  lua_setfield(L_, LUA_REGISTRYINDEX, kGlobalsSource);
  loading_ = out;
  int rc = lua_pcall(L_, 0, 0, fn);
  loading_ = nullptr;
  lua_getfield(L_, LUA_REGISTRYINDEX, kRealGlobals);
  lua_setfield(L_, LUA_REGISTRYINDEX, kGlobalsSource);
  if (rc != 0) {
    if (lua_istable(L_, -1)) {
      lua_getfield(L_, -1, "err");
      *err = lua_isstring(L_, -1) ? lua_tostring(L_, -1) : "";
      lua_pop(L_, 1);
    } else {
      *err = lua_isstring(L_, -1) ? lua_tostring(L_, -1) : "execution failure";
    }
    lua_pop(L_, 1);
  }
  lua_pop(L_, 1);  // the handler
  ClearRunGlobals();
  return rc == 0;
}

LuaState::~LuaState() {
  if (L_ != nullptr) lua_close(L_);
}

void* LuaState::Alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* self = static_cast<LuaState*>(ud);
  if (nsize == 0) {
    self->memory_ -= osize;
    std::free(ptr);
    return nullptr;
  }
  void* p = std::realloc(ptr, nsize);
  if (p != nullptr) self->memory_ += nsize - osize;
  return p;
}

void LuaState::OpenLibraries() {
  struct Lib {
    const char* name;
    lua_CFunction open;
  };
  static constexpr Lib kLibs[] = {{"", luaopen_base},
                                  {LUA_TABLIBNAME, luaopen_table},
                                  {LUA_STRLIBNAME, luaopen_string},
                                  {LUA_MATHLIBNAME, luaopen_math},
                                  {LUA_DBLIBNAME, luaopen_debug},
                                  {"cjson", luaopen_cjson},
                                  {"bit", luaopen_bit}};
  for (const Lib& lib : kLibs) {
    lua_pushcfunction(L_, lib.open);
    lua_pushstring(L_, lib.name);
    lua_call(L_, 1, 1);
    if (lib.name[0] != '\0')
      lua_setglobal(L_, lib.name);  // cjson does not set its global
    else
      lua_pop(L_, 1);
  }
  lua_getglobal(L_, "bit");
  lua_pushcfunction(L_, BitToHex);
  lua_setfield(L_, -2, "tohex");
  lua_pop(L_, 1);
  // The error handler keeps `debug` to itself; scripts never see it.
  luaL_loadbuffer(L_, kErrorHandler, sizeof(kErrorHandler) - 1, "=err_handler");
  lua_call(L_, 0, 1);
  err_handler_ref_ = luaL_ref(L_, LUA_REGISTRYINDEX);
  // Redis 7.0.15's allow list has no getfenv/setfenv/newproxy either.
  for (const char* removed :
       {"debug", "dofile", "loadfile", "print", "getfenv", "setfenv", "newproxy"}) {
    lua_pushnil(L_);
    lua_setglobal(L_, removed);
  }
  // Wrapped builtins: the originals are upvalues of the wrappers.
  lua_getglobal(L_, "rawset");
  lua_pushcclosure(L_, SafeRawset, 1);
  lua_setglobal(L_, "rawset");
  lua_register(L_, "next", SafeNext);
  lua_register(L_, "pairs", SafePairs);
  lua_register(L_, "loadstring", SafeLoadstring);
  lua_register(L_, "load", SafeLoad);
  lua_register(L_, "pcall", RedisStylePcall);
  lua_register(L_, "unpack", SafeUnpack);
}

void LuaState::RegisterRedisApi() {
  lua_newtable(L_);
  struct Fn {
    const char* name;
    lua_CFunction fn;
  };
  static constexpr Fn kFns[] = {
      {"call", RedisCall},
      {"pcall", RedisPcall},
      {"sha1hex", RedisSha1hex},
      {"error_reply", RedisErrorReply},
      {"status_reply", RedisStatusReply},
      {"log", RedisLog},
      {"setresp", RedisSetresp},
      {"set_repl", RedisSetRepl},
      {"acl_check_cmd", RedisAclCheckCmd},
      {"breakpoint", RedisBreakpoint},
      {"debug", RedisDebug},
      {"replicate_commands", RedisReplicateCommands},
  };
  for (const Fn& f : kFns) {
    lua_pushlightuserdata(L_, this);
    lua_pushcclosure(L_, f.fn, 1);
    lua_setfield(L_, -2, f.name);
  }
  struct Const {
    const char* name;
    int value;
  };
  static constexpr Const kConsts[] = {
      {"LOG_DEBUG", 0},   {"LOG_VERBOSE", 1},  {"LOG_NOTICE", 2},
      {"LOG_WARNING", 3}, {"REPL_NONE", 0},    {"REPL_AOF", 1},
      {"REPL_SLAVE", 2},  {"REPL_REPLICA", 2}, {"REPL_ALL", 3},
  };
  for (const Const& c : kConsts) {
    lua_pushnumber(L_, c.value);
    lua_setfield(L_, -2, c.name);
  }
  lua_pushlstring(L_, kRedisVersion.data(), kRedisVersion.size());
  lua_setfield(L_, -2, "REDIS_VERSION");
  // 0x00MMmmpp, as Redis's REDIS_VERSION_NUM.
  int major = 0, minor = 0, patch = 0;
  std::sscanf(std::string(kRedisVersion).c_str(), "%d.%d.%d", &major, &minor, &patch);
  lua_pushnumber(L_, (major << 16) | (minor << 8) | patch);
  lua_setfield(L_, -2, "REDIS_VERSION_NUM");
  lua_setglobal(L_, "redis");
}

void LuaState::Protect() {
  // A weak-keyed set of the read-only proxies, for rawset.
  lua_newtable(L_);
  lua_newtable(L_);
  lua_pushliteral(L_, "k");
  lua_setfield(L_, -2, "__mode");
  lua_setmetatable(L_, -2);
  lua_setfield(L_, LUA_REGISTRYINDEX, kReadonlySet);
  // Library tables: read-only proxies in place of the tables.
  for (const char* lib : {"string", "table", "math", "coroutine", "cjson", "bit", "redis"}) {
    lua_getglobal(L_, lib);
    PushProxy(L_, -1, nullptr);
    lua_setglobal(L_, lib);
    lua_pop(L_, 1);
  }
  // Strings' shared metatable: methods come from the string proxy and getmetatable('') gives
  // a proxy, so no script can change what ('x'):upper() means for the next one.
  lua_pushliteral(L_, "");
  lua_getmetatable(L_, -1);
  lua_getglobal(L_, "string");
  lua_setfield(L_, -2, "__index");
  PushProxy(L_, -1, nullptr);
  lua_setfield(L_, -2, "__metatable");
  lua_pop(L_, 2);
  // The globals: the proxy becomes the thread's global table, _G names it.
  lua_pushvalue(L_, LUA_GLOBALSINDEX);
  lua_pushvalue(L_, -1);
  lua_setfield(L_, LUA_REGISTRYINDEX, kRealGlobals);
  lua_pushvalue(L_, -1);
  lua_setfield(L_, LUA_REGISTRYINDEX, kGlobalsSource);
  PushProxy(L_, -1, GlobalsIndex, /*bind=*/false);
  lua_pushvalue(L_, -1);
  lua_setfield(L_, -3, "_G");
  lua_pushvalue(L_, -1);
  globals_ref_ = luaL_ref(L_, LUA_REGISTRYINDEX);
  lua_replace(L_, LUA_GLOBALSINDEX);
  lua_pop(L_, 1);
}

void LuaState::PushGlobals() {
  lua_rawgeti(L_, LUA_REGISTRYINDEX, globals_ref_);
}

bool LuaState::Load(std::string_view body, const char* chunk, std::string* err) {
  if (luaL_loadbuffer(L_, body.data(), body.size(), chunk) == 0) {
    PushGlobals();
    lua_setfenv(L_, -2);
    return true;
  }
  *err = lua_tostring(L_, -1);
  lua_pop(L_, 1);
  return false;
}

void LuaState::SetRunGlobal(const char* name, std::span<const std::string_view> values) {
  run_globals_.push_back(name);
  lua_getfield(L_, LUA_REGISTRYINDEX, kRealGlobals);
  lua_pushstring(L_, name);
  lua_createtable(L_, static_cast<int>(values.size()), 0);
  int i = 1;
  for (std::string_view v : values) {
    lua_pushlstring(L_, v.data(), v.size());
    lua_rawseti(L_, -2, i++);
  }
  lua_rawset(L_, -3);
  lua_pop(L_, 1);
}

void LuaState::ClearRunGlobals() {
  lua_getfield(L_, LUA_REGISTRYINDEX, kRealGlobals);
  for (const char* name : run_globals_) {
    lua_pushnil(L_);
    lua_setfield(L_, -2, name);
  }
  lua_pop(L_, 1);
  run_globals_.clear();
  // Whatever a run left in the proxy (a table.insert(_G, ...) that bypassed it) goes too.
  PushGlobals();
  lua_pushvalue(L_, -1);
  lua_replace(L_, LUA_GLOBALSINDEX);
  while (true) {
    lua_pushnil(L_);
    if (lua_next(L_, -2) == 0) break;
    lua_pop(L_, 1);
    lua_pushnil(L_);
    lua_rawset(L_, -3);
  }
  lua_pop(L_, 1);
}

void LuaState::Run(ScriptRun& run, int nargs, ReplyBuilder& reply) {
  int fn = lua_gettop(L_) - nargs;
  lua_rawgeti(L_, LUA_REGISTRYINDEX, err_handler_ref_);
  lua_insert(L_, fn);  // the handler below the function
  run_ = &run;
  int rc = lua_pcall(L_, nargs, 1, fn);
  run_ = nullptr;
  if (rc == 0) {
    LuaToReply(L_, reply, run.resp);
  } else {
    reply.Error(ErrorText(L_, run.name));
    lua_pop(L_, 1);
  }
  lua_pop(L_, 1);  // the handler
  ClearRunGlobals();
  lua_gc(L_, LUA_GCSTEP, 1);
}

}  // namespace ringkv
