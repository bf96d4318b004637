#include "engine/util/strings.h"

#include <gtest/gtest.h>

namespace ringkv {
namespace {

TEST(GlobTest, RedisPatterns) {
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("h?llo", "hello"));
  EXPECT_TRUE(GlobMatch("h*llo", "heeeello"));
  EXPECT_TRUE(GlobMatch("h[ae]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[ae]llo", "hillo"));
  EXPECT_TRUE(GlobMatch("h[^e]llo", "hallo"));
  EXPECT_FALSE(GlobMatch("h[^e]llo", "hello"));
  EXPECT_TRUE(GlobMatch("h[a-b]llo", "hbllo"));
  EXPECT_TRUE(GlobMatch("h[b-a]llo", "hbllo"));  // reversed range
  EXPECT_TRUE(GlobMatch("a\\*b", "a*b"));
  EXPECT_FALSE(GlobMatch("a\\*b", "axb"));
  EXPECT_TRUE(GlobMatch("ab\\", "ab\\"));  // trailing backslash is literal
  EXPECT_TRUE(GlobMatch("[abc", "a"));     // unterminated class ends with the pattern
  EXPECT_TRUE(GlobMatch("HELLO", "hello", true));
  EXPECT_FALSE(GlobMatch("user:*:x", "user:1:y"));
  EXPECT_TRUE(GlobMatch("*a*b*c", "xxaxxbxxc"));
}

TEST(GlobTest, HostilePatternIsFast) {
  // Exponential in a naive matcher; must return at once here.
  std::string pat;
  for (int i = 0; i < 30; i++) pat += "a*";
  pat += "b";
  EXPECT_FALSE(GlobMatch(pat, std::string(10000, 'a')));
}

}  // namespace
}  // namespace ringkv
