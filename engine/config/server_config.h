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
  bool appendonly = false;
  std::string appendfsync = "everysec";
  std::string appendfilename = "appendonly.aof";
  std::string appenddirname = "appendonlydir";
  std::string dbfilename = "dump.rdb";
  std::string save;  // "" = no save points

  // operations
  std::string enable_debug_command = "no";  // no | yes | local
  std::string loglevel = "notice";
  std::string logfile;  // "" = stdout
  bool daemonize = false;
  std::string pidfile;

  // files the server was started with (INFO server config_file, CONFIG REWRITE)
  std::string config_file;
};

}  // namespace ringkv
