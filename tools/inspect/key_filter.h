// The key filters shared by keys, memory and export: database, glob (as KEYS), regular
// expression (POSIX extended, searched anywhere in the key, binary-safe through REG_STARTEND),
// type, minimum estimated size, and expiring or persistent keys.
#pragma once

#include <regex.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tools/inspect/cli.h"
#include "tools/inspect/source.h"

namespace ringkv::inspect {

class KeyFilter {
 public:
  KeyFilter() = default;
  ~KeyFilter();
  KeyFilter(const KeyFilter&) = delete;
  KeyFilter& operator=(const KeyFilter&) = delete;

  // The options a KeyFilter reads, to append to a subcommand's OptionSpec list.
  static void AddOptions(std::vector<OptionSpec>* specs);
  // The lines documenting them, for usage texts.
  static constexpr const char* kHelp =
      "  --db N           only database N\n"
      "  --match GLOB     only keys matching GLOB (as KEYS: * ? [a-z] \\x)\n"
      "  --regex RE       only keys in which the POSIX extended regular expression RE matches\n"
      "  --type T         only keys of type T (string, list, set, zset, hash, stream)\n"
      "  --min-size B     only keys whose estimated memory is at least B bytes\n"
      "  --expiring       only keys with a TTL\n"
      "  --persistent     only keys without a TTL\n";

  // Reads the options; false with a message on a bad value.
  bool Init(Cli& cli, std::string* error);
  // Whether the key passes; `bytes` is its estimated memory (only read with --min-size).
  bool Accepts(const KeyView& k, uint64_t bytes) const;
  // Whether Accepts reads `bytes` (so callers compute it only then).
  bool needs_size() const { return min_size_ > 0; }
  // The only database the filter can accept, if any (lets `get` stop early).
  std::optional<int> db() const { return db_; }

 private:
  std::optional<int> db_;
  std::string glob_;
  bool has_glob_ = false;
  regex_t regex_{};
  bool has_regex_ = false;
  std::string type_;
  uint64_t min_size_ = 0;
  bool expiring_ = false;
  bool persistent_ = false;
};

}  // namespace ringkv::inspect
