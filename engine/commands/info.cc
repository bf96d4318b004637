// INFO [section ...]: Redis 7.0's sections and field names, "\r\n" line endings, a verbatim
// string in RESP3 (a bulk string in RESP2). Fields whose feature does not exist yet (replication,
// persistence, pub/sub, blocking) report what Redis reports when the feature is idle.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/blocking.h"
#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/scripting/script_engine.h"
#include "engine/util/clock.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

enum Section : uint32_t {
  kServer = 1 << 0,
  kClients = 1 << 1,
  kMemory = 1 << 2,
  kPersistence = 1 << 3,
  kStats = 1 << 4,
  kReplication = 1 << 5,
  kCpu = 1 << 6,
  kModules = 1 << 7,
  kCommandstats = 1 << 8,
  kErrorstats = 1 << 9,
  kLatencystats = 1 << 10,
  kCluster = 1 << 11,
  kKeyspace = 1 << 12,
};
constexpr uint32_t kDefaultSections = kServer | kClients | kMemory | kPersistence | kStats |
                                      kReplication | kCpu | kModules | kErrorstats | kCluster |
                                      kKeyspace;
constexpr uint32_t kAllSections = kDefaultSections | kCommandstats | kLatencystats;

constexpr std::pair<std::string_view, Section> kSectionNames[] = {
    {"server", kServer},           {"clients", kClients},       {"memory", kMemory},
    {"persistence", kPersistence}, {"stats", kStats},           {"replication", kReplication},
    {"cpu", kCpu},                 {"modules", kModules},       {"commandstats", kCommandstats},
    {"errorstats", kErrorstats},   {"latencystats", kLatencystats}, {"cluster", kCluster},
    {"keyspace", kKeyspace},
};

class InfoWriter {
 public:
  void Header(std::string_view title) {
    if (!out_.empty()) out_ += "\r\n";
    out_ += "# ";
    out_ += title;
    out_ += "\r\n";
  }
  void Field(std::string_view key, std::string_view value) {
    out_ += key;
    out_ += ':';
    out_ += value;
    out_ += "\r\n";
  }
  void Field(std::string_view key, int64_t v) { Field(key, std::to_string(v)); }
  void Field(std::string_view key, uint64_t v) { Field(key, std::to_string(v)); }
  void Field(std::string_view key, int v) { Field(key, std::to_string(v)); }
  void Fixed(std::string_view key, double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
    Field(key, buf);
  }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

// Redis's bytesToHuman.
std::string BytesToHuman(uint64_t n) {
  char buf[64];
  const double d = static_cast<double>(n);
  if (n < 1024) std::snprintf(buf, sizeof(buf), "%lluB", static_cast<unsigned long long>(n));
  else if (n < (1ULL << 20)) std::snprintf(buf, sizeof(buf), "%.2fK", d / 1024);
  else if (n < (1ULL << 30)) std::snprintf(buf, sizeof(buf), "%.2fM", d / (1ULL << 20));
  else if (n < (1ULL << 40)) std::snprintf(buf, sizeof(buf), "%.2fG", d / (1ULL << 30));
  else if (n < (1ULL << 50)) std::snprintf(buf, sizeof(buf), "%.2fT", d / (1ULL << 40));
  else if (n < (1ULL << 60)) std::snprintf(buf, sizeof(buf), "%.2fP", d / (1ULL << 50));
  else std::snprintf(buf, sizeof(buf), "%lluB", static_cast<unsigned long long>(n));
  return buf;
}

// Resident set size from /proc/self/statm (its second field, in pages).
uint64_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::string TimevalSeconds(const timeval& tv) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%ld.%06ld", static_cast<long>(tv.tv_sec),
                static_cast<long>(tv.tv_usec));
  return buf;
}

