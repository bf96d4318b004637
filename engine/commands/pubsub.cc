// The pub/sub family: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE SSUBSCRIBE SUNSUBSCRIBE
// PUBLISH SPUBLISH PUBSUB, with Redis 7.0's replies (pubsub.c). The subscriptions themselves
// live in engine/pubsub.h.
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/pubsub.h"

namespace ringkv {
namespace {

// What a (un)subscribe reply says for each kind: its name and the count it reports (channels and
// patterns together; shard channels on their own, as Redis).
struct KindInfo {
  PubSubKind kind;
  std::string_view subscribe, unsubscribe;
};
constexpr KindInfo kChannels{PubSubKind::kChannel, "subscribe", "unsubscribe"};
constexpr KindInfo kPatterns{PubSubKind::kPattern, "psubscribe", "punsubscribe"};
constexpr KindInfo kShards{PubSubKind::kShard, "ssubscribe", "sunsubscribe"};

int64_t CountFor(const Session& s, PubSubKind kind) {
  if (kind == PubSubKind::kShard) return static_cast<int64_t>(s.shard_channels.size());
  return static_cast<int64_t>(s.channels.size() + s.patterns.size());
}

// ["subscribe", channel, count] as a RESP3 push or a RESP2 array; a null channel when an
// argument-less unsubscribe found nothing to drop.
void Confirm(CommandContext& ctx, std::string_view what, const std::string* name, PubSubKind kind) {
  if (ctx.session.resp >= 3) ctx.reply.Push(3);
  else ctx.reply.Array(3);
  ctx.reply.Bulk(what);
  if (name != nullptr) ctx.reply.Bulk(*name);
  else ctx.reply.Null();
  ctx.reply.Integer(CountFor(ctx.session, kind));
}

void SubscribeGeneric(CommandContext& ctx, const KindInfo& k) {
  for (size_t j = 1; j < ctx.argc(); j++) {
    std::string name(ctx.arg(j));
    ctx.engine.pubsub().Subscribe(ctx.session, name, k.kind);
    Confirm(ctx, k.subscribe, &name, k.kind);
  }
}

void UnsubscribeGeneric(CommandContext& ctx, const KindInfo& k) {
  PubSub& ps = ctx.engine.pubsub();
  if (ctx.argc() > 1) {
    for (size_t j = 1; j < ctx.argc(); j++) {
      std::string name(ctx.arg(j));
      ps.Unsubscribe(ctx.session, name, k.kind);
      Confirm(ctx, k.unsubscribe, &name, k.kind);
    }
    return;
  }
  const auto& own = k.kind == PubSubKind::kChannel   ? ctx.session.channels
                    : k.kind == PubSubKind::kPattern ? ctx.session.patterns
                                                     : ctx.session.shard_channels;
  if (own.empty()) return Confirm(ctx, k.unsubscribe, nullptr, k.kind);
  std::vector<std::string> names(own.begin(), own.end());
  for (const std::string& name : names) {
    ps.Unsubscribe(ctx.session, name, k.kind);
    Confirm(ctx, k.unsubscribe, &name, k.kind);
  }
}

void Subscribe(CommandContext& ctx) { SubscribeGeneric(ctx, kChannels); }
void Unsubscribe(CommandContext& ctx) { UnsubscribeGeneric(ctx, kChannels); }
void PSubscribe(CommandContext& ctx) { SubscribeGeneric(ctx, kPatterns); }
void PUnsubscribe(CommandContext& ctx) { UnsubscribeGeneric(ctx, kPatterns); }
void SSubscribe(CommandContext& ctx) { SubscribeGeneric(ctx, kShards); }
void SUnsubscribe(CommandContext& ctx) { UnsubscribeGeneric(ctx, kShards); }

void Publish(CommandContext& ctx) {
  ctx.reply.Integer(ctx.engine.pubsub().Publish(ctx.arg(1), ctx.arg(2), false));
}
void SPublish(CommandContext& ctx) {
  ctx.reply.Integer(ctx.engine.pubsub().Publish(ctx.arg(1), ctx.arg(2), true));
}

void ChannelsGeneric(CommandContext& ctx, bool shard) {
  std::string_view pattern = ctx.argc() > 2 ? ctx.arg(2) : std::string_view();
  std::vector<std::string> names = ctx.engine.pubsub().ActiveChannels(pattern, shard);
  ctx.reply.Array(static_cast<int64_t>(names.size()));
  for (const std::string& n : names) ctx.reply.Bulk(n);
}

void NumSubGeneric(CommandContext& ctx, bool shard) {
  ctx.reply.Array(static_cast<int64_t>(2 * (ctx.argc() - 2)));  // an array in RESP3 too
  for (size_t j = 2; j < ctx.argc(); j++) {
    ctx.reply.Bulk(ctx.arg(j));
    ctx.reply.Integer(ctx.engine.pubsub().Subscribers(ctx.arg(j), shard));
  }
}

void PubsubChannels(CommandContext& ctx) { ChannelsGeneric(ctx, false); }
void PubsubShardChannels(CommandContext& ctx) { ChannelsGeneric(ctx, true); }
void PubsubNumSub(CommandContext& ctx) { NumSubGeneric(ctx, false); }
void PubsubShardNumSub(CommandContext& ctx) { NumSubGeneric(ctx, true); }
void PubsubNumPat(CommandContext& ctx) { ctx.reply.Integer(ctx.engine.pubsub().PatternCount()); }

void PubsubHelp(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: '*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
  };
  ReplyHelp(ctx.reply, "pubsub", kHelp);
}

}  // namespace

