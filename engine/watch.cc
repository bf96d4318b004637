#include "engine/watch.h"

#include <algorithm>
#include <memory>

namespace ringkv {

WatchedKey* WatchTable::Find(Session& s, int db, std::string_view key) {
  for (WatchedKey& w : s.watched) {
    if (w.db == db && w.key == key) return &w;
  }
  return nullptr;
}

void WatchTable::Watch(Session& s, int db, std::string_view key, bool expired) {
  if (Find(s, db, key) != nullptr) return;
  auto it = by_db_[db].find(key);
  if (it == by_db_[db].end()) it = by_db_[db].emplace(std::string(key), std::vector<Session*>{}).first;
  it->second.push_back(&s);
  s.watched.push_back({db, std::string(key), expired});
}

void WatchTable::UnwatchAll(Session& s) {
  for (const WatchedKey& w : s.watched) {
    auto it = by_db_[w.db].find(w.key);
    if (it == by_db_[w.db].end()) continue;
    auto& v = it->second;
    v.erase(std::remove(v.begin(), v.end(), &s), v.end());
    if (v.empty()) by_db_[w.db].erase(it);
  }
  s.watched.clear();
}

void WatchTable::Touch(int db, std::string_view key, bool exists_now) {
  if (by_db_[db].empty()) return;
  auto it = by_db_[db].find(key);
  if (it == by_db_[db].end()) return;
  for (Session* s : it->second) {
    WatchedKey* w = Find(*s, db, key);
    if (w != nullptr && w->expired) {
      // Watched while already expired: its deletion shows nothing new; from now on it is a
      // plain missing key. Anything else (a new value) is a change.
      if (!exists_now) {
        w->expired = false;
        continue;
      }
    }
    s->watch_dirty = true;
  }
}

void WatchTable::TouchAll(Database& emptied, const Database* replaced_with, int64_t now_ms) {
  Watchers& watchers = by_db_[emptied.index()];
  for (auto& [key, sessions] : watchers) {
    const KeyEntry* mine = emptied.Find(key);
    const KeyEntry* theirs = replaced_with != nullptr ? replaced_with->Find(key) : nullptr;
    if (mine == nullptr && theirs == nullptr) continue;
    bool theirs_expired = theirs != nullptr && replaced_with->IsExpired(theirs, now_ms);
    for (Session* s : sessions) {
      WatchedKey* w = Find(*s, emptied.index(), key);
      if (w == nullptr) continue;
      if (w->expired) {
        if (theirs == nullptr) {
          w->expired = false;  // the expired key is now deleted: no logical change
          continue;
        }
        if (theirs_expired) continue;  // expired before, expired after
      } else if (mine == nullptr && theirs_expired) {
        w->expired = true;  // a missing key replaced by an expired one: still missing
        continue;
      }
      s->watch_dirty = true;
    }
  }
}

bool WatchTable::AnyExpired(const Session& s, std::vector<std::unique_ptr<Database>>& dbs,
                            int64_t now_ms) const {
  for (const WatchedKey& w : s.watched) {
    if (w.expired) continue;
    const KeyEntry* e = dbs[w.db]->Find(w.key);
    if (e != nullptr && dbs[w.db]->IsExpired(e, now_ms)) return true;
  }
  return false;
}

}  // namespace ringkv
