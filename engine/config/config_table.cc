#include "engine/config/config_table.h"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "engine/errors.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv::config {

namespace {

// ---------------------------------------------------------------------------------------------
// Small parsers shared by the rows.

bool IsBaseName(std::string_view s) {
  return s.find('/') == std::string_view::npos && s.find('\\') == std::string_view::npos;
}

// strtoll over the whole string, as Redis's save/oom/obuf parsers do (leading spaces and a sign
// are accepted by strtoll; trailing garbage is not).
bool StrToLL(const std::string& s, long long* out) {
  char* end = nullptr;
  errno = 0;
  *out = std::strtoll(s.c_str(), &end, 10);
  return *end == '\0';
}

// Redis's trimDoubleString applied to "%f".
std::string FormatPercentile(double d) {
  char buf[128];
  int n = std::snprintf(buf, sizeof(buf), "%f", d);
  std::string s(buf, n);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

// CONFIG SET splits a multi-argument value on single spaces (Redis's sdssplitlen), so "" has no
// arguments and "a  b" has an empty one in the middle.
std::vector<std::string> SplitOnSpaces(std::string_view v) {
  std::vector<std::string> out;
  if (v.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t sp = v.find(' ', start);
    if (sp == std::string_view::npos) {
      out.emplace_back(v.substr(start));
      return out;
    }
    out.emplace_back(v.substr(start, sp - start));
    start = sp + 1;
  }
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); i++) {
    if (i) out.append(sep);
    out.append(v[i]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validators, apply hooks and checks.

bool ValidateDbFilename(std::string_view v, bool, std::string* err) {
  if (!IsBaseName(v)) {
    *err = "dbfilename can't be a path, just a filename";
    return false;
  }
  return true;
}

bool ValidateAofFilename(std::string_view v, bool, std::string* err) {
  if (v.empty()) {
    *err = "appendfilename can't be empty";
    return false;
  }
  if (!IsBaseName(v)) {
    *err = "appendfilename can't be a path, just a filename";
    return false;
  }
  return true;
}

bool ValidateAofDirname(std::string_view v, bool, std::string* err) {
  if (v.empty()) {
    *err = "appenddirname can't be empty";
    return false;
  }
  if (!IsBaseName(v)) {
    *err = "appenddirname can't be a path, just a dirname";
    return false;
  }
  return true;
}

// dir is the working directory, as in Redis: the frontend creates it if missing and chdir()s
// there at start-up; CONFIG SET needs an existing directory and chdir()s there (commit); CONFIG
// GET and REWRITE answer the absolute working directory.
bool SetDir(ServerConfig& c, std::span<const std::string> args, bool loading, std::string* err) {
  if (args.size() != 1) {
    *err = "wrong number of arguments";
    return false;
  }
  if (!loading) {
    struct stat st;
    if (::stat(args[0].c_str(), &st) != 0) {
      *err = std::strerror(errno);
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      *err = std::strerror(ENOTDIR);
      return false;
    }
  }
  c.dir = args[0];
  return true;
}
std::string GetDir(const ServerConfig& c) {
  char buf[4096];
  if (::getcwd(buf, sizeof(buf)) == nullptr) return c.dir;
  return buf;
}
std::vector<std::pair<std::string, bool>> RewriteDir(const ServerConfig& c) {
  return {{"dir " + QuoteArg(GetDir(c)), true}};
}
bool CommitDir(const ServerConfig& c, std::string* err) {
  if (::chdir(c.dir.c_str()) != 0) {
    *err = std::strerror(errno);
    return false;
  }
  return true;
}

void ClampHz(ServerConfig& c) {
  // Redis accepts any hz but caps it to [CONFIG_MIN_HZ, CONFIG_MAX_HZ].
  if (c.hz < 1) c.hz = 1;
  if (c.hz > 500) c.hz = 500;
}

bool CheckCluster(const ServerConfig& c, std::string* err) {
  if (c.cluster_enabled) {
    *err = "cluster mode is not implemented yet";
    return false;
  }
  return true;
}

bool CheckActiveDefrag(const ServerConfig& c, std::string* err) {
  if (c.activedefrag) {
    // Redis's answer when it was not built with its own jemalloc; ringkv uses mimalloc.
    *err =
        "Active defragmentation cannot be enabled: it requires a Redis server compiled with a "
        "modified Jemalloc like the one shipped by default with the Redis source distribution";
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Special settings.

bool SetBind(ServerConfig& c, std::span<const std::string> args, bool, std::string* err) {
  if (args.size() > 16) {
    *err = "Too many bind addresses specified.";
    return false;
  }
  if (args.size() == 1 && args[0].empty()) args = {};
  c.bind.assign(args.begin(), args.end());
  return true;
}
std::string GetBind(const ServerConfig& c) {
  return Join(c.bind, " ");
}
std::vector<std::pair<std::string, bool>> RewriteBind(const ServerConfig& c) {
  if (c.bind == ServerConfig{}.bind) return {};
  std::string line = "bind ";
  line += c.bind.empty() ? "\"\"" : Join(c.bind, " ");
  return {{line, true}};
}

// save: "<seconds> <changes>" pairs. While loading, lines accumulate (the loader clears the
// default before the first one); `save ""` clears.
bool SetSave(ServerConfig& c, std::span<const std::string> args, bool loading, std::string* err) {
  bool reset = args.size() == 1 && args[0].empty();
  if (reset) args = {};
  if (args.size() % 2 != 0) {
    *err = "Invalid save parameters";
    return false;
  }
  std::vector<std::string> pairs;
  for (size_t j = 0; j < args.size(); j++) {
    long long v;
    if (!StrToLL(args[j], &v) || (j % 2 == 0 && v < 1) || (j % 2 == 1 && v < 0)) {
      *err = "Invalid save parameters";
      return false;
    }
    if (j % 2 == 0) {
      long long changes;
      StrToLL(args[j + 1], &changes);
      pairs.push_back(std::to_string(v) + " " + std::to_string(static_cast<int>(changes)));
    }
  }
  if (!loading || reset) c.save.clear();
  for (auto& p : pairs) {
    if (!c.save.empty()) c.save.push_back(' ');
    c.save += p;
  }
  return true;
}
std::string GetSave(const ServerConfig& c) {
  return c.save;
}
std::vector<std::pair<std::string, bool>> RewriteSave(const ServerConfig& c) {
  // Written even when empty, so a default cannot come back on restart (as Redis).
  if (c.save.empty()) return {{"save \"\"", true}};
  std::vector<std::pair<std::string, bool>> out;
  std::vector<std::string> parts = SplitOnSpaces(c.save);
  for (size_t i = 0; i + 1 < parts.size(); i += 2)
    out.push_back({"save " + parts[i] + " " + parts[i + 1], true});
  return out;
}

bool SetNotify(ServerConfig& c, std::span<const std::string> args, bool, std::string* err) {
  if (args.size() != 1) {
    *err = "wrong number of arguments";
    return false;
  }
  int flags = ParseNotifyFlags(args[0]);
  if (flags == -1) {
    *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
    return false;
  }
  c.notify_keyspace_events = flags;
  return true;
}
std::string GetNotify(const ServerConfig& c) {
  return FormatNotifyFlags(c.notify_keyspace_events);
}
std::vector<std::pair<std::string, bool>> RewriteNotify(const ServerConfig& c) {
  return {{"notify-keyspace-events " + QuoteArg(FormatNotifyFlags(c.notify_keyspace_events)),
           c.notify_keyspace_events != 0}};
}

constexpr std::string_view kObufClassNames[] = {"normal", "slave", "pubsub"};

bool SetObufLimits(ServerConfig& c, std::span<const std::string> args, bool, std::string* err) {
  if (args.size() % 4 != 0) {
    *err = "Wrong number of arguments in buffer limit configuration.";
    return false;
  }
  ServerConfig::ClientBufferLimit values[3];
  bool touched[3] = {false, false, false};
  for (size_t j = 0; j < args.size(); j += 4) {
    int cls = -1;
    if (EqualsIgnoreCase(args[j], "normal"))
      cls = 0;
    else if (EqualsIgnoreCase(args[j], "slave") || EqualsIgnoreCase(args[j], "replica"))
      cls = 1;
    else if (EqualsIgnoreCase(args[j], "pubsub"))
      cls = 2;
    if (cls < 0) {
      *err = "Invalid client class specified in buffer limit configuration.";
      return false;
    }
    uint64_t hard, soft;
    long long secs;
    if (!ParseMemory(args[j + 1], &hard) || !ParseMemory(args[j + 2], &soft) ||
        !StrToLL(args[j + 3], &secs) || secs < 0) {
      *err = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
      return false;
    }
    values[cls] = {static_cast<int64_t>(hard), static_cast<int64_t>(soft), secs};
    touched[cls] = true;
  }
  for (int i = 0; i < 3; i++)
    if (touched[i]) c.client_obuf_limits[i] = values[i];
  return true;
}
std::string GetObufLimits(const ServerConfig& c) {
  std::string out;
  for (int i = 0; i < 3; i++) {
    const auto& l = c.client_obuf_limits[i];
    if (i) out.push_back(' ');
    out += std::string(kObufClassNames[i]) + " " +
           std::to_string(static_cast<uint64_t>(l.hard_bytes)) + " " +
           std::to_string(static_cast<uint64_t>(l.soft_bytes)) + " " +
           std::to_string(l.soft_seconds);
  }
  return out;
}
std::vector<std::pair<std::string, bool>> RewriteObufLimits(const ServerConfig& c) {
  ServerConfig defaults;
  std::vector<std::pair<std::string, bool>> out;
  for (int i = 0; i < 3; i++) {
    const auto& l = c.client_obuf_limits[i];
    const auto& d = defaults.client_obuf_limits[i];
    bool force = l.hard_bytes != d.hard_bytes || l.soft_bytes != d.soft_bytes ||
                 l.soft_seconds != d.soft_seconds;
    std::string name = i == 1 ? "replica" : std::string(kObufClassNames[i]);
    out.push_back({"client-output-buffer-limit " + name + " " + FormatMemory(l.hard_bytes) + " " +
                       FormatMemory(l.soft_bytes) + " " + std::to_string(l.soft_seconds),
                   force});
  }
  return out;
}

bool SetOomValues(ServerConfig& c, std::span<const std::string> args, bool, std::string* err) {
  if (args.size() != 3) {
    *err = "wrong number of arguments";
    return false;
  }
  std::vector<std::string> vals;
  for (const auto& a : args) {
    long long v;
    if (!StrToLL(a, &v) || v < -2000 || v > 2000) {
      *err = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
      return false;
    }
    vals.push_back(std::to_string(v));
  }
  c.oom_score_adj_values = Join(vals, " ");
  return true;
}
std::string GetOomValues(const ServerConfig& c) {
  return c.oom_score_adj_values;
}
std::vector<std::pair<std::string, bool>> RewriteOomValues(const ServerConfig& c) {
  return {{"oom-score-adj-values " + c.oom_score_adj_values,
           c.oom_score_adj_values != ServerConfig{}.oom_score_adj_values}};
}

bool SetPercentiles(ServerConfig& c, std::span<const std::string> args, bool, std::string* err) {
  if (args.size() == 1 && args[0].empty()) args = {};
  std::vector<std::string> vals;
  for (const auto& a : args) {
    double d;
    if (!ParseDouble(a, &d)) {
      *err = "Invalid latency-tracking-info-percentiles parameters";
      return false;
    }
    if (d > 100.0 || d < 0.0) {
      *err = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
      return false;
    }
    vals.push_back(FormatPercentile(d));
  }
  c.latency_tracking_info_percentiles = Join(vals, " ");
  return true;
}
std::string GetPercentiles(const ServerConfig& c) {
  return c.latency_tracking_info_percentiles;
}
std::vector<std::pair<std::string, bool>> RewritePercentiles(const ServerConfig& c) {
  const std::string& v = c.latency_tracking_info_percentiles;
  return {{"latency-tracking-info-percentiles " + (v.empty() ? std::string("\"\"") : v), true}};
}

// ---------------------------------------------------------------------------------------------
// The table.

constexpr std::string_view kYesNoLocal[] = {"no", "yes", "local"};
constexpr std::string_view kPolicies[] = {"volatile-lru",   "volatile-lfu", "volatile-random",
                                          "volatile-ttl",   "allkeys-lru",  "allkeys-lfu",
                                          "allkeys-random", "noeviction"};
constexpr std::string_view kFsync[] = {"everysec", "always", "no"};
constexpr std::string_view kLogLevels[] = {"debug", "verbose", "notice", "warning"};
constexpr std::string_view kSupervised[] = {"upstart", "systemd", "auto", "no"};
constexpr std::string_view kOomAdj[] = {"no", "yes", "relative", "absolute"};
constexpr std::string_view kDisklessLoad[] = {"disabled", "on-empty-db", "swapdb"};
constexpr std::string_view kIoBackends[] = {"auto", "io_uring", "epoll"};
constexpr std::string_view kSyslogFacilities[] = {"user",   "local0", "local1", "local2", "local3",
                                                  "local4", "local5", "local6", "local7"};
constexpr std::string_view kSanitize[] = {"no", "yes", "clients"};
constexpr std::string_view kPubsubDefault[] = {"allchannels", "resetchannels"};

constexpr int64_t kIntMax = INT_MAX;
constexpr int64_t kIntMin = INT_MIN;
constexpr int64_t kLLMax = LLONG_MAX;

using SC = ServerConfig;

#define BOOL(n, a, fl, field) \
  { .name = n, .alias = a, .type = Type::kBool, .flags = fl, .bool_field = &SC::field }
#define INT(n, a, fl, field, lo, hi)                                                            \
  {                                                                                             \
    .name = n, .alias = a, .type = Type::kInt, .flags = fl, .int_field = &SC::field, .min = lo, \
    .max = hi                                                                                   \
  }
#define INT64(n, a, fl, field, lo, hi)                                                            \
  {                                                                                               \
    .name = n, .alias = a, .type = Type::kInt, .flags = fl, .int64_field = &SC::field, .min = lo, \
    .max = hi                                                                                     \
  }
#define ENUM(n, fl, field, values) \
  { .name = n, .type = Type::kEnum, .flags = fl, .string_field = &SC::field, .enum_values = values }
#define STRING(n, fl, field) \
  { .name = n, .type = Type::kString, .flags = fl, .string_field = &SC::field }
#define SPECIAL(n, fl, fn)                                                          \
  {                                                                                 \
    .name = n, .type = Type::kSpecial, .flags = fl, .set = Set##fn, .get = Get##fn, \
    .rewrite = Rewrite##fn                                                          \
  }

const Setting kSettings[] = {
    // network
    INT("port", "", kImmutable, port, 0, 65535),
    SPECIAL("bind", kImmutable | kMultiArg, Bind),
    BOOL("protected-mode", "", 0, protected_mode),
    INT("tcp-backlog", "", kImmutable, tcp_backlog, 0, kIntMax),
    INT("timeout", "", 0, timeout, 0, kIntMax),
    INT("tcp-keepalive", "", 0, tcp_keepalive, 0, kIntMax),
    INT("maxclients", "", 0, maxclients, 1, kIntMax),
    ENUM("io-backend", kImmutable, io_backend, kIoBackends),
    STRING("unixsocket", kImmutable | kEmptyIsNull, unixsocket),
    INT("unixsocketperm", "", kImmutable | kOctal, unixsocketperm, 0, 0777),
    // security
    STRING("requirepass", kSensitive | kEmptyIsNull, requirepass),
    ENUM("enable-protected-configs", kImmutable, enable_protected_configs, kYesNoLocal),
    ENUM("enable-debug-command", kImmutable, enable_debug_command, kYesNoLocal),
    ENUM("enable-module-command", kImmutable, enable_module_command, kYesNoLocal),
    INT64("acllog-max-len", "", 0, acllog_max_len, 0, kLLMax),
    STRING("aclfile", kImmutable, aclfile),
    ENUM("acl-pubsub-default", 0, acl_pubsub_default, kPubsubDefault),
    // limits
    INT64("proto-max-bulk-len", "", kMemory, proto_max_bulk_len, 1024 * 1024, kLLMax),
    INT64("client-query-buffer-limit", "", kMemory, client_query_buffer_limit, 1024 * 1024, kLLMax),
    SPECIAL("client-output-buffer-limit", kMultiArg, ObufLimits),
    INT64("maxmemory", "", kMemory, maxmemory, 0, kLLMax),
    ENUM("maxmemory-policy", 0, maxmemory_policy, kPolicies),
    INT("maxmemory-samples", "", 0, maxmemory_samples, 1, kIntMax),
    INT("maxmemory-eviction-tenacity", "", 0, maxmemory_eviction_tenacity, 0, 100),
    INT("lfu-log-factor", "", 0, lfu_log_factor, 0, kIntMax),
    INT("lfu-decay-time", "", 0, lfu_decay_time, 0, kIntMax),
    INT64("busy-reply-threshold", "lua-time-limit", 0, busy_reply_threshold, 0, kLLMax),
    INT64("maxmemory-clients", "", kMemory | kPercent, maxmemory_clients, -100, kLLMax),
    INT64("tracking-table-max-keys", "", 0, tracking_table_max_keys, 0, kLLMax),
    {.name = "activedefrag",
     .type = Type::kBool,
     .bool_field = &SC::activedefrag,
     .check = CheckActiveDefrag},
    // keyspace
    INT("databases", "", kImmutable, databases, 1, kIntMax),
    {.name = "hz",
     .type = Type::kInt,
     .int_field = &SC::hz,
     .min = 0,
     .max = kIntMax,
     .apply = ClampHz},
    BOOL("dynamic-hz", "", 0, dynamic_hz),
    INT("active-expire-effort", "", 0, active_expire_effort, 1, 10),
    BOOL("activerehashing", "", 0, activerehashing),
    BOOL("lazyfree-lazy-eviction", "", 0, lazyfree_lazy_eviction),
    BOOL("lazyfree-lazy-expire", "", 0, lazyfree_lazy_expire),
    BOOL("lazyfree-lazy-server-del", "", 0, lazyfree_lazy_server_del),
    BOOL("lazyfree-lazy-user-del", "", 0, lazyfree_lazy_user_del),
    BOOL("lazyfree-lazy-user-flush", "", 0, lazyfree_lazy_user_flush),
    SPECIAL("notify-keyspace-events", 0, Notify),
    // encodings
    INT64("hash-max-listpack-entries", "hash-max-ziplist-entries", 0, hash_max_listpack_entries, 0,
          kLLMax),
    INT64("hash-max-listpack-value", "hash-max-ziplist-value", kMemory, hash_max_listpack_value, 0,
          kLLMax),
    INT("list-max-listpack-size", "list-max-ziplist-size", 0, list_max_listpack_size, kIntMin,
        kIntMax),
    INT("list-compress-depth", "", 0, list_compress_depth, 0, kIntMax),
    INT64("set-max-intset-entries", "", 0, set_max_intset_entries, 0, kLLMax),
    INT64("zset-max-listpack-entries", "zset-max-ziplist-entries", 0, zset_max_listpack_entries, 0,
          kLLMax),
    INT64("zset-max-listpack-value", "zset-max-ziplist-value", kMemory, zset_max_listpack_value, 0,
          kLLMax),
    INT64("hll-sparse-max-bytes", "", kMemory, hll_sparse_max_bytes, 0, kLLMax),
    INT64("stream-node-max-bytes", "", kMemory, stream_node_max_bytes, 0, kLLMax),
    INT64("stream-node-max-entries", "", 0, stream_node_max_entries, 0, kLLMax),
    // persistence
    {.name = "dir",
     .type = Type::kSpecial,
     .flags = kProtected,
     .set = SetDir,
     .get = GetDir,
     .rewrite = RewriteDir,
     .commit = CommitDir},
    // Immutable at runtime until a running server can start its AOF (that takes a rewrite).
    {.name = "appendonly", .type = Type::kBool, .flags = kImmutable, .bool_field = &SC::appendonly},
    ENUM("appendfsync", 0, appendfsync, kFsync),
    {.name = "appendfilename",
     .type = Type::kString,
     .flags = kImmutable,
     .string_field = &SC::appendfilename,
     .validate = ValidateAofFilename},
    {.name = "appenddirname",
     .type = Type::kString,
     .flags = kImmutable,
     .string_field = &SC::appenddirname,
     .validate = ValidateAofDirname},
    {.name = "dbfilename",
     .type = Type::kString,
     .flags = kProtected,
     .string_field = &SC::dbfilename,
     .validate = ValidateDbFilename},
    {.name = "save",
     .type = Type::kSpecial,
     .flags = kMultiArg,
     .set = SetSave,
     .get = GetSave,
     .rewrite = RewriteSave},
    BOOL("stop-writes-on-bgsave-error", "", 0, stop_writes_on_bgsave_error),
    BOOL("rdbcompression", "", 0, rdbcompression),
    BOOL("rdbchecksum", "", kImmutable, rdbchecksum),
    BOOL("rdb-del-sync-files", "", 0, rdb_del_sync_files),
    BOOL("rdb-save-incremental-fsync", "", 0, rdb_save_incremental_fsync),
    // Testing aid, as Redis's: microseconds spent per key written by a background save. ringkv
    // then writes one key per loop iteration and pauses that long, which stretches a BGSAVE or
    // rewrite out so tests can act while one is in progress.
    INT("rdb-key-save-delay", "", kHidden, rdb_key_save_delay, 0, kIntMax),
    // Testing aid, as Redis's: microseconds spent per key loaded from an RDB, so tests can watch
    // the loading state (-LOADING, INFO loading:1).
    INT("key-load-delay", "", kHidden, key_load_delay, 0, kIntMax),
    INT("loading-process-events-interval-bytes", "", kHidden,
        loading_process_events_interval_bytes, 1024, kIntMax),
    BOOL("aof-load-truncated", "", 0, aof_load_truncated),
    BOOL("aof-use-rdb-preamble", "", 0, aof_use_rdb_preamble),
    BOOL("aof-timestamp-enabled", "", 0, aof_timestamp_enabled),
    BOOL("aof-rewrite-incremental-fsync", "", 0, aof_rewrite_incremental_fsync),
    BOOL("aof-disable-auto-gc", "", 0, aof_disable_auto_gc),
    ENUM("sanitize-dump-payload", 0, sanitize_dump_payload, kSanitize),
    BOOL("no-appendfsync-on-rewrite", "", 0, no_appendfsync_on_rewrite),
    INT("auto-aof-rewrite-percentage", "", 0, auto_aof_rewrite_percentage, 0, kIntMax),
    INT64("auto-aof-rewrite-min-size", "", kMemory, auto_aof_rewrite_min_size, 0, kLLMax),
    // replication
    STRING("masterauth", kSensitive | kEmptyIsNull, masterauth),
    STRING("masteruser", kSensitive | kEmptyIsNull, masteruser),
    BOOL("replica-serve-stale-data", "slave-serve-stale-data", 0, replica_serve_stale_data),
    BOOL("replica-read-only", "slave-read-only", 0, replica_read_only),
    BOOL("replica-lazy-flush", "slave-lazy-flush", 0, replica_lazy_flush),
    INT("replica-priority", "slave-priority", 0, replica_priority, 0, kIntMax),
    BOOL("repl-diskless-sync", "", 0, repl_diskless_sync),
    INT("repl-diskless-sync-delay", "", 0, repl_diskless_sync_delay, 0, kIntMax),
    INT("repl-diskless-sync-max-replicas", "", 0, repl_diskless_sync_max_replicas, 0, kIntMax),
    ENUM("repl-diskless-load", 0, repl_diskless_load, kDisklessLoad),
    BOOL("repl-disable-tcp-nodelay", "", 0, repl_disable_tcp_nodelay),
    INT64("repl-backlog-size", "", kMemory, repl_backlog_size, 1, kLLMax),
    INT("repl-timeout", "", 0, repl_timeout, 1, kIntMax),
    INT("repl-ping-replica-period", "repl-ping-slave-period", 0, repl_ping_replica_period, 1,
        kIntMax),
    INT("min-replicas-to-write", "min-slaves-to-write", 0, min_replicas_to_write, 0, kIntMax),
    INT("min-replicas-max-lag", "min-slaves-max-lag", 0, min_replicas_max_lag, 0, kIntMax),
    BOOL("replica-ignore-maxmemory", "slave-ignore-maxmemory", 0, replica_ignore_maxmemory),
    INT64("repl-backlog-ttl", "", 0, repl_backlog_ttl, 0, kLLMax),
    {.name = "cluster-enabled",
     .type = Type::kBool,
     .flags = kImmutable,
     .bool_field = &SC::cluster_enabled,
     .check = CheckCluster},
    // monitoring
    INT64("slowlog-log-slower-than", "", 0, slowlog_log_slower_than, -1, kLLMax),
    INT64("slowlog-max-len", "", 0, slowlog_max_len, 0, kLLMax),
    INT64("latency-monitor-threshold", "", 0, latency_monitor_threshold, 0, kLLMax),
    BOOL("latency-tracking", "", 0, latency_tracking),
    SPECIAL("latency-tracking-info-percentiles", kMultiArg, Percentiles),
    // process
    ENUM("loglevel", 0, loglevel, kLogLevels),
    STRING("logfile", kImmutable, logfile),
    BOOL("daemonize", "", kImmutable, daemonize),
    STRING("pidfile", kImmutable | kEmptyIsNull, pidfile),
    ENUM("supervised", kImmutable, supervised, kSupervised),
    BOOL("always-show-logo", "", kImmutable, always_show_logo),
    BOOL("set-proc-title", "", kImmutable, set_proc_title),
    STRING("proc-title-template", 0, proc_title_template),
    BOOL("disable-thp", "", kImmutable, disable_thp),
    BOOL("jemalloc-bg-thread", "", 0, jemalloc_bg_thread),
    ENUM("oom-score-adj", 0, oom_score_adj, kOomAdj),
    SPECIAL("oom-score-adj-values", kMultiArg, OomValues),
    STRING("ignore-warnings", 0, ignore_warnings),
    INT("io-threads", "", kImmutable, io_threads, 1, 128),
    BOOL("io-threads-do-reads", "", kImmutable, io_threads_do_reads),
    INT("shutdown-timeout", "", 0, shutdown_timeout, 0, kIntMax),
    BOOL("syslog-enabled", "", kImmutable, syslog_enabled),
    STRING("syslog-ident", kImmutable, syslog_ident),
    ENUM("syslog-facility", kImmutable, syslog_facility, kSyslogFacilities),
    BOOL("crash-log-enabled", "", 0, crash_log_enabled),
    BOOL("crash-memcheck-enabled", "", 0, crash_memcheck_enabled),
};

#undef BOOL
#undef INT
#undef INT64
#undef ENUM
#undef STRING
#undef SPECIAL

// A lookup result: the row and the name it was found under (alias or primary, lower case).
struct Found {
  const Setting* setting = nullptr;
  std::string_view name;
};

Found Lookup(std::string_view name) {
  for (const Setting& s : kSettings) {
    if (EqualsIgnoreCase(s.name, name)) return {&s, s.name};
    if (!s.alias.empty() && EqualsIgnoreCase(s.alias, name)) return {&s, s.alias};
  }
  return {};
}

const ServerConfig& Defaults() {
  static const ServerConfig defaults;
  return defaults;
}

// The value from the field itself (what REWRITE writes and compares with the default).
std::string FieldValue(const ServerConfig& c, const Setting& s) {
  switch (s.type) {
    case Type::kBool:
      return (c.*s.bool_field) ? "yes" : "no";
    case Type::kInt: {
      int64_t v = s.int_field ? (c.*s.int_field) : (c.*s.int64_field);
      if ((s.flags & kPercent) && v < 0) return std::to_string(-v) + "%";
      if (s.flags & kOctal) {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%llo", static_cast<unsigned long long>(v));
        return buf;
      }
      return std::to_string(v);
    }
    case Type::kEnum:
    case Type::kString:
      return c.*s.string_field;
    case Type::kSpecial:
      return s.get(c);
  }
  return "";
}

bool ParseIntValue(const Setting& s, const std::string& value, int64_t* out, std::string* err) {
  if (s.flags & kMemory) {
    uint64_t u;
    if (ParseMemory(value, &u)) {
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        *err = "argument must be between " + std::to_string(s.min) + " and " +
               std::to_string(s.max) + " inclusive";
        return false;
      }
      *out = static_cast<int64_t>(u);
      return true;
    }
  }
  if ((s.flags & kPercent) && value.size() > 1 && value.back() == '%') {
    int64_t p;
    if (ParseInt64(std::string_view(value).substr(0, value.size() - 1), &p) && p >= 0) {
      *out = -p;
      return true;
    }
  }
  if (s.flags & kOctal) {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(value.c_str(), &end, 8);
    if (errno == 0 && *end == '\0') {
      *out = v;
      return true;
    }
  }
  if (!(s.flags & (kMemory | kPercent | kOctal)) && ParseInt64(value, out)) return true;
  if ((s.flags & kMemory) && (s.flags & kPercent)) {
    *err = "argument must be a memory or percent value";
  } else if (s.flags & kMemory) {
    *err = "argument must be a memory value";
  } else if (s.flags & kOctal) {
    *err = "argument couldn't be parsed as an octal number";
  } else {
    *err = "argument couldn't be parsed into an integer";
  }
  return false;
}

bool CheckBounds(const Setting& s, int64_t v, std::string* err) {
  if ((s.flags & kPercent) && v < 0) {
    if (v < s.min) {
      *err = "percentage argument must be less or equal to " + std::to_string(-s.min);
      return false;
    }
    return true;
  }
  if (v < s.min || v > s.max) {
    char buf[160];
    if (s.flags & kOctal) {
      std::snprintf(buf, sizeof(buf), "argument must be between %llo and %llo inclusive",
                    static_cast<unsigned long long>(s.min), static_cast<unsigned long long>(s.max));
    } else {
      std::snprintf(buf, sizeof(buf), "argument must be between %lld and %lld inclusive",
                    static_cast<long long>(s.min), static_cast<long long>(s.max));
    }
    *err = buf;
    return false;
  }
  return true;
}

// Sets one setting from its arguments (one argument unless kMultiArg).
bool SetValue(ServerConfig& c, const Setting& s, std::span<const std::string> args, bool loading,
              std::string* err) {
  if (s.type == Type::kSpecial) {
    if (!s.set(c, args, loading, err)) return false;
  } else {
    const std::string& v = args[0];
    switch (s.type) {
      case Type::kBool: {
        bool b;
        if (EqualsIgnoreCase(v, "yes"))
          b = true;
        else if (EqualsIgnoreCase(v, "no"))
          b = false;
        else {
          *err = "argument must be 'yes' or 'no'";
          return false;
        }
        c.*s.bool_field = b;
        break;
      }
      case Type::kInt: {
        int64_t n;
        if (!ParseIntValue(s, v, &n, err) || !CheckBounds(s, n, err)) return false;
        if (s.validate && !s.validate(v, loading, err)) return false;
        if (s.int_field)
          c.*s.int_field = static_cast<int>(n);
        else
          c.*s.int64_field = n;
        break;
      }
      case Type::kEnum: {
        const std::string_view* match = nullptr;
        for (const auto& name : s.enum_values)
          if (EqualsIgnoreCase(name, v)) match = &name;
        if (match == nullptr) {
          std::string msg = "argument(s) must be one of the following: ";
          for (size_t i = 0; i < s.enum_values.size(); i++) {
            if (i) msg += ", ";
            msg += s.enum_values[i];
          }
          *err = msg;
          return false;
        }
        c.*s.string_field = std::string(*match);
        break;
      }
      case Type::kString:
        if (s.validate && !s.validate(v, loading, err)) return false;
        c.*s.string_field = v;
        break;
      case Type::kSpecial:
        break;
    }
  }
  if (s.apply) s.apply(c);
  return true;
}

// The lines REWRITE writes for a setting, each with its force flag.
std::vector<std::pair<std::string, bool>> RewriteLines(const ServerConfig& c, const Setting& s) {
  if (s.type == Type::kSpecial) return s.rewrite(c);
  std::string value = FieldValue(c, s);
  bool force = value != FieldValue(Defaults(), s);
  std::string line(s.name);
  line.push_back(' ');
  switch (s.type) {
    case Type::kInt:
      if ((s.flags & kMemory) && !(s.flags & kPercent && value.back() == '%')) {
        line += FormatMemory(s.int_field ? (c.*s.int_field) : (c.*s.int64_field));
      } else {
        line += value;
      }
      break;
    case Type::kString:
      if ((s.flags & kEmptyIsNull) && value.empty()) return {};
      line += QuoteArg(value);
      break;
    default:
      line += value;
      break;
  }
  return {{line, force}};
}

std::string Trim(std::string_view s, std::string_view chars) {
  size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(chars);
  return std::string(s.substr(b, e - b + 1));
}

// Directives the loader understands that are not settings; REWRITE keeps their lines as they are.
bool IsKnownDirective(std::string_view name) {
  return EqualsIgnoreCase(name, "include") || EqualsIgnoreCase(name, "rename-command") ||
         EqualsIgnoreCase(name, "user") || EqualsIgnoreCase(name, "loadmodule");
}

bool ReadWholeFile(const std::string& path, std::string* out, int* err_no) {
  FILE* fp = std::fopen(path.c_str(), "r");
  if (fp == nullptr) {
    *err_no = errno;
    return false;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), fp)) > 0) out->append(buf, n);
  bool ok = !std::ferror(fp);
  *err_no = ok ? 0 : errno;
  std::fclose(fp);
  return ok;
}

std::string AbsolutePath(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char cwd[4096];
  if (::getcwd(cwd, sizeof(cwd)) == nullptr) return path;
  std::string out(cwd);
  if (out.back() != '/') out.push_back('/');
  std::string_view p = path;
  while (p.substr(0, 2) == "./") p.remove_prefix(2);
  out.append(p);
  return out;
}

}  // namespace

