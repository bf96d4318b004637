#include "engine/engine.h"

#include <unistd.h>

#include "engine/blocking.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/errors.h"
#include "engine/pubsub.h"
#include "engine/snapshot/point_in_time.h"
#include "engine/snapshot/save_points.h"
#include "engine/scripting/script_engine.h"
#include "engine/util/clock.h"

namespace ringkv {

namespace {

// The reply of a session under CLIENT REPLY OFF / SKIP: dropped while the session is muted, but
// checked at each write as Redis does, so CLIENT REPLY ON still answers OK. Errors are counted.
class MutedReply final : public ReplyBuilder {
 public:
  MutedReply(const Session& s, ReplyBuilder& out) : s_(s), out_(out) {}
  void SimpleString(std::string_view v) override {
    if (On()) out_.SimpleString(v);
  }
  void Integer(int64_t v) override {
    if (On()) out_.Integer(v);
  }
  void Bulk(std::string_view v) override {
    if (On()) out_.Bulk(v);
  }
  void Null() override {
    if (On()) out_.Null();
  }
  void NullArray() override {
    if (On()) out_.NullArray();
  }
  void Double(double v) override {
    if (On()) out_.Double(v);
  }
  void Bool(bool v) override {
    if (On()) out_.Bool(v);
  }
  void Array(int64_t n) override {
    if (On()) out_.Array(n);
  }
  void Map(int64_t n) override {
    if (On()) out_.Map(n);
  }
  void Set(int64_t n) override {
    if (On()) out_.Set(n);
  }
  void Push(int64_t n) override {
    if (On()) out_.Push(n);
  }
  void Verbatim(std::string_view v) override {
    if (On()) out_.Verbatim(v);
  }
  int Protocol() const override { return out_.Protocol(); }

 protected:
  void WriteError(std::string_view msg) override {
    if (On()) out_.Error(msg);
  }

 private:
  bool On() const {
    return s_.reply_mode != ReplyMode::kOff && s_.reply_mode != ReplyMode::kSkipThis;
  }
  const Session& s_;
  ReplyBuilder& out_;
};

// After each command: CLIENT REPLY SKIP mutes the next command only (Redis's
// CLIENT_REPLY_SKIP_NEXT -> CLIENT_REPLY_SKIP -> on).
struct ReplyModeStep {
  Session& s;
  ~ReplyModeStep() {
    if (s.reply_mode == ReplyMode::kSkipThis) s.reply_mode = ReplyMode::kOn;
    else if (s.reply_mode == ReplyMode::kSkipNext) s.reply_mode = ReplyMode::kSkipThis;
  }
};

}  // namespace

Database& CommandContext::db() const { return engine.db(session.db); }
Arena& CommandContext::arena() const { return engine.arena(); }
KeyEntry* CommandContext::AddKey(std::string_view key, Value&& value) {
  KeyEntry* e = db().Add(key, std::move(value), engine.LruClock());
  Notify(config::kNotifyNew, "new", key);
  return e;
}
void CommandContext::Notify(int type, std::string_view event, std::string_view key) const {
  engine.NotifyKeyspaceEvent(type, event, session.db, key);
}

void CommandContext::PropagateAs(std::initializer_list<std::string_view> argv) {
  PropagateAs(std::span<const std::string_view>(argv.begin(), argv.size()));
}

void CommandContext::PropagateAs(std::span<const std::string_view> argv) {
  propagate_override = true;
  effects.emplace_back(argv.begin(), argv.end());
}

Engine::Engine(ServerConfig& config)
    : config_(config),
      arena_(std::make_unique<MallocArena>()),
      blocking_(std::make_unique<BlockingManager>(*this)),
      pubsub_(std::make_unique<PubSub>(&session_io_)),
      watch_(config.databases),
      rng_(std::random_device{}()) {
  for (int i = 0; i < config_.databases; i++) {
    dbs_.push_back(std::make_unique<Database>(*arena_, i));
    dbs_.back()->set_listener(this);
  }
  RegisterAllCommands(commands_);
  scripting_ = std::make_unique<ScriptEngine>(*this);
  runtime_.start_ms = WallClockMs();
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 40; i++) runtime_.run_id.push_back(kHex[rng_() % 16]);
}

