// RDB codec tests: CRC-64's check value, the exact bytes of Redis's string encodings, a
// write → read round trip of every type in every encoding (contents, encodings and expiries
// survive), ziplist/zipmap decoding of hand-built legacy blobs, and that every truncation and
// every single-byte corruption of a snapshot is an error, never a crash or a silent success.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "engine/rdb/crc64.h"
#include "engine/rdb/format.h"
#include "engine/rdb/legacy.h"
#include "engine/rdb/reader.h"
#include "engine/types/stream.h"
#include "engine/rdb/writer.h"
#include "engine/types/hash_type.h"
#include "engine/types/quicklist.h"
#include "engine/types/set_type.h"
#include "engine/types/zset_type.h"

namespace ringkv::rdb {
namespace {

std::span<const uint8_t> Span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// A value's contents as text, order-independent for hashes and sets.
std::string Describe(const Value& v) {
  std::string out =
      std::string(ringkv::TypeName(v.type())) + "/" + std::string(EncodingName(v.encoding())) + ":";
  std::vector<std::string> items;
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[kIntScratch];
      return out + std::string(v.StringView(scratch));
    }
    case ObjType::kList: {
      QuicklistIter it(*static_cast<const Quicklist*>(v.object()), 0, true);
      Quicklist::Element e;
      char buf[kIntScratch];
      while (it.Next(&e)) out += std::string(e.Text(buf)) + ",";
      return out;
    }
    case ObjType::kHash:
      HashType::ForEach(v, [&](std::string_view f, std::string_view val) {
        items.push_back(std::string(f) + "=" + std::string(val));
      });
      break;
    case ObjType::kSet:
      SetType::ForEach(v, [&](std::string_view m) { items.emplace_back(m); });
      break;
    case ObjType::kZSet:
      ZSetType::ForEach(v, [&](std::string_view m, double s) {
        items.push_back(std::string(m) + "=" + std::to_string(s));
      });
      return out + [&] {
        std::string s;
        for (auto& i : items) s += i + ",";
        return s;
      }();
    default:
      break;
  }
  std::sort(items.begin(), items.end());
  for (auto& i : items) out += i + ",";
  return out;
}

class RdbCodecTest : public ::testing::Test {
 protected:
  ~RdbCodecTest() override {
    for (auto& [k, v] : values_) v.Destroy(arena_);
  }

  void AddString(const std::string& k, const std::string& s) {
    values_.emplace_back(k, Value::MakeString(arena_, s));
  }
  void AddList(const std::string& k, int n, size_t elem_len) {
    Value v =
        Value::MakeObject(ObjType::kList, Encoding::kQuicklist, Quicklist::Create(arena_, -2, 0));
    for (int i = 0; i < n; i++) {
      std::string e = i % 3 == 0 ? std::to_string(i * 1000) : std::string(elem_len, 'a' + i % 26);
      static_cast<Quicklist*>(v.object())->Push(arena_, e, Quicklist::kTail);
    }
    values_.emplace_back(k, std::move(v));
  }
  void AddHash(const std::string& k, int n, bool table) {
    Value v = HashType::Create(arena_);
    HashLimits l{512, 64};
    for (int i = 0; i < n; i++) {
      HashType::Set(arena_, v, "f" + std::to_string(i),
                    i % 2 ? std::to_string(i) : "v" + std::to_string(i), l, HashHome::kLocal);
    }
    if (table) HashType::ConvertToHashtable(arena_, v, HashHome::kLocal);
    values_.emplace_back(k, std::move(v));
  }
  void AddSet(const std::string& k, int n, bool ints) {
    Value v = ints ? SetType::CreateIntset(arena_) : SetType::CreateHashtable(arena_);
    for (int i = 0; i < n; i++) {
      SetType::Add(arena_, v, ints ? std::to_string(i * 70001 - 5) : "m" + std::to_string(i), 512,
                   ValueHome::kLocal);
    }
    values_.emplace_back(k, std::move(v));
  }
  void AddZSet(const std::string& k, int n, bool skiplist) {
    Value v = skiplist ? ZSetType::CreateSkiplist(arena_) : ZSetType::CreateListpack(arena_);
    ZSetLimits l;
    int out = 0;
    double ns = 0;
    for (int i = 0; i < n; i++) {
      double score = i == 0 ? -INFINITY : i == 1 ? INFINITY : i * 1.5 - 3;
      ZSetType::Add(arena_, v, score, "z" + std::to_string(i), zadd::kNone, &out, &ns, l,
                    ZSetHome::kLocal);
    }
    values_.emplace_back(k, std::move(v));
  }

