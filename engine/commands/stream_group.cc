// Consumer group commands: XGROUP (CREATE SETID DESTROY CREATECONSUMER DELCONSUMER HELP), XACK,
// XPENDING, XCLAIM, XAUTOCLAIM and XINFO (STREAM [FULL], GROUPS, CONSUMERS, HELP) — Redis 7.0's
// t_stream.c replies and errors; XCLAIM/XAUTOCLAIM propagate their effects as XCLAIM ... FORCE
// JUSTID LASTID (and XGROUP SETID), never themselves.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/commands/stream_common.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"

namespace ringkv {
namespace {

void Notify(CommandContext& ctx, std::string_view event, std::string_view key) {
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyStream, event, ctx.session.db, key);
}

bool Int64OrReply(CommandContext& ctx, std::string_view arg, int64_t* out,
                  std::string_view msg = errors::kNotInteger) {
  if (ParseInt64(arg, out)) return true;
  ctx.reply.Error(msg);
  return false;
}

std::string NoGroupKey(std::string_view key, std::string_view group) {
  return "NOGROUP No such key '" + std::string(key) + "' or consumer group '" + std::string(group) +
         "'";
}

// Redis's addReplySubcommandSyntaxError.
void SubcommandSyntaxError(CommandContext& ctx) {
  std::string cmd(ctx.arg(0));
  for (char& ch : cmd) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  ctx.reply.Error("ERR unknown subcommand or wrong number of arguments for '" +
                  std::string(CStr(ctx.arg(1)).substr(0, 128)) + "'. Try " + cmd + " HELP.");
}

// ---- XGROUP -----------------------------------------------------------------------------------

void XGroupHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "CREATE <key> <groupname> <id|$> [option]",
      "    Create a new consumer group. Options are:",
      "    * MKSTREAM",
      "      Create the empty stream if it does not exist.",
      "    * ENTRIESREAD entries_read",
      "      Set the group's entries_read counter (internal use).",
      "CREATECONSUMER <key> <groupname> <consumer>",
      "    Create a new consumer in the specified group.",
      "DELCONSUMER <key> <groupname> <consumer>",
      "    Remove the specified consumer.",
      "DESTROY <key> <groupname>",
      "    Remove the specified group.",
      "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
      "    Set the current group ID and entries_read counter.",
  };
  ReplyHelp(ctx.reply, "XGROUP", kLines);
}

