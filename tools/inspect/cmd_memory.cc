// memory: a CSV row per key with redis-rdb-tools' memory-report columns, so the spreadsheets and
// scripts built for that tool read it: database,type,key,size_in_bytes,encoding,num_elements,
// len_largest_element,expiry. size_in_bytes is ringkv's estimate (value_walk.h); as in
// rdb-tools, a string's num_elements and len_largest_element are its length.
#include <cinttypes>
#include <string>

#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/key_filter.h"
#include "tools/inspect/output.h"
#include "tools/inspect/text.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

std::string Usage() {
  return std::string(
             "Usage: ringkv-inspect memory [--output FILE] [filters] SOURCE\n"
             "CSV, one row per key: database,type,key,size_in_bytes,encoding,num_elements,\n"
             "len_largest_element,expiry (redis-rdb-tools' memory report). size_in_bytes is the\n"
             "memory the key would take in ringkv; expiry is ISO 8601 UTC or empty.\n"
             "Filters:\n") +
         KeyFilter::kHelp;
}

}  // namespace

int RunMemory(const Args& args) {
  std::string usage = Usage();
  std::vector<OptionSpec> specs = {{"output", true}};
  KeyFilter::AddOptions(&specs);
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, specs, 1, 1, usage.c_str()); rc >= 0) return rc;
  KeyFilter filter;
  std::string error;
  if (!filter.Init(cli, &error)) return UsageError(error, usage.c_str());
  auto src = OpenOrComplain(cli.positional()[0]);
  if (src == nullptr) return kExitFindings;
  Output out;
  if (!out.Open(cli.Get("output"), &error)) {
    Complain(error);
    return kExitFindings;
  }
  std::string buf =
      "database,type,key,size_in_bytes,encoding,num_elements,len_largest_element,expiry\n";
  bool ok = src->ForEach([&](const KeyView& k) {
    ValueStats s = Measure(k);
    if (!filter.Accepts(k, s.bytes)) return true;
    bool is_string = k.value != nullptr && k.value->is_string();
    uint64_t elements = is_string ? s.largest : s.elements;
    buf += std::to_string(k.db) + "," + std::string(KeyTypeName(k)) + "," + CsvField(k.key) + "," +
           std::to_string(s.bytes) + "," + std::string(KeyEncodingName(k)) + "," +
           std::to_string(elements) + "," + std::to_string(s.largest) + "," +
           (k.expire_ms >= 0 ? IsoTime(k.expire_ms) : "") + "\n";
    if (buf.size() >= (1 << 16)) {
      out.Write(buf);
      buf.clear();
    }
    return true;
  });
  out.Write(buf);
  if (!ok) {
    Complain(src->error());
    out.Close(false, &error);
    return kExitFindings;
  }
  if (!out.Close(true, &error)) {
    Complain(error);
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace ringkv::inspect