  std::string Snapshot(bool compress) {
    RdbWriter w(compress);
    w.WriteHeader();
    w.WriteAux("redis-ver", "7.0.15");
    w.WriteAuxInt("redis-bits", 64);
    w.WriteSelectDb(3, values_.size(), 1);
    std::string out;
    for (size_t i = 0; i < values_.size(); i++) {
      EXPECT_TRUE(w.WriteKey(values_[i].first, values_[i].second, i == 0 ? 4102444800000 : -1));
      if (i % 2 == 0) out += w.Take();  // taken in pieces: the checksum still covers everything
    }
    w.WriteEof();
    return out + w.Take();
  }

  // Reads a snapshot back; "" and the keys' descriptions, or the error.
  std::string Load(const std::string& file, std::vector<std::string>* got,
                   const LoadLimits& l = {}) {
    MemorySource src(Span(file));
    RdbReader r(src, arena_, l);
    if (!r.ReadHeader()) return r.error();
    while (true) {
      RdbEntry e;
      RdbReader::Step s = r.Next(&e);
      if (s == RdbReader::Step::kEnd) break;
      if (s != RdbReader::Step::kKey)
        return s == RdbReader::Step::kError ? r.error() : "unsupported";
      got->push_back(std::to_string(e.db) + " " + e.key + " " + std::to_string(e.expire_ms) + " " +
                     Describe(e.value));
      e.value.Destroy(arena_);
    }
    if (src.remaining() != 0) return "trailing bytes";
    return "";
  }

  // What loading gives: small plain hashes and sorted sets become listpacks again (as Redis
  // converts them on load).
  std::vector<std::string> Expected() {
    std::vector<std::string> out;
    for (size_t i = 0; i < values_.size(); i++) {
      std::string d = Describe(values_[i].second);
      if (values_[i].first == "h-ht-small") d.replace(0, d.find(':'), "hash/listpack");
      if (values_[i].first == "z-sl-small") d.replace(0, d.find(':'), "zset/listpack");
      out.push_back("3 " + values_[i].first + " " + (i == 0 ? "4102444800000" : "-1") + " " + d);
    }
    return out;
  }

  void AddEveryEncoding() {
    AddString("s-int", "12345");
    AddString("s-bigint", "-9223372036854775808");
    AddString("s-small", "hello");
    AddString("s-emb", std::string(40, 'x'));
    AddString("s-lzf", std::string(5000, 'y'));
    AddString("s-raw", "not compressible: 8f3a1b2c9d4e5f60718293a4b5c6d7e8");
    AddString("s-empty", "");
    AddString("s-notcanon", "007");
    AddList("l-small", 10, 5);
    AddList("l-big", 3000, 30);
    AddList("l-plain", 0, 0);
    static_cast<Quicklist*>(values_.back().second.object())
        ->Push(arena_, std::string(2000, 'q'), Quicklist::kTail);
    AddHash("h-lp", 10, false);
    AddHash("h-ht", 600, false);
    AddHash("h-ht-small", 5, true);
    AddSet("set-int", 100, true);
    AddSet("set-ht", 100, false);
    AddZSet("z-lp", 20, false);
    AddZSet("z-sl", 300, false);
    AddZSet("z-sl-small", 7, true);
  }

