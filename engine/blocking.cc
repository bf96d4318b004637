#include "engine/blocking.h"

#include <algorithm>

#include "engine/engine.h"
#include "engine/util/clock.h"

namespace ringkv {

void CommandContext::Block(std::span<const std::string_view> keys, ObjType type,
                           int64_t deadline_ms, TimeoutReply timeout_reply) {
  blocked = true;
  // A re-run that still cannot be served keeps its place in the queues.
  if (reprocessing) return;
  engine.blocking().Block(session, args, keys, session.db, type, deadline_ms, timeout_reply);
}

void Engine::SignalKeyReady(int db, std::string_view key) { blocking_->SignalReady(db, key); }

void Engine::HandleBlockedTimeouts() { blocking_->HandleTimeouts(WallClockMs()); }

void BlockingManager::Block(Session& session, std::span<const std::string_view> argv,
                            std::span<const std::string_view> keys, int db, ObjType type,
                            int64_t deadline_ms, TimeoutReply timeout_reply) {
  Waiter w{&session, {argv.begin(), argv.end()}, {}, db, type, deadline_ms, timeout_reply};
  for (std::string_view k : keys) {
    std::string key(k);
    if (std::find(w.keys.begin(), w.keys.end(), key) != w.keys.end()) continue;  // BLPOP k k
    queues_[{db, key}].push_back(session.id);
    w.keys.push_back(std::move(key));
  }
  if (deadline_ms > 0) deadlines_.emplace(deadline_ms, session.id);
  waiters_.emplace(session.id, std::move(w));
  session.blocked = true;
}

void BlockingManager::Remove(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return;
  Waiter& w = it->second;
  for (const std::string& key : w.keys) {
    auto q = queues_.find({w.db, key});
    if (q == queues_.end()) continue;
    auto& ids = q->second;
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    if (ids.empty()) queues_.erase(q);
  }
  if (w.deadline_ms > 0) {
    auto [lo, hi] = deadlines_.equal_range(w.deadline_ms);
    for (auto d = lo; d != hi; ++d) {
      if (d->second == id) {
        deadlines_.erase(d);
        break;
      }
    }
  }
  w.session->blocked = false;
  waiters_.erase(it);
}

void BlockingManager::Finish(Session& session) {
  Remove(session.id);
  if (SessionIo* io = engine_.session_io()) io->Unblocked(session);
}

void BlockingManager::Forget(Session& session) { Remove(session.id); }

bool BlockingManager::Unblock(uint64_t session_id, bool with_error) {
  auto it = waiters_.find(session_id);
  if (it == waiters_.end()) return false;
  Session& s = *it->second.session;
  TimeoutReply kind = it->second.timeout_reply;
  if (SessionIo* io = engine_.session_io()) {
    ReplyBuilder& r = io->ReplyFor(s);
    if (with_error) r.Error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    else if (kind == TimeoutReply::kNullBulk) r.Null();
    else r.NullArray();
  }
  Finish(s);
  return true;
}

void BlockingManager::SignalReady(int db, std::string_view key) {
  KeyId id{db, std::string(key)};
  if (!queues_.count(id)) return;  // nobody waits: nothing to do
  if (ready_set_.insert(id).second) ready_.push_back(std::move(id));
}

void BlockingManager::ServeReady() {
  SessionIo* io = engine_.session_io();
  if (io == nullptr) return;
  // Serving a waiter can make other keys ready (BLMOVE pushes to its destination): loop.
  while (!ready_.empty()) {
    std::vector<KeyId> batch;
    batch.swap(ready_);
    ready_set_.clear();
    for (const KeyId& key : batch) {
      // Snapshot the queue: serving changes it. Stop as soon as the key cannot serve more.
      auto q = queues_.find(key);
      if (q == queues_.end()) continue;
      std::vector<uint64_t> ids(q->second.begin(), q->second.end());
      for (uint64_t id : ids) {
        Database& db = engine_.db(key.first);
        KeyEntry* e = db.Lookup(key.second, WallClockMs());
        if (e == nullptr) break;
        auto w = waiters_.find(id);
        if (w == waiters_.end()) continue;
        if (e->value.type() != w->second.type) break;
        Session& s = *w->second.session;
        // Run the command again in the database it was issued in.
        std::vector<std::string_view> argv(w->second.argv.begin(), w->second.argv.end());
        int saved_db = s.db;
        s.db = w->second.db;
        bool served = engine_.Reprocess(s, argv, io->ReplyFor(s));
        s.db = saved_db;
        if (served) Finish(s);
      }
    }
  }
}

void BlockingManager::HandleTimeouts(int64_t now_ms) {
  SessionIo* io = engine_.session_io();
  while (!deadlines_.empty() && deadlines_.begin()->first <= now_ms) {
    uint64_t id = deadlines_.begin()->second;
    auto it = waiters_.find(id);
    if (it == waiters_.end()) {
      deadlines_.erase(deadlines_.begin());
      continue;
    }
    Session& s = *it->second.session;
    if (io != nullptr) {
      ReplyBuilder& r = io->ReplyFor(s);
      if (it->second.timeout_reply == TimeoutReply::kNullBulk) r.Null();
      else r.NullArray();
    }
    Finish(s);
  }
}

}  // namespace ringkv