void ServerSection(Engine& e, InfoWriter& w) {
  const ServerConfig& c = e.config();
  const RuntimeInfo& rt = e.runtime();
  int64_t now_us = WallClockUs();
  int64_t uptime = (now_us / 1000 - rt.start_ms) / 1000;
  utsname name{};
  ::uname(&name);
  w.Header("Server");
  w.Field("redis_version", kRedisVersion);
  w.Field("redis_git_sha1", "00000000");
  w.Field("redis_git_dirty", "0");
  w.Field("redis_build_id", "0000000000000000");
  w.Field("redis_mode", "standalone");
  w.Field("os", std::string(name.sysname) + " " + name.release + " " + name.machine);
  w.Field("arch_bits", static_cast<int>(sizeof(void*) * 8));
  w.Field("monotonic_clock", "POSIX clock_gettime");
  w.Field("multiplexing_api", rt.io_backend.empty() ? c.io_backend : rt.io_backend);
  w.Field("atomicvar_api", "c11-builtin");
#if defined(__GNUC__)
  w.Field("gcc_version", std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
                             std::to_string(__GNUC_PATCHLEVEL__));
#else
  w.Field("gcc_version", "0.0.0");
#endif
  w.Field("process_id", static_cast<int64_t>(::getpid()));
  w.Field("process_supervised", "no");
  w.Field("run_id", rt.run_id);
  w.Field("tcp_port", c.port);
  w.Field("server_time_usec", now_us);
  w.Field("uptime_in_seconds", uptime);
  w.Field("uptime_in_days", uptime / 86400);
  w.Field("hz", c.hz);
  w.Field("configured_hz", c.hz);
  w.Field("lru_clock", static_cast<int64_t>(e.LruClock()));
  w.Field("executable", rt.executable);
  w.Field("config_file", c.config_file);
  w.Field("io_threads_active", "0");
  w.Field("ringkv_version", kRingkvVersion);
}

void ClientsSection(Engine& e, InfoWriter& w) {
  size_t max_in = 0, max_out = 0;
  for (const auto& [id, s] : e.sessions()) {
    max_in = std::max(max_in, s->query_buffer + s->query_buffer_free);
    max_out = std::max(max_out, s->output_bytes);
  }
  w.Header("Clients");
  w.Field("connected_clients", static_cast<uint64_t>(e.sessions().size()));
  w.Field("cluster_connections", "0");
  w.Field("maxclients", e.config().maxclients);
  w.Field("client_recent_max_input_buffer", static_cast<uint64_t>(max_in));
  w.Field("client_recent_max_output_buffer", static_cast<uint64_t>(max_out));
  w.Field("blocked_clients", static_cast<uint64_t>(e.blocking().blocked_count()));
  w.Field("tracking_clients", "0");
  w.Field("clients_in_timeout_table", "0");
}