  MallocArena arena_;
  std::vector<std::pair<std::string, Value>> values_;
};

TEST(Crc64Test, CheckValue) {
  const char* s = "123456789";
  EXPECT_EQ(Crc64(0, s, 9), 0xe9c6d914c4b8d9caULL);
  // Chaining gives the same answer as one pass (and exercises the 8-byte path).
  std::string big(1000, 'z');
  EXPECT_EQ(Crc64(Crc64(0, big.data(), 333), big.data() + 333, 667), Crc64(0, big.data(), 1000));
}

TEST(RdbStringTest, EncodingsMatchRedis) {
  std::string out;
  RdbWriter::AppendString(&out, "12", true);
  EXPECT_EQ(out, std::string("\xc0\x0c", 2));
  out.clear();
  RdbWriter::AppendString(&out, "-300", true);
  EXPECT_EQ(out, std::string("\xc1\xd4\xfe", 3));
  out.clear();
  RdbWriter::AppendString(&out, "70000", true);
  EXPECT_EQ(out, std::string("\xc2\x70\x11\x01\x00", 5));
  out.clear();
  RdbWriter::AppendString(&out, "012", true);  // not canonical: raw
  EXPECT_EQ(out, std::string("\x03"
                             "012",
                             4));
  out.clear();
  RdbWriter::AppendLen(&out, 300);
  EXPECT_EQ(out, std::string("\x41\x2c", 2));
  out.clear();
  RdbWriter::AppendLen(&out, 70000);
  EXPECT_EQ(out, std::string("\x80\x00\x01\x11\x70", 5));
  out.clear();
  RdbWriter::AppendString(&out, std::string(100, 'a'), true);
  EXPECT_EQ(static_cast<uint8_t>(out[0]), 0xc3);  // LZF
}

TEST_F(RdbCodecTest, RoundTripEveryEncoding) {
  AddEveryEncoding();
  for (bool compress : {true, false}) {
    std::string file = Snapshot(compress);
    std::vector<std::string> got;
    ASSERT_EQ(Load(file, &got), "");
    std::vector<std::string> want = Expected();
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); i++) EXPECT_EQ(got[i], want[i]);
  }
}

TEST_F(RdbCodecTest, LoadConvertsPastTheServersLimits) {
  AddHash("h", 10, false);
  AddSet("s", 10, true);
  AddZSet("z", 10, false);
  std::string file = Snapshot(true);
  LoadLimits l;
  l.hash_max_listpack_entries = 4;
  l.set_max_intset_entries = 4;
  l.zset_max_listpack_entries = 4;
  std::vector<std::string> got;
  ASSERT_EQ(Load(file, &got, l), "");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_NE(got[0].find("hash/hashtable:"), std::string::npos) << got[0];
  EXPECT_NE(got[1].find("set/hashtable:"), std::string::npos) << got[1];
  EXPECT_NE(got[2].find("zset/skiplist:"), std::string::npos) << got[2];
}

TEST_F(RdbCodecTest, EveryTruncationIsAnError) {
  AddEveryEncoding();
  std::string file = Snapshot(true);
  for (size_t n = 0; n < file.size(); n += (n < 2000 ? 1 : 97)) {
    std::vector<std::string> got;
    std::string err = Load(file.substr(0, n), &got);
    EXPECT_FALSE(err.empty()) << "prefix of " << n << " bytes loaded";
  }
}

TEST_F(RdbCodecTest, EveryByteCorruptionIsAnError) {
  AddString("s", "hello world");
  AddList("l", 20, 4);
  AddHash("h", 5, false);
  AddHash("ht", 5, true);
  AddSet("si", 5, true);
  AddSet("sh", 5, false);
  AddZSet("zl", 5, false);
  AddZSet("zs", 5, true);
  std::string file = Snapshot(false);
  for (size_t i = 0; i < file.size(); i++) {
    for (uint8_t x : {0x01, 0x80, 0xff}) {
      std::string bad = file;
      bad[i] = static_cast<char>(bad[i] ^ x);
      std::vector<std::string> got;
      EXPECT_FALSE(Load(bad, &got).empty()) << "byte " << i << " ^ " << int(x);
    }
  }
}