// -----------------------------------------------------------------------------------------------
// Public helpers.

std::span<const Setting> AllSettings() {
  return kSettings;
}

const Setting* FindSetting(std::string_view name) {
  return Lookup(name).setting;
}

std::string GetValue(const ServerConfig& c, const Setting& s) {
  if (s.get != nullptr) return s.get(c);
  return FieldValue(c, s);
}

std::optional<std::string> GetValue(const ServerConfig& c, std::string_view name) {
  const Setting* s = FindSetting(name);
  if (s == nullptr) return std::nullopt;
  return GetValue(c, *s);
}

bool ParseMemory(std::string_view s, uint64_t* out) {
  if (!s.empty() && s[0] == '-') return false;
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) digits++;
  std::string_view unit = s.substr(digits);
  uint64_t mul;
  if (unit.empty() || EqualsIgnoreCase(unit, "b"))
    mul = 1;
  else if (EqualsIgnoreCase(unit, "k"))
    mul = 1000;
  else if (EqualsIgnoreCase(unit, "kb"))
    mul = 1024;
  else if (EqualsIgnoreCase(unit, "m"))
    mul = 1000 * 1000;
  else if (EqualsIgnoreCase(unit, "mb"))
    mul = 1024 * 1024;
  else if (EqualsIgnoreCase(unit, "g"))
    mul = 1000ULL * 1000 * 1000;
  else if (EqualsIgnoreCase(unit, "gb"))
    mul = 1024ULL * 1024 * 1024;
  else
    return false;
  // Redis runs strtoull over the digits: none at all ("" or "kb") reads as 0.
  uint64_t val = 0;
  for (size_t i = 0; i < digits; i++) {
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (val > (UINT64_MAX - d) / 10) return false;
    val = val * 10 + d;
  }
  if (val > UINT64_MAX / mul) return false;
  *out = val * mul;
  return true;
}

