// ringkv-inspect: offline inspection, export, verification and repair of RDB snapshots and AOF
// directories, with the same readers the server uses. See docs/inspect.md.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/util/log.h"
#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/source.h"

namespace ringkv::inspect {

namespace {

struct Subcommand {
  const char* name;
  int (*run)(const Args&);
  const char* summary;
};

constexpr Subcommand kSubcommands[] = {
    {"summary", RunSummary, "keys per db and type, memory per type, biggest keys, TTL histogram"},
    {"keys", RunKeys, "list keys with type, size and TTL (filters: glob, regex, type, db...)"},
    {"get", RunGet, "print one key's value"},
    {"export", RunExport,
     "export as JSON lines (default) or as RESP commands for redis-cli --pipe"},
    {"memory", RunMemory, "CSV memory report per key (redis-rdb-tools' columns)"},
    {"diff", RunDiff, "keys added, removed and changed between two snapshots or AOF directories"},
    {"verify", RunVerify, "check checksums, every value, the AOF manifest and every command"},
    {"repair-aof", RunRepairAof, "truncate an AOF's cut-off last command, keeping a backup"},
};

void PrintUsage(FILE* f) {
  std::fprintf(f,
               "Usage: ringkv-inspect <command> [options] SOURCE...\n"
               "SOURCE is an RDB file or an AOF directory (or its manifest file).\n\n"
               "Commands:\n");
  for (const Subcommand& s : kSubcommands) std::fprintf(f, "  %-11s %s\n", s.name, s.summary);
  std::fprintf(f,
               "\nRun 'ringkv-inspect <command> --help' for a command's options.\n"
               "Exit status: 0 ok, 1 findings (differences, faults) or failure, 2 usage error.\n");
}

}  // namespace

std::unique_ptr<Source> OpenOrComplain(const std::string& path) {
  std::string error;
  std::unique_ptr<Source> src = Source::Open(path, StderrIsTerminal(), &error);
  if (src == nullptr) Complain(error);
  return src;
}

}  // namespace ringkv::inspect

int main(int argc, char** argv) {
  using namespace ringkv::inspect;
  // The AOF loader logs (a reverted MULTI, a short read) as the server would: to stderr here, so
  // stdout carries only the report.
  ringkv::SetLogFile("/dev/stderr");
  ringkv::SetLogLevel(ringkv::LogLevel::kWarning);
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  if (cmd == "-v" || cmd == "--version") {
    std::printf("ringkv-inspect 0.1.0 (reads RDB versions 1 to 10)\n");
    return kExitOk;
  }
  Args args(argv + 2, argv + argc);
  for (const Subcommand& s : kSubcommands) {
    if (cmd == s.name) return s.run(args);
  }
  Complain("unknown command '" + cmd + "'");
  PrintUsage(stderr);
  return kExitUsage;
}