Engine::~Engine() {
  scripting_.reset();
  // Databases free their keys through the arena, so they go first.
  dbs_.clear();
  lazy_free_.clear();
}

size_t Engine::FlushDatabase(int index, bool lazy) {
  Database& db = *dbs_[index];
  if (watch_.Any(index)) watch_.TouchAll(db, nullptr, WallClockMs());
  // A snapshot in progress keeps the keys it has not written yet: write them before they go.
  if (snapshot_ != nullptr) snapshot_->DrainDatabase(index);
  size_t n = db.size();
  if (!lazy || n < 64) {  // small ones are cheaper to free now, as Redis's LAZYFREE_THRESHOLD
    db.Clear();
    return n;
  }
  auto detached = std::make_unique<Database>(*arena_, index);
  db.Swap(*detached);
  lazy_free_.push_back(std::move(detached));
  return n;
}

size_t Engine::lazy_free_pending() const {
  size_t n = 0;
  for (const auto& d : lazy_free_) n += d->size();
  return n;
}

Session& Engine::OpenSession() {
  auto s = std::make_unique<Session>();
  s->id = next_session_id_++;
  s->created_ms = s->last_interaction_ms = WallClockMs();
  s->authenticated = config_.requirepass.empty();
  Session& ref = *s;
  sessions_[ref.id] = std::move(s);
  stats_.total_connections_received++;
  return ref;
}

void Engine::CloseSession(Session& s) {
  if (s.blocked) blocking_->Forget(s);
  pubsub_->RemoveSession(s);
  DiscardTransaction(s);  // a disconnect mid-transaction drops it
  sessions_.erase(s.id);
}

bool Engine::Reprocess(Session& session, std::span<const std::string_view> argv,
                       ReplyBuilder& reply) {
  reprocessing_ = true;
  last_blocked_ = false;
  Execute(session, argv, reply);
  reprocessing_ = false;
  return !last_blocked_;
}

uint32_t Engine::LruClock() const {
  // Redis's LRU clock: seconds, 24 bits.
  return static_cast<uint32_t>((WallClockMs() / 1000) & ((1u << 24) - 1));
}

KeyEntry* Engine::LookupRead(Database& db, std::string_view key, int64_t now_ms) {
  KeyEntry* e = db.Lookup(key, now_ms);
  if (e == nullptr) {
    stats_.keyspace_misses++;
    NotifyKeyspaceEvent(config::kNotifyKeyMiss, "keymiss", db.index(), key);
    return nullptr;
  }
  stats_.keyspace_hits++;
  e->lru = LruClock();
  return e;
}

KeyEntry* Engine::LookupWrite(Database& db, std::string_view key, int64_t now_ms) {
  KeyEntry* e = db.Lookup(key, now_ms);
  if (e != nullptr) {
    e->lru = LruClock();
    // The caller may change the value in place: a snapshot in progress writes it first.
    db.BeforeChange(e);
    if (watch_.Any(db.index())) write_lookups_.emplace_back(db.index(), std::string(key));
  }
  return e;
}

void Engine::Propagate(int db, std::span<const std::string_view> argv) {
  if (effects_ == nullptr) return;
  if (unit_depth_ == 0) return effects_->Emit(db, argv);  // active expiry: a unit of its own
  unit_effects_.push_back({db, argv.size()});
  for (std::string_view a : argv) {
    unit_effect_bytes_.append(a);
    unit_effect_lens_.push_back(a.size());
  }
}

void Engine::FlushEffects() {
  if (unit_effects_.empty()) return;
  if (effects_ != nullptr) {
    bool wrap = unit_effects_.size() > 1;
    // MULTI in the first effect's database and EXEC in the last's, so neither adds a SELECT.
    static constexpr std::string_view kMulti[] = {"MULTI"};
    static constexpr std::string_view kExec[] = {"EXEC"};
    if (wrap) effects_->Emit(unit_effects_.front().db, kMulti);
    // Emit never propagates (it only writes), so the buffers stay put while they are read.
    const char* p = unit_effect_bytes_.data();
    size_t arg = 0;
    for (const PendingEffect& e : unit_effects_) {
      effect_views_.clear();
      for (size_t i = 0; i < e.argc; i++, arg++) {
        effect_views_.emplace_back(p, unit_effect_lens_[arg]);
        p += unit_effect_lens_[arg];
      }
      effects_->Emit(e.db, effect_views_);
    }
    if (wrap) effects_->Emit(unit_effects_.back().db, kExec);
  }
  unit_effects_.clear();
  unit_effect_lens_.clear();
  // Keep the buffer for the next command unless a big value made it big.
  if (unit_effect_bytes_.capacity() > (1u << 20)) std::string().swap(unit_effect_bytes_);
  else unit_effect_bytes_.clear();
}