void XGroup(CommandContext& ctx) {
  std::string_view opt = ctx.arg(1);
  const size_t argc = ctx.argc();
  bool mkstream = false;
  int64_t entries_read = kInvalidEntriesRead;
  bool create = IsOpt(opt, "create"), setid = IsOpt(opt, "setid");
  if (create || setid) {
    for (size_t i = 5; i < argc;) {
      if (create && IsOpt(ctx.arg(i), "mkstream")) {
        mkstream = true;
        i++;
      } else if (IsOpt(ctx.arg(i), "entriesread") && i + 1 < argc) {
        if (!Int64OrReply(ctx, ctx.arg(i + 1), &entries_read)) return;
        if (entries_read < 0 && entries_read != kInvalidEntriesRead) {
          return ctx.reply.Error("ERR value for ENTRIESREAD must be positive or -1");
        }
        i += 2;
      } else {
        return SubcommandSyntaxError(ctx);
      }
    }
  }
  std::string_view key = ctx.arg(2), grpname = ctx.arg(3);
  KeyEntry* e = StreamWrite(ctx, key);
  if (!CheckStream(ctx, e)) return;
  Stream* s = e != nullptr ? StreamOf(e) : nullptr;
  if (!mkstream && s == nullptr) {
    return ctx.reply.Error(
        "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
        "to use the MKSTREAM option to create an empty stream automatically.");
  }
  StreamCG* cg = s != nullptr ? StreamType::FindGroup(s, grpname) : nullptr;
  bool needs_group = setid || IsOpt(opt, "createconsumer") || IsOpt(opt, "delconsumer");
  if (cg == nullptr && needs_group) {
    return ctx.reply.Error("NOGROUP No such consumer group '" + std::string(grpname) +
                           "' for key name '" + std::string(key) + "'");
  }
  Arena& arena = ctx.arena();
  if (create && argc >= 5 && argc <= 8) {
    StreamID id;
    if (CStr(ctx.arg(4)) == "$") {
      id = s != nullptr ? s->last_id : StreamID{};
    } else if (!StreamIdOrReply(ctx, ctx.arg(4), &id, 0, true)) {
      return;
    }
    if (s == nullptr) {
      e = ctx.db().Add(key, StreamType::Create(arena), ctx.engine.LruClock());
      s = StreamOf(e);
    }
    if (StreamType::CreateGroup(arena, s, grpname, id, entries_read) == nullptr) {
      return ctx.reply.Error("BUSYGROUP Consumer Group name already exists");
    }
    ctx.reply.Ok();
    ctx.MarkDirty();
    Notify(ctx, "xgroup-create", key);
  } else if (setid && (argc == 5 || argc == 7)) {
    StreamID id;
    if (CStr(ctx.arg(4)) == "$") {
      id = s->last_id;
    } else if (!StreamIdOrReply(ctx, ctx.arg(4), &id, 0, false)) {
      return;
    }
    StreamType::SetGroupPos(arena, cg, id, entries_read);
    ctx.reply.Ok();
    ctx.MarkDirty();
    Notify(ctx, "xgroup-setid", key);
  } else if (IsOpt(opt, "destroy") && argc == 4) {
    if (cg == nullptr) return ctx.reply.Integer(0);
    StreamType::DestroyGroup(arena, s, grpname);
    ctx.reply.Integer(1);
    ctx.MarkDirty();
    Notify(ctx, "xgroup-destroy", key);
    ctx.engine.SignalKeyReady(ctx.session.db, key);  // blocked XREADGROUPs answer NOGROUP
  } else if (IsOpt(opt, "createconsumer") && argc == 5) {
    bool created = StreamType::CreateConsumer(arena, cg, ctx.arg(4), ctx.now_ms) != nullptr;
    if (created) {
      ctx.MarkDirty();
      Notify(ctx, "xgroup-createconsumer", key);
    }
    ctx.reply.Integer(created ? 1 : 0);
  } else if (IsOpt(opt, "delconsumer") && argc == 5) {
    bool exists = StreamType::FindConsumer(cg, ctx.arg(4)) != nullptr;
    uint64_t pending = StreamType::DeleteConsumer(arena, cg, ctx.arg(4));
    ctx.reply.Integer(static_cast<int64_t>(pending));
    if (exists) {
      ctx.MarkDirty();
      Notify(ctx, "xgroup-delconsumer", key);
    }
  } else {
    SubcommandSyntaxError(ctx);
  }
}

// ---- XACK / XPENDING --------------------------------------------------------------------------

void XAck(CommandContext& ctx) {
  KeyEntry* e = StreamReadForChange(ctx, ctx.arg(1));
  if (!CheckStream(ctx, e)) return;
  StreamCG* g = e != nullptr ? StreamType::FindGroup(StreamOf(e), ctx.arg(2)) : nullptr;
  if (g == nullptr) return ctx.reply.Integer(0);
  std::vector<StreamID> ids(ctx.argc() - 3);
  for (size_t j = 3; j < ctx.argc(); j++) {
    if (!StreamIdOrReply(ctx, ctx.arg(j), &ids[j - 3], 0, true)) return;
  }
  int64_t acked = 0;
  for (const StreamID& id : ids) {
    if (StreamType::FindNack(g, id) == nullptr) continue;
    StreamType::RemoveNack(ctx.arena(), g, id);
    acked++;
  }
  ctx.MarkDirty(static_cast<uint64_t>(acked));
  ctx.reply.Integer(acked);
}

bool IntervalOrReply(CommandContext& ctx, std::string_view arg, StreamID* id, bool start) {
  bool ex = arg.size() > 1 && arg[0] == '(';
  uint64_t missing = start ? 0 : UINT64_MAX;
  if (!StreamIdOrReply(ctx, ex ? arg.substr(1) : arg, id, missing, ex)) return false;
  if (ex && !(start ? id->Incr() : id->Decr())) {
    ctx.reply.Error(start ? "ERR invalid start ID for the interval"
                          : "ERR invalid end ID for the interval");
    return false;
  }
  return true;
}

