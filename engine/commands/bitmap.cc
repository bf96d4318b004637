// The bitmap family: SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, over plain strings,
// with Redis 7.0's argument order, ranges and errors (bitops.c).
#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/bitops.h"
#include "engine/util/numbers.h"

namespace ringkv {
namespace {

using bitops::Overflow;

// Redis's getBitOffsetFromArgument: a non-negative integer whose byte fits proto-max-bulk-len;
// with `bits` > 0, "#N" means N*bits (BITFIELD's field-index form).
bool BitOffset(CommandContext& ctx, std::string_view arg, int bits, uint64_t* out) {
  bool by_index = bits > 0 && !arg.empty() && arg[0] == '#';
  int64_t v;
  if (!ParseInt64(by_index ? arg.substr(1) : arg, &v) || v < 0 ||
      (by_index && __builtin_mul_overflow(v, static_cast<int64_t>(bits), &v)) ||
      static_cast<uint64_t>(v >> 3) >= static_cast<uint64_t>(ctx.engine.config().proto_max_bulk_len)) {
    ctx.reply.Error(errors::kBitOffset);
    return false;
  }
  *out = static_cast<uint64_t>(v);
  return true;
}

// Redis's lookupStringForBitCommand: the string at the command's key, created or zero-extended
// so that bit `max_bit` exists; returns its writable bytes, or nullptr after WRONGTYPE.
// *grown (when given) tells whether the key was created or lengthened.
unsigned char* StringForBits(CommandContext& ctx, uint64_t max_bit, bool* grown = nullptr) {
  size_t need = static_cast<size_t>(max_bit >> 3) + 1;
  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (!CheckString(ctx, e)) return nullptr;
  bool created = e == nullptr;
  if (created) {
    e = ctx.AddKey(ctx.arg(1), Value::MakeRawString(ctx.arena(), {}, need));
  }
  if (grown != nullptr) *grown = created || e->value.StringLength() < need;
  size_t len = std::max(e->value.StringLength(), need);
  return reinterpret_cast<unsigned char*>(e->value.MutableRaw(ctx.arena(), len));
}

// The readable bytes of a string key for the read commands (int-encoded values as their digits).
struct StringBytes {
  char scratch[kIntScratch];
  std::string_view bytes;
  const unsigned char* data() const { return reinterpret_cast<const unsigned char*>(bytes.data()); }
};

// ---- SETBIT GETBIT ---------------------------------------------------------------------------

void SetBit(CommandContext& ctx) {
  uint64_t offset;
  if (!BitOffset(ctx, ctx.arg(2), 0, &offset)) return;
  int64_t on;
  if (!ParseInt64(ctx.arg(3), &on) || (on & ~int64_t{1}) != 0) {
    return ctx.reply.Error(errors::kBitValue);
  }
  bool grown = false;
  unsigned char* p = StringForBits(ctx, offset, &grown);
  if (p == nullptr) return;
  unsigned char& byte = p[offset >> 3];
  unsigned shift = 7 - (offset & 7);
  int old = (byte >> shift) & 1;
  byte = static_cast<unsigned char>((byte & ~(1u << shift)) | (static_cast<unsigned>(on) << shift));
  // As Redis 7.0: a change only when the key was created or grown, or the bit flipped (so an
  // idempotent SETBIT is neither propagated nor notified).
  if (grown || old != on) {
    ctx.MarkDirty();
    ctx.Notify(config::kNotifyString, "setbit", ctx.arg(1));
  }
  ctx.reply.Integer(old);
}

void GetBit(CommandContext& ctx) {
  uint64_t offset;
  if (!BitOffset(ctx, ctx.arg(2), 0, &offset)) return;
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckString(ctx, e)) return;
  StringBytes s;
  s.bytes = e->value.StringView(s.scratch);
  uint64_t byte = offset >> 3;
  if (byte >= s.bytes.size()) return ctx.reply.Integer(0);
  ctx.reply.Integer((s.data()[byte] >> (7 - (offset & 7))) & 1);
}

// ---- BITCOUNT BITPOS ---------------------------------------------------------------------------

// A byte range of a string after Redis's index rules, with masks for the bits of the first and
// last byte that lie outside a BIT range (0 when the range is in bytes).
struct BitRange {
  int64_t start = 0, end = -1;
  unsigned first_mask = 0, last_mask = 0;
};

// Redis's conversion of start/end (negative from the end, clamped) in BYTE or BIT units.
void ResolveRange(int64_t len, bool in_bits, BitRange* r) {
  int64_t total = in_bits ? len * 8 : len;
  if (r->start < 0) r->start += total;
  if (r->end < 0) r->end += total;
  r->start = std::max<int64_t>(r->start, 0);
  r->end = std::max<int64_t>(r->end, 0);
  if (r->end >= total) r->end = total - 1;
  if (in_bits && r->start <= r->end) {
    r->first_mask = ~((1u << (8 - (r->start & 7))) - 1) & 0xff;
    r->last_mask = (1u << (7 - (r->end & 7))) - 1;
    r->start >>= 3;
    r->end >>= 3;
  }
}

// BYTE or BIT at argument `i`; false after a syntax error.
bool RangeUnit(CommandContext& ctx, size_t i, bool* in_bits) {
  if (IsOpt(ctx.arg(i), "bit")) *in_bits = true;
  else if (IsOpt(ctx.arg(i), "byte")) *in_bits = false;
  else return ctx.reply.Error(errors::kSyntax), false;
  return true;
}

void BitCount(CommandContext& ctx) {
  // The key is looked up first: a missing key answers 0 whatever the arguments, as Redis.
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(0);
  if (!CheckString(ctx, e)) return;
  StringBytes s;
  s.bytes = e->value.StringView(s.scratch);
  const auto len = static_cast<int64_t>(s.bytes.size());
  BitRange r;
  if (ctx.argc() == 4 || ctx.argc() == 5) {
    if (!ParseInt64(ctx.arg(2), &r.start) || !ParseInt64(ctx.arg(3), &r.end)) {
      return ctx.reply.Error(errors::kNotInteger);
    }
    if (r.start < 0 && r.end < 0 && r.start > r.end) return ctx.reply.Integer(0);
    bool in_bits = false;
    if (ctx.argc() == 5 && !RangeUnit(ctx, 4, &in_bits)) return;
    ResolveRange(len, in_bits, &r);
  } else if (ctx.argc() == 2) {
    r.end = len - 1;
  } else {
    return ctx.reply.Error(errors::kSyntax);
  }
  if (r.start > r.end) return ctx.reply.Integer(0);
  const unsigned char* p = s.data();
  uint64_t count = bitops::Popcount(p + r.start, static_cast<size_t>(r.end - r.start + 1));
  if (r.first_mask != 0) count -= std::popcount(p[r.start] & r.first_mask);
  if (r.last_mask != 0) count -= std::popcount(p[r.end] & r.last_mask);
  ctx.reply.Integer(static_cast<int64_t>(count));
}

void BitPos(CommandContext& ctx) {
  int64_t bit;
  if (!ParseInt64(ctx.arg(2), &bit)) return ctx.reply.Error(errors::kNotInteger);
  if (bit != 0 && bit != 1) return ctx.reply.Error(errors::kBitArgument);
  // A missing key is an endless run of zeros.
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Integer(bit ? -1 : 0);
  if (!CheckString(ctx, e)) return;
  StringBytes s;
  s.bytes = e->value.StringView(s.scratch);
  const auto len = static_cast<int64_t>(s.bytes.size());
  BitRange r;
  bool end_given = false;
  if (ctx.argc() >= 4 && ctx.argc() <= 6) {
    if (!ParseInt64(ctx.arg(3), &r.start)) return ctx.reply.Error(errors::kNotInteger);
    bool in_bits = false;
    if (ctx.argc() == 6 && !RangeUnit(ctx, 5, &in_bits)) return;
    if (ctx.argc() >= 5) {
      if (!ParseInt64(ctx.arg(4), &r.end)) return ctx.reply.Error(errors::kNotInteger);
      end_given = true;
    } else {
      r.end = in_bits ? len * 8 + 7 : len - 1;
    }
    ResolveRange(len, in_bits, &r);
  } else if (ctx.argc() == 3) {
    r.end = len - 1;
  } else {
    return ctx.reply.Error(errors::kSyntax);
  }
  if (r.start > r.end) return ctx.reply.Integer(-1);

  // As Redis: the masked first byte alone, then the whole bytes, then the masked last byte, each
  // stopping the search when it finds the bit.
  const unsigned char* p = s.data();
  int64_t start = r.start, bytes = r.end - r.start + 1, pos = -1;
  auto masked = [&](unsigned char c, unsigned mask) {
    return static_cast<unsigned char>(bit ? (c & ~mask) : (c | mask));
  };
  bool done = false;
  if (r.first_mask != 0) {
    unsigned char c = masked(p[start], r.first_mask);
    if (r.last_mask != 0 && bytes == 1) c = masked(c, r.last_mask);
    pos = bitops::FirstBit(&c, 1, static_cast<int>(bit));
    if (bytes == 1 || (pos != -1 && pos != 8)) {
      done = true;
    } else {
      start++;
      bytes--;
    }
  }
  if (!done) {
    int64_t whole = bytes - (r.last_mask != 0 ? 1 : 0);
    if (whole > 0) {
      pos = bitops::FirstBit(p + start, static_cast<size_t>(whole), static_cast<int>(bit));
      if (bytes == whole || (pos != -1 && pos != whole * 8)) {
        done = true;
      } else {
        start += whole;
        bytes -= whole;
      }
    }
  }
  if (!done) {
    unsigned char c = masked(p[r.end], r.last_mask);
    pos = bitops::FirstBit(&c, 1, static_cast<int>(bit));
  }
  // With an explicit end, looking for a 0 must not report the first bit past the range.
  if (end_given && bit == 0 && pos == bytes * 8) return ctx.reply.Integer(-1);
  if (pos != -1) pos += start * 8;
  ctx.reply.Integer(pos);
}

// ---- BITOP -------------------------------------------------------------------------------------

void BitOp(CommandContext& ctx) {
  enum class Op { kAnd, kOr, kXor, kNot } op;
  std::string_view name = ctx.arg(1);
  if (IsOpt(name, "and")) op = Op::kAnd;
  else if (IsOpt(name, "or")) op = Op::kOr;
  else if (IsOpt(name, "xor")) op = Op::kXor;
  else if (IsOpt(name, "not")) op = Op::kNot;
  else return ctx.reply.Error(errors::kSyntax);
  if (op == Op::kNot && ctx.argc() != 4) return ctx.reply.Error(errors::kBitopNot);

  // The sources are read (and type-checked) before anything is written; copies, because the
  // destination may be one of them.
  const size_t n = ctx.argc() - 3;
  std::vector<std::string> src(n);
  size_t max_len = 0;
  for (size_t j = 0; j < n; j++) {
    KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(3 + j), ctx.now_ms);
    if (e == nullptr) continue;
    if (!CheckString(ctx, e)) return;
    char scratch[kIntScratch];
    src[j] = std::string(e->value.StringView(scratch));
    max_len = std::max(max_len, src[j].size());
  }
  std::string_view dest = ctx.arg(2);
  KeyEntry* existing = ctx.engine.LookupWrite(ctx.db(), dest, ctx.now_ms);
  if (max_len == 0) {
    if (existing != nullptr) {
      ctx.db().Delete(existing);
      ctx.MarkDirty();
      ctx.Notify(config::kNotifyGeneric, "del", dest);
    }
    return ctx.reply.Integer(0);
  }
  Value result = Value::MakeRawString(ctx.arena(), {}, max_len);
  auto* out = reinterpret_cast<unsigned char*>(result.MutableRaw(ctx.arena(), max_len));
  auto byte_at = [&](size_t k, size_t j) -> unsigned char {
    return j < src[k].size() ? static_cast<unsigned char>(src[k][j]) : 0;
  };
  for (size_t j = 0; j < max_len; j++) {
    unsigned char acc = byte_at(0, j);
    if (op == Op::kNot) acc = static_cast<unsigned char>(~acc);
    for (size_t k = 1; k < n; k++) {
      if (op == Op::kAnd) acc &= byte_at(k, j);
      else if (op == Op::kOr) acc |= byte_at(k, j);
      else acc ^= byte_at(k, j);
    }
    out[j] = acc;
  }
  // Stored as SET would: a new value, any TTL dropped.
  if (existing != nullptr) {
    ctx.db().Replace(existing, std::move(result));
    ctx.db().Persist(existing);
    existing->lru = ctx.engine.LruClock();
  } else {
    ctx.AddKey(dest, std::move(result));
  }
  ctx.MarkDirty();
  ctx.Notify(config::kNotifyString, "set", dest);
  ctx.reply.Integer(static_cast<int64_t>(max_len));
}

