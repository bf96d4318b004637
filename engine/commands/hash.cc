// Hash commands: HSET HSETNX HGET HMGET HMSET HDEL HLEN HSTRLEN HEXISTS HKEYS HVALS HGETALL
// HINCRBY HINCRBYFLOAT HRANDFIELD HSCAN — Redis 7.0's t_hash.c semantics: the same replies and
// reply types (a RESP3 map for HGETALL, pairs for HRANDFIELD WITHVALUES), error texts and their
// order, encodings and conversion points (engine/types/hash_type.h), dirty counts and propagated
// effects (HINCRBYFLOAT as HSET of the final value).
#include <climits>
#include <cmath>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/hash_type.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

// ---- helpers ----------------------------------------------------------------------------------

// Replies WRONGTYPE and returns false when `e` holds something other than a hash.
bool CheckHash(CommandContext& ctx, const KeyEntry* e) {
  if (e != nullptr && e->value.type() != ObjType::kHash) {
    ctx.reply.Error(errors::kWrongType);
    return false;
  }
  return true;
}

HashLimits Limits(CommandContext& ctx) {
  return {ctx.engine.config().hash_max_listpack_entries,
          ctx.engine.config().hash_max_listpack_value};
}

KeyEntry* Read(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
}
KeyEntry* Write(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
}

// A new, empty hash (a listpack) at `key`, which is missing; the caller adds a field at once.
KeyEntry* CreateHash(CommandContext& ctx, std::string_view key) {
  return ctx.AddKey(key, HashType::Create(ctx.arena()));
}

// Redis's hashTypeLookupWriteOrCreate: the hash at `key`, created when missing; nullptr after
// replying WRONGTYPE.
KeyEntry* WriteOrCreate(CommandContext& ctx, std::string_view key) {
  KeyEntry* e = Write(ctx, key);
  if (!CheckHash(ctx, e)) return nullptr;
  return e != nullptr ? e : CreateHash(ctx, key);
}

// Field/value texts copied out of a hash (a reply built from a sample): one buffer for the bytes.
class PairList {
 public:
  void Add(std::string_view f, std::string_view v) {
    Push(f);
    Push(v);
  }
  size_t size() const { return ends_.size() / 2; }
  std::string_view field(size_t i) const { return At(2 * i); }
  std::string_view value(size_t i) const { return At(2 * i + 1); }

 private:
  void Push(std::string_view s) {
    bytes_.append(s);
    ends_.push_back(bytes_.size());
  }
  std::string_view At(size_t j) const {
    size_t begin = j == 0 ? 0 : ends_[j - 1];
    return std::string_view(bytes_).substr(begin, ends_[j] - begin);
  }
  std::string bytes_;
  std::vector<size_t> ends_;
};

// ---- HSET HMSET HSETNX HDEL ---------------------------------------------------------------------

void HSetGeneric(CommandContext& ctx, bool reply_ok) {
  if (ctx.argc() % 2 == 1) return ctx.reply.Error(errors::WrongArity(ctx.spec.fullname));
  KeyEntry* e = WriteOrCreate(ctx, ctx.arg(1));
  if (e == nullptr) return;
  HashLimits limits = Limits(ctx);
  int64_t created = 0;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    if (HashType::Set(ctx.arena(), e->value, ctx.arg(i), ctx.arg(i + 1), limits)) created++;
  }
  // Every pair counts as a change, updates included (Redis's server.dirty += (argc-2)/2).
  ctx.MarkDirty((ctx.argc() - 2) / 2);
  ctx.Notify(config::kNotifyHash, "hset", ctx.arg(1));
  if (reply_ok) return ctx.reply.Ok();
  ctx.reply.Integer(created);
}

void HSet(CommandContext& ctx) {
  HSetGeneric(ctx, false);
}
void HMSet(CommandContext& ctx) {
  HSetGeneric(ctx, true);
}

