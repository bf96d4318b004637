// Value: what a key holds — a type, an encoding, and 8 bytes of payload.
//
// A Value is 16 bytes. Strings that are canonical int64s are stored as the integer ("int"
// encoding); strings of up to 8 bytes are stored inline; longer ones in an arena block with a
// capacity header so APPEND and SETRANGE grow in place. OBJECT ENCODING reports Redis's names
// (int, embstr for strings of up to 44 bytes, raw otherwise or once modified in place). Collection
// types (later) keep a pointer to their structure in the payload. A Value owns its storage and is
// freed with Destroy(arena); it is moved, never copied implicitly.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/arena.h"

namespace ringkv {

// Numbering follows Redis's OBJ_* and OBJ_ENCODING_* so RDB code can use them directly.
enum class ObjType : uint8_t { kString = 0, kList = 1, kSet = 2, kZSet = 3, kHash = 4, kStream = 6 };
enum class Encoding : uint8_t {
  kRaw = 0,
  kInt = 1,
  kHashtable = 2,
  kIntset = 6,
  kSkiplist = 7,
  kEmbstr = 8,
  kQuicklist = 9,
  kStream = 10,
  kListpack = 11,
};

std::string_view TypeName(ObjType t);
std::string_view EncodingName(Encoding e);

// Largest string a Value holds (proto-max-bulk-len's default, Redis's checkStringLength).
inline constexpr size_t kMaxStringLength = 512ULL * 1024 * 1024;
// Redis stores strings up to this length as "embstr".
inline constexpr size_t kEmbstrMaxLength = 44;
// Scratch buffer size callers pass to StringView for int-encoded strings.
inline constexpr size_t kIntScratch = 24;

class Value {
 public:
  Value() = default;
  Value(Value&& o) noexcept { Take(o); }
  Value& operator=(Value&& o) noexcept {
    // The caller must have destroyed what this held (it needs the arena to do so).
    Take(o);
    return *this;
  }
  Value(const Value&) = delete;
  Value& operator=(const Value&) = delete;

  // A string value holding `s`, encoded as Redis would encode a freshly set string.
  static Value MakeString(Arena& arena, std::string_view s);
  static Value MakeInt(int64_t v);
  // A string of `len` zero bytes stored raw (SETRANGE/SETBIT growth).
  static Value MakeRawString(Arena& arena, std::string_view s, size_t capacity);

  ObjType type() const { return type_; }
  Encoding encoding() const { return encoding_; }
  bool is_string() const { return type_ == ObjType::kString; }

  // The string's bytes; for int-encoded values they are written into `scratch`.
  std::string_view StringView(char (&scratch)[kIntScratch]) const;
  size_t StringLength() const;
  // True and the integer if this string is int-encoded.
  bool AsInt(int64_t* out) const {
    if (encoding_ != Encoding::kInt) return false;
    *out = u_.i;
    return true;
  }

  // In-place edits (APPEND, SETRANGE): make the string raw with room for `new_len` bytes and
  // return its writable buffer; bytes between the old and new length are zero.
  char* MutableRaw(Arena& arena, size_t new_len);

  // Payload pointer of collection types.
  void* object() const { return u_.obj; }
  // A collection: `obj` is the type's structure in the arena (a listpack block, a quicklist...).
  // Destroy frees it through the type's Ops (engine/types/object_ops.h).
  static Value MakeObject(ObjType t, Encoding e, void* obj) {
    Value v;
    v.type_ = t;
    v.encoding_ = e;
    v.storage_ = Storage::kObject;
    v.u_.obj = obj;
    return v;
  }
  // A type converting its encoding (listpack → hashtable) or moving its block (a listpack that
  // grew) updates the value in place; callers record the change with Arena::WillModify first.
  void set_object(Encoding e, void* obj) {
    encoding_ = e;
    u_.obj = obj;
  }
  void set_encoding(Encoding e) { encoding_ = e; }

  // Bytes of arena memory this value uses beyond the 16 bytes of the Value itself.
  size_t HeapBytes() const;
  void Destroy(Arena& arena);

 private:
  enum class Storage : uint8_t { kNone, kInt, kInline, kHeap, kObject };
  struct HeapString {
    uint32_t capacity;
    char data[];
  };
  void Take(Value& o) {
    std::memcpy(static_cast<void*>(this), &o, sizeof(Value));
    o.storage_ = Storage::kNone;
  }

  ObjType type_ = ObjType::kString;
  Encoding encoding_ = Encoding::kEmbstr;
  Storage storage_ = Storage::kNone;
  uint8_t unused_ = 0;
  uint32_t len_ = 0;
  union {
    int64_t i;
    char inline_bytes[8];
    HeapString* heap;
    void* obj;
  } u_{};
};
static_assert(sizeof(Value) == 16);

}  // namespace ringkv