// ---- BITFIELD BITFIELD_RO ----------------------------------------------------------------------

struct FieldOp {
  enum Kind { kGet, kSet, kIncrBy } kind;
  bool is_signed;
  int bits;
  uint64_t offset;
  int64_t arg;
  Overflow overflow;
};

// "i<bits>" (1..64) or "u<bits>" (1..63), lower case only, as Redis.
bool FieldType(CommandContext& ctx, std::string_view arg, bool* is_signed, int* bits) {
  int64_t n = 0;
  bool ok = !arg.empty() && (arg[0] == 'i' || arg[0] == 'u') && ParseInt64(arg.substr(1), &n) &&
            n >= 1 && n <= (arg[0] == 'i' ? 64 : 63);
  if (!ok) return ctx.reply.Error(errors::kBitfieldType), false;
  *is_signed = arg[0] == 'i';
  *bits = static_cast<int>(n);
  return true;
}

// Parses every operation before touching the key, as Redis, so a bad one changes nothing.
bool ParseFieldOps(CommandContext& ctx, std::vector<FieldOp>* ops, uint64_t* highest_bit) {
  Overflow overflow = Overflow::kWrap;
  for (size_t j = 2; j < ctx.argc(); j++) {
    size_t left = ctx.argc() - j - 1;
    std::string_view sub = ctx.arg(j);
    FieldOp op{};
    if (IsOpt(sub, "get") && left >= 2) {
      op.kind = FieldOp::kGet;
    } else if (IsOpt(sub, "set") && left >= 3) {
      op.kind = FieldOp::kSet;
    } else if (IsOpt(sub, "incrby") && left >= 3) {
      op.kind = FieldOp::kIncrBy;
    } else if (IsOpt(sub, "overflow") && left >= 1) {
      std::string_view how = ctx.arg(++j);
      if (IsOpt(how, "wrap")) overflow = Overflow::kWrap;
      else if (IsOpt(how, "sat")) overflow = Overflow::kSat;
      else if (IsOpt(how, "fail")) overflow = Overflow::kFail;
      else return ctx.reply.Error(errors::kBitfieldOverflow), false;
      continue;
    } else {
      return ctx.reply.Error(errors::kSyntax), false;
    }
    if (!FieldType(ctx, ctx.arg(j + 1), &op.is_signed, &op.bits)) return false;
    if (!BitOffset(ctx, ctx.arg(j + 2), op.bits, &op.offset)) return false;
    if (op.kind != FieldOp::kGet) {
      *highest_bit = std::max(*highest_bit, op.offset + static_cast<uint64_t>(op.bits) - 1);
      if (!ParseInt64(ctx.arg(j + 3), &op.arg)) return ctx.reply.Error(errors::kNotInteger), false;
    }
    op.overflow = overflow;
    ops->push_back(op);
    j += op.kind == FieldOp::kGet ? 2 : 3;
  }
  return true;
}