void XPending(CommandContext& ctx) {
  const size_t argc = ctx.argc();
  bool justinfo = argc == 3;
  if (argc != 3 && (argc < 6 || argc > 9)) return ctx.reply.Error(errors::kSyntax);
  StreamID start, end;
  int64_t count = 0, minidle = 0;
  std::string_view consumername;
  bool has_consumer = false;
  if (argc >= 6) {
    size_t startidx = 3;
    if (IsOpt(ctx.arg(3), "idle")) {
      if (!Int64OrReply(ctx, ctx.arg(4), &minidle)) return;
      if (argc < 8) return ctx.reply.Error(errors::kSyntax);
      startidx += 2;
    }
    if (!Int64OrReply(ctx, ctx.arg(startidx + 2), &count)) return;
    if (count < 0) count = 0;
    if (!IntervalOrReply(ctx, ctx.arg(startidx), &start, true)) return;
    if (!IntervalOrReply(ctx, ctx.arg(startidx + 1), &end, false)) return;
    if (startidx + 3 < argc) {
      consumername = ctx.arg(startidx + 3);
      has_consumer = true;
    }
  }
  KeyEntry* e = StreamRead(ctx, ctx.arg(1));
  if (!CheckStream(ctx, e)) return;
  StreamCG* g = e != nullptr ? StreamType::FindGroup(StreamOf(e), ctx.arg(2)) : nullptr;
  if (g == nullptr) return ctx.reply.Error(NoGroupKey(ctx.arg(1), ctx.arg(2)));
  if (justinfo) {
    ctx.reply.Array(4);
    ctx.reply.Integer(g->pel.size);
    if (g->pel.size == 0) {
      ctx.reply.Null();
      ctx.reply.Null();
      ctx.reply.NullArray();
      return;
    }
    ReplyStreamId(ctx.reply, g->pel[0].id);
    ReplyStreamId(ctx.reply, g->pel[g->pel.size - 1].id);
    int64_t n = 0;
    for (const StreamConsumer* c : g->consumers) n += c->pel.size > 0;
    ctx.reply.Array(n);
    for (const StreamConsumer* c : g->consumers) {
      if (c->pel.size == 0) continue;
      ctx.reply.Array(2);
      ctx.reply.Bulk(c->name());
      ctx.reply.Bulk(std::to_string(c->pel.size));
    }
    return;
  }
  const StreamConsumer* consumer = nullptr;
  if (has_consumer) {
    consumer = StreamType::FindConsumer(g, consumername);
    if (consumer == nullptr) return ctx.reply.Array(0);
  }
  std::vector<const StreamNack*> out;
  auto consider = [&](const StreamNack* n) {
    if (minidle && ctx.now_ms - n->delivery_time < minidle) return;
    out.push_back(n);
  };
  if (consumer != nullptr) {
    for (const StreamID& id : consumer->pel) {
      if (static_cast<int64_t>(out.size()) >= count || id > end) break;
      if (id >= start) consider(StreamType::FindNack(g, id));
    }
  } else {
    for (const StreamNack& n : g->pel) {
      if (static_cast<int64_t>(out.size()) >= count || n.id > end) break;
      if (n.id >= start) consider(&n);
    }
  }
  ctx.reply.Array(static_cast<int64_t>(out.size()));
  for (const StreamNack* n : out) {
    ctx.reply.Array(4);
    ReplyStreamId(ctx.reply, n->id);
    ctx.reply.Bulk(n->consumer->name());
    int64_t elapsed = ctx.now_ms - n->delivery_time;
    ctx.reply.Integer(elapsed < 0 ? 0 : elapsed);
    ctx.reply.Integer(static_cast<int64_t>(n->delivery_count));
  }
}

// ---- XCLAIM / XAUTOCLAIM ----------------------------------------------------------------------

StreamConsumer* ConsumerFor(CommandContext& ctx, StreamCG* g, std::string_view key,
                            std::string_view group, std::string_view name) {
  StreamConsumer* c = StreamType::FindConsumer(g, name);
  if (c == nullptr) {
    c = StreamType::CreateConsumer(ctx.arena(), g, name, ctx.now_ms);
    PropagateConsumerCreation(ctx, key, group, name);
    Notify(ctx, "xgroup-createconsumer", key);
    ctx.MarkDirty();
  } else {
    StreamType::SetSeen(ctx.arena(), c, ctx.now_ms);
  }
  return c;
}

// Drops the NACK of an entry that no longer exists, propagating the removal as Redis does.
void DropDeletedNack(CommandContext& ctx, std::string_view key, std::string_view group, StreamCG* g,
                     StreamNack* n) {
  PropagateXClaim(ctx, key, group, g, *n);
  ctx.MarkDirty();
  StreamType::RemoveNack(ctx.arena(), g, n->id);
}

