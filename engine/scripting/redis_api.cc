#include "engine/scripting/redis_api.h"

#include <strings.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/scripting/conversion.h"
#include "engine/scripting/lua_state.h"
#include "engine/scripting/script_cache.h"
#include "engine/util/log.h"

namespace ringkv::redis_api {

namespace {

LuaState* Self(lua_State* L) {
  return static_cast<LuaState*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// Pushes `message` as Redis's error table and raises it.
int RaiseRedisError(lua_State* L, const char* message) {
  PushLuaError(L, message);
  return lua_error(L);
}

}  // namespace

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

int Call(lua_State* L) {
  return RedisGenericCall(L, true);
}
int Pcall(lua_State* L) {
  return RedisGenericCall(L, false);
}

int Sha1hex(lua_State* L) {
  if (lua_gettop(L) != 1) return RaiseRedisError(L, "wrong number of arguments");
  size_t len = 0;
  const char* s = lua_tolstring(L, 1, &len);
  char hex[41];
  Sha1Hex(std::string_view(s == nullptr ? "" : s, s == nullptr ? 0 : len), hex);
  lua_pushlstring(L, hex, 40);
  return 1;
}

int ErrorReply(lua_State* L) {
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

int StatusReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushLuaError(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "ok");
  return 1;
}

int Log(lua_State* L) {
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
  ringkv::Log(static_cast<LogLevel>(level), "%s", lua_tostring(L, -1));
  return 0;
}

int Setresp(lua_State* L) {
  if (!InsideScript(L, "redis.setresp")) return lua_error(L);
  ScriptRun* run = Self(L)->run();
  if (lua_gettop(L) != 1) return RaiseRedisError(L, "redis.setresp() requires one argument.");
  int resp = static_cast<int>(lua_tonumber(L, 1));
  if (resp != 2 && resp != 3) return RaiseRedisError(L, "RESP version must be 2 or 3.");
  run->resp = resp;
  return 0;
}

int SetRepl(lua_State* L) {
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

int AclCheckCmd(lua_State* L) {
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
int Breakpoint(lua_State* L) {
  lua_pushboolean(L, 0);
  return 1;
}
int Debug(lua_State*) {
  return 0;
}
// Scripts always replicate their effects since Redis 7.0: a no-op answering true.
int ReplicateCommands(lua_State* L) {
  lua_pushboolean(L, 1);
  return 1;
}

// redis.register_function(name, callback) or redis.register_function{function_name=...,
// callback=..., flags={...}, description=...}, during FUNCTION LOAD only (Redis 7.0's
// luaRegisterFunction, with its error texts).
int RegisterFunction(lua_State* L) {
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

}  // namespace ringkv::redis_api
