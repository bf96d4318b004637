// Connection commands: PING ECHO SELECT QUIT HELLO AUTH RESET.
#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/pubsub.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

void Ping(CommandContext& ctx) {
  if (ctx.argc() > 2) return ctx.reply.Error(errors::WrongArity("ping"));
  if (ctx.session.resp == 2 && ctx.session.in_pubsub()) {
    // Subscribed mode: a ["pong", message] array, as Redis.
    ctx.reply.Array(2);
    ctx.reply.Bulk("pong");
    return ctx.reply.Bulk(ctx.argc() == 2 ? ctx.arg(1) : std::string_view());
  }
  if (ctx.argc() == 2) return ctx.reply.Bulk(ctx.arg(1));
  ctx.reply.SimpleString("PONG");
}

void Echo(CommandContext& ctx) { ctx.reply.Bulk(ctx.arg(1)); }

void Select(CommandContext& ctx) {
  int64_t id;
  if (!ParseInt64(ctx.arg(1), &id) || id < INT32_MIN || id > INT32_MAX)
    return ctx.reply.Error(errors::kNotInteger);
  if (id < 0 || id >= ctx.engine.db_count()) return ctx.reply.Error(errors::kDbIndexOutOfRange);
  ctx.session.db = static_cast<int>(id);
  ctx.reply.Ok();
}

void Quit(CommandContext& ctx) {
  ctx.session.close_after_reply = true;
  ctx.reply.Ok();
}

// Checks a password for `user` (only the default user exists until ACLs land).
bool CheckPassword(const ServerConfig& config, std::string_view user, std::string_view pass) {
  if (user != "default") return false;
  if (config.requirepass.empty()) return true;  // the default user is "nopass"
  return pass == config.requirepass;
}

void Auth(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.reply.Error(errors::kSyntax);
  std::string_view user = "default";
  std::string_view pass = ctx.arg(1);
  if (ctx.argc() == 3) {
    user = ctx.arg(1);
    pass = ctx.arg(2);
  } else if (ctx.engine.config().requirepass.empty()) {
    return ctx.reply.Error(errors::kAuthNoPassword);
  }
  // A failed AUTH leaves the connection as it was, as Redis does.
  if (!CheckPassword(ctx.engine.config(), user, pass)) return ctx.reply.Error(errors::kWrongPass);
  ctx.session.authenticated = true;
  ctx.reply.Ok();
}

void WriteHelloMap(CommandContext& ctx) {
  ctx.reply.Map(7);
  ctx.reply.Bulk("server");
  ctx.reply.Bulk("redis");
  ctx.reply.Bulk("version");
  ctx.reply.Bulk(kRedisVersion);
  ctx.reply.Bulk("proto");
  ctx.reply.Integer(ctx.session.resp);
  ctx.reply.Bulk("id");
  ctx.reply.Integer(static_cast<int64_t>(ctx.session.id));
  ctx.reply.Bulk("mode");
  ctx.reply.Bulk("standalone");
  ctx.reply.Bulk("role");
  ctx.reply.Bulk("master");
  ctx.reply.Bulk("modules");
  ctx.reply.Array(0);
}

void Hello(CommandContext& ctx) {
  int64_t version = 0;
  if (ctx.argc() >= 2) {
    if (!ParseInt64(ctx.arg(1), &version))
      return ctx.reply.Error("ERR Protocol version is not an integer or out of range");
    if (version < 2 || version > 3) return ctx.reply.Error("NOPROTO unsupported protocol version");
  }
  std::string_view user, pass, name;
  bool has_auth = false, has_name = false;
  for (size_t j = 2; j < ctx.argc(); j++) {
    size_t more = ctx.argc() - 1 - j;
    if (EqualsIgnoreCase(ctx.arg(j), "AUTH") && more >= 2) {
      has_auth = true;
      user = ctx.arg(j + 1);
      pass = ctx.arg(j + 2);
      j += 2;
    } else if (EqualsIgnoreCase(ctx.arg(j), "SETNAME") && more >= 1) {
      has_name = true;
      name = ctx.arg(j + 1);
      j++;
    } else {
      return ctx.reply.Error("ERR Syntax error in HELLO option '" + std::string(ctx.arg(j)) + "'");
    }
  }
  if (has_auth) {
    if (!CheckPassword(ctx.engine.config(), user, pass)) return ctx.reply.Error(errors::kWrongPass);
    ctx.session.authenticated = true;
  }
  if (!ctx.session.authenticated) {
    return ctx.reply.Error(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
        "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the "
        "RESP protocol version at the same time");
  }
  if (has_name) {
    if (!IsValidClientName(name)) return ctx.reply.Error(errors::kInvalidClientName);
    ctx.session.name = std::string(name);
  }
  if (version != 0) ctx.session.resp = static_cast<int>(version);
  WriteHelloMap(ctx);
}

void Reset(CommandContext& ctx) {
  Session& s = ctx.session;
  ctx.engine.DiscardTransaction(s);
  s.db = 0;
  s.resp = 2;
  s.name.clear();
  s.reply_mode = ReplyMode::kOn;
  s.no_evict = false;
  s.authenticated = ctx.engine.config().requirepass.empty();
  ctx.engine.pubsub().RemoveSession(s);  // silently, as Redis
  ctx.reply.SimpleString("RESET");
}

constexpr uint64_t kConn = cmd::kCatConnection;

}  // namespace

void RegisterConnectionFamily(CommandRegistry& r) {
  r.Add({.name = "ping", .arity = -1, .flags = cmd::kFast | cmd::kSentinel,
         .acl = kConn | cmd::kCatFast, .handler = Ping,
         .summary = "Returns the server's liveliness response.", .since = "1.0.0",
         .group = "connection", .complexity = "O(1)"});
  r.Add({.name = "echo", .arity = 2, .flags = cmd::kFast, .acl = kConn | cmd::kCatFast,
         .handler = Echo, .summary = "Returns the given string.", .since = "1.0.0",
         .group = "connection", .complexity = "O(1)"});
  r.Add({.name = "select", .arity = 2, .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
         .acl = kConn | cmd::kCatFast, .handler = Select,
         .summary = "Changes the selected database.", .since = "1.0.0", .group = "connection",
         .complexity = "O(1)"});
  r.Add({.name = "quit", .arity = -1,
         .flags = cmd::kAllowBusy | cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast |
                  cmd::kNoAuth,
         .acl = kConn | cmd::kCatFast, .handler = Quit, .summary = "Closes the connection.",
         .since = "1.0.0", .group = "connection", .complexity = "O(1)"});
  r.Add({.name = "auth", .arity = -2,
         .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth |
                  cmd::kSentinel | cmd::kAllowBusy,
         .acl = kConn | cmd::kCatFast, .handler = Auth,
         .summary = "Authenticates the connection.", .since = "1.0.0", .group = "connection",
         .complexity = "O(N) where N is the number of passwords defined for the user"});
  r.Add({.name = "hello", .arity = -1,
         .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth |
                  cmd::kSentinel | cmd::kAllowBusy,
         .acl = kConn | cmd::kCatFast, .handler = Hello,
         .summary = "Handshakes with the Redis server.", .since = "6.0.0", .group = "connection",
         .complexity = "O(1)"});
  r.Add({.name = "reset", .arity = 1,
         .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth |
                  cmd::kAllowBusy,
         .acl = kConn | cmd::kCatFast, .handler = Reset, .summary = "Resets the connection.",
         .since = "6.2.0", .group = "connection", .complexity = "O(1)"});
}

}  // namespace ringkv
