// Set commands: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS SRANDMEMBER SPOP SMOVE SINTER
// SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN — Redis 7.0's t_set.c
// semantics: the same replies and reply types (RESP3 sets where 7.0 sends them), error texts,
// encodings (engine/types/set_type.h), dirty counts and propagated effects (SPOP as SREM of the
// popped members, or DEL/UNLINK when the whole set goes).
#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/set_type.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

// ---- helpers ----------------------------------------------------------------------------------

// Replies WRONGTYPE and returns false when `e` holds something other than a set.
bool CheckSet(CommandContext& ctx, const KeyEntry* e) {
  if (e != nullptr && e->value.type() != ObjType::kSet) {
    ctx.reply.Error(errors::kWrongType);
    return false;
  }
  return true;
}

int64_t MaxIntset(CommandContext& ctx) { return ctx.engine.config().set_max_intset_entries; }

KeyEntry* Read(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
}
KeyEntry* Write(CommandContext& ctx, std::string_view key) {
  return ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
}

// Members copied out of sets (a reply written after the walk, members removed meanwhile): one
// buffer for the bytes, so a big reply costs its bytes plus 8 per member.
class MemberList {
 public:
  void Add(std::string_view s) {
    ends_.push_back(static_cast<uint32_t>(bytes_.size() + s.size()));
    bytes_.append(s);
  }
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string bytes_;
  std::vector<uint32_t> ends_;
};

// Redis's setKey for the *STORE commands: `dst` takes `value`, losing any TTL.
void StoreKey(CommandContext& ctx, std::string_view key, Value&& value) {
  Database& db = ctx.db();
  if (KeyEntry* e = Write(ctx, key); e != nullptr) {
    db.Replace(e, std::move(value));
    db.Persist(e);
    e->lru = ctx.engine.LruClock();
  } else {
    ctx.AddKey(key, std::move(value));
  }
}

// A *STORE command's empty result: the destination is deleted (one change if it existed).
void DeleteDestination(CommandContext& ctx, std::string_view key) {
  if (KeyEntry* e = Write(ctx, key); e != nullptr) {
    ctx.db().Delete(e);
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyGeneric, "del", key);
  }
}

// Stores a built result in `dst` (or deletes `dst` when it is empty) and replies its size. The
// keyspace event is the command's name ("sinterstore", "sunionstore", "sdiffstore").
void StoreResult(CommandContext& ctx, std::string_view dst, Value&& result) {
  size_t size = SetType::Size(result);
  if (size > 0) {
    StoreKey(ctx, dst, std::move(result));
    ctx.MarkDirty();
    ctx.Notify(config::kNotifySet, ctx.spec.name, dst);
  } else {
    result.Destroy(ctx.arena());
    DeleteDestination(ctx, dst);
  }
  ctx.reply.Integer(static_cast<int64_t>(size));
}

// ---- SADD SREM SMOVE ----------------------------------------------------------------------------

void SAdd(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  KeyEntry* e = Write(ctx, key);
  if (!CheckSet(ctx, e)) return;
  if (e == nullptr) {
    e = ctx.AddKey(key, SetType::Create(ctx.arena(), ctx.arg(2)));
  }
  int64_t added = 0;
  int64_t max_intset = MaxIntset(ctx);
  for (size_t j = 2; j < ctx.argc(); j++) {
    if (SetType::Add(ctx.arena(), e->value, ctx.arg(j), max_intset)) added++;
  }
  ctx.MarkDirty(static_cast<uint64_t>(added));
  if (added > 0) ctx.Notify(config::kNotifySet, "sadd", key);
  ctx.reply.Integer(added);
}

void SRem(CommandContext& ctx) {
  KeyEntry* e = Write(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckSet(ctx, e)) return;
  int64_t deleted = 0;
  bool key_removed = false;
  for (size_t j = 2; j < ctx.argc(); j++) {
    if (!SetType::Remove(ctx.arena(), e->value, ctx.arg(j))) continue;
    deleted++;
    if (SetType::Size(e->value) == 0) {
      ctx.db().Delete(e);
      key_removed = true;
      break;
    }
  }
  ctx.MarkDirty(static_cast<uint64_t>(deleted));
  if (deleted > 0) ctx.Notify(config::kNotifySet, "srem", ctx.arg(1));
  if (key_removed) ctx.Notify(config::kNotifyGeneric, "del", ctx.arg(1));
  ctx.reply.Integer(deleted);
}

