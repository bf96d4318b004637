// ringkv-server [config-file] [--name value ...]: loads the configuration (redis.conf syntax),
// picks the I/O backend, and serves until SHUTDOWN, SIGTERM or SIGINT.
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/util/log.h"
#include "engine/util/strings.h"
#include "frontend/net/aof_driver.h"
#include "frontend/net/backend_select.h"
#include "frontend/net/server.h"
#include "frontend/net/snapshot_driver.h"

namespace {

void OnStopSignal(int) { ringkv::Server::RequestStop(); }

void InstallSignals() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the loop's wait returns EINTR and sees the request
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

// Creates `dir` (and parents) if missing, then makes it the working directory, as redis-server
// does with its `dir` setting.
bool EnterDataDir(const std::string& dir, std::string* error) {
  std::string partial;
  for (size_t i = 0; i <= dir.size(); i++) {
    if (i == dir.size() || (dir[i] == '/' && i > 0)) {
      partial = dir.substr(0, i);
      if (mkdir(partial.c_str(), 0755) < 0 && errno != EEXIST) {
        *error = "Can't create data directory '" + partial + "': " + std::strerror(errno);
        return false;
      }
    }
  }
  if (chdir(dir.c_str()) < 0) {
    *error = "Can't chdir to '" + dir + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ringkv;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "-v" || args[0] == "--version")) {
    std::printf("ringkv-server v=%s (Redis %s compatible)\n", kRingkvVersion.data(),
                kRedisVersion.data());
    return 0;
  }
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    std::printf(
        "Usage: ringkv-server [/path/to/ringkv.conf] [--name value ...]\n"
        "       ringkv-server -v | --version\n"
        "Settings use redis.conf names (port, bind, dir, requirepass, ...) plus io-backend.\n"
        "Examples:\n"
        "       ringkv-server --port 7777\n"
        "       ringkv-server /etc/ringkv.conf --loglevel verbose\n");
    return 0;
  }

  ServerConfig config;
  std::string err = config::LoadStartupConfig(args, config);
  if (!err.empty()) {
    std::fprintf(stderr, "*** FATAL CONFIG FILE ERROR (ringkv %s) ***\n%s\n", kRingkvVersion.data(),
                 err.c_str());
    return 1;
  }
  if (!SetLogFile(config.logfile)) {
    std::fprintf(stderr, "Can't open the log file %s: %s\n", config.logfile.c_str(),
                 std::strerror(errno));
    return 1;
  }
  LogLevel level;
  if (ParseLogLevel(config.loglevel, &level)) SetLogLevel(level);

  Log(LogLevel::kNotice, "ringkv %s starting (Redis %s compatible), pid=%d", kRingkvVersion.data(),
      kRedisVersion.data(), static_cast<int>(getpid()));
  if (config.config_file.empty()) {
    Log(LogLevel::kWarning, "No config file specified, using the default config.");
  }
  if (!EnterDataDir(config.dir, &err)) {
    Log(LogLevel::kWarning, "%s", err.c_str());
    return 1;
  }
  InstallSignals();

  std::unique_ptr<IoBackend> backend = SelectBackend(config.io_backend, &err);
  if (backend == nullptr) {
    Log(LogLevel::kWarning, "%s", err.c_str());
    return 1;
  }
  Engine engine(config);
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) engine.runtime().executable.assign(exe, static_cast<size_t>(n));
  IoBackend& io = *backend;
  Server server(engine, std::move(backend));
  SnapshotDriver snapshots(engine);
  engine.set_snapshot_hooks(&snapshots);
  std::unique_ptr<AofDriver> aof;
  // Listen first, as Redis: while the dataset loads, clients are answered -LOADING.
  if (!server.Start(&err)) {
    Log(LogLevel::kWarning, "%s", err.c_str());
    return 1;
  }
  engine.set_serve_while_loading([&server] { server.ServeWhileLoading(); });
  if (!config.appendonly && !snapshots.LoadAtStartup(&err)) {
    Log(LogLevel::kWarning, "Fatal error loading the DB: %s. Exiting.", err.c_str());
    return 1;
  }
  if (config.appendonly) {
    aof = std::make_unique<AofDriver>(engine, io);
    if (!aof->Open(&err)) {
      Log(LogLevel::kWarning, "%s", err.c_str());
      return 1;
    }
    server.set_aof(aof.get());
  }
  engine.set_serve_while_loading(nullptr);
  snapshots.AttachLoop(&io, aof.get());
  server.set_snapshots(&snapshots);
  Log(LogLevel::kNotice, "Ready to accept connections tcp (port %d)", config.port);
  server.Run();
  Log(LogLevel::kWarning, "ringkv is now ready to exit, bye bye...");
  return 0;
}