// XCLAIM's and XAUTOCLAIM's list of claimed entries: IDs only with JUSTID, else the entries.
void ReplyClaimed(CommandContext& ctx, const Stream* s, const std::vector<StreamID>& claimed,
                  bool justid) {
  ctx.reply.Array(static_cast<int64_t>(claimed.size()));
  for (const StreamID& id : claimed) {
    if (justid) {
      ReplyStreamId(ctx.reply, id);
    } else {
      StreamEntry entry;
      StreamLookupEntry(s, id, &entry);
      ReplyStreamEntry(ctx.reply, entry);
    }
  }
}

void XClaim(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), group = ctx.arg(2), name = ctx.arg(3);
  KeyEntry* e = StreamReadForChange(ctx, key);
  if (!CheckStream(ctx, e)) return;
  StreamCG* g = e != nullptr ? StreamType::FindGroup(StreamOf(e), group) : nullptr;
  if (g == nullptr) return ctx.reply.Error(NoGroupKey(key, group));
  Stream* s = StreamOf(e);
  int64_t minidle = 0;
  if (!Int64OrReply(ctx, ctx.arg(4), &minidle, "ERR Invalid min-idle-time argument for XCLAIM"))
    return;
  if (minidle < 0) minidle = 0;
  size_t j = 5;
  std::vector<StreamID> ids;
  for (; j < ctx.argc(); j++) {
    StreamID id;
    if (!ParseStreamId(ctx.arg(j), &id, 0, true, nullptr)) break;
    ids.push_back(id);
  }
  const int64_t now = ctx.now_ms;
  int64_t retrycount = -1, deliverytime = -1;
  bool force = false, justid = false, propagate_last_id = false;
  StreamID last_id;
  for (; j < ctx.argc(); j++) {
    std::string_view opt = ctx.arg(j);
    bool more = j + 1 < ctx.argc();
    if (IsOpt(opt, "force")) {
      force = true;
    } else if (IsOpt(opt, "justid")) {
      justid = true;
    } else if (IsOpt(opt, "idle") && more) {
      if (!Int64OrReply(ctx, ctx.arg(++j), &deliverytime,
                        "ERR Invalid IDLE option argument for XCLAIM"))
        return;
      deliverytime = now - deliverytime;
    } else if (IsOpt(opt, "time") && more) {
      if (!Int64OrReply(ctx, ctx.arg(++j), &deliverytime,
                        "ERR Invalid TIME option argument for XCLAIM"))
        return;
    } else if (IsOpt(opt, "retrycount") && more) {
      if (!Int64OrReply(ctx, ctx.arg(++j), &retrycount,
                        "ERR Invalid RETRYCOUNT option argument for XCLAIM"))
        return;
    } else if (IsOpt(opt, "lastid") && more) {
      if (!StreamIdOrReply(ctx, ctx.arg(++j), &last_id, 0, true)) return;
    } else {
      return ctx.reply.Error("ERR Unrecognized XCLAIM option '" + std::string(CStr(opt)) + "'");
    }
  }
  ctx.SuppressPropagation();
  Arena& arena = ctx.arena();
  if (last_id > g->last_id) {
    StreamType::SetGroupPos(arena, g, last_id, g->entries_read);
    propagate_last_id = true;
  }
  if (deliverytime != -1) {
    if (deliverytime < 0 || deliverytime > now) deliverytime = now;
  } else {
    deliverytime = now;
  }
  struct Claimed {
    StreamID id;
  };
  std::vector<StreamID> claimed;
  StreamConsumer* consumer = nullptr;
  for (const StreamID& id : ids) {
    StreamNack* n = StreamType::FindNack(g, id);
    StreamEntry entry;
    if (!StreamLookupEntry(s, id, &entry)) {
      if (n != nullptr) {
        DropDeletedNack(ctx, key, group, g, n);
        propagate_last_id = false;
      }
      continue;
    }
    bool created = false;
    if (force && n == nullptr) {
      if (consumer == nullptr) consumer = ConsumerFor(ctx, g, key, group, name);
      n = StreamType::AddNack(arena, g, consumer, id, now, 1);
      created = true;
    }
    if (n == nullptr) continue;
    if (!created && minidle && now - n->delivery_time < minidle) continue;
    if (consumer == nullptr) {
      consumer = ConsumerFor(ctx, g, key, group, name);
      n = StreamType::FindNack(g, id);  // the consumer table may have moved nothing, but be safe
    }
    StreamType::MoveNack(arena, g, n, consumer);
    uint64_t cnt = n->delivery_count;
    if (retrycount >= 0) {
      cnt = static_cast<uint64_t>(retrycount);
    } else if (!justid) {
      cnt++;
    }
    StreamType::UpdateNack(arena, n, deliverytime, cnt);
    claimed.push_back(id);
    PropagateXClaim(ctx, key, group, g, *n);
    propagate_last_id = false;
    ctx.MarkDirty();
  }
  if (propagate_last_id) {
    PropagateGroupId(ctx, key, group, g);
    ctx.MarkDirty();
  }
  ReplyClaimed(ctx, s, claimed, justid);
}