void SMove(CommandContext& ctx) {
  std::string_view member = ctx.arg(3);
  KeyEntry* src = Write(ctx, ctx.arg(1));
  KeyEntry* dst = Write(ctx, ctx.arg(2));
  // A missing source answers 0 before the destination's type is looked at, as Redis.
  if (src == nullptr) return ctx.reply.Integer(0);
  if (!CheckSet(ctx, src) || !CheckSet(ctx, dst)) return;
  if (src == dst) return ctx.reply.Integer(SetType::Contains(src->value, member) ? 1 : 0);
  if (!SetType::Remove(ctx.arena(), src->value, member)) return ctx.reply.Integer(0);
  ctx.Notify(config::kNotifySet, "srem", ctx.arg(1));
  if (SetType::Size(src->value) == 0) {
    ctx.db().Delete(src);
    ctx.Notify(config::kNotifyGeneric, "del", ctx.arg(1));
  }
  if (dst == nullptr) dst = ctx.AddKey(ctx.arg(2), SetType::Create(ctx.arena(), member));
  ctx.MarkDirty();
  if (SetType::Add(ctx.arena(), dst->value, member, MaxIntset(ctx))) {
    ctx.MarkDirty();
    ctx.Notify(config::kNotifySet, "sadd", ctx.arg(2));
  }
  ctx.reply.Integer(1);
}

// ---- SCARD SISMEMBER SMISMEMBER -----------------------------------------------------------------

void SCard(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckSet(ctx, e)) return;
  ctx.reply.Integer(static_cast<int64_t>(SetType::Size(e->value)));
}

void SIsMember(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckSet(ctx, e)) return;
  ctx.reply.Integer(SetType::Contains(e->value, ctx.arg(2)) ? 1 : 0);
}

void SMIsMember(CommandContext& ctx) {
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (!CheckSet(ctx, e)) return;
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t j = 2; j < ctx.argc(); j++) {
    ctx.reply.Integer(e != nullptr && SetType::Contains(e->value, ctx.arg(j)) ? 1 : 0);
  }
}

// ---- SRANDMEMBER --------------------------------------------------------------------------------

// Redis 7.0 answers SRANDMEMBER with a count as an array in both protocols (the members may
// repeat with a negative count, so not a set).
void SRandMemberWithCount(CommandContext& ctx) {
  int64_t l;
  if (!ParseInt64(ctx.arg(2), &l)) return ctx.reply.Error(errors::kNotInteger);
  if (l == INT64_MIN) return ctx.reply.Error(errors::kCountOutOfRange);
  bool uniq = l >= 0;
  uint64_t count = static_cast<uint64_t>(uniq ? l : -l);

  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Array(0);
  if (!CheckSet(ctx, e)) return;
  const Value& set = e->value;
  uint64_t size = SetType::Size(set);
  if (count == 0) return ctx.reply.Array(0);

  MemberBuf buf;
  // CASE 1: a negative count (or a single member): independent draws, repeats allowed.
  if (!uniq || count == 1) {
    ctx.reply.Array(static_cast<int64_t>(count));
    while (count--) ctx.reply.Bulk(SetType::Random(set, ctx.engine.Random64(), buf));
    return;
  }
  // CASE 2: the whole set.
  if (count >= size) {
    ctx.reply.Array(static_cast<int64_t>(size));
    SetType::ForEach(set, [&](std::string_view m) { ctx.reply.Bulk(m); });
    return;
  }
  MemberList picked;
  if (count * 3 > size) {
    // CASE 3: the count is close to the size: take every member, keep a random `count` of them
    // (a partial Fisher-Yates shuffle, where Redis deletes random ones from a copy).
    MemberList all;
    SetType::ForEach(set, [&](std::string_view m) { all.Add(m); });
    std::vector<uint32_t> idx(all.size());
    for (uint32_t i = 0; i < idx.size(); i++) idx[i] = i;
    for (uint64_t i = 0; i < count; i++) {
      uint64_t j = i + ctx.engine.Random64() % (size - i);
      std::swap(idx[i], idx[j]);
      picked.Add(all[idx[i]]);
    }
  } else {
    // CASE 4: a big set: draw until `count` distinct members came out.
    std::unordered_set<std::string_view> seen;
    std::vector<std::string> owned;  // intset members are formatted: keep them alive
    owned.reserve(count);
    while (picked.size() < count) {
      std::string_view m = SetType::Random(set, ctx.engine.Random64(), buf);
      if (seen.contains(m)) continue;
      owned.emplace_back(m);
      seen.insert(owned.back());
      picked.Add(m);
    }
  }
  ctx.reply.Array(static_cast<int64_t>(picked.size()));
  for (size_t i = 0; i < picked.size(); i++) ctx.reply.Bulk(picked[i]);
}

