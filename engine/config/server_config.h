// ServerConfig: the values of every setting, typed. The config table (config_table.h) maps
// setting names to these fields and is the only way they are set from a file, flags or CONFIG SET.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ringkv {

struct ServerConfig {
  // network
  int port = 6379;
  std::vector<std::string> bind = {"127.0.0.1", "-::1"};  // "-" prefix: skip if unavailable
  bool protected_mode = true;
  int tcp_backlog = 511;
  int timeout = 0;         // idle client timeout, seconds; 0 = never
  int tcp_keepalive = 300;
  int maxclients = 10000;
  std::string io_backend = "auto";  // auto | io_uring | epoll

  // security
  std::string requirepass;

  // limits
  int64_t proto_max_bulk_len = 512LL * 1024 * 1024;
  int64_t client_query_buffer_limit = 1024LL * 1024 * 1024;
  int64_t maxmemory = 0;
  std::string maxmemory_policy = "noeviction";

  // keyspace
  int databases = 16;
  int hz = 10;
  int active_expire_effort = 1;
  bool lazyfree_lazy_user_flush = false;
  bool lazyfree_lazy_user_del = false;

  // persistence (accepted; only "off" works until persistence lands)
  std::string dir = "./data";
  bool appendonly = true;  // durable by default (DESIGN.md: AOF on with everysec)
  std::string appendfsync = "everysec";
  std::string appendfilename = "appendonly.aof";
  std::string appenddirname = "appendonlydir";
  std::string dbfilename = "dump.rdb";
  std::string save = "3600 1 300 100 60 10000";  // Redis's default points; "" = none

  // operations
  std::string enable_debug_command = "no";  // no | yes | local
  std::string loglevel = "notice";
  std::string logfile;  // "" = stdout
  bool daemonize = false;
  std::string pidfile;

  // files the server was started with (INFO server config_file, CONFIG REWRITE)
  std::string config_file;

  // More of redis.conf, so a stock redis.conf loads and CONFIG GET answers what tools ask.
  // Settings read by no code yet are accepted, stored and reported, nothing more.
  // network / process
  std::string unixsocket;
  int unixsocketperm = 0;  // octal in the file
  std::string supervised = "no";  // upstart | systemd | auto | no
  bool always_show_logo = false;
  bool set_proc_title = true;
  std::string proc_title_template = "{title} {listen-addr} {server-mode}";
  bool disable_thp = true;
  bool jemalloc_bg_thread = true;
  std::string oom_score_adj = "no";  // no | yes | relative | absolute
  std::string oom_score_adj_values = "0 200 800";
  std::string enable_protected_configs = "no";  // no | yes | local (CONFIG SET dir, dbfilename)
  std::string enable_module_command = "no";
  bool dynamic_hz = true;
  bool activerehashing = true;
  int64_t busy_reply_threshold = 5000;  // alias lua-time-limit
  std::string ignore_warnings;
  // Output buffer limits per client class: normal, replica, pubsub.
  struct ClientBufferLimit {
    int64_t hard_bytes = 0;
    int64_t soft_bytes = 0;
    int64_t soft_seconds = 0;
  };
  ClientBufferLimit client_obuf_limits[3] = {
      {0, 0, 0}, {256LL << 20, 64LL << 20, 60}, {32LL << 20, 8LL << 20, 60}};
  // memory / eviction / lazy free
  int maxmemory_samples = 5;
  int maxmemory_eviction_tenacity = 10;
  int lfu_log_factor = 10;
  int lfu_decay_time = 1;
  bool lazyfree_lazy_eviction = false;
  bool lazyfree_lazy_expire = false;
  bool lazyfree_lazy_server_del = false;
  // encodings
  int64_t hash_max_listpack_entries = 512;
  int64_t hash_max_listpack_value = 64;
  int list_max_listpack_size = -2;
  int list_compress_depth = 0;
  int64_t set_max_intset_entries = 512;
  int64_t zset_max_listpack_entries = 128;
  int64_t zset_max_listpack_value = 64;
  int64_t hll_sparse_max_bytes = 3000;
  int64_t stream_node_max_bytes = 4096;
  int64_t stream_node_max_entries = 100;
  // keyspace events: Redis's NOTIFY_* bits (see config_table.h)
  int notify_keyspace_events = 0;
  // monitoring
  int64_t slowlog_log_slower_than = 10000;
  int64_t slowlog_max_len = 128;
  int64_t latency_monitor_threshold = 0;
  bool latency_tracking = true;
  std::string latency_tracking_info_percentiles = "50 99 99.9";
  int64_t acllog_max_len = 128;
  // persistence details
  bool stop_writes_on_bgsave_error = true;
  bool rdbcompression = true;
  bool rdbchecksum = true;
  bool rdb_del_sync_files = false;
  bool rdb_save_incremental_fsync = true;
  int rdb_key_save_delay = 0;  // µs per key of a background save (a testing aid)
  int key_load_delay = 0;      // µs per key loaded from an RDB (a testing aid)
  int loading_process_events_interval_bytes = 2 << 20;  // clients served this often while loading
  bool aof_load_truncated = true;
  bool aof_use_rdb_preamble = true;
  bool aof_timestamp_enabled = false;
  bool aof_rewrite_incremental_fsync = true;
  bool no_appendfsync_on_rewrite = false;
  int auto_aof_rewrite_percentage = 100;
  int64_t auto_aof_rewrite_min_size = 64LL << 20;
  // replication (not implemented yet)
  std::string masterauth;
  std::string masteruser;
  bool replica_serve_stale_data = true;
  bool replica_read_only = true;
  bool replica_lazy_flush = false;
  int replica_priority = 100;
  bool repl_diskless_sync = true;
  int repl_diskless_sync_delay = 5;
  int repl_diskless_sync_max_replicas = 0;
  std::string repl_diskless_load = "disabled";  // disabled | on-empty-db | swapdb
  bool repl_disable_tcp_nodelay = false;
  int64_t repl_backlog_size = 1LL << 20;
  int repl_timeout = 60;
  int repl_ping_replica_period = 10;
  int min_replicas_to_write = 0;
  int min_replicas_max_lag = 10;
  bool replica_ignore_maxmemory = true;
  int64_t repl_backlog_ttl = 3600;
  // more process, memory and ACL settings
  bool cluster_enabled = false;  // must stay no: cluster mode is not implemented yet
  int io_threads = 1;
  bool io_threads_do_reads = false;
  int64_t maxmemory_clients = 0;  // bytes, or -percent of maxmemory ("10%" is -10)
  int64_t tracking_table_max_keys = 1000000;
  int shutdown_timeout = 10;
  bool activedefrag = false;
  bool syslog_enabled = false;
  std::string syslog_ident = "redis";
  std::string syslog_facility = "local0";
  bool crash_log_enabled = true;
  bool crash_memcheck_enabled = true;
  bool aof_disable_auto_gc = false;
  std::string sanitize_dump_payload = "no";  // no | yes | clients
  std::string acl_pubsub_default = "resetchannels";  // allchannels | resetchannels
  std::string aclfile;
};

}  // namespace ringkv
