// The `redis` table's functions (redis.call, pcall, sha1hex, error_reply, status_reply, log,
// setresp, set_repl, acl_check_cmd, breakpoint, debug, replicate_commands) and
// redis.register_function for FUNCTION LOAD, with Redis 7.0's argument checks and error texts.
// Each is a C closure whose upvalue 1 is its LuaState.
#pragma once

#include <lua5.1/lua.hpp>

namespace ringkv::redis_api {

int Call(lua_State* L);
int Pcall(lua_State* L);
int Sha1hex(lua_State* L);
int ErrorReply(lua_State* L);
int StatusReply(lua_State* L);
int Log(lua_State* L);
int Setresp(lua_State* L);
int SetRepl(lua_State* L);
int AclCheckCmd(lua_State* L);
int Breakpoint(lua_State* L);
int Debug(lua_State* L);
int ReplicateCommands(lua_State* L);
int RegisterFunction(lua_State* L);

}  // namespace ringkv::redis_api