void MemorySection(Engine& e, InfoWriter& w) {
  const ServerConfig& c = e.config();
  uint64_t used = e.arena().UsedBytes();
  EngineStats& st = e.stats();
  st.used_memory_peak = std::max<uint64_t>(st.used_memory_peak, used);
  uint64_t peak = st.used_memory_peak;
  uint64_t rss = ResidentBytes();
  uint64_t overhead = 0;
  for (int i = 0; i < e.db_count(); i++) overhead += e.db(i).OverheadBytes();
  overhead = std::min(overhead, used);
  uint64_t dataset = used - overhead;
  uint64_t total_system =
      static_cast<uint64_t>(::sysconf(_SC_PHYS_PAGES)) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  auto perc = [](uint64_t part, uint64_t whole) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.2f%%",
                  whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return std::string(buf);
  };
  double frag = used ? static_cast<double>(rss) / static_cast<double>(used) : 0.0;
  w.Header("Memory");
  w.Field("used_memory", used);
  w.Field("used_memory_human", BytesToHuman(used));
  w.Field("used_memory_rss", rss);
  w.Field("used_memory_rss_human", BytesToHuman(rss));
  w.Field("used_memory_peak", peak);
  w.Field("used_memory_peak_human", BytesToHuman(peak));
  w.Field("used_memory_peak_perc", perc(used, peak));
  w.Field("used_memory_overhead", overhead);
  w.Field("used_memory_startup", "0");
  w.Field("used_memory_dataset", dataset);
  w.Field("used_memory_dataset_perc", perc(dataset, used));
  w.Field("allocator_allocated", used);
  w.Field("allocator_active", used);
  w.Field("allocator_resident", rss);
  w.Field("total_system_memory", total_system);
  w.Field("total_system_memory_human", BytesToHuman(total_system));
  // Scripting: the two interpreters' heaps (EVAL's and the functions'), the cached bodies.
  ScriptEngine& sc = e.scripting();
  FunctionStore& fs = sc.functions();
  uint64_t vm_eval = sc.lua_memory();
  uint64_t vm_functions = sc.functions_memory();
  uint64_t scripts_eval = sc.script_bytes();
  uint64_t functions_bytes = 0;
  for (const auto& [name, lib] : fs.libraries()) functions_bytes += lib.code.size();
  w.Field("used_memory_lua", vm_eval);
  w.Field("used_memory_vm_eval", vm_eval);
  w.Field("used_memory_lua_human", BytesToHuman(vm_eval));
  w.Field("used_memory_scripts_eval", scripts_eval);
  w.Field("number_of_cached_scripts", static_cast<uint64_t>(sc.script_count()));
  w.Field("number_of_functions", static_cast<uint64_t>(fs.function_count()));
  w.Field("number_of_libraries", static_cast<uint64_t>(fs.libraries().size()));
  w.Field("used_memory_vm_functions", vm_functions);
  w.Field("used_memory_vm_total", vm_eval + vm_functions);
  w.Field("used_memory_vm_total_human", BytesToHuman(vm_eval + vm_functions));
  w.Field("used_memory_functions", functions_bytes);
  w.Field("used_memory_scripts", scripts_eval + functions_bytes);
  w.Field("used_memory_scripts_human", BytesToHuman(scripts_eval + functions_bytes));
  w.Field("maxmemory", c.maxmemory);
  w.Field("maxmemory_human", BytesToHuman(static_cast<uint64_t>(c.maxmemory)));
  w.Field("maxmemory_policy", c.maxmemory_policy);
  w.Fixed("allocator_frag_ratio", 1.0, 2);
  w.Field("allocator_frag_bytes", "0");
  w.Fixed("allocator_rss_ratio", frag, 2);
  w.Field("allocator_rss_bytes", static_cast<int64_t>(rss) - static_cast<int64_t>(used));
  w.Fixed("rss_overhead_ratio", 1.0, 2);
  w.Field("rss_overhead_bytes", "0");
  w.Fixed("mem_fragmentation_ratio", frag, 2);
  w.Field("mem_fragmentation_bytes", static_cast<int64_t>(rss) - static_cast<int64_t>(used));
  w.Field("mem_not_counted_for_evict", "0");
  w.Field("mem_replication_backlog", "0");
  w.Field("mem_total_replication_buffers", "0");
  w.Field("mem_clients_slaves", "0");
  w.Field("mem_clients_normal", "0");
  w.Field("mem_cluster_links", "0");
  w.Field("mem_aof_buffer", "0");
  w.Field("mem_allocator", "mimalloc");
  w.Field("active_defrag_running", "0");
  w.Field("lazyfree_pending_objects", static_cast<uint64_t>(e.lazy_free_pending()));
  w.Field("lazyfreed_objects", "0");
}

