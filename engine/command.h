// The command table: one row per command, read by the dispatcher, COMMAND (INFO, DOCS, COUNT,
// LIST, GETKEYS), ACL categories and cluster key extraction. Nothing else repeats this metadata.
//
// A command family registers its rows with a function like RegisterStringFamily(registry); a
// container command (CLIENT, CONFIG, OBJECT...) lists its subcommands as rows of their own,
// with names such as "setname" and full names such as "client|setname", like Redis 7.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringkv {

struct CommandContext;
using CommandHandler = void (*)(CommandContext& ctx);

// Command flags, named as in COMMAND INFO.
namespace cmd {
enum Flag : uint64_t {
  kWrite = 1 << 0,
  kReadonly = 1 << 1,
  kDenyOom = 1 << 2,
  kModule = 1 << 3,
  kAdmin = 1 << 4,
  kPubsub = 1 << 5,
  kNoscript = 1 << 6,
  kBlocking = 1 << 7,
  kLoading = 1 << 8,
  kStale = 1 << 9,
  kSkipMonitor = 1 << 10,
  kSkipSlowlog = 1 << 11,
  kFast = 1 << 12,
  kNoAuth = 1 << 13,
  kMayReplicate = 1 << 14,
  kSentinel = 1 << 15,
  kOnlySentinel = 1 << 16,
  kNoMandatoryKeys = 1 << 17,
  kProtected = 1 << 18,
  kNoAsyncLoading = 1 << 19,
  kNoMulti = 1 << 20,
  kMovableKeys = 1 << 21,
  kAllowBusy = 1 << 22,
};
// ACL categories (the @names of ACL CAT).
enum Category : uint64_t {
  kCatKeyspace = 1 << 0,
  kCatRead = 1 << 1,
  kCatWrite = 1 << 2,
  kCatSet = 1 << 3,
  kCatSortedSet = 1 << 4,
  kCatList = 1 << 5,
  kCatHash = 1 << 6,
  kCatString = 1 << 7,
  kCatBitmap = 1 << 8,
  kCatHyperLogLog = 1 << 9,
  kCatGeo = 1 << 10,
  kCatStream = 1 << 11,
  kCatPubsub = 1 << 12,
  kCatAdmin = 1 << 13,
  kCatFast = 1 << 14,
  kCatSlow = 1 << 15,
  kCatBlocking = 1 << 16,
  kCatDangerous = 1 << 17,
  kCatConnection = 1 << 18,
  kCatTransaction = 1 << 19,
  kCatScripting = 1 << 20,
};
std::vector<std::string_view> FlagNames(uint64_t flags);
std::vector<std::string_view> CategoryNames(uint64_t categories);
}  // namespace cmd

struct CommandSpec {
  std::string name;      // lower case: "get", or "setname" for a subcommand
  int arity = 0;         // Redis convention: N exact, -N at least N (the name counts)
  uint64_t flags = 0;    // cmd::Flag
  uint64_t acl = 0;      // cmd::Category
  int first_key = 0;     // 1-based position of the first key, 0 if none
  int last_key = 0;      // negative counts from the end (-1: last argument)
  int key_step = 0;
  CommandHandler handler = nullptr;
  std::string_view summary;
  std::string_view since;
  std::string_view group;       // "string", "generic", "server", "connection"...
  std::string_view complexity;
  // COMMAND INFO tips, space separated: "nondeterministic_output request_policy:all_shards".
  std::string_view tips;
  // Filled by the registry.
  std::string fullname;  // "get", "client|setname"
  const CommandSpec* parent = nullptr;
  std::map<std::string, std::unique_ptr<CommandSpec>, std::less<>> subcommands;

  // Mutable counters for INFO commandstats.
  mutable uint64_t calls = 0;
  mutable uint64_t usec = 0;
  mutable uint64_t rejected_calls = 0;
  mutable uint64_t failed_calls = 0;
};

class CommandRegistry {
 public:
  // Adds a top-level command.
  CommandSpec& Add(CommandSpec spec);
  // Adds a subcommand row under `parent` (which must be added already).
  CommandSpec& AddSub(std::string_view parent, CommandSpec spec);

  // Case-insensitive lookup of a top-level command.
  const CommandSpec* Find(std::string_view name) const;
  const CommandSpec* FindSub(const CommandSpec& parent, std::string_view sub) const;
  // Every top-level command, in name order.
  const std::map<std::string, std::unique_ptr<CommandSpec>, std::less<>>& all() const { return commands_; }

  // The key positions (argument indexes) of a call, from the spec's first/last/step.
  static std::vector<int> KeyPositions(const CommandSpec& spec, std::span<const std::string_view> argv);

 private:
  std::map<std::string, std::unique_ptr<CommandSpec>, std::less<>> commands_;
};

// Adds one family's commands under a shared COMMAND DOCS group, one positional row per command,
// so each family's table reads as a table.
class FamilyRegistrar {
 public:
  FamilyRegistrar(CommandRegistry& registry, std::string_view group)
      : registry_(registry), group_(group) {}
  CommandSpec& operator()(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                          int first_key, int last_key, int key_step, CommandHandler handler,
                          std::string_view summary, std::string_view since,
                          std::string_view complexity, std::string_view tips = {}) {
    return registry_.Add({.name = std::string(name), .arity = arity, .flags = flags, .acl = acl,
                          .first_key = first_key, .last_key = last_key, .key_step = key_step,
                          .handler = handler, .summary = summary, .since = since,
                          .group = group_, .complexity = complexity, .tips = tips});
  }

 private:
  CommandRegistry& registry_;
  std::string_view group_;
};

}  // namespace ringkv
