// Geohash against values redis-server 7.0 gives: GEOADD's scores, GEOPOS's decoded coordinates,
// GEOHASH's strings, GEODIST's distance, and the neighbour boxes of a search.
#include "engine/types/geohash.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace ringkv::geo {
namespace {

uint64_t ScoreOf(double lon, double lat) {
  HashBits h;
  EXPECT_TRUE(EncodeWGS84(lon, lat, kStepMax, &h));
  return Align52Bits(h);
}

TEST(GeohashTest, EncodesAsRedis) {
  // GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania; ZRANGE g 0 -1 WITHSCORES
  EXPECT_EQ(ScoreOf(13.361389, 38.115556), 3479099956230698u);
  EXPECT_EQ(ScoreOf(15.087269, 37.502669), 3479447370796909u);
  HashBits h;
  EXPECT_FALSE(EncodeWGS84(0, 85.06, kStepMax, &h));
  EXPECT_FALSE(EncodeWGS84(180.01, 0, kStepMax, &h));
}

TEST(GeohashTest, DecodesAsRedis) {
  double xy[2];
  ASSERT_TRUE(DecodeScore(3479099956230698.0, xy));
  // GEOPOS g Palermo: 13.36138933897018433 38.11555639549629859 ("%.17Lf" trimmed)
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17Lf", static_cast<long double>(xy[0]));
  EXPECT_STREQ(buf, "13.36138933897018433");
  std::snprintf(buf, sizeof(buf), "%.17Lf", static_cast<long double>(xy[1]));
  EXPECT_STREQ(buf, "38.11555639549629859");
}

TEST(GeohashTest, GeohashStringAndDistance) {
  char s[11];
  ASSERT_TRUE(ScoreToGeohashString(3479099956230698.0, s));
  EXPECT_EQ(std::string(s, 11), "sqc8b49rny0");
  double a[2], b[2];
  ASSERT_TRUE(DecodeScore(3479099956230698.0, a));
  ASSERT_TRUE(DecodeScore(3479447370796909.0, b));
  // GEODIST g Palermo Catania km: 166.2742
  std::snprintf(s, sizeof(s), "%.4f", Distance(a[0], a[1], b[0], b[1]) / 1000);
  EXPECT_STREQ(s, "166.2742");
}

TEST(GeohashTest, StepEstimate) {
  EXPECT_EQ(EstimateStepsByRadius(0, 0), 26);
  EXPECT_EQ(EstimateStepsByRadius(20037726.37 * 2, 0), 1);
  // Every halving of the radius adds a step, capped at 26.
  EXPECT_EQ(EstimateStepsByRadius(1000, 0) + 1, EstimateStepsByRadius(500, 0));
  EXPECT_EQ(EstimateStepsByRadius(1000, 70) + 1, EstimateStepsByRadius(1000, 0));
  EXPECT_EQ(EstimateStepsByRadius(1000, 85) + 2, EstimateStepsByRadius(1000, 0));
  EXPECT_EQ(EstimateStepsByRadius(0.001, 0), 26);
}

TEST(GeohashTest, NeighboursSurroundTheBox) {
  HashBits h;
  ASSERT_TRUE(EncodeWGS84(13.36, 38.11, 10, &h));
  Neighbors n;
  GetNeighbors(h, &n);
  Range lo{kLongMin, kLongMax}, la{kLatMin, kLatMax};
  Area c, north, east;
  ASSERT_TRUE(Decode(lo, la, h, &c));
  ASSERT_TRUE(Decode(lo, la, n.north, &north));
  ASSERT_TRUE(Decode(lo, la, n.east, &east));
  EXPECT_DOUBLE_EQ(north.latitude.min, c.latitude.max);
  EXPECT_DOUBLE_EQ(north.longitude.min, c.longitude.min);
  EXPECT_DOUBLE_EQ(east.longitude.min, c.longitude.max);
  EXPECT_DOUBLE_EQ(east.latitude.min, c.latitude.min);
}

}  // namespace
}  // namespace ringkv::geo