void PersistenceSection(Engine& e, InfoWriter& w) {
  w.Header("Persistence");
  w.Field("loading", e.loading() ? "1" : "0");
  for (std::string_view k : {"async_loading", "current_cow_peak", "current_cow_size",
                             "current_cow_size_age"})
    w.Field(k, "0");
  w.Field("current_fork_perc", "0.00");
  w.Field("current_save_keys_processed", "0");
  w.Field("current_save_keys_total", "0");
  const EngineStats& st = e.stats();
  int64_t now_s = WallClockMs() / 1000;
  auto elapsed = [&](int64_t start_ms) -> int64_t {
    return start_ms != 0 ? now_s - start_ms / 1000 : -1;
  };
  w.Field("rdb_changes_since_last_save", st.dirty);
  w.Field("rdb_bgsave_in_progress", st.rdb_bgsave_start_ms != 0 ? "1" : "0");
  w.Field("rdb_last_save_time", st.lastsave_s != 0 ? st.lastsave_s : e.runtime().start_ms / 1000);
  // Only a background save changes these in Redis; SAVE leaves them as they were.
  w.Field("rdb_last_bgsave_status", st.rdb_last_bgsave_ok ? "ok" : "err");
  w.Field("rdb_last_bgsave_time_sec", st.rdb_last_bgsave_time_s);
  w.Field("rdb_current_bgsave_time_sec", elapsed(st.rdb_bgsave_start_ms));
  w.Field("rdb_saves", st.rdb_saves);
  w.Field("rdb_last_cow_size", "0");
  w.Field("rdb_last_load_keys_expired", st.rdb_last_load_keys_expired);
  w.Field("rdb_last_load_keys_loaded", st.rdb_last_load_keys_loaded);
  w.Field("aof_enabled", e.config().appendonly ? "1" : "0");
  w.Field("aof_rewrite_in_progress", st.aof_rewrite_start_ms != 0 ? "1" : "0");
  w.Field("aof_rewrite_scheduled", st.aof_rewrite_scheduled ? "1" : "0");
  w.Field("aof_last_rewrite_time_sec", st.aof_last_rewrite_time_s);
  w.Field("aof_current_rewrite_time_sec", elapsed(st.aof_rewrite_start_ms));
  w.Field("aof_last_bgrewrite_status", st.aof_last_bgrewrite_ok ? "ok" : "err");
  w.Field("aof_rewrites", st.aof_rewrites);
  w.Field("aof_rewrites_consecutive_failures", st.aof_rewrites_consecutive_failures);
  w.Field("aof_last_write_status", e.persistence_error().empty() ? "ok" : "err");
  w.Field("aof_last_cow_size", "0");
  w.Field("module_fork_in_progress", "0");
  w.Field("module_fork_last_cow_size", "0");
  if (e.config().appendonly) {
    w.Field("aof_current_size", st.aof_current_size);
    w.Field("aof_base_size", st.aof_base_size);
    w.Field("aof_pending_rewrite", st.aof_rewrite_scheduled ? "1" : "0");
    w.Field("aof_buffer_length", "0");
    w.Field("aof_pending_bio_fsync", "0");
    w.Field("aof_delayed_fsync", "0");
  }
  if (e.loading()) {
    // Redis's estimate: the time so far, scaled by what is left.
    int64_t elapsed_s = now_s - st.loading_start_ms / 1000;
    double perc = st.loading_total_bytes != 0 ? 100.0 * static_cast<double>(st.loading_loaded_bytes) /
                                                    static_cast<double>(st.loading_total_bytes)
                                              : 0.0;
    int64_t eta = st.loading_loaded_bytes == 0
                      ? 1
                      : static_cast<int64_t>(
                            static_cast<double>(elapsed_s) *
                            static_cast<double>(st.loading_total_bytes - std::min(st.loading_total_bytes, st.loading_loaded_bytes)) /
                            static_cast<double>(st.loading_loaded_bytes));
    w.Field("loading_start_time", st.loading_start_ms / 1000);
    w.Field("loading_total_bytes", st.loading_total_bytes);
    w.Field("loading_rdb_used_mem", "0");
    w.Field("loading_loaded_bytes", st.loading_loaded_bytes);
    w.Fixed("loading_loaded_perc", perc, 2);
    w.Field("loading_eta_seconds", eta);
  }
}