void HSetNx(CommandContext& ctx) {
  KeyEntry* e = WriteOrCreate(ctx, ctx.arg(1));
  if (e == nullptr) return;
  if (HashType::Exists(e->value, ctx.arg(2))) return ctx.reply.Integer(0);
  HashType::Set(ctx.arena(), e->value, ctx.arg(2), ctx.arg(3), Limits(ctx));
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyHash, "hset", ctx.arg(1));
  ctx.reply.Integer(1);
}

void HDel(CommandContext& ctx) {
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckHash(ctx, e)) return;
  int64_t deleted = 0;
  bool key_removed = false;
  for (size_t j = 2; j < ctx.argc(); j++) {
    if (!HashType::Delete(ctx.arena(), e->value, ctx.arg(j))) continue;
    deleted++;
    if (HashType::Length(e->value) == 0) {
      ctx.db().Delete(e);
      key_removed = true;
      break;
    }
  }
  ctx.MarkDirty(static_cast<uint64_t>(deleted));
  if (deleted > 0) ctx.Notify(config::kNotifyHash, "hdel", ctx.arg(1));
  if (key_removed) ctx.Notify(config::kNotifyGeneric, "del", ctx.arg(1));
  ctx.reply.Integer(deleted);
}

// ---- HGET HMGET HLEN HSTRLEN HEXISTS ------------------------------------------------------------

void HGet(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckHash(ctx, e)) return;
  HashBuf buf;
  auto v = HashType::Get(e->value, ctx.arg(2), buf);
  if (!v) return ctx.reply.Null();
  ctx.reply.Bulk(*v);
}

void HMGet(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (!CheckHash(ctx, e)) return;
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t j = 2; j < ctx.argc(); j++) {
    HashBuf buf;
    std::optional<std::string_view> v;
    if (e != nullptr) v = HashType::Get(e->value, ctx.arg(j), buf);
    if (v) {
      ctx.reply.Bulk(*v);
    } else {
      ctx.reply.Null();
    }
  }
}

void HLen(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckHash(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(HashType::Length(e->value)));
}

void HStrLen(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckHash(ctx, e)) return;
  HashBuf buf;
  auto v = HashType::Get(e->value, ctx.arg(2), buf);
  ctx.reply.Integer(v ? static_cast<int64_t>(v->size()) : 0);
}

void HExists(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckHash(ctx, e)) return;
  ctx.reply.Integer(HashType::Exists(e->value, ctx.arg(2)) ? 1 : 0);
}

// ---- HKEYS HVALS HGETALL ------------------------------------------------------------------------

enum class Part { kKeys, kValues, kBoth };

void HGetAllGeneric(CommandContext& ctx, Part part) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (!CheckHash(ctx, e)) return;
  auto len = e == nullptr ? 0 : static_cast<int64_t>(HashType::Length(e->value));
  if (part == Part::kBoth) {
    ctx.reply.Map(len);
  } else {
    ctx.reply.Array(len);
  }
  if (e == nullptr) return;
  HashType::ForEach(e->value, [&](std::string_view f, std::string_view v) {
    if (part != Part::kValues) ctx.reply.Bulk(f);
    if (part != Part::kKeys) ctx.reply.Bulk(v);
  });
}

void HKeys(CommandContext& ctx) {
  HGetAllGeneric(ctx, Part::kKeys);
}
void HVals(CommandContext& ctx) {
  HGetAllGeneric(ctx, Part::kValues);
}
void HGetAll(CommandContext& ctx) {
  HGetAllGeneric(ctx, Part::kBoth);
}

// ---- HINCRBY HINCRBYFLOAT -----------------------------------------------------------------------

