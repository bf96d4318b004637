// Pub/sub: which sessions listen to which channels, patterns and shard channels, and delivery of
// messages into the subscribers' reply streams, as Redis 7.0 does it (pubsub.c): a subscriber
// gets ["message", channel, payload] per channel subscription and ["pmessage", pattern, channel,
// payload] per matching pattern, as a RESP3 push or, in RESP2, an array; SPUBLISH reaches shard
// subscribers only, as "smessage".
//
// Messages are written straight into the subscriber's reply stream (SessionIo::ReplyFor), so the
// order of one publisher's messages is the order of its PUBLISH calls. A subscriber that cannot
// keep up is closed by the frontend at `client-output-buffer-limit pubsub`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/session.h"

namespace ringkv {

class SessionIo;

enum class PubSubKind : uint8_t { kChannel, kPattern, kShard };

class PubSub {
 public:
  explicit PubSub(SessionIo** io) : io_(io) {}

  // Adds / removes one subscription of `s`; true if it changed anything.
  bool Subscribe(Session& s, std::string_view name, PubSubKind kind);
  bool Unsubscribe(Session& s, std::string_view name, PubSubKind kind);
  // Drops every subscription of `s` (disconnect, RESET), without replies.
  void RemoveSession(Session& s);

  // Delivers `message` to every subscriber of `channel` (and, unless `shard`, of every pattern
  // matching it). Returns the number of deliveries, PUBLISH's reply.
  int64_t Publish(std::string_view channel, std::string_view message, bool shard);

  // PUBSUB introspection.
  std::vector<std::string> ActiveChannels(std::string_view pattern, bool shard) const;
  int64_t Subscribers(std::string_view channel, bool shard) const;
  int64_t PatternCount() const { return static_cast<int64_t>(patterns_.size()); }

  // RESP2 clients with subscriptions may only run these (Redis's processCommand check).
  static bool AllowedWhileSubscribed(std::string_view command);

 private:
  using Subscribers_ = std::vector<Session*>;  // in subscription order
  std::unordered_map<std::string, Subscribers_>& Channels(PubSubKind kind) {
    return kind == PubSubKind::kShard ? shard_channels_ : channels_;
  }
  static std::set<std::string, std::less<>>& Own(Session& s, PubSubKind kind);
  void Deliver(Session& to, std::string_view kind, std::string_view pattern,
               std::string_view channel, std::string_view message);

  SessionIo** io_;
  std::unordered_map<std::string, Subscribers_> channels_;
  std::unordered_map<std::string, Subscribers_> shard_channels_;
  std::map<std::string, Subscribers_, std::less<>> patterns_;
};

}  // namespace ringkv
