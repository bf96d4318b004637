// summary: what a snapshot or AOF holds, in one screen — keys per database and type, expiring
// keys, ringkv's memory estimate per type, encodings, the biggest keys and a TTL histogram.
// Memory stays bounded: counters, plus a heap of the top N keys.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <queue>
#include <string>
#include <vector>

#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/source.h"
#include "tools/inspect/text.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

constexpr const char* kUsage =
    "Usage: ringkv-inspect summary [--top N] SOURCE\n"
    "Keys per database and type, expiring keys, estimated memory per type (what the keys would\n"
    "take in ringkv), encoding counts, the N biggest keys (default 10) and a TTL histogram.\n"
    "SOURCE is an RDB file or an AOF directory.\n";

struct Big {
  uint64_t bytes;
  int db;
  std::string type;
  std::string key;
  bool operator>(const Big& o) const { return bytes > o.bytes; }
};

struct TypeTotals {
  uint64_t keys = 0;
  uint64_t elements = 0;
  uint64_t bytes = 0;
};

// Counters keyed by a short name, found by a linear scan that starts at the last hit: a dataset
// has a handful of types and encodings, and consecutive keys mostly share them, so this beats a
// map lookup (and building its key) on every key of a 10M-key file.
template <typename T>
class Tally {
 public:
  T& operator[](std::string_view name) {
    if (last_ < items_.size() && items_[last_].first == name) return items_[last_].second;
    for (last_ = 0; last_ < items_.size(); last_++) {
      if (items_[last_].first == name) return items_[last_].second;
    }
    items_.emplace_back(std::string(name), T{});
    return items_.back().second;
  }
  // The entries sorted by name.
  std::vector<std::pair<std::string, T>> Sorted() const {
    auto v = items_;
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return v;
  }

 private:
  std::vector<std::pair<std::string, T>> items_;
  size_t last_ = 0;
};

// Time-left buckets, upper bounds in ms.
constexpr struct {
  const char* label;
  int64_t below_ms;
} kTtlBuckets[] = {
    {"< 1 minute", 60'000},           {"< 1 hour", 3'600'000},
    {"< 1 day", 86'400'000},          {"< 1 week", 7 * 86'400'000LL},
    {"< 30 days", 30 * 86'400'000LL}, {"< 1 year", 365 * 86'400'000LL},
    {">= 1 year", INT64_MAX},
};
constexpr size_t kTtlBucketCount = sizeof(kTtlBuckets) / sizeof(kTtlBuckets[0]);

}  // namespace

int RunSummary(const Args& args) {
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, {{"top", true}}, 1, 1, kUsage); rc >= 0) return rc;
  uint64_t top = 0;
  if (!cli.GetUint("top", 10, &top)) return UsageError(cli.error(), kUsage);
  auto src = OpenOrComplain(cli.positional()[0]);
  if (src == nullptr) return kExitFindings;

  std::vector<std::pair<uint64_t, uint64_t>> per_db;  // keys, expiring; indexed by db
  Tally<TypeTotals> per_type;
  Tally<uint64_t> encodings;
  std::string enc_name;
  std::priority_queue<Big, std::vector<Big>, std::greater<Big>> biggest;  // min-heap of the top N
  uint64_t ttl_hist[kTtlBucketCount] = {};
  uint64_t keys = 0, expiring = 0, expired = 0, total_bytes = 0;
  int64_t now = NowMs();
  bool ok = src->ForEach([&](const KeyView& k) {
    ValueStats s = Measure(k);
    std::string_view type = KeyTypeName(k);
    keys++;
    total_bytes += s.bytes;
    if (per_db.size() <= static_cast<size_t>(k.db)) per_db.resize(k.db + 1);
    auto& db = per_db[k.db];
    db.first++;
    TypeTotals& t = per_type[type];
    t.keys++;
    t.elements += s.elements;
    t.bytes += s.bytes;
    std::string_view enc = KeyEncodingName(k);
    enc_name.assign(type);
    enc_name += ' ';
    enc_name += enc.empty() ? "(not decoded)" : enc;
    encodings[enc_name]++;
    if (k.expire_ms >= 0) {
      expiring++;
      db.second++;
      int64_t left = k.expire_ms - now;
      if (left <= 0) {
        expired++;
      } else {
        size_t b = 0;
        while (left >= kTtlBuckets[b].below_ms) b++;
        ttl_hist[b]++;
      }
    }
    if (top > 0 && (biggest.size() < top || s.bytes > biggest.top().bytes)) {
      biggest.push(Big{s.bytes, k.db, std::string(type), std::string(k.key)});
      if (biggest.size() > top) biggest.pop();
    }
    return true;
  });
  if (!ok) {
    Complain(src->error());
    return kExitFindings;
  }

  std::printf("%s\n", src->Describe().c_str());
  std::printf("keys: %" PRIu64 "  expiring: %" PRIu64 "  already expired: %" PRIu64
              "  estimated memory: %" PRIu64 " bytes\n",
              keys, expiring, expired, total_bytes);
  std::printf("\n%-6s %12s %12s\n", "db", "keys", "expiring");
  for (size_t db = 0; db < per_db.size(); db++) {
    if (per_db[db].first == 0) continue;
    std::printf("%-6zu %12" PRIu64 " %12" PRIu64 "\n", db, per_db[db].first, per_db[db].second);
  }
  std::printf("\n%-8s %12s %14s %16s\n", "type", "keys", "elements", "memory_bytes");
  for (const auto& [type, t] : per_type.Sorted()) {
    std::printf("%-8s %12" PRIu64 " %14" PRIu64 " %16" PRIu64 "\n", type.c_str(), t.keys,
                t.elements, t.bytes);
  }
  std::printf("\n%-24s %12s\n", "type encoding", "keys");
  for (const auto& [enc, n] : encodings.Sorted())
    std::printf("%-24s %12" PRIu64 "\n", enc.c_str(), n);
  std::vector<Big> list;
  while (!biggest.empty()) {
    list.push_back(biggest.top());
    biggest.pop();
  }
  if (!list.empty()) {
    std::printf("\nbiggest keys (estimated memory)\n%12s %-8s %-4s %s\n", "bytes", "type", "db",
                "key");
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      std::printf("%12" PRIu64 " %-8s %-4d %s\n", it->bytes, it->type.c_str(), it->db,
                  ReprIfNeeded(it->key).c_str());
    }
  }
  std::printf("\nTTL histogram (time left)\n");
  std::printf("%-12s %12" PRIu64 "\n", "expired", expired);
  for (size_t b = 0; b < kTtlBucketCount; b++) {
    std::printf("%-12s %12" PRIu64 "\n", kTtlBuckets[b].label, ttl_hist[b]);
  }
  std::printf("%-12s %12" PRIu64 "\n", "no expiry", keys - expiring);
  return kExitOk;
}

}  // namespace ringkv::inspect