void Engine::OnBeforeChange(int db, KeyEntry* e) {
  if (snapshot_ != nullptr) snapshot_->Capture(db, e);
}

void Engine::OnKeyModified(int db, std::string_view key) {
  watch_.Touch(db, key, dbs_[db]->Find(key) != nullptr);
}

void Engine::Watch(Session& s, std::string_view key, int64_t now_ms) {
  Database& db = *dbs_[s.db];
  const KeyEntry* e = db.Find(key);
  watch_.Watch(s, s.db, key, e != nullptr && db.IsExpired(e, now_ms));
  db.set_watched(true);
}

void Engine::UnwatchAll(Session& s) {
  if (s.watched.empty()) return;
  watch_.UnwatchAll(s);
  SyncWatchedFlags();
}

void Engine::SyncWatchedFlags() {
  for (size_t i = 0; i < dbs_.size(); i++) dbs_[i]->set_watched(watch_.Any(static_cast<int>(i)));
}

void Engine::DiscardTransaction(Session& s) {
  s.in_multi = s.multi_aborted = s.watch_dirty = false;
  s.queued.clear();
  s.queued_bytes = 0;
  UnwatchAll(s);
}

void Engine::TouchSwappedDatabases(int a, int b) {
  // A snapshot in progress writes each key under the database it was in when it began.
  if (snapshot_ != nullptr) {
    snapshot_->DrainDatabase(a);
    snapshot_->DrainDatabase(b);
  }
  int64_t now = WallClockMs();
  if (watch_.Any(a)) watch_.TouchAll(*dbs_[a], dbs_[b].get(), now);
  if (watch_.Any(b)) watch_.TouchAll(*dbs_[b], dbs_[a].get(), now);
}

void Engine::OnKeyExpired(int db, std::string_view key) {
  stats_.expired_keys++;
  stats_.dirty++;
  NotifyKeyspaceEvent(config::kNotifyExpired, "expired", db, key);
  std::string_view del[] = {"DEL", key};
  Propagate(db, del);
}

void Engine::NotifyKeyspaceEvent(int type, std::string_view event, int db, std::string_view key) {
  int flags = config_.notify_keyspace_events;
  // Nothing is sent unless the class is enabled and at least one of K (keyspace channel) or E
  // (keyevent channel) is, as Redis.
  if ((flags & type) == 0 || (flags & (config::kNotifyKeyspace | config::kNotifyKeyevent)) == 0) {
    return;
  }
  std::string prefix = std::to_string(db) + "__:";
  if (flags & config::kNotifyKeyspace) {
    pubsub_->Publish("__keyspace@" + prefix + std::string(key), event, false);
  }
  if (flags & config::kNotifyKeyevent) {
    pubsub_->Publish("__keyevent@" + prefix + std::string(event), key, false);
  }
}

void Engine::CountError(std::string_view error_line) {
  stats_.total_error_replies++;
  std::string_view prefix = error_line.substr(0, error_line.find(' '));
  auto it = stats_.error_counts.find(prefix);
  if (it != stats_.error_counts.end()) {
    it->second++;
  } else if (stats_.error_counts.size() < 128) {
    // Redis caps the errorstats table at 128 distinct prefixes.
    stats_.error_counts.emplace(std::string(prefix), 1);
  }
}

