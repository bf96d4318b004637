// Redis 7 functions: FCALL FCALL_RO and FUNCTION (LOAD DELETE FLUSH LIST DUMP RESTORE STATS KILL
// HELP), as Redis 7.0. Libraries live in engine/scripting/functions.cc. LOAD, DELETE, FLUSH and
// RESTORE are write commands: they reach the AOF as they were sent, so a replay loads the same
// libraries.
#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/rdb/payload.h"
#include "engine/scripting/script_engine.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

FunctionStore& Store(CommandContext& ctx) {
  return ctx.engine.scripting().functions();
}

void Fcall(CommandContext& ctx) {
  ctx.engine.scripting().Fcall(ctx, false);
}
void FcallRo(CommandContext& ctx) {
  ctx.engine.scripting().Fcall(ctx, true);
}

void FunctionLoad(CommandContext& ctx) {
  bool replace = false;
  size_t i = 2;
  for (; i + 1 < ctx.argc(); i++) {
    if (!EqualsIgnoreCase(ctx.arg(i), "replace")) {
      return ctx.reply.Error(errors::UnknownOptionGiven(ctx.arg(i)));
    }
    replace = true;
  }
  std::string name, err;
  if (!Store(ctx).Load(ctx.arg(i), replace, &name, &err)) return ctx.reply.Error(err);
  ctx.MarkDirty();
  ctx.reply.Bulk(name);
}

void FunctionDelete(CommandContext& ctx) {
  if (!Store(ctx).Delete(ctx.arg(2))) return ctx.reply.Error(errors::kLibraryNotFound);
  ctx.MarkDirty();
  ctx.reply.Ok();
}

void FunctionFlush(CommandContext& ctx) {
  if (!ValidFlushMode(ctx.args)) return ctx.reply.Error(errors::kFunctionFlushOption);
  Store(ctx).Flush();
  ctx.MarkDirty();
  ctx.reply.Ok();
}

// Flag names in Redis's order (scripts_flags_def).
std::vector<std::string_view> FlagNames(const ScriptFlags& f) {
  std::vector<std::string_view> out;
  if (f.no_writes) out.push_back("no-writes");
  if (f.allow_oom) out.push_back("allow-oom");
  if (f.allow_stale) out.push_back("allow-stale");
  if (f.no_cluster) out.push_back("no-cluster");
  if (f.allow_cross_slot_keys) out.push_back("allow-cross-slot-keys");
  return out;
}

void FunctionList(CommandContext& ctx) {
  bool with_code = false;
  bool has_pattern = false;
  std::string_view pattern;
  for (size_t i = 2; i < ctx.argc(); i++) {
    if (!with_code && EqualsIgnoreCase(ctx.arg(i), "withcode")) {
      with_code = true;
    } else if (!has_pattern && EqualsIgnoreCase(ctx.arg(i), "libraryname")) {
      if (i + 1 >= ctx.argc()) return ctx.reply.Error(errors::kLibraryNameMissing);
      has_pattern = true;
      pattern = ctx.arg(++i);
    } else {
      return ctx.reply.Error(errors::UnknownArgument(ctx.arg(i)));
    }
  }
  FunctionStore& store = Store(ctx);
  std::vector<const FunctionStore::Library*> libs;
  for (const auto& [name, lib] : store.libraries()) {
    if (!has_pattern || GlobMatch(pattern, name, /*nocase=*/true)) libs.push_back(&lib);
  }
  ctx.reply.Array(static_cast<int64_t>(libs.size()));
  for (const FunctionStore::Library* lib : libs) {
    ctx.reply.Map(with_code ? 4 : 3);
    ctx.reply.Bulk("library_name");
    ctx.reply.Bulk(lib->name);
    ctx.reply.Bulk("engine");
    ctx.reply.Bulk("LUA");
    ctx.reply.Bulk("functions");
    ctx.reply.Array(static_cast<int64_t>(lib->functions.size()));
    for (const std::string& fname : lib->functions) {
      const FunctionStore::Function* f = store.Find(fname);
      ctx.reply.Map(3);
      ctx.reply.Bulk("name");
      ctx.reply.Bulk(fname);
      ctx.reply.Bulk("description");
      if (f != nullptr && f->def.has_description)
        ctx.reply.Bulk(f->def.description);
      else
        ctx.reply.Null();
      ctx.reply.Bulk("flags");
      std::vector<std::string_view> flags;
      if (f != nullptr) flags = FlagNames(f->def.flags);
      ctx.reply.Set(static_cast<int64_t>(flags.size()));
      for (std::string_view flag : flags) ctx.reply.SimpleString(flag);
    }
    if (with_code) {
      ctx.reply.Bulk("library_code");
      ctx.reply.Bulk(lib->code);
    }
  }
}