void XAutoClaim(CommandContext& ctx) {
  std::string_view key = ctx.arg(1), group = ctx.arg(2), name = ctx.arg(3);
  int64_t minidle = 0;
  if (!Int64OrReply(ctx, ctx.arg(4), &minidle, "ERR Invalid min-idle-time argument for XAUTOCLAIM"))
    return;
  if (minidle < 0) minidle = 0;
  StreamID start;
  if (!IntervalOrReply(ctx, ctx.arg(5), &start, true)) return;
  int64_t count = 100;
  bool justid = false;
  for (size_t j = 6; j < ctx.argc(); j++) {
    if (IsOpt(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
      constexpr int64_t kMax = INT64_MAX / 16;
      if (!ParseInt64(ctx.arg(j + 1), &count) || count < 1 || count > kMax) {
        return ctx.reply.Error("ERR COUNT must be > 0");
      }
      j++;
    } else if (IsOpt(ctx.arg(j), "justid")) {
      justid = true;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  KeyEntry* e = StreamReadForChange(ctx, key);
  if (!CheckStream(ctx, e)) return;
  StreamCG* g = e != nullptr ? StreamType::FindGroup(StreamOf(e), group) : nullptr;
  if (g == nullptr) return ctx.reply.Error(NoGroupKey(key, group));
  Stream* s = StreamOf(e);
  ctx.SuppressPropagation();
  Arena& arena = ctx.arena();
  int64_t attempts = count * 10;
  std::vector<StreamID> claimed, deleted;
  StreamConsumer* consumer = nullptr;
  const int64_t now = ctx.now_ms;
  StreamID cursor = start;  // the PEL position to look at next
  bool eof = false;
  while (true) {
    if (attempts-- == 0 || count == 0) break;
    size_t k = 0;
    {
      // First NACK >= cursor.
      size_t lo = 0, hi = g->pel.size;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->pel[mid].id < cursor) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      k = lo;
    }
    if (k >= g->pel.size) {
      eof = true;
      break;
    }
    StreamNack* n = &g->pel[k];
    StreamID id = n->id;
    cursor = id;
    bool more = cursor.Incr();
    StreamEntry entry;
    if (!StreamLookupEntry(s, id, &entry)) {
      DropDeletedNack(ctx, key, group, g, n);
      deleted.push_back(id);
      count--;
      if (!more) {
        eof = true;
        break;
      }
      continue;
    }
    if (minidle && now - n->delivery_time < minidle) {
      if (!more) {
        eof = true;
        break;
      }
      continue;
    }
    if (consumer == nullptr) {
      consumer = ConsumerFor(ctx, g, key, group, name);
      n = StreamType::FindNack(g, id);
    }
    StreamType::MoveNack(arena, g, n, consumer);
    StreamType::UpdateNack(arena, n, now, justid ? n->delivery_count : n->delivery_count + 1);
    claimed.push_back(id);
    count--;
    PropagateXClaim(ctx, key, group, g, *n);
    ctx.MarkDirty();
    if (!more) {
      eof = true;
      break;
    }
  }
  // The cursor: the next PEL entry not looked at, or 0-0 at the end.
  StreamID next;
  if (!eof) {
    size_t lo = 0, hi = g->pel.size;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (g->pel[mid].id < cursor) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo < g->pel.size) next = g->pel[lo].id;
  }
  ctx.reply.Array(3);
  ReplyStreamId(ctx.reply, next);
  ReplyClaimed(ctx, s, claimed, justid);
  ctx.reply.Array(static_cast<int64_t>(deleted.size()));
  for (const StreamID& id : deleted) ReplyStreamId(ctx.reply, id);
}

// ---- XINFO ------------------------------------------------------------------------------------

void XInfoHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "CONSUMERS <key> <groupname>",
      "    Show consumers of <groupname>.",
      "GROUPS <key>",
      "    Show the stream consumer groups.",
      "STREAM <key> [FULL [COUNT <count>]",
      "    Show information about the stream.",
  };
  ReplyHelp(ctx.reply, "XINFO", kLines);
}

