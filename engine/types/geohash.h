// Geohash: the 52-bit interleaved coordinates Redis stores as sorted set scores (Redis 7.0's
// geohash.c), and the search helpers built on it (geohash_helper.c): the step estimate for a
// radius, the bounding box of a search shape, the centre box plus its eight neighbours that cover
// a search, and the haversine distance on Redis's earth radius. Every function computes with the
// same operations in the same order as Redis, so scores, decoded coordinates, distances and the
// set of boxes searched are bit-identical to redis-server's.
#pragma once

#include <cstdint>

namespace ringkv::geo {

// EPSG:900913 limits: Redis cannot index the poles.
inline constexpr double kLongMin = -180;
inline constexpr double kLongMax = 180;
inline constexpr double kLatMin = -85.05112878;
inline constexpr double kLatMax = 85.05112878;
inline constexpr uint8_t kStepMax = 26;  // 26 steps * 2 = 52 bits: fits a double's mantissa
inline constexpr double kEarthRadiusMeters = 6372797.560856;

struct HashBits {
  uint64_t bits = 0;
  uint8_t step = 0;
  bool IsZero() const { return bits == 0 && step == 0; }
};

struct Range {
  double min = 0, max = 0;
};

struct Area {
  HashBits hash;
  Range longitude, latitude;
};

struct Neighbors {
  HashBits north, east, west, south, north_east, south_east, north_west, south_west;
};

// Redis's geohashEncode over the given ranges; false outside them or the WGS84 limits.
bool Encode(const Range& long_range, const Range& lat_range, double longitude, double latitude,
            uint8_t step, HashBits* hash);
// geohashEncodeWGS84: over [-180,180] x [kLatMin,kLatMax].
bool EncodeWGS84(double longitude, double latitude, uint8_t step, HashBits* hash);
// geohashDecode: the box `hash` names; false for a zero hash.
bool Decode(const Range& long_range, const Range& lat_range, const HashBits& hash, Area* area);
// geohashDecodeToLongLatWGS84: the centre of the box, clamped to the limits. xy = {long, lat}.
bool DecodeToLongLatWGS84(const HashBits& hash, double xy[2]);
// A member's score (a 52-bit hash as a double) to its coordinates (Redis's decodeGeohash).
bool DecodeScore(double score, double xy[2]);
// The hash shifted to 52 bits: the score of a point, or a box's first score.
uint64_t Align52Bits(const HashBits& hash);
void GetNeighbors(const HashBits& hash, Neighbors* n);

// The standard geohash alphabet text of a score (GEOHASH's reply: 11 characters, re-encoded over
// latitude [-90,90]); false when the score does not decode.
bool ScoreToGeohashString(double score, char out[11]);

// ---- search helpers (geohash_helper.c) --------------------------------------------------------

// A search area: a circle (radius) or an axis-aligned box (width x height), in `conversion`
// units (metres per unit), centred on xy = {long, lat}.
struct Shape {
  enum Type { kCircle, kRectangle } type = kCircle;
  double xy[2] = {0, 0};
  double conversion = 1;
  double radius = 0;
  double width = 0, height = 0;
};

// The centre box and its neighbours to search; neighbours not needed are zero.
struct SearchAreas {
  HashBits hash;
  Neighbors neighbors;
  Area area;
};

uint8_t EstimateStepsByRadius(double range_meters, double lat);
// bounds = {min long, min lat, max long, max lat}.
void BoundingBox(const Shape& shape, double bounds[4]);
SearchAreas CalculateAreasByShapeWGS84(const Shape& shape);

// Haversine distance in metres between two {long, lat} points.
double Distance(double lon1d, double lat1d, double lon2d, double lat2d);
// Whether {x2,y2} lies within the shape centred on {x1,y1}; *distance is set when it does
// (geohashGetDistanceIfInRadiusWGS84 / geohashGetDistanceIfInRectangle).
bool DistanceIfInShape(const Shape& shape, double x2, double y2, double* distance);

}  // namespace ringkv::geo
