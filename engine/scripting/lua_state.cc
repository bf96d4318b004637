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
#include "engine/scripting/redis_api.h"
#include "engine/scripting/sandbox.h"
#include "engine/scripting/script_cache.h"
#include "engine/util/log.h"
#include "engine/util/strings.h"

extern "C" {
int luaopen_cjson(lua_State* L);
int luaopen_bit(lua_State* L);
}

namespace ringkv {

using namespace sandbox;  // NOLINT: the sandbox's registry keys and builtins

namespace {

constexpr char kLoadApi[] = "ringkv_load_api";  // registry: the globals of a library's load

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
  lua_pushcclosure(L_, redis_api::RegisterFunction, 1);
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
      {"call", redis_api::Call},
      {"pcall", redis_api::Pcall},
      {"sha1hex", redis_api::Sha1hex},
      {"error_reply", redis_api::ErrorReply},
      {"status_reply", redis_api::StatusReply},
      {"log", redis_api::Log},
      {"setresp", redis_api::Setresp},
      {"set_repl", redis_api::SetRepl},
      {"acl_check_cmd", redis_api::AclCheckCmd},
      {"breakpoint", redis_api::Breakpoint},
      {"debug", redis_api::Debug},
      {"replicate_commands", redis_api::ReplicateCommands},
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
