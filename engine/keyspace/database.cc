#include "engine/keyspace/database.h"

#include <xxhash.h>

#include <cstring>
#include <string>
#include <vector>

namespace ringkv {

uint64_t HashKey(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

Database::Database(Arena& arena, int index)
    : arena_(arena), index_(index), keys_(arena), expires_(arena) {}

Database::~Database() { Clear(); }

KeyEntry* Database::Lookup(std::string_view key, int64_t now_ms) {
  KeyEntry* e = keys_.Find(key);
  if (e != nullptr && e->has_expire && GetExpire(e) <= now_ms) {
    DeleteExpired(e);
    return nullptr;
  }
  return e;
}

void Database::DeleteExpired(KeyEntry* e) {
  // Copy the key: the listener runs after the entry is gone (it may propagate a DEL).
  std::string key(e->key());
  Delete(e);
  if (listener_ != nullptr) listener_->OnKeyExpired(index_, key);
}

KeyEntry* Database::Add(std::string_view key, Value&& value, uint32_t lru_clock) {
  auto* e = static_cast<KeyEntry*>(arena_.Allocate(sizeof(KeyEntry) + key.size()));
  e->next = nullptr;
  new (&e->value) Value(std::move(value));
  e->lru = lru_clock;
  e->key_len = static_cast<uint32_t>(key.size());
  e->snap_mark = snap_epoch_;
  e->has_expire = 0;
  std::memcpy(e->key_bytes, key.data(), key.size());
  keys_.Insert(e);
  Modified(key);
  return e;
}

void Database::Replace(KeyEntry* e, Value&& value) {
  BeforeChange(e);
  arena_.WillModify(&e->value, sizeof(Value));
  e->value.Destroy(arena_);
  e->value = std::move(value);
  Modified(e->key());
}

void Database::FreeEntry(KeyEntry* e) {
  if (e->has_expire) {
    ExpireEntry* x = expires_.Remove(e->key());
    if (x != nullptr) arena_.Deallocate(x, sizeof(ExpireEntry));
  }
  size_t bytes = sizeof(KeyEntry) + e->key_len;
  e->value.~Value();
  arena_.Deallocate(e, bytes);
}

void Database::Delete(KeyEntry* e) {
  // The watchers are told once the key is gone (a watched, already expired key that is deleted
  // is no change); only then is the key copied.
  BeforeChange(e);
  std::string key = watched_ ? std::string(e->key()) : std::string();
  keys_.Remove(e->key());
  e->value.Destroy(arena_);
  FreeEntry(e);
  if (watched_) Modified(key);
}

Value Database::Detach(KeyEntry* e) {
  BeforeChange(e);
  std::string key = watched_ ? std::string(e->key()) : std::string();
  keys_.Remove(e->key());
  Value v = std::move(e->value);
  FreeEntry(e);
  if (watched_) Modified(key);
  return v;
}

int64_t Database::GetExpire(const KeyEntry* e) const {
  if (!e->has_expire) return -1;
  const ExpireEntry* x = expires_.Find(e->key());
  return x != nullptr ? x->when_ms : -1;
}

void Database::SetExpire(KeyEntry* e, int64_t when_ms) {
  BeforeChange(e);
  if (e->has_expire) {
    ExpireEntry* x = expires_.Find(e->key());
    if (x != nullptr) {
      arena_.WillModify(&x->when_ms, sizeof(x->when_ms));
      x->when_ms = when_ms;
      Modified(e->key());
      return;
    }
  }
  auto* x = static_cast<ExpireEntry*>(arena_.Allocate(sizeof(ExpireEntry)));
  x->next = nullptr;
  x->entry = e;
  x->when_ms = when_ms;
  expires_.Insert(x);
  arena_.WillModify(e, sizeof(KeyEntry));
  e->has_expire = 1;
  Modified(e->key());
}

bool Database::Persist(KeyEntry* e) {
  if (!e->has_expire) return false;
  BeforeChange(e);
  ExpireEntry* x = expires_.Remove(e->key());
  if (x != nullptr) arena_.Deallocate(x, sizeof(ExpireEntry));
  arena_.WillModify(e, sizeof(KeyEntry));
  e->has_expire = 0;
  Modified(e->key());
  return true;
}

KeyEntry* Database::RandomKey(std::mt19937_64& rng, int64_t now_ms) {
  // As Redis: if every key is volatile, give up after a bounded number of expired picks and
  // return one anyway rather than loop forever.
  for (int tries = 0; keys_.size() > 0; tries++) {
    KeyEntry* e = keys_.Random(rng());
    if (e == nullptr) return nullptr;
    if (!IsExpired(e, now_ms)) return e;
    if (tries >= 100 && keys_.size() == expires_.size()) return e;
    DeleteExpired(e);
  }
  return nullptr;
}

size_t Database::Clear() {
  size_t n = keys_.size();
  std::vector<KeyEntry*> all;
  all.reserve(n);
  keys_.ForEach([&](KeyEntry* e) { all.push_back(e); });
  expires_.ForEach([&](ExpireEntry* x) { arena_.Deallocate(x, sizeof(ExpireEntry)); });
  expires_.Clear();
  keys_.Clear();
  for (KeyEntry* e : all) {
    e->value.Destroy(arena_);
    e->has_expire = 0;
    FreeEntry(e);
  }
  return n;
}

size_t Database::DeleteSome(size_t max) {
  std::vector<KeyEntry*> batch;
  uint64_t cursor = 0;
  do {
    cursor = keys_.Scan(cursor, [&](KeyEntry* e) { batch.push_back(e); });
  } while (cursor != 0 && batch.size() < max);
  for (KeyEntry* e : batch) Delete(e);
  return batch.size();
}

void Database::Swap(Database& other) {
  keys_.Swap(other.keys_);
  expires_.Swap(other.expires_);
  std::swap(expire_cursor_, other.expire_cursor_);
  std::swap(avg_ttl_, other.avg_ttl_);
}

void Database::RehashStep(size_t buckets) {
  keys_.RehashStep(buckets);
  expires_.RehashStep(buckets);
}

size_t Database::ActiveExpire(int64_t now_ms, int keys_per_loop, int stale_percent,
                              int64_t (*now_us)(), int64_t deadline_us) {
  size_t deleted = 0;
  std::vector<KeyEntry*> expired;
  for (int iteration = 0; expires_.size() > 0; iteration++) {
    int sampled = 0;
    int64_t ttl_sum = 0;
    int ttl_samples = 0;
    expired.clear();
    // Walk buckets from where the last run stopped, as Redis's expires_cursor; visit at most
    // 20x the sample size in buckets so a sparse table does not make one run long.
    int buckets = 0;
    do {
      expire_cursor_ = expires_.Scan(expire_cursor_, [&](ExpireEntry* x) {
        sampled++;
        if (x->when_ms <= now_ms) {
          expired.push_back(x->entry);
        } else {
          ttl_sum += x->when_ms - now_ms;
          ttl_samples++;
        }
      });
      buckets++;
    } while (expire_cursor_ != 0 && sampled < keys_per_loop && buckets < keys_per_loop * 20);
    for (KeyEntry* e : expired) DeleteExpired(e);
    deleted += expired.size();
    if (ttl_samples > 0) {
      int64_t avg = ttl_sum / ttl_samples;
      // Running average weighted as Redis (2% new sample).
      avg_ttl_ = avg_ttl_ == 0 ? avg : (avg_ttl_ / 50) * 49 + (avg / 50);
    }
    if (sampled == 0 || static_cast<int>(expired.size()) * 100 <= sampled * stale_percent) break;
    if ((iteration & 0xf) == 0 && now_us() > deadline_us) break;
  }
  return deleted;
}

}  // namespace ringkv
