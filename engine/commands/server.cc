// Server commands: TIME LASTSAVE SAVE BGSAVE BGREWRITEAOF SHUTDOWN here; INFO, CLIENT, CONFIG, COMMAND and DEBUG live
// in their own files and are registered from RegisterServerFamily.
#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/clock.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

void Time(CommandContext& ctx) {
  int64_t us = WallClockUs();
  ctx.reply.Array(2);
  ctx.reply.Bulk(Int64ToString(us / 1000000));
  ctx.reply.Bulk(Int64ToString(us % 1000000));
}

// Before the first save, the last save is the start of the server, as Redis reports.
void LastSave(CommandContext& ctx) {
  int64_t t = ctx.engine.stats().lastsave_s;
  ctx.reply.Integer(t != 0 ? t : ctx.engine.runtime().start_ms / 1000);
}

// SAVE: a synchronous snapshot to dir/dbfilename. Redis replies a bare "-ERR" when it fails (the
// reason goes to the log).
void Save(CommandContext& ctx) {
  std::string error;
  SnapshotHooks* h = ctx.engine.snapshot_hooks();
  if (h != nullptr && h->BackgroundSaveInProgress()) {
    return ctx.reply.Error(errors::kBgsaveInProgress);
  }
  if (h == nullptr || !h->Save(&error)) return ctx.reply.Error("ERR");
  ctx.reply.Ok();
}

// Writes a hook's "+..." / "-..." reply line.
void ReplyLine(CommandContext& ctx, std::string_view line) {
  if (!line.empty() && line[0] == '-') return ctx.reply.Error(line.substr(1));
  ctx.reply.SimpleString(line.empty() ? line : line.substr(1));
}

// BGSAVE [SCHEDULE]: a point-in-time snapshot written in the background, without fork().
void BgSave(CommandContext& ctx) {
  bool schedule = false;
  if (ctx.argc() > 1) {
    if (ctx.argc() == 2 && EqualsIgnoreCase(ctx.arg(1), "schedule")) schedule = true;
    else return ctx.reply.Error(errors::kSyntax);
  }
  SnapshotHooks* h = ctx.engine.snapshot_hooks();
  if (h == nullptr) return ctx.reply.Error("ERR Background saving is not available");
  // no_blocking: inside EXEC (scripts cannot call BGSAVE), where Redis schedules it for after.
  ReplyLine(ctx, h->RequestBackgroundSave(schedule, ctx.no_blocking));
}

// BGREWRITEAOF: a new AOF base from a point-in-time snapshot, while writes go to a new
// incremental file.
void BgRewriteAof(CommandContext& ctx) {
  SnapshotHooks* h = ctx.engine.snapshot_hooks();
  if (h == nullptr) return ctx.reply.Error("ERR Background AOF rewriting is not available");
  ReplyLine(ctx, h->RequestAofRewrite());
}

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. On success nothing is replied: the frontend sees
// shutdown_requested() and stops, closing every connection.
void Shutdown(CommandContext& ctx) {
  bool nosave = false, save = false, force = false, abort = false, any = false;
  for (size_t i = 1; i < ctx.argc(); i++) {
    std::string_view a = ctx.arg(i);
    if (EqualsIgnoreCase(a, "nosave")) nosave = any = true;
    else if (EqualsIgnoreCase(a, "save")) save = any = true;
    else if (EqualsIgnoreCase(a, "now")) any = true;  // no replicas to wait for
    else if (EqualsIgnoreCase(a, "force")) force = any = true;
    else if (EqualsIgnoreCase(a, "abort")) abort = true;
    else return ctx.reply.Error(errors::kSyntax);
  }
  if ((abort && any) || (nosave && save)) return ctx.reply.Error(errors::kSyntax);
  // A shutdown never waits here (no replicas, no AOF to flush), so none is ever in progress.
  if (abort) return ctx.reply.Error("ERR No shutdown in progress.");
  // Redis saves when asked to or when save points are configured, and refuses to exit if the
  // save fails unless FORCE is given.
  bool wants_save = save || (!nosave && !ctx.engine.config().save.empty());
  if (wants_save) {
    std::string error;
    SnapshotHooks* h = ctx.engine.snapshot_hooks();
    bool saved = h != nullptr && h->Save(&error);
    if (!saved && !force) return ctx.reply.Error("ERR Errors trying to SHUTDOWN. Check logs.");
  }
  ctx.engine.RequestShutdown();
}

}  // namespace

void ReplyHelp(ReplyBuilder& reply, std::string_view command,
               std::span<const std::string_view> lines) {
  reply.Array(static_cast<int64_t>(lines.size()) + 3);
  reply.SimpleString(ToUpper(command) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  for (std::string_view l : lines) reply.SimpleString(l);
  reply.SimpleString("HELP");
  reply.SimpleString("    Prints this help.");
}

void RegisterServerFamily(CommandRegistry& r) {
  r.Add({.name = "time", .arity = 1, .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
         .acl = cmd::kCatFast, .handler = Time, .summary = "Return the current server time",
         .since = "2.6.0", .group = "server", .complexity = "O(1)",
         .tips = "nondeterministic_output"});
  r.Add({.name = "lastsave", .arity = 1, .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
         .acl = cmd::kCatAdmin | cmd::kCatFast | cmd::kCatDangerous, .handler = LastSave,
         .summary = "Get the UNIX time stamp of the last successful save to disk", .since = "1.0.0",
         .group = "server", .complexity = "O(1)", .tips = "nondeterministic_output"});
  r.Add({.name = "save", .arity = 1,
         .flags = cmd::kAdmin | cmd::kNoscript | cmd::kNoAsyncLoading | cmd::kNoMulti,
         .acl = cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous, .handler = Save,
         .summary = "Synchronously save the dataset to disk", .since = "1.0.0",
         .group = "server",
         .complexity = "O(N) where N is the total number of keys in all databases"});
  r.Add({.name = "bgsave", .arity = -1,
         .flags = cmd::kAdmin | cmd::kNoscript | cmd::kNoAsyncLoading,
         .acl = cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous, .handler = BgSave,
         .summary = "Asynchronously save the dataset to disk", .since = "1.0.0",
         .group = "server",
         .complexity = "O(N) where N is the total number of keys in all databases"});
  r.Add({.name = "bgrewriteaof", .arity = 1,
         .flags = cmd::kAdmin | cmd::kNoscript | cmd::kNoAsyncLoading,
         .acl = cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous, .handler = BgRewriteAof,
         .summary = "Asynchronously rewrite the append-only file", .since = "1.0.0",
         .group = "server", .complexity = "O(1)"});
  r.Add({.name = "shutdown", .arity = -1,
         .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kNoMulti |
                  cmd::kAllowBusy,
         .acl = cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous, .handler = Shutdown,
         .summary = "Synchronously save the dataset to disk and then shut down the server",
         .since = "1.0.0", .group = "server",
         .complexity = "O(N) when saving, where N is the total number of keys in all databases "
                       "when saving data, otherwise O(1)"});
  RegisterInfoCommand(r);
  RegisterClientCommand(r);
  RegisterConfigCommand(r);
  RegisterCommandCommand(r);
  RegisterDebugCommand(r);
}

}  // namespace ringkv
