#include "tools/inspect/key_filter.h"

#include "engine/util/strings.h"
#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

KeyFilter::~KeyFilter() {
  if (has_regex_) ::regfree(&regex_);
}

void KeyFilter::AddOptions(std::vector<OptionSpec>* specs) {
  for (const char* name : {"db", "match", "regex", "type", "min-size"})
    specs->push_back({name, true});
  specs->push_back({"expiring", false});
  specs->push_back({"persistent", false});
}

bool KeyFilter::Init(Cli& cli, std::string* error) {
  uint64_t n = 0;
  if (cli.Has("db")) {
    if (!cli.GetUint("db", 0, &n) || n > INT32_MAX) {
      *error = cli.error().empty() ? "option '--db' is out of range" : cli.error();
      return false;
    }
    db_ = static_cast<int>(n);
  }
  if (!cli.GetUint("min-size", 0, &min_size_)) {
    *error = cli.error();
    return false;
  }
  has_glob_ = cli.Has("match");
  glob_ = cli.Get("match");
  if (cli.Has("regex")) {
    std::string re = cli.Get("regex");
    int rc = ::regcomp(&regex_, re.c_str(), REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
      char why[256];
      ::regerror(rc, &regex_, why, sizeof(why));
      *error = "invalid regular expression '" + re + "': " + why;
      return false;
    }
    has_regex_ = true;
  }
  type_ = cli.Get("type");
  if (!type_.empty() && type_ != "string" && type_ != "list" && type_ != "set" && type_ != "zset" &&
      type_ != "hash" && type_ != "stream") {
    *error = "unknown type '" + type_ + "' (string, list, set, zset, hash, stream)";
    return false;
  }
  expiring_ = cli.Has("expiring");
  persistent_ = cli.Has("persistent");
  if (expiring_ && persistent_) {
    *error = "--expiring and --persistent exclude each other";
    return false;
  }
  return true;
}

bool KeyFilter::Accepts(const KeyView& k, uint64_t bytes) const {
  if (db_ && k.db != *db_) return false;
  if (expiring_ && k.expire_ms < 0) return false;
  if (persistent_ && k.expire_ms >= 0) return false;
  if (!type_.empty() && KeyTypeName(k) != type_) return false;
  if (has_glob_ && !GlobMatch(glob_, k.key)) return false;
  if (has_regex_) {
    // REG_STARTEND: the key is matched between the offsets, NUL bytes included.
    regmatch_t m[1];
    m[0].rm_so = 0;
    m[0].rm_eo = static_cast<regoff_t>(k.key.size());
    if (::regexec(&regex_, k.key.data(), 1, m, REG_STARTEND) != 0) return false;
  }
  return bytes >= min_size_;
}

}  // namespace ringkv::inspect
