// diff: which keys were added, removed or changed (value, type or expiry) between two sources —
// two snapshots, or a snapshot and an AOF directory. A is walked first and each key's digest kept
// (its key, type, expiry and a 64-bit hash of its canonical JSON value: memory grows with the
// number of keys, not their values); then B is walked against it.
#include <xxhash.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/json.h"
#include "tools/inspect/source.h"
#include "tools/inspect/stream_keys.h"
#include "tools/inspect/text.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

constexpr const char* kUsage =
    "Usage: ringkv-inspect diff [--ignore-ttl] A B\n"
    "Compares two sources (RDB files or AOF directories) key by key and prints one line per\n"
    "difference: 'added DB KEY TYPE', 'removed DB KEY TYPE', 'changed DB KEY WHAT' (WHAT: type,\n"
    "value, ttl), then a count. --ignore-ttl: expiry changes are not differences.\n"
    "Exit 0 when the datasets are the same, 1 when they differ (or on a failure).\n";

struct Digest {
  std::string type;
  int64_t expire_ms;
  uint64_t value_hash;  // 0 for a value inspect cannot decode (compared by type only)
  bool seen = false;
};

std::string DbKey(const KeyView& k) {
  std::string s(reinterpret_cast<const char*>(&k.db), sizeof(k.db));
  s.append(k.key);
  return s;
}

Digest DigestOf(const KeyView& k) {
  Digest d{std::string(KeyTypeName(k)), k.expire_ms, 0};
  if (k.value == nullptr) {
    WarnUnsupported(k, "diff compares its type and expiry only");
    return d;
  }
  std::string json;
  AppendJsonValue(&json, k);
  d.value_hash = XXH3_64bits(json.data(), json.size()) | 1;
  return d;
}

}  // namespace

int RunDiff(const Args& args) {
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, {{"ignore-ttl", false}}, 2, 2, kUsage); rc >= 0) {
    return rc;
  }
  bool ignore_ttl = cli.Has("ignore-ttl");
  auto a = OpenOrComplain(cli.positional()[0]);
  if (a == nullptr) return kExitFindings;
  auto b = OpenOrComplain(cli.positional()[1]);
  if (b == nullptr) return kExitFindings;
  std::unordered_map<std::string, Digest> left;
  if (!a->ForEach([&](const KeyView& k) {
        left.emplace(DbKey(k), DigestOf(k));
        return true;
      })) {
    Complain(a->error());
    return kExitFindings;
  }
  uint64_t added = 0, removed = 0, changed = 0;
  bool ok = b->ForEach([&](const KeyView& k) {
    Digest d = DigestOf(k);
    auto it = left.find(DbKey(k));
    if (it == left.end()) {
      added++;
      std::printf("added %d %s %s\n", k.db, ReprIfNeeded(k.key).c_str(), d.type.c_str());
      return true;
    }
    Digest& old = it->second;
    old.seen = true;
    std::string what;
    if (old.type != d.type) {
      what = "type " + old.type + " -> " + d.type;
    } else if (old.value_hash != d.value_hash) {
      what = "value";
    }
    if (!ignore_ttl && old.expire_ms != d.expire_ms) {
      if (!what.empty()) what += ", ";
      what += "ttl " + (old.expire_ms < 0 ? std::string("none") : IsoTime(old.expire_ms)) + " -> " +
              (d.expire_ms < 0 ? std::string("none") : IsoTime(d.expire_ms));
    }
    if (!what.empty()) {
      changed++;
      std::printf("changed %d %s %s\n", k.db, ReprIfNeeded(k.key).c_str(), what.c_str());
    }
    return true;
  });
  if (!ok) {
    Complain(b->error());
    return kExitFindings;
  }
  std::vector<std::pair<std::string, const Digest*>> gone;
  for (const auto& [key, d] : left) {
    if (!d.seen) gone.emplace_back(key, &d);
  }
  std::sort(gone.begin(), gone.end());
  for (const auto& [key, d] : gone) {
    int db = 0;
    std::memcpy(&db, key.data(), sizeof(db));
    removed++;
    std::printf("removed %d %s %s\n", db, ReprIfNeeded(key.substr(sizeof(db))).c_str(),
                d->type.c_str());
  }
  std::printf("%" PRIu64 " added, %" PRIu64 " removed, %" PRIu64 " changed\n", added, removed,
              changed);
  return added + removed + changed == 0 ? kExitOk : kExitFindings;
}

}  // namespace ringkv::inspect
