// BlockingManager: clients parked by blocking commands (BLPOP, BLMOVE, BZPOPMIN...) until a key
// they wait on gains elements, their timeout passes, CLIENT UNBLOCK, or they disconnect.
//
// Waiters of a key are served first come, first served. Keys signalled ready during a command are
// served after it completes (after EXEC or a script as a whole), by running each waiter's command
// again from the start (as Redis 7.2 reprocesses commands); a waiter whose command still cannot
// be served stays in its place. A key whose type is not what the waiter waits for (a list key
// replaced by a string) does not wake it, as in Redis 7.0.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/command_context.h"
#include "engine/session.h"
#include "engine/types/value.h"

namespace ringkv {

class Engine;

class BlockingManager {
 public:
  explicit BlockingManager(Engine& engine) : engine_(engine) {}

  // Parks `session` running `argv` on `keys` of database `db`.
  void Block(Session& session, std::span<const std::string_view> argv,
             std::span<const std::string_view> keys, int db, ObjType type, int64_t deadline_ms,
             TimeoutReply timeout_reply);
  // Forgets a blocked session (disconnect); no reply.
  void Forget(Session& session);
  // CLIENT UNBLOCK: answers as on a timeout, or with -UNBLOCKED; false if it was not blocked.
  bool Unblock(uint64_t session_id, bool with_error);

  void SignalReady(int db, std::string_view key);
  bool HasReady() const { return !ready_.empty(); }
  // Serves waiters of every ready key (and of keys made ready while doing so).
  void ServeReady();
  // Answers waiters whose deadline is at or before `now_ms`.
  void HandleTimeouts(int64_t now_ms);

  size_t blocked_count() const { return waiters_.size(); }
  // Number of keys with waiters (INFO blocked_keys-like stats).
  size_t watched_key_count() const { return queues_.size(); }

 private:
  struct Waiter {
    Session* session;
    std::vector<std::string> argv;
    std::vector<std::string> keys;
    int db;
    ObjType type;
    int64_t deadline_ms;
    TimeoutReply timeout_reply;
  };
  using KeyId = std::pair<int, std::string>;

  void Remove(uint64_t session_id);
  void Finish(Session& session);

  Engine& engine_;
  std::unordered_map<uint64_t, Waiter> waiters_;   // by session id
  std::map<KeyId, std::deque<uint64_t>> queues_;   // FIFO of session ids per key
  std::multimap<int64_t, uint64_t> deadlines_;     // deadline_ms → session id
  std::vector<KeyId> ready_;
  std::set<KeyId> ready_set_;
};

}  // namespace ringkv
