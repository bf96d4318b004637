// keys: one line per key — db, type, estimated bytes, elements, TTL, key — with filters.
#include <cinttypes>
#include <cstdio>

#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/key_filter.h"
#include "tools/inspect/text.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

std::string Usage() {
  return std::string(
             "Usage: ringkv-inspect keys [filters] SOURCE\n"
             "Lists keys, one per line, tab-separated: db, type, estimated memory in bytes,\n"
             "elements (1 for a string), TTL in ms (-1: none; 'expired': past its time), key\n"
             "(quoted as redis-cli does when it holds spaces, quotes or non-printable bytes).\n"
             "Filters:\n") +
         KeyFilter::kHelp;
}

}  // namespace

int RunKeys(const Args& args) {
  std::string usage = Usage();
  std::vector<OptionSpec> specs;
  KeyFilter::AddOptions(&specs);
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, specs, 1, 1, usage.c_str()); rc >= 0) return rc;
  KeyFilter filter;
  std::string error;
  if (!filter.Init(cli, &error)) return UsageError(error, usage.c_str());
  auto src = OpenOrComplain(cli.positional()[0]);
  if (src == nullptr) return kExitFindings;
  int64_t now = NowMs();
  bool ok = src->ForEach([&](const KeyView& k) {
    ValueStats s = Measure(k);
    if (!filter.Accepts(k, s.bytes)) return true;
    std::printf("%d\t%.*s\t%" PRIu64 "\t%" PRIu64 "\t%s\t%s\n", k.db,
                static_cast<int>(KeyTypeName(k).size()), KeyTypeName(k).data(), s.bytes, s.elements,
                TtlText(k.expire_ms, now).c_str(), ReprIfNeeded(k.key).c_str());
    return true;
  });
  if (!ok) {
    Complain(src->error());
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace ringkv::inspect