void FunctionStats(CommandContext& ctx) {
  // Functions run to completion before another command is read: none is ever running here.
  FunctionStore& store = Store(ctx);
  ctx.reply.Map(2);
  ctx.reply.Bulk("running_script");
  ctx.reply.Null();
  ctx.reply.Bulk("engines");
  ctx.reply.Map(1);
  ctx.reply.Bulk("LUA");
  ctx.reply.Map(2);
  ctx.reply.Bulk("libraries_count");
  ctx.reply.Integer(static_cast<int64_t>(store.libraries().size()));
  ctx.reply.Bulk("functions_count");
  ctx.reply.Integer(static_cast<int64_t>(store.function_count()));
}

void FunctionKill(CommandContext& ctx) {
  ctx.reply.Error(errors::kNotBusy);
}

void FunctionDump(CommandContext& ctx) {
  std::vector<std::string> codes;
  for (const auto& [name, lib] : Store(ctx).libraries()) codes.push_back(lib.code);
  ctx.reply.Bulk(rdb::MakeFunctionsPayload(codes));
}

void FunctionRestore(CommandContext& ctx) {
  if (ctx.argc() > 4) {
    return ctx.reply.Error(errors::SubcommandSyntax("FUNCTION", ctx.arg(1)));
  }
  FunctionStore::RestorePolicy policy = FunctionStore::RestorePolicy::kAppend;
  if (ctx.argc() == 4) {
    if (EqualsIgnoreCase(ctx.arg(3), "append"))
      policy = FunctionStore::RestorePolicy::kAppend;
    else if (EqualsIgnoreCase(ctx.arg(3), "replace"))
      policy = FunctionStore::RestorePolicy::kReplace;
    else if (EqualsIgnoreCase(ctx.arg(3), "flush"))
      policy = FunctionStore::RestorePolicy::kFlush;
    else
      return ctx.reply.Error(errors::kFunctionRestorePolicy);
  }
  std::vector<std::string> codes;
  std::string err;
  if (!rdb::VerifyDumpPayload(ctx.arg(2))) return ctx.reply.Error(errors::kFunctionPayload);
  if (!rdb::ReadFunctionsPayload(ctx.arg(2), &codes, &err)) return ctx.reply.Error(err);
  if (!Store(ctx).Restore(codes, policy, &err)) return ctx.reply.Error(err);
  ctx.MarkDirty();
  ctx.reply.Ok();
}

void FunctionHelp(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "LOAD [REPLACE] <FUNCTION CODE>",
      "    Create a new library with the given library name and code.",
      "DELETE <LIBRARY NAME>",
      "    Delete the given library.",
      "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
      "    Return general information on all the libraries:",
      "    * Library name",
      "    * The engine used to run the Library",
      "    * Library description",
      "    * Functions list",
      "    * Library code (if WITHCODE is given)",
      "    It also possible to get only function that matches a pattern using LIBRARYNAME "
      "argument.",
      "STATS",
      "    Return information about the current function running:",
      "    * Function name",
      "    * Command used to run the function",
      "    * Duration in MS that the function is running",
      "    If no function is running, return nil",
      "    In addition, returns a list of available engines.",
      "KILL",
      "    Kill the current running function.",
      "FLUSH [ASYNC|SYNC]",
      "    Delete all the libraries.",
      "    When called without the optional mode argument, the behavior is determined by the",
      "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
      "    * ASYNC: Asynchronously flush the libraries.",
      "    * SYNC: Synchronously flush the libraries.",
      "DUMP",
      "    Return a serialized payload representing the current libraries, can be restored using "
      "FUNCTION RESTORE command",
      "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
      "    Restore the libraries represented by the given payload, it is possible to give a "
      "restore policy to",
      "    control how to handle existing libraries (default APPEND):",
      "    * FLUSH: delete all existing libraries.",
      "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
      "abort.",
      "    * REPLACE: appends the restored libraries to the existing libraries, On collision, "
      "replace the old",
      "      libraries with the new libraries (notice that even on this option there is a "
      "chance of failure",
      "      in case of functions name collision with another library).",
  };
  ReplyHelp(ctx.reply, "function", kHelp);
}

}  // namespace