std::string FormatMemory(int64_t bytes) {
  constexpr int64_t kGb = 1024LL * 1024 * 1024, kMb = 1024 * 1024, kKb = 1024;
  if (bytes && bytes % kGb == 0) return std::to_string(bytes / kGb) + "gb";
  if (bytes && bytes % kMb == 0) return std::to_string(bytes / kMb) + "mb";
  if (bytes && bytes % kKb == 0) return std::to_string(bytes / kKb) + "kb";
  return std::to_string(bytes);
}

bool SplitArgs(std::string_view line, std::vector<std::string>* out) {
  out->clear();
  size_t i = 0, n = line.size();
  auto at = [&](size_t k) -> char { return k < n ? line[k] : '\0'; };
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  auto hex_val = [](char c) {
    return std::isdigit(static_cast<unsigned char>(c))
               ? c - '0'
               : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
  };
  auto is_space = [](char c) { return c != '\0' && std::isspace(static_cast<unsigned char>(c)); };
  while (true) {
    while (is_space(at(i))) i++;
    if (at(i) == '\0' && i >= n) return true;
    if (at(i) == '\0') return true;  // an embedded NUL ends the line, as in C
    std::string current;
    bool inq = false, insq = false, done = false;
    while (!done) {
      char c = at(i);
      if (inq) {
        if (c == '\\' && at(i + 1) == 'x' && is_hex(at(i + 2)) && is_hex(at(i + 3))) {
          current.push_back(static_cast<char>(hex_val(at(i + 2)) * 16 + hex_val(at(i + 3))));
          i += 3;
        } else if (c == '\\' && at(i + 1) != '\0') {
          i++;
          switch (at(i)) {
            case 'n':
              current.push_back('\n');
              break;
            case 'r':
              current.push_back('\r');
              break;
            case 't':
              current.push_back('\t');
              break;
            case 'b':
              current.push_back('\b');
              break;
            case 'a':
              current.push_back('\a');
              break;
            default:
              current.push_back(at(i));
              break;
          }
        } else if (c == '"') {
          // The closing quote must be followed by a space or nothing at all.
          if (at(i + 1) != '\0' && !is_space(at(i + 1))) return false;
          done = true;
        } else if (c == '\0') {
          return false;  // unterminated quotes
        } else {
          current.push_back(c);
        }
      } else if (insq) {
        if (c == '\\' && at(i + 1) == '\'') {
          i++;
          current.push_back('\'');
        } else if (c == '\'') {
          if (at(i + 1) != '\0' && !is_space(at(i + 1))) return false;
          done = true;
        } else if (c == '\0') {
          return false;
        } else {
          current.push_back(c);
        }
      } else {
        switch (c) {
          case ' ':
          case '\n':
          case '\r':
          case '\t':
          case '\0':
            done = true;
            break;
          case '"':
            inq = true;
            break;
          case '\'':
            insq = true;
            break;
          default:
            current.push_back(c);
            break;
        }
      }
      if (at(i) != '\0') i++;
    }
    out->push_back(std::move(current));
  }
}