void HIncrBy(CommandContext& ctx) {
  int64_t incr;
  if (!ParseInt64(ctx.arg(3), &incr)) return ctx.reply.Error(errors::kNotInteger);
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (!CheckHash(ctx, e)) return;
  int64_t value = 0;
  if (e != nullptr) {
    HashBuf buf;
    auto cur = HashType::Get(e->value, ctx.arg(2), buf);
    if (cur && !ParseInt64(*cur, &value)) return ctx.reply.Error(errors::kHashValueNotInteger);
  }
  if ((incr < 0 && value < 0 && incr < INT64_MIN - value) ||
      (incr > 0 && value > 0 && incr > INT64_MAX - value)) {
    return ctx.reply.Error(errors::kOverflow);
  }
  value += incr;
  if (e == nullptr) e = CreateHash(ctx, ctx.arg(1));  // after every check: never left empty
  char text[24];
  HashType::Set(ctx.arena(), e->value, ctx.arg(2), {text, FormatInt64(value, text)}, Limits(ctx));
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyHash, "hincrby", ctx.arg(1));
  ctx.reply.Integer(value);
}

void HIncrByFloat(CommandContext& ctx) {
  long double incr;
  if (!ParseLongDouble(ctx.arg(3), &incr)) return ctx.reply.Error(errors::kNotFloat);
  if (std::isnan(incr) || std::isinf(incr)) return ctx.reply.Error(errors::kValueNanOrInf);
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (!CheckHash(ctx, e)) return;
  long double value = 0;
  if (e != nullptr) {
    HashBuf buf;
    auto cur = HashType::Get(e->value, ctx.arg(2), buf);
    if (cur && !ParseLongDouble(*cur, &value)) return ctx.reply.Error(errors::kHashValueNotFloat);
  }
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return ctx.reply.Error(errors::kIncrNanOrInf);
  std::string text = FormatLongDoubleHuman(value);
  if (e == nullptr) e = CreateHash(ctx, ctx.arg(1));  // after every check: never left empty
  HashType::Set(ctx.arena(), e->value, ctx.arg(2), text, Limits(ctx));
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyHash, "hincrbyfloat", ctx.arg(1));
  ctx.reply.Bulk(text);
  // Replicated as the final value so float formatting can never differ on a replica or reload.
  ctx.PropagateAs({"HSET", ctx.arg(1), ctx.arg(2), text});
}

// ---- HRANDFIELD ---------------------------------------------------------------------------------

// One field (and value) of HRANDFIELD's reply: RESP3 pairs are arrays of two.
void ReplyPair(CommandContext& ctx, std::string_view f, std::string_view v, bool withvalues) {
  if (withvalues && ctx.reply.Protocol() > 2) ctx.reply.Array(2);
  ctx.reply.Bulk(f);
  if (withvalues) ctx.reply.Bulk(v);
}