void Engine::Execute(Session& session, std::span<const std::string_view> argv,
                     ReplyBuilder& client_reply) {
  if (argv.empty()) return;
  // CLIENT REPLY OFF / SKIP: the command runs, its reply goes nowhere. (A session that is not
  // muted now can only become muted through CLIENT REPLY OFF/SKIP, which write nothing.)
  MutedReply muted(session, client_reply);
  bool is_muted =
      session.reply_mode == ReplyMode::kOff || session.reply_mode == ReplyMode::kSkipThis;
  ReplyBuilder& reply = is_muted ? static_cast<ReplyBuilder&>(muted) : client_reply;
  ReplyModeStep reply_mode_step{session};
  session.last_interaction_ms = WallClockMs();

  unit_depth_++;
  Dispatch(session, argv, reply);
  if (--unit_depth_ == 0) FlushEffects();
  // Clients blocked on keys this command (or transaction) filled are served once it completed.
  if (!reprocessing_ && blocking_->HasReady()) blocking_->ServeReady();
}

void Engine::Reject(Session& session, const CommandSpec* spec, std::string_view error,
                    ReplyBuilder& reply) {
  if (spec != nullptr) spec->rejected_calls++;
  if (session.in_multi) session.multi_aborted = true;  // Redis's flagTransaction
  if (spec != nullptr && spec->fullname == "exec") {
    // EXEC itself refused: the transaction is discarded with the reason (execCommandAbort) —
    // also outside MULTI, where only the watched keys are dropped.
    DiscardTransaction(session);
    reply.Error(errors::ExecAbortBecause(error));
  } else {
    reply.Error(error);
  }
  CountError(reply.last_error());
}

void Engine::Dispatch(Session& session, std::span<const std::string_view> argv,
                      ReplyBuilder& reply) {
  const CommandSpec* spec = commands_.Find(argv[0]);
  if (spec == nullptr) {
    return Reject(session, nullptr,
                  errors::UnknownCommand(argv[0], argv.data() + 1, argv.size() - 1), reply);
  }
  // A container runs a subcommand; alone it is a call of its own (COMMAND) if it has a handler.
  if (!spec->subcommands.empty() && (argv.size() >= 2 || spec->handler == nullptr)) {
    if (argv.size() < 2) return Reject(session, spec, errors::WrongArity(spec->fullname), reply);
    const CommandSpec* sub = commands_.FindSub(*spec, argv[1]);
    if (sub == nullptr) {
      return Reject(session, nullptr, errors::UnknownSubcommand(spec->name, argv[1]), reply);
    }
    spec = sub;
  }
  int argc = static_cast<int>(argv.size());
  if ((spec->arity > 0 && argc != spec->arity) || (spec->arity < 0 && argc < -spec->arity)) {
    return Reject(session, spec, errors::WrongArity(spec->fullname), reply);
  }
  if (!session.authenticated && !(spec->flags & cmd::kNoAuth)) {
    return Reject(session, spec, errors::kNoAuth, reply);
  }
  if (loading() && !session.loader && !(spec->flags & cmd::kLoading)) {
    return Reject(session, spec, errors::kLoading, reply);
  }
  bool is_exec = spec->fullname == "exec";
  // Redis's writeCommandsDeniedByDiskError: a failed BGSAVE with save points configured (and
  // stop-writes-on-bgsave-error), else a failed AOF write.
  bool bgsave_error = config_.stop_writes_on_bgsave_error && !config_.save.empty() &&
                      !stats_.rdb_last_bgsave_ok;
  if (bgsave_error || !persistence_error_.empty()) {
    // EXEC counts as a write when it would run one (Redis's mstate.cmd_flags).
    bool writes = (spec->flags & cmd::kWrite) || spec->fullname == "ping";
    if (is_exec && session.in_multi) {
      for (const QueuedCommand& q : session.queued) writes |= (q.spec->flags & cmd::kWrite) != 0;
    }
    if (writes && bgsave_error) return Reject(session, spec, errors::kBgsaveMisconf, reply);
    if (writes) return Reject(session, spec, "MISCONF " + persistence_error_, reply);
  }
  if (session.resp == 2 && session.in_pubsub() && !PubSub::AllowedWhileSubscribed(spec->fullname)) {
    return Reject(session, spec, errors::NotInSubscribedMode(spec->fullname), reply);
  }
  if (session.in_multi) {
    if (spec->flags & cmd::kNoMulti) {
      return Reject(session, spec, errors::kNotAllowedInMulti, reply);
    }
    // Everything but the transaction's own commands (and QUIT, RESET) is queued.
    const std::string& n = spec->fullname;
    if (!is_exec && n != "discard" && n != "multi" && n != "watch" && n != "quit" &&
        n != "reset") {
      // An aborted transaction keeps nothing: EXEC will only answer EXECABORT.
      if (!session.multi_aborted) {
        QueuedCommand& q = session.queued.emplace_back();
        q.spec = spec;
        q.argv.assign(argv.begin(), argv.end());
        for (std::string_view a : argv) session.queued_bytes += a.size();
      }
      session.last_command = spec->fullname;
      reply.SimpleString("QUEUED");
      return;
    }
  }
  Call(session, argv, *spec, reply, /*no_blocking=*/false);
}

