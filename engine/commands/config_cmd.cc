// CONFIG GET / SET / RESETSTAT / REWRITE / HELP, all through the config table.
#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

void ConfigGet(CommandContext& ctx) {
  std::vector<std::string_view> patterns(ctx.args.begin() + 2, ctx.args.end());
  auto pairs = config::ConfigGet(ctx.engine.config(), patterns);
  ctx.reply.Map(static_cast<int64_t>(pairs.size()));
  for (const auto& [name, value] : pairs) {
    ctx.reply.Bulk(name);
    ctx.reply.Bulk(value);
  }
}

void ConfigSet(CommandContext& ctx) {
  const ServerConfig& c = ctx.engine.config();
  bool local = ctx.session.is_loopback || ctx.session.is_unix;
  bool allow_protected = c.enable_protected_configs == "yes" ||
                         (c.enable_protected_configs == "local" && local);
  std::string err = config::ConfigSet(ctx.engine.config(), ctx.args.subspan(2), allow_protected);
  if (!err.empty()) return ctx.reply.Error(err);
  ctx.reply.Ok();
}

// Resets what INFO counts (Redis's resetServerStats, resetCommandTableStats and the error table).
// Gauges and the count of changes since the last save are left alone.
void ResetStats(Engine& engine) {
  EngineStats& s = engine.stats();
  s.total_commands_processed = 0;
  s.total_connections_received = 0;
  s.rejected_connections = 0;
  s.expired_keys = 0;
  s.evicted_keys = 0;
  s.keyspace_hits = 0;
  s.keyspace_misses = 0;
  s.total_error_replies = 0;
  s.unexpected_error_replies = 0;
  s.total_net_input_bytes = 0;
  s.total_net_output_bytes = 0;
  s.total_reads_processed = 0;
  s.total_writes_processed = 0;
  s.error_counts.clear();
  s.last_sample_commands = 0;
  s.last_sample_in = 0;
  s.last_sample_out = 0;
  s.ops_per_sec = s.input_kbps = s.output_kbps = 0;
  s.used_memory_peak = engine.arena().UsedBytes();
  auto reset = [](const CommandSpec& spec) {
    spec.calls = spec.usec = spec.rejected_calls = spec.failed_calls = 0;
  };
  for (const auto& [name, spec] : engine.commands().all()) {
    reset(*spec);
    for (const auto& [sub_name, sub] : spec->subcommands) reset(*sub);
  }
}

void ConfigResetStat(CommandContext& ctx) {
  ResetStats(ctx.engine);
  ctx.reply.Ok();
}

void ConfigRewrite(CommandContext& ctx) {
  std::string err = config::ConfigRewrite(ctx.engine.config());
  if (!err.empty()) return ctx.reply.Error(err);
  ctx.reply.Ok();
}

void ConfigHelp(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
      "REWRITE",
      "    Rewrite the configuration file.",
  };
  ReplyHelp(ctx.reply, "config", kHelp);
}

constexpr uint64_t kAdminFlags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale;
constexpr uint64_t kAdminAcl = cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous;

}  // namespace

void RegisterConfigCommand(CommandRegistry& r) {
  r.Add({.name = "config", .arity = -2, .acl = cmd::kCatSlow,
         .summary = "A container for server configuration commands", .since = "2.0.0",
         .group = "server", .complexity = "Depends on subcommand."});
  r.AddSub("config", {.name = "get", .arity = -3, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = ConfigGet,
                      .summary = "Get the values of configuration parameters", .since = "2.0.0",
                      .group = "server",
                      .complexity = "O(N) when N is the number of configuration parameters provided"});
  r.AddSub("config", {.name = "set", .arity = -4, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = ConfigSet,
                      .summary = "Set configuration parameters to the given values",
                      .since = "2.0.0", .group = "server",
                      .complexity = "O(N) when N is the number of configuration parameters provided",
                      .tips = "request_policy:all_nodes response_policy:all_succeeded"});
  r.AddSub("config", {.name = "resetstat", .arity = 2, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = ConfigResetStat, .summary = "Reset the stats returned by INFO",
                      .since = "2.0.0", .group = "server", .complexity = "O(1)"});
  r.AddSub("config", {.name = "rewrite", .arity = 2, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = ConfigRewrite,
                      .summary = "Rewrite the configuration file with the in memory configuration",
                      .since = "2.8.0", .group = "server", .complexity = "O(1)"});
  r.AddSub("config", {.name = "help", .arity = 2, .flags = cmd::kLoading | cmd::kStale,
                      .acl = cmd::kCatSlow, .handler = ConfigHelp,
                      .summary = "Show helpful text about the different subcommands",
                      .since = "5.0.0", .group = "server", .complexity = "O(1)"});
}

}  // namespace ringkv
