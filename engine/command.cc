#include "engine/command.h"

#include <cctype>

namespace ringkv {

namespace cmd {
std::vector<std::string_view> FlagNames(uint64_t flags) {
  static constexpr std::pair<uint64_t, std::string_view> kNames[] = {
      {kWrite, "write"},       {kReadonly, "readonly"},
      {kDenyOom, "denyoom"},   {kModule, "module"},
      {kAdmin, "admin"},       {kPubsub, "pubsub"},
      {kNoscript, "noscript"}, {kBlocking, "blocking"},
      {kLoading, "loading"},   {kStale, "stale"},
      {kSkipMonitor, "skip_monitor"}, {kSkipSlowlog, "skip_slowlog"},
      {kFast, "fast"},         {kNoAuth, "no_auth"},
      {kMayReplicate, "may_replicate"}, {kSentinel, "sentinel"},
      {kOnlySentinel, "only_sentinel"}, {kNoMandatoryKeys, "no_mandatory_keys"},
      {kProtected, "protected"}, {kNoAsyncLoading, "no_async_loading"},
      {kNoMulti, "no_multi"},  {kMovableKeys, "movablekeys"},
      {kAllowBusy, "allow_busy"},
  };
  std::vector<std::string_view> out;
  for (auto& [bit, name] : kNames)
    if (flags & bit) out.push_back(name);
  return out;
}

std::vector<std::string_view> CategoryNames(uint64_t categories) {
  static constexpr std::pair<uint64_t, std::string_view> kNames[] = {
      {kCatKeyspace, "@keyspace"}, {kCatRead, "@read"},       {kCatWrite, "@write"},
      {kCatSet, "@set"},           {kCatSortedSet, "@sortedset"}, {kCatList, "@list"},
      {kCatHash, "@hash"},         {kCatString, "@string"},   {kCatBitmap, "@bitmap"},
      {kCatHyperLogLog, "@hyperloglog"}, {kCatGeo, "@geo"},   {kCatStream, "@stream"},
      {kCatPubsub, "@pubsub"},     {kCatAdmin, "@admin"},     {kCatFast, "@fast"},
      {kCatSlow, "@slow"},         {kCatBlocking, "@blocking"}, {kCatDangerous, "@dangerous"},
      {kCatConnection, "@connection"}, {kCatTransaction, "@transaction"},
      {kCatScripting, "@scripting"},
  };
  std::vector<std::string_view> out;
  for (auto& [bit, name] : kNames)
    if (categories & bit) out.push_back(name);
  return out;
}
}  // namespace cmd

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
// Lower-cases into a stack buffer; returns false if the name is too long to be a command.
bool LowerInto(std::string_view s, char (&buf)[64], std::string_view* out) {
  if (s.size() >= sizeof(buf)) return false;
  for (size_t i = 0; i < s.size(); i++)
    buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  *out = std::string_view(buf, s.size());
  return true;
}
}  // namespace

CommandSpec& CommandRegistry::Add(CommandSpec spec) {
  spec.name = Lower(spec.name);
  spec.fullname = spec.name;
  auto owned = std::make_unique<CommandSpec>(std::move(spec));
  CommandSpec& ref = *owned;
  commands_[ref.name] = std::move(owned);
  return ref;
}

CommandSpec& CommandRegistry::AddSub(std::string_view parent, CommandSpec spec) {
  CommandSpec& p = *commands_.at(Lower(parent));
  spec.name = Lower(spec.name);
  spec.fullname = p.name + "|" + spec.name;
  spec.parent = &p;
  auto owned = std::make_unique<CommandSpec>(std::move(spec));
  CommandSpec& ref = *owned;
  p.subcommands[ref.name] = std::move(owned);
  return ref;
}

const CommandSpec* CommandRegistry::Find(std::string_view name) const {
  char buf[64];
  std::string_view lower;
  if (!LowerInto(name, buf, &lower)) return nullptr;
  auto it = commands_.find(lower);
  return it == commands_.end() ? nullptr : it->second.get();
}

const CommandSpec* CommandRegistry::FindSub(const CommandSpec& parent, std::string_view sub) const {
  char buf[64];
  std::string_view lower;
  if (!LowerInto(sub, buf, &lower)) return nullptr;
  auto it = parent.subcommands.find(lower);
  return it == parent.subcommands.end() ? nullptr : it->second.get();
}

std::vector<int> CommandRegistry::KeyPositions(const CommandSpec& spec,
                                               std::span<const std::string_view> argv) {
  std::vector<int> out;
  if (spec.first_key <= 0) return out;
  int argc = static_cast<int>(argv.size());
  int last = spec.last_key >= 0 ? spec.last_key : argc + spec.last_key;
  int step = spec.key_step > 0 ? spec.key_step : 1;
  for (int i = spec.first_key; i <= last && i < argc; i += step) out.push_back(i);
  return out;
}

}  // namespace ringkv