void Engine::CallQueued(Session& session, const QueuedCommand& cmd, ReplyBuilder& reply) {
  std::vector<std::string_view> argv(cmd.argv.begin(), cmd.argv.end());
  Call(session, argv, *cmd.spec, reply, /*no_blocking=*/true);
}

bool Engine::CallFromScript(Session& s, std::span<const std::string_view> argv,
                            ReplyBuilder& reply, bool read_only, bool propagate,
                            std::string* err) {
  // Redis's scriptCall: the checks a script's command passes before it runs.
  const CommandSpec* spec = commands_.Find(argv[0]);
  // A container alone is checked as itself (its arity refuses it), as lookupCommandLogic.
  if (spec != nullptr && !spec->subcommands.empty() && argv.size() >= 2) {
    spec = commands_.FindSub(*spec, argv[1]);
  }
  if (spec == nullptr) {
    *err = errors::kScriptUnknownCommand;
    return false;
  }
  int argc = static_cast<int>(argv.size());
  if ((spec->arity > 0 && argc != spec->arity) || (spec->arity < 0 && argc < -spec->arity) ||
      spec->handler == nullptr) {
    *err = errors::kScriptWrongArity;
    return false;
  }
  if (spec->flags & cmd::kNoscript) {
    *err = errors::kScriptNotAllowed;
    return false;
  }
  if (spec->flags & cmd::kWrite) {
    if (read_only) {
      *err = errors::kScriptWriteInReadOnly;
      return false;
    }
    if (!persistence_error_.empty()) {
      *err = "-MISCONF " + persistence_error_;
      return false;
    }
  }
  bool saved = no_propagate_;
  no_propagate_ = !propagate;
  Call(s, argv, *spec, reply, /*no_blocking=*/true);
  no_propagate_ = saved;
  return true;
}

void Engine::Call(Session& session, std::span<const std::string_view> argv,
                  const CommandSpec& spec, ReplyBuilder& reply, bool no_blocking) {
  uint64_t errors_before = reply.error_count();
  uint64_t counted_before = stats_.total_error_replies;
  CommandContext ctx{*this, session, reply, argv, spec, WallClockMs()};
  ctx.reprocessing = reprocessing_;
  ctx.no_blocking = no_blocking;
  session.last_command = spec.fullname;  // CLIENT LIST shows the running command, as Redis
  size_t lookups_before = write_lookups_.size();
  int64_t start = MonotonicUs();
  spec.handler(ctx);
  spec.usec += static_cast<uint64_t>(MonotonicUs() - start);
  spec.calls++;
  stats_.total_commands_processed++;
  // An error this command wrote itself (EXEC's queued commands count their own; CONFIG
  // RESETSTAT may have zeroed the counter meanwhile).
  uint64_t written = reply.error_count() - errors_before;
  uint64_t counted_inside = stats_.total_error_replies >= counted_before
                                ? stats_.total_error_replies - counted_before
                                : 0;
  if (written > counted_inside) {
    spec.failed_calls++;
    CountError(reply.last_error());
  }
  if (ctx.dirty > 0 || ctx.propagate_override) {
    stats_.dirty += ctx.dirty;
    if (no_propagate_) {
      // redis.set_repl(REPL_NONE): the change stays local.
    } else if (!ctx.propagate_override) {
      Propagate(session.db, argv);
    } else {
      std::vector<std::string_view> views;
      for (const auto& effect : ctx.effects) {
        views.assign(effect.begin(), effect.end());
        Propagate(session.db, views);
      }
    }
  }
  // Keys changed in place (a push to an existing list...) reach the watchers here; keys added,
  // replaced or deleted were reported by the Database already.
  if (write_lookups_.size() > lookups_before) {
    if (ctx.dirty > 0) {
      for (size_t i = lookups_before; i < write_lookups_.size(); i++) {
        auto& [db, key] = write_lookups_[i];
        if (dbs_[db]->Find(key) != nullptr) watch_.Touch(db, key, true);
      }
    }
    write_lookups_.resize(lookups_before);
  }
  last_blocked_ = ctx.blocked;
}

