// Server family: INFO, CLIENT, CONFIG, COMMAND, DEBUG, TIME, LASTSAVE, SHUTDOWN.
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

class ServerTest : public CommandTest {
 protected:
  // The text of an INFO reply.
  std::string Info(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "info");
    RespValue v = Run(args);
    EXPECT_TRUE(v.kind == RespValue::kVerbatim || v.kind == RespValue::kBulk) << v;
    return v.str;
  }
  // The "# Title" lines of an INFO text.
  static std::vector<std::string> Headers(const std::string& text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while ((pos = text.find("# ", pos)) != std::string::npos) {
      size_t end = text.find("\r\n", pos);
      out.push_back(text.substr(pos + 2, end - pos - 2));
      pos = end;
    }
    return out;
  }
  // The value of "field:" in an INFO text, or "<missing>".
  static std::string Field(const std::string& text, const std::string& name) {
    size_t pos = text.find("\r\n" + name + ":");
    if (pos == std::string::npos) return "<missing>";
    pos += name.size() + 3;
    return text.substr(pos, text.find("\r\n", pos) - pos);
  }
  // Runs a command and returns every reply it produced (none when muted).
  std::vector<RespValue> RunAll(std::vector<std::string> argv) {
    std::vector<std::string_view> views(argv.begin(), argv.end());
    engine_->Execute(*session_, views, reply_);
    return reply_.TakeReplies();
  }
};

TEST_F(ServerTest, InfoSections) {
  std::string def = Info();
  EXPECT_EQ(Headers(def), (std::vector<std::string>{"Server", "Clients", "Memory", "Persistence",
                                                    "Stats", "Replication", "CPU", "Modules",
                                                    "Errorstats", "Cluster", "Keyspace"}));
  EXPECT_EQ(Info({"default"}).substr(0, 9), "# Server\r");
  EXPECT_EQ(Headers(Info({"all"})),
            (std::vector<std::string>{"Server", "Clients", "Memory", "Persistence", "Stats",
                                      "Replication", "CPU", "Modules", "Commandstats", "Errorstats",
                                      "Latencystats", "Cluster", "Keyspace"}));
  EXPECT_EQ(Headers(Info({"everything"})), Headers(Info({"all"})));
  // Several sections come in Redis's order, each once; names are case-insensitive.
  EXPECT_EQ(Headers(Info({"CPU", "clients", "cpu"})), (std::vector<std::string>{"Clients", "CPU"}));
  EXPECT_EQ(Info({"nosuch"}), "");
  std::string cpu = Info({"cpu"});
  EXPECT_EQ(cpu.substr(0, 7), "# CPU\r\n");
  EXPECT_EQ(cpu.substr(cpu.size() - 2), "\r\n");
  EXPECT_EQ(cpu.find("\n\n"), std::string::npos);
  std::string two = Info({"cluster", "modules"});
  EXPECT_EQ(two, "# Modules\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n");
  EXPECT_EQ(Run3({"info", "cluster"}).kind, RespValue::kVerbatim);
}

TEST_F(ServerTest, InfoFields) {
  std::string s = Info({"server"});
  EXPECT_EQ(Field(s, "redis_version"), "7.0.15");
  EXPECT_EQ(Field(s, "redis_mode"), "standalone");
  EXPECT_EQ(Field(s, "tcp_port"), "6379");
  EXPECT_EQ(Field(s, "arch_bits"), "64");
  EXPECT_EQ(Field(s, "ringkv_version"), "0.1.0");
  EXPECT_EQ(Field(s, "run_id").size(), 40u);
  EXPECT_EQ(Field(s, "io_threads_active"), "0");
  EXPECT_EQ(Field(s, "hz"), "10");
  EXPECT_EQ(Field(s, "config_file"), "");
  for (const char* f :
       {"os", "process_id", "server_time_usec", "uptime_in_seconds", "uptime_in_days",
        "configured_hz", "lru_clock", "executable", "multiplexing_api"})
    EXPECT_NE(Field(s, f), "<missing>") << f;

  std::string c = Info({"clients"});
  EXPECT_EQ(Field(c, "connected_clients"), "1");
  EXPECT_EQ(Field(c, "maxclients"), "10000");
  EXPECT_EQ(Field(c, "blocked_clients"), "0");

  std::string m = Info({"memory"});
  EXPECT_NE(Field(m, "used_memory"), "<missing>");
  EXPECT_NE(Field(m, "used_memory_rss"), "0");
  EXPECT_EQ(Field(m, "maxmemory_human"), "0B");
  EXPECT_EQ(Field(m, "maxmemory_policy"), "noeviction");
  EXPECT_EQ(Field(m, "mem_allocator"), "mimalloc");

  std::string p = Info({"persistence"});
  EXPECT_EQ(Field(p, "loading"), "0");
  EXPECT_EQ(Field(p, "aof_enabled"), "1");  // the AOF is on by default
  EXPECT_EQ(Field(p, "rdb_bgsave_in_progress"), "0");

  std::string r = Info({"replication"});
  EXPECT_EQ(Field(r, "role"), "master");
  EXPECT_EQ(Field(r, "connected_slaves"), "0");
  EXPECT_EQ(Field(r, "master_repl_offset"), "0");

  EXPECT_NE(Field(Info({"cpu"}), "used_cpu_user"), "<missing>");
}

