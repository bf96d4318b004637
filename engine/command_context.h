// CommandContext: everything a command handler sees — the caller's session, its arguments, the
// reply builder, the engine — and the few things it tells back: how many changes it made (which
// decides whether the call is propagated) and, when its effect differs from its request, the
// commands to propagate instead.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command.h"
#include "engine/keyspace/database.h"
#include "engine/reply_builder.h"
#include "engine/session.h"

namespace ringkv {

class Engine;

// What a blocked client receives when its timeout passes.
enum class TimeoutReply { kNullArray, kNullBulk };

struct CommandContext {
  Engine& engine;
  Session& session;
  ReplyBuilder& reply;
  std::span<const std::string_view> args;  // args[0] is the command name as sent
  const CommandSpec& spec;
  int64_t now_ms;

  size_t argc() const { return args.size(); }
  std::string_view arg(size_t i) const { return args[i]; }
  Database& db() const;
  Arena& arena() const;

  // Records `n` changes to the dataset (Redis's server.dirty); a call with changes is propagated.
  void MarkDirty(uint64_t n = 1) { dirty += n; }
  // Adds `key` (absent) with `value` to the caller's database, as Redis's dbAdd (with its `new`
  // keyspace event).
  KeyEntry* AddKey(std::string_view key, Value&& value);
  // A keyspace notification about `key` in the caller's database (Redis's notifyKeyspaceEvent):
  // `type` is a config::Notify class, `event` the event name ("set", "lpush", "del").
  void Notify(int type, std::string_view event, std::string_view key) const;
  // Propagate this instead of the request (may be called several times for several commands).
  void PropagateAs(std::initializer_list<std::string_view> argv);
  void PropagateAs(std::span<const std::string_view> argv);
  // Propagate nothing even though the dataset changed (the effect was emitted otherwise).
  void SuppressPropagation() { propagate_override = true; }

  // Blocking commands (BLPOP, BLMOVE, BZPOPMIN...): when nothing can be served now and
  // may_block(), park the client on `keys` (all of type `type`) until one is signalled ready
  // (Engine::SignalKeyReady) or `deadline_ms` (absolute; 0 = never) passes. When a key is ready
  // the command runs again from the start; on timeout the client gets `timeout_reply`. The
  // handler writes no reply when it blocks. Inside MULTI or a script may_block() is false and the
  // handler answers at once as on a timeout.
  bool may_block() const { return !no_blocking; }
  void Block(std::span<const std::string_view> keys, ObjType type, int64_t deadline_ms,
             TimeoutReply timeout_reply);

  uint64_t dirty = 0;
  bool no_blocking = false;  // set by MULTI/EXEC and scripts
  bool reprocessing = false;  // the run of a blocked command after a key became ready
  bool blocked = false;       // the handler called Block
  bool propagate_override = false;
  std::vector<std::vector<std::string>> effects;
};

}  // namespace ringkv
