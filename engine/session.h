// Session: what the engine knows of one client connection.
//
// The frontend creates one per connection and keeps the transport-side fields (addresses, buffer
// sizes) current; the engine reads and writes the protocol-side state (database, RESP version,
// name, authentication, reply mode) and raises requests the frontend acts on after the reply is
// queued (close the connection, stop the server).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace ringkv {

enum class ReplyMode : uint8_t { kOn, kOff, kSkipNext, kSkipThis };

struct CommandSpec;

// A command queued between MULTI and EXEC, checked already (it exists, its arity is right).
struct QueuedCommand {
  const CommandSpec* spec;
  std::vector<std::string> argv;
};

// A key this session WATCHes (engine/watch.h keeps the reverse index).
struct WatchedKey {
  int db;
  std::string key;
  // The key was already logically expired when WATCHed: its deletion by expiry is no change
  // (Redis 7.0's watchedKey.expired).
  bool expired;
};

struct Session {
  uint64_t id = 0;
  int fd = -1;
  std::string addr;   // "ip:port" of the peer
  std::string laddr;  // "ip:port" of our end
  bool is_loopback = true;
  bool is_unix = false;

  int resp = 2;
  int db = 0;
  bool authenticated = false;
  // The AOF loader's own session: its commands run while the server is loading.
  bool loader = false;
  std::string name;
  std::string lib_name;
  std::string lib_ver;
  ReplyMode reply_mode = ReplyMode::kOn;
  bool no_evict = false;
  // The AOF loader's session: commands that must be obeyed as written (Redis's mustObeyClient;
  // e.g. XADD/XTRIM ignore LIMIT, which Redis keeps in the exact trims it propagates).
  bool replaying = false;

  int64_t created_ms = 0;
  int64_t last_interaction_ms = 0;
  std::string last_command = "NULL";  // CLIENT LIST cmd=

  // Blocked on keys (BLPOP...): the frontend stops reading commands from this client until the
  // engine unblocks it (SessionIo::Unblocked).
  bool blocked = false;

  // Pub/sub subscriptions (engine/pubsub.h keeps who listens to what). A RESP2 client with any is
  // in subscribed mode.
  std::set<std::string, std::less<>> channels, patterns, shard_channels;
  bool in_pubsub() const {
    return !channels.empty() || !patterns.empty() || !shard_channels.empty();
  }
  // MULTI/EXEC (engine/commands/transaction.cc): Redis's CLIENT_MULTI, CLIENT_DIRTY_EXEC (a
  // command was rejected while queueing: EXEC answers EXECABORT) and CLIENT_DIRTY_CAS (a watched
  // key changed: EXEC answers a null array).
  bool in_multi = false;
  bool multi_aborted = false;
  bool watch_dirty = false;
  std::vector<QueuedCommand> queued;
  size_t queued_bytes = 0;  // CLIENT LIST multi-mem
  std::vector<WatchedKey> watched;

  // Set by the engine; acted on by the frontend once the current replies are sent.
  bool close_after_reply = false;
  bool kill_now = false;  // CLIENT KILL: close without sending pending replies

  // Kept current by the frontend for CLIENT LIST / INFO.
  size_t query_buffer = 0;
  size_t query_buffer_free = 0;
  size_t output_bytes = 0;
  uint64_t net_input_bytes = 0;
  uint64_t net_output_bytes = 0;
};

}  // namespace ringkv
