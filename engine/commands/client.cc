// CLIENT: ID SETNAME GETNAME SETINFO LIST INFO KILL NO-EVICT REPLY HELP.
//
// CLIENT KILL cannot close connections itself: it marks the victims (Session::kill_now and
// Engine::RequestKill) and the caller, when it kills itself, with close_after_reply; the
// frontend acts on both after the reply is queued. CLIENT REPLY OFF/SKIP sets
// Session::reply_mode, which Engine::Execute applies by dropping replies.
#include <cstdlib>
#include <string>

#include "engine/blocking.h"
#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/clock.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

// Client types of CLIENT LIST TYPE / CLIENT KILL TYPE. Every session is a normal client until
// replication and pub/sub add the other kinds.
enum class ClientType { kNormal, kReplica, kPubsub, kMaster, kInvalid };

ClientType ParseClientType(std::string_view s) {
  if (EqualsIgnoreCase(s, "normal")) return ClientType::kNormal;
  if (EqualsIgnoreCase(s, "slave") || EqualsIgnoreCase(s, "replica")) return ClientType::kReplica;
  if (EqualsIgnoreCase(s, "pubsub")) return ClientType::kPubsub;
  if (EqualsIgnoreCase(s, "master")) return ClientType::kMaster;
  return ClientType::kInvalid;
}

ClientType TypeOf(const Session&) { return ClientType::kNormal; }

// One line of CLIENT LIST / CLIENT INFO, fields as Redis 7.0 (catClientInfoString), plus the
// lib-name and lib-ver of Redis 7.2 since CLIENT SETINFO is supported.
std::string ClientInfoLine(const Session& s, int64_t now_ms) {
  std::string flags;
  if (s.kill_now) flags += 'A';
  if (s.in_multi) flags += 'x';
  if (s.blocked) flags += 'b';
  if (s.watch_dirty) flags += 'd';
  if (s.close_after_reply) flags += 'c';
  if (s.is_unix) flags += 'U';
  if (s.no_evict) flags += 'e';
  if (flags.empty()) flags.push_back('N');
  size_t tot_mem = s.query_buffer + s.query_buffer_free + s.output_bytes + sizeof(Session);
  std::string out;
  out.reserve(320);
  auto field = [&out](std::string_view name, std::string_view value) {
    if (!out.empty()) out.push_back(' ');
    out.append(name);
    out.push_back('=');
    out.append(value);
  };
  auto num = [&field](std::string_view name, int64_t v) { field(name, Int64ToString(v)); };
  num("id", static_cast<int64_t>(s.id));
  field("addr", s.addr);
  field("laddr", s.laddr);
  num("fd", s.fd);
  field("name", s.name);
  num("age", (now_ms - s.created_ms) / 1000);
  num("idle", (now_ms - s.last_interaction_ms) / 1000);
  field("flags", flags);
  num("db", s.db);
  num("sub", 0);
  num("psub", 0);
  num("ssub", 0);
  num("multi", s.in_multi ? static_cast<int64_t>(s.queued.size()) : -1);
  num("qbuf", static_cast<int64_t>(s.query_buffer));
  num("qbuf-free", static_cast<int64_t>(s.query_buffer_free));
  num("argv-mem", 0);
  num("multi-mem", static_cast<int64_t>(s.queued_bytes));
  num("rbs", 0);
  num("rbp", 0);
  num("obl", 0);
  num("oll", 0);
  num("omem", static_cast<int64_t>(s.output_bytes));
  num("tot-mem", static_cast<int64_t>(tot_mem));
  field("events", "r");
  field("cmd", s.last_command);
  field("user", "default");
  num("redir", -1);
  num("resp", s.resp);
  field("lib-name", s.lib_name);
  field("lib-ver", s.lib_ver);
  return out;
}

void Id(CommandContext& ctx) { ctx.reply.Integer(static_cast<int64_t>(ctx.session.id)); }

void SetName(CommandContext& ctx) {
  std::string_view name = ctx.arg(2);
  if (!IsValidClientName(name)) return ctx.reply.Error(errors::kInvalidClientName);
  ctx.session.name = std::string(name);
  ctx.reply.Ok();
}