std::string QuoteArg(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      default:
        if (std::isprint(static_cast<unsigned char>(ch))) {
          out.push_back(ch);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(ch));
          out += buf;
        }
    }
  }
  out.push_back('"');
  return out;
}

int ParseNotifyFlags(std::string_view s) {
  int flags = 0;
  for (char ch : s) {
    switch (ch) {
      case 'A':
        flags |= kNotifyAll;
        break;
      case 'g':
        flags |= kNotifyGeneric;
        break;
      case '$':
        flags |= kNotifyString;
        break;
      case 'l':
        flags |= kNotifyList;
        break;
      case 's':
        flags |= kNotifySet;
        break;
      case 'h':
        flags |= kNotifyHash;
        break;
      case 'z':
        flags |= kNotifyZset;
        break;
      case 'x':
        flags |= kNotifyExpired;
        break;
      case 'e':
        flags |= kNotifyEvicted;
        break;
      case 'K':
        flags |= kNotifyKeyspace;
        break;
      case 'E':
        flags |= kNotifyKeyevent;
        break;
      case 't':
        flags |= kNotifyStream;
        break;
      case 'm':
        flags |= kNotifyKeyMiss;
        break;
      case 'd':
        flags |= kNotifyModule;
        break;
      case 'n':
        flags |= kNotifyNew;
        break;
      default:
        return -1;
    }
  }
  return flags;
}