void RegisterFunctionCommands(CommandRegistry& r) {
  using namespace cmd;
  FamilyRegistrar add(r, "scripting");
  constexpr uint64_t kFcallFlags =
      kNoscript | kStale | kSkipMonitor | kNoMandatoryKeys | kMovableKeys;
  constexpr uint64_t kAcl = kCatSlow | kCatScripting;
  add("fcall", -3, kFcallFlags, kAcl, 0, 0, 0, Fcall, "Invoke a function", "7.0.0",
      "Depends on the function that is executed.");
  add("fcall_ro", -3, kFcallFlags | kReadonly, kAcl, 0, 0, 0, FcallRo,
      "Invoke a read-only function", "7.0.0", "Depends on the function that is executed.");
  r.Add({.name = "function",
         .arity = -2,
         .acl = kCatSlow,
         .summary = "A container for function commands",
         .since = "7.0.0",
         .group = "scripting",
         .complexity = "Depends on subcommand."});
  auto sub = [&](std::string_view name, int arity, uint64_t flags, uint64_t acl, CommandHandler h,
                 std::string_view summary, std::string_view complexity, std::string_view tips) {
    r.AddSub("function", {.name = std::string(name),
                          .arity = arity,
                          .flags = flags,
                          .acl = acl,
                          .handler = h,
                          .summary = summary,
                          .since = "7.0.0",
                          .group = "scripting",
                          .complexity = complexity,
                          .tips = tips});
  };
  constexpr uint64_t kWriteAcl = kAcl | kCatWrite;
  sub("load", -3, kWrite | kDenyOom | kNoscript, kWriteAcl, FunctionLoad,
      "Create a function with the given arguments (name, code, description)",
      "O(1) (considering compilation time is redundant)",
      "request_policy:all_shards response_policy:all_succeeded");
  sub("delete", 3, kWrite | kNoscript, kWriteAcl, FunctionDelete, "Delete a function by name",
      "O(1)", "request_policy:all_shards response_policy:all_succeeded");
  sub("flush", -2, kWrite | kNoscript, kWriteAcl, FunctionFlush, "Deleting all functions",
      "O(N) where N is the number of functions deleted",
      "request_policy:all_shards response_policy:all_succeeded");
  sub("list", -2, kNoscript, kAcl, FunctionList, "List information about all the functions",
      "O(N) where N is the number of functions", "nondeterministic_output_order");
  sub("stats", 2, kNoscript | kAllowBusy, kAcl, FunctionStats,
      "Return information about the function currently running (name, description, duration)",
      "O(1)", "nondeterministic_output request_policy:all_shards response_policy:special");
  sub("kill", 2, kNoscript | kAllowBusy, kAcl, FunctionKill,
      "Kill the function currently in execution.", "O(1)",
      "request_policy:all_shards response_policy:one_succeeded");
  sub("dump", 2, kNoscript, kAcl, FunctionDump,
      "Dump all functions into a serialized binary payload",
      "O(N) where N is the number of functions", "");
  sub("restore", -3, kWrite | kDenyOom | kNoscript, kWriteAcl, FunctionRestore,
      "Restore all the functions on the given payload",
      "O(N) where N is the number of functions "
      "on the payload",
      "request_policy:all_shards response_policy:all_succeeded");
  sub("help", 2, kLoading | kStale, kAcl, FunctionHelp,
      "Show helpful text about the different subcommands", "O(1)", "");
}

}  // namespace ringkv
