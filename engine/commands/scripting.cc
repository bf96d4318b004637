// Lua scripting commands: EVAL EVALSHA EVAL_RO EVALSHA_RO and SCRIPT (LOAD EXISTS FLUSH KILL
// HELP), as Redis 7.0. The work is in engine/scripting/script_engine.cc. FCALL and FUNCTION are
// in engine/commands/function_cmd.cc.
#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/scripting/script_engine.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

void Eval(CommandContext& ctx) {
  ctx.engine.scripting().Eval(ctx, false, false);
}
void EvalSha(CommandContext& ctx) {
  ctx.engine.scripting().Eval(ctx, true, false);
}
void EvalRo(CommandContext& ctx) {
  ctx.engine.scripting().Eval(ctx, false, true);
}
void EvalShaRo(CommandContext& ctx) {
  ctx.engine.scripting().Eval(ctx, true, true);
}

void ScriptLoad(CommandContext& ctx) {
  std::string sha, err;
  if (!ctx.engine.scripting().Load(ctx.arg(2), &sha, &err)) return ctx.reply.Error(err);
  ctx.reply.Bulk(sha);
}

void ScriptExists(CommandContext& ctx) {
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t i = 2; i < ctx.argc(); i++) {
    ctx.reply.Integer(ctx.engine.scripting().Exists(ctx.arg(i)) ? 1 : 0);
  }
}

void ScriptFlush(CommandContext& ctx) {
  // ASYNC and SYNC both flush at once: the interpreter is small to rebuild.
  if (!ValidFlushMode(ctx.args)) return ctx.reply.Error(errors::kScriptFlushOption);
  ctx.engine.scripting().Flush();
  ctx.reply.Ok();
}

// Scripts run to completion before any other command is read, so none is ever running here.
void ScriptKill(CommandContext& ctx) {
  ctx.reply.Error(errors::kNotBusy);
}

// The Lua debugger (LDB) is not offered: NO is accepted, YES and SYNC are refused.
void ScriptDebug(CommandContext& ctx) {
  if (ctx.session.in_multi) return ctx.reply.Error(errors::kScriptDebugInMulti);
  std::string_view mode = ctx.arg(2);
  if (EqualsIgnoreCase(mode, "no")) return ctx.reply.Ok();
  if (EqualsIgnoreCase(mode, "yes") || EqualsIgnoreCase(mode, "sync")) {
    return ctx.reply.Error(errors::kScriptDebugUnsupported);
  }
  ctx.reply.Error(errors::kScriptDebugMode);
}

void ScriptHelp(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "DEBUG (YES|SYNC|NO)",
      "    Set the debug mode for subsequent scripts executed.",
      "EXISTS <sha1> [<sha1> ...]",
      "    Return information about the existence of the scripts in the script cache.",
      "FLUSH [ASYNC|SYNC]",
      "    Flush the Lua scripts cache. Very dangerous on replicas.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the scripts cache.",
      "    * SYNC: Synchronously flush the scripts cache.",
      "KILL",
      "    Kill the currently executing Lua script.",
      "LOAD <script>",
      "    Load a script into the scripts cache without executing it.",
  };
  ReplyHelp(ctx.reply, "script", kHelp);
}

}  // namespace

void RegisterScriptingFamily(CommandRegistry& r) {
  using namespace cmd;
  FamilyRegistrar add(r, "scripting");
  constexpr uint64_t kEvalFlags =
      kNoscript | kStale | kSkipMonitor | kNoMandatoryKeys | kMovableKeys;
  constexpr uint64_t kAcl = kCatSlow | kCatScripting;
  add("eval", -3, kEvalFlags, kAcl, 0, 0, 0, Eval, "Execute a Lua script server side", "2.6.0",
      "Depends on the script that is executed.");
  add("evalsha", -3, kEvalFlags, kAcl, 0, 0, 0, EvalSha, "Execute a Lua script server side",
      "2.6.0", "Depends on the script that is executed.");
  add("eval_ro", -3, kEvalFlags | kReadonly, kAcl, 0, 0, 0, EvalRo,
      "Execute a read-only Lua script server side", "7.0.0",
      "Depends on the script that is executed.");
  add("evalsha_ro", -3, kEvalFlags | kReadonly, kAcl, 0, 0, 0, EvalShaRo,
      "Execute a read-only Lua script server side", "7.0.0",
      "Depends on the script that is executed.");
  r.Add({.name = "script",
         .arity = -2,
         .acl = kCatSlow,
         .summary = "A container for Lua scripts management commands",
         .since = "2.6.0",
         .group = "scripting",
         .complexity = "Depends on subcommand."});
  auto sub = [&](std::string_view name, int arity, uint64_t flags, CommandHandler h,
                 std::string_view summary, std::string_view since, std::string_view complexity,
                 std::string_view tips) {
    r.AddSub("script", {.name = std::string(name),
                        .arity = arity,
                        .flags = flags,
                        .acl = kAcl,
                        .handler = h,
                        .summary = summary,
                        .since = since,
                        .group = "scripting",
                        .complexity = complexity,
                        .tips = tips});
  };
  sub("load", 3, kNoscript | kStale, ScriptLoad,
      "Load the specified Lua script into the script cache.", "2.6.0",
      "O(N) with N being the length in bytes of the script body.",
      "request_policy:all_nodes response_policy:all_succeeded");
  sub("exists", -3, kNoscript, ScriptExists, "Check existence of scripts in the script cache.",
      "2.6.0",
      "O(N) with N being the number of scripts to check (so checking a single script is an "
      "O(1) operation).",
      "request_policy:all_shards response_policy:agg_logical_and");
  sub("flush", -2, kNoscript, ScriptFlush, "Remove all the scripts from the script cache.", "2.6.0",
      "O(N) with N being the number of scripts in cache",
      "request_policy:all_nodes response_policy:all_succeeded");
  sub("kill", 2, kNoscript | kAllowBusy, ScriptKill, "Kill the script currently in execution.",
      "2.6.0", "O(1)", "request_policy:all_shards response_policy:one_succeeded");
  sub("debug", 3, kNoscript, ScriptDebug, "Set the debug mode for executed scripts.", "3.2.0",
      "O(1)", "");
  RegisterFunctionCommands(r);
  sub("help", 2, kLoading | kStale, ScriptHelp, "Show helpful text about the different subcommands",
      "5.0.0", "O(1)", "");
}

}  // namespace ringkv