void HRandFieldWithCount(CommandContext& ctx) {
  int64_t l;
  if (!ParseInt64(ctx.arg(2), &l)) return ctx.reply.Error(errors::kNotInteger);
  if (l < -INT64_MAX) return ctx.reply.Error(errors::kHashCountOutOfRange);
  bool withvalues = false;
  if (ctx.argc() > 4 || (ctx.argc() == 4 && !IsOpt(ctx.arg(3), "withvalues"))) {
    return ctx.reply.Error(errors::kSyntax);
  } else if (ctx.argc() == 4) {
    withvalues = true;
    if (l < -INT64_MAX / 2 || l > INT64_MAX / 2) return ctx.reply.Error(errors::kValueOutOfRange);
  }
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Array(0);
  if (!CheckHash(ctx, e)) return;
  const Value& h = e->value;
  bool uniq = l >= 0;
  uint64_t count = uniq ? static_cast<uint64_t>(l) : static_cast<uint64_t>(-l);
  uint64_t size = HashType::Length(h);
  if (count == 0) return ctx.reply.Array(0);
  bool flat = withvalues && ctx.reply.Protocol() == 2;

  // Repeats allowed (a negative count), or a single field: independent draws, random order.
  if (!uniq || count == 1) {
    ctx.reply.Array(static_cast<int64_t>(flat ? count * 2 : count));
    if (h.encoding() == Encoding::kListpack) {
      // Draw indexes into the pairs listed once, not a walk of the listpack per draw.
      PairList pairs;
      HashType::ForEach(h, [&](std::string_view f, std::string_view v) { pairs.Add(f, v); });
      while (count--) {
        size_t i = ctx.engine.Random64() % pairs.size();
        ReplyPair(ctx, pairs.field(i), pairs.value(i), withvalues);
      }
    } else {
      while (count--) {
        HashBuf fb, vb;
        std::string_view f, v;
        HashType::Random(h, ctx.engine.Random64(), fb, vb, &f, &v);
        ReplyPair(ctx, f, v, withvalues);
      }
    }
    return;
  }

  uint64_t reply_size = count < size ? count : size;
  ctx.reply.Array(static_cast<int64_t>(flat ? reply_size * 2 : reply_size));
  // As many as there are, or more: the whole hash.
  if (count >= size) {
    HashType::ForEach(
        h, [&](std::string_view f, std::string_view v) { ReplyPair(ctx, f, v, withvalues); });
    return;
  }
  if (h.encoding() == Encoding::kListpack || count * 3 > size) {
    // Selection sampling: each field is kept with probability (needed left)/(fields left), so
    // every subset of `count` is equally likely; fields come out in hash order (Redis's
    // lpRandomPairsUnique for listpacks; its dict copy-and-remove case gives no order either).
    uint64_t left = size, needed = count;
    HashType::ForEach(h, [&](std::string_view f, std::string_view v) {
      if (needed > 0 && ctx.engine.Random64() % left < needed) {
        ReplyPair(ctx, f, v, withvalues);
        needed--;
      }
      left--;
    });
    return;
  }
  // Few out of many: draw random fields until `count` distinct ones were found.
  std::unordered_set<std::string> picked;
  PairList out;
  while (out.size() < count) {
    HashBuf fb, vb;
    std::string_view f, v;
    HashType::Random(h, ctx.engine.Random64(), fb, vb, &f, &v);
    if (picked.emplace(f).second) out.Add(f, v);
  }
  for (size_t i = 0; i < out.size(); i++) ReplyPair(ctx, out.field(i), out.value(i), withvalues);
}

void HRandField(CommandContext& ctx) {
  if (ctx.argc() >= 3) return HRandFieldWithCount(ctx);
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckHash(ctx, e)) return;
  HashBuf fb, vb;
  std::string_view f, v;
  HashType::Random(e->value, ctx.engine.Random64(), fb, vb, &f, &v);
  ctx.reply.Bulk(f);
}

// ---- HSCAN --------------------------------------------------------------------------------------

void HScan(CommandContext& ctx) {
  uint64_t cursor;
  ScanOptions opts;
  KeyEntry* e = BeginCollectionScan(ctx, ObjType::kHash, &cursor, &opts);
  if (e == nullptr) return;
  // Fields and values both count against COUNT, as in Redis's list of replies. MATCH filters
  // afterwards, so it does not change how far a call goes.
  PairList found;
  uint64_t collected = 0;
  auto collect = [&](std::string_view f, std::string_view v) {
    collected += 2;
    if (!opts.use_pattern || GlobMatch(opts.pattern, f)) found.Add(f, v);
  };
  if (e->value.encoding() == Encoding::kListpack) {
    cursor = HashType::Scan(e->value, 0, collect);  // everything at once, cursor 0
  } else {
    cursor = ScanBuckets(
        cursor, opts.count, [&](uint64_t c) { return HashType::Scan(e->value, c, collect); },
        [&] { return collected; });
  }

  ctx.reply.Array(2);
  ctx.reply.Bulk(std::to_string(cursor));
  ctx.reply.Array(static_cast<int64_t>(found.size() * 2));
  for (size_t i = 0; i < found.size(); i++) {
    ctx.reply.Bulk(found.field(i));
    ctx.reply.Bulk(found.value(i));
  }
}

}  // namespace

