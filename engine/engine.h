// Engine: one shard's data and command execution — sixteen databases, the command table, client
// sessions, statistics and periodic work. Pure logic: no sockets, files or io_uring.
//
// The frontend calls Execute() for every parsed command of a connection and Cron() `hz` times a
// second; replies go to the ReplyBuilder it passes, effects to the EffectSink it installs. One
// thread owns an Engine, so every command runs atomically without locks.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/arena.h"
#include "engine/command.h"
#include "engine/command_context.h"
#include "engine/config/server_config.h"
#include "engine/effects.h"
#include "engine/keyspace/database.h"
#include "engine/reply_builder.h"
#include "engine/session.h"
#include "engine/snapshot_hooks.h"
#include "engine/watch.h"

namespace ringkv {

class BlockingManager;
class PointInTimeSnapshot;
class PubSub;
class ScriptEngine;

// The frontend's side of sessions the engine answers outside their own command: a blocked client
// served by another client's push, a timeout, later pub/sub messages.
class SessionIo {
 public:
  virtual ~SessionIo() = default;
  // The reply stream of `s`; what is written is sent with the next flush.
  virtual ReplyBuilder& ReplyFor(Session& s) = 0;
  // `s` is no longer blocked: resume processing its pending input.
  virtual void Unblocked(Session& s) = 0;
};

struct EngineStats {
  uint64_t total_commands_processed = 0;
  uint64_t total_connections_received = 0;
  uint64_t rejected_connections = 0;
  uint64_t expired_keys = 0;
  uint64_t evicted_keys = 0;
  uint64_t keyspace_hits = 0;
  uint64_t keyspace_misses = 0;
  uint64_t total_error_replies = 0;
  uint64_t unexpected_error_replies = 0;
  uint64_t total_net_input_bytes = 0;
  uint64_t total_net_output_bytes = 0;
  uint64_t dirty = 0;  // changes since the last save
  std::map<std::string, uint64_t, std::less<>> error_counts;  // INFO errorstats, by prefix
  // Instantaneous ops/sec: samples taken by Cron.
  int64_t last_sample_us = 0;
  uint64_t last_sample_commands = 0;
  uint64_t last_sample_in = 0;
  uint64_t last_sample_out = 0;
  double ops_per_sec = 0, input_kbps = 0, output_kbps = 0;
  uint64_t used_memory_peak = 0;        // INFO memory; updated by Cron and INFO
  uint64_t total_reads_processed = 0;   // kept by the frontend (INFO stats)
  uint64_t total_writes_processed = 0;  // kept by the frontend (INFO stats)
  // Snapshots (INFO persistence, LASTSAVE), kept by the SnapshotHooks. lastsave_s 0: none yet
  // (LASTSAVE then reports the start time, as Redis does before its first save).
  int64_t lastsave_s = 0;
  uint64_t rdb_saves = 0;
  int64_t rdb_last_save_duration_s = -1;
  uint64_t rdb_last_load_keys_loaded = 0;
  uint64_t rdb_last_load_keys_expired = 0;
  // Background saves and AOF rewrites (INFO persistence), kept by the snapshot driver.
  // *_start_ms is 0 when none is in progress.
  int64_t rdb_bgsave_start_ms = 0;
  bool rdb_last_bgsave_ok = true;
  int64_t rdb_last_bgsave_time_s = -1;
  int64_t aof_rewrite_start_ms = 0;
  bool aof_rewrite_scheduled = false;
  bool aof_last_bgrewrite_ok = true;
  int64_t aof_last_rewrite_time_s = -1;
  uint64_t aof_rewrites = 0;
  uint64_t aof_rewrites_consecutive_failures = 0;
  int64_t lastbgsave_try_s = 0;  // for the save points' retry delay after a failed BGSAVE
  // Start-up loading (INFO persistence loading_*); loading_start_ms is 0 when not loading.
  int64_t loading_start_ms = 0;
  uint64_t loading_total_bytes = 0;
  uint64_t loading_loaded_bytes = 0;
  uint64_t aof_base_size = 0;     // AOF size after the last rewrite (auto-aof-rewrite-percentage)
  uint64_t aof_current_size = 0;
};

// What the frontend tells the engine about the process, for INFO server.
struct RuntimeInfo {
  std::string io_backend;      // "io_uring" or "epoll"
  std::string executable;
  std::string run_id;
  int64_t start_ms = 0;
};

class Engine final : public KeyspaceListener {
 public:
  explicit Engine(ServerConfig& config);
  ~Engine() override;

  ServerConfig& config() { return config_; }
  const CommandRegistry& commands() const { return commands_; }
  Arena& arena() { return *arena_; }
  Database& db(int index) { return *dbs_[index]; }
  int db_count() const { return static_cast<int>(dbs_.size()); }
  EngineStats& stats() { return stats_; }
  RuntimeInfo& runtime() { return runtime_; }

  void set_effect_sink(EffectSink* sink) { effects_ = sink; }

