#include "engine/config/config_table.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ringkv::config {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// A scratch directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/ringkv-config-test-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string Cwd() {
  char buf[4096];
  return ::getcwd(buf, sizeof(buf)) ? buf : "";
}

// Restores the working directory that CONFIG SET dir changes.
class CwdGuard {
 public:
  CwdGuard() : saved_(Cwd()) {}
  ~CwdGuard() { EXPECT_EQ(::chdir(saved_.c_str()), 0); }

 private:
  std::string saved_;
};

std::string Get(const ServerConfig& c, std::string_view name) {
  auto v = GetValue(c, name);
  return v ? *v : "<unknown>";
}

std::string Set(ServerConfig& c, std::vector<std::string_view> nv, bool allow_protected = false) {
  return ConfigSet(c, nv, allow_protected);
}

bool Load(ServerConfig& c, std::string_view text, std::string* err) {
  ConfigLoader loader(c);
  return loader.LoadText(text, "test.conf", err) && loader.Finish(err);
}

TEST(ConfigTable, NamesAreUniqueAndDefaultsReadBack) {
  ServerConfig c;
  std::set<std::string> names;
  for (const Setting& s : AllSettings()) {
    EXPECT_TRUE(names.insert(std::string(s.name)).second) << s.name;
    if (!s.alias.empty()) {
      EXPECT_TRUE(names.insert(std::string(s.alias)).second) << s.alias;
    }
    EXPECT_EQ(FindSetting(s.name), &s);
    // Every default is accepted by its own parser, from a config line.
    ServerConfig loaded;
    std::string value = GetValue(c, s);
    std::string line = std::string(s.name) + " " + QuoteArg(value);
    if (s.flags & kMultiArg) line = std::string(s.name) + " " + (value.empty() ? "\"\"" : value);
    std::string err;
    EXPECT_TRUE(Load(loaded, line, &err)) << line << ": " << err;
    EXPECT_EQ(GetValue(loaded, s), GetValue(c, s)) << s.name;
  }
  EXPECT_EQ(FindSetting("MAXMEMORY")->name, "maxmemory");
  EXPECT_EQ(FindSetting("slave-read-only")->name, "replica-read-only");
  EXPECT_EQ(FindSetting("nosuch"), nullptr);
  // At least every ServerConfig field that existed before the table.
  for (std::string_view n : {"port",
                             "bind",
                             "protected-mode",
                             "tcp-backlog",
                             "timeout",
                             "tcp-keepalive",
                             "maxclients",
                             "io-backend",
                             "requirepass",
                             "proto-max-bulk-len",
                             "client-query-buffer-limit",
                             "maxmemory",
                             "maxmemory-policy",
                             "databases",
                             "hz",
                             "active-expire-effort",
                             "lazyfree-lazy-user-flush",
                             "lazyfree-lazy-user-del",
                             "dir",
                             "appendonly",
                             "appendfsync",
                             "appendfilename",
                             "appenddirname",
                             "dbfilename",
                             "save",
                             "enable-debug-command",
                             "loglevel",
                             "logfile",
                             "daemonize",
                             "pidfile"})
    EXPECT_NE(FindSetting(n), nullptr) << n;
}

