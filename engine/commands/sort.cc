// SORT and SORT_RO, as Redis 7.0's sort.c: numeric (strtod) or ALPHA ordering of a list, set or
// sorted set, BY an external key pattern ("nosort" or any pattern without '*' skips sorting),
// GET patterns ("#" for the element, "key*->field" for hash fields), LIMIT, and STORE into a
// list. Equal numeric scores are ordered by the elements' bytes, so the result is deterministic.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/hash_type.h"
#include "engine/types/quicklist.h"
#include "engine/types/set_type.h"
#include "engine/types/zset_type.h"
#include "engine/util/numbers.h"

namespace ringkv {
namespace {

struct SortItem {
  std::string element;
  double score = 0;
  std::optional<std::string> by;  // ALPHA with BY: the external value, if it exists
};

// Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by
// the element and the result names a string key, or with "->field" a hash field. Patterns are C
// strings in Redis, so they end at a NUL.
std::optional<std::string> LookupByPattern(CommandContext& ctx, std::string_view pattern,
                                           std::string_view element) {
  pattern = CStr(pattern);
  if (pattern == "#") return std::string(element);
  size_t star = pattern.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  std::string_view field;
  size_t arrow = pattern.find("->", star + 1);
  std::string_view rest = pattern.substr(star + 1);
  if (arrow != std::string_view::npos && arrow + 2 < pattern.size()) {
    field = pattern.substr(arrow + 2);
    rest = pattern.substr(star + 1, arrow - star - 1);
  }
  std::string key;
  key.append(pattern.substr(0, star)).append(element).append(rest);
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), key, ctx.now_ms);
  if (e == nullptr) return std::nullopt;
  if (!field.empty()) {
    if (e->value.type() != ObjType::kHash) return std::nullopt;
    HashBuf buf;
    std::optional<std::string_view> v = HashType::Get(e->value, field, buf);
    if (!v) return std::nullopt;
    return std::string(*v);
  }
  if (!e->value.is_string()) return std::nullopt;
  char scratch[kIntScratch];
  return std::string(e->value.StringView(scratch));
}

