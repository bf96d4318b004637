#include "engine/scripting/script_engine.h"

#include <lua5.1/lua.hpp>
#include <vector>

#include "engine/command_context.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"

namespace ringkv {

ScriptEngine::ScriptEngine(Engine& engine)
    : engine_(engine), lua_(std::make_unique<LuaState>(engine)), functions_(engine), cache_(*lua_) {
  session_.authenticated = true;
  session_.name = "lua";
}

ScriptEngine::~ScriptEngine() = default;

bool ScriptEngine::Load(std::string_view body, std::string* sha, std::string* err) {
  return cache_.Add(body, sha, err) != nullptr;
}

void ScriptEngine::Flush() {
  auto fresh = std::make_unique<LuaState>(engine_);
  cache_.Clear(*fresh);
  lua_ = std::move(fresh);
}

bool ScriptEngine::ParseNumKeys(CommandContext& ctx, std::string_view not_integer,
                                size_t* numkeys) {
  int64_t n = 0;
  if (!ParseInt64(ctx.arg(2), &n)) {
    ctx.reply.Error(not_integer);
    return false;
  }
  if (n > static_cast<int64_t>(ctx.argc()) - 3) {
    ctx.reply.Error(errors::kNumkeysTooMany);
    return false;
  }
  if (n < 0) {
    ctx.reply.Error(errors::kNumkeysNegative);
    return false;
  }
  *numkeys = static_cast<size_t>(n);
  return true;
}

bool ScriptEngine::MayRun(CommandContext& ctx, const ScriptFlags& flags, bool read_only) {
  // A script that declares it may write (a shebang or function without no-writes) is refused up
  // front where it could not; a legacy one fails at its first write instead.
  if (!flags.declared || flags.no_writes) return true;
  if (!engine_.persistence_error().empty()) {
    ctx.reply.Error("MISCONF " + engine_.persistence_error());
    return false;
  }
  if (read_only) {
    ctx.reply.Error(errors::kScriptWriteFlagRo);
    return false;
  }
  return true;
}

ScriptRun ScriptEngine::PrepareRun(CommandContext& ctx, const ScriptFlags& flags, bool read_only,
                                   std::string name) {
  ScriptRun run;
  run.session = &session_;
  run.read_only = read_only || (flags.declared && flags.no_writes);
  run.name = std::move(name);
  session_.db = ctx.session.db;
  session_.resp = 2;
  return run;
}

void ScriptEngine::Eval(CommandContext& ctx, bool by_sha, bool read_only) {
  size_t numkeys = 0;
  if (!ParseNumKeys(ctx, errors::kNotInteger, &numkeys)) return;
  std::string sha;
  const ScriptCache::Script* script = nullptr;
  if (by_sha) {
    script = cache_.Find(ctx.arg(1));
    if (script == nullptr) return ctx.reply.Error(errors::kNoScript);
    sha.assign(ctx.arg(1));
    for (char& c : sha) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  } else {
    std::string err;
    script = cache_.Add(ctx.arg(1), &sha, &err);
    if (script == nullptr) return ctx.reply.Error(err);
  }
  if (!MayRun(ctx, script->flags, read_only)) return;
  ScriptRun run = PrepareRun(ctx, script->flags, read_only, sha);
  lua_->SetRunGlobal("KEYS", ctx.args.subspan(3, numkeys));
  lua_->SetRunGlobal("ARGV", ctx.args.subspan(3 + numkeys));
  lua_State* L = lua_->L();
  lua_rawgeti(L, LUA_REGISTRYINDEX, script->ref);
  lua_->Run(run, 0, ctx.reply);
}

void ScriptEngine::Fcall(CommandContext& ctx, bool read_only) {
  size_t numkeys = 0;
  if (!ParseNumKeys(ctx, errors::kBadNumberOfKeys, &numkeys)) return;
  const FunctionStore::Function* f = functions_.Find(ctx.arg(1));
  if (f == nullptr) return ctx.reply.Error(errors::kFunctionNotFound);
  if (!MayRun(ctx, f->def.flags, read_only)) return;
  ScriptRun run = PrepareRun(ctx, f->def.flags, read_only, f->def.name);
  LuaState& lua = functions_.lua();
  lua_State* L = lua.L();
  lua_checkstack(L, 8);
  lua_rawgeti(L, LUA_REGISTRYINDEX, f->def.ref);
  // The callback gets (keys, args) as arguments.
  for (auto part : {ctx.args.subspan(3, numkeys), ctx.args.subspan(3 + numkeys)}) {
    lua_createtable(L, static_cast<int>(part.size()), 0);
    int i = 1;
    for (std::string_view v : part) {
      lua_pushlstring(L, v.data(), v.size());
      lua_rawseti(L, -2, i++);
    }
  }
  lua.Run(run, 2, ctx.reply);
}

}  // namespace ringkv
