// export: the dataset as JSON lines in the fixtures' shape (json.h), or as RESP commands that
// `redis-cli --pipe` replays (resp_export.h). Streams key by key; --sort buffers the lines to
// order them by database and key as the fixtures are (memory then grows with the output).
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/json.h"
#include "tools/inspect/key_filter.h"
#include "tools/inspect/output.h"
#include "tools/inspect/resp_export.h"
#include "tools/inspect/stream_keys.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

std::string Usage() {
  return std::string(
             "Usage: ringkv-inspect export [--format json|resp] [--output FILE] [--sort] "
             "[filters] SOURCE\n"
             "json (default): one line per key, {\"db\", \"key\", \"pexpiretime\", \"type\", "
             "\"value\"}, the shape\n"
             "  of the fixtures' .jsonl files (binary strings as {\"base64\": ...}).\n"
             "resp: SELECT, SET/RPUSH/HSET/SADD/ZADD and PEXPIREAT commands for\n"
             "  'redis-cli --pipe' (replay into an empty database).\n"
             "--output FILE: write FILE (atomically) instead of stdout.\n"
             "--sort: order by database, then key bytes (buffers the whole export in memory).\n"
             "Keys of types ringkv cannot decode yet (streams) are left out, with a warning.\n"
             "Filters:\n") +
         KeyFilter::kHelp;
}

struct Pending {
  int db;
  std::string key;
  std::string text;
};

}  // namespace

int RunExport(const Args& args) {
  std::string usage = Usage();
  std::vector<OptionSpec> specs = {{"format", true}, {"output", true}, {"sort", false}};
  KeyFilter::AddOptions(&specs);
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, specs, 1, 1, usage.c_str()); rc >= 0) return rc;
  std::string format = cli.Get("format", "json");
  if (format != "json" && format != "resp") {
    return UsageError("unknown format '" + format + "' (json or resp)", usage.c_str());
  }
  KeyFilter filter;
  std::string error;
  if (!filter.Init(cli, &error)) return UsageError(error, usage.c_str());
  bool sort = cli.Has("sort");
  auto src = OpenOrComplain(cli.positional()[0]);
  if (src == nullptr) return kExitFindings;
  Output out;
  if (!out.Open(cli.Get("output"), &error)) {
    Complain(error);
    return kExitFindings;
  }
  std::vector<Pending> pending;
  std::string buf;
  int current_db = -1;
  bool ok = src->ForEach([&](const KeyView& k) {
    if (!filter.Accepts(k, filter.needs_size() ? Measure(k).bytes : 0)) return true;
    if (sort) buf.clear();
    // With --sort the SELECTs are decided when the lines are written, in order.
    int unused_db = k.db;
    bool wrote = format == "json" ? AppendJsonLine(&buf, k)
                                  : AppendRespCommands(&buf, k, sort ? &unused_db : &current_db);
    if (!wrote) {
      WarnUnsupported(k, "export");
      return true;
    }
    if (sort) {
      pending.push_back({k.db, std::string(k.key), buf});
    } else if (buf.size() >= (1 << 16)) {
      out.Write(buf);
      buf.clear();
    }
    return true;
  });
  if (!ok) {
    Complain(src->error());
    out.Close(false, &error);
    return kExitFindings;
  }
  if (sort) {
    std::sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
      return std::tie(a.db, a.key) < std::tie(b.db, b.key);
    });
    buf.clear();
    for (const Pending& p : pending) {
      if (format == "resp" && p.db != current_db) {
        buf.clear();
        AppendSelect(&buf, p.db);
        out.Write(buf);
        current_db = p.db;
      }
      out.Write(p.text);
    }
  } else {
    out.Write(buf);
  }
  if (!out.Close(true, &error)) {
    Complain(error);
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace ringkv::inspect