void Engine::StartLoading(uint64_t total_bytes) {
  stats_.loading_start_ms = WallClockMs();
  stats_.loading_total_bytes = total_bytes;
  stats_.loading_loaded_bytes = 0;
  loading_served_bytes_ = 0;
  loading_served_us_ = MonotonicUs();
}

void Engine::AddLoadedBytes(uint64_t n) {
  if (!loading()) return;  // DEBUG RELOAD and friends load inside a command: nobody is served
  stats_.loading_loaded_bytes += n;
  // Every loading-process-events-interval-bytes, as Redis, and at least every 100 ms.
  const auto every_bytes = static_cast<uint64_t>(config_.loading_process_events_interval_bytes);
  constexpr int64_t kServeEveryUs = 100000;
  int64_t now = MonotonicUs();
  if (stats_.loading_loaded_bytes - loading_served_bytes_ >= every_bytes ||
      now - loading_served_us_ >= kServeEveryUs) {
    loading_served_bytes_ = stats_.loading_loaded_bytes;
    loading_served_us_ = now;
    if (serve_while_loading_) serve_while_loading_();
  }
}

void Engine::StopLoading() { stats_.loading_start_ms = 0; }

void Engine::Cron() {
  int64_t now_us = MonotonicUs();
  // Instantaneous metrics, as INFO's instantaneous_ops_per_sec.
  if (stats_.last_sample_us != 0) {
    double secs = static_cast<double>(now_us - stats_.last_sample_us) / 1e6;
    if (secs > 0) {
      stats_.ops_per_sec =
          static_cast<double>(stats_.total_commands_processed - stats_.last_sample_commands) / secs;
      stats_.input_kbps =
          static_cast<double>(stats_.total_net_input_bytes - stats_.last_sample_in) / secs / 1024;
      stats_.output_kbps =
          static_cast<double>(stats_.total_net_output_bytes - stats_.last_sample_out) / secs / 1024;
    }
  }
  stats_.last_sample_us = now_us;
  stats_.used_memory_peak = std::max<uint64_t>(stats_.used_memory_peak, arena_->UsedBytes());
  stats_.last_sample_commands = stats_.total_commands_processed;
  stats_.last_sample_in = stats_.total_net_input_bytes;
  stats_.last_sample_out = stats_.total_net_output_bytes;

  // Nothing else runs while loading (Redis serves only file events then): keys must not expire
  // or be saved halfway through a load.
  if (loading()) return;
  // Active expiry: Redis's slow cycle gets 25% of a cron period (more with higher effort).
  if (active_expire_) {
    int effort = config_.active_expire_effort - 1;  // 0..9
    int keys_per_loop = 20 + 20 / 4 * effort;
    int stale = 10 - effort;
    int64_t budget_us = (1000000 / std::max(1, config_.hz)) * (25 + 2 * effort) / 100;
    int64_t deadline = now_us + budget_us;
    int64_t now_ms = WallClockMs();
    for (int i = 0; i < db_count() && MonotonicUs() < deadline; i++) {
      Database& d = *dbs_[(cron_db_ + i) % db_count()];
      if (d.expires_size() == 0) continue;
      d.ActiveExpire(now_ms, keys_per_loop, stale, &MonotonicUs, deadline);
    }
    cron_db_ = (cron_db_ + 1) % db_count();
  }
  RunPersistenceCron(*this);
  // Free flushed databases a slice at a time.
  size_t budget = 20000;
  while (!lazy_free_.empty() && budget > 0) {
    size_t freed = lazy_free_.back()->DeleteSome(budget);
    budget -= std::min(budget, freed);
    if (lazy_free_.back()->size() == 0) lazy_free_.pop_back();
  }
  // Incremental rehash: about 1 ms of work per database per cron, as Redis's activerehashing.
  for (auto& d : dbs_) d->RehashStep(100);
}

}  // namespace ringkv