// SET replies the old value, INCRBY the new one; under OVERFLOW FAIL an overflowing operation
// writes nothing and replies null.
void ApplyWrite(CommandContext& ctx, unsigned char* p, const FieldOp& op) {
  const bool incr = op.kind == FieldOp::kIncrBy;
  if (op.is_signed) {
    int64_t old = bitops::GetSigned(p, op.offset, op.bits);
    int64_t value = incr ? old : op.arg;
    int64_t wrapped = 0;
    int over = bitops::SignedOverflow(value, incr ? op.arg : 0, op.bits, op.overflow, &wrapped);
    if (over != 0 && op.overflow == Overflow::kFail) return ctx.reply.Null();
    int64_t next = over != 0 ? wrapped
                             : static_cast<int64_t>(static_cast<uint64_t>(value) +
                                                    static_cast<uint64_t>(incr ? op.arg : 0));
    bitops::SetUnsigned(p, op.offset, op.bits, static_cast<uint64_t>(next));
    return ctx.reply.Integer(incr ? next : old);
  }
  uint64_t old = bitops::GetUnsigned(p, op.offset, op.bits);
  uint64_t value = incr ? old : static_cast<uint64_t>(op.arg);
  uint64_t wrapped = 0;
  int over = bitops::UnsignedOverflow(value, incr ? op.arg : 0, op.bits, op.overflow, &wrapped);
  if (over != 0 && op.overflow == Overflow::kFail) return ctx.reply.Null();
  uint64_t next = over != 0 ? wrapped : value + static_cast<uint64_t>(incr ? op.arg : 0);
  bitops::SetUnsigned(p, op.offset, op.bits, next);
  ctx.reply.Integer(static_cast<int64_t>(incr ? next : old));
}