// Redis's compareStringObjects: bytes, then length.
int CompareBytes(std::string_view a, std::string_view b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

// The elements of a list, set or sorted set, in the container's own order (a list and a sorted
// set from `start` for `count` elements, walking backwards with `desc`, when nothing is sorted).
std::vector<SortItem> Elements(const Value& v, bool direct, bool desc, long start, long count) {
  std::vector<SortItem> out;
  if (v.type() == ObjType::kList) {
    const auto* ql = static_cast<const Quicklist*>(v.object());
    long first = direct ? (desc ? static_cast<long>(ql->count()) - start - 1 : start) : 0;
    QuicklistIter it(*ql, first, !(direct && desc));
    Quicklist::Element el;
    char buf[32];
    while ((!direct || static_cast<long>(out.size()) < count) && it.Next(&el)) {
      out.push_back({std::string(el.Text(buf))});
    }
  } else if (v.type() == ObjType::kSet) {
    SetType::ForEach(v, [&](std::string_view m) { out.push_back({std::string(m)}); });
  } else if (direct) {
    ZSetIter it = ZSetType::AtRank(v, static_cast<uint64_t>(start), desc);
    for (long i = 0; i < count && it.Valid(); i++) {
      out.push_back({std::string(it.Member())});
      if (desc) it.Prev();
      else it.Next();
    }
  } else {
    for (ZSetIter it = ZSetType::AtRank(v, 0, false); it.Valid(); it.Next()) {
      out.push_back({std::string(it.Member())});
    }
  }
  return out;
}

void SortGeneric(CommandContext& ctx, bool readonly) {
  bool desc = false, alpha = false, dontsort = false;
  int64_t limit_start = 0, limit_count = -1;
  std::optional<std::string_view> by, store;
  std::vector<std::string_view> gets;
  for (size_t j = 2; j < ctx.argc(); j++) {
    size_t left = ctx.argc() - j - 1;
    std::string_view opt = ctx.arg(j);
    if (IsOpt(opt, "asc")) {
      desc = false;
    } else if (IsOpt(opt, "desc")) {
      desc = true;
    } else if (IsOpt(opt, "alpha")) {
      alpha = true;
    } else if (IsOpt(opt, "limit") && left >= 2) {
      if (!ParseInt64(ctx.arg(j + 1), &limit_start) || !ParseInt64(ctx.arg(j + 2), &limit_count)) {
        return ctx.reply.Error(errors::kNotInteger);
      }
      j += 2;
    } else if (!readonly && IsOpt(opt, "store") && left >= 1) {
      store = ctx.arg(++j);
    } else if (IsOpt(opt, "by") && left >= 1) {
      by = ctx.arg(++j);
      // A pattern without '*' names no per-element key: nothing to sort by.
      if (CStr(*by).find('*') == std::string_view::npos) dontsort = true;
    } else if (IsOpt(opt, "get") && left >= 1) {
      gets.push_back(ctx.arg(++j));
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }

  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e != nullptr && e->value.type() != ObjType::kList && e->value.type() != ObjType::kSet &&
      e->value.type() != ObjType::kZSet) {
    return ctx.reply.Error(errors::kWrongType);
  }
  // A set's own order is its hash table's: when stored, it is sorted ALPHA so that the stored
  // list (and the AOF replaying it) is deterministic, as Redis.
  if (dontsort && e != nullptr && e->value.type() == ObjType::kSet && store) {
    dontsort = false;
    alpha = true;
    by.reset();
  }
  long total = 0;
  if (e != nullptr) {
    total = e->value.type() == ObjType::kList
                ? static_cast<long>(static_cast<const Quicklist*>(e->value.object())->count())
            : e->value.type() == ObjType::kSet ? static_cast<long>(SetType::Size(e->value))
                                                : static_cast<long>(ZSetType::Length(e->value));
  }
  // Redis's LIMIT arithmetic, with the inputs clamped to the object's size first (as 7.0 does
  // against overflow).
  long start = static_cast<long>(std::min<int64_t>(std::max<int64_t>(limit_start, 0), total));
  long count = static_cast<long>(std::min<int64_t>(std::max<int64_t>(limit_count, -1), total));
  long end = count < 0 ? total - 1 : start + count - 1;
  if (start >= total) {
    start = total - 1;
    end = total - 2;
  }
  if (end >= total) end = total - 1;

  // Lists and sorted sets already are in order: with nothing to sort, read just the range.
  bool direct = e != nullptr && dontsort && e->value.type() != ObjType::kSet;
  std::vector<SortItem> items;
  if (e != nullptr) {
    if (direct && end >= start) {
      items = Elements(e->value, true, desc, start, end - start + 1);
      end -= start;
      start = 0;
    } else if (!direct) {
      items = Elements(e->value, false, desc, 0, 0);
    }
  }

  bool conversion_error = false;
  if (!dontsort) {
    for (SortItem& it : items) {
      std::optional<std::string> byval;
      if (by) {
        byval = LookupByPattern(ctx, *by, it.element);
        if (!byval) continue;
      }
      if (alpha) {
        if (by) it.by = std::move(byval);
        continue;
      }
      // strtod over the C string, as Redis: leading space and hex are fine, a NUL ends it.
      std::string text = by ? *byval : it.element;
      errno = 0;
      char* endp = nullptr;
      it.score = std::strtod(text.c_str(), &endp);
      if (*endp != '\0' || errno == ERANGE || std::isnan(it.score)) conversion_error = true;
    }
    auto less = [&](const SortItem& a, const SortItem& b) {
      int cmp;
      if (!alpha) {
        cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : CompareBytes(a.element, b.element);
      } else if (by) {
        if (!a.by || !b.by) cmp = a.by == b.by ? 0 : !a.by ? -1 : 1;
        else cmp = CompareBytes(*a.by, *b.by);
      } else {
        cmp = CompareBytes(a.element, b.element);
      }
      return desc ? cmp > 0 : cmp < 0;
    };
    std::stable_sort(items.begin(), items.end(), less);
  }

  const long n = end >= start ? end - start + 1 : 0;
  const long out_len = gets.empty() ? n : static_cast<long>(gets.size()) * n;
  if (conversion_error) return ctx.reply.Error(errors::kSortNotDouble);
  if (!store) {
    ctx.reply.Array(out_len);
    for (long j = start; j <= end; j++) {
      if (gets.empty()) ctx.reply.Bulk(items[static_cast<size_t>(j)].element);
      for (std::string_view g : gets) {
        std::optional<std::string> v = LookupByPattern(ctx, g, items[static_cast<size_t>(j)].element);
        if (v) ctx.reply.Bulk(*v);
        else ctx.reply.Null();
      }
    }
    return;
  }
  // STORE: the result replaces the destination as a list (missing GET values as ""), or deletes
  // it when empty.
  KeyEntry* dest = ctx.engine.LookupWrite(ctx.db(), *store, ctx.now_ms);
  if (out_len == 0) {
    if (dest != nullptr) {
      ctx.db().Delete(dest);
      ctx.MarkDirty();
      ctx.Notify(config::kNotifyGeneric, "del", *store);
    }
    return ctx.reply.Integer(0);
  }
  const ServerConfig& cfg = ctx.engine.config();
  Quicklist* ql = Quicklist::Create(ctx.arena(), cfg.list_max_listpack_size, cfg.list_compress_depth);
  for (long j = start; j <= end; j++) {
    const std::string& el = items[static_cast<size_t>(j)].element;
    if (gets.empty()) ql->Push(ctx.arena(), el, Quicklist::kTail);
    for (std::string_view g : gets) {
      ql->Push(ctx.arena(), LookupByPattern(ctx, g, el).value_or(""), Quicklist::kTail);
    }
  }
  Value list = Value::MakeObject(ObjType::kList, Encoding::kQuicklist, ql);
  if (dest != nullptr) {
    ctx.db().Replace(dest, std::move(list));
    ctx.db().Persist(dest);
    dest->lru = ctx.engine.LruClock();
  } else {
    ctx.AddKey(*store, std::move(list));
  }
  ctx.MarkDirty(static_cast<uint64_t>(out_len));
  ctx.Notify(config::kNotifyList, "sortstore", *store);
  ctx.reply.Integer(out_len);
}

void Sort(CommandContext& ctx) { SortGeneric(ctx, false); }
void SortRo(CommandContext& ctx) { SortGeneric(ctx, true); }

}  // namespace

void RegisterSortCommands(CommandRegistry& r) {
  FamilyRegistrar add(r, "generic");
  using namespace cmd;
  const uint64_t kAcl = kCatSet | kCatSortedSet | kCatList | kCatSlow | kCatDangerous;
  add("sort", -2, kWrite | kDenyOom | kMovableKeys, kCatWrite | kAcl, 1, 1, 1, Sort,
      "Sort the elements in a list, set or sorted set", "1.0.0",
      "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
      "number of returned elements. When the elements are not sorted, complexity is O(N).");
  add("sort_ro", -2, kReadonly | kMovableKeys, kCatRead | kAcl, 1, 1, 1, SortRo,
      "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", "7.0.0",
      "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "
      "number of returned elements. When the elements are not sorted, complexity is O(N).");
}

}  // namespace ringkv
