// WatchTable: which sessions WATCH which keys, per database (Redis's db->watched_keys), and the
// one path through which a changed key invalidates their transactions (Redis's touchWatchedKey).
//
// The engine signals every change: structural ones from the Database (a key added, replaced,
// deleted — by a command or by expiry — or its TTL changed), in-place ones after a write command
// for the keys it looked up for writing, and whole-database ones for FLUSHDB/FLUSHALL/SWAPDB.
// When no session watches anything in a database, a signal costs one vector index and an empty()
// check. A key watched while already logically expired is not invalidated by its deletion
// (Redis 7.0, #10256): that changes nothing a reader could see.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/keyspace/database.h"
#include "engine/session.h"

namespace ringkv {

class WatchTable {
 public:
  explicit WatchTable(int databases) : by_db_(databases) {}

  // Adds `key` of database `db` to the session's watched keys (no-op if already there).
  void Watch(Session& s, int db, std::string_view key, bool expired);
  // Forgets every key the session watches (UNWATCH, EXEC, DISCARD, disconnect).
  void UnwatchAll(Session& s);
  bool Any(int db) const { return !by_db_[db].empty(); }

  // `key` of `db` changed; `exists_now` says whether it is in the database after the change.
  void Touch(int db, std::string_view key, bool exists_now);
  // Every watched key of `emptied` is about to be replaced wholesale (FLUSHDB, FLUSHALL: by
  // nothing; SWAPDB: by `replaced_with`'s contents). Redis's touchAllWatchedKeysInDb.
  void TouchAll(Database& emptied, const Database* replaced_with, int64_t now_ms);
  // EXEC's last check: a watched key (not expired when watched) has expired since, even if no
  // one has deleted it yet.
  bool AnyExpired(const Session& s, std::vector<std::unique_ptr<Database>>& dbs,
                  int64_t now_ms) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view k) const { return std::hash<std::string_view>{}(k); }
  };
  using Watchers = std::unordered_map<std::string, std::vector<Session*>, Hash, std::equal_to<>>;
  static WatchedKey* Find(Session& s, int db, std::string_view key);

  std::vector<Watchers> by_db_;
};

}  // namespace ringkv
