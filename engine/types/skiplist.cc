#include "engine/types/skiplist.h"

#include <cmath>
#include <cstring>
#include <random>

namespace ringkv {
namespace {

// The order of the list: by score, then by member bytes.
int CompareKey(const SkipNode* n, double score, std::string_view member) {
  if (n->score < score) return -1;
  if (n->score > score) return 1;
  return n->member().compare(member);
}

uint64_t& LevelState() {
  thread_local uint64_t state = std::random_device{}() | 1;
  return state;
}

}  // namespace

// ---- lex ranges -------------------------------------------------------------------------------

int CompareLex(const LexBound& a, std::string_view b) {
  if (a.kind == LexBound::kMinusInf) return -1;
  if (a.kind == LexBound::kPlusInf) return 1;
  int c = a.value.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool LexRange::GteMin(std::string_view v) const {
  int c = -CompareLex(min, v);  // v compared to min
  return min.exclusive ? c > 0 : c >= 0;
}

bool LexRange::LteMax(std::string_view v) const {
  int c = -CompareLex(max, v);
  return max.exclusive ? c < 0 : c <= 0;
}

bool LexRange::Empty() const {
  // Redis's sdscmplex(min, max): equal kinds of infinity compare equal.
  int c;
  if (min.kind == max.kind && min.kind != LexBound::kValue) c = 0;
  else if (min.kind == LexBound::kMinusInf || max.kind == LexBound::kPlusInf) c = -1;
  else if (min.kind == LexBound::kPlusInf || max.kind == LexBound::kMinusInf) c = 1;
  else c = min.value.compare(max.value);
  return c > 0 || (c == 0 && (min.exclusive || max.exclusive));
}

// ---- levels -----------------------------------------------------------------------------------

void SkipList::SeedLevels(uint64_t seed) { LevelState() = seed | 1; }

int SkipList::RandomLevel() {
  // xorshift64*; two random bits per level give Redis's p = 1/4.
  uint64_t& s = LevelState();
  s ^= s >> 12;
  s ^= s << 25;
  s ^= s >> 27;
  uint64_t r = s * 0x2545F4914F6CDD1DULL;
  int level = 1;
  while ((r & 3) == 0 && level < kMaxLevel) {
    level++;
    r >>= 2;
  }
  return level;
}

// ---- lifecycle --------------------------------------------------------------------------------

void SkipList::Init(Arena& arena) {
  size_t bytes = SkipNode::BlockSize(kMaxLevel, 0);
  header_ = static_cast<SkipNode*>(arena.Allocate(bytes));
  std::memset(static_cast<void*>(header_), 0, bytes);
  header_->level = kMaxLevel;
  tail_ = nullptr;
  length_ = 0;
  node_bytes_ = bytes;
  level_ = 1;
}

void SkipList::Free(Arena& arena) {
  SkipNode* n = first();
  while (n != nullptr) {
    SkipNode* next = n->Next();
    FreeNode(arena, n);
    n = next;
  }
  arena.Deallocate(header_, SkipNode::BlockSize(kMaxLevel, 0));
  header_ = nullptr;
}

void SkipList::FreeNode(Arena& arena, SkipNode* node) { arena.Deallocate(node, node->BlockSize()); }

// ---- links ------------------------------------------------------------------------------------

void SkipList::SetForward(Arena& arena, SkipNode* n, int i, SkipNode* to) {
  arena.WillModify(&n->forward()[i], sizeof(SkipNode*));
  n->forward()[i] = to;
}

void SkipList::SetSpan(Arena& arena, SkipNode* n, int i, uint64_t span) {
  arena.WillModify(&n->span()[i], sizeof(uint32_t));
  n->span()[i] = static_cast<uint32_t>(span);
}

void SkipList::FindUpdate(double score, std::string_view member, Update& update,
                          uint64_t* rank) const {
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    if (rank != nullptr) rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
    while (x->forward()[i] != nullptr && CompareKey(x->forward()[i], score, member) < 0) {
      if (rank != nullptr) rank[i] += x->span()[i];
      x = x->forward()[i];
    }
    update[i] = x;
  }
}

void SkipList::Link(Arena& arena, SkipNode* x, Update& update, const uint64_t* rank) {
  int level = x->level;
  if (level > level_) {
    for (int i = level_; i < level; i++) {
      update[i] = header_;
      SetSpan(arena, header_, i, length_);
    }
  }
  // rank[] of levels above the old top are 0 (the header).
  auto rank_at = [&](int i) { return i < level_ ? rank[i] : 0; };
  for (int i = 0; i < level; i++) {
    x->forward()[i] = update[i]->forward()[i];
    SetForward(arena, update[i], i, x);
    // update[i]'s span is split around x.
    x->span()[i] = static_cast<uint32_t>(update[i]->span()[i] - (rank[0] - rank_at(i)));
    SetSpan(arena, update[i], i, (rank[0] - rank_at(i)) + 1);
  }
  for (int i = level; i < level_; i++) SetSpan(arena, update[i], i, update[i]->span()[i] + 1);

  x->backward = update[0] == header_ ? nullptr : update[0];
  Touch(arena);
  if (x->forward()[0] != nullptr) {
    SkipNode* after = x->forward()[0];
    arena.WillModify(&after->backward, sizeof(SkipNode*));
    after->backward = x;
  } else {
    tail_ = x;
  }
  if (level > level_) level_ = level;
  length_++;
}

SkipNode* SkipList::Insert(Arena& arena, double score, std::string_view member, int level) {
  if (level <= 0) level = RandomLevel();
  Update update;
  uint64_t rank[kMaxLevel];
  FindUpdate(score, member, update, rank);

  size_t bytes = SkipNode::BlockSize(level, member.size());
  auto* x = static_cast<SkipNode*>(arena.Allocate(bytes));
  x->next = nullptr;
  x->score = score;
  x->len = static_cast<uint32_t>(member.size());
  x->level = static_cast<uint8_t>(level);
  x->pad_[0] = x->pad_[1] = x->pad_[2] = 0;
  if (!member.empty()) {
    std::memcpy(const_cast<char*>(x->member().data()), member.data(), member.size());
  }
  Link(arena, x, update, rank);
  node_bytes_ += bytes;
  return x;
}

void SkipList::UnlinkWith(Arena& arena, SkipNode* x, Update& update) {
  for (int i = 0; i < level_; i++) {
    if (update[i]->forward()[i] == x) {
      SetSpan(arena, update[i], i, update[i]->span()[i] + x->span()[i] - 1);
      SetForward(arena, update[i], i, x->forward()[i]);
    } else {
      SetSpan(arena, update[i], i, update[i]->span()[i] - 1);
    }
  }
  Touch(arena);
  if (x->forward()[0] != nullptr) {
    SkipNode* after = x->forward()[0];
    arena.WillModify(&after->backward, sizeof(SkipNode*));
    after->backward = x->backward;
  } else {
    tail_ = x->backward;
  }
  while (level_ > 1 && header_->forward()[level_ - 1] == nullptr) level_--;
  length_--;
  node_bytes_ -= x->BlockSize();
}

void SkipList::Unlink(Arena& arena, SkipNode* node) {
  Update update;
  FindUpdate(node->score, node->member(), update, nullptr);
  UnlinkWith(arena, node, update);
}

void SkipList::Delete(Arena& arena, SkipNode* node) {
  Unlink(arena, node);
  FreeNode(arena, node);
}

void SkipList::UpdateScore(Arena& arena, SkipNode* node, double score) {
  // Redis's zslUpdateScore: when the node stays between its neighbours, change it in place.
  SkipNode* prev = node->backward;
  SkipNode* next = node->Next();
  std::string_view m = node->member();
  bool after_prev = prev == nullptr || prev->score < score ||
                    (prev->score == score && prev->member() < m);
  bool before_next = next == nullptr || next->score > score ||
                     (next->score == score && next->member() > m);
  if (after_prev && before_next) {
    arena.WillModify(&node->score, sizeof(double));
    node->score = score;
    return;
  }
  // Otherwise unlink it and link it again at its new place, keeping the block and its level.
  Unlink(arena, node);
  node_bytes_ += node->BlockSize();  // Unlink subtracted it; the block stays in the list
  arena.WillModify(node, node->BlockSize() - node->len);
  node->score = score;
  Update update;
  uint64_t rank[kMaxLevel];
  FindUpdate(score, m, update, rank);
  Link(arena, node, update, rank);
}

// ---- lookups ----------------------------------------------------------------------------------

uint64_t SkipList::Rank(const SkipNode* node) const {
  uint64_t rank = 0;
  const SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr &&
           CompareKey(x->forward()[i], node->score, node->member()) <= 0) {
      rank += x->span()[i];
      x = x->forward()[i];
    }
    if (x == node) return rank;
  }
  return 0;
}