std::string FormatNotifyFlags(int flags) {
  std::string out;
  if ((flags & kNotifyAll) == kNotifyAll) {
    out += 'A';
  } else {
    if (flags & kNotifyGeneric) out += 'g';
    if (flags & kNotifyString) out += '$';
    if (flags & kNotifyList) out += 'l';
    if (flags & kNotifySet) out += 's';
    if (flags & kNotifyHash) out += 'h';
    if (flags & kNotifyZset) out += 'z';
    if (flags & kNotifyExpired) out += 'x';
    if (flags & kNotifyEvicted) out += 'e';
    if (flags & kNotifyStream) out += 't';
    if (flags & kNotifyModule) out += 'd';
    if (flags & kNotifyNew) out += 'n';
  }
  if (flags & kNotifyKeyspace) out += 'K';
  if (flags & kNotifyKeyevent) out += 'E';
  if (flags & kNotifyKeyMiss) out += 'm';
  return out;
}

// -----------------------------------------------------------------------------------------------
// CONFIG GET / SET.

std::vector<std::pair<std::string, std::string>> ConfigGet(
    const ServerConfig& c, std::span<const std::string_view> patterns) {
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string, std::less<>> seen;
  auto add = [&](std::string_view name, const Setting& s) {
    if (!seen.insert(std::string(name)).second) return;
    out.emplace_back(std::string(name), GetValue(c, s));
  };
  for (std::string_view pattern : patterns) {
    if (pattern.find_first_of("[*?") == std::string_view::npos) {
      Found f = Lookup(pattern);
      if (f.setting != nullptr) add(pattern, *f.setting);
      continue;
    }
    for (const Setting& s : kSettings) {
      if (s.flags & kHidden) continue;
      if (GlobMatch(pattern, s.name, true)) add(s.name, s);
      if (!s.alias.empty() && GlobMatch(pattern, s.alias, true)) add(s.alias, s);
    }
  }
  return out;
}

