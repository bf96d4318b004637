#include "engine/types/set_type.h"

#include <new>

#include "engine/keyspace/database.h"
#include "engine/util/numbers.h"

namespace ringkv {
namespace {

// Redis caps the intset at 2^30 entries whatever set-max-intset-entries says (its length field
// times 8 bytes must stay far from overflow).
constexpr int64_t kIntsetHardLimit = int64_t{1} << 30;

size_t NodeBytes(size_t len) { return sizeof(SetMember*) + (len < 0xFF ? 1 : 5) + len; }

SetMember* NewMember(Arena& arena, std::string_view s) {
  size_t bytes = NodeBytes(s.size());
  auto* m = static_cast<SetMember*>(arena.Allocate(bytes));
  m->next = nullptr;
  uint8_t* p = m->tail;
  if (s.size() < 0xFF) {
    *p++ = static_cast<uint8_t>(s.size());
  } else {
    *p++ = 0xFF;
    auto len = static_cast<uint32_t>(s.size());
    std::memcpy(p, &len, 4);
    p += 4;
  }
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return m;
}

void FreeMember(Arena& arena, SetMember* m) { arena.Deallocate(m, NodeBytes(m->view().size())); }

SetHashtable* NewTable(Arena& arena) {
  return new (arena.Allocate(sizeof(SetHashtable))) SetHashtable(arena);
}

// Adds a member known to be absent.
void TableInsert(Arena& arena, SetHashtable* h, std::string_view s) {
  SetMember* m = NewMember(arena, s);
  arena.WillModify(h, sizeof(*h));
  h->table.Insert(m);
  h->member_bytes += NodeBytes(s.size());
}

void RecordValue(Arena& arena, Value& v, ValueHome home) {
  if (home == ValueHome::kArena) arena.WillModify(&v, sizeof(Value));
}

}  // namespace

uint64_t SetMemberTraits::Hash(std::string_view s) { return HashKey(s); }

std::string_view SetType::FormatInt(int64_t i, MemberBuf& buf) {
  return {buf, FormatInt64(i, buf)};
}

Value SetType::Create(Arena& arena, std::string_view first) {
  int64_t ignored;
  return ParseInt64(first, &ignored) ? CreateIntset(arena) : CreateHashtable(arena);
}

Value SetType::CreateIntset(Arena& arena) {
  return Value::MakeObject(ObjType::kSet, Encoding::kIntset, intset::New(arena));
}

Value SetType::CreateHashtable(Arena& arena) {
  return Value::MakeObject(ObjType::kSet, Encoding::kHashtable, NewTable(arena));
}

size_t SetType::Size(const Value& v) {
  if (v.encoding() == Encoding::kIntset) return intset::Length(IntsetOf(v));
  return TableOf(v)->table.size();
}

bool SetType::Contains(const Value& v, std::string_view member) {
  if (v.encoding() == Encoding::kIntset) {
    int64_t i;
    return ParseInt64(member, &i) && intset::Find(IntsetOf(v), i);
  }
  return TableOf(v)->table.Find(member) != nullptr;
}

bool SetType::Add(Arena& arena, Value& v, std::string_view member, int64_t max_intset_entries,
                  ValueHome home) {
  if (v.encoding() == Encoding::kIntset) {
    int64_t i;
    if (ParseInt64(member, &i)) {
      bool added;
      uint8_t* is = intset::Add(arena, IntsetOf(v), i, &added);
      if (!added) return false;
      RecordValue(arena, v, home);
      v.set_object(Encoding::kIntset, is);
      int64_t limit = max_intset_entries < kIntsetHardLimit ? max_intset_entries : kIntsetHardLimit;
      if (static_cast<int64_t>(intset::Length(is)) > limit) ConvertToHashtable(arena, v, home);
      return true;
    }
    // A non-integer member cannot be in an intset: convert, then it is surely new.
    ConvertToHashtable(arena, v, home);
    TableInsert(arena, TableOf(v), member);
    return true;
  }
  SetHashtable* h = TableOf(v);
  if (h->table.Find(member) != nullptr) return false;
  TableInsert(arena, h, member);
  return true;
}

bool SetType::Remove(Arena& arena, Value& v, std::string_view member, ValueHome home) {
  if (v.encoding() == Encoding::kIntset) {
    int64_t i;
    if (!ParseInt64(member, &i)) return false;
    bool removed;
    uint8_t* is = intset::Remove(arena, IntsetOf(v), i, &removed);
    if (!removed) return false;
    RecordValue(arena, v, home);
    v.set_object(Encoding::kIntset, is);
    return true;
  }
  SetHashtable* h = TableOf(v);
  arena.WillModify(h, sizeof(*h));
  SetMember* m = h->table.Remove(member);
  if (m == nullptr) return false;
  h->member_bytes -= NodeBytes(member.size());
  FreeMember(arena, m);
  return true;
}

void SetType::ConvertToHashtable(Arena& arena, Value& v, ValueHome home) {
  if (v.encoding() != Encoding::kIntset) return;
  uint8_t* is = IntsetOf(v);
  SetHashtable* h = NewTable(arena);  // new this command: no WillModify needed while filling it
  uint32_t n = intset::Length(is);
  MemberBuf buf;
  for (uint32_t i = 0; i < n; i++) {
    std::string_view s = FormatInt(intset::Get(is, i), buf);
    h->table.Insert(NewMember(arena, s));
    h->member_bytes += NodeBytes(s.size());
  }
  intset::Free(arena, is);
  RecordValue(arena, v, home);
  v.set_object(Encoding::kHashtable, h);
}

std::string_view SetType::Random(const Value& v, uint64_t rnd, MemberBuf& buf) {
  if (v.encoding() == Encoding::kIntset) {
    const uint8_t* is = IntsetOf(v);
    return FormatInt(intset::Get(is, static_cast<uint32_t>(rnd % intset::Length(is))), buf);
  }
  return TableOf(v)->table.Random(rnd)->view();
}

Value SetType::Copy(Arena& arena, const Value& v) {
  if (v.encoding() == Encoding::kIntset) {
    return Value::MakeObject(ObjType::kSet, Encoding::kIntset, intset::Copy(arena, IntsetOf(v)));
  }
  SetHashtable* h = NewTable(arena);
  TableOf(v)->table.ForEach([&](const SetMember* m) {
    std::string_view s = m->view();
    h->table.Insert(NewMember(arena, s));
    h->member_bytes += NodeBytes(s.size());
  });
  return Value::MakeObject(ObjType::kSet, Encoding::kHashtable, h);
}

size_t SetType::HeapBytes(const Value& v) {
  if (v.encoding() == Encoding::kIntset) return intset::BlobLen(IntsetOf(v));
  const SetHashtable* h = TableOf(v);
  return sizeof(SetHashtable) + h->table.BucketBytes() + h->member_bytes;
}

void SetType::Destroy(Arena& arena, Value& v) {
  if (v.object() == nullptr) return;
  if (v.encoding() == Encoding::kIntset) {
    intset::Free(arena, IntsetOf(v));
    return;
  }
  SetHashtable* h = TableOf(v);
  h->table.ForEach([&](SetMember* m) { FreeMember(arena, m); });
  h->~SetHashtable();
  arena.Deallocate(h, sizeof(SetHashtable));
}

}  // namespace ringkv
