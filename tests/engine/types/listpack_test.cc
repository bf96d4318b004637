#include "engine/types/listpack.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "tests/engine/types/checking_arena.h"

namespace ringkv {
namespace {

using testing::CheckingArena;

std::string Hex(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; i++) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

std::string Text(const uint8_t* p) {
  char buf[32];
  return std::string(lp::Get(p).Text(buf));
}

std::vector<std::string> Contents(const uint8_t* lp) {
  std::vector<std::string> out;
  for (const uint8_t* p = lp::First(lp); p; p = lp::Next(lp, p)) out.push_back(Text(p));
  return out;
}

std::vector<std::string> ContentsBackward(const uint8_t* lp) {
  std::vector<std::string> out;
  for (const uint8_t* p = lp::Last(lp); p; p = lp::Prev(lp, p)) out.insert(out.begin(), Text(p));
  return out;
}

uint8_t* FromList(Arena& arena, const std::vector<std::string>& items) {
  uint8_t* lp = lp::New(arena);
  for (auto& s : items) lp = lp::Append(arena, lp, s);
  return lp;
}

// The listpack redis-server 7.0.15 DUMPs (rdbcompression no) for
//   HSET h a 1 -1 4095 -4096 4096 32767 -32768 8388607 -8388608 2147483647 -2147483648
//          9223372036854775807 -9223372036854775808 0 -0 01 +1 127 128 "" " 1"
// covering every integer width, both signs, and strings that look like integers but are not
// canonical.
TEST(ListpackTest, BytesMatchRedisForIntegersAndShortStrings) {
  CheckingArena arena;
  std::vector<std::string> items = {"a",
                                    "1",
                                    "-1",
                                    "4095",
                                    "-4096",
                                    "4096",
                                    "32767",
                                    "-32768",
                                    "8388607",
                                    "-8388608",
                                    "2147483647",
                                    "-2147483648",
                                    "9223372036854775807",
                                    "-9223372036854775808",
                                    "0",
                                    "-0",
                                    "01",
                                    "+1",
                                    "127",
                                    "128",
                                    "",
                                    " 1"};
  uint8_t* lp = FromList(arena, items);
  EXPECT_EQ(Hex(lp, lp::Bytes(lp)),
            "6400000016008161020101dfff02cfff02d00002f1001003f1ff7f03f1008003f2ffff7f04f20000800"
            "4f3ffffff7f05f30000008005f4ffffffffffffff7f09f40000000000000080090001822d300382303103"
            "822b31037f01c08002800182203103ff");
  EXPECT_EQ(Contents(lp), items);
  EXPECT_TRUE(lp::Validate(lp, lp::Bytes(lp), true));
  lp::Free(arena, lp);
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty());
}

// 6-, 12- and 32-bit string lengths and 1- and 2-byte back-lengths, as redis-server 7.0.15 DUMPs
//   HSET h2 <63 x> <64 y> <4095 z> <4096 w>   (with hash-max-listpack-value raised).
TEST(ListpackTest, BytesMatchRedisForLongStrings) {
  CheckingArena arena;
  std::vector<std::string> items = {std::string(63, 'x'), std::string(64, 'y'),
                                    std::string(4095, 'z'), std::string(4096, 'w')};
  std::string expected = std::string("\x95\x20\x00\x00\x04\x00", 6) + "\xbf" + items[0] + "\x40" +
                         "\xe0\x40" + items[1] + "\x42" + "\xef\xff" + items[2] + "\x20\x81" +
                         std::string("\xf0\x00\x10\x00\x00", 5) + items[3] + "\x20\x85" + "\xff";
  uint8_t* lp = FromList(arena, items);
  ASSERT_EQ(lp::Bytes(lp), expected.size());
  EXPECT_EQ(std::string(reinterpret_cast<char*>(lp), lp::Bytes(lp)), expected);
  EXPECT_EQ(Contents(lp), items);
  EXPECT_EQ(ContentsBackward(lp), items);
  // The same bytes, adopted as a loaded snapshot would be, read back identically.
  ASSERT_TRUE(
      lp::Validate(reinterpret_cast<const uint8_t*>(expected.data()), expected.size(), true));
  uint8_t* loaded = lp::FromBytes(arena, expected.data(), expected.size());
  EXPECT_EQ(Contents(loaded), items);
  lp::Free(arena, loaded);
  lp::Free(arena, lp);
  EXPECT_EQ(arena.UsedBytes(), 0u);
}

TEST(ListpackTest, BacklenOfLargeEntries) {
  // Entries whose <encoding+data> is 16382 (2-byte backlen), 16383 (3 bytes, since Redis's bound
  // is `< 16383`), and 2097151 bytes (4 bytes).
  CheckingArena arena;
  for (size_t enclen :
       {size_t{127}, size_t{128}, size_t{16382}, size_t{16383}, size_t{2097150}, size_t{2097151}}) {
    size_t len = enclen - (enclen - 2 < 64 ? 1 : enclen - 2 < 4096 ? 2 : 5);
    std::string s(len, 'q');
    uint8_t* lp = lp::New(arena);
    lp = lp::Append(arena, lp, "head");
    lp = lp::Append(arena, lp, s);
    lp = lp::Append(arena, lp, "tail");
    uint8_t* p = lp::Seek(lp, 1);
    size_t backlen = enclen <= 127 ? 1 : enclen < 16383 ? 2 : enclen < 2097151 ? 3 : 4;
    EXPECT_EQ(lp::EntryBytes(p), enclen + backlen) << enclen;
    EXPECT_EQ(lp::EncodedEntryBytes(s), enclen + backlen);
    EXPECT_EQ(Text(lp::Prev(lp, lp::Last(lp))), s);
    EXPECT_TRUE(lp::Validate(lp, lp::Bytes(lp), true));
    lp::Free(arena, lp);
  }
}

TEST(ListpackTest, StringToInt64FollowsRedis) {
  int64_t v;
  EXPECT_TRUE(lp::StringToInt64("0", &v));
  EXPECT_TRUE(lp::StringToInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(lp::StringToInt64("9223372036854775808", &v));
  EXPECT_FALSE(lp::StringToInt64("-0", &v));
  EXPECT_FALSE(lp::StringToInt64("00", &v));
  EXPECT_FALSE(lp::StringToInt64("+1", &v));
  EXPECT_FALSE(lp::StringToInt64(" 1", &v));
  EXPECT_FALSE(lp::StringToInt64("1 ", &v));
  EXPECT_FALSE(lp::StringToInt64("", &v));
  EXPECT_FALSE(lp::StringToInt64("-", &v));
}

TEST(ListpackTest, EqualsAndFind) {
  CheckingArena arena;
  uint8_t* lp = FromList(arena, {"f1", "10", "20", "v2", "10", "x", "-0", "y"});
  EXPECT_TRUE(lp::Equals(lp::First(lp), "f1"));
  EXPECT_TRUE(lp::Equals(lp::Seek(lp, 1), "10"));
  EXPECT_FALSE(lp::Equals(lp::Seek(lp, 1), "010"));
  EXPECT_TRUE(lp::Equals(lp::Seek(lp, 6), "-0"));
  // skip=1 looks at fields only: "10" at index 1 is a value, the field "10" is index 4.
  EXPECT_EQ(lp::Find(lp, lp::First(lp), "10", 1), lp::Seek(lp, 4));
  EXPECT_EQ(lp::Find(lp, lp::First(lp), "10", 0), lp::Seek(lp, 1));
  EXPECT_EQ(lp::Find(lp, lp::First(lp), "v2", 1), nullptr);
  EXPECT_EQ(lp::Find(lp, lp::First(lp), "-0", 1), lp::Seek(lp, 6));
  EXPECT_EQ(lp::Find(lp, lp::First(lp), "nope", 0), nullptr);
  lp::Free(arena, lp);
}

TEST(ListpackTest, HeaderCountSaturatesAt65535) {
  CheckingArena arena;
  uint8_t* lp = lp::New(arena);
  for (int i = 0; i < 65534; i++) lp = lp::AppendInt(arena, lp, i % 100);
  EXPECT_EQ(lp[4] | lp[5] << 8, 65534);
  lp = lp::AppendInt(arena, lp, 1);
  EXPECT_EQ(lp[4] | lp[5] << 8, 65535);  // "unknown": Length walks
  for (int i = 0; i < 10; i++) lp = lp::AppendInt(arena, lp, 1);
  EXPECT_EQ(lp[4] | lp[5] << 8, 65535);
  EXPECT_EQ(lp::Length(lp), 65545u);
  EXPECT_EQ(lp::Seek(lp, 65544), lp::Last(lp));
  EXPECT_EQ(lp::Seek(lp, -65545), lp::First(lp));
  EXPECT_EQ(lp::Seek(lp, 65545), nullptr);
  EXPECT_TRUE(lp::Validate(lp, lp::Bytes(lp), true));
  // A single delete keeps "unknown" (as Redis's lpDelete); a range delete recounts.
  uint8_t* p = lp::First(lp);
  lp = lp::Delete(arena, lp, &p);
  EXPECT_EQ(lp[4] | lp[5] << 8, 65535);
  EXPECT_EQ(lp::Length(lp), 65544u);
  lp = lp::DeleteRange(arena, lp, 0, 20);
  EXPECT_EQ(lp[4] | lp[5] << 8, 65524);
  EXPECT_EQ(lp::Length(lp), 65524u);
  EXPECT_TRUE(lp::Validate(lp, lp::Bytes(lp), true));
  lp::Free(arena, lp);
}

TEST(ListpackTest, MergeJoinsAndFreesSecond) {
  CheckingArena arena;
  uint8_t* a = FromList(arena, {"a", "1"});
  uint8_t* b = FromList(arena, {"b", "2", std::string(100, 'c')});
  arena.BeginCommand();
  uint8_t* m = lp::Merge(arena, a, b);
  EXPECT_TRUE(arena.EndCommand().empty());
  EXPECT_EQ(Contents(m), (std::vector<std::string>{"a", "1", "b", "2", std::string(100, 'c')}));
  EXPECT_EQ(lp::Length(m), 5u);
  EXPECT_TRUE(lp::Validate(m, lp::Bytes(m), true));
  uint8_t* e = lp::New(arena);
  m = lp::Merge(arena, m, e);
  EXPECT_EQ(lp::Length(m), 5u);
  lp::Free(arena, m);
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty());
}

// Random values: integers of every width, non-canonical integer-like strings, short and long
// strings.
std::string RandomValue(std::mt19937_64& rng) {
  switch (rng() % 10) {
    case 0:
      return std::to_string(static_cast<int64_t>(rng() % 256) - 128);
    case 1:
      return std::to_string(static_cast<int64_t>(rng() % 20000) - 10000);
    case 2:
      return std::to_string(static_cast<int32_t>(rng()));
    case 3:
      return std::to_string(static_cast<int64_t>(rng()));
    case 4: {
      const char* odd[] = {"-0",
                           "01",
                           "+5",
                           " 7",
                           "7 ",
                           "",
                           "-",
                           "1e3",
                           "0x10",
                           "99999999999999999999",
                           "-9223372036854775809"};
      return odd[rng() % 11];
    }
    case 5:
    case 6:
      return std::string(rng() % 70, static_cast<char>('a' + rng() % 26));
    case 7:
      return std::string(60 + rng() % 10, 'm');
    case 8:
      return std::string(4090 + rng() % 10, 'L');
    default: {
      std::string s(rng() % 300, 'x');
      for (auto& c : s) c = static_cast<char>(rng());
      return s;
    }
  }
}

// Random mutations checked against std::vector<std::string>, every one inside a command of the
// CheckingArena so an in-place write without WillModify fails the test.
TEST(ListpackTest, MatchesModelUnderRandomOperations) {
  CheckingArena arena;
  std::mt19937_64 rng(20240601);
  uint8_t* lp = lp::New(arena);
  std::vector<std::string> model;
  for (int op = 0; op < 10000; op++) {
    arena.BeginCommand();
    unsigned kind = rng() % 12;
    if (model.size() > 200) kind = 7;  // keep it small enough to check fully each step
    std::string v = RandomValue(rng);
    long idx = model.empty() ? 0 : static_cast<long>(rng() % model.size());
    switch (kind) {
      case 0:
      case 1:
        lp = lp::Append(arena, lp, v);
        model.push_back(v);
        break;
      case 2:
        lp = lp::Prepend(arena, lp, v);
        model.insert(model.begin(), v);
        break;
      case 3:
      case 4: {
        if (model.empty()) break;
        bool after = rng() % 2;
        uint8_t* p = lp::Seek(lp, idx);
        lp = lp::Insert(arena, lp, &p, v, after);
        size_t at = static_cast<size_t>(idx) + (after ? 1 : 0);
        model.insert(model.begin() + static_cast<long>(at), v);
        ASSERT_EQ(p, lp::Seek(lp, static_cast<long>(at)));
        break;
      }
      case 5: {
        if (model.empty()) break;
        uint8_t* p = lp::Seek(lp, idx - static_cast<long>(model.size()));  // negative index
        if (rng() % 3 == 0) {
          int64_t n = static_cast<int64_t>(rng()) >> (rng() % 64);
          lp = lp::ReplaceInt(arena, lp, &p, n);
          v = std::to_string(n);
        } else {
          lp = lp::Replace(arena, lp, &p, v);
        }
        model[static_cast<size_t>(idx)] = v;
        ASSERT_EQ(p, lp::Seek(lp, idx));
        break;
      }
      case 6:
      case 7: {
        if (model.empty()) break;
        uint8_t* p = lp::Seek(lp, idx);
        lp = lp::Delete(arena, lp, &p);
        model.erase(model.begin() + idx);
        ASSERT_EQ(p, static_cast<size_t>(idx) < model.size() ? lp::Seek(lp, idx) : nullptr);
        break;
      }
      case 8: {
        size_t n = rng() % 5;
        long start = rng() % 2 ? idx : idx - static_cast<long>(model.size());
        lp = lp::DeleteRange(arena, lp, start, n);
        if (!model.empty()) {
          size_t end = std::min(model.size(), static_cast<size_t>(idx) + n);
          model.erase(model.begin() + idx, model.begin() + static_cast<long>(end));
        }
        break;
      }
      case 9: {
        std::vector<std::string> more;
        for (size_t i = rng() % 4; i > 0; i--) more.push_back(RandomValue(rng));
        uint8_t* other = FromList(arena, more);
        lp = lp::Merge(arena, lp, other);
        model.insert(model.end(), more.begin(), more.end());
        break;
      }
      case 10: {
        if (model.empty()) break;
        const std::string& want = model[static_cast<size_t>(idx)];
        uint8_t* found = lp::Find(lp, lp::First(lp), want, 0);
        size_t first = std::find(model.begin(), model.end(), want) - model.begin();
        ASSERT_EQ(found, lp::Seek(lp, static_cast<long>(first)));
        break;
      }
      default: {
        int64_t n = static_cast<int64_t>(rng()) >> (rng() % 64);
        lp = lp::AppendInt(arena, lp, n);
        model.push_back(std::to_string(n));
        break;
      }
    }
    auto bad = arena.EndCommand();
    ASSERT_TRUE(bad.empty()) << "op " << op << " kind " << kind << ": " << bad[0];
    ASSERT_EQ(lp::Length(lp), model.size()) << op;
    ASSERT_TRUE(lp::Validate(lp, lp::Bytes(lp), true)) << op;
    if (op % 7 == 0) {
      ASSERT_EQ(Contents(lp), model) << op;
      ASSERT_EQ(ContentsBackward(lp), model) << op;
    }
    if (!model.empty()) {
      long i = static_cast<long>(rng() % model.size());
      ASSERT_EQ(Text(lp::Seek(lp, i)), model[static_cast<size_t>(i)]);
      ASSERT_EQ(Text(lp::Seek(lp, i - static_cast<long>(model.size()))),
                model[static_cast<size_t>(i)]);
    }
    ASSERT_EQ(lp::Seek(lp, static_cast<long>(model.size())), nullptr);
    ASSERT_EQ(lp::Seek(lp, -1 - static_cast<long>(model.size())), nullptr);
  }
  lp::Free(arena, lp);
  EXPECT_EQ(arena.UsedBytes(), 0u);
  EXPECT_TRUE(arena.errors().empty()) << arena.errors()[0];
}

// The same operations give the same bytes as building the final list from scratch: the encoding
// of an entry never depends on how it got there.
TEST(ListpackTest, BytesIndependentOfHistory) {
  MallocArena arena;
  std::mt19937_64 rng(7);
  uint8_t* lp = lp::New(arena);
  std::vector<std::string> model;
  for (int op = 0; op < 2000; op++) {
    std::string v = RandomValue(rng);
    if (!model.empty() && rng() % 3 == 0) {
      long idx = static_cast<long>(rng() % model.size());
      uint8_t* p = lp::Seek(lp, idx);
      lp = lp::Delete(arena, lp, &p);
      model.erase(model.begin() + idx);
    } else {
      lp = lp::Prepend(arena, lp, v);
      model.insert(model.begin(), v);
    }
  }
  uint8_t* fresh = FromList(arena, model);
  ASSERT_EQ(lp::Bytes(lp), lp::Bytes(fresh));
  EXPECT_EQ(std::memcmp(lp, fresh, lp::Bytes(lp)), 0);
  lp::Free(arena, lp);
  lp::Free(arena, fresh);
}

// Corrupted input: Validate never reads outside the buffer (ASan checks it), and whatever it
// accepts can be walked both ways.
TEST(ListpackTest, ValidateSurvivesCorruption) {
  MallocArena arena;
  std::mt19937_64 rng(99);
  std::vector<std::string> items;
  for (int i = 0; i < 40; i++) items.push_back(RandomValue(rng));
  uint8_t* lp = FromList(arena, items);
  std::string good(reinterpret_cast<char*>(lp), lp::Bytes(lp));
  lp::Free(arena, lp);
  ASSERT_TRUE(lp::Validate(reinterpret_cast<const uint8_t*>(good.data()), good.size(), true));
  int accepted = 0;
  for (int iter = 0; iter < 20000; iter++) {
    std::string bad = good;
    switch (iter % 4) {
      case 0:
        for (int k = 1 + rng() % 3; k > 0; k--) bad[rng() % bad.size()] = static_cast<char>(rng());
        break;
      case 1:
        bad.resize(rng() % bad.size());
        break;
      case 2: {
        // Keep the header consistent with a truncated or grown size so deeper checks run.
        bad.resize(7 + rng() % bad.size());
        uint32_t n = static_cast<uint32_t>(bad.size());
        std::memcpy(bad.data(), &n, 4);  // little-endian machines only, as the engine
        bad.back() = '\xff';
        break;
      }
      default:
        bad[6 + rng() % (bad.size() - 7)] = static_cast<char>(0xF0 + rng() % 16);
        break;
    }
    // A heap copy of exactly the size so ASan sees any overread.
    std::vector<uint8_t> buf(bad.begin(), bad.end());
    uint8_t* data = buf.empty() ? nullptr : buf.data();
    if (data == nullptr) continue;
    if (lp::Validate(data, buf.size(), true)) {
      accepted++;
      size_t n = 0;
      for (const uint8_t* p = lp::First(data); p; p = lp::Next(data, p)) {
        char tmp[32];
        (void)lp::Get(p).Text(tmp);
        n++;
      }
      size_t back = 0;
      for (const uint8_t* p = lp::Last(data); p; p = lp::Prev(data, p)) back++;
      ASSERT_EQ(n, back);
      ASSERT_EQ(n, lp::Length(data));
    }
    (void)lp::Validate(data, buf.size(), false);
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace ringkv