// GET reads through a zero-padded copy of the (up to 9) bytes the field touches, so a field
// past the end of the string reads as zeros.
void ApplyGet(CommandContext& ctx, std::string_view bytes, const FieldOp& op) {
  unsigned char buf[9] = {};
  uint64_t first = op.offset >> 3;
  for (uint64_t i = 0; i < 9 && first + i < bytes.size(); i++) {
    buf[i] = static_cast<unsigned char>(bytes[first + i]);
  }
  uint64_t at = op.offset - first * 8;
  if (op.is_signed) return ctx.reply.Integer(bitops::GetSigned(buf, at, op.bits));
  ctx.reply.Integer(static_cast<int64_t>(bitops::GetUnsigned(buf, at, op.bits)));
}

void BitFieldGeneric(CommandContext& ctx, bool read_only_command) {
  std::vector<FieldOp> ops;
  uint64_t highest_bit = 0;
  if (!ParseFieldOps(ctx, &ops, &highest_bit)) return;
  bool writes = std::any_of(ops.begin(), ops.end(), [](const FieldOp& op) {
    return op.kind != FieldOp::kGet;
  });
  unsigned char* p = nullptr;
  KeyEntry* e = nullptr;
  if (!writes) {
    e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
    if (!CheckString(ctx, e)) return;
  } else {
    if (read_only_command) return ctx.reply.Error(errors::kBitfieldReadOnly);
    if ((p = StringForBits(ctx, highest_bit)) == nullptr) return;
    e = ctx.db().Find(ctx.arg(1));
  }
  ctx.reply.Array(static_cast<int64_t>(ops.size()));
  uint64_t changes = 0;
  for (const FieldOp& op : ops) {
    if (op.kind != FieldOp::kGet) {
      ApplyWrite(ctx, p, op);
      changes++;  // counted even when OVERFLOW FAIL left the bits alone, as Redis
      continue;
    }
    StringBytes s;
    if (e != nullptr) s.bytes = e->value.StringView(s.scratch);
    ApplyGet(ctx, s.bytes, op);
  }
  if (changes != 0) {
    ctx.MarkDirty(changes);
    ctx.Notify(config::kNotifyString, "setbit", ctx.arg(1));
  }
}

