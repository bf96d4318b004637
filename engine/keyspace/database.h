// Database: one of the sixteen numbered keyspaces — keys, their values and their expiry times.
//
// Keys live in KeyEntry nodes (one arena block holding the key bytes, the Value and an access
// clock) in an IncrementalHashTable; keys with a TTL also have an ExpireEntry in a second table,
// which the active expiry cycle walks. Lookup() applies lazy expiry: a key past its time is deleted
// and reported to the KeyspaceListener before the caller sees it missing. Every structural change
// goes through this class, so hooks (WATCH, later snapshots' serialize-before-mutate) have one
// place to stand: while set_watched(true), each one is reported as OnKeyModified.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>

#include "engine/arena.h"
#include "engine/keyspace/hash_table.h"
#include "engine/types/value.h"

namespace ringkv {

struct KeyEntry {
  KeyEntry* next;
  Value value;
  // LRU clock (seconds, 24 bits used) of the last access, for OBJECT IDLETIME. Written without
  // Arena::WillModify: an aligned 4-byte store cannot tear, and a stale clock after a crash is fine.
  uint32_t lru;
  // Keys are at most 512 MB (proto-max-bulk-len's ceiling), so 30 bits hold the length.
  uint32_t key_len : 30;
  // Point-in-time snapshots: the key has been written by the snapshot in progress when this
  // equals the database's mark epoch (engine/snapshot/point_in_time.h).
  uint32_t snap_mark : 1;
  uint32_t has_expire : 1;
  char key_bytes[];

  std::string_view key() const { return {key_bytes, key_len}; }
};

struct ExpireEntry {
  ExpireEntry* next;
  KeyEntry* entry;
  int64_t when_ms;
};

uint64_t HashKey(std::string_view key);

struct KeyTraits {
  static std::string_view Key(const KeyEntry* e) { return e->key(); }
  static uint64_t Hash(std::string_view k) { return HashKey(k); }
};
struct ExpireTraits {
  static std::string_view Key(const ExpireEntry* e) { return e->entry->key(); }
  static uint64_t Hash(std::string_view k) { return HashKey(k); }
};

// Told about keys that expire, so the engine can count them, propagate a DEL and notify; and,
// while the database is watched, about every key added, replaced, deleted or given/lost a TTL.
class KeyspaceListener {
 public:
  virtual ~KeyspaceListener() = default;
  virtual void OnKeyExpired(int db, std::string_view key) = 0;
  virtual void OnKeyModified(int /*db*/, std::string_view /*key*/) {}
  // While the database is captured by a point-in-time snapshot: `e` (existing before the
  // snapshot began and not yet written by it) is about to change or go away.
  virtual void OnBeforeChange(int /*db*/, KeyEntry* /*e*/) {}
};

class Database {
 public:
  Database(Arena& arena, int index);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  int index() const { return index_; }
  void set_listener(KeyspaceListener* l) { listener_ = l; }
  // Some session WATCHes a key of this database: report structural changes (OnKeyModified).
  void set_watched(bool on) { watched_ = on; }
  Arena& arena() { return arena_; }

  // Point-in-time snapshots (serialize-before-mutate). A key whose snap_mark differs from the
  // epoch has not been written by the snapshot in progress; while `capturing`, any change to such
  // a key is first reported as OnBeforeChange so the snapshot writes the old value. New keys get
  // the current epoch: they are not part of the snapshot.
  void set_snapshot_epoch(uint32_t epoch) { snap_epoch_ = epoch & 1; }
  uint32_t snapshot_epoch() const { return snap_epoch_; }
  void set_capturing(bool on) { capturing_ = on; }
  bool capturing() const { return capturing_; }
  bool SnapshotPending(const KeyEntry* e) const { return e->snap_mark != snap_epoch_; }
  void MarkSnapshotted(KeyEntry* e) { e->snap_mark = snap_epoch_; }
  // Called before `e` changes in any way (also by Engine::LookupWrite for in-place changes).
  void BeforeChange(KeyEntry* e) {
    if (capturing_ && e->snap_mark != snap_epoch_ && listener_ != nullptr) {
      listener_->OnBeforeChange(index_, e);
    }
  }

  // The entry for `key`, ignoring expiry.
  KeyEntry* Find(std::string_view key) const { return keys_.Find(key); }
  // The live entry for `key`: a key past its expiry time is deleted first.
  KeyEntry* Lookup(std::string_view key, int64_t now_ms);
  // Adds `key` (which must be absent) with `value`.
  KeyEntry* Add(std::string_view key, Value&& value, uint32_t lru_clock);
  // Replaces an entry's value, freeing the old one. The TTL is left as is.
  void Replace(KeyEntry* e, Value&& value);
  // Deletes the entry (and its TTL), freeing key and value.
  void Delete(KeyEntry* e);
  // Unlinks the entry and hands its value to the caller (who must Destroy it), freeing the rest.
  Value Detach(KeyEntry* e);

  // Absolute expiry in ms, or -1.
  int64_t GetExpire(const KeyEntry* e) const;
  void SetExpire(KeyEntry* e, int64_t when_ms);
  // Removes the TTL; false if there was none.
  bool Persist(KeyEntry* e);
  bool IsExpired(const KeyEntry* e, int64_t now_ms) const {
    return e->has_expire && GetExpire(e) <= now_ms;
  }

  size_t size() const { return keys_.size(); }
  size_t expires_size() const { return expires_.size(); }
  // Average TTL left of keys sampled by the active expiry cycle (INFO keyspace avg_ttl).
  int64_t avg_ttl() const { return avg_ttl_; }

  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) const {
    return keys_.Scan(cursor, std::forward<Fn>(fn));
  }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    keys_.ForEach(std::forward<Fn>(fn));
  }
  // A random live key, or nullptr. Expired keys met on the way are deleted.
  KeyEntry* RandomKey(std::mt19937_64& rng, int64_t now_ms);

  // Deletes every key. Returns how many there were.
  size_t Clear();
  // Deletes up to `max` keys (any ones); returns how many it deleted. Used to free a flushed
  // database a slice at a time from the cron (FLUSHALL ASYNC).
  size_t DeleteSome(size_t max);
  void Swap(Database& other);

  // One step of incremental rehashing of both tables (called from cron).
  void RehashStep(size_t buckets);

  // Active expiry: sample keys with a TTL and delete expired ones, Redis's adaptive way — keep
  // going while more than `stale_percent` of a sample had expired, until `deadline_us` (checked by
  // `now_us`) is reached. Returns the keys deleted.
  size_t ActiveExpire(int64_t now_ms, int keys_per_loop, int stale_percent,
                      int64_t (*now_us)(), int64_t deadline_us);

  // Arena bytes of the hash tables' buckets (INFO memory overhead).
  size_t OverheadBytes() const { return keys_.BucketBytes() + expires_.BucketBytes(); }

 private:
  void FreeEntry(KeyEntry* e);
  void DeleteExpired(KeyEntry* e);

  Arena& arena_;
  int index_;
  void Modified(std::string_view key) {
    if (watched_ && listener_ != nullptr) listener_->OnKeyModified(index_, key);
  }

  KeyspaceListener* listener_ = nullptr;
  bool watched_ = false;
  bool capturing_ = false;
  uint32_t snap_epoch_ = 0;
  IncrementalHashTable<KeyEntry, KeyTraits> keys_;
  IncrementalHashTable<ExpireEntry, ExpireTraits> expires_;
  uint64_t expire_cursor_ = 0;
  int64_t avg_ttl_ = 0;
};

}  // namespace ringkv
