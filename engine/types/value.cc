#include "engine/types/value.h"

#include <algorithm>

#include "engine/types/object_ops.h"
#include "engine/util/numbers.h"

namespace ringkv {

std::string_view TypeName(ObjType t) {
  switch (t) {
    case ObjType::kString: return "string";
    case ObjType::kList: return "list";
    case ObjType::kSet: return "set";
    case ObjType::kZSet: return "zset";
    case ObjType::kHash: return "hash";
    case ObjType::kStream: return "stream";
  }
  return "none";
}

std::string_view EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kRaw: return "raw";
    case Encoding::kInt: return "int";
    case Encoding::kHashtable: return "hashtable";
    case Encoding::kIntset: return "intset";
    case Encoding::kSkiplist: return "skiplist";
    case Encoding::kEmbstr: return "embstr";
    case Encoding::kQuicklist: return "quicklist";
    case Encoding::kStream: return "stream";
    case Encoding::kListpack: return "listpack";
  }
  return "unknown";
}

Value Value::MakeInt(int64_t v) {
  Value out;
  out.encoding_ = Encoding::kInt;
  out.storage_ = Storage::kInt;
  out.u_.i = v;
  return out;
}

Value Value::MakeString(Arena& arena, std::string_view s) {
  int64_t iv;
  // Redis's tryObjectEncoding: strings of up to 20 characters that are canonical integers.
  if (s.size() <= 20 && ParseInt64(s, &iv)) return MakeInt(iv);
  Value out;
  out.encoding_ = s.size() <= kEmbstrMaxLength ? Encoding::kEmbstr : Encoding::kRaw;
  out.len_ = static_cast<uint32_t>(s.size());
  if (s.size() <= sizeof(out.u_.inline_bytes)) {
    out.storage_ = Storage::kInline;
    if (!s.empty()) std::memcpy(out.u_.inline_bytes, s.data(), s.size());
  } else {
    out.storage_ = Storage::kHeap;
    auto* h = static_cast<HeapString*>(arena.Allocate(sizeof(HeapString) + s.size()));
    h->capacity = static_cast<uint32_t>(s.size());
    std::memcpy(h->data, s.data(), s.size());
    out.u_.heap = h;
  }
  return out;
}

Value Value::MakeRawString(Arena& arena, std::string_view s, size_t capacity) {
  Value out;
  out.encoding_ = Encoding::kRaw;
  out.storage_ = Storage::kHeap;
  out.len_ = static_cast<uint32_t>(s.size());
  capacity = std::max(capacity, s.size());
  auto* h = static_cast<HeapString*>(arena.Allocate(sizeof(HeapString) + capacity));
  h->capacity = static_cast<uint32_t>(capacity);
  if (!s.empty()) std::memcpy(h->data, s.data(), s.size());
  out.u_.heap = h;
  return out;
}

std::string_view Value::StringView(char (&scratch)[kIntScratch]) const {
  switch (storage_) {
    case Storage::kInt: return {scratch, FormatInt64(u_.i, scratch)};
    case Storage::kInline: return {u_.inline_bytes, len_};
    case Storage::kHeap: return {u_.heap->data, len_};
    default: return {};
  }
}

size_t Value::StringLength() const {
  if (storage_ == Storage::kInt) {
    char buf[kIntScratch];
    return FormatInt64(u_.i, buf);
  }
  return len_;
}

char* Value::MutableRaw(Arena& arena, size_t new_len) {
  arena.WillModify(this, sizeof(Value));
  char scratch[kIntScratch];
  std::string_view cur = StringView(scratch);
  if (storage_ == Storage::kHeap && u_.heap->capacity >= new_len) {
    // The caller writes anywhere in the string: record all of it.
    arena.WillModify(u_.heap->data, new_len);
    if (new_len > len_) std::memset(u_.heap->data + len_, 0, new_len - len_);
    len_ = static_cast<uint32_t>(new_len);
    encoding_ = Encoding::kRaw;
    return u_.heap->data;
  }
  // Grow as sds does: double below 1 MiB, then +1 MiB, so repeated APPENDs are amortised O(1).
  size_t capacity = new_len < (1u << 20) ? new_len * 2 : new_len + (1u << 20);
  capacity = std::min(capacity, kMaxStringLength);
  capacity = std::max(capacity, new_len);
  auto* h = static_cast<HeapString*>(arena.Allocate(sizeof(HeapString) + capacity));
  h->capacity = static_cast<uint32_t>(capacity);
  size_t keep = std::min(cur.size(), new_len);
  if (keep) std::memcpy(h->data, cur.data(), keep);
  if (new_len > keep) std::memset(h->data + keep, 0, new_len - keep);
  Destroy(arena);
  type_ = ObjType::kString;
  encoding_ = Encoding::kRaw;
  storage_ = Storage::kHeap;
  len_ = static_cast<uint32_t>(new_len);
  u_.heap = h;
  return h->data;
}

size_t Value::HeapBytes() const {
  if (storage_ == Storage::kHeap) return sizeof(HeapString) + u_.heap->capacity;
  if (storage_ == Storage::kObject) return ObjectHeapBytes(*this);
  return 0;
}

void Value::Destroy(Arena& arena) {
  if (storage_ == Storage::kHeap) {
    arena.Deallocate(u_.heap, sizeof(HeapString) + u_.heap->capacity);
  } else if (storage_ == Storage::kObject) {
    DestroyObject(arena, *this);
  }
  storage_ = Storage::kNone;
  len_ = 0;
}

}  // namespace ringkv