SkipNode* SkipList::ByRank(uint64_t rank) const {
  uint64_t traversed = 0;
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && traversed + x->span()[i] <= rank) {
      traversed += x->span()[i];
      x = x->forward()[i];
    }
    if (traversed == rank) return x == header_ ? nullptr : x;
  }
  return nullptr;
}

SkipNode* SkipList::FirstInRange(const ScoreRange& r) const {
  if (r.Empty() || tail_ == nullptr || !r.GteMin(tail_->score) || !r.LteMax(first()->score)) {
    return nullptr;
  }
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && !r.GteMin(x->forward()[i]->score)) x = x->forward()[i];
  }
  x = x->Next();
  return x != nullptr && r.LteMax(x->score) ? x : nullptr;
}

SkipNode* SkipList::LastInRange(const ScoreRange& r) const {
  if (r.Empty() || tail_ == nullptr || !r.GteMin(tail_->score) || !r.LteMax(first()->score)) {
    return nullptr;
  }
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && r.LteMax(x->forward()[i]->score)) x = x->forward()[i];
  }
  return x != header_ && r.GteMin(x->score) ? x : nullptr;
}

SkipNode* SkipList::FirstInLexRange(const LexRange& r) const {
  if (r.Empty() || tail_ == nullptr || !r.GteMin(tail_->member()) ||
      !r.LteMax(first()->member())) {
    return nullptr;
  }
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && !r.GteMin(x->forward()[i]->member())) {
      x = x->forward()[i];
    }
  }
  x = x->Next();
  return x != nullptr && r.LteMax(x->member()) ? x : nullptr;
}