void ReplyLag(CommandContext& ctx, const Stream* s, const StreamCG* g) {
  int64_t lag = 0;
  if (!StreamType::Lag(s, g, &lag)) return ctx.reply.Null();
  ctx.reply.Integer(lag);
}

void ReplyEntriesRead(CommandContext& ctx, const StreamCG* g) {
  if (g->entries_read == kInvalidEntriesRead) return ctx.reply.Null();
  ctx.reply.Integer(g->entries_read);
}

// Nodes of a radix tree holding the node keys: our nodes are not a rax, so this reports what
// Redis's rax would have for the same keys only approximately (the keys plus the root).
int64_t RaxNodesEstimate(const Stream* s) {
  return s->nodes.size == 0 ? 1 : s->nodes.size + 1;
}

void XInfoStreamFull(CommandContext& ctx, const Stream* s, int64_t count) {
  std::vector<StreamEntry> entries;
  StreamIterator it(s, StreamID{}, StreamID::Max(), false);
  StreamEntry e;
  while ((count == 0 || static_cast<int64_t>(entries.size()) < count) && it.Next(&e)) {
    entries.push_back(e);
  }
  ctx.reply.Bulk("entries");
  ctx.reply.Array(static_cast<int64_t>(entries.size()));
  for (const StreamEntry& x : entries) ReplyStreamEntry(ctx.reply, x);
  ctx.reply.Bulk("groups");
  ctx.reply.Array(s->groups.size);
  for (const StreamCG* g : s->groups) {
    ctx.reply.Map(7);
    ctx.reply.Bulk("name");
    ctx.reply.Bulk(g->name());
    ctx.reply.Bulk("last-delivered-id");
    ReplyStreamId(ctx.reply, g->last_id);
    ctx.reply.Bulk("entries-read");
    ReplyEntriesRead(ctx, g);
    ctx.reply.Bulk("lag");
    ReplyLag(ctx, s, g);
    ctx.reply.Bulk("pel-count");
    ctx.reply.Integer(g->pel.size);
    ctx.reply.Bulk("pending");
    int64_t n = count == 0 ? g->pel.size : std::min<int64_t>(count, g->pel.size);
    ctx.reply.Array(n);
    for (int64_t i = 0; i < n; i++) {
      const StreamNack& nack = g->pel[static_cast<size_t>(i)];
      ctx.reply.Array(4);
      ReplyStreamId(ctx.reply, nack.id);
      ctx.reply.Bulk(nack.consumer->name());
      ctx.reply.Integer(nack.delivery_time);
      ctx.reply.Integer(static_cast<int64_t>(nack.delivery_count));
    }
    ctx.reply.Bulk("consumers");
    ctx.reply.Array(g->consumers.size);
    for (const StreamConsumer* c : g->consumers) {
      ctx.reply.Map(4);
      ctx.reply.Bulk("name");
      ctx.reply.Bulk(c->name());
      ctx.reply.Bulk("seen-time");
      ctx.reply.Integer(c->seen_time);
      ctx.reply.Bulk("pel-count");
      ctx.reply.Integer(c->pel.size);
      ctx.reply.Bulk("pending");
      int64_t m = count == 0 ? c->pel.size : std::min<int64_t>(count, c->pel.size);
      ctx.reply.Array(m);
      for (int64_t i = 0; i < m; i++) {
        const StreamNack* nack = StreamType::FindNack(g, c->pel[static_cast<size_t>(i)]);
        ctx.reply.Array(3);
        ReplyStreamId(ctx.reply, nack->id);
        ctx.reply.Integer(nack->delivery_time);
        ctx.reply.Integer(static_cast<int64_t>(nack->delivery_count));
      }
    }
  }
}

