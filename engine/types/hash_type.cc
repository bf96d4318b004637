#include "engine/types/hash_type.h"

#include <new>

#include "engine/keyspace/database.h"

namespace ringkv {
namespace {

size_t LenBytes(size_t len) {
  return len < 0xFF ? 1 : 5;
}

// Block size of a node; rounded to 8 as the allocator rounds anyway, so a value whose length
// changes within the rounding is rewritten in place.
size_t NodeAlloc(size_t flen, size_t vlen) {
  size_t raw = sizeof(HashNode*) + LenBytes(flen) + LenBytes(vlen) + flen + vlen;
  return (raw + 7) & ~size_t{7};
}

size_t NodeSize(const HashNode* n) {
  return NodeAlloc(n->field().size(), n->value().size());
}

uint8_t* WriteLen(uint8_t* p, size_t len) {
  if (len < 0xFF) {
    *p = static_cast<uint8_t>(len);
    return p + 1;
  }
  *p = 0xFF;
  auto l = static_cast<uint32_t>(len);
  std::memcpy(p + 1, &l, 4);
  return p + 5;
}

HashNode* NewNode(Arena& arena, std::string_view field, std::string_view value) {
  auto* n = static_cast<HashNode*>(arena.Allocate(NodeAlloc(field.size(), value.size())));
  n->next = nullptr;
  uint8_t* p = WriteLen(n->tail, field.size());
  p = WriteLen(p, value.size());
  if (!field.empty()) std::memcpy(p, field.data(), field.size());
  if (!value.empty()) std::memcpy(p + field.size(), value.data(), value.size());
  return n;
}

HashFieldTable* NewTable(Arena& arena) {
  return new (arena.Allocate(sizeof(HashFieldTable))) HashFieldTable(arena);
}

// Adds a field known to be absent to a table.
void TableInsert(Arena& arena, HashFieldTable* h, std::string_view field, std::string_view value) {
  HashNode* n = NewNode(arena, field, value);
  arena.WillModify(h, sizeof(*h));
  h->table.Insert(n);
  h->node_bytes += NodeAlloc(field.size(), value.size());
}

void RecordValue(Arena& arena, Value& v, HashHome home) {
  if (home == HashHome::kArena) arena.WillModify(&v, sizeof(Value));
}

// Points `v` at a listpack that may have moved.
void UpdateListpack(Arena& arena, Value& v, uint8_t* lp, HashHome home) {
  if (lp == v.object()) return;
  RecordValue(arena, v, home);
  v.set_object(Encoding::kListpack, lp);
}

bool TableSet(Arena& arena, HashFieldTable* h, std::string_view field, std::string_view value) {
  HashNode* n = h->table.Find(field);
  if (n == nullptr) {
    TableInsert(arena, h, field, value);
    return true;
  }
  std::string_view old = n->value();
  if (LenBytes(old.size()) == LenBytes(value.size()) &&
      NodeAlloc(field.size(), old.size()) == NodeAlloc(field.size(), value.size())) {
    // Same block size and layout: rewrite the value's length and bytes in place.
    uint8_t* lenp = n->tail + LenBytes(field.size());
    auto* vp = reinterpret_cast<uint8_t*>(const_cast<char*>(old.data()));
    arena.WillModify(lenp, LenBytes(value.size()));
    arena.WillModify(vp, value.size());
    WriteLen(lenp, value.size());
    if (!value.empty()) std::memcpy(vp, value.data(), value.size());
    return false;
  }
  arena.WillModify(h, sizeof(*h));
  HashNode* removed = h->table.Remove(field);
  size_t old_size = NodeSize(removed);
  arena.Deallocate(removed, old_size);
  h->node_bytes -= old_size;
  TableInsert(arena, h, field, value);
  return false;
}

}  // namespace

uint64_t HashNodeTraits::Hash(std::string_view s) {
  return HashKey(s);
}

Value HashType::Create(Arena& arena) {
  return Value::MakeObject(ObjType::kHash, Encoding::kListpack, lp::New(arena));
}

size_t HashType::Length(const Value& v) {
  if (v.encoding() == Encoding::kListpack) return lp::Length(ListpackOf(v)) / 2;
  return TableOf(v)->table.size();
}

bool HashType::Exists(const Value& v, std::string_view field) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = ListpackOf(v);
    const uint8_t* first = lp::First(lp);
    return first != nullptr && lp::Find(lp, first, field, 1) != nullptr;
  }
  return TableOf(v)->table.Find(field) != nullptr;
}

std::optional<std::string_view> HashType::Get(const Value& v, std::string_view field,
                                              HashBuf& buf) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = ListpackOf(v);
    const uint8_t* p = lp::First(lp);
    if (p != nullptr) p = lp::Find(lp, p, field, 1);
    if (p == nullptr) return std::nullopt;
    return lp::Get(lp::Next(lp, p)).Text(buf);
  }
  const HashNode* n = TableOf(v)->table.Find(field);
  if (n == nullptr) return std::nullopt;
  return n->value();
}

