// Transactions: MULTI EXEC DISCARD WATCH UNWATCH, as Redis 7.0.
//
// Queueing happens in the dispatcher (Engine::Dispatch): between MULTI and EXEC every command but
// EXEC, DISCARD, MULTI, WATCH, QUIT and RESET is checked (existence, arity, authentication,
// MISCONF, no-multi) and queued with +QUEUED; a refusal flags the transaction so EXEC answers
// EXECABORT. EXEC runs the queue as one execution unit: nothing else runs in between, blocking
// commands answer at once as on a timeout, the effects reach the AOF wrapped in MULTI ... EXEC
// when there are several, and clients blocked on keys it filled are served after it. Runtime
// errors of queued commands (WRONGTYPE...) are replies in EXEC's array; the rest still run.
#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"

namespace ringkv {
namespace {

void Multi(CommandContext& ctx) {
  // Not a rejection: a nested MULTI (like WATCH below) leaves the transaction valid.
  if (ctx.session.in_multi) return ctx.reply.Error(errors::kMultiNested);
  ctx.session.in_multi = true;
  ctx.reply.Ok();
}

void Discard(CommandContext& ctx) {
  if (!ctx.session.in_multi) return ctx.reply.Error(errors::kDiscardWithoutMulti);
  ctx.engine.DiscardTransaction(ctx.session);
  ctx.reply.Ok();
}

void Exec(CommandContext& ctx) {
  Session& s = ctx.session;
  if (!s.in_multi) return ctx.reply.Error(errors::kExecWithoutMulti);
  if (ctx.engine.WatchedKeyExpired(s, ctx.now_ms)) s.watch_dirty = true;
  if (s.multi_aborted || s.watch_dirty) {
    if (s.multi_aborted) ctx.reply.Error(errors::kExecAbort);
    else ctx.reply.NullArray();
    ctx.engine.DiscardTransaction(s);
    return;
  }
  // Unwatch first: the transaction's own writes must not mark it (and it saves the work).
  ctx.engine.UnwatchAll(s);
  std::vector<QueuedCommand> queued;
  queued.swap(s.queued);
  ctx.reply.Array(static_cast<int64_t>(queued.size()));
  for (const QueuedCommand& q : queued) ctx.engine.CallQueued(s, q, ctx.reply);
  ctx.engine.DiscardTransaction(s);
  s.last_command = ctx.spec.fullname;  // CLIENT LIST cmd=exec, not the last queued command
}

void Watch(CommandContext& ctx) {
  if (ctx.session.in_multi) return ctx.reply.Error(errors::kWatchInMulti);
  for (size_t i = 1; i < ctx.argc(); i++) ctx.engine.Watch(ctx.session, ctx.arg(i), ctx.now_ms);
  ctx.reply.Ok();
}

void Unwatch(CommandContext& ctx) {
  ctx.engine.UnwatchAll(ctx.session);
  ctx.session.watch_dirty = false;
  ctx.reply.Ok();
}

}  // namespace

void RegisterTransactionFamily(CommandRegistry& r) {
  using namespace cmd;
  FamilyRegistrar add(r, "transactions");
  constexpr uint64_t kBase = kNoscript | kLoading | kStale;
  add("multi", 1, kBase | kFast | kAllowBusy, kCatFast | kCatTransaction, 0, 0, 0, Multi,
      "Mark the start of a transaction block", "1.2.0", "O(1)");
  add("exec", 1, kBase | kSkipSlowlog, kCatSlow | kCatTransaction, 0, 0, 0, Exec,
      "Execute all commands issued after MULTI", "1.2.0",
      "Depends on commands in the transaction");
  add("discard", 1, kBase | kFast | kAllowBusy, kCatFast | kCatTransaction, 0, 0, 0, Discard,
      "Discard all commands issued after MULTI", "2.0.0",
      "O(N), when N is the number of queued commands");
  add("watch", -2, kBase | kFast | kAllowBusy, kCatFast | kCatTransaction, 1, -1, 1, Watch,
      "Watch the given keys to determine execution of the MULTI/EXEC block", "2.2.0",
      "O(1) for every key.");
  add("unwatch", 1, kBase | kFast | kAllowBusy, kCatFast | kCatTransaction, 0, 0, 0, Unwatch,
      "Forget about all watched keys", "2.2.0", "O(1)");
}

}  // namespace ringkv