void SRandMember(CommandContext& ctx) {
  if (ctx.argc() == 3) return SRandMemberWithCount(ctx);
  if (ctx.argc() > 3) return ctx.reply.Error(errors::kSyntax);
  KeyEntry* e = Read(ctx, ctx.arg(1));
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckSet(ctx, e)) return;
  MemberBuf buf;
  ctx.reply.Bulk(SetType::Random(e->value, ctx.engine.Random64(), buf));
}

// ---- SPOP ---------------------------------------------------------------------------------------

// How many times the remainder must be smaller than the count for SPOP to rebuild the set from
// the remainder instead of popping members one by one (Redis's SPOP_MOVE_STRATEGY_MUL).
constexpr uint64_t kSpopMoveStrategyMul = 5;

void SPopWithCount(CommandContext& ctx) {
  int64_t l;
  if (!ParseInt64(ctx.arg(2), &l) || l < 0) return ctx.reply.Error(errors::kMustBePositive);
  auto count = static_cast<uint64_t>(l);
  std::string_view key = ctx.arg(1);
  KeyEntry* e = Write(ctx, key);
  if (e == nullptr) return ctx.reply.Set(0);
  if (!CheckSet(ctx, e)) return;
  if (count == 0) return ctx.reply.Set(0);

  Arena& arena = ctx.arena();
  Value& set = e->value;
  uint64_t size = SetType::Size(set);
  ctx.MarkDirty(count >= size ? size : count);
  ctx.Notify(config::kNotifySet, "spop", key);

  // CASE 1: everything goes; the key is deleted and that is what propagates.
  if (count >= size) {
    ctx.reply.Set(static_cast<int64_t>(size));
    SetType::ForEach(set, [&](std::string_view m) { ctx.reply.Bulk(m); });
    ctx.db().Delete(e);
    ctx.Notify(config::kNotifyGeneric, "del", key);
    ctx.PropagateAs({ctx.engine.config().lazyfree_lazy_server_del ? "UNLINK" : "DEL", key});
    return;
  }

  ctx.reply.Set(static_cast<int64_t>(count));
  uint64_t remaining = size - count;
  MemberBuf buf;
  std::string member;
  if (remaining * kSpopMoveStrategyMul > count) {
    // CASE 2: few members go: pop them one at a time.
    while (count--) {
      member.assign(SetType::Random(set, ctx.engine.Random64(), buf));
      SetType::Remove(arena, set, member);
      ctx.reply.Bulk(member);
      ctx.PropagateAs({"SREM", key, member});
    }
    return;
  }
  // CASE 3: few members stay: move them to a new set, hand out the rest, keep the new set (the
  // key's TTL stays). The new set is encoded from scratch, so a hashtable may become an intset.
  Value kept;
  bool have_kept = false;
  while (remaining--) {
    member.assign(SetType::Random(set, ctx.engine.Random64(), buf));
    if (!have_kept) {
      kept = SetType::Create(arena, member);
      have_kept = true;
    }
    SetType::Add(arena, kept, member, MaxIntset(ctx), ValueHome::kLocal);
    SetType::Remove(arena, set, member);
  }
  MemberList popped;
  SetType::ForEach(set, [&](std::string_view m) { popped.Add(m); });
  for (size_t i = 0; i < popped.size(); i++) {
    ctx.reply.Bulk(popped[i]);
    ctx.PropagateAs({"SREM", key, popped[i]});
  }
  ctx.db().Replace(e, std::move(kept));
}

void SPop(CommandContext& ctx) {
  if (ctx.argc() == 3) return SPopWithCount(ctx);
  if (ctx.argc() > 3) return ctx.reply.Error(errors::kSyntax);
  std::string_view key = ctx.arg(1);
  KeyEntry* e = Write(ctx, key);
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckSet(ctx, e)) return;
  MemberBuf buf;
  std::string member(SetType::Random(e->value, ctx.engine.Random64(), buf));
  SetType::Remove(ctx.arena(), e->value, member);
  ctx.PropagateAs({"SREM", key, member});
  ctx.reply.Bulk(member);
  ctx.Notify(config::kNotifySet, "spop", key);
  if (SetType::Size(e->value) == 0) {
    ctx.db().Delete(e);
    ctx.Notify(config::kNotifyGeneric, "del", key);
  }
  ctx.MarkDirty();
}