std::string ConfigSet(ServerConfig& c, std::span<const std::string_view> name_values,
                      bool allow_protected) {
  if (name_values.size() % 2 != 0) return std::string(errors::kSyntax);
  auto failed = [](std::string_view name, std::string_view why) {
    std::string out = "ERR CONFIG SET failed (possibly related to argument '";
    out.append(name);
    out.append("')");
    if (!why.empty()) {
      out.append(" - ");
      out.append(why);
    }
    return out;
  };
  std::vector<Found> targets;
  for (size_t i = 0; i < name_values.size(); i += 2) {
    std::string_view name = name_values[i];
    Found f = Lookup(name);
    if (f.setting == nullptr) {
      return "ERR Unknown option or number of arguments for CONFIG SET - '" + std::string(name) +
             "'";
    }
    if (f.setting->flags & kImmutable) return failed(name, "can't set immutable config");
    if ((f.setting->flags & kProtected) && !allow_protected)
      return failed(name, "can't set protected config");
    for (const Found& t : targets)
      if (t.setting == f.setting) return failed(name, "duplicate parameter");
    targets.push_back(f);
  }
  ServerConfig backup = c;
  std::string err;
  for (size_t i = 0; i < targets.size(); i++) {
    const Setting& s = *targets[i].setting;
    std::string_view value = name_values[2 * i + 1];
    std::vector<std::string> args;
    if (s.flags & kMultiArg)
      args = SplitOnSpaces(value);
    else
      args.emplace_back(value);
    if (!SetValue(c, s, args, /*loading=*/false, &err)) {
      c = backup;
      return failed(targets[i].name, err);
    }
  }
  for (const Found& t : targets) {
    if (t.setting->check && !t.setting->check(c, &err)) {
      c = backup;
      return failed(t.name, err);
    }
  }
  for (const Found& t : targets) {
    if (t.setting->commit && !t.setting->commit(c, &err)) {
      c = backup;
      return failed(t.name, err);
    }
  }
  return "";
}

