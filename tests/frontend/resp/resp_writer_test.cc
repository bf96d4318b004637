// Tests for RespWriter: every reply type in RESP2 and RESP3, byte for byte as Redis 7.0 sends it.
#include "frontend/resp/resp_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>

namespace ringkv::resp {
namespace {

// Concatenation by appending: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (std::string_view p : parts) s.append(p);
  return s;
}

template <typename F>
std::string Write(int protocol, F&& f) {
  std::string out;
  RespWriter w(&out, protocol);
  f(w);
  return out;
}

TEST(RespWriterTest, SimpleStringAndError) {
  for (int p : {2, 3}) {
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.SimpleString("OK"); }), "+OK\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.SimpleString(""); }), "+\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Error("ERR syntax error"); }),
              "-ERR syntax error\r\n");
    // Line breaks would end the line early and desynchronize the client.
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Error("ERR a\r\nb\nc\r"); }), "-ERR a  b c \r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.SimpleString("x\ny"); }), "+x y\r\n");
  }
}

TEST(RespWriterTest, Integer) {
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Integer(0); }), ":0\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Integer(7); }), ":7\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Integer(-1); }), ":-1\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Integer(1234567890); }), ":1234567890\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Integer(INT64_MAX); }), ":9223372036854775807\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Integer(INT64_MIN); }), ":-9223372036854775808\r\n");
  for (int64_t v = -1000; v <= 1000; ++v) {
    EXPECT_EQ(Write(2, [v](RespWriter& w) { w.Integer(v); }),
              Cat({":", std::to_string(v), "\r\n"}));
  }
}

TEST(RespWriterTest, Bulk) {
  for (int p : {2, 3}) {
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Bulk("foo"); }), "$3\r\nfoo\r\n");
    EXPECT_EQ(Write(p, [](RespWriter& w) { w.Bulk(""); }), "$0\r\n\r\n");
    const std::string binary("a\r\n\0b", 5);
    EXPECT_EQ(Write(p, [&](RespWriter& w) { w.Bulk(binary); }), "$5\r\n" + binary + "\r\n");
  }
  const std::string big(100000, 'x');
  EXPECT_EQ(Write(2, [&](RespWriter& w) { w.Bulk(big); }), "$100000\r\n" + big + "\r\n");
}

TEST(RespWriterTest, Nulls) {
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Null(); }), "$-1\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.NullArray(); }), "*-1\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Null(); }), "_\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.NullArray(); }), "_\r\n");
}

TEST(RespWriterTest, Double) {
  struct Case {
    double v;
    const char* text;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const Case& c :
       {Case{0.1, "0.10000000000000001"}, Case{1.5, "1.5"}, Case{3, "3"}, Case{-2.25, "-2.25"},
        Case{0.0, "0"}, Case{-0.0, "-0"}, Case{1e300, "1.0000000000000001e+300"},
        Case{1e-7, "9.9999999999999995e-08"}, Case{123456789012345678.0, "1.2345678901234568e+17"},
        Case{inf, "inf"}, Case{-inf, "-inf"}, Case{std::nan(""), "nan"}}) {
    const std::string t = c.text;
    EXPECT_EQ(Write(3, [&](RespWriter& w) { w.Double(c.v); }), Cat({",", t, "\r\n"})) << t;
    EXPECT_EQ(Write(2, [&](RespWriter& w) { w.Double(c.v); }),
              Cat({"$", std::to_string(t.size()), "\r\n", t, "\r\n"}))
        << t;
  }
}

TEST(RespWriterTest, Bool) {
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Bool(true); }), ":1\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Bool(false); }), ":0\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Bool(true); }), "#t\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Bool(false); }), "#f\r\n");
}

TEST(RespWriterTest, Aggregates) {
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Array(3); }), "*3\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Array(0); }), "*0\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Map(2); }), "*4\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Map(2); }), "%2\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Set(5); }), "*5\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Set(5); }), "~5\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Push(3); }), "*3\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Push(3); }), ">3\r\n");
}

TEST(RespWriterTest, Verbatim) {
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Verbatim("hello"); }), "=9\r\ntxt:hello\r\n");
  EXPECT_EQ(Write(2, [](RespWriter& w) { w.Verbatim("hello"); }), "$5\r\nhello\r\n");
  EXPECT_EQ(Write(3, [](RespWriter& w) { w.Verbatim("a\r\nb"); }), "=8\r\ntxt:a\r\nb\r\n");
}

TEST(RespWriterTest, AppendsAndSwitchesProtocol) {
  std::string out = "prefix";
  RespWriter w(&out);
  EXPECT_EQ(w.protocol(), 2);
  w.Map(1);
  w.Bulk("k");
  w.Null();
  w.SetProtocol(3);
  EXPECT_EQ(w.protocol(), 3);
  w.Map(1);
  w.Bulk("k");
  w.Null();
  EXPECT_EQ(out, "prefix*2\r\n$1\r\nk\r\n$-1\r\n%1\r\n$1\r\nk\r\n_\r\n");
}

}  // namespace
}  // namespace ringkv::resp
