#include "engine/engine.h"

#include <unistd.h>

#include "engine/blocking.h"
#include "engine/commands/register.h"
#include "engine/errors.h"
#include "engine/pubsub.h"
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
      rng_(std::random_device{}()) {
  for (int i = 0; i < config_.databases; i++) {
    dbs_.push_back(std::make_unique<Database>(*arena_, i));
    dbs_.back()->set_listener(this);
  }
  RegisterAllCommands(commands_);
  runtime_.start_ms = WallClockMs();
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 40; i++) runtime_.run_id.push_back(kHex[rng_() % 16]);
}

Engine::~Engine() {
  // Databases free their keys through the arena, so they go first.
  dbs_.clear();
  lazy_free_.clear();
}

size_t Engine::FlushDatabase(int index, bool lazy) {
  Database& db = *dbs_[index];
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
    return nullptr;
  }
  stats_.keyspace_hits++;
  e->lru = LruClock();
  return e;
}

KeyEntry* Engine::LookupWrite(Database& db, std::string_view key, int64_t now_ms) {
  KeyEntry* e = db.Lookup(key, now_ms);
  if (e != nullptr) e->lru = LruClock();
  return e;
}

void Engine::Propagate(int db, std::span<const std::string_view> argv) {
  if (effects_ != nullptr) effects_->Emit(db, argv);
}

void Engine::OnKeyExpired(int db, std::string_view key) {
  stats_.expired_keys++;
  stats_.dirty++;
  std::string_view del[] = {"DEL", key};
  Propagate(db, del);
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
  uint64_t errors_before = reply.error_count();

  const CommandSpec* spec = commands_.Find(argv[0]);
  if (spec == nullptr) {
    reply.Error(errors::UnknownCommand(argv[0], argv.data() + 1, argv.size() - 1));
    CountError(reply.last_error());
    return;
  }
  // A container runs a subcommand; alone it is a call of its own (COMMAND) if it has a handler.
  if (!spec->subcommands.empty() && (argv.size() >= 2 || spec->handler == nullptr)) {
    if (argv.size() < 2) {
      reply.Error(errors::WrongArity(spec->fullname));
      CountError(reply.last_error());
      spec->rejected_calls++;
      return;
    }
    const CommandSpec* sub = commands_.FindSub(*spec, argv[1]);
    if (sub == nullptr) {
      reply.Error(errors::UnknownSubcommand(spec->name, argv[1]));
      CountError(reply.last_error());
      return;
    }
    spec = sub;
  }
  int argc = static_cast<int>(argv.size());
  if ((spec->arity > 0 && argc != spec->arity) || (spec->arity < 0 && argc < -spec->arity)) {
    reply.Error(errors::WrongArity(spec->fullname));
    CountError(reply.last_error());
    spec->rejected_calls++;
    return;
  }
  if (!session.authenticated && !(spec->flags & cmd::kNoAuth)) {
    reply.Error(errors::kNoAuth);
    CountError(reply.last_error());
    spec->rejected_calls++;
    return;
  }
  if (!persistence_error_.empty() && ((spec->flags & cmd::kWrite) || spec->fullname == "ping")) {
    reply.Error("MISCONF " + persistence_error_);
    CountError(reply.last_error());
    spec->rejected_calls++;
    return;
  }

  if (session.resp == 2 && session.in_pubsub() && !PubSub::AllowedWhileSubscribed(spec->fullname)) {
    reply.Error(errors::NotInSubscribedMode(spec->fullname));
    CountError(reply.last_error());
    spec->rejected_calls++;
    return;
  }

  CommandContext ctx{*this, session, reply, argv, *spec, WallClockMs()};
  ctx.reprocessing = reprocessing_;
  session.last_command = spec->fullname;  // CLIENT LIST shows the running command, as Redis
  int64_t start = MonotonicUs();
  spec->handler(ctx);
  spec->usec += static_cast<uint64_t>(MonotonicUs() - start);
  spec->calls++;
  stats_.total_commands_processed++;
  if (reply.error_count() != errors_before) {
    spec->failed_calls++;
    CountError(reply.last_error());
  }
  if (ctx.dirty > 0 || ctx.propagate_override) {
    stats_.dirty += ctx.dirty;
    if (effects_ != nullptr) {
      if (!ctx.propagate_override) {
        effects_->Emit(session.db, argv);
      } else {
        std::vector<std::string_view> views;
        for (const auto& effect : ctx.effects) {
          views.assign(effect.begin(), effect.end());
          effects_->Emit(session.db, views);
        }
      }
    }
  }
  last_blocked_ = ctx.blocked;
  // Clients blocked on keys this command filled are served once it has completed.
  if (!reprocessing_ && blocking_->HasReady()) blocking_->ServeReady();
}

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