// -----------------------------------------------------------------------------------------------
// CONFIG REWRITE.

std::string RewriteConfigText(const ServerConfig& c, std::string_view old_text) {
  constexpr std::string_view kSignature = "# Generated by CONFIG REWRITE";
  std::vector<std::string> lines;
  std::map<std::string, std::vector<size_t>, std::less<>> option_lines;  // primary -> line numbers
  bool needs_signature = true;

  if (!old_text.empty()) {
    size_t start = 0;
    while (true) {
      size_t nl = old_text.find('\n', start);
      std::string_view raw = old_text.substr(
          start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
      std::string line = Trim(raw, "\r\n\t ");
      if (line.empty() || line[0] == '#') {
        if (needs_signature && line == kSignature) needs_signature = false;
        lines.push_back(std::move(line));
      } else {
        std::vector<std::string> argv;
        const Setting* s = nullptr;
        bool parsed = SplitArgs(line, &argv) && !argv.empty();
        if (parsed) s = FindSetting(argv[0]);
        if (s != nullptr) {
          option_lines[std::string(s->name)].push_back(lines.size());
          lines.push_back(std::move(line));
        } else if (parsed && IsKnownDirective(argv[0])) {
          lines.push_back(std::move(line));
        } else {
          lines.push_back("# ??? " + line);
        }
      }
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
  }

  std::set<std::string, std::less<>> processed;
  for (const Setting& s : kSettings) {
    processed.insert(std::string(s.name));
    for (auto& [line, force] : RewriteLines(c, s)) {
      auto it = option_lines.find(s.name);
      if (it != option_lines.end()) {
        lines[it->second.front()] = line;
        it->second.erase(it->second.begin());
        if (it->second.empty()) option_lines.erase(it);
      } else if (force) {
        if (needs_signature) {
          lines.emplace_back(kSignature);
          needs_signature = false;
        }
        lines.push_back(line);
      }
    }
  }
  // Lines of rewritten settings that were not reused (a second `save` line, an old duplicate).
  for (auto& [name, nums] : option_lines) {
    if (!processed.count(name)) continue;
    for (size_t n : nums) lines[n].clear();
  }

  std::string out;
  bool was_empty = false;
  for (const std::string& line : lines) {
    if (line.empty()) {
      if (was_empty) continue;
      was_empty = true;
    } else {
      was_empty = false;
    }
    out += line;
    out.push_back('\n');
  }
  return out;
}

std::string ConfigRewrite(const ServerConfig& c) {
  if (c.config_file.empty()) return "ERR The server is running without a config file";
  const std::string& path = c.config_file;
  std::string old_text;
  int err_no = 0;
  if (!ReadWholeFile(path, &old_text, &err_no) && err_no != ENOENT) {
    return "ERR Rewriting config file: " + std::string(std::strerror(err_no));
  }
  std::string content = RewriteConfigText(c, old_text);

  std::string tmp = path + ".XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd == -1) return "ERR Rewriting config file: " + std::string(std::strerror(errno));
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return "ERR Rewriting config file: " + std::string(std::strerror(e));
    }
    off += static_cast<size_t>(n);
  }
  mode_t mask = ::umask(0);
  ::umask(mask);
  int e = 0;
  if (::fsync(fd) != 0 || ::fchmod(fd, 0644 & ~mask) != 0 ||
      ::rename(tmp.c_str(), path.c_str()) != 0)
    e = errno;
  ::close(fd);
  if (e != 0) {
    ::unlink(tmp.c_str());
    return "ERR Rewriting config file: " + std::string(std::strerror(e));
  }
  return "";
}

