// ScriptEngine: an Engine's scripting — the Lua interpreter, the EVAL script cache and the
// client scripts run their commands as. EVAL/EVALSHA(_RO) and SCRIPT (engine/commands/
// scripting.cc) go through it.
//
// A script runs inside its caller's execution unit: its commands are called through
// Engine::CallFromScript (no blocking, noscript commands refused, writes refused in read-only
// runs) and their effects join the unit's, so the AOF gets them (wrapped in MULTI/EXEC when there
// are several) and never the EVAL itself; clients blocked on keys it filled are served after it.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "engine/scripting/functions.h"
#include "engine/scripting/lua_state.h"
#include "engine/scripting/script_cache.h"
#include "engine/session.h"

namespace ringkv {

class Engine;
struct CommandContext;

class ScriptEngine {
 public:
  explicit ScriptEngine(Engine& engine);
  ~ScriptEngine();

  // EVAL / EVALSHA / EVAL_RO / EVALSHA_RO: ctx.args are the command's own arguments.
  void Eval(CommandContext& ctx, bool by_sha, bool read_only);
  // FCALL / FCALL_RO: ctx.args are the command's own arguments.
  void Fcall(CommandContext& ctx, bool read_only);
  FunctionStore& functions() { return functions_; }

  // SCRIPT LOAD: the sha, or false with the error in *err.
  bool Load(std::string_view body, std::string* sha, std::string* err);
  bool Exists(std::string_view sha) const { return cache_.Find(sha) != nullptr; }
  // SCRIPT FLUSH: forgets every script and starts a fresh interpreter.
  void Flush();

  size_t lua_memory() const { return lua_->memory(); }
  size_t functions_memory() { return functions_.lua().memory(); }
  size_t script_count() const { return cache_.size(); }
  size_t script_bytes() const { return cache_.body_bytes(); }

 private:
  // The numkeys argument of EVAL/FCALL (ctx.arg(2)); false after replying the error.
  bool ParseNumKeys(CommandContext& ctx, std::string_view not_integer, size_t* numkeys);
  // Refuses a run its flags forbid (Redis's scriptPrepareForRun); false after replying.
  bool MayRun(CommandContext& ctx, const ScriptFlags& flags, bool read_only);
  // The run of a script (or function) as the script client, in the caller's database.
  ScriptRun PrepareRun(CommandContext& ctx, const ScriptFlags& flags, bool read_only,
                       std::string name);

  Engine& engine_;
  std::unique_ptr<LuaState> lua_;
  FunctionStore functions_;
  ScriptCache cache_;
  Session session_;  // the client scripts' commands run as
};

}  // namespace ringkv
