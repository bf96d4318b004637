// get: one key's value, readable (redis-cli's layout), or as its JSON export line.
#include <charconv>
#include <cinttypes>
#include <cstdio>

#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/json.h"
#include "tools/inspect/stream_keys.h"
#include "tools/inspect/text.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

constexpr const char* kUsage =
    "Usage: ringkv-inspect get [--db N] [--json] SOURCE KEY\n"
    "Prints KEY's type, encoding, size and expiry, then its value as redis-cli shows it\n"
    "(GET, LRANGE, HGETALL, SMEMBERS, ZRANGE WITHSCORES). --db: the database (default 0).\n"
    "--json: print the key's line as 'export' writes it instead. Exit 1 if the key is absent.\n";

void PrintItem(uint64_t* n, std::string_view s) {
  std::printf("%" PRIu64 ") %s\n", ++*n, Repr(s).c_str());
}

void PrintValue(const Value& v) {
  uint64_t n = 0;
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[kIntScratch];
      std::printf("%s\n", Repr(v.StringView(scratch)).c_str());
      return;
    }
    case ObjType::kList:
      ForEachListItem(v, [&](std::string_view e) { PrintItem(&n, e); });
      return;
    case ObjType::kHash:
      ForEachHashField(v, [&](std::string_view f, std::string_view val) {
        PrintItem(&n, f);
        PrintItem(&n, val);
      });
      return;
    case ObjType::kSet:
      ForEachSetMember(v, [&](std::string_view m) { PrintItem(&n, m); });
      return;
    case ObjType::kZSet:
      ForEachZSetMember(v, [&](std::string_view m, double score) {
        PrintItem(&n, m);
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof(buf), score);
        PrintItem(&n, std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
      });
      return;
    case ObjType::kStream:
      return;
  }
}

}  // namespace

int RunGet(const Args& args) {
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, {{"db", true}, {"json", false}}, 2, 2, kUsage);
      rc >= 0) {
    return rc;
  }
  uint64_t db = 0;
  if (!cli.GetUint("db", 0, &db)) return UsageError(cli.error(), kUsage);
  const std::string& want = cli.positional()[1];
  auto src = OpenOrComplain(cli.positional()[0]);
  if (src == nullptr) return kExitFindings;
  int rc = -1;
  bool ok = src->ForEach([&](const KeyView& k) {
    if (static_cast<uint64_t>(k.db) != db || k.key != want) return true;
    if (k.value == nullptr) {
      std::printf("key: %s\ndb: %d\ntype: %.*s\n", Repr(k.key).c_str(), k.db,
                  static_cast<int>(k.unsupported.size()), k.unsupported.data());
      Complain(UnsupportedMessage(k));
      rc = kExitFindings;
      return false;
    }
    if (cli.Has("json")) {
      std::string line;
      AppendJsonLine(&line, k);
      std::fputs(line.c_str(), stdout);
    } else {
      ValueStats s = Measure(k);
      std::printf("key: %s\ndb: %d\ntype: %.*s\nencoding: %.*s\nelements: %" PRIu64
                  "\nmemory: %" PRIu64 " bytes (estimated)\n",
                  Repr(k.key).c_str(), k.db, static_cast<int>(KeyTypeName(k).size()),
                  KeyTypeName(k).data(), static_cast<int>(KeyEncodingName(k).size()),
                  KeyEncodingName(k).data(), s.elements, s.bytes);
      if (k.expire_ms >= 0) {
        std::printf("expires: %s (pexpiretime %" PRId64 ", ttl %s ms)\n",
                    IsoTime(k.expire_ms).c_str(), k.expire_ms,
                    TtlText(k.expire_ms, NowMs()).c_str());
      } else {
        std::printf("expires: never\n");
      }
      PrintValue(*k.value);
    }
    rc = kExitOk;
    return false;
  });
  if (!ok) {
    Complain(src->error());
    return kExitFindings;
  }
  if (rc < 0) {
    Complain("key " + Repr(want) + " not found in db " + std::to_string(db));
    return kExitFindings;
  }
  return rc;
}

}  // namespace ringkv::inspect