TEST_F(ServerTest, InfoCountsCommandsErrorsAndKeys) {
  Run({"client", "id"});
  Run({"client", "nosuch"});
  Run({"debug", "populate", "3"});
  std::string stats = Info({"stats"});
  EXPECT_EQ(Field(stats, "total_error_replies"), "1");
  EXPECT_EQ(Field(stats, "total_connections_received"), "1");
  std::string all = Info({"commandstats", "errorstats", "keyspace"});
  EXPECT_EQ(Field(all, "errorstat_ERR"), "count=1");
  EXPECT_EQ(Field(all, "db0"), "keys=3,expires=0,avg_ttl=0");
  std::string id = Field(all, "cmdstat_client|id");
  EXPECT_EQ(id.substr(0, 8), "calls=1,") << id;
  EXPECT_NE(id.find(",rejected_calls=0,failed_calls=0"), std::string::npos) << id;
  EXPECT_EQ(Field(all, "cmdstat_get"), "<missing>");  // never called
  EXPECT_EQ(Run({"config", "resetstat"}), Ok());
  all = Info({"commandstats", "errorstats", "stats"});
  EXPECT_EQ(Field(all, "cmdstat_client|id"), "<missing>");
  EXPECT_EQ(Field(all, "errorstat_ERR"), "<missing>");
  // As Redis: CONFIG RESETSTAT itself is counted once it returns.
  EXPECT_EQ(Field(all, "total_commands_processed"), "1");
  EXPECT_EQ(Field(all, "cmdstat_config|resetstat").substr(0, 8), "calls=1,");
}