void GetName(CommandContext& ctx) {
  if (ctx.session.name.empty()) return ctx.reply.Null();
  ctx.reply.Bulk(ctx.session.name);
}

// CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2).
void SetInfo(CommandContext& ctx) {
  std::string_view attr = ctx.arg(2);
  std::string* dest;
  if (EqualsIgnoreCase(attr, "lib-name")) dest = &ctx.session.lib_name;
  else if (EqualsIgnoreCase(attr, "lib-ver")) dest = &ctx.session.lib_ver;
  else return ctx.reply.Error("ERR Unrecognized option '" + std::string(attr) + "'");
  if (!IsValidClientName(ctx.arg(3))) {
    return ctx.reply.Error("ERR " + std::string(attr) +
                           " cannot contain spaces, newlines or special characters.");
  }
  *dest = std::string(ctx.arg(3));
  ctx.reply.Ok();
}

void List(CommandContext& ctx) {
  int64_t now = WallClockMs();
  std::string out;
  if (ctx.argc() == 4 && EqualsIgnoreCase(ctx.arg(2), "type")) {
    ClientType type = ParseClientType(ctx.arg(3));
    if (type == ClientType::kInvalid)
      return ctx.reply.Error("ERR Unknown client type '" + std::string(ctx.arg(3)) + "'");
    for (const auto& [id, s] : ctx.engine.sessions()) {
      if (TypeOf(*s) != type) continue;
      out += ClientInfoLine(*s, now);
      out.push_back('\n');
    }
  } else if (ctx.argc() > 3 && EqualsIgnoreCase(ctx.arg(2), "id")) {
    for (size_t j = 3; j < ctx.argc(); j++) {
      int64_t id;
      if (!ParseInt64(ctx.arg(j), &id)) return ctx.reply.Error("ERR Invalid client ID");
      auto it = ctx.engine.sessions().find(static_cast<uint64_t>(id));
      if (id <= 0 || it == ctx.engine.sessions().end()) continue;
      out += ClientInfoLine(*it->second, now);
      out.push_back('\n');
    }
  } else if (ctx.argc() != 2) {
    return ctx.reply.Error(errors::kSyntax);
  } else {
    for (const auto& [id, s] : ctx.engine.sessions()) {
      out += ClientInfoLine(*s, now);
      out.push_back('\n');
    }
  }
  ctx.reply.Verbatim(out);
}

void Info(CommandContext& ctx) {
  ctx.reply.Verbatim(ClientInfoLine(ctx.session, WallClockMs()) + "\n");
}

// CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [ADDR a] [LADDR a] [USER u] [SKIPME y/n]
void Kill(CommandContext& ctx) {
  std::string_view addr, laddr;
  bool has_addr = false, has_laddr = false, has_user = false;
  ClientType type = ClientType::kInvalid;
  bool has_type = false;
  uint64_t id = 0;
  bool skipme = true;
  bool old_form = ctx.argc() == 3;
  if (old_form) {
    addr = ctx.arg(2);
    has_addr = true;
    skipme = false;  // the old form may kill the caller itself
  } else {
    for (size_t i = 2; i < ctx.argc(); i += 2) {
      std::string_view opt = ctx.arg(i);
      if (i + 1 >= ctx.argc()) return ctx.reply.Error(errors::kSyntax);
      std::string_view val = ctx.arg(i + 1);
      if (EqualsIgnoreCase(opt, "id")) {
        int64_t v;
        if (!ParseInt64(val, &v) || v < 1)
          return ctx.reply.Error("ERR client-id should be greater than 0");
        id = static_cast<uint64_t>(v);
      } else if (EqualsIgnoreCase(opt, "type")) {
        type = ParseClientType(val);
        if (type == ClientType::kInvalid)
          return ctx.reply.Error("ERR Unknown client type '" + std::string(val) + "'");
        has_type = true;
      } else if (EqualsIgnoreCase(opt, "addr")) {
        addr = val;
        has_addr = true;
      } else if (EqualsIgnoreCase(opt, "laddr")) {
        laddr = val;
        has_laddr = true;
      } else if (EqualsIgnoreCase(opt, "user")) {
        // Only the default user exists until ACLs land.
        if (val != "default") return ctx.reply.Error("ERR No such user '" + std::string(val) + "'");
        has_user = true;
      } else if (EqualsIgnoreCase(opt, "skipme")) {
        if (EqualsIgnoreCase(val, "yes")) skipme = true;
        else if (EqualsIgnoreCase(val, "no")) skipme = false;
        else return ctx.reply.Error(errors::kSyntax);
      } else {
        return ctx.reply.Error(errors::kSyntax);
      }
    }
  }
  (void)has_user;  // every session is the default user's
  int64_t killed = 0;
  for (const auto& [sid, s] : ctx.engine.sessions()) {
    if (has_addr && s->addr != addr) continue;
    if (has_laddr && s->laddr != laddr) continue;
    if (has_type && TypeOf(*s) != type) continue;
    if (id != 0 && s->id != id) continue;
    bool self = s.get() == &ctx.session;
    if (self && skipme) continue;
    if (self) {
      s->close_after_reply = true;
    } else if (!s->kill_now) {
      s->kill_now = true;
      ctx.engine.RequestKill(s->id);
    }
    killed++;
  }
  if (old_form) {
    if (killed == 0) return ctx.reply.Error("ERR No such client");
    return ctx.reply.Ok();
  }
  ctx.reply.Integer(killed);
}

void NoEvict(CommandContext& ctx) {
  if (EqualsIgnoreCase(ctx.arg(2), "on")) ctx.session.no_evict = true;
  else if (EqualsIgnoreCase(ctx.arg(2), "off")) ctx.session.no_evict = false;
  else return ctx.reply.Error(errors::kSyntax);
  ctx.reply.Ok();
}

// CLIENT REPLY ON|OFF|SKIP. OFF and SKIP are not answered (their own reply is already muted).
void Reply(CommandContext& ctx) {
  std::string_view mode = ctx.arg(2);
  if (EqualsIgnoreCase(mode, "on")) {
    ctx.session.reply_mode = ReplyMode::kOn;
    ctx.reply.Ok();
  } else if (EqualsIgnoreCase(mode, "off")) {
    ctx.session.reply_mode = ReplyMode::kOff;
  } else if (EqualsIgnoreCase(mode, "skip")) {
    if (ctx.session.reply_mode != ReplyMode::kOff) ctx.session.reply_mode = ReplyMode::kSkipNext;
  } else {
    ctx.reply.Error(errors::kSyntax);
  }
}

void Help(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "INFO",
      "    Return information about the current client connection.",
      "KILL <ip:port>",
      "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are:",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made from the specified address",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made to specified local address",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Kill connections by type.",
      "    * USER <username>",
      "      Kill connections authenticated by <username>.",
      "    * SKIPME (YES|NO)",
      "      Skip killing current connection (default: yes).",
      "LIST [options ...]",
      "    Return information about client connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Return clients of specified type.",
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to the current connection.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "SETINFO <option> <value>",
      "    Set client meta attr. Options are:",
      "    * LIB-NAME: the client lib name.",
      "    * LIB-VER: the client lib version.",
      "NO-EVICT (ON|OFF)",
      "    Protect current client connection from eviction.",
  };
  ReplyHelp(ctx.reply, "client", kHelp);
}

// CLIENT UNBLOCK id [TIMEOUT|ERROR]: answers a blocked client as on a timeout, or with an error.
void Unblock(CommandContext& ctx) {
  if (ctx.argc() > 4) return ctx.reply.Error(errors::kSyntax);
  bool with_error = false;
  if (ctx.argc() == 4) {
    if (EqualsIgnoreCase(ctx.arg(3), "error")) with_error = true;
    else if (!EqualsIgnoreCase(ctx.arg(3), "timeout"))
      return ctx.reply.Error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
  }
  int64_t id;
  if (!ParseInt64(ctx.arg(2), &id)) return ctx.reply.Error(errors::kNotInteger);
  ctx.reply.Integer(ctx.engine.blocking().Unblock(static_cast<uint64_t>(id), with_error) ? 1 : 0);
}