// ---- SINTER SINTERCARD SINTERSTORE SMEMBERS -----------------------------------------------------

enum class InterMode { kReply, kCard, kStore };

// Redis 7.0's sinterGenericCommand. Every key is looked up and type-checked before a missing one
// (an empty set) short-cuts the answer.
void SInterGeneric(CommandContext& ctx, std::span<const std::string_view> keys, InterMode mode,
                   std::string_view dst = {}, uint64_t limit = 0) {
  std::vector<const Value*> sets;
  bool empty = false;
  for (std::string_view key : keys) {
    KeyEntry* e = Read(ctx, key);
    if (e == nullptr) {
      empty = true;
      continue;
    }
    if (!CheckSet(ctx, e)) return;
    sets.push_back(&e->value);
  }
  if (empty) {
    if (mode == InterMode::kStore) {
      DeleteDestination(ctx, dst);
      ctx.reply.Integer(0);
    } else if (mode == InterMode::kCard) {
      ctx.reply.Integer(0);
    } else {
      ctx.reply.Set(0);
    }
    return;
  }
  // Smallest first: every candidate comes from it.
  std::stable_sort(sets.begin(), sets.end(), [](const Value* a, const Value* b) {
    return SetType::Size(*a) < SetType::Size(*b);
  });
  const Value* first = sets[0];
  if (mode == InterMode::kReply && sets.size() == 1) {
    // SMEMBERS and one-key SINTER: the set itself, without a copy.
    ctx.reply.Set(static_cast<int64_t>(SetType::Size(*first)));
    SetType::ForEach(*first, [&](std::string_view m) { ctx.reply.Bulk(m); });
    return;
  }
  auto in_all = [&](std::string_view m) {
    for (size_t j = 1; j < sets.size(); j++) {
      if (sets[j] != first && !SetType::Contains(*sets[j], m)) return false;
    }
    return true;
  };

  if (mode == InterMode::kCard) {
    uint64_t cardinality = 0;
    SetType::ForEach(*first, [&](std::string_view m) {
      if (in_all(m)) cardinality++;
      return limit == 0 || cardinality < limit;
    });
    return ctx.reply.Integer(static_cast<int64_t>(cardinality));
  }
  if (mode == InterMode::kStore) {
    Value result = SetType::CreateIntset(ctx.arena());
    int64_t max_intset = MaxIntset(ctx);
    SetType::ForEach(*first, [&](std::string_view m) {
      if (in_all(m)) SetType::Add(ctx.arena(), result, m, max_intset, ValueHome::kLocal);
    });
    return StoreResult(ctx, dst, std::move(result));
  }
  MemberList out;
  SetType::ForEach(*first, [&](std::string_view m) {
    if (in_all(m)) out.Add(m);
  });
  ctx.reply.Set(static_cast<int64_t>(out.size()));
  for (size_t i = 0; i < out.size(); i++) ctx.reply.Bulk(out[i]);
}

void SMembers(CommandContext& ctx) { SInterGeneric(ctx, ctx.args.subspan(1, 1), InterMode::kReply); }
void SInter(CommandContext& ctx) { SInterGeneric(ctx, ctx.args.subspan(1), InterMode::kReply); }
void SInterStore(CommandContext& ctx) {
  SInterGeneric(ctx, ctx.args.subspan(2), InterMode::kStore, ctx.arg(1));
}

