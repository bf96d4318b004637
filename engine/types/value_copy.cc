#include "engine/types/value_copy.h"

#include "engine/types/object_ops.h"
#include "engine/util/numbers.h"

namespace ringkv {

Value MakeStringLikeCreate(Arena& arena, std::string_view s) {
  if (s.size() > kEmbstrMaxLength) return Value::MakeRawString(arena, s, s.size());
  int64_t ignored;
  if (s.size() <= 20 && ParseInt64(s, &ignored)) {
    // MakeString would store these bytes as an integer; keep them as bytes, reported as embstr.
    Value v = Value::MakeRawString(arena, s, s.size());
    v.set_encoding(Encoding::kEmbstr);
    return v;
  }
  return Value::MakeString(arena, s);  // embstr: the bytes are not a canonical integer
}

namespace {

Value CopyString(Arena& arena, const Value& v) {
  int64_t i;
  if (v.AsInt(&i)) return Value::MakeInt(i);
  char scratch[kIntScratch];
  std::string_view s = v.StringView(scratch);
  if (v.encoding() == Encoding::kEmbstr) return MakeStringLikeCreate(arena, s);
  return Value::MakeRawString(arena, s, s.size());  // raw stays raw, whatever its length
}

}  // namespace

std::optional<Value> CopyValue(Arena& arena, const Value& v) {
  switch (v.type()) {
    case ObjType::kString:
      return CopyString(arena, v);
    case ObjType::kList:
    case ObjType::kSet:
    case ObjType::kZSet:
    case ObjType::kHash:
    case ObjType::kStream:
      return CopyObject(arena, v);  // each type's Ops::Copy (engine/types/object_ops.h)
  }
  return std::nullopt;
}

}  // namespace ringkv