void RegisterPubSubFamily(CommandRegistry& r) {
  using namespace cmd;
  const uint64_t kSub = kPubsub | kNoscript | kLoading | kStale;
  const uint64_t kAcl = kCatPubsub | kCatSlow;
  FamilyRegistrar add(r, "pubsub");
  // clang-format off
  add("subscribe", -2, kSub, kAcl, 0, 0, 0, Subscribe,
      "Listen for messages published to the given channels", "2.0.0",
      "O(N) where N is the number of channels to subscribe to.");
  add("unsubscribe", -1, kSub, kAcl, 0, 0, 0, Unsubscribe,
      "Stop listening for messages posted to the given channels", "2.0.0",
      "O(N) where N is the number of clients already subscribed to a channel.");
  add("psubscribe", -2, kSub, kAcl, 0, 0, 0, PSubscribe,
      "Listen for messages published to channels matching the given patterns", "2.0.0",
      "O(N) where N is the number of patterns the client is already subscribed to.");
  add("punsubscribe", -1, kSub, kAcl, 0, 0, 0, PUnsubscribe,
      "Stop listening for messages posted to channels matching the given patterns", "2.0.0",
      "O(N+M) where N is the number of patterns the client is already subscribed and M is the "
      "number of total patterns subscribed in the system (by any client).");
  add("ssubscribe", -2, kSub, kAcl, 1, -1, 1, SSubscribe,
      "Listen for messages published to the given shard channels", "7.0.0",
      "O(N) where N is the number of shard channels to subscribe to.");
  add("sunsubscribe", -1, kSub, kAcl, 1, -1, 1, SUnsubscribe,
      "Stop listening for messages posted to the given shard channels", "7.0.0",
      "O(N) where N is the number of clients already subscribed to a shard channel.");
  add("publish", 3, kPubsub | kLoading | kStale | kFast, kCatPubsub | kCatFast, 0, 0, 0, Publish,
      "Post a message to a channel", "2.0.0",
      "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the "
      "total number of subscribed patterns (by any client).");
  add("spublish", 3, kPubsub | kLoading | kStale | kFast, kCatPubsub | kCatFast, 1, 1, 1, SPublish,
      "Post a message to a shard channel", "7.0.0",
      "O(N) where N is the number of clients subscribed to the receiving shard channel.");
  r.Add({.name = "pubsub", .arity = -2, .acl = kCatSlow,
         .summary = "A container for Pub/Sub commands", .since = "2.8.0", .group = "pubsub",
         .complexity = "Depends on subcommand."});
  auto sub = [&r](std::string_view name, int arity, CommandHandler handler, std::string_view summary,
                  std::string_view complexity) {
    r.AddSub("pubsub", {.name = std::string(name), .arity = arity,
                        .flags = kPubsub | kLoading | kStale, .acl = kCatPubsub | kCatSlow,
                        .handler = handler, .summary = summary, .since = "2.8.0",
                        .group = "pubsub", .complexity = complexity});
  };
  sub("channels", -2, PubsubChannels, "List active channels",
      "O(N) where N is the number of active channels, and assuming constant time pattern "
      "matching (relatively short channels and patterns)");
  sub("numsub", -2, PubsubNumSub, "Get the count of subscribers for channels",
      "O(N) for the NUMSUB subcommand, where N is the number of requested channels");
  sub("numpat", 2, PubsubNumPat, "Get the count of unique patterns pattern subscriptions", "O(1)");
  sub("shardchannels", -2, PubsubShardChannels, "List active shard channels",
      "O(N) where N is the number of active shard channels, and assuming constant time pattern "
      "matching (relatively short shard channels).");
  sub("shardnumsub", -2, PubsubShardNumSub, "Get the count of subscribers for shard channels",
      "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels");
  r.AddSub("pubsub", {.name = "help", .arity = 2, .flags = kLoading | kStale, .acl = kCatSlow,
                      .handler = PubsubHelp, .summary = "Show helpful text about the different "
                      "subcommands", .since = "6.2.0", .group = "pubsub", .complexity = "O(1)"});
  // clang-format on
}

}  // namespace ringkv