TEST(ConfigTable, MemoryUnits) {
  uint64_t v;
  ASSERT_TRUE(ParseMemory("1gb", &v));
  EXPECT_EQ(v, 1ULL << 30);
  ASSERT_TRUE(ParseMemory("1G", &v));
  EXPECT_EQ(v, 1000000000ULL);
  ASSERT_TRUE(ParseMemory("512mb", &v));
  EXPECT_EQ(v, 512ULL << 20);
  ASSERT_TRUE(ParseMemory("100k", &v));
  EXPECT_EQ(v, 100000ULL);
  ASSERT_TRUE(ParseMemory("1KB", &v));
  EXPECT_EQ(v, 1024ULL);
  ASSERT_TRUE(ParseMemory("7b", &v));
  EXPECT_EQ(v, 7ULL);
  ASSERT_TRUE(ParseMemory("", &v));  // as Redis: no digits read as 0
  EXPECT_EQ(v, 0ULL);
  EXPECT_FALSE(ParseMemory("-1", &v));
  EXPECT_FALSE(ParseMemory("1.5gb", &v));
  EXPECT_FALSE(ParseMemory("1x", &v));
  EXPECT_FALSE(ParseMemory("99999999999999999999", &v));
  EXPECT_FALSE(ParseMemory("18446744073709551615gb", &v));
  EXPECT_EQ(FormatMemory(2LL << 30), "2gb");
  EXPECT_EQ(FormatMemory(100LL << 20), "100mb");
  EXPECT_EQ(FormatMemory(3 * 1024), "3kb");
  EXPECT_EQ(FormatMemory(1000), "1000");
  EXPECT_EQ(FormatMemory(0), "0");

  ServerConfig c;
  EXPECT_EQ(Set(c, {"maxmemory", "1K"}), "");
  EXPECT_EQ(Get(c, "maxmemory"), "1000");
  EXPECT_EQ(Set(c, {"maxmemory", "1kb"}), "");
  EXPECT_EQ(Get(c, "maxmemory"), "1024");
  EXPECT_EQ(Set(c, {"maxmemory", "1.5gb"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a "
            "memory value");
  EXPECT_EQ(Set(c, {"maxmemory", "-1"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a "
            "memory value");
  EXPECT_EQ(Set(c, {"proto-max-bulk-len", "1000"}),
            "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument "
            "must be between 1048576 and 9223372036854775807 inclusive");
}

TEST(ConfigTable, PercentAndRefusedFeatures) {
  ServerConfig c;
  EXPECT_EQ(Set(c, {"maxmemory-clients", "10%"}), "");
  EXPECT_EQ(Get(c, "maxmemory-clients"), "10%");
  EXPECT_EQ(c.maxmemory_clients, -10);
  EXPECT_NE(RewriteConfigText(c, "").find("\nmaxmemory-clients 10%\n"), std::string::npos);
  EXPECT_EQ(Set(c, {"maxmemory-clients", "1mb"}), "");
  EXPECT_EQ(Get(c, "maxmemory-clients"), "1048576");
  EXPECT_EQ(Set(c, {"maxmemory-clients", "-5"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument "
            "must be a memory or percent value");
  EXPECT_EQ(Set(c, {"maxmemory-clients", "200%"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - "
            "percentage argument must be less or equal to 100");
  EXPECT_EQ(Set(c, {"activedefrag", "yes"}),
            "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active "
            "defragmentation cannot be enabled: it requires a Redis server compiled with a "
            "modified Jemalloc like the one shipped by default with the Redis source distribution");
  std::string err;
  ServerConfig c2;
  EXPECT_FALSE(Load(c2, "cluster-enabled yes", &err));
  EXPECT_EQ(err, "test.conf:1: 'cluster-enabled yes': cluster mode is not implemented yet");
}

TEST(ConfigTable, SplitAndQuoteArgs) {
  std::vector<std::string> a;
  ASSERT_TRUE(SplitArgs("  save 900 1 ", &a));
  EXPECT_EQ(a, (std::vector<std::string>{"save", "900", "1"}));
  ASSERT_TRUE(SplitArgs(R"(requirepass "a b\"c\n\x41" 'it\'s')", &a));
  EXPECT_EQ(a, (std::vector<std::string>{"requirepass", "a b\"c\nA", "it's"}));
  ASSERT_TRUE(SplitArgs(R"(save "")", &a));
  EXPECT_EQ(a, (std::vector<std::string>{"save", ""}));
  ASSERT_TRUE(SplitArgs("", &a));
  EXPECT_TRUE(a.empty());
  EXPECT_FALSE(SplitArgs(R"(port "7000)", &a));
  EXPECT_FALSE(SplitArgs(R"(port "70"00)", &a));
  EXPECT_FALSE(SplitArgs("port 'x", &a));
  std::string odd = std::string("a\"b\\c\n\t\x01 ", 9);
  ASSERT_TRUE(SplitArgs("x " + QuoteArg(odd), &a));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1], odd);
  EXPECT_EQ(QuoteArg("p\"w d"), R"("p\"w d")");
}

TEST(ConfigTable, NotifyFlags) {
  EXPECT_EQ(FormatNotifyFlags(ParseNotifyFlags("KEAn")), "AKE");
  EXPECT_EQ(FormatNotifyFlags(ParseNotifyFlags("Exg")), "gxE");
  EXPECT_EQ(ParseNotifyFlags(""), 0);
  EXPECT_EQ(ParseNotifyFlags("q"), -1);
  ServerConfig c;
  EXPECT_EQ(Set(c, {"notify-keyspace-events", "Ex"}), "");
  EXPECT_EQ(Get(c, "notify-keyspace-events"), "xE");
  EXPECT_EQ(Set(c, {"notify-keyspace-events", "q"}),
            "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
}

TEST(ConfigTable, LoadsFileSyntax) {
  ServerConfig c;
  std::string err;
  ASSERT_TRUE(Load(c,
                   "# a comment\n"
                   "\n"
                   "   port 7000   \r\n"
                   "maxmemory 100mb\n"
                   "MAXMEMORY-POLICY allkeys-LRU\n"
                   "requirepass \"a b\"\n"
                   "bind 10.0.0.1 -::1\n"
                   "protected-mode NO\n"
                   "hash-max-ziplist-entries 100\n"
                   "list-max-ziplist-entries 5\n"  // deprecated, ignored as Redis does
                   "hz 1000\n"
                   "client-output-buffer-limit pubsub 64mb 16mb 90\n",
                   &err))
      << err;
  EXPECT_EQ(c.port, 7000);
  EXPECT_EQ(c.maxmemory, 100LL << 20);
  EXPECT_EQ(c.maxmemory_policy, "allkeys-lru");
  EXPECT_EQ(c.requirepass, "a b");
  EXPECT_EQ(c.bind, (std::vector<std::string>{"10.0.0.1", "-::1"}));
  EXPECT_FALSE(c.protected_mode);
  EXPECT_EQ(c.hash_max_listpack_entries, 100);
  EXPECT_EQ(c.hz, 500);  // clamped as Redis
  EXPECT_EQ(Get(c, "client-output-buffer-limit"),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90");
}

TEST(ConfigTable, LoadErrorsNameFileAndLine) {
  struct Case {
    std::string text, error;
  } cases[] = {
      {"port 1\nfoo bar\n", "test.conf:2: 'foo bar': Bad directive or wrong number of arguments"},
      {"port abc", "test.conf:1: 'port abc': argument couldn't be parsed into an integer"},
      {"\n\nport 70000",
       "test.conf:3: 'port 70000': argument must be between 0 and 65535 inclusive"},
      {"port 1 2", "test.conf:1: 'port 1 2': wrong number of arguments"},
      {"hz", "test.conf:1: 'hz': wrong number of arguments"},
      {"port \"7392", "test.conf:1: 'port \"7392': Unbalanced quotes in configuration line"},
      {"daemonize maybe", "test.conf:1: 'daemonize maybe': argument must be 'yes' or 'no'"},
      {"appendfsync sometimes",
       "test.conf:1: 'appendfsync sometimes': argument(s) must be one of the following: "
       "everysec, always, no"},
      {"save 900", "test.conf:1: 'save 900': Invalid save parameters"},
      {"dbfilename a/b.rdb",
       "test.conf:1: 'dbfilename a/b.rdb': dbfilename can't be a path, just a filename"},
      {"maxmemory 10x", "test.conf:1: 'maxmemory 10x': argument must be a memory value"},
      {"appendonly maybe", "test.conf:1: 'appendonly maybe': argument must be 'yes' or 'no'"},
      {"rename-command FLUSHALL \"\"",
       "test.conf:1: 'rename-command FLUSHALL \"\"': rename-command is not supported"},
  };
  for (const Case& t : cases) {
    ServerConfig c;
    std::string err;
    EXPECT_FALSE(Load(c, t.text, &err)) << t.text;
    EXPECT_EQ(err, t.error);
  }
}

TEST(ConfigTable, SaveLinesAccumulateAndEmptyResets) {
  ServerConfig c;
  ConfigLoader loader(c);
  std::string err;
  ASSERT_TRUE(loader.LoadText("save 900 1\nsave 300 10\n", "f", &err)) << err;
  EXPECT_EQ(c.save, "900 1 300 10");
  ASSERT_TRUE(loader.LoadText("save \"\"\n", "f", &err)) << err;
  EXPECT_EQ(c.save, "");
  EXPECT_TRUE(loader.Finish(&err));
}

TEST(ConfigTable, IncludeAndFileErrors) {
  TempDir dir;
  WriteFile(dir.File("inc.conf"), "hz 20\nmaxclients 50\n");
  WriteFile(dir.File("main.conf"), "port 7001\ninclude " + dir.File("inc.conf") + "\ninclude " +
                                       dir.File("none*.conf") + "\nmaxclients 60\n");
  ServerConfig c;
  ConfigLoader loader(c);
  std::string err;
  ASSERT_TRUE(loader.LoadFile(dir.File("main.conf"), &err)) << err;
  EXPECT_EQ(c.hz, 20);
  EXPECT_EQ(c.maxclients, 60);
  EXPECT_EQ(c.config_file, dir.File("main.conf"));

  WriteFile(dir.File("bad.conf"), "hz 5\ntimeout x\n");
  WriteFile(dir.File("main2.conf"), "include " + dir.File("bad.conf") + "\n");
  ServerConfig c2;
  ConfigLoader loader2(c2);
  EXPECT_FALSE(loader2.LoadFile(dir.File("main2.conf"), &err));
  EXPECT_EQ(err,
            dir.File("bad.conf") + ":2: 'timeout x': argument couldn't be parsed into an integer");

  ServerConfig c3;
  EXPECT_EQ(LoadConfigFile(dir.File("missing.conf"), c3),
            dir.File("missing.conf") + ": can't open config file: No such file or directory");
  EXPECT_EQ(LoadConfigFile(dir.File("inc.conf"), c3), "");
  EXPECT_EQ(c3.maxclients, 50);
}

TEST(ConfigTable, CommandLineOptionsApplyAfterTheFile) {
  TempDir dir;
  WriteFile(dir.File("r.conf"), "port 7001\nhz 20\n");
  std::string file = dir.File("r.conf");
  {
    ServerConfig c;
    std::vector<std::string_view> args = {file,         "--port",  "7002",    "--save",
                                          "--bind",     "1.2.3.4", "5.6.7.8", "--maxmemory-policy",
                                          "allkeys-lru"};
    EXPECT_EQ(LoadStartupConfig(args, c), "");
    EXPECT_EQ(c.port, 7002);
    EXPECT_EQ(c.hz, 20);
    EXPECT_EQ(c.save, "");
    EXPECT_EQ(c.bind, (std::vector<std::string>{"1.2.3.4", "5.6.7.8"}));
    EXPECT_EQ(c.maxmemory_policy, "allkeys-lru");
    EXPECT_EQ(c.config_file, file);
  }
  {
    ServerConfig c;
    std::vector<std::string_view> args = {"--port 7003", "--requirepass", "", "--save"};
    EXPECT_EQ(LoadStartupConfig(args, c), "");
    EXPECT_EQ(c.port, 7003);
    EXPECT_EQ(c.requirepass, "");
    EXPECT_EQ(c.config_file, "");
  }
  {
    ServerConfig c;
    std::vector<std::string_view> args = {"--port", "x"};
    EXPECT_EQ(LoadStartupConfig(args, c),
              "(command line): '--port x': argument couldn't be parsed into an integer");
    std::vector<std::string_view> args2 = {"--hz"};
    EXPECT_EQ(LoadStartupConfig(args2, c), "(command line): '--hz': wrong number of arguments");
    std::vector<std::string_view> args3 = {"--nosuch", "1"};
    EXPECT_EQ(LoadStartupConfig(args3, c),
              "(command line): '--nosuch 1': Bad directive or wrong number of arguments");
    std::vector<std::string_view> args4 = {"--save", "60", "1"};
    EXPECT_EQ(LoadStartupConfig(args4, c), "");
    EXPECT_EQ(c.save, "60 1");
    // One argument holding several values is split, as Redis 7 does for multi-argument settings.
    std::vector<std::string_view> args5 = {"--save", "", "--save", "900 1 300 10"};
    EXPECT_EQ(LoadStartupConfig(args5, c), "");
    EXPECT_EQ(c.save, "900 1 300 10");
  }
}

TEST(ConfigTable, ConfigGet) {
  ServerConfig c;
  std::vector<std::string_view> p1 = {"MAXMEMORY"};
  auto r = ConfigGet(c, p1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], (std::pair<std::string, std::string>{"MAXMEMORY", "0"}));

  std::vector<std::string_view> p2 = {"maxmemory", "maxmemory", "MAXMEM*"};
  r = ConfigGet(c, p2);
  std::vector<std::string> names;
  for (auto& [n, v] : r) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"maxmemory", "maxmemory-policy", "maxmemory-samples",
                                             "maxmemory-eviction-tenacity", "maxmemory-clients"}));

  std::vector<std::string_view> p3 = {"*ziplist-size"};
  r = ConfigGet(c, p3);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].first, "list-max-ziplist-size");
  EXPECT_EQ(r[0].second, "-2");

  std::vector<std::string_view> p4 = {"nosuch", "no*such"};
  EXPECT_TRUE(ConfigGet(c, p4).empty());

  std::vector<std::string_view> p5 = {"*"};
  r = ConfigGet(c, p5);
  EXPECT_GT(r.size(), AllSettings().size());  // aliases too
  EXPECT_EQ(Get(c, "save"), "3600 1 300 100 60 10000");  // Redis's default save points
  EXPECT_EQ(Get(c, "bind"), "127.0.0.1 -::1");
  EXPECT_EQ(Get(c, "appendonly"), "yes");
  EXPECT_EQ(Get(c, "unixsocketperm"), "0");
  EXPECT_EQ(Get(c, "client-output-buffer-limit"),
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
  EXPECT_EQ(Get(c, "latency-tracking-info-percentiles"), "50 99 99.9");
}

TEST(ConfigTable, ConfigSetErrorsAreRedisTexts) {
  ServerConfig c;
  EXPECT_EQ(Set(c, {"port", "1"}),
            "ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable "
            "config");
  EXPECT_EQ(Set(c, {"DAEMONIZE", "yes"}),
            "ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set "
            "immutable config");
  EXPECT_EQ(Set(c, {"foo", "bar"}),
            "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  EXPECT_EQ(
      Set(c, {"maxmemory", "1gb", "maxmemory", "2gb"}),
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter");
  EXPECT_EQ(
      Set(c, {"hz", "-1"}),
      "ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 "
      "and 2147483647 inclusive");
  EXPECT_EQ(Set(c, {"slave-read-only", "maybe"}),
            "ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument "
            "must be 'yes' or 'no'");
  EXPECT_EQ(Set(c, {"dir", "/tmp"}),
            "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected "
            "config");
  EXPECT_EQ(
      Set(c, {"dir", "/nonexistent-ringkv-dir"}, true),
      "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory");
  EXPECT_EQ(
      Set(c, {"save", "1 2 3"}),
      "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
  EXPECT_EQ(Set(c, {"appendonly", "no"}),
            "ERR CONFIG SET failed (possibly related to argument 'appendonly') - can't set "
            "immutable config");
  EXPECT_EQ(Set(c, {"maxmemory", "1gb", "hz"}), "ERR syntax error");
  EXPECT_EQ(c.save, ServerConfig{}.save);
  EXPECT_TRUE(c.appendonly);
}

TEST(ConfigTable, ConfigSetIsAllOrNothing) {
  CwdGuard cwd;
  ServerConfig c;
  EXPECT_EQ(Set(c, {"maxmemory", "1gb", "hz", "x"}),
            "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be "
            "parsed into an integer");
  EXPECT_EQ(c.maxmemory, 0);
  EXPECT_EQ(
      Set(c, {"maxmemory", "1gb", "maxmemory-policy", "allkeys-lru", "hz", "1000", "save", ""}),
      "");
  EXPECT_EQ(c.maxmemory, 1LL << 30);
  EXPECT_EQ(c.maxmemory_policy, "allkeys-lru");
  EXPECT_EQ(c.hz, 500);
  EXPECT_EQ(Set(c, {"hz", "0"}), "");
  EXPECT_EQ(Get(c, "hz"), "1");
  EXPECT_EQ(Set(c, {"list-max-ziplist-size", "5"}), "");
  EXPECT_EQ(Get(c, "list-max-listpack-size"), "5");
  EXPECT_EQ(Set(c, {"requirepass", "secret"}), "");
  EXPECT_EQ(c.requirepass, "secret");
  EXPECT_EQ(Set(c, {"client-output-buffer-limit", "normal 10mb 5mb 60"}), "");
  EXPECT_EQ(c.client_obuf_limits[0].hard_bytes, 10LL << 20);
  EXPECT_EQ(Set(c, {"dir", "/tmp"}, true), "");
  EXPECT_EQ(c.dir, "/tmp");
  EXPECT_EQ(Cwd(), "/tmp");  // dir is the working directory, as in Redis
  EXPECT_EQ(Get(c, "dir"), "/tmp");
}

TEST(ConfigTable, RewriteKeepsStructure) {
  ServerConfig c;
  c.port = 7393;
  c.maxmemory = 2LL << 30;
  c.hash_max_listpack_entries = 200;
  c.requirepass = "p\"w d";
  c.maxmemory_policy = "allkeys-lru";
  c.notify_keyspace_events = ParseNotifyFlags("Ex");
  c.save = "";  // written as save "" so the defaults cannot come back
  std::string old_text =
      "# my comment\n"
      "port 7393\n"
      "\n"
      "maxmemory 100mb\n"
      "save 900 1\n"
      "save 300 10\n"
      "hash-max-ziplist-entries 100\n"
      "slave-read-only yes\n"
      "logfile \"\"\n"
      "# another\n"
      "\n"
      "\n"
      "include /tmp/inc.conf\n"
      "frobnicate 1\n";
  EXPECT_EQ(RewriteConfigText(c, old_text),
            "# my comment\n"
            "port 7393\n"
            "\n"
            "maxmemory 2gb\n"
            "save \"\"\n"
            "\n"
            "hash-max-listpack-entries 200\n"
            "replica-read-only yes\n"
            "logfile \"\"\n"
            "# another\n"
            "\n"
            "include /tmp/inc.conf\n"
            "# ??? frobnicate 1\n"
            "\n"
            "# Generated by CONFIG REWRITE\n"
            "requirepass \"p\\\"w d\"\n"
            "maxmemory-policy allkeys-lru\n"
            "notify-keyspace-events \"xE\"\n"
            "dir " +
                QuoteArg(Cwd()) +
                "\n"  // always written, absolute, as Redis
                "latency-tracking-info-percentiles 50 99 99.9\n");
  // A file already rewritten once gets no second signature.
  std::string again = RewriteConfigText(c, RewriteConfigText(c, old_text));
  EXPECT_EQ(again.find("# Generated by CONFIG REWRITE"),
            again.rfind("# Generated by CONFIG REWRITE"));
  EXPECT_EQ(RewriteConfigText(c, again), again);
}

TEST(ConfigTable, ConfigRewriteRoundTrip) {
  TempDir dir;
  std::string file = dir.File("ringkv.conf");
  WriteFile(file, "# keep me\nport 7400\nhz 20\nbind 127.0.0.1\n");
  ServerConfig c;
  ConfigLoader loader(c);
  std::string err;
  ASSERT_TRUE(loader.LoadFile(file, &err)) << err;
  ASSERT_TRUE(loader.Finish(&err)) << err;
  EXPECT_EQ(Set(c, {"maxmemory", "512mb", "hz", "15", "requirepass", "a b", "slave-priority", "7",
                    "notify-keyspace-events", "KEA", "unixsocketperm", "0"}),
            "ERR CONFIG SET failed (possibly related to argument 'unixsocketperm') - can't set "
            "immutable config");
  EXPECT_EQ(
      Set(c, {"maxmemory", "512mb", "hz", "15", "requirepass", "a b", "slave-priority", "7",
              "notify-keyspace-events", "KEA", "client-output-buffer-limit", "pubsub 1mb 0 0"}),
      "");
  EXPECT_EQ(ConfigRewrite(c), "");
  std::string text = ReadFile(file);
  EXPECT_EQ(text.substr(0, 30), "# keep me\nport 7400\nhz 15\nbind");
  ServerConfig reloaded;
  ConfigLoader loader2(reloaded);
  ASSERT_TRUE(loader2.LoadFile(file, &err)) << err << "\n" << text;
  ASSERT_TRUE(loader2.Finish(&err)) << err;
  for (const Setting& s : AllSettings())
    EXPECT_EQ(GetValue(reloaded, s), GetValue(c, s)) << s.name << "\n" << text;

  ServerConfig no_file;
  EXPECT_EQ(ConfigRewrite(no_file), "ERR The server is running without a config file");
}

}  // namespace
}  // namespace ringkv::config