void SInterCard(CommandContext& ctx) {
  int64_t numkeys;
  if (!ParseInt64(ctx.arg(1), &numkeys) || numkeys < 1) {
    return ctx.reply.Error(errors::kNumkeysNotPositive);
  }
  if (numkeys > static_cast<int64_t>(ctx.argc()) - 2) return ctx.reply.Error(errors::kNumkeysTooMany);
  int64_t limit = 0;
  for (size_t j = 2 + static_cast<size_t>(numkeys); j < ctx.argc(); j++) {
    bool more = j + 1 < ctx.argc();
    if (IsOpt(ctx.arg(j), "limit") && more) {
      if (!ParseInt64(ctx.arg(++j), &limit) || limit < 0) {
        return ctx.reply.Error(errors::kLimitNegative);
      }
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }
  SInterGeneric(ctx, ctx.args.subspan(2, static_cast<size_t>(numkeys)), InterMode::kCard, {},
                static_cast<uint64_t>(limit));
}

// ---- SUNION SUNIONSTORE SDIFF SDIFFSTORE --------------------------------------------------------

enum class SetOp { kUnion, kDiff };

// Redis 7.0's sunionDiffGenericCommand: missing keys are empty sets; the result is built as a
// new set (an intset while it can be), then replied or stored.
void SUnionDiffGeneric(CommandContext& ctx, std::span<const std::string_view> keys, SetOp op,
                       bool store, std::string_view dst = {}) {
  std::vector<const Value*> sets;  // nullptr for a missing key
  bool sameset = false;
  for (std::string_view key : keys) {
    KeyEntry* e = Read(ctx, key);
    if (e == nullptr) {
      sets.push_back(nullptr);
      continue;
    }
    if (!CheckSet(ctx, e)) return;
    sets.push_back(&e->value);
    if (sets.size() > 1 && sets[0] == &e->value) sameset = true;
  }
  auto size_of = [](const Value* s) -> uint64_t { return s == nullptr ? 0 : SetType::Size(*s); };

  // DIFF has two algorithms: 1 checks each member of the first set against the others
  // (O(N*M)), 2 adds the first set and removes the others' members (O(N)); pick the cheaper.
  int diff_algo = 1;
  if (op == SetOp::kDiff && sets[0] != nullptr && !sameset) {
    uint64_t algo_one_work = 0, algo_two_work = 0;
    for (const Value* s : sets) {
      if (s == nullptr) continue;
      algo_one_work += SetType::Size(*sets[0]);
      algo_two_work += SetType::Size(*s);
    }
    // Algorithm 1 has better constants and stops early on common members: give it an advantage.
    algo_one_work /= 2;
    diff_algo = algo_one_work <= algo_two_work ? 1 : 2;
    if (diff_algo == 1 && sets.size() > 1) {
      // Biggest first, to find a member ASAP.
      std::stable_sort(sets.begin() + 1, sets.end(), [&](const Value* a, const Value* b) {
        return size_of(a) > size_of(b);
      });
    }
  }

  Arena& arena = ctx.arena();
  int64_t max_intset = MaxIntset(ctx);
  Value result = SetType::CreateIntset(arena);
  auto add = [&](std::string_view m) {
    return SetType::Add(arena, result, m, max_intset, ValueHome::kLocal);
  };
  if (op == SetOp::kUnion) {
    for (const Value* s : sets) {
      if (s != nullptr) SetType::ForEach(*s, [&](std::string_view m) { add(m); });
    }
  } else if (sameset || sets[0] == nullptr) {
    // A set minus itself, or nothing minus anything: empty.
  } else if (diff_algo == 1) {
    SetType::ForEach(*sets[0], [&](std::string_view m) {
      for (size_t j = 1; j < sets.size(); j++) {
        if (sets[j] != nullptr && SetType::Contains(*sets[j], m)) return;
      }
      add(m);
    });
  } else {
    SetType::ForEach(*sets[0], [&](std::string_view m) { add(m); });
    for (size_t j = 1; j < sets.size() && SetType::Size(result) > 0; j++) {
      if (sets[j] == nullptr) continue;
      SetType::ForEach(*sets[j], [&](std::string_view m) {
        SetType::Remove(arena, result, m, ValueHome::kLocal);
      });
    }
  }

  if (store) return StoreResult(ctx, dst, std::move(result));
  ctx.reply.Set(static_cast<int64_t>(SetType::Size(result)));
  SetType::ForEach(result, [&](std::string_view m) { ctx.reply.Bulk(m); });
  result.Destroy(arena);
}

void SUnion(CommandContext& ctx) { SUnionDiffGeneric(ctx, ctx.args.subspan(1), SetOp::kUnion, false); }
void SUnionStore(CommandContext& ctx) {
  SUnionDiffGeneric(ctx, ctx.args.subspan(2), SetOp::kUnion, true, ctx.arg(1));
}
void SDiff(CommandContext& ctx) { SUnionDiffGeneric(ctx, ctx.args.subspan(1), SetOp::kDiff, false); }
void SDiffStore(CommandContext& ctx) {
  SUnionDiffGeneric(ctx, ctx.args.subspan(2), SetOp::kDiff, true, ctx.arg(1));
}

// ---- SSCAN --------------------------------------------------------------------------------------

void SScan(CommandContext& ctx) {
  uint64_t cursor;
  ScanOptions opt;
  KeyEntry* e = BeginCollectionScan(ctx, ObjType::kSet, &cursor, &opt);
  if (e == nullptr) return;
  MemberList found;
  uint64_t visited = 0;
  cursor = ScanBuckets(
      cursor, opt.count,
      [&](uint64_t c) {
        return SetType::Scan(e->value, c, [&](std::string_view m) {
          visited++;
          if (!opt.use_pattern || GlobMatch(opt.pattern, m)) found.Add(m);
        });
      },
      [&] { return visited; });

  ctx.reply.Array(2);
  ctx.reply.Bulk(std::to_string(cursor));
  ctx.reply.Array(static_cast<int64_t>(found.size()));
  for (size_t i = 0; i < found.size(); i++) ctx.reply.Bulk(found[i]);
}

}  // namespace

void RegisterSetFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "set");
  using namespace cmd;
  const uint64_t kRd = kCatRead | kCatSet;
  const uint64_t kWr = kCatWrite | kCatSet;
  // clang-format off
  add("sadd", -3, kWrite | kDenyOom | kFast, kWr | kCatFast, 1, 1, 1, SAdd,
      "Add one or more members to a set", "1.0.0",
      "O(1) for each element added, so O(N) to add N elements when the command is called with "
      "multiple arguments.");
  add("srem", -3, kWrite | kFast, kWr | kCatFast, 1, 1, 1, SRem,
      "Remove one or more members from a set", "1.0.0",
      "O(N) where N is the number of members to be removed.");
  add("scard", 2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, SCard,
      "Get the number of members in a set", "1.0.0", "O(1)");
  add("sismember", 3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, SIsMember,
      "Determine if a given value is a member of a set", "1.0.0", "O(1)");
  add("smismember", -3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, SMIsMember,
      "Returns the membership associated with the given elements for a set", "6.2.0",
      "O(N) where N is the number of elements being checked for membership");
  add("smembers", 2, kReadonly, kRd | kCatSlow, 1, 1, 1, SMembers,
      "Get all the members in a set", "1.0.0", "O(N) where N is the set cardinality.",
      "nondeterministic_output_order");
  add("srandmember", -2, kReadonly, kRd | kCatSlow, 1, 1, 1, SRandMember,
      "Get one or multiple random members from a set", "1.0.0",
      "Without the count argument O(1), otherwise O(N) where N is the absolute value of the "
      "passed count.", "nondeterministic_output");
  add("spop", -2, kWrite | kFast, kWr | kCatFast, 1, 1, 1, SPop,
      "Remove and return one or multiple random members from a set", "1.0.0",
      "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
      "nondeterministic_output");
  add("smove", 4, kWrite | kFast, kWr | kCatFast, 1, 2, 1, SMove,
      "Move a member from one set to another", "1.0.0", "O(1)");
  add("sinter", -2, kReadonly, kRd | kCatSlow, 1, -1, 1, SInter,
      "Intersect multiple sets", "1.0.0",
      "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
      "sets.", "nondeterministic_output_order");
  add("sintercard", -3, kReadonly | kMovableKeys, kRd | kCatSlow, 0, 0, 0, SInterCard,
      "Intersect multiple sets and return the cardinality of the result", "7.0.0",
      "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
      "sets.");
  add("sinterstore", -3, kWrite | kDenyOom, kWr | kCatSlow, 1, -1, 1, SInterStore,
      "Intersect multiple sets and store the resulting set in a key", "1.0.0",
      "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
      "sets.");
  add("sunion", -2, kReadonly, kRd | kCatSlow, 1, -1, 1, SUnion,
      "Add multiple sets", "1.0.0", "O(N) where N is the total number of elements in all given "
      "sets.", "nondeterministic_output_order");
  add("sunionstore", -3, kWrite | kDenyOom, kWr | kCatSlow, 1, -1, 1, SUnionStore,
      "Add multiple sets and store the resulting set in a key", "1.0.0",
      "O(N) where N is the total number of elements in all given sets.");
  add("sdiff", -2, kReadonly, kRd | kCatSlow, 1, -1, 1, SDiff,
      "Subtract multiple sets", "1.0.0", "O(N) where N is the total number of elements in all "
      "given sets.", "nondeterministic_output_order");
  add("sdiffstore", -3, kWrite | kDenyOom, kWr | kCatSlow, 1, -1, 1, SDiffStore,
      "Subtract multiple sets and store the resulting set in a key", "1.0.0",
      "O(N) where N is the total number of elements in all given sets.");
  add("sscan", -3, kReadonly, kRd | kCatSlow, 1, 1, 1, SScan,
      "Incrementally iterate Set elements", "2.8.0",
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
      "the cursor to return back to 0. N is the number of elements inside the collection..",
      "nondeterministic_output");
  // clang-format on
}

}  // namespace ringkv