SkipNode* SkipList::LastInLexRange(const LexRange& r) const {
  if (r.Empty() || tail_ == nullptr || !r.GteMin(tail_->member()) ||
      !r.LteMax(first()->member())) {
    return nullptr;
  }
  SkipNode* x = header_;
  for (int i = level_ - 1; i >= 0; i--) {
    while (x->forward()[i] != nullptr && r.LteMax(x->forward()[i]->member())) {
      x = x->forward()[i];
    }
  }
  return x != header_ && r.GteMin(x->member()) ? x : nullptr;
}

// ---- checking ---------------------------------------------------------------------------------

bool SkipList::Check() const {
  if (level_ < 1 || level_ > kMaxLevel) return false;
  // Level 0: order, backward links, length, tail, bytes.
  uint64_t n = 0;
  size_t bytes = SkipNode::BlockSize(kMaxLevel, 0);
  const SkipNode* prev = nullptr;
  for (const SkipNode* x = first(); x != nullptr; x = x->Next()) {
    if (std::isnan(x->score) || x->level < 1 || x->level > level_) return false;
    if (x->backward != prev) return false;
    if (prev != nullptr && CompareKey(prev, x->score, x->member()) >= 0) return false;
    if (x->span()[0] != 1 && x->Next() != nullptr) return false;
    bytes += x->BlockSize();
    prev = x;
    n++;
  }
  if (n != length_ || tail_ != prev || bytes != node_bytes_) return false;
  // Every level: the span of each link is the rank distance it crosses; levels above level_ are
  // empty.
  for (int i = 0; i < kMaxLevel; i++) {
    if (i >= level_) {
      if (header_->forward()[i] != nullptr) return false;
      continue;
    }
    if (i > 0 && i == level_ - 1 && header_->forward()[i] == nullptr && level_ > 1) return false;
    uint64_t rank = 0;
    const SkipNode* x = header_;
    while (true) {
      const SkipNode* to = x->forward()[i];
      uint64_t steps = 0;
      const SkipNode* walk = x;
      // Walk level 0 from x until `to` (or the end) to measure the span.
      while (walk->forward()[0] != to) {
        walk = walk->forward()[0];
        steps++;
        if (walk == nullptr) return false;
      }
      steps++;
      if (to == nullptr) break;
      if (to->level <= i) return false;
      if (x->span()[i] != steps) return false;
      rank += steps;
      x = to;
    }
    (void)rank;
  }
  return true;
}

}  // namespace ringkv