// -----------------------------------------------------------------------------------------------
// Start-up loading.

bool ConfigLoader::ApplyLine(std::vector<std::string>& argv, const std::string& where, int depth,
                             std::string* err) {
  auto fail = [&](std::string_view why) {
    *err = where + ": " + std::string(why);
    return false;
  };
  argv[0] = ToLower(argv[0]);
  Found f = Lookup(argv[0]);
  if (f.setting != nullptr) {
    const Setting& s = *f.setting;
    if (!(s.flags & kMultiArg) && argv.size() != 2) return fail("wrong number of arguments");
    std::span<const std::string> args(argv.data() + 1, argv.size() - 1);
    // As Redis 7: one non-empty argument of a multi-argument setting is split on spaces, so
    // `--save "3600 1"` on the command line means `save 3600 1`.
    std::vector<std::string> split;
    if ((s.flags & kMultiArg) && argv.size() == 2 && !argv[1].empty() &&
        SplitArgs(argv[1], &split)) {
      args = split;
    }
    if (s.set == SetSave) {
      // The first `save` line replaces the default; later ones add to it.
      if (!save_seen_) config_.save.clear();
      save_seen_ = true;
    }
    std::string why;
    if (!SetValue(config_, s, args, /*loading=*/true, &why)) return fail(why);
    where_.emplace_back(&s, where);
    return true;
  }
  const std::string& name = argv[0];
  // Directives Redis 7.0 still accepts and ignores.
  if ((name == "list-max-ziplist-entries" || name == "list-max-ziplist-value" ||
       name == "lua-replicate-commands") &&
      argv.size() == 2)
    return true;
  if (name == "include" && argv.size() == 2) {
    if (depth >= 16) return fail("include nesting is too deep");
    return LoadFileAt(argv[1], depth + 1, err);
  }
  if (name == "rename-command" && argv.size() == 3) return fail("rename-command is not supported");
  if (name == "user" && argv.size() >= 2) return fail("ACL users are not supported yet");
  if (name == "loadmodule" && argv.size() >= 2) return fail("modules are not supported");
  return fail("Bad directive or wrong number of arguments");
}

bool ConfigLoader::LoadTextAt(std::string_view text, std::string_view source, int depth,
                              std::string* err) {
  size_t start = 0;
  int linenum = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view raw =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    linenum++;
    std::string line = Trim(raw, " \t\r\n");
    if (!line.empty() && line[0] != '#') {
      std::string where = std::string(source) + ":" + std::to_string(linenum) + ": '" + line + "'";
      std::vector<std::string> argv;
      if (!SplitArgs(line, &argv)) {
        *err = where + ": Unbalanced quotes in configuration line";
        return false;
      }
      if (!argv.empty() && !ApplyLine(argv, where, depth, err)) return false;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return true;
}

bool ConfigLoader::LoadFileAt(const std::string& path, int depth, std::string* err) {
  std::vector<std::string> paths;
  if (path.find_first_of("*?[") != std::string::npos) {
    // A wildcard include with no match is not an error (an empty conf.d directory).
    glob_t g;
    if (::glob(path.c_str(), 0, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; i++) paths.emplace_back(g.gl_pathv[i]);
      ::globfree(&g);
    }
  } else {
    paths.push_back(path);
  }
  for (const std::string& p : paths) {
    std::string text;
    int err_no = 0;
    if (!ReadWholeFile(p, &text, &err_no)) {
      *err = p + ": can't open config file: " + std::strerror(err_no);
      return false;
    }
    if (!LoadTextAt(text, p, depth, err)) return false;
  }
  return true;
}

bool ConfigLoader::LoadFile(const std::string& path, std::string* err) {
  if (!LoadFileAt(path, 0, err)) return false;
  config_.config_file = AbsolutePath(path);
  return true;
}

bool ConfigLoader::LoadText(std::string_view text, std::string_view source, std::string* err) {
  return LoadTextAt(text, source, 0, err);
}

bool ConfigLoader::LoadOptions(std::span<const std::string_view> args, std::string* err) {
  // Grouped as redis-server's main() does: "--name" starts an option once the previous one has a
  // value; anything else is a value of the current option.
  std::vector<std::vector<std::string>> groups;
  bool handled_last = true;
  for (size_t j = 0; j < args.size(); j++) {
    std::string_view a = args[j];
    if (handled_last && a.size() >= 2 && a.substr(0, 2) == "--") {
      std::vector<std::string> tokens;
      if (SplitArgs(a.substr(2), &tokens) && tokens.size() > 1) {
        groups.push_back(std::move(tokens));  // "--port 6380" as one argument
        handled_last = true;
        continue;
      }
      groups.push_back({std::string(a.substr(2))});
      handled_last = false;
      if (EqualsIgnoreCase(a, "--save")) {
        bool last = j + 1 == args.size();
        if (last || args[j + 1].substr(0, 2) == "--") {
          groups.back().emplace_back("");  // a bare --save means save ""
          handled_last = true;
        }
      }
    } else {
      if (groups.empty()) groups.push_back({});
      groups.back().emplace_back(a);
      handled_last = true;
    }
  }
  for (auto& g : groups) {
    std::string text;
    for (size_t i = 0; i < g.size(); i++) {
      if (i) text.push_back(' ');
      text += i == 0 ? "--" + g[i] : (g[i].empty() ? std::string("\"\"") : g[i]);
    }
    std::string where = "(command line): '" + text + "'";
    if (!ApplyLine(g, where, 0, err)) return false;
  }
  return true;
}

bool ConfigLoader::Finish(std::string* err) {
  for (const Setting& s : kSettings) {
    std::string why;
    if (s.check == nullptr || s.check(config_, &why)) continue;
    std::string where = std::string(s.name);
    for (auto it = where_.rbegin(); it != where_.rend(); ++it) {
      if (it->first == &s) {
        where = it->second;
        break;
      }
    }
    *err = where + ": " + why;
    return false;
  }
  return true;
}

std::string LoadConfigFile(const std::string& path, ServerConfig& c) {
  ConfigLoader loader(c);
  std::string err;
  if (!loader.LoadFile(path, &err) || !loader.Finish(&err)) return err;
  return "";
}

std::string LoadStartupConfig(std::span<const std::string_view> args, ServerConfig& c) {
  ConfigLoader loader(c);
  std::string err;
  size_t first_option = 0;
  if (!args.empty() && !args[0].empty() && args[0][0] != '-') {
    if (!loader.LoadFile(std::string(args[0]), &err)) return err;
    first_option = 1;
  }
  if (!loader.LoadOptions(args.subspan(first_option), &err)) return err;
  if (!loader.Finish(&err)) return err;
  return "";
}

}  // namespace ringkv::config