void BitField(CommandContext& ctx) { BitFieldGeneric(ctx, false); }
void BitFieldRo(CommandContext& ctx) { BitFieldGeneric(ctx, true); }

}  // namespace

void RegisterBitmapFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "bitmap");
  using namespace cmd;
  const uint64_t kRd = kCatRead | kCatBitmap;
  const uint64_t kWr = kCatWrite | kCatBitmap;
  // clang-format off
  add("setbit", 4, kWrite | kDenyOom, kWr | kCatSlow, 1, 1, 1, SetBit,
      "Sets or clears the bit at offset in the string value stored at key", "2.2.0", "O(1)");
  add("getbit", 3, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, GetBit,
      "Returns the bit value at offset in the string value stored at key", "2.2.0", "O(1)");
  add("bitcount", -2, kReadonly, kRd | kCatSlow, 1, 1, 1, BitCount,
      "Count set bits in a string", "2.6.0", "O(N)");
  add("bitpos", -3, kReadonly, kRd | kCatSlow, 1, 1, 1, BitPos,
      "Find first bit set or clear in a string", "2.8.7", "O(N)");
  add("bitop", -4, kWrite | kDenyOom, kWr | kCatSlow, 2, -1, 1, BitOp,
      "Perform bitwise operations between strings", "2.6.0", "O(N)");
  add("bitfield", -2, kWrite | kDenyOom, kWr | kCatSlow, 1, 1, 1, BitField,
      "Perform arbitrary bitfield integer operations on strings", "3.2.0",
      "O(1) for each subcommand specified");
  add("bitfield_ro", -2, kReadonly | kFast, kRd | kCatFast, 1, 1, 1, BitFieldRo,
      "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
      "6.0.0", "O(1) for each subcommand specified");
  // clang-format on
}

}  // namespace ringkv