void StatsSection(Engine& e, InfoWriter& w) {
  const EngineStats& s = e.stats();
  w.Header("Stats");
  w.Field("total_connections_received", s.total_connections_received);
  w.Field("total_commands_processed", s.total_commands_processed);
  w.Field("instantaneous_ops_per_sec", static_cast<int64_t>(s.ops_per_sec));
  w.Field("total_net_input_bytes", s.total_net_input_bytes);
  w.Field("total_net_output_bytes", s.total_net_output_bytes);
  w.Field("total_net_repl_input_bytes", "0");
  w.Field("total_net_repl_output_bytes", "0");
  w.Fixed("instantaneous_input_kbps", s.input_kbps, 2);
  w.Fixed("instantaneous_output_kbps", s.output_kbps, 2);
  w.Field("instantaneous_input_repl_kbps", "0.00");
  w.Field("instantaneous_output_repl_kbps", "0.00");
  w.Field("rejected_connections", s.rejected_connections);
  w.Field("sync_full", "0");
  w.Field("sync_partial_ok", "0");
  w.Field("sync_partial_err", "0");
  w.Field("expired_keys", s.expired_keys);
  w.Field("expired_stale_perc", "0.00");
  w.Field("expired_time_cap_reached_count", "0");
  w.Field("expire_cycle_cpu_milliseconds", "0");
  w.Field("evicted_keys", s.evicted_keys);
  w.Field("evicted_clients", "0");
  w.Field("total_eviction_exceeded_time", "0");
  w.Field("current_eviction_exceeded_time", "0");
  w.Field("keyspace_hits", s.keyspace_hits);
  w.Field("keyspace_misses", s.keyspace_misses);
  for (std::string_view k :
       {"pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "latest_fork_usec",
        "total_forks", "migrate_cached_sockets", "slave_expires_tracked_keys",
        "active_defrag_hits", "active_defrag_misses", "active_defrag_key_hits",
        "active_defrag_key_misses", "total_active_defrag_time", "current_active_defrag_time",
        "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes"})
    w.Field(k, "0");
  w.Field("unexpected_error_replies", s.unexpected_error_replies);
  w.Field("total_error_replies", s.total_error_replies);
  w.Field("dump_payload_sanitizations", "0");
  w.Field("total_reads_processed", s.total_reads_processed);
  w.Field("total_writes_processed", s.total_writes_processed);
  w.Field("io_threaded_reads_processed", "0");
  w.Field("io_threaded_writes_processed", "0");
  w.Field("reply_buffer_shrinks", "0");
  w.Field("reply_buffer_expands", "0");
}

void ReplicationSection(Engine& e, InfoWriter& w) {
  w.Header("Replication");
  w.Field("role", "master");
  w.Field("connected_slaves", "0");
  w.Field("master_failover_state", "no-failover");
  w.Field("master_replid", e.runtime().run_id);
  w.Field("master_replid2", "0000000000000000000000000000000000000000");
  w.Field("master_repl_offset", "0");
  w.Field("second_repl_offset", "-1");
  w.Field("repl_backlog_active", "0");
  w.Field("repl_backlog_size", e.config().repl_backlog_size);
  w.Field("repl_backlog_first_byte_offset", "0");
  w.Field("repl_backlog_histlen", "0");
}

void CpuSection(InfoWriter& w) {
  rusage self{}, children{}, thread{};
  ::getrusage(RUSAGE_SELF, &self);
  ::getrusage(RUSAGE_CHILDREN, &children);
  ::getrusage(RUSAGE_THREAD, &thread);
  w.Header("CPU");
  w.Field("used_cpu_sys", TimevalSeconds(self.ru_stime));
  w.Field("used_cpu_user", TimevalSeconds(self.ru_utime));
  w.Field("used_cpu_sys_children", TimevalSeconds(children.ru_stime));
  w.Field("used_cpu_user_children", TimevalSeconds(children.ru_utime));
  w.Field("used_cpu_sys_main_thread", TimevalSeconds(thread.ru_stime));
  w.Field("used_cpu_user_main_thread", TimevalSeconds(thread.ru_utime));
}

