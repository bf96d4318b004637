#include "engine/pubsub.h"

#include <algorithm>
#include <array>

#include "engine/engine.h"
#include "engine/util/strings.h"

namespace ringkv {

std::set<std::string, std::less<>>& PubSub::Own(Session& s, PubSubKind kind) {
  switch (kind) {
    case PubSubKind::kChannel: return s.channels;
    case PubSubKind::kPattern: return s.patterns;
    default: return s.shard_channels;
  }
}

bool PubSub::Subscribe(Session& s, std::string_view name, PubSubKind kind) {
  auto& own = Own(s, kind);
  if (!own.emplace(name).second) return false;
  if (kind == PubSubKind::kPattern) {
    auto it = patterns_.find(name);
    if (it == patterns_.end()) it = patterns_.emplace(std::string(name), Subscribers_{}).first;
    it->second.push_back(&s);
  } else {
    Channels(kind)[std::string(name)].push_back(&s);
  }
  return true;
}

bool PubSub::Unsubscribe(Session& s, std::string_view name, PubSubKind kind) {
  auto& own = Own(s, kind);
  auto mine = own.find(name);
  if (mine == own.end()) return false;
  own.erase(mine);
  auto drop = [&s](Subscribers_& subs) { subs.erase(std::find(subs.begin(), subs.end(), &s)); };
  if (kind == PubSubKind::kPattern) {
    auto it = patterns_.find(name);
    drop(it->second);
    if (it->second.empty()) patterns_.erase(it);
  } else {
    auto& map = Channels(kind);
    auto it = map.find(std::string(name));
    drop(it->second);
    if (it->second.empty()) map.erase(it);
  }
  return true;
}

void PubSub::RemoveSession(Session& s) {
  for (PubSubKind kind : {PubSubKind::kChannel, PubSubKind::kPattern, PubSubKind::kShard}) {
    std::vector<std::string> names(Own(s, kind).begin(), Own(s, kind).end());
    for (const std::string& n : names) Unsubscribe(s, n, kind);
  }
}

void PubSub::Deliver(Session& to, std::string_view kind, std::string_view pattern,
                     std::string_view channel, std::string_view message) {
  // CLIENT REPLY OFF silences messages too, as Redis (it counts as a delivery all the same).
  if (*io_ == nullptr || to.reply_mode == ReplyMode::kOff) return;
  ReplyBuilder& r = (*io_)->ReplyFor(to);
  int64_t n = pattern.empty() ? 3 : 4;
  if (to.resp >= 3) r.Push(n);
  else r.Array(n);
  r.Bulk(kind);
  if (!pattern.empty()) r.Bulk(pattern);
  r.Bulk(channel);
  r.Bulk(message);
}

int64_t PubSub::Publish(std::string_view channel, std::string_view message, bool shard) {
  int64_t receivers = 0;
  auto& map = shard ? shard_channels_ : channels_;
  if (auto it = map.find(std::string(channel)); it != map.end()) {
    for (Session* s : it->second) {
      Deliver(*s, shard ? "smessage" : "message", {}, channel, message);
      receivers++;
    }
  }
  if (shard) return receivers;
  for (const auto& [pattern, subs] : patterns_) {
    if (!GlobMatch(pattern, channel)) continue;
    for (Session* s : subs) {
      Deliver(*s, "pmessage", pattern, channel, message);
      receivers++;
    }
  }
  return receivers;
}

std::vector<std::string> PubSub::ActiveChannels(std::string_view pattern, bool shard) const {
  std::vector<std::string> out;
  for (const auto& [name, subs] : shard ? shard_channels_ : channels_) {
    if (pattern.empty() || GlobMatch(pattern, name)) out.push_back(name);
  }
  return out;
}

int64_t PubSub::Subscribers(std::string_view channel, bool shard) const {
  const auto& map = shard ? shard_channels_ : channels_;
  auto it = map.find(std::string(channel));
  return it == map.end() ? 0 : static_cast<int64_t>(it->second.size());
}

bool PubSub::AllowedWhileSubscribed(std::string_view command) {
  static constexpr std::array<std::string_view, 9> kAllowed = {
      "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe",
      "psubscribe", "punsubscribe", "quit", "reset"};
  return std::find(kAllowed.begin(), kAllowed.end(), command) != kAllowed.end();
}

}  // namespace ringkv