TEST_F(ServerTest, ClientBasics) {
  EXPECT_EQ(Run({"client", "id"}), Int(static_cast<int64_t>(session_->id)));
  EXPECT_EQ(Run({"client", "getname"}), Nil());
  EXPECT_EQ(Run({"client", "setname", "worker-1"}), Ok());
  EXPECT_EQ(Run({"client", "getname"}), Bulk("worker-1"));
  EXPECT_EQ(Run({"client", "setname", "a b"}),
            Err("ERR Client names cannot contain spaces, newlines or special characters."));
  EXPECT_EQ(Run({"client", "setname", ""}), Ok());
  EXPECT_EQ(Run({"client", "getname"}), Nil());
  EXPECT_EQ(Run({"client", "setinfo", "LIB-NAME", "redis-py"}), Ok());
  EXPECT_EQ(Run({"client", "setinfo", "lib-ver", "5.0.1"}), Ok());
  EXPECT_EQ(Run({"client", "setinfo", "lib-ver", "5 0"}),
            Err("ERR lib-ver cannot contain spaces, newlines or special characters."));
  EXPECT_EQ(Run({"client", "setinfo", "foo", "x"}), Err("ERR Unrecognized option 'foo'"));
  EXPECT_EQ(Run({"client", "no-evict", "on"}), Ok());
  EXPECT_TRUE(session_->no_evict);
  EXPECT_EQ(Run({"client", "no-evict", "maybe"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"client", "foo"}), Err("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
  EXPECT_EQ(Run({"client"}), Err("ERR wrong number of arguments for 'client' command"));
  RespValue help = Run({"client", "help"});
  ASSERT_EQ(help.kind, RespValue::kArray);
  EXPECT_EQ(help.elems[0],
            Simple("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
  EXPECT_EQ(help.elems.back(), Simple("    Prints this help."));
}

TEST_F(ServerTest, ClientListAndInfo) {
  session_->addr = "127.0.0.1:5000";
  session_->laddr = "127.0.0.1:6379";
  session_->fd = 8;
  Session& other = engine_->OpenSession();
  other.addr = "10.0.0.2:4000";
  other.name = "other";
  RespValue info = Run({"client", "info"});
  ASSERT_EQ(info.kind, RespValue::kVerbatim);
  std::string want_prefix = "id=" + std::to_string(session_->id) +
                            " addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name= age=0 idle=0 "
                            "flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 ";
  EXPECT_EQ(info.str.substr(0, want_prefix.size()), want_prefix);
  EXPECT_NE(info.str.find(" cmd=client|info user=default redir=-1 resp=2 "), std::string::npos)
      << info.str;
  EXPECT_EQ(info.str.back(), '\n');

  RespValue list = Run({"client", "list"});
  ASSERT_EQ(list.kind, RespValue::kVerbatim);
  EXPECT_EQ(std::count(list.str.begin(), list.str.end(), '\n'), 2);
  EXPECT_NE(list.str.find("name=other"), std::string::npos);
  RespValue by_id = Run({"client", "list", "id", std::to_string(other.id), "999"});
  EXPECT_EQ(std::count(by_id.str.begin(), by_id.str.end(), '\n'), 1);
  EXPECT_NE(by_id.str.find("name=other"), std::string::npos);
  EXPECT_EQ(Run({"client", "list", "type", "normal"}).str.size(), list.str.size());
  EXPECT_EQ(Run({"client", "list", "type", "pubsub"}).str, "");
  EXPECT_EQ(Run({"client", "list", "type", "foo"}), Err("ERR Unknown client type 'foo'"));
  EXPECT_EQ(Run({"client", "list", "id", "abc"}), Err("ERR Invalid client ID"));
  EXPECT_EQ(Run({"client", "list", "foo"}), Err("ERR syntax error"));
}

TEST_F(ServerTest, ClientKill) {
  session_->addr = "127.0.0.1:5000";
  Session& other = engine_->OpenSession();
  other.addr = "10.0.0.2:4000";
  other.laddr = "10.0.0.1:6379";
  EXPECT_EQ(Run({"client", "kill", "1.2.3.4:5"}), Err("ERR No such client"));
  EXPECT_EQ(Run({"client", "kill", "id", "abc"}), Err("ERR client-id should be greater than 0"));
  EXPECT_EQ(Run({"client", "kill", "type", "foo"}), Err("ERR Unknown client type 'foo'"));
  EXPECT_EQ(Run({"client", "kill", "skipme", "maybe"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"client", "kill", "foo", "bar"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"client", "kill", "id", "1", "type"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"client", "kill", "user", "bob"}), Err("ERR No such user 'bob'"));
  EXPECT_EQ(Run({"client", "kill", "id", "99999"}), Int(0));
  // The new form skips the caller by default.
  EXPECT_EQ(Run({"client", "kill", "type", "normal"}), Int(1));
  EXPECT_TRUE(other.kill_now);
  EXPECT_FALSE(session_->close_after_reply);
  EXPECT_EQ(engine_->TakeKills(), (std::vector<uint64_t>{other.id}));
  Session& third = engine_->OpenSession();
  third.laddr = "10.0.0.1:6379";
  EXPECT_EQ(Run({"client", "kill", "laddr", "10.0.0.1:6379", "skipme", "no"}), Int(2));
  EXPECT_EQ(engine_->TakeKills(), (std::vector<uint64_t>{third.id}));  // other was marked already
  // The old form can kill the caller: it is closed after the reply.
  EXPECT_EQ(Run({"client", "kill", "127.0.0.1:5000"}), Ok());
  EXPECT_TRUE(session_->close_after_reply);
}

TEST_F(ServerTest, ClientReplyMutesReplies) {
  EXPECT_TRUE(RunAll({"client", "reply", "off"}).empty());
  EXPECT_TRUE(RunAll({"client", "id"}).empty());
  EXPECT_TRUE(RunAll({"nosuch"}).empty());  // errors are muted too
  EXPECT_EQ(RunAll({"client", "reply", "on"}), (std::vector<RespValue>{Ok()}));
  EXPECT_TRUE(RunAll({"client", "reply", "skip"}).empty());
  EXPECT_TRUE(RunAll({"client", "id"}).empty());
  EXPECT_EQ(RunAll({"client", "id"}),
            (std::vector<RespValue>{Int(static_cast<int64_t>(session_->id))}));
  EXPECT_EQ(Run({"client", "reply", "foo"}), Err("ERR syntax error"));
}

TEST_F(ServerTest, CommandInfoShape) {
  RespValue v = Run3({"command", "info", "client", "nosuch", "config|get"});
  ASSERT_EQ(v.kind, RespValue::kArray);
  ASSERT_EQ(v.elems.size(), 3u);
  const RespValue& client = v.elems[0];
  ASSERT_EQ(client.elems.size(), 10u);
  EXPECT_EQ(client.elems[0], Bulk("client"));
  EXPECT_EQ(client.elems[1], Int(-2));
  EXPECT_EQ(client.elems[2].kind, RespValue::kSet);
  EXPECT_EQ(client.elems[6].elems, (std::vector<RespValue>{Simple("@slow")}));
  EXPECT_EQ(client.elems[9].kind, RespValue::kSet);
  ASSERT_FALSE(client.elems[9].elems.empty());
  EXPECT_EQ(v.elems[1], Nil());
  const RespValue& get = v.elems[2];
  EXPECT_EQ(get.elems[0], Bulk("config|get"));
  EXPECT_EQ(get.elems[1], Int(-3));
  EXPECT_EQ(get.elems[2].elems, (std::vector<RespValue>{Simple("admin"), Simple("noscript"),
                                                        Simple("loading"), Simple("stale")}));
  EXPECT_EQ(get.elems[6].elems,
            (std::vector<RespValue>{Simple("@admin"), Simple("@slow"), Simple("@dangerous")}));

  RespValue info = Run({"command", "info", "info"});
  EXPECT_EQ(
      info.elems[0].elems[7].elems,
      (std::vector<RespValue>{Bulk("nondeterministic_output"), Bulk("request_policy:all_shards"),
                              Bulk("response_policy:special")}));

  RespValue count = Run({"command", "count"});
  ASSERT_EQ(count.kind, RespValue::kInt);
  EXPECT_EQ(count.i, static_cast<int64_t>(engine_->commands().all().size()));
  RespValue all = Run({"command"});
  EXPECT_EQ(static_cast<int64_t>(all.elems.size()), count.i);
  EXPECT_EQ(Run({"command", "info"}).elems.size(), all.elems.size());
}

TEST_F(ServerTest, CommandDocsListGetKeys) {
  RespValue docs = Run3({"command", "docs", "config", "nosuch"});
  ASSERT_EQ(docs.kind, RespValue::kMap);
  ASSERT_EQ(docs.elems.size(), 2u);
  EXPECT_EQ(docs.elems[0], Bulk("config"));
  const RespValue& d = docs.elems[1];
  ASSERT_EQ(d.kind, RespValue::kMap);
  EXPECT_EQ(d.elems[0], Bulk("summary"));
  EXPECT_EQ(d.elems[1], Bulk("A container for server configuration commands"));
  EXPECT_EQ(d.elems[2], Bulk("since"));
  EXPECT_EQ(d.elems[4], Bulk("group"));
  EXPECT_EQ(d.elems[5], Bulk("server"));
  EXPECT_EQ(d.elems[6], Bulk("complexity"));
  EXPECT_EQ(d.elems[8], Bulk("subcommands"));
  EXPECT_EQ(d.elems[9].elems[0], Bulk("config|get"));

  RespValue list = Run({"command", "list", "filterby", "pattern", "CONFIG*"});
  EXPECT_EQ(list, Bulks({"config", "config|get", "config|help", "config|resetstat",
                         "config|rewrite", "config|set"}));
  RespValue conn = Run({"command", "list", "filterby", "aclcat", "connection"});
  EXPECT_NE(std::find(conn.elems.begin(), conn.elems.end(), Bulk("client|id")), conn.elems.end());
  EXPECT_EQ(Run({"command", "list", "filterby", "aclcat", "@connection"}), Arr({}));
  EXPECT_EQ(Run({"command", "list", "filterby", "module", "x"}), Arr({}));
  EXPECT_EQ(Run({"command", "list", "filterby", "foo", "x"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"command", "list", "foo"}), Err("ERR syntax error"));
  EXPECT_GT(Run({"command", "list"}).elems.size(), engine_->commands().all().size());

  EXPECT_EQ(Run({"command", "getkeys", "nosuch", "a"}), Err("ERR Invalid command specified"));
  EXPECT_EQ(Run({"command", "getkeys", "client", "list"}),
            Err("ERR The command has no key arguments"));
  EXPECT_EQ(Run({"command", "getkeys", "client", "nosuch"}), Err("ERR Invalid command specified"));
  EXPECT_EQ(Run({"command", "getkeys", "get"}),
            Err("ERR wrong number of arguments for 'command|getkeys' command"));
  if (engine_->commands().Find("get") != nullptr) {
    EXPECT_EQ(Run({"command", "getkeys", "get", "a", "b"}),
              Err("ERR Invalid number of arguments specified for command"));
    EXPECT_EQ(Run({"command", "getkeys", "get", "a"}), Bulks({"a"}));
  }
  RespValue help = Run({"command", "help"});
  EXPECT_EQ(help.elems[0],
            Simple("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
}

TEST_F(ServerTest, ConfigCommands) {
  EXPECT_EQ(Run({"config", "get", "maxmemory"}).elems, Bulks({"maxmemory", "0"}).elems);
  EXPECT_EQ(Run3({"config", "get", "maxmemory"}).kind, RespValue::kMap);
  EXPECT_EQ(Run({"config", "set", "maxmemory", "1mb", "maxmemory-policy", "allkeys-lru"}), Ok());
  EXPECT_EQ(config_.maxmemory, 1 << 20);
  EXPECT_EQ(Run({"config", "get", "maxmemory-policy"}).elems,
            Bulks({"maxmemory-policy", "allkeys-lru"}).elems);
  EXPECT_EQ(Run({"config", "set", "port", "1"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'port') - can't set "
                "immutable config"));
  EXPECT_EQ(Run({"config", "set", "a"}),
            Err("ERR wrong number of arguments for 'config|set' command"));
  EXPECT_EQ(Run({"config", "set", "a", "b", "c"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"config", "get"}), Err("ERR wrong number of arguments for 'config|get' command"));
  EXPECT_EQ(Run({"config"}), Err("ERR wrong number of arguments for 'config' command"));
  EXPECT_EQ(Run({"config", "rewrite"}), Err("ERR The server is running without a config file"));
  // dir is protected: only with enable-protected-configs (local: from a local connection).
  EXPECT_EQ(Run({"config", "set", "dir", "/tmp"}),
            Err("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set "
                "protected config"));
  config_.enable_protected_configs = "local";
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  EXPECT_EQ(Run({"config", "set", "dir", "/tmp"}), Ok());
  EXPECT_EQ(Run({"config", "get", "dir"}).elems, Bulks({"dir", "/tmp"}).elems);
  EXPECT_EQ(chdir(cwd), 0);
  RespValue help = Run({"config", "help"});
  EXPECT_EQ(help.elems.size(), 11u);
}

TEST_F(ServerTest, DebugIsGated) {
  config_.enable_debug_command = "no";
  EXPECT_EQ(Run({"debug", "help"}),
            Err("ERR DEBUG command not allowed. If the enable-debug-command option is set to "
                "\"local\", you can run it from a local connection, otherwise you need to set this "
                "option in the configuration file, and then restart the server."));
  config_.enable_debug_command = "local";
  session_->is_loopback = false;
  EXPECT_EQ(Run({"debug", "help"}).kind, RespValue::kError);
  session_->is_loopback = true;
  EXPECT_EQ(Run({"debug", "help"}).kind, RespValue::kArray);
}

TEST_F(ServerTest, DebugSubcommands) {
  EXPECT_EQ(Run({"debug", "populate", "3"}), Ok());
  EXPECT_EQ(engine_->db(0).size(), 3u);
  EXPECT_NE(engine_->db(0).Find("key:2"), nullptr);
  EXPECT_EQ(Run({"debug", "populate", "2", "pfx", "10"}), Ok());
  char scratch[kIntScratch];
  KeyEntry* e = engine_->db(0).Find("pfx:1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->value.StringView(scratch), std::string("value:1\0\0\0", 10));
  EXPECT_EQ(Run({"debug", "populate", "2", "q", "3"}), Ok());
  EXPECT_EQ(engine_->db(0).Find("q:1")->value.StringView(scratch), "val");
  // Existing keys are skipped.
  EXPECT_EQ(Run({"debug", "populate", "2", "pfx", "3"}), Ok());
  EXPECT_EQ(engine_->db(0).Find("pfx:1")->value.StringLength(), 10u);
  EXPECT_EQ(Run({"debug", "populate", "0"}), Ok());
  EXPECT_EQ(Run({"debug", "populate", "-1"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"debug", "populate", "x"}), Err("ERR value is out of range, must be positive"));
  EXPECT_EQ(Run({"debug", "populate", "1", "a", "x"}),
            Err("ERR value is out of range, must be positive"));
  EXPECT_TRUE(effects_.effects.empty());  // not propagated, as Redis

  RespValue obj = Run({"debug", "object", "key:0"});
  ASSERT_EQ(obj.kind, RespValue::kSimple);
  EXPECT_EQ(obj.str.substr(0, 9), "Value at:");
  EXPECT_NE(obj.str.find(" refcount:1 encoding:embstr serializedlength:8 lru:"), std::string::npos)
      << obj.str;
  EXPECT_NE(obj.str.find(" lru_seconds_idle:"), std::string::npos);
  EXPECT_EQ(Run({"debug", "object", "nokey"}), Err("ERR no such key"));

  EXPECT_EQ(Run({"debug", "set-active-expire", "0"}), Ok());
  EXPECT_FALSE(engine_->active_expire());
  EXPECT_EQ(Run({"debug", "set-active-expire", "1"}), Ok());
  EXPECT_TRUE(engine_->active_expire());
  EXPECT_EQ(Run({"debug", "sleep", "0"}), Ok());
  EXPECT_EQ(Run({"debug", "sleep", "0.001"}), Ok());
  EXPECT_EQ(Run({"debug", "foo"}),
            Err("ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP."));
  EXPECT_EQ(
      Run({"debug", "sleep"}),
      Err("ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP."));
  EXPECT_EQ(Run({"debug"}), Err("ERR wrong number of arguments for 'debug' command"));
}

TEST_F(ServerTest, TimeAndLastSave) {
  RespValue t = Run({"time"});
  ASSERT_EQ(t.kind, RespValue::kArray);
  ASSERT_EQ(t.elems.size(), 2u);
  EXPECT_EQ(t.elems[0].kind, RespValue::kBulk);
  EXPECT_GT(std::stoll(t.elems[0].str), 1600000000);
  EXPECT_LT(std::stoll(t.elems[1].str), 1000000);
  EXPECT_EQ(Run({"lastsave"}), Int(engine_->runtime().start_ms / 1000));
}

TEST_F(ServerTest, Shutdown) {
  EXPECT_EQ(Run({"shutdown", "abort"}), Err("ERR No shutdown in progress."));
  EXPECT_EQ(Run({"shutdown", "nosave", "save"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"shutdown", "abort", "now"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"shutdown", "later"}), Err("ERR syntax error"));
  // Snapshots do not exist yet, so a requested save fails, as a failing save does in Redis.
  EXPECT_EQ(Run({"shutdown", "save"}), Err("ERR Errors trying to SHUTDOWN. Check logs."));
  EXPECT_FALSE(engine_->shutdown_requested());
  // Success replies nothing: the server stops.
  EXPECT_TRUE(RunAll({"shutdown", "nosave", "now"}).empty());
  EXPECT_TRUE(engine_->shutdown_requested());
}

TEST_F(ServerTest, ShutdownSaveForce) {
  EXPECT_TRUE(RunAll({"shutdown", "save", "force"}).empty());
  EXPECT_TRUE(engine_->shutdown_requested());
}

TEST_F(ServerTest, ShutdownPlain) {
  // No save points are configured, so there is nothing to save.
  config_.save = "";
  EXPECT_TRUE(RunAll({"shutdown"}).empty());
  EXPECT_TRUE(engine_->shutdown_requested());
}

}  // namespace
}  // namespace ringkv::testing