void RegisterHashFamily(CommandRegistry& r) {
  auto add = [&r](std::string_view name, int arity, uint64_t flags, uint64_t acl,
                  CommandHandler handler, std::string_view summary, std::string_view since,
                  std::string_view complexity, std::string_view tips = {}) {
    r.Add({.name = std::string(name),
           .arity = arity,
           .flags = flags,
           .acl = acl,
           .first_key = 1,
           .last_key = 1,
           .key_step = 1,
           .handler = handler,
           .summary = summary,
           .since = since,
           .group = "hash",
           .complexity = complexity,
           .tips = tips});
  };
  using namespace cmd;
  const uint64_t kRd = kCatRead | kCatHash;
  const uint64_t kWr = kCatWrite | kCatHash;
  // clang-format off
  add("hset", -4, kWrite | kDenyOom | kFast, kWr | kCatFast, HSet,
      "Set the string value of a hash field", "2.0.0",
      "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command "
      "is called with multiple field/value pairs.");
  add("hsetnx", 4, kWrite | kDenyOom | kFast, kWr | kCatFast, HSetNx,
      "Set the value of a hash field, only if the field does not exist", "2.0.0", "O(1)");
  add("hmset", -4, kWrite | kDenyOom | kFast, kWr | kCatFast, HMSet,
      "Set multiple hash fields to multiple values", "2.0.0",
      "O(N) where N is the number of fields being set.");
  add("hget", 3, kReadonly | kFast, kRd | kCatFast, HGet,
      "Get the value of a hash field", "2.0.0", "O(1)");
  add("hmget", -3, kReadonly | kFast, kRd | kCatFast, HMGet,
      "Get the values of all the given hash fields", "2.0.0",
      "O(N) where N is the number of fields being requested.");
  add("hdel", -3, kWrite | kFast, kWr | kCatFast, HDel,
      "Delete one or more hash fields", "2.0.0",
      "O(N) where N is the number of fields to be removed.");
  add("hlen", 2, kReadonly | kFast, kRd | kCatFast, HLen,
      "Get the number of fields in a hash", "2.0.0", "O(1)");
  add("hstrlen", 3, kReadonly | kFast, kRd | kCatFast, HStrLen,
      "Get the length of the value of a hash field", "3.2.0", "O(1)");
  add("hexists", 3, kReadonly | kFast, kRd | kCatFast, HExists,
      "Determine if a hash field exists", "2.0.0", "O(1)");
  add("hkeys", 2, kReadonly, kRd | kCatSlow, HKeys,
      "Get all the fields in a hash", "2.0.0", "O(N) where N is the size of the hash.",
      "nondeterministic_output_order");
  add("hvals", 2, kReadonly, kRd | kCatSlow, HVals,
      "Get all the values in a hash", "2.0.0", "O(N) where N is the size of the hash.",
      "nondeterministic_output_order");
  add("hgetall", 2, kReadonly, kRd | kCatSlow, HGetAll,
      "Get all the fields and values in a hash", "2.0.0", "O(N) where N is the size of the hash.",
      "nondeterministic_output_order");
  add("hincrby", 4, kWrite | kDenyOom | kFast, kWr | kCatFast, HIncrBy,
      "Increment the integer value of a hash field by the given number", "2.0.0", "O(1)");
  add("hincrbyfloat", 4, kWrite | kDenyOom | kFast, kWr | kCatFast, HIncrByFloat,
      "Increment the float value of a hash field by the given amount", "2.6.0", "O(1)");
  add("hrandfield", -2, kReadonly, kRd | kCatSlow, HRandField,
      "Get one or multiple random fields from a hash", "6.2.0",
      "O(N) where N is the number of fields returned", "nondeterministic_output");
  add("hscan", -3, kReadonly, kRd | kCatSlow, HScan,
      "Incrementally iterate hash fields and associated values", "2.8.0",
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
      "the cursor to return back to 0. N is the number of elements inside the collection..",
      "nondeterministic_output");
  // clang-format on
}

}  // namespace ringkv
