// The stream value: nodes, entries, trimming and consumer groups (see stream.h).
#include "engine/types/stream.h"

#include <algorithm>
#include <new>

#include "engine/types/object_ops.h"
#include "engine/util/numbers.h"

namespace ringkv {

// ---- IDs --------------------------------------------------------------------------------------

std::string StreamID::ToString() const {
  return std::to_string(ms) + "-" + std::to_string(seq);
}

void StreamID::Encode(uint8_t out[16]) const {
  for (int i = 0; i < 8; i++) {
    out[i] = static_cast<uint8_t>(ms >> (56 - 8 * i));
    out[8 + i] = static_cast<uint8_t>(seq >> (56 - 8 * i));
  }
}

StreamID StreamID::Decode(const uint8_t in[16]) {
  StreamID id;
  for (int i = 0; i < 8; i++) {
    id.ms = (id.ms << 8) | in[i];
    id.seq = (id.seq << 8) | in[8 + i];
  }
  return id;
}

bool StreamID::Incr() {
  if (seq == UINT64_MAX) {
    if (ms == UINT64_MAX) return false;
    ms++;
    seq = 0;
  } else {
    seq++;
  }
  return true;
}

bool StreamID::Decr() {
  if (seq == 0) {
    if (ms == 0) return false;
    ms--;
    seq = UINT64_MAX;
  } else {
    seq--;
  }
  return true;
}

// ---- arrays -----------------------------------------------------------------------------------

template <typename T>
void ArenaArray<T>::Insert(Arena& arena, size_t i, const T& rec) {
  if (size == cap) {
    uint32_t ncap = cap < 4 ? 4 : cap * 2;
    T* nd = static_cast<T*>(arena.Allocate(ncap * sizeof(T)));
    if (i > 0) std::memcpy(static_cast<void*>(nd), data, i * sizeof(T));
    if (size > i) std::memcpy(static_cast<void*>(nd + i + 1), data + i, (size - i) * sizeof(T));
    nd[i] = rec;
    Free(arena);
    arena.WillModify(this, sizeof(*this));
    data = nd;
    cap = ncap;
    size++;
    return;
  }
  arena.WillModify(data + i, (size - i + 1) * sizeof(T));
  std::memmove(static_cast<void*>(data + i + 1), data + i, (size - i) * sizeof(T));
  data[i] = rec;
  arena.WillModify(&size, sizeof(size));
  size++;
}

template <typename T>
void ArenaArray<T>::Erase(Arena& arena, size_t i, size_t n) {
  arena.WillModify(data + i, (size - i) * sizeof(T));
  std::memmove(static_cast<void*>(data + i), data + i + n, (size - i - n) * sizeof(T));
  arena.WillModify(this, sizeof(*this));
  size -= static_cast<uint32_t>(n);
  if (size == 0) {
    Free(arena);
    data = nullptr;
    cap = 0;
  } else if (cap > 16 && size * 4 < cap) {
    // Give memory back after big trims and acks.
    uint32_t ncap = cap / 2;
    T* nd = static_cast<T*>(arena.Allocate(ncap * sizeof(T)));
    std::memcpy(static_cast<void*>(nd), data, size * sizeof(T));
    Free(arena);
    data = nd;
    cap = ncap;
  }
}

template struct ArenaArray<StreamNode>;
template struct ArenaArray<StreamID>;
template struct ArenaArray<StreamNack>;
template struct ArenaArray<StreamConsumer*>;
template struct ArenaArray<StreamCG*>;

namespace {

// Index of the last record whose key is <= `key` in a sorted array, or -1.
template <typename T, typename KeyFn, typename K>
int64_t FloorIndex(const ArenaArray<T>& a, const K& key, KeyFn keyfn) {
  size_t lo = 0, hi = a.size;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (keyfn(a.data[mid]) <= key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return static_cast<int64_t>(lo) - 1;
}

// Index of the first record whose key is >= `key`.
template <typename T, typename KeyFn, typename K>
size_t LowerIndex(const ArenaArray<T>& a, const K& key, KeyFn keyfn) {
  size_t lo = 0, hi = a.size;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (keyfn(a.data[mid]) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

StreamID NodeKey(const StreamNode& n) {
  return n.master;
}
StreamID NackKey(const StreamNack& n) {
  return n.id;
}
StreamID IdKey(const StreamID& n) {
  return n;
}
std::string_view CGKey(StreamCG* const& g) {
  return g->name();
}
std::string_view ConsumerKey(StreamConsumer* const& c) {
  return c->name();
}

// The master entry of a node: fields start and count, and the first entry's flags.
struct NodeHead {
  int64_t count, deleted, master_count;
  const uint8_t* master_fields;
  const uint8_t* first_entry;  // nullptr when the node has no entries (never, for valid nodes)
};

NodeHead ReadHead(const uint8_t* lp) {
  NodeHead h{};
  const uint8_t* p = lp::First(lp);
  h.count = StreamLpInt(p);
  p = lp::Next(lp, p);
  h.deleted = StreamLpInt(p);
  p = lp::Next(lp, p);
  h.master_count = StreamLpInt(p);
  p = lp::Next(lp, p);
  h.master_fields = p;
  for (int64_t i = 0; i < h.master_count; i++) p = lp::Next(lp, p);
  h.first_entry = lp::Next(lp, p);  // past the 0 terminator
  return h;
}

// Parses the entry at flags `p`: fills `e` (minus lp/master) and returns the lp-count pointer.
const uint8_t* ParseEntry(const uint8_t* lp, const uint8_t* p, StreamID master,
                          int64_t master_count, int64_t* flags, StreamEntry* e) {
  *flags = StreamLpInt(p);
  p = lp::Next(lp, p);
  e->id.ms = master.ms + static_cast<uint64_t>(StreamLpInt(p));
  p = lp::Next(lp, p);
  e->id.seq = master.seq + static_cast<uint64_t>(StreamLpInt(p));
  p = lp::Next(lp, p);
  e->same_fields = (*flags & kStreamFlagSameFields) != 0;
  if (e->same_fields) {
    e->num_fields = master_count;
  } else {
    e->num_fields = StreamLpInt(p);
    p = lp::Next(lp, p);
  }
  e->fields = p;
  int64_t skip = e->same_fields ? e->num_fields : e->num_fields * 2;
  for (int64_t i = 0; i < skip; i++) p = lp::Next(lp, p);
  return p;
}

}  // namespace

int64_t StreamLpInt(const uint8_t* p) {
  lp::Entry e = lp::Get(p);
  if (e.is_int) return e.ival;
  int64_t v = 0;
  ParseInt64(e.sval, &v);
  return v;
}

// ---- iteration --------------------------------------------------------------------------------

StreamIterator::StreamIterator(const Stream* s, StreamID start, StreamID end, bool rev)
    : s_(s), start_(start), end_(end), rev_(rev) {
  if (start > end) {
    node_ = -1;
    return;
  }
  int64_t i = FloorIndex(s->nodes, rev ? end : start, NodeKey);
  if (!rev && i < 0) i = 0;
  node_ = i;
}

bool StreamIterator::LoadNode() {
  if (node_ < 0 || node_ >= static_cast<int64_t>(s_->nodes.size)) return false;
  const StreamNode& n = s_->nodes[static_cast<size_t>(node_)];
  lp_ = n.lp;
  master_id_ = n.master;
  NodeHead h = ReadHead(lp_);
  master_fields_ = h.master_fields;
  master_count_ = h.master_count;
  cur_ = rev_ ? lp::Last(lp_) : h.first_entry;
  loaded_ = true;
  return true;
}

bool StreamIterator::Next(StreamEntry* out) {
  while (true) {
    if (!loaded_ && !LoadNode()) return false;
    if (!rev_) {
      if (cur_ == nullptr) {
        node_++;
        loaded_ = false;
        continue;
      }
      int64_t flags = 0;
      const uint8_t* lpcount = ParseEntry(lp_, cur_, master_id_, master_count_, &flags, out);
      cur_ = lp::Next(lp_, lpcount);
      if (flags & kStreamFlagDeleted) continue;
      if (out->id < start_) continue;
      if (out->id > end_) {
        node_ = -1;
        return false;
      }
    } else {
      int64_t lpc = cur_ == nullptr ? 0 : StreamLpInt(cur_);
      if (lpc == 0) {  // the master entry's terminator: this node is done
        node_--;
        loaded_ = false;
        continue;
      }
      const uint8_t* flagsp = cur_;
      for (int64_t i = 0; i < lpc; i++) flagsp = lp::Prev(lp_, flagsp);
      cur_ = lp::Prev(lp_, flagsp);
      int64_t flags = 0;
      ParseEntry(lp_, flagsp, master_id_, master_count_, &flags, out);
      if (flags & kStreamFlagDeleted) continue;
      if (out->id > end_) continue;
      if (out->id < start_) {
        node_ = -1;
        return false;
      }
    }
    out->lp = lp_;
    out->master_fields = master_fields_;
    return true;
  }
}

// ---- the value --------------------------------------------------------------------------------

Value StreamType::Create(Arena& arena) {
  void* mem = arena.Allocate(sizeof(Stream));
  return Value::MakeObject(ObjType::kStream, Encoding::kStream, new (mem) Stream());
}

void StreamType::Append(Arena& arena, Stream* s, StreamID id, const std::string_view* argv,
                        size_t numfields, const StreamLimits& limits) {
  size_t totelelen = 0;
  for (size_t i = 0; i < numfields * 2; i++) totelelen += argv[i].size();
  uint8_t* lp = nullptr;
  size_t tail = s->nodes.size;
  if (tail > 0) {
    lp = s->nodes[tail - 1].lp;
    // Redis 7.0's rule for starting a new node.
    size_t max_bytes = static_cast<size_t>(limits.node_max_bytes);
    if (max_bytes == 0 || max_bytes > lp::kMaxSafeSize) max_bytes = lp::kMaxSafeSize;
    if (lp::Bytes(lp) + totelelen >= max_bytes) {
      lp = nullptr;
    } else if (limits.node_max_entries > 0) {
      NodeHead h = ReadHead(lp);
      if (h.count + h.deleted >= limits.node_max_entries) lp = nullptr;
    }
  }
  int flags = 0;
  StreamID master;
  if (lp == nullptr) {
    master = id;
    lp = lp::New(arena);
    lp = lp::AppendInt(arena, lp, 1);
    lp = lp::AppendInt(arena, lp, 0);
    lp = lp::AppendInt(arena, lp, static_cast<int64_t>(numfields));
    for (size_t i = 0; i < numfields; i++) lp = lp::Append(arena, lp, argv[i * 2]);
    lp = lp::AppendInt(arena, lp, 0);
    flags |= kStreamFlagSameFields;
    s->nodes.Insert(arena, s->nodes.size, StreamNode{id, lp});
    tail = s->nodes.size;
  } else {
    master = s->nodes[tail - 1].master;
    uint8_t* p = lp::First(lp);
    int64_t count = StreamLpInt(p);
    lp = lp::ReplaceInt(arena, lp, &p, count + 1);
    p = lp::Next(lp, p);
    p = lp::Next(lp, p);
    int64_t master_count = StreamLpInt(p);
    p = lp::Next(lp, p);
    if (static_cast<size_t>(master_count) == numfields) {
      size_t i = 0;
      char buf[24];
      for (; i < numfields; i++) {
        if (lp::Get(p).Text(buf) != argv[i * 2]) break;
        p = lp::Next(lp, p);
      }
      if (i == numfields) flags |= kStreamFlagSameFields;
    }
  }
  bool same = flags & kStreamFlagSameFields;
  lp = lp::AppendInt(arena, lp, flags);
  lp = lp::AppendInt(arena, lp, static_cast<int64_t>(id.ms - master.ms));
  lp = lp::AppendInt(arena, lp, static_cast<int64_t>(id.seq - master.seq));
  if (!same) lp = lp::AppendInt(arena, lp, static_cast<int64_t>(numfields));
  for (size_t i = 0; i < numfields; i++) {
    if (!same) lp = lp::Append(arena, lp, argv[i * 2]);
    lp = lp::Append(arena, lp, argv[i * 2 + 1]);
  }
  int64_t lp_count = static_cast<int64_t>(numfields) + 3;
  if (!same) lp_count += static_cast<int64_t>(numfields) + 1;
  lp = lp::AppendInt(arena, lp, lp_count);
  if (s->nodes[tail - 1].lp != lp) s->nodes.Set(arena, tail - 1, StreamNode{master, lp});

  arena.WillModify(s, sizeof(Stream));
  s->length++;
  s->entries_added++;
  s->last_id = id;
  if (s->length == 1) s->first_id = id;
}

bool StreamType::Delete(Arena& arena, Stream* s, StreamID id) {
  int64_t ni = FloorIndex(s->nodes, id, NodeKey);
  if (ni < 0) return false;
  StreamNode node = s->nodes[static_cast<size_t>(ni)];
  uint8_t* lp = node.lp;
  NodeHead h = ReadHead(lp);
  for (const uint8_t* p = h.first_entry; p != nullptr;) {
    StreamEntry e;
    int64_t flags = 0;
    const uint8_t* lpc = ParseEntry(lp, p, node.master, h.master_count, &flags, &e);
    if (e.id > id) return false;
    if (e.id == id && !(flags & kStreamFlagDeleted)) {
      if (h.count == 1) {
        lp::Free(arena, lp);
        s->nodes.Erase(arena, static_cast<size_t>(ni));
      } else {
        uint8_t* fp = const_cast<uint8_t*>(p);
        lp = lp::ReplaceInt(arena, lp, &fp, flags | kStreamFlagDeleted);
        uint8_t* q = lp::First(lp);
        lp = lp::ReplaceInt(arena, lp, &q, h.count - 1);
        q = lp::Next(lp, q);
        lp = lp::ReplaceInt(arena, lp, &q, h.deleted + 1);
        if (lp != node.lp)
          s->nodes.Set(arena, static_cast<size_t>(ni), StreamNode{node.master, lp});
      }
      arena.WillModify(s, sizeof(Stream));
      s->length--;
      return true;
    }
    p = lp::Next(lp, lpc);
  }
  return false;
}

int64_t StreamType::Trim(Arena& arena, Stream* s, const StreamTrim& t) {
  if (t.strategy == StreamTrim::kNone) return 0;
  int64_t deleted = 0;
  const uint64_t maxlen = static_cast<uint64_t>(t.maxlen);
  while (s->nodes.size > 0) {
    if (t.strategy == StreamTrim::kMaxLen && s->length <= maxlen) break;
    StreamNode node = s->nodes[0];
    uint8_t* lp = node.lp;
    NodeHead h = ReadHead(lp);
    int64_t entries = h.count;
    if (t.limit && deleted + entries > t.limit) break;
    bool remove_node;
    if (t.strategy == StreamTrim::kMaxLen) {
      remove_node = s->length - static_cast<uint64_t>(entries) >= maxlen;
    } else {
      // The node's last entry (deleted or not) decides.
      const uint8_t* last = lp::Last(lp);
      int64_t lpc = StreamLpInt(last);
      const uint8_t* fp = last;
      for (int64_t i = 0; i < lpc; i++) fp = lp::Prev(lp, fp);
      StreamEntry e;
      int64_t flags = 0;
      ParseEntry(lp, fp, node.master, h.master_count, &flags, &e);
      remove_node = e.id < t.minid;
    }
    if (remove_node) {
      lp::Free(arena, lp);
      s->nodes.Erase(arena, 0);
      arena.WillModify(s, sizeof(Stream));
      s->length -= static_cast<uint64_t>(entries);
      deleted += entries;
      continue;
    }
    if (t.approx) break;
    // Mark entries of this node deleted, one by one.
    int64_t deleted_from_lp = 0;
    size_t off = static_cast<size_t>(h.first_entry - lp);
    while (off != 0) {
      uint8_t* p = lp + off;
      StreamEntry e;
      int64_t flags = 0;
      const uint8_t* lpc = ParseEntry(lp, p, node.master, h.master_count, &flags, &e);
      bool stop = t.strategy == StreamTrim::kMaxLen ? s->length <= maxlen : e.id >= t.minid;
      if (stop) break;
      const uint8_t* nx = lp::Next(lp, lpc);
      size_t next_off = nx == nullptr ? 0 : static_cast<size_t>(nx - lp);
      if (!(flags & kStreamFlagDeleted)) {
        // Same-size replacement: the flags stay a 1-byte integer, so offsets hold.
        lp = lp::ReplaceInt(arena, lp, &p, flags | kStreamFlagDeleted);
        deleted_from_lp++;
        arena.WillModify(s, sizeof(Stream));
        s->length--;
      }
      off = next_off;
    }
    deleted += deleted_from_lp;
    uint8_t* q = lp::First(lp);
    lp = lp::ReplaceInt(arena, lp, &q, entries - deleted_from_lp);
    q = lp::Next(lp, q);
    lp = lp::ReplaceInt(arena, lp, &q, h.deleted + deleted_from_lp);
    if (lp != node.lp) s->nodes.Set(arena, 0, StreamNode{node.master, lp});
    break;
  }
  UpdateFirstId(arena, s);
  return deleted;
}

bool StreamType::EdgeId(const Stream* s, bool first, StreamID* out) {
  StreamIterator it(s, StreamID{}, StreamID::Max(), !first);
  StreamEntry e;
  if (!it.Next(&e)) return false;
  *out = e.id;
  return true;
}

void StreamType::UpdateFirstId(Arena& arena, Stream* s) {
  StreamID id;
  if (s->length == 0 || !EdgeId(s, true, &id)) id = StreamID{};
  if (id == s->first_id) return;
  arena.WillModify(&s->first_id, sizeof(s->first_id));
  s->first_id = id;
}

void StreamType::AdoptNode(Arena& arena, Stream* s, StreamID master, uint8_t* lp) {
  s->nodes.Insert(arena, s->nodes.size, StreamNode{master, lp});
}

// ---- groups -----------------------------------------------------------------------------------

StreamCG* StreamType::FindGroup(const Stream* s, std::string_view name) {
  size_t i = LowerIndex(s->groups, name, CGKey);
  if (i < s->groups.size && s->groups[i]->name() == name) return s->groups[i];
  return nullptr;
}

StreamCG* StreamType::CreateGroup(Arena& arena, Stream* s, std::string_view name, StreamID id,
                                  int64_t entries_read) {
  size_t i = LowerIndex(s->groups, name, CGKey);
  if (i < s->groups.size && s->groups[i]->name() == name) return nullptr;
  void* mem = arena.Allocate(sizeof(StreamCG) + name.size());
  auto* g = new (mem) StreamCG();
  g->last_id = id;
  g->entries_read = entries_read;
  g->name_len = static_cast<uint32_t>(name.size());
  std::memcpy(g->name_bytes, name.data(), name.size());
  s->groups.Insert(arena, i, g);
  return g;
}

namespace {
void FreeConsumer(Arena& arena, StreamConsumer* c) {
  c->pel.Free(arena);
  arena.Deallocate(c, sizeof(StreamConsumer) + c->name_len);
}
void FreeGroup(Arena& arena, StreamCG* g) {
  for (StreamConsumer* c : g->consumers) FreeConsumer(arena, c);
  g->consumers.Free(arena);
  g->pel.Free(arena);
  arena.Deallocate(g, sizeof(StreamCG) + g->name_len);
}
}  // namespace

bool StreamType::DestroyGroup(Arena& arena, Stream* s, std::string_view name) {
  size_t i = LowerIndex(s->groups, name, CGKey);
  if (i >= s->groups.size || s->groups[i]->name() != name) return false;
  StreamCG* g = s->groups[i];
  s->groups.Erase(arena, i);
  FreeGroup(arena, g);
  return true;
}

StreamConsumer* StreamType::FindConsumer(const StreamCG* g, std::string_view name) {
  size_t i = LowerIndex(g->consumers, name, ConsumerKey);
  if (i < g->consumers.size && g->consumers[i]->name() == name) return g->consumers[i];
  return nullptr;
}

StreamConsumer* StreamType::CreateConsumer(Arena& arena, StreamCG* g, std::string_view name,
                                           int64_t now_ms) {
  size_t i = LowerIndex(g->consumers, name, ConsumerKey);
  if (i < g->consumers.size && g->consumers[i]->name() == name) return nullptr;
  void* mem = arena.Allocate(sizeof(StreamConsumer) + name.size());
  auto* c = new (mem) StreamConsumer();
  c->seen_time = now_ms;
  c->name_len = static_cast<uint32_t>(name.size());
  std::memcpy(c->name_bytes, name.data(), name.size());
  g->consumers.Insert(arena, i, c);
  return c;
}

uint64_t StreamType::DeleteConsumer(Arena& arena, StreamCG* g, std::string_view name) {
  size_t i = LowerIndex(g->consumers, name, ConsumerKey);
  if (i >= g->consumers.size || g->consumers[i]->name() != name) return 0;
  StreamConsumer* c = g->consumers[i];
  uint64_t pending = c->pel.size;
  for (const StreamID& id : c->pel) {
    size_t k = LowerIndex(g->pel, id, NackKey);
    if (k < g->pel.size && g->pel[k].id == id) g->pel.Erase(arena, k);
  }
  g->consumers.Erase(arena, i);
  FreeConsumer(arena, c);
  return pending;
}

StreamNack* StreamType::FindNack(const StreamCG* g, StreamID id) {
  size_t k = LowerIndex(g->pel, id, NackKey);
  if (k < g->pel.size && g->pel[k].id == id) return &g->pel[k];
  return nullptr;
}

StreamNack* StreamType::AddNack(Arena& arena, StreamCG* g, StreamConsumer* c, StreamID id,
                                int64_t time, uint64_t count) {
  size_t k = LowerIndex(g->pel, id, NackKey);
  g->pel.Insert(arena, k, StreamNack{id, time, count, c});
  if (c != nullptr) c->pel.Insert(arena, LowerIndex(c->pel, id, IdKey), id);
  return &g->pel[k];
}

namespace {
void RemoveFromConsumer(Arena& arena, StreamConsumer* c, StreamID id) {
  size_t j = LowerIndex(c->pel, id, IdKey);
  if (j < c->pel.size && c->pel[j] == id) c->pel.Erase(arena, j);
}
}  // namespace

void StreamType::RemoveNack(Arena& arena, StreamCG* g, StreamID id) {
  size_t k = LowerIndex(g->pel, id, NackKey);
  if (k >= g->pel.size || g->pel[k].id != id) return;
  if (g->pel[k].consumer != nullptr) RemoveFromConsumer(arena, g->pel[k].consumer, id);
  g->pel.Erase(arena, k);
}

void StreamType::MoveNack(Arena& arena, StreamCG* g, StreamNack* n, StreamConsumer* c) {
  (void)g;
  if (n->consumer == c) return;
  if (n->consumer != nullptr) RemoveFromConsumer(arena, n->consumer, n->id);
  size_t j = LowerIndex(c->pel, n->id, IdKey);
  c->pel.Insert(arena, j, n->id);
  arena.WillModify(&n->consumer, sizeof(n->consumer));
  n->consumer = c;
}

void StreamType::SetGroupPos(Arena& arena, StreamCG* g, StreamID last_id, int64_t entries_read) {
  arena.WillModify(g, sizeof(StreamCG));
  g->last_id = last_id;
  g->entries_read = entries_read;
}

void StreamType::SetSeen(Arena& arena, StreamConsumer* c, int64_t now_ms) {
  arena.WillModify(&c->seen_time, sizeof(c->seen_time));
  c->seen_time = now_ms;
}

void StreamType::UpdateNack(Arena& arena, StreamNack* n, int64_t time, uint64_t count) {
  arena.WillModify(n, sizeof(StreamNack));
  n->delivery_time = time;
  n->delivery_count = count;
}

bool StreamType::RangeHasTombstones(const Stream* s, StreamID start, StreamID end) {
  if (s->length == 0 || s->max_deleted_id.IsZero()) return false;
  if (s->first_id > s->max_deleted_id) return false;
  return start <= s->max_deleted_id && s->max_deleted_id <= end;
}

int64_t StreamType::EstimateDistance(const Stream* s, StreamID id) {
  if (s->entries_added == 0) return 0;
  const auto added = static_cast<int64_t>(s->entries_added);
  if (s->length == 0 && id <= s->last_id) return added;
  if (id == s->last_id) return added;
  if (id > s->last_id) return kInvalidEntriesRead;
  if (s->max_deleted_id.IsZero() || s->max_deleted_id < s->first_id) {
    if (id < s->first_id) return added - static_cast<int64_t>(s->length);
    if (id == s->first_id) return added - static_cast<int64_t>(s->length) + 1;
  }
  return kInvalidEntriesRead;
}

bool StreamType::Lag(const Stream* s, const StreamCG* g, int64_t* lag) {
  const auto added = static_cast<int64_t>(s->entries_added);
  if (s->entries_added == 0) {
    *lag = 0;
    return true;
  }
  if (g->entries_read != kInvalidEntriesRead &&
      !RangeHasTombstones(s, g->last_id, StreamID::Max())) {
    *lag = added - g->entries_read;
    return true;
  }
  int64_t read = EstimateDistance(s, g->last_id);
  if (read == kInvalidEntriesRead) return false;
  *lag = added - read;
  return true;
}

// ---- ops --------------------------------------------------------------------------------------

Value StreamType::Copy(Arena& arena, const Value& v) {
  const Stream* s = Of(v);
  Value out = Create(arena);
  Stream* d = Of(out);
  for (const StreamNode& n : s->nodes) {
    d->nodes.Insert(arena, d->nodes.size,
                    StreamNode{n.master, lp::FromBytes(arena, n.lp, lp::Bytes(n.lp))});
  }
  d->length = s->length;
  d->last_id = s->last_id;
  d->first_id = s->first_id;
  d->max_deleted_id = s->max_deleted_id;
  d->entries_added = s->entries_added;
  for (const StreamCG* g : s->groups) {
    StreamCG* ng = CreateGroup(arena, d, g->name(), g->last_id, g->entries_read);
    for (const StreamConsumer* c : g->consumers) {
      StreamConsumer* nc = CreateConsumer(arena, ng, c->name(), c->seen_time);
      for (const StreamID& id : c->pel) {
        const StreamNack* n = FindNack(g, id);
        if (n != nullptr) AddNack(arena, ng, nc, id, n->delivery_time, n->delivery_count);
      }
    }
  }
  return out;
}

size_t StreamType::HeapBytes(const Value& v) {
  const Stream* s = Of(v);
  size_t n = sizeof(Stream) + s->nodes.HeapBytes() + s->groups.HeapBytes();
  for (const StreamNode& node : s->nodes) n += lp::AllocatedBytes(node.lp);
  for (const StreamCG* g : s->groups) {
    n += sizeof(StreamCG) + g->name_len + g->pel.HeapBytes() + g->consumers.HeapBytes();
    for (const StreamConsumer* c : g->consumers) {
      n += sizeof(StreamConsumer) + c->name_len + c->pel.HeapBytes();
    }
  }
  return n;
}

void StreamType::Destroy(Arena& arena, Value& v) {
  Stream* s = Of(v);
  for (const StreamNode& n : s->nodes) lp::Free(arena, n.lp);
  s->nodes.Free(arena);
  for (StreamCG* g : s->groups) FreeGroup(arena, g);
  s->groups.Free(arena);
  arena.Deallocate(s, sizeof(Stream));
}

void StreamOps::Destroy(Arena& arena, Value& v) {
  StreamType::Destroy(arena, v);
}
Value StreamOps::Copy(Arena& arena, const Value& v) {
  return StreamType::Copy(arena, v);
}
size_t StreamOps::HeapBytes(const Value& v) {
  return StreamType::HeapBytes(v);
}

}  // namespace ringkv