void CommandStat(InfoWriter& w, const CommandSpec& spec) {
  if (spec.calls == 0 && spec.failed_calls == 0 && spec.rejected_calls == 0) return;
  char buf[256];
  double per_call = spec.calls ? static_cast<double>(spec.usec) / static_cast<double>(spec.calls) : 0;
  std::snprintf(buf, sizeof(buf),
                "calls=%llu,usec=%llu,usec_per_call=%.2f,rejected_calls=%llu,failed_calls=%llu",
                static_cast<unsigned long long>(spec.calls),
                static_cast<unsigned long long>(spec.usec), per_call,
                static_cast<unsigned long long>(spec.rejected_calls),
                static_cast<unsigned long long>(spec.failed_calls));
  w.Field("cmdstat_" + spec.fullname, buf);
}

void CommandstatsSection(Engine& e, InfoWriter& w) {
  w.Header("Commandstats");
  for (const auto& [name, spec] : e.commands().all()) {
    CommandStat(w, *spec);
    for (const auto& [sub_name, sub] : spec->subcommands) CommandStat(w, *sub);
  }
}

void ErrorstatsSection(Engine& e, InfoWriter& w) {
  w.Header("Errorstats");
  for (const auto& [prefix, count] : e.stats().error_counts)
    w.Field("errorstat_" + prefix, "count=" + std::to_string(count));
}

void KeyspaceSection(Engine& e, InfoWriter& w) {
  w.Header("Keyspace");
  for (int i = 0; i < e.db_count(); i++) {
    Database& db = e.db(i);
    if (db.size() == 0) continue;
    w.Field("db" + std::to_string(i), "keys=" + std::to_string(db.size()) +
                                          ",expires=" + std::to_string(db.expires_size()) +
                                          ",avg_ttl=" + std::to_string(db.avg_ttl()));
  }
}

// The INFO text for a set of section names (empty: the default sections).
std::string InfoText(Engine& e, std::span<const std::string_view> names) {
  uint32_t sections = names.empty() ? kDefaultSections : 0;
  for (std::string_view n : names) {
    if (EqualsIgnoreCase(n, "default")) sections |= kDefaultSections;
    else if (EqualsIgnoreCase(n, "all") || EqualsIgnoreCase(n, "everything")) sections |= kAllSections;
    else {
      for (const auto& [name, bit] : kSectionNames)
        if (EqualsIgnoreCase(n, name)) sections |= bit;
    }
  }
  InfoWriter w;
  if (sections & kServer) ServerSection(e, w);
  if (sections & kClients) ClientsSection(e, w);
  if (sections & kMemory) MemorySection(e, w);
  if (sections & kPersistence) PersistenceSection(e, w);
  if (sections & kStats) StatsSection(e, w);
  if (sections & kReplication) ReplicationSection(e, w);
  if (sections & kCpu) CpuSection(w);
  if (sections & kModules) w.Header("Modules");
  if (sections & kCommandstats) CommandstatsSection(e, w);
  if (sections & kErrorstats) ErrorstatsSection(e, w);
  if (sections & kLatencystats) w.Header("Latencystats");  // per-command percentiles: not kept yet
  if (sections & kCluster) {
    w.Header("Cluster");
    w.Field("cluster_enabled", "0");
  }
  if (sections & kKeyspace) KeyspaceSection(e, w);
  return std::move(w.str());
}

void Info(CommandContext& ctx) {
  ctx.reply.Verbatim(InfoText(ctx.engine, ctx.args.subspan(1)));
}
}  // namespace

void RegisterInfoCommand(CommandRegistry& r) {
  r.Add({.name = "info", .arity = -1, .flags = cmd::kLoading | cmd::kStale,
         .acl = cmd::kCatSlow | cmd::kCatDangerous, .handler = Info,
         .summary = "Get information and statistics about the server", .since = "1.0.0",
         .group = "server", .complexity = "O(1)",
         .tips = "nondeterministic_output request_policy:all_shards response_policy:special"});
}

}  // namespace ringkv
