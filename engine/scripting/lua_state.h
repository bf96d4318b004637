// LuaState: one sandboxed Lua 5.1 interpreter with Redis 7.0's scripting API.
//
// What a script sees, as Redis 7.0.15's allow list: the base library without dofile, loadfile,
// print, getfenv, setfenv and newproxy (loadstring and load refuse bytecode); string, table,
// math, coroutine; cjson and bit (Debian's lua-cjson and lua-bitop; bit.tohex guarded against
// the INT32_MIN count; cmsgpack and struct are not packaged and absent); and the `redis` table:
// call, pcall, error_reply, status_reply, sha1hex, log, setresp, set_repl, replicate_commands,
// breakpoint, debug, acl_check_cmd, REDIS_VERSION(_NUM), LOG_* and REPL_* constants. No os,
// io, package, require or debug.
//
// Globals are read-only as in Redis 7.0.15: the script's global table is an empty proxy whose
// reads fall through to the real globals (a missing name is an error: "Script attempted to
// access nonexistent global variable 'x'") and whose writes fail ("Attempt to modify a readonly
// table"); the library tables are proxied the same way, rawset refuses proxies, and next/pairs
// see through them. KEYS and ARGV are set for one run and cleared after it.
//
// Lua errors are longjmps: the C functions here never raise one while a C++ object with a
// destructor is alive in their frame.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/reply_builder.h"

struct lua_State;

namespace ringkv {

class Engine;
struct Session;

// What a script or function declares it may do (its shebang's or register_function's flags).
struct ScriptFlags {
  bool declared = false;  // a shebang or a function: else a "legacy" EVAL script, which may write
  bool no_writes = false;
  bool allow_oom = false;
  bool allow_stale = false;
  bool no_cluster = false;
  bool allow_cross_slot_keys = false;
};
// Sets the flag named `name` ("no-writes"...); false for an unknown name.
bool ApplyScriptFlag(std::string_view name, ScriptFlags* flags);

// A function redis.register_function registered while a library loaded.
struct RegisteredFunction {
  std::string name;
  std::string description;
  bool has_description = false;
  ScriptFlags flags;
  int ref = 0;  // the callback in the Lua registry
};

// The running script, as redis.call needs it.
struct ScriptRun {
  Session* session = nullptr;  // the script's own client: caller's db, RESP 2 until setresp
  bool read_only = false;      // EVAL_RO, FCALL_RO, or a no-writes script
  std::string name;            // in error messages: the sha, or the function's name
  int resp = 2;                // redis.setresp
  int repl = 3;                // redis.set_repl flags (REPL_ALL)
};

class LuaState {
 public:
  explicit LuaState(Engine& engine);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* L() const { return L_; }
  Engine& engine() { return engine_; }
  ScriptRun* run() { return run_; }
  size_t memory() const { return memory_; }

  // Compiles `body` as chunk `chunk` ("@user_script"): pushes the function and returns true, or
  // returns false with Lua's message in *err.
  bool Load(std::string_view body, const char* chunk, std::string* err);
  // Sets `name` to an array of `values` for the next Run only (KEYS, ARGV).
  void SetRunGlobal(const char* name, std::span<const std::string_view> values);
  // Calls the function below the top `nargs` values as `run`, writing its result (or error,
  // "... script: <name>, on <source>:<line>.") to `reply`. The stack is as before the pushes.
  void Run(ScriptRun& run, int nargs, ReplyBuilder& reply);

  // The proxy global table on top of the stack (functions get it as their environment).
  void PushGlobals();

  // Runs the library chunk on top of the stack (popped) as FUNCTION LOAD does: its globals are
  // only the load API (redis.register_function, redis.log, versions), and the functions it
  // registers are appended to *out. False with the error's message in *err.
  bool LoadLibrary(std::vector<RegisteredFunction>* out, std::string* err);
  std::vector<RegisteredFunction>* loading() { return loading_; }
  void Unref(int ref);

 private:
  static void* Alloc(void* ud, void* ptr, size_t osize, size_t nsize);
  void OpenLibraries();
  void RegisterRedisApi();
  void RegisterLoadApi();
  void Protect();
  void ClearRunGlobals();

  Engine& engine_;
  size_t memory_ = 0;
  lua_State* L_ = nullptr;
  ScriptRun* run_ = nullptr;
  int globals_ref_ = 0;                   // the proxy global table
  int err_handler_ref_ = 0;               // Redis's __redis__err__handler
  std::vector<const char*> run_globals_;  // set by SetRunGlobal, cleared after Run
  std::vector<RegisteredFunction>* loading_ = nullptr;
};

}  // namespace ringkv
