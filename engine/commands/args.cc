#include "engine/commands/args.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"
#include "engine/util/strings.h"

namespace ringkv {

bool IsOpt(std::string_view arg, std::string_view name) {
  return EqualsIgnoreCase(CStr(arg), name);
}

bool ParseScanCursor(std::string_view arg, uint64_t* out) {
  std::string buf(CStr(arg));
  if (!buf.empty() && std::isspace(static_cast<unsigned char>(buf[0]))) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(buf.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return false;
  *out = v;
  return true;
}

bool ParseScanOptions(CommandContext& ctx, size_t first, bool allow_type, ScanOptions* out) {
  for (size_t i = first; i < ctx.argc(); i += 2) {
    bool has_value = i + 1 < ctx.argc();
    if (IsOpt(ctx.arg(i), "count") && has_value) {
      if (!ParseInt64(ctx.arg(i + 1), &out->count)) {
        ctx.reply.Error(errors::kNotInteger);
        return false;
      }
      if (out->count < 1) {
        ctx.reply.Error(errors::kSyntax);
        return false;
      }
    } else if (IsOpt(ctx.arg(i), "match") && has_value) {
      out->pattern = ctx.arg(i + 1);
      out->use_pattern = out->pattern != "*";
    } else if (allow_type && IsOpt(ctx.arg(i), "type") && has_value) {
      out->type = CStr(ctx.arg(i + 1));
      out->use_type = true;
    } else {
      ctx.reply.Error(errors::kSyntax);
      return false;
    }
  }
  return true;
}

bool CheckString(CommandContext& ctx, const KeyEntry* e) {
  if (e != nullptr && !e->value.is_string()) {
    ctx.reply.Error(errors::kWrongType);
    return false;
  }
  return true;
}

KeyEntry* BeginCollectionScan(CommandContext& ctx, ObjType type, uint64_t* cursor,
                              ScanOptions* opts) {
  if (!ParseScanCursor(ctx.arg(2), cursor)) {
    ctx.reply.Error(errors::kInvalidCursor);
    return nullptr;
  }
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) {
    ctx.reply.Array(2);
    ctx.reply.Bulk("0");
    ctx.reply.Array(0);
    return nullptr;
  }
  if (e->value.type() != type) {
    ctx.reply.Error(errors::kWrongType);
    return nullptr;
  }
  if (!ParseScanOptions(ctx, 3, /*allow_type=*/false, opts)) return nullptr;
  return e;
}

bool ParseTimeoutOrReply(CommandContext& ctx, std::string_view arg, int64_t* deadline_ms) {
  long double secs;
  if (!ParseLongDouble(arg, &secs)) {
    ctx.reply.Error(errors::kTimeoutNotFloat);
    return false;
  }
  long double ms = std::ceil(secs * 1000.0L);
  int64_t tval = INT64_MIN;
  if (ms >= -9223372036854775808.0L && ms < 9223372036854775808.0L) tval = static_cast<int64_t>(ms);
  if (tval < 0) {
    ctx.reply.Error(errors::kTimeoutNegative);
    return false;
  }
  if (tval == 0 || tval > INT64_MAX - ctx.now_ms)
    *deadline_ms = 0;
  else
    *deadline_ms = ctx.now_ms + tval;
  return true;
}

bool ValidFlushMode(std::span<const std::string_view> args) {
  return args.size() == 2 ||
         (args.size() == 3 && (IsOpt(args[2], "async") || IsOpt(args[2], "sync")));
}

}  // namespace ringkv