  // Sessions: the frontend registers each connection's session for its lifetime.
  Session& OpenSession();
  void CloseSession(Session& s);
  const std::map<uint64_t, std::unique_ptr<Session>>& sessions() const { return sessions_; }

  // Runs one command (argv[0] is its name) for `session`, writing its reply to `reply`.
  void Execute(Session& session, std::span<const std::string_view> argv, ReplyBuilder& reply);

  // Runs a checked command (a queued one, by EXEC): no queueing, no blocking; its effects join
  // the current unit's.
  void CallQueued(Session& session, const QueuedCommand& cmd, ReplyBuilder& reply);

  // A command called by a Lua script (redis.call) as `s`, the script's own client. False, with
  // the bare error text in *err ("Unknown Redis command called from script"...), when it is
  // refused before running: unknown, wrong arity, noscript, a write in a read-only script, or a
  // write while persistence fails. Otherwise it runs as a queued command does (no blocking;
  // effects join the current unit's unless `propagate` is false: redis.set_repl).
  bool CallFromScript(Session& s, std::span<const std::string_view> argv, ReplyBuilder& reply,
                      bool read_only, bool propagate, std::string* err);
  // Lua scripting (engine/scripting/): the interpreter and the script cache.
  ScriptEngine& scripting() { return *scripting_; }

  // MULTI/EXEC and WATCH state (engine/commands/transaction.cc drives them).
  void Watch(Session& s, std::string_view key, int64_t now_ms);
  void UnwatchAll(Session& s);
  // EXEC: a watched key expired since WATCH (it counts as changed).
  bool WatchedKeyExpired(const Session& s, int64_t now_ms) {
    return watch_.AnyExpired(s, dbs_, now_ms);
  }
  // Leaves MULTI: drops the queue, clears the flags, forgets watched keys.
  void DiscardTransaction(Session& s);
  // SWAPDB: invalidates the watchers of both databases before their contents trade places.
  void TouchSwappedDatabases(int a, int b);

  // Runs a blocked client's command again after a key it waits on became ready. True if the
  // command was served (it replied), false if it would block again.
  bool Reprocess(Session& session, std::span<const std::string_view> argv, ReplyBuilder& reply);

  // Periodic work: active expiry, incremental rehash, statistics. Called `hz` times a second.
  void Cron();

  // Empties database `index`; returns how many keys it held. With `lazy`, the keys are detached at
  // once and freed a slice per cron tick (FLUSHDB/FLUSHALL ASYNC), so the command does not stall
  // the loop however big the database was.
  size_t FlushDatabase(int index, bool lazy);
  size_t lazy_free_pending() const;

  // Lookups that update the access clock and hit/miss statistics.
  KeyEntry* LookupRead(Database& db, std::string_view key, int64_t now_ms);
  KeyEntry* LookupWrite(Database& db, std::string_view key, int64_t now_ms);

  // A list or sorted set gained elements: clients blocked on `key` are served after the current
  // command (or transaction, or script) completes, first come first served.
  void SignalKeyReady(int db, std::string_view key);
  // Blocked clients (INFO blocked_clients) and the hooks to answer them later.
  BlockingManager& blocking() { return *blocking_; }
  PubSub& pubsub() { return *pubsub_; }
  void set_session_io(SessionIo* io) { session_io_ = io; }
  // Snapshot files (SAVE, DEBUG RELOAD) go through these; nullptr until the frontend sets them.
  void set_snapshot_hooks(SnapshotHooks* h) { snapshot_hooks_ = h; }
  SnapshotHooks* snapshot_hooks() { return snapshot_hooks_; }
  SessionIo* session_io() { return session_io_; }
  // Start-up loading, as Redis's loading state: while it lasts, commands without the `loading`
  // flag get -LOADING. Loaders report progress with AddLoadedBytes; every 2 MB (or 100 ms) the
  // `serve` hook lets the frontend answer clients, so INFO shows loading:1 and the ETA.
  void StartLoading(uint64_t total_bytes);
  void set_serve_while_loading(std::function<void()> serve) { serve_while_loading_ = std::move(serve); }
  void AddLoadedBytes(uint64_t n);
  void StopLoading();
  bool loading() const { return stats_.loading_start_ms != 0; }

  // The point-in-time snapshot in progress (BGSAVE, AOF rewrite), owned by the frontend's
  // snapshot driver; it is told about every change to a key it has not written yet.
  void set_snapshot(PointInTimeSnapshot* s) { snapshot_ = s; }
  PointInTimeSnapshot* snapshot() { return snapshot_; }
  // Called by the frontend every loop iteration: times out blocked clients whose deadline passed.
  void HandleBlockedTimeouts();

  // Set by the persistence layer when it cannot write (disk full, EIO): write commands (and PING,
  // as Redis) are refused with "-MISCONF <error>" until it is cleared. "" when healthy.
  void set_persistence_error(std::string e) { persistence_error_ = std::move(e); }
  const std::string& persistence_error() const { return persistence_error_; }
  // An fsync failed: sticky until restart (the kernel may have dropped the unsynced pages).
  void set_aof_fsync_error(std::string e) { aof_fsync_error_ = std::move(e); }
  const std::string& aof_fsync_error() const { return aof_fsync_error_; }