void XInfoStream(CommandContext& ctx) {
  KeyEntry* e = StreamRead(ctx, ctx.arg(2));
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  if (!CheckStream(ctx, e)) return;
  bool full = false;
  int64_t count = 10;
  const size_t extra = ctx.argc() - 3;
  if (extra > 0) {
    if (!IsOpt(ctx.arg(3), "full")) return SubcommandSyntaxError(ctx);
    if (extra == 3) {
      if (!IsOpt(ctx.arg(4), "count")) return SubcommandSyntaxError(ctx);
      if (!Int64OrReply(ctx, ctx.arg(5), &count)) return;
      if (count < 0) count = 10;
    } else if (extra != 1) {
      return SubcommandSyntaxError(ctx);
    }
    full = true;
  }
  const Stream* s = StreamOf(e);
  ctx.reply.Map(full ? 9 : 10);
  ctx.reply.Bulk("length");
  ctx.reply.Integer(static_cast<int64_t>(s->length));
  ctx.reply.Bulk("radix-tree-keys");
  ctx.reply.Integer(s->nodes.size);
  ctx.reply.Bulk("radix-tree-nodes");
  ctx.reply.Integer(RaxNodesEstimate(s));
  ctx.reply.Bulk("last-generated-id");
  ReplyStreamId(ctx.reply, s->last_id);
  ctx.reply.Bulk("max-deleted-entry-id");
  ReplyStreamId(ctx.reply, s->max_deleted_id);
  ctx.reply.Bulk("entries-added");
  ctx.reply.Integer(static_cast<int64_t>(s->entries_added));
  ctx.reply.Bulk("recorded-first-entry-id");
  ReplyStreamId(ctx.reply, s->first_id);
  if (full) return XInfoStreamFull(ctx, s, count);
  ctx.reply.Bulk("groups");
  ctx.reply.Integer(s->groups.size);
  for (bool rev : {false, true}) {
    ctx.reply.Bulk(rev ? "last-entry" : "first-entry");
    StreamIterator it(s, StreamID{}, StreamID::Max(), rev);
    StreamEntry entry;
    if (it.Next(&entry)) {
      ReplyStreamEntry(ctx.reply, entry);
    } else {
      ctx.reply.Null();
    }
  }
}

void XInfoGroups(CommandContext& ctx) {
  KeyEntry* e = StreamRead(ctx, ctx.arg(2));
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  if (!CheckStream(ctx, e)) return;
  const Stream* s = StreamOf(e);
  ctx.reply.Array(s->groups.size);
  for (const StreamCG* g : s->groups) {
    ctx.reply.Map(6);
    ctx.reply.Bulk("name");
    ctx.reply.Bulk(g->name());
    ctx.reply.Bulk("consumers");
    ctx.reply.Integer(g->consumers.size);
    ctx.reply.Bulk("pending");
    ctx.reply.Integer(g->pel.size);
    ctx.reply.Bulk("last-delivered-id");
    ReplyStreamId(ctx.reply, g->last_id);
    ctx.reply.Bulk("entries-read");
    ReplyEntriesRead(ctx, g);
    ctx.reply.Bulk("lag");
    ReplyLag(ctx, s, g);
  }
}

void XInfoConsumers(CommandContext& ctx) {
  KeyEntry* e = StreamRead(ctx, ctx.arg(2));
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  if (!CheckStream(ctx, e)) return;
  const StreamCG* g = StreamType::FindGroup(StreamOf(e), ctx.arg(3));
  if (g == nullptr) {
    return ctx.reply.Error("NOGROUP No such consumer group '" + std::string(ctx.arg(3)) +
                           "' for key name '" + std::string(ctx.arg(2)) + "'");
  }
  ctx.reply.Array(g->consumers.size);
  for (const StreamConsumer* c : g->consumers) {
    ctx.reply.Map(3);
    ctx.reply.Bulk("name");
    ctx.reply.Bulk(c->name());
    ctx.reply.Bulk("pending");
    ctx.reply.Integer(c->pel.size);
    ctx.reply.Bulk("idle");
    int64_t idle = ctx.now_ms - c->seen_time;
    ctx.reply.Integer(idle < 0 ? 0 : idle);
  }
}

}  // namespace