constexpr uint64_t kConnFlags = cmd::kNoscript | cmd::kLoading | cmd::kStale;
constexpr uint64_t kConnAcl = cmd::kCatSlow | cmd::kCatConnection;
constexpr uint64_t kAdminFlags = cmd::kAdmin | kConnFlags;
constexpr uint64_t kAdminAcl =
    cmd::kCatAdmin | cmd::kCatSlow | cmd::kCatDangerous | cmd::kCatConnection;

}  // namespace

void RegisterClientCommand(CommandRegistry& r) {
  r.Add({.name = "client", .arity = -2, .acl = cmd::kCatSlow,
         .summary = "A container for client connection commands", .since = "2.4.0",
         .group = "connection", .complexity = "Depends on subcommand."});
  r.AddSub("client", {.name = "id", .arity = 2, .flags = kConnFlags, .acl = kConnAcl,
                      .handler = Id, .summary = "Returns the client ID for the current connection",
                      .since = "5.0.0", .group = "connection", .complexity = "O(1)"});
  r.AddSub("client", {.name = "setname", .arity = 3, .flags = kConnFlags, .acl = kConnAcl,
                      .handler = SetName, .summary = "Set the current connection name",
                      .since = "2.6.9", .group = "connection", .complexity = "O(1)"});
  r.AddSub("client", {.name = "getname", .arity = 2, .flags = kConnFlags, .acl = kConnAcl,
                      .handler = GetName, .summary = "Get the current connection name",
                      .since = "2.6.9", .group = "connection", .complexity = "O(1)"});
  r.AddSub("client", {.name = "setinfo", .arity = 4, .flags = kConnFlags, .acl = kConnAcl,
                      .handler = SetInfo, .summary = "Set client or connection specific info",
                      .since = "7.2.0", .group = "connection", .complexity = "O(1)",
                      .tips = "request_policy:all_nodes response_policy:all_succeeded"});
  r.AddSub("client", {.name = "list", .arity = -2, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = List, .summary = "Get the list of client connections",
                      .since = "2.4.0", .group = "connection",
                      .complexity = "O(N) where N is the number of client connections",
                      .tips = "nondeterministic_output"});
  r.AddSub("client", {.name = "info", .arity = 2, .flags = kConnFlags, .acl = kConnAcl,
                      .handler = Info,
                      .summary = "Returns information about the current client connection.",
                      .since = "6.2.0", .group = "connection", .complexity = "O(1)",
                      .tips = "nondeterministic_output"});
  r.AddSub("client", {.name = "kill", .arity = -3, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = Kill, .summary = "Kill the connection of a client",
                      .since = "2.4.0", .group = "connection",
                      .complexity = "O(N) where N is the number of client connections"});
  r.AddSub("client", {.name = "no-evict", .arity = 3, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = NoEvict,
                      .summary = "Set client eviction mode for the current connection",
                      .since = "7.0.0", .group = "connection", .complexity = "O(1)"});
  r.AddSub("client", {.name = "reply", .arity = 3, .flags = kConnFlags, .acl = kConnAcl,
                      .handler = Reply,
                      .summary = "Instruct the server whether to reply to commands",
                      .since = "3.2.0", .group = "connection", .complexity = "O(1)"});
  r.AddSub("client", {.name = "unblock", .arity = -3, .flags = kAdminFlags, .acl = kAdminAcl,
                      .handler = Unblock,
                      .summary = "Unblock a client blocked in a blocking command from a different "
                                 "connection",
                      .since = "5.0.0", .group = "connection",
                      .complexity = "O(log N) where N is the number of client connections"});
  r.AddSub("client", {.name = "help", .arity = 2, .flags = cmd::kLoading | cmd::kStale,
                      .acl = kConnAcl, .handler = Help,
                      .summary = "Show helpful text about the different subcommands",
                      .since = "5.0.0", .group = "connection", .complexity = "O(1)"});
}

}  // namespace ringkv