  // CLIENT KILL: asks the frontend to close session `id` (its pending replies are dropped).
  void RequestKill(uint64_t id) { pending_kills_.push_back(id); }
  std::vector<uint64_t> TakeKills() { return std::exchange(pending_kills_, {}); }

  // Set by SHUTDOWN / signals; the frontend stops its loop when it sees it.
  void RequestShutdown() { shutdown_requested_ = true; }
  bool shutdown_requested() const { return shutdown_requested_; }

  // DEBUG SET-ACTIVE-EXPIRE.
  void set_active_expire(bool on) { active_expire_ = on; }
  bool active_expire() const { return active_expire_; }

  uint32_t LruClock() const;
  uint64_t Random64() { return rng_(); }

  // Emits an effect on the propagation stream (used by the dispatcher and by expiry). Within an
  // execution unit (a client's command, EXEC as a whole, a served blocked client) effects are
  // held and emitted when it ends, wrapped in MULTI ... EXEC when there are several, as Redis
  // 7.0's propagatePendingCommands: a replay applies them atomically.
  void Propagate(int db, std::span<const std::string_view> argv);

  // Keyspace notifications (notify-keyspace-events): the one place every event goes through, as
  // Redis's notifyKeyspaceEvent(type, event, key, dbid); `type` is a config::Notify class, `event`
  // the lower-case name ("set", "lpush", "expired"). Filtered by the configured classes, then
  // published on __keyspace@<db>__:<key> and __keyevent@<db>__:<event>. Commands call it (through
  // CommandContext::Notify and AddKey's `new`) where Redis 7.0 calls notifyKeyspaceEvent, with the
  // same classes, names and order (tests/integration/test_keyspace_events.py).
  void NotifyKeyspaceEvent(int type, std::string_view event, int db, std::string_view key);

  // KeyspaceListener
  void OnKeyExpired(int db, std::string_view key) override;
  void OnKeyModified(int db, std::string_view key) override;
  void OnBeforeChange(int db, KeyEntry* e) override;

 private:
  // Execute's body: checks, queueing in MULTI, then Call.
  void Dispatch(Session& session, std::span<const std::string_view> argv, ReplyBuilder& reply);
  // Runs `spec`'s handler and does the accounting: statistics, propagation, watched keys.
  void Call(Session& session, std::span<const std::string_view> argv, const CommandSpec& spec,
            ReplyBuilder& reply, bool no_blocking);
  // A command refused before running (Redis's rejectCommand): counted, and inside MULTI it
  // aborts the transaction.
  void Reject(Session& session, const CommandSpec* spec, std::string_view error,
              ReplyBuilder& reply);
  void FlushEffects();
  void SyncWatchedFlags();
  void CountError(std::string_view error_line);

  ServerConfig& config_;
  std::unique_ptr<Arena> arena_;
  std::vector<std::unique_ptr<Database>> dbs_;
  std::vector<std::unique_ptr<Database>> lazy_free_;  // flushed contents still being freed
  CommandRegistry commands_;
  std::map<uint64_t, std::unique_ptr<Session>> sessions_;
  uint64_t next_session_id_ = 1;
  EffectSink* effects_ = nullptr;
  std::unique_ptr<BlockingManager> blocking_;
  std::unique_ptr<PubSub> pubsub_;
  std::unique_ptr<ScriptEngine> scripting_;
  bool no_propagate_ = false;  // redis.set_repl(REPL_NONE) inside a script
  WatchTable watch_;
  // Keys write commands looked up for writing in watched databases: touched if the command
  // changed something (in-place changes do not pass through the Database).
  std::vector<std::pair<int, std::string>> write_lookups_;
  // The current execution unit's effects, emitted when it ends. Every argument's bytes go into
  // one buffer that is reused, so a write command allocates nothing here in the steady state.
  struct PendingEffect {
    int db;
    size_t argc;
  };
  std::vector<PendingEffect> unit_effects_;
  std::string unit_effect_bytes_;
  std::vector<size_t> unit_effect_lens_;
  std::vector<std::string_view> effect_views_;
  int unit_depth_ = 0;
  std::string persistence_error_;
  std::string aof_fsync_error_;
  bool reprocessing_ = false;
  bool last_blocked_ = false;
  SessionIo* session_io_ = nullptr;
  SnapshotHooks* snapshot_hooks_ = nullptr;
  PointInTimeSnapshot* snapshot_ = nullptr;
  std::function<void()> serve_while_loading_;
  uint64_t loading_served_bytes_ = 0;  // loaded bytes when clients were last served
  int64_t loading_served_us_ = 0;
  EngineStats stats_;
  RuntimeInfo runtime_;
  std::mt19937_64 rng_;
  std::vector<uint64_t> pending_kills_;
  bool shutdown_requested_ = false;
  bool active_expire_ = true;
  int cron_db_ = 0;
};

}  // namespace ringkv
