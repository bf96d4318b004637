// The HyperLogLog family: PFADD PFCOUNT PFMERGE over strings in Redis's exact HLL representation
// (engine/types/hyperloglog.h). An HLL is edited as a copy and stored back when it changed: the
// sparse form changes length, and a dense one is 12 KB, small next to the command's own cost.
#include <cstring>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/hyperloglog.h"

namespace ringkv {
namespace {

// Redis's isHLLObjectOrReply: WRONGTYPE for a non-string, a distinct WRONGTYPE text for a string
// that is not an HLL. Returns the string's bytes through `out`.
bool HllOrReply(CommandContext& ctx, const KeyEntry* e, char (&scratch)[kIntScratch],
                std::string_view* out) {
  if (!CheckString(ctx, e)) return false;
  *out = e->value.StringView(scratch);
  if (!hll::LooksValid(*out)) return ctx.reply.Error(errors::kHllNotValid), false;
  return true;
}

size_t SparseMax(CommandContext& ctx) {
  return static_cast<size_t>(ctx.engine.config().hll_sparse_max_bytes);
}

// Stores `hll` at `key` (over `existing`, keeping its TTL, or as a new key).
void StoreHll(CommandContext& ctx, std::string_view key, KeyEntry* existing, const std::string& hll) {
  Value v = Value::MakeRawString(ctx.arena(), hll, hll.size());
  if (existing != nullptr) {
    ctx.db().Replace(existing, std::move(v));
  } else {
    ctx.AddKey(key, std::move(v));
  }
}

void PfAdd(CommandContext& ctx) {
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), ctx.arg(1), ctx.now_ms);
  std::string hll;
  uint64_t updated = 0;
  if (e == nullptr) {
    hll = hll::Create();
    updated++;  // creating the key is a change, even with no element
  } else {
    char scratch[kIntScratch];
    std::string_view bytes;
    if (!HllOrReply(ctx, e, scratch, &bytes)) return;
    hll.assign(bytes);
  }
  for (size_t j = 2; j < ctx.argc(); j++) {
    int r = hll::Add(&hll, ctx.arg(j), SparseMax(ctx));
    if (r < 0) return ctx.reply.Error(errors::kHllCorrupt);
    updated += static_cast<uint64_t>(r);
  }
  if (updated != 0) {
    hll::InvalidateCache(&hll);
    StoreHll(ctx, ctx.arg(1), e, hll);
    ctx.MarkDirty(updated);
    ctx.Notify(config::kNotifyString, "pfadd", ctx.arg(1));
  }
  ctx.reply.Integer(updated != 0 ? 1 : 0);
}

// Folds every existing HLL among args[first..] into `max`; false after an error reply.
bool MergeKeys(CommandContext& ctx, size_t first, uint8_t* max, bool* any_dense) {
  for (size_t j = first; j < ctx.argc(); j++) {
    KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(j), ctx.now_ms);
    if (e == nullptr) continue;  // a missing key is an empty HLL
    char scratch[kIntScratch];
    std::string_view bytes;
    if (!HllOrReply(ctx, e, scratch, &bytes)) return false;
    if (any_dense != nullptr && hll::IsDense(bytes)) *any_dense = true;
    if (!hll::MergeInto(bytes, max)) return ctx.reply.Error(errors::kHllCorrupt), false;
  }
  return true;
}

void PfCount(CommandContext& ctx) {
  if (ctx.argc() > 2) {
    // The union's cardinality, from merged registers; no cache is touched.
    std::vector<uint8_t> max(hll::kRegisters, 0);
    if (!MergeKeys(ctx, 1, max.data(), nullptr)) return;
    return ctx.reply.Integer(static_cast<int64_t>(hll::CountRaw(max.data())));
  }
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  char scratch[kIntScratch];
  std::string_view bytes;
  if (!HllOrReply(ctx, e, scratch, &bytes)) return;
  if (hll::CacheValid(bytes)) return ctx.reply.Integer(static_cast<int64_t>(hll::CachedCount(bytes)));
  uint64_t card = 0;
  if (!hll::Count(bytes, &card)) return ctx.reply.Error(errors::kHllCorrupt);
  // Caching the count changes the value: it is a write, propagated like Redis does.
  std::string updated(bytes);
  hll::StoreCache(&updated, card);
  char* raw = e->value.MutableRaw(ctx.arena(), updated.size());
  std::memcpy(raw, updated.data(), updated.size());
  ctx.MarkDirty();
  ctx.reply.Integer(static_cast<int64_t>(card));
}

void PfMerge(CommandContext& ctx) {
  // Every key, the destination included, is merged; a dense input makes the result dense.
  std::vector<uint8_t> max(hll::kRegisters, 0);
  bool any_dense = false;
  if (!MergeKeys(ctx, 1, max.data(), &any_dense)) return;
  KeyEntry* dest = ctx.engine.LookupWrite(ctx.db(), ctx.arg(1), ctx.now_ms);
  std::string hll;
  if (dest != nullptr) {
    char scratch[kIntScratch];
    hll.assign(dest->value.StringView(scratch));  // checked by MergeKeys
  } else {
    hll = hll::Create();
  }
  if (any_dense && !hll::ToDense(&hll)) return ctx.reply.Error(errors::kHllCorrupt);
  for (int j = 0; j < hll::kRegisters; j++) {
    if (max[j] != 0 && hll::SetRegister(&hll, j, max[j], SparseMax(ctx)) < 0) {
      return ctx.reply.Error(errors::kHllCorrupt);
    }
  }
  hll::InvalidateCache(&hll);
  StoreHll(ctx, ctx.arg(1), dest, hll);
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "pfadd", ctx.arg(1));
  ctx.reply.Ok();
}

}  // namespace

void RegisterHyperLogLogFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "hyperloglog");
  using namespace cmd;
  // clang-format off
  add("pfadd", -2, kWrite | kDenyOom | kFast, kCatWrite | kCatHyperLogLog | kCatFast, 1, 1, 1,
      PfAdd, "Adds the specified elements to the specified HyperLogLog.", "2.8.9",
      "O(1) to add every element.");
  add("pfcount", -2, kReadonly, kCatRead | kCatHyperLogLog | kCatSlow, 1, -1, 1, PfCount,
      "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
      "2.8.9",
      "O(1) with a very small average constant time when called with a single key. O(N) with N "
      "being the number of keys, and much bigger constant times, when called with multiple keys.");
  add("pfmerge", -2, kWrite | kDenyOom, kCatWrite | kCatHyperLogLog | kCatSlow, 1, -1, 1, PfMerge,
      "Merge N different HyperLogLogs into a single one.", "2.8.9",
      "O(N) to merge N HyperLogLogs, but with high constant times.");
  // clang-format on
}

}  // namespace ringkv
