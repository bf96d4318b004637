#include "engine/util/numbers.h"

#include <gtest/gtest.h>

namespace ringkv {
namespace {

TEST(NumbersTest, ParseInt64FollowsString2ll) {
  int64_t v = 0;
  EXPECT_TRUE(ParseInt64("0", &v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_TRUE(ParseInt64("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  for (const char* bad : {"", "-", "+1", "01", "-0", " 1", "1 ", "9223372036854775808",
                          "-9223372036854775809", "1a", "1.0", "99999999999999999999"}) {
    EXPECT_FALSE(ParseInt64(bad, &v)) << bad;
  }
}

TEST(NumbersTest, ParseLongDouble) {
  long double v = 0;
  EXPECT_TRUE(ParseLongDouble("1.5", &v));
  EXPECT_EQ(v, 1.5L);
  EXPECT_TRUE(ParseLongDouble("1e5", &v));
  EXPECT_TRUE(ParseLongDouble("inf", &v));
  EXPECT_TRUE(ParseLongDouble("-inf", &v));
  EXPECT_FALSE(ParseLongDouble("nan", &v));
  EXPECT_FALSE(ParseLongDouble(" 1", &v));
  EXPECT_FALSE(ParseLongDouble("1 ", &v));
  EXPECT_FALSE(ParseLongDouble("", &v));
  EXPECT_FALSE(ParseLongDouble("abc", &v));
}

TEST(NumbersTest, FormatLongDoubleHuman) {
  EXPECT_EQ(FormatLongDoubleHuman(10.5L), "10.5");
  EXPECT_EQ(FormatLongDoubleHuman(3.0L), "3");
  EXPECT_EQ(FormatLongDoubleHuman(-0.0L), "0");
  EXPECT_EQ(FormatLongDoubleHuman(5.0e3L), "5000");
  EXPECT_EQ(FormatLongDoubleHuman(0.1L), "0.1");
}

}  // namespace
}  // namespace ringkv
