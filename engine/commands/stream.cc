// Stream commands: XADD XLEN XRANGE XREVRANGE XDEL XTRIM XSETID XREAD XREADGROUP — Redis 7.0's
// t_stream.c replies, errors, dirty counts and propagated effects (XADD with the concrete ID and
// approximate trims as they happened; XREADGROUP as XCLAIM / XGROUP SETID / XGROUP
// CREATECONSUMER). Group administration and the PEL commands are in stream_group.cc.
#include <cerrno>
#include <cstdlib>
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

// ---- shared helpers (stream_common.h) ---------------------------------------------------------

namespace {
// Redis's string2ull: string2ll for canonical text (negatives refused), else strtoull.
bool String2Ull(const std::string& s, uint64_t* out) {
  int64_t ll = 0;
  if (ParseInt64(s, &ll)) {
    if (ll < 0) return false;
    *out = static_cast<uint64_t>(ll);
    return true;
  }
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno == EINVAL || errno == ERANGE || s.empty() || *end != '\0') return false;
  *out = v;
  return true;
}
}  // namespace

bool ParseStreamId(std::string_view arg, StreamID* id, uint64_t missing_seq, bool strict,
                   bool* seq_given) {
  if (arg.size() > 127) return false;
  std::string buf(CStr(arg));  // Redis reads the argument as a C string
  if (strict && (buf == "-" || buf == "+")) return false;
  if (seq_given != nullptr) *seq_given = true;
  if (buf == "-") {
    *id = StreamID{};
    return true;
  }
  if (buf == "+") {
    *id = StreamID::Max();
    return true;
  }
  size_t dash = buf.find('-');
  uint64_t ms = 0, seq = missing_seq;
  if (!String2Ull(buf.substr(0, dash), &ms)) return false;
  if (dash != std::string::npos) {
    std::string rest = buf.substr(dash + 1);
    if (seq_given != nullptr && rest == "*") {
      seq = 0;
      *seq_given = false;
    } else if (!String2Ull(rest, &seq)) {
      return false;
    }
  }
  id->ms = ms;
  id->seq = seq;
  return true;
}

bool StreamIdOrReply(CommandContext& ctx, std::string_view arg, StreamID* id, uint64_t missing_seq,
                     bool strict) {
  if (ParseStreamId(arg, id, missing_seq, strict, nullptr)) return true;
  ctx.reply.Error(kStreamInvalidId);
  return false;
}

void ReplyStreamId(ReplyBuilder& reply, StreamID id) {
  reply.Bulk(id.ToString());
}

void ReplyStreamEntry(ReplyBuilder& reply, const StreamEntry& e) {
  reply.Array(2);
  ReplyStreamId(reply, e.id);
  reply.Array(e.num_fields * 2);
  e.ForEachField([&](std::string_view f, std::string_view v) {
    reply.Bulk(f);
    reply.Bulk(v);
  });
}

bool CheckStream(CommandContext& ctx, const KeyEntry* e) {
  if (e != nullptr && e->value.type() != ObjType::kStream) {
    ctx.reply.Error(errors::kWrongType);
    return false;
  }
  return true;
}

KeyEntry* StreamRead(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
}
KeyEntry* StreamWrite(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
}
KeyEntry* StreamReadForChange(CommandContext& ctx, std::string_view key) {
  KeyEntry* e = StreamRead(ctx, key);
  if (e != nullptr) ctx.db().BeforeChange(e);
  return e;
}

bool StreamLookupEntry(const Stream* s, StreamID id, StreamEntry* out) {
  StreamIterator it(s, id, id, false);
  return it.Next(out);
}

void PropagateXClaim(CommandContext& ctx, std::string_view key, std::string_view group,
                     const StreamCG* g, const StreamNack& n) {
  std::string id = n.id.ToString(), t = std::to_string(n.delivery_time),
              cnt = std::to_string(n.delivery_count), last = g->last_id.ToString();
  ctx.PropagateAs({"XCLAIM", key, group, n.consumer->name(), "0", id, "TIME", t, "RETRYCOUNT", cnt,
                   "FORCE", "JUSTID", "LASTID", last});
}

void PropagateGroupId(CommandContext& ctx, std::string_view key, std::string_view group,
                      const StreamCG* g) {
  std::string last = g->last_id.ToString(), read = std::to_string(g->entries_read);
  ctx.PropagateAs({"XGROUP", "SETID", key, group, last, "ENTRIESREAD", read});
}