bool HashType::Set(Arena& arena, Value& v, std::string_view field, std::string_view value,
                   const HashLimits& limits, HashHome home) {
  if (v.encoding() == Encoding::kListpack) {
    auto max_value = static_cast<uint64_t>(limits.max_value);
    if (field.size() > max_value || value.size() > max_value ||
        !lp::SafeToAdd(ListpackOf(v), field.size() + value.size())) {
      ConvertToHashtable(arena, v, home);
    }
  }
  if (v.encoding() != Encoding::kListpack) return TableSet(arena, TableOf(v), field, value);

  uint8_t* lp = ListpackOf(v);
  uint8_t* p = lp::First(lp);
  if (p != nullptr) p = lp::Find(lp, p, field, 1);
  bool added = p == nullptr;
  if (!added) {
    uint8_t* vp = lp::Next(lp, p);
    lp = lp::Replace(arena, lp, &vp, value);
  } else {
    lp = lp::Append(arena, lp, field);
    lp = lp::Append(arena, lp, value);
  }
  UpdateListpack(arena, v, lp, home);
  if (added && static_cast<int64_t>(lp::Length(lp) / 2) > limits.max_entries) {
    ConvertToHashtable(arena, v, home);
  }
  return added;
}

bool HashType::Delete(Arena& arena, Value& v, std::string_view field, HashHome home) {
  if (v.encoding() == Encoding::kListpack) {
    uint8_t* lp = ListpackOf(v);
    uint8_t* p = lp::First(lp);
    if (p != nullptr) p = lp::Find(lp, p, field, 1);
    if (p == nullptr) return false;
    lp = lp::Delete(arena, lp, &p);  // the field; p is now its value
    lp = lp::Delete(arena, lp, &p);
    UpdateListpack(arena, v, lp, home);
    return true;
  }
  HashFieldTable* h = TableOf(v);
  if (h->table.Find(field) == nullptr) return false;
  arena.WillModify(h, sizeof(*h));
  HashNode* n = h->table.Remove(field);
  size_t size = NodeSize(n);
  h->node_bytes -= size;
  arena.Deallocate(n, size);
  return true;
}

void HashType::ConvertToHashtable(Arena& arena, Value& v, HashHome home) {
  if (v.encoding() != Encoding::kListpack) return;
  uint8_t* lp = ListpackOf(v);
  HashFieldTable* h = NewTable(arena);  // new this command: filling it needs no WillModify
  ForEach(v, [&](std::string_view f, std::string_view val) {
    h->table.Insert(NewNode(arena, f, val));
    h->node_bytes += NodeAlloc(f.size(), val.size());
  });
  lp::Free(arena, lp);
  RecordValue(arena, v, home);
  v.set_object(Encoding::kHashtable, h);
}

void HashType::Random(const Value& v, uint64_t rnd, HashBuf& fbuf, HashBuf& vbuf,
                      std::string_view* field, std::string_view* value) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = ListpackOf(v);
    size_t n = lp::Length(lp) / 2;
    const uint8_t* p = lp::Seek(lp, static_cast<long>(2 * (rnd % n)));
    *field = lp::Get(p).Text(fbuf);
    *value = lp::Get(lp::Next(lp, p)).Text(vbuf);
    return;
  }
  const HashNode* n = TableOf(v)->table.Random(rnd);
  *field = n->field();
  *value = n->value();
}

Value HashType::Copy(Arena& arena, const Value& v) {
  if (v.encoding() == Encoding::kListpack) {
    const uint8_t* lp = ListpackOf(v);
    return Value::MakeObject(ObjType::kHash, Encoding::kListpack,
                             lp::FromBytes(arena, lp, lp::Bytes(lp)));
  }
  HashFieldTable* h = NewTable(arena);
  TableOf(v)->table.ForEach([&](const HashNode* n) {
    size_t size = NodeSize(n);
    auto* c = static_cast<HashNode*>(arena.Allocate(size));
    std::memcpy(static_cast<void*>(c), n, size);
    c->next = nullptr;
    h->table.Insert(c);
    h->node_bytes += size;
  });
  return Value::MakeObject(ObjType::kHash, Encoding::kHashtable, h);
}

size_t HashType::HeapBytes(const Value& v) {
  if (v.encoding() == Encoding::kListpack) return lp::AllocatedBytes(ListpackOf(v));
  const HashFieldTable* h = TableOf(v);
  return sizeof(HashFieldTable) + h->table.BucketBytes() + h->node_bytes;
}

void HashType::Destroy(Arena& arena, Value& v) {
  if (v.encoding() == Encoding::kListpack) {
    lp::Free(arena, ListpackOf(v));
  } else {
    HashFieldTable* h = TableOf(v);
    h->table.ForEach([&](HashNode* n) { arena.Deallocate(n, NodeSize(n)); });
    h->table.Clear();
    h->~HashFieldTable();
    arena.Deallocate(h, sizeof(HashFieldTable));
  }
}

}  // namespace ringkv