void RegisterStreamGroupCommands(CommandRegistry& r) {
  FamilyRegistrar add(r, "stream");
  using namespace cmd;
  constexpr uint64_t kRd = kCatRead | kCatStream;
  constexpr uint64_t kWr = kCatWrite | kCatStream;
  // clang-format off
  add("xack", -4, kWrite | kFast, kWr | kCatFast, 1, 1, 1, XAck,
      "Marks a pending message as correctly processed, effectively removing it from the pending "
      "entries list of the consumer group. Return value of the command is the number of "
      "messages successfully acknowledged, that is, the IDs we were actually able to resolve in "
      "the PEL.", "5.0.0", "O(1) for each message ID processed.");
  add("xpending", -3, kReadonly, kRd | kCatSlow, 1, 1, 1, XPending,
      "Return information and entries from a stream consumer group pending entries list, that "
      "are messages fetched but never acknowledged.", "5.0.0",
      "O(N) with N being the number of elements returned, so asking for a small fixed number of "
      "entries per call is O(1). O(M), where M is the total number of entries scanned when used "
      "with the IDLE filter. When the command returns just the summary and the list of consumers "
      "is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every "
      "consumer.", "nondeterministic_output");
  add("xclaim", -6, kWrite | kFast, kWr | kCatFast, 1, 1, 1, XClaim,
      "Changes (or acquires) ownership of a message in a consumer group, as if the message was "
      "delivered to the specified consumer.", "5.0.0", "O(log N) with N being the number of "
      "messages in the PEL of the consumer group.", "nondeterministic_output");
  add("xautoclaim", -6, kWrite | kFast, kWr | kCatFast, 1, 1, 1, XAutoClaim,
      "Changes (or acquires) ownership of messages in a consumer group, as if the messages were "
      "delivered to the specified consumer.", "6.2.0", "O(1) if COUNT is small.",
      "nondeterministic_output");
  // clang-format on
  r.Add({.name = "xgroup",
         .arity = -2,
         .flags = 0,
         .acl = kCatSlow,
         .summary = "A container for consumer groups commands",
         .since = "5.0.0",
         .group = "stream",
         .complexity = "Depends on subcommand."});
  r.Add({.name = "xinfo",
         .arity = -2,
         .flags = 0,
         .acl = kCatSlow,
         .summary = "A container for stream introspection commands",
         .since = "5.0.0",
         .group = "stream",
         .complexity = "Depends on subcommand."});
  auto sub = [&r](std::string_view parent, std::string_view name, int arity, uint64_t flags,
                  uint64_t acl, int key, CommandHandler handler, std::string_view summary,
                  std::string_view since) {
    r.AddSub(parent, {.name = std::string(name),
                      .arity = arity,
                      .flags = flags,
                      .acl = acl,
                      .first_key = key,
                      .last_key = key,
                      .key_step = key != 0 ? 1 : 0,
                      .handler = handler,
                      .summary = summary,
                      .since = since,
                      .group = "stream",
                      .complexity = "O(1)"});
  };
  // clang-format off
  sub("xgroup", "create", -5, kWrite | kDenyOom, kWr | kCatSlow, 2, XGroup,
      "Create a consumer group.", "5.0.0");
  sub("xgroup", "setid", -5, kWrite, kWr | kCatSlow, 2, XGroup,
      "Set a consumer group to an arbitrary last delivered ID value.", "5.0.0");
  sub("xgroup", "destroy", 4, kWrite, kWr | kCatSlow, 2, XGroup,
      "Destroy a consumer group.", "5.0.0");
  sub("xgroup", "createconsumer", 5, kWrite | kDenyOom, kWr | kCatSlow, 2, XGroup,
      "Create a consumer in a consumer group.", "6.2.0");
  sub("xgroup", "delconsumer", 5, kWrite, kWr | kCatSlow, 2, XGroup,
      "Delete a consumer from a consumer group.", "5.0.0");
  sub("xgroup", "help", 2, kLoading | kStale, kCatStream | kCatSlow, 0, XGroupHelp,
      "Show helpful text about the different subcommands", "5.0.0");
  sub("xinfo", "stream", -3, kReadonly, kRd | kCatSlow, 2, XInfoStream,
      "Get information about a stream", "5.0.0");
  sub("xinfo", "groups", 3, kReadonly, kRd | kCatSlow, 2, XInfoGroups,
      "List the consumer groups of a stream", "5.0.0");
  sub("xinfo", "consumers", 4, kReadonly, kRd | kCatSlow, 2, XInfoConsumers,
      "List the consumers in a consumer group", "5.0.0");
  sub("xinfo", "help", 2, kLoading | kStale, kCatStream | kCatSlow, 0, XInfoHelp,
      "Show helpful text about the different subcommands", "5.0.0");
  // clang-format on
}

}  // namespace ringkv