TEST_F(RdbCodecTest, CorruptListpackIsRefusedEvenWithoutChecksum) {
  AddHash("h", 3, false);
  RdbWriter w(false);
  w.WriteHeader();
  w.WriteKey(values_[0].first, values_[0].second, -1);
  w.WriteEof();
  std::string file = w.Take();
  // Zero the checksum (the writer had rdbchecksum off) and break the listpack's terminator.
  file.replace(file.size() - 8, 8, std::string(8, '\0'));
  size_t term = file.size() - 10;
  ASSERT_EQ(static_cast<uint8_t>(file[term]), 0xff);
  file[term] = 0x01;
  std::vector<std::string> got;
  EXPECT_NE(Load(file, &got).find("integrity"), std::string::npos);
}

TEST_F(RdbCodecTest, EmptyOldStreamLoadsAsAStream) {
  // A minimal stream (type 15, Redis 5/6) with no nodes and no groups: kept, as Redis keeps it.
  std::string file = "REDIS0009";
  file += static_cast<char>(kTypeStreamListpacks);
  RdbWriter::AppendString(&file, "st", false);
  file += std::string("\x00\x00\x00\x00\x00", 5);  // 0 nodes, length 0, last id 0-0, 0 groups
  file += static_cast<char>(kOpEof);
  file += std::string(8, '\0');
  MemorySource src(Span(file));
  RdbReader r(src, arena_, {});
  ASSERT_TRUE(r.ReadHeader());
  RdbEntry e;
  ASSERT_EQ(r.Next(&e), RdbReader::Step::kKey) << r.error();
  EXPECT_EQ(e.key, "st");
  EXPECT_EQ(e.value.type(), ObjType::kStream);
  EXPECT_EQ(StreamType::Of(e.value)->length, 0u);
  e.value.Destroy(arena_);
  EXPECT_EQ(r.Next(&e), RdbReader::Step::kEnd) << r.error();
}

TEST(RdbLegacyTest, Ziplist) {
  // zlbytes, zltail, zllen, then entries: "ab" (str6), 5 (imm), 300 (int16), end.
  std::string zl(10, '\0');
  zl += std::string(
      "\x00\x02"
      "ab",
      4);
  zl += std::string("\x04\xf6", 2);
  zl += std::string("\x02\xc0\x2c\x01", 4);
  zl += '\xff';
  uint32_t bytes = static_cast<uint32_t>(zl.size()), tail = 16;
  uint16_t len = 3;
  std::memcpy(zl.data(), &bytes, 4);
  std::memcpy(zl.data() + 4, &tail, 4);
  std::memcpy(zl.data() + 8, &len, 2);
  std::vector<lp::Entry> e;
  ASSERT_TRUE(DecodeZiplist(Span(zl).data(), zl.size(), &e));
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].sval, "ab");
  EXPECT_EQ(e[1].ival, 5);
  EXPECT_EQ(e[2].ival, 300);
  for (size_t i = 0; i < zl.size(); i++) {
    std::string bad = zl.substr(0, i);
    EXPECT_FALSE(DecodeZiplist(Span(bad).data(), bad.size(), &e));
  }
  std::string bad = zl;
  bad[10] = 0x07;  // wrong prevlen of the first entry
  EXPECT_FALSE(DecodeZiplist(Span(bad).data(), bad.size(), &e));
}