void PropagateConsumerCreation(CommandContext& ctx, std::string_view key, std::string_view group,
                               std::string_view consumer) {
  ctx.PropagateAs({"XGROUP", "CREATECONSUMER", key, group, consumer});
}

namespace {

StreamLimits Limits(CommandContext& ctx) {
  const ServerConfig& c = ctx.engine.config();
  return StreamLimits{c.stream_node_max_bytes, c.stream_node_max_entries};
}

void Notify(CommandContext& ctx, std::string_view event, std::string_view key) {
  ctx.engine.NotifyKeyspaceEvent(config::kNotifyStream, event, ctx.session.db, key);
}

// ---- XADD / XTRIM -----------------------------------------------------------------------------

struct AddTrimArgs {
  StreamTrim trim;
  size_t trim_arg_idx = 0;  // the MAXLEN/MINID value's position
  bool limit_given = false;
  bool id_given = false;
  bool seq_given = true;
  StreamID id;
  bool no_mkstream = false;
};

// Redis's streamParseAddOrTrimArgsOrReply: the ID's position (XADD) or argc (XTRIM); 0 after an
// error reply.
size_t ParseAddOrTrim(CommandContext& ctx, AddTrimArgs* a, bool xadd) {
  size_t i = 2;
  const size_t argc = ctx.argc();
  for (; i < argc; i++) {
    size_t moreargs = argc - 1 - i;
    std::string_view opt = ctx.arg(i);
    if (xadd && CStr(opt) == "*") break;
    if ((IsOpt(opt, "maxlen") || IsOpt(opt, "minid")) && moreargs) {
      bool maxlen = IsOpt(opt, "maxlen");
      if (a->trim.strategy != StreamTrim::kNone) {
        ctx.reply.Error(
            "ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        return 0;
      }
      a->trim.approx = false;
      std::string_view next = CStr(ctx.arg(i + 1));
      if (moreargs >= 2 && next == "~") {
        a->trim.approx = true;
        i++;
      } else if (moreargs >= 2 && next == "=") {
        i++;
      }
      if (maxlen) {
        if (!ParseInt64(ctx.arg(i + 1), &a->trim.maxlen)) {
          ctx.reply.Error(errors::kNotInteger);
          return 0;
        }
        if (a->trim.maxlen < 0) {
          ctx.reply.Error("ERR The MAXLEN argument must be >= 0.");
          return 0;
        }
      } else if (!StreamIdOrReply(ctx, ctx.arg(i + 1), &a->trim.minid, 0, true)) {
        return 0;
      }
      i++;
      a->trim.strategy = maxlen ? StreamTrim::kMaxLen : StreamTrim::kMinId;
      a->trim_arg_idx = i;
    } else if (IsOpt(opt, "limit") && moreargs) {
      if (!ParseInt64(ctx.arg(i + 1), &a->trim.limit)) {
        ctx.reply.Error(errors::kNotInteger);
        return 0;
      }
      if (a->trim.limit < 0) {
        ctx.reply.Error("ERR The LIMIT argument must be >= 0.");
        return 0;
      }
      a->limit_given = true;
      i++;
    } else if (xadd && IsOpt(opt, "nomkstream")) {
      a->no_mkstream = true;
    } else if (xadd) {
      if (!ParseStreamId(opt, &a->id, 0, true, &a->seq_given)) {
        ctx.reply.Error(kStreamInvalidId);
        return 0;
      }
      a->id_given = true;
      break;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return 0;
    }
  }
  if (a->limit_given && a->trim.strategy == StreamTrim::kNone) {
    ctx.reply.Error(
        "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    return 0;
  }
  if (!xadd && a->trim.strategy == StreamTrim::kNone) {
    ctx.reply.Error("ERR syntax error, XTRIM must be called with a trimming strategy");
    return 0;
  }
  if (ctx.session.replaying) {
    a->trim.limit = 0;  // the trim was rewritten as it happened: do all of it
  } else if (a->limit_given) {
    if (!a->trim.approx) {
      ctx.reply.Error("ERR syntax error, LIMIT cannot be used without the special ~ option");
      return 0;
    }
  } else if (a->trim.approx) {
    int64_t limit = 100 * ctx.engine.config().stream_node_max_entries;
    a->trim.limit = limit <= 0 || limit > 1000000 ? 10000 : limit;
  } else {
    a->trim.limit = 0;
  }
  return i;
}

// The request with an approximate trim rewritten as it happened ("=" and the resulting length or
// first ID), LIMIT dropped (it has no effect on an exact trim), and the ID made concrete.
void PropagateAddOrTrim(CommandContext& ctx, const AddTrimArgs& a, const Stream* s, size_t id_pos,
                        StreamID added) {
  std::vector<std::string> argv(ctx.args.begin(), ctx.args.end());
  if (a.trim.approx) {
    argv[a.trim_arg_idx - 1] = "=";
    if (a.trim.strategy == StreamTrim::kMaxLen) {
      argv[a.trim_arg_idx] = std::to_string(s->length);
    } else {
      StreamID first;
      StreamIterator it(s, StreamID{}, StreamID::Max(), false);
      StreamEntry e;
      first = it.Next(&e) ? e.id : StreamID::Max();
      argv[a.trim_arg_idx] = first.ToString();
    }
  }
  if (id_pos != 0) argv[id_pos] = added.ToString();
  std::vector<std::string_view> out;
  size_t end = id_pos != 0 ? id_pos : argv.size();
  for (size_t i = 0; i < argv.size(); i++) {
    if (a.limit_given && i >= 2 && i + 1 < end && IsOpt(argv[i], "limit")) {
      i++;
      continue;
    }
    out.push_back(argv[i]);
  }
  ctx.PropagateAs(std::span<const std::string_view>(out));
}

void XAdd(CommandContext& ctx) {
  AddTrimArgs a;
  size_t idpos = ParseAddOrTrim(ctx, &a, true);
  if (idpos == 0) return;
  size_t field_pos = idpos + 1;
  if (ctx.argc() < field_pos + 2 || (ctx.argc() - field_pos) % 2 == 1) {
    return ctx.reply.Error(errors::WrongArity(ctx.spec.fullname));
  }
  if (a.id_given && a.seq_given && a.id.IsZero()) {
    return ctx.reply.Error("ERR The ID specified in XADD must be greater than 0-0");
  }
  std::string_view key = ctx.arg(1);
  KeyEntry* e = StreamWrite(ctx, key);
  if (!CheckStream(ctx, e)) return;
  if (e == nullptr) {
    if (a.no_mkstream) return ctx.reply.Null();
    e = ctx.db().Add(key, StreamType::Create(ctx.arena()), ctx.engine.LruClock());
  }
  Stream* s = StreamOf(e);
  if (s->last_id == StreamID::Max()) {
    return ctx.reply.Error(
        "ERR The stream has exhausted the last possible ID, unable to add more items");
  }
  StreamID id;
  bool ok = true;
  if (a.id_given) {
    if (a.seq_given) {
      id = a.id;
    } else if (s->last_id.ms == a.id.ms) {
      if (s->last_id.seq == UINT64_MAX) ok = false;
      id = s->last_id;
      id.seq++;
    } else {
      id = a.id;
    }
  } else {
    auto ms = static_cast<uint64_t>(ctx.now_ms);
    if (ms > s->last_id.ms) {
      id = StreamID{ms, 0};
    } else {
      id = s->last_id;
      id.Incr();  // a full sequence carries into the next millisecond (streamIncrID)
    }
  }
  if (!ok || id <= s->last_id) {
    // An empty stream just created stays, as in Redis (it is never created with 0-0 though).
    return ctx.reply.Error(
        "ERR The ID specified in XADD is equal or smaller than the target stream top item");
  }
  size_t numfields = (ctx.argc() - field_pos) / 2;
  size_t total = 0;
  for (size_t i = field_pos; i < ctx.argc(); i++) total += ctx.arg(i).size();
  if (total > lp::kMaxSafeSize) return ctx.reply.Error("ERR Elements are too large to be stored");
  StreamType::Append(ctx.arena(), s, id, &ctx.args[field_pos], numfields, Limits(ctx));
  ReplyStreamId(ctx.reply, id);
  Notify(ctx, "xadd", key);
  ctx.MarkDirty();
  if (a.trim.strategy != StreamTrim::kNone) {
    if (StreamType::Trim(ctx.arena(), s, a.trim) > 0) Notify(ctx, "xtrim", key);
  }
  if (a.trim.approx || !a.id_given || !a.seq_given || a.limit_given) {
    PropagateAddOrTrim(ctx, a, s, idpos, id);
  }
  ctx.engine.SignalKeyReady(ctx.session.db, key);
}

void XTrim(CommandContext& ctx) {
  AddTrimArgs a;
  if (ParseAddOrTrim(ctx, &a, false) == 0) return;
  KeyEntry* e = StreamWrite(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckStream(ctx, e)) return;
  Stream* s = StreamOf(e);
  int64_t deleted = StreamType::Trim(ctx.arena(), s, a.trim);
  if (deleted > 0) {
    Notify(ctx, "xtrim", ctx.arg(1));
    if (a.trim.approx || a.limit_given) PropagateAddOrTrim(ctx, a, s, 0, StreamID{});
    ctx.MarkDirty(static_cast<uint64_t>(deleted));
  }
  ctx.reply.Integer(deleted);
}

// ---- reads ------------------------------------------------------------------------------------

void XLen(CommandContext& ctx) {
  KeyEntry* e = StreamRead(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckStream(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(StreamOf(e)->length));
}

// Redis's streamParseIntervalIDOrReply.
bool IntervalIdOrReply(CommandContext& ctx, std::string_view arg, StreamID* id, bool* exclude,
                       uint64_t missing_seq) {
  *exclude = arg.size() > 1 && arg[0] == '(';
  if (*exclude) return StreamIdOrReply(ctx, arg.substr(1), id, missing_seq, true);
  return StreamIdOrReply(ctx, arg, id, missing_seq, false);
}

// Emits up to `count` entries (0: all) of [start, end] as an array.
void ReplyRange(CommandContext& ctx, const Stream* s, StreamID start, StreamID end, int64_t count,
                bool rev) {
  std::vector<StreamEntry> out;
  StreamIterator it(s, start, end, rev);
  StreamEntry e;
  while ((count == 0 || static_cast<int64_t>(out.size()) < count) && it.Next(&e)) {
    out.push_back(e);
  }
  ctx.reply.Array(static_cast<int64_t>(out.size()));
  for (const StreamEntry& x : out) ReplyStreamEntry(ctx.reply, x);
}

void RangeGeneric(CommandContext& ctx, bool rev) {
  std::string_view startarg = rev ? ctx.arg(3) : ctx.arg(2);
  std::string_view endarg = rev ? ctx.arg(2) : ctx.arg(3);
  StreamID start, end;
  bool startex = false, endex = false;
  if (!IntervalIdOrReply(ctx, startarg, &start, &startex, 0)) return;
  if (startex && !start.Incr()) return ctx.reply.Error("ERR invalid start ID for the interval");
  if (!IntervalIdOrReply(ctx, endarg, &end, &endex, UINT64_MAX)) return;
  if (endex && !end.Decr()) return ctx.reply.Error("ERR invalid end ID for the interval");
  int64_t count = -1;
  for (size_t j = 4; j < ctx.argc(); j++) {
    if (IsOpt(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
      if (!ParseInt64(ctx.arg(j + 1), &count)) return ctx.reply.Error(errors::kNotInteger);
      if (count < 0) count = 0;
      j++;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  KeyEntry* e = StreamRead(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Array(0);
  if (!CheckStream(ctx, e)) return;
  if (count == 0) return ctx.reply.NullArray();
  ReplyRange(ctx, StreamOf(e), start, end, count == -1 ? 0 : count, rev);
}

void XRange(CommandContext& ctx) {
  RangeGeneric(ctx, false);
}
void XRevRange(CommandContext& ctx) {
  RangeGeneric(ctx, true);
}

// ---- XDEL / XSETID ----------------------------------------------------------------------------

void XDel(CommandContext& ctx) {
  KeyEntry* e = StreamWrite(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckStream(ctx, e)) return;
  std::vector<StreamID> ids(ctx.argc() - 2);
  for (size_t j = 2; j < ctx.argc(); j++) {
    if (!StreamIdOrReply(ctx, ctx.arg(j), &ids[j - 2], 0, true)) return;
  }
  Stream* s = StreamOf(e);
  Arena& arena = ctx.arena();
  int64_t deleted = 0;
  bool first_entry = false;
  for (const StreamID& id : ids) {
    if (!StreamType::Delete(arena, s, id)) continue;
    if (id == s->first_id) first_entry = true;
    deleted++;
    if (id > s->max_deleted_id) {
      arena.WillModify(&s->max_deleted_id, sizeof(StreamID));
      s->max_deleted_id = id;
    }
  }
  if (deleted > 0) {
    if (s->length == 0 || first_entry) StreamType::UpdateFirstId(arena, s);
    Notify(ctx, "xdel", ctx.arg(1));
    ctx.MarkDirty(static_cast<uint64_t>(deleted));
  }
  ctx.reply.Integer(deleted);
}

void XSetId(CommandContext& ctx) {
  StreamID id, max_xdel;
  int64_t entries_added = -1;
  if (!StreamIdOrReply(ctx, ctx.arg(2), &id, 0, true)) return;
  for (size_t i = 3; i < ctx.argc(); i += 2) {
    bool more = i + 1 < ctx.argc();
    if (IsOpt(ctx.arg(i), "entriesadded") && more) {
      if (!ParseInt64(ctx.arg(i + 1), &entries_added)) return ctx.reply.Error(errors::kNotInteger);
      if (entries_added < 0) return ctx.reply.Error("ERR entries_added must be positive");
    } else if (IsOpt(ctx.arg(i), "maxdeletedid") && more) {
      if (!StreamIdOrReply(ctx, ctx.arg(i + 1), &max_xdel, 0, true)) return;
      if (id < max_xdel) {
        return ctx.reply.Error(
            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
      }
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  KeyEntry* e = StreamWrite(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Error(errors::kNoSuchKey);
  if (!CheckStream(ctx, e)) return;
  Stream* s = StreamOf(e);
  if (s->length > 0) {
    StreamID maxid;
    StreamType::EdgeId(s, false, &maxid);
    if (id < maxid) {
      return ctx.reply.Error(
          "ERR The ID specified in XSETID is smaller than the target stream top item");
    }
    if (entries_added != -1 && s->length > static_cast<uint64_t>(entries_added)) {
      return ctx.reply.Error(
          "ERR The entries_added specified in XSETID is smaller than the target stream length");
    }
  }
  if (id < s->max_deleted_id) {
    return ctx.reply.Error(
        "ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
  }
  ctx.arena().WillModify(s, sizeof(Stream));
  s->last_id = id;
  if (entries_added != -1) s->entries_added = static_cast<uint64_t>(entries_added);
  if (!max_xdel.IsZero()) s->max_deleted_id = max_xdel;
  ctx.reply.Ok();
  Notify(ctx, "xsetid", ctx.arg(1));
  ctx.MarkDirty();
}

// ---- XREAD / XREADGROUP -----------------------------------------------------------------------

constexpr StreamID kGroupNew = StreamID::Max();  // ">"

// XREADGROUP's delivery of new entries (streamReplyWithRange with a group): each entry goes to
// the consumer's PEL (unless NOACK) and is propagated as XCLAIM; the group's last ID advances.
void ServeGroupNew(CommandContext& ctx, std::string_view key, std::string_view group_name,
                   Stream* s, StreamCG* g, StreamConsumer* c, StreamID start, int64_t count,
                   bool noack) {
  Arena& arena = ctx.arena();
  std::vector<StreamEntry> out;
  StreamIterator it(s, start, StreamID::Max(), false);
  StreamEntry e;
  while ((count == 0 || static_cast<int64_t>(out.size()) < count) && it.Next(&e)) {
    out.push_back(e);
  }
  ctx.reply.Array(static_cast<int64_t>(out.size()));
  bool propagate_last_id = false;
  for (const StreamEntry& x : out) {
    ReplyStreamEntry(ctx.reply, x);
    if (x.id > g->last_id) {
      int64_t read = g->entries_read;
      if (read != kInvalidEntriesRead &&
          !StreamType::RangeHasTombstones(s, x.id, StreamID::Max())) {
        read++;
      } else if (s->entries_added) {
        read = StreamType::EstimateDistance(s, x.id);
      }
      StreamType::SetGroupPos(arena, g, x.id, read);
      if (noack) propagate_last_id = true;
    }
    if (noack) continue;
    StreamNack* n = StreamType::FindNack(g, x.id);
    if (n == nullptr) {
      n = StreamType::AddNack(arena, g, c, x.id, ctx.now_ms, 1);
    } else {
      StreamType::MoveNack(arena, g, n, c);
      StreamType::UpdateNack(arena, n, ctx.now_ms, 1);
    }
    PropagateXClaim(ctx, key, group_name, g, *n);
  }
  if (propagate_last_id) PropagateGroupId(ctx, key, group_name, g);
}

// History: the consumer's own pending entries from `start`.
void ServeGroupHistory(CommandContext& ctx, Stream* s, StreamCG* g, StreamConsumer* c,
                       StreamID start, int64_t count) {
  std::vector<StreamID> ids;
  for (const StreamID& id : c->pel) {
    if (id < start) continue;
    if (count != 0 && static_cast<int64_t>(ids.size()) >= count) break;
    ids.push_back(id);
  }
  ctx.reply.Array(static_cast<int64_t>(ids.size()));
  for (const StreamID& id : ids) {
    StreamEntry e;
    if (!StreamLookupEntry(s, id, &e)) {
      ctx.reply.Array(2);
      ReplyStreamId(ctx.reply, id);
      ctx.reply.NullArray();
      continue;
    }
    ReplyStreamEntry(ctx.reply, e);
    StreamNack* n = StreamType::FindNack(g, id);
    if (n != nullptr) StreamType::UpdateNack(ctx.arena(), n, ctx.now_ms, n->delivery_count + 1);
  }
}

// Redis's getTimeoutFromObjectOrReply in milliseconds.
bool BlockMsOrReply(CommandContext& ctx, std::string_view arg, int64_t* timeout) {
  int64_t v = 0;
  if (!ParseInt64(arg, &v)) {
    ctx.reply.Error(errors::kTimeoutNotInteger);
    return false;
  }
  if (v < 0) {
    ctx.reply.Error(errors::kTimeoutNegative);
    return false;
  }
  *timeout = v;
  return true;
}

void XReadGeneric(CommandContext& ctx, bool xreadgroup) {
  int64_t timeout = -1, count = 0;
  size_t streams_arg = 0, streams_count = 0;
  bool noack = false;
  std::string_view groupname, consumername;
  bool has_group = false;
  const size_t argc = ctx.argc();
  for (size_t i = 1; i < argc; i++) {
    size_t moreargs = argc - i - 1;
    std::string_view o = ctx.arg(i);
    if (IsOpt(o, "block") && moreargs) {
      i++;
      if (!BlockMsOrReply(ctx, ctx.arg(i), &timeout)) return;
    } else if (IsOpt(o, "count") && moreargs) {
      i++;
      if (!ParseInt64(ctx.arg(i), &count)) return ctx.reply.Error(errors::kNotInteger);
      if (count < 0) count = 0;
    } else if (IsOpt(o, "streams") && moreargs) {
      streams_arg = i + 1;
      streams_count = argc - streams_arg;
      if (streams_count % 2 != 0) {
        // The same text for XREADGROUP, as Redis 7.0 answers.
        return ctx.reply.Error(
            "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be "
            "specified.");
      }
      streams_count /= 2;
      break;
    } else if (IsOpt(o, "group") && moreargs >= 2) {
      if (!xreadgroup) {
        return ctx.reply.Error(
            "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
      }
      groupname = ctx.arg(i + 1);
      consumername = ctx.arg(i + 2);
      has_group = true;
      i += 2;
    } else if (IsOpt(o, "noack")) {
      if (!xreadgroup) {
        return ctx.reply.Error(
            "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
      }
      noack = true;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  if (streams_arg == 0) return ctx.reply.Error(errors::kSyntax);
  if (xreadgroup && !has_group) return ctx.reply.Error("ERR Missing GROUP option for XREADGROUP");

  std::vector<StreamID> ids(streams_count);
  std::vector<StreamCG*> groups(streams_count, nullptr);
  std::vector<std::string> resolved(ctx.args.begin(), ctx.args.end());  // "$" made concrete
  for (size_t k = 0; k < streams_count; k++) {
    std::string_view key = ctx.arg(streams_arg + k);
    std::string_view idarg = ctx.arg(streams_arg + streams_count + k);
    // XREADGROUP changes the group's state in place.
    KeyEntry* e = has_group ? StreamReadForChange(ctx, key) : StreamRead(ctx, key);
    if (!CheckStream(ctx, e)) return;
    if (has_group) {
      StreamCG* g = e == nullptr ? nullptr : StreamType::FindGroup(StreamOf(e), groupname);
      if (g == nullptr && ctx.reprocessing) {
        // A parked XREADGROUP woken after its key or group went away (Redis 7.0's texts).
        return ctx.reply.Error(
            e == nullptr
                ? "UNBLOCKED the stream key no longer exists"
                : "NOGROUP the consumer group this client was blocked on no longer exists");
      }
      if (g == nullptr) {
        return ctx.reply.Error("NOGROUP No such key '" + std::string(key) +
                               "' or consumer group '" + std::string(groupname) +
                               "' in XREADGROUP with GROUP option");
      }
      groups[k] = g;
    }
    if (CStr(idarg) == "$") {
      if (xreadgroup) {
        return ctx.reply.Error(
            "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
            "history of this consumer by specifying a proper ID, or use the > ID to get new "
            "messages. The $ ID would just return an empty result set.");
      }
      ids[k] = e != nullptr ? StreamOf(e)->last_id : StreamID{};
      resolved[streams_arg + streams_count + k] = ids[k].ToString();
      continue;
    }
    if (CStr(idarg) == ">") {
      if (!xreadgroup) {
        return ctx.reply.Error(
            "ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
            "<group> <consumer> option.");
      }
      ids[k] = kGroupNew;
      continue;
    }
    if (!StreamIdOrReply(ctx, idarg, &ids[k], 0, true)) return;
  }

  // Serve what can be served now; the reply is sized once we know how many streams answer.
  struct Serve {
    size_t k;
    StreamID gt;
    bool history;
  };
  std::vector<Serve> serve;
  // A key named twice with ">" is served once: the first read moves the group past everything
  // the second would see (Redis decides stream by stream, after serving the previous ones).
  std::vector<std::pair<std::string_view, StreamID>> delivered;
  for (size_t k = 0; k < streams_count; k++) {
    std::string_view key = ctx.arg(streams_arg + k);
    KeyEntry* e = StreamRead(ctx, key);
    if (e == nullptr) continue;
    Stream* s = StreamOf(e);
    StreamID gt = ids[k];
    if (has_group) {
      if (gt != kGroupNew) {
        serve.push_back({k, gt, true});
      } else if (s->length > 0) {
        StreamID last = groups[k]->last_id;
        for (const auto& [dk, did] : delivered) {
          if (dk == key && did > last) last = did;
        }
        StreamID maxid;
        StreamType::EdgeId(s, false, &maxid);
        if (maxid > last) {
          serve.push_back({k, last, false});
          StreamID from = last;
          from.Incr();
          StreamIterator it(s, from, StreamID::Max(), false);
          StreamEntry x;
          StreamID upto = last;
          for (int64_t n = 0; (count == 0 || n < count) && it.Next(&x); n++) upto = x.id;
          delivered.emplace_back(key, upto);
        }
      }
    } else if (s->length > 0) {
      StreamID maxid;
      StreamType::EdgeId(s, false, &maxid);
      if (maxid > gt) serve.push_back({k, gt, false});
    }
  }
  if (has_group) ctx.SuppressPropagation();  // only the effects are propagated
  if (!serve.empty()) {
    if (ctx.reply.Protocol() == 2) {
      ctx.reply.Array(static_cast<int64_t>(serve.size()));
    } else {
      ctx.reply.Map(static_cast<int64_t>(serve.size()));
    }
    for (const Serve& sv : serve) {
      std::string_view key = ctx.arg(streams_arg + sv.k);
      Stream* s = StreamOf(StreamRead(ctx, key));
      StreamID start = sv.gt;
      start.Incr();
      if (ctx.reply.Protocol() == 2) ctx.reply.Array(2);
      ctx.reply.Bulk(key);
      if (!has_group) {
        ReplyRange(ctx, s, start, StreamID::Max(), count, false);
        continue;
      }
      // The consumer is created when a stream is served to it, not before (Redis 7.0).
      StreamCG* g = groups[sv.k];
      StreamConsumer* c = StreamType::FindConsumer(g, consumername);
      if (c == nullptr) {
        c = StreamType::CreateConsumer(ctx.arena(), g, consumername, ctx.now_ms);
        PropagateConsumerCreation(ctx, key, groupname, consumername);
        Notify(ctx, "xgroup-createconsumer", key);
        ctx.MarkDirty();
      }
      StreamType::SetSeen(ctx.arena(), c, ctx.now_ms);
      if (sv.history) {
        ServeGroupHistory(ctx, s, g, c, start, count);
      } else {
        ServeGroupNew(ctx, key, groupname, s, g, c, start, count, noack);
      }
      ctx.MarkDirty();
    }
    return;
  }
  if (timeout == -1 || !ctx.may_block()) return ctx.reply.NullArray();
  // Park with "$" resolved to the IDs seen now, so the rerun after a signal serves what arrives,
  // and without a COUNT with Redis's XREAD_BLOCKED_DEFAULT_COUNT (1000) placed last before
  // STREAMS, so that it is the one parsed.
  size_t keys_at = streams_arg;
  if (count == 0) {
    resolved.insert(resolved.begin() + static_cast<long>(streams_arg - 1), {"COUNT", "1000"});
    keys_at += 2;
  }
  std::vector<std::string_view> argv(resolved.begin(), resolved.end());
  auto saved = ctx.args;
  ctx.args = argv;
  ctx.Block(ctx.args.subspan(keys_at, streams_count), ObjType::kStream,
            timeout == 0 ? 0 : ctx.now_ms + timeout, TimeoutReply::kNullArray);
  ctx.args = saved;
}

void XRead(CommandContext& ctx) {
  XReadGeneric(ctx, false);
}
void XReadGroup(CommandContext& ctx) {
  XReadGeneric(ctx, true);
}

}  // namespace

void RegisterStreamGroupCommands(CommandRegistry& r);  // stream_group.cc

void RegisterStreamFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "stream");
  using namespace cmd;
  constexpr uint64_t kRd = kCatRead | kCatStream;
  constexpr uint64_t kWr = kCatWrite | kCatStream;
  // clang-format off
  add("xadd", -5, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, XAdd,
      "Appends a new entry to a stream", "5.0.0",
      "O(1) when adding a new entry, O(N) when trimming where N being the number of entries "
      "evicted.", "nondeterministic_output");
  add("xlen", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, XLen,
      "Return the number of entries in a stream", "5.0.0", "O(1)");
  add("xrange", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, XRange,
      "Return a range of elements in a stream, with IDs matching the specified IDs interval",
      "5.0.0", "O(N) with N being the number of elements being returned. If N is constant (e.g. "
      "always asking for the first 10 elements with COUNT), you can consider it O(1).");
  add("xrevrange", -4, kReadonly, kRd | kCatSlow, 1, 1, 1, XRevRange,
      "Return a range of elements in a stream, with IDs matching the specified IDs interval, in "
      "reverse order (from greater to smaller IDs) compared to XRANGE", "5.0.0",
      "O(N) with N being the number of elements returned. If N is constant (e.g. always asking "
      "for the first 10 elements with COUNT), you can consider it O(1).");
  add("xdel", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, XDel,
      "Removes the specified entries from the stream. Returns the number of items actually "
      "deleted, that may be different from the number of IDs passed in case certain IDs do not "
      "exist.", "5.0.0", "O(1) for each single item to delete in the stream, regardless of the "
      "stream size.");
  add("xtrim", -4, kWrite, kWr | kCatSlow, 1, 1, 1, XTrim,
      "Trims the stream to (approximately if '~' is passed) a certain size", "5.0.0",
      "O(N), with N being the number of evicted entries. Constant times are very small however, "
      "since entries are organized in macro nodes containing multiple entries that can be "
      "released with a single deallocation.", "nondeterministic_output");
  add("xsetid", -3, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, XSetId,
      "An internal command for replicating stream values", "5.0.0", "O(1)");
  add("xread", -4, kReadonly | kBlocking | kMovableKeys, kRd | kCatSlow | kCatBlocking, 0, 0, 0,
      XRead, "Return never seen elements in multiple streams, with IDs greater than the ones "
      "reported by the caller for each stream. Can block.", "5.0.0",
      "For each stream mentioned: O(N) with N being the number of elements being returned, it "
      "means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, "
      "XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new "
      "data.");
  add("xreadgroup", -7, kWrite | kBlocking | kMovableKeys, kWr | kCatSlow | kCatBlocking, 0, 0,
      0, XReadGroup, "Return new entries from a stream using a consumer group, or access the "
      "history of the pending entries for a given consumer. Can block.", "5.0.0",
      "For each stream mentioned: O(M) with M being the number of elements returned. If M is "
      "constant (e.g. always asking for the first 10 elements with COUNT), you can consider it "
      "O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to "
      "serve the N clients blocked on the stream getting new data.");
  // clang-format on
  RegisterStreamGroupCommands(r);
}

}  // namespace ringkv