// A ziplist of short strings (6-bit string encoding, 1-byte prevlen), as Redis 6 wrote them.
std::string MakeZiplist(const std::vector<std::string>& items) {
  std::string body;
  size_t prev = 0, tail = 10;
  for (const std::string& it : items) {
    tail = 10 + body.size();
    std::string e;
    e += static_cast<char>(prev);
    e += static_cast<char>(it.size());
    e += it;
    body += e;
    prev = e.size();
  }
  std::string zl(10, '\0');
  zl += body;
  zl += '\xff';
  uint32_t bytes = static_cast<uint32_t>(zl.size()), t = static_cast<uint32_t>(tail);
  uint16_t n = static_cast<uint16_t>(items.size());
  std::memcpy(zl.data(), &bytes, 4);
  std::memcpy(zl.data() + 4, &t, 4);
  std::memcpy(zl.data() + 8, &n, 2);
  return zl;
}

TEST_F(RdbCodecTest, LoadsRedis6Encodings) {
  std::string file = "REDIS0009";
  auto key = [&](uint8_t type, const std::string& name, const std::string& blob) {
    file += static_cast<char>(type);
    RdbWriter::AppendString(&file, name, false);
    RdbWriter::AppendString(&file, blob, false);
  };
  key(kTypeListZiplist, "l", MakeZiplist({"a", "12", "b"}));
  key(kTypeHashZiplist, "h", MakeZiplist({"f1", "v1", "f2", "7"}));
  key(kTypeZSetZiplist, "z", MakeZiplist({"m1", "1.5", "m2", "3"}));
  key(kTypeHashZipmap, "zm",
      std::string("\x01\x01"
                  "a\x01\x00"
                  "b\xff",
                  7));
  // quicklist-1: a node count, then ziplist nodes.
  file += static_cast<char>(kTypeListQuicklist);
  RdbWriter::AppendString(&file, "q", false);
  RdbWriter::AppendLen(&file, 2);
  RdbWriter::AppendString(&file, MakeZiplist({"x", "y"}), false);
  RdbWriter::AppendString(&file, MakeZiplist({"z"}), false);
  file += static_cast<char>(kOpEof);
  file += std::string(8, '\0');
  std::vector<std::string> got;
  ASSERT_EQ(Load(file, &got), "");
  EXPECT_EQ(got, (std::vector<std::string>{
                     "0 l -1 list/quicklist:a,12,b,",
                     "0 h -1 hash/listpack:f1=v1,f2=7,",
                     "0 z -1 zset/listpack:m1=1.500000,m2=3.000000,",
                     "0 zm -1 hash/listpack:a=b,",
                     "0 q -1 list/quicklist:x,y,z,",
                 }));
  // A hash ziplist with a repeated field is refused.
  std::string dup = "REDIS0009";
  dup += static_cast<char>(kTypeHashZiplist);
  RdbWriter::AppendString(&dup, "h", false);
  RdbWriter::AppendString(&dup, MakeZiplist({"f", "1", "f", "2"}), false);
  dup += static_cast<char>(kOpEof);
  dup += std::string(8, '\0');
  got.clear();
  EXPECT_NE(Load(dup, &got).find("Duplicate hash fields"), std::string::npos);
}

TEST(RdbLegacyTest, Zipmap) {
  std::string zm(
      "\x02\x01"
      "a\x02\x00"
      "bc\x03"
      "key\x01\x01"
      "v?\xff",
      16);
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  ASSERT_TRUE(DecodeZipmap(Span(zm).data(), zm.size(), &pairs));
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].first, "a");
  EXPECT_EQ(pairs[0].second, "bc");
  EXPECT_EQ(pairs[1].first, "key");
  EXPECT_EQ(pairs[1].second, "v");
  for (size_t i = 0; i + 1 < zm.size(); i++) {
    std::string bad = zm.substr(0, i);
    EXPECT_FALSE(DecodeZipmap(Span(bad).data(), bad.size(), &pairs)) << i;
  }
}

}  // namespace
}  // namespace ringkv::rdb
