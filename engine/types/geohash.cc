// Redis 7.0's geohash.c and geohash_helper.c, operation for operation (see geohash.h): any
// reordering of the floating-point arithmetic would move points across box or radius edges.
#include "engine/types/geohash.h"

#include <cmath>

namespace ringkv::geo {
namespace {

constexpr double kDegToRad = M_PI / 180.0;
constexpr double kMercatorMax = 20037726.37;

double DegRad(double ang) {
  return ang * kDegToRad;
}
double RadDeg(double ang) {
  return ang / kDegToRad;
}

// Spreads the 32 bits of x to the even bit positions and those of y to the odd ones.
uint64_t Interleave64(uint32_t xlo, uint32_t ylo) {
  static constexpr uint64_t B[] = {0x5555555555555555ULL, 0x3333333333333333ULL,
                                   0x0F0F0F0F0F0F0F0FULL, 0x00FF00FF00FF00FFULL,
                                   0x0000FFFF0000FFFFULL};
  static constexpr unsigned S[] = {1, 2, 4, 8, 16};
  uint64_t x = xlo, y = ylo;
  for (int i = 4; i >= 0; i--) {
    x = (x | (x << S[i])) & B[i];
    y = (y | (y << S[i])) & B[i];
  }
  return x | (y << 1);
}

// The inverse: even bits to the low word, odd bits to the high word.
uint64_t Deinterleave64(uint64_t interleaved) {
  static constexpr uint64_t B[] = {0x5555555555555555ULL, 0x3333333333333333ULL,
                                   0x0F0F0F0F0F0F0F0FULL, 0x00FF00FF00FF00FFULL,
                                   0x0000FFFF0000FFFFULL, 0x00000000FFFFFFFFULL};
  static constexpr unsigned S[] = {0, 1, 2, 4, 8, 16};
  uint64_t x = interleaved, y = interleaved >> 1;
  for (int i = 0; i < 6; i++) {
    x = (x | (x >> S[i])) & B[i];
    y = (y | (y >> S[i])) & B[i];
  }
  return x | (y << 32);
}

void CoordRange(Range* long_range, Range* lat_range) {
  *long_range = {kLongMin, kLongMax};
  *lat_range = {kLatMin, kLatMax};
}

// One step along one axis: `axis` masks that axis's bits (odd positions: longitude, moved east
// for d > 0 or west; even positions: latitude, north or south), the other axis stays (Redis's
// geohash_move_x and geohash_move_y).
void Move(HashBits* hash, int d, uint64_t axis) {
  const uint64_t other = ~axis;
  uint64_t moving = hash->bits & axis;
  uint64_t fixed = hash->bits & other;
  uint64_t zz = other >> (64 - hash->step * 2);
  if (d > 0) {
    moving = moving + (zz + 1);
  } else {
    moving = moving | zz;
    moving = moving - (zz + 1);
  }
  moving &= (axis >> (64 - hash->step * 2));
  hash->bits = moving | fixed;
}

constexpr uint64_t kLongBits = 0xaaaaaaaaaaaaaaaaULL;
constexpr uint64_t kLatBits = 0x5555555555555555ULL;
void MoveX(HashBits* hash, int d) {
  Move(hash, d, kLongBits);
}
void MoveY(HashBits* hash, int d) {
  Move(hash, d, kLatBits);
}

}  // namespace

bool Encode(const Range& long_range, const Range& lat_range, double longitude, double latitude,
            uint8_t step, HashBits* hash) {
  if (step > 32 || step == 0) return false;
  if ((lat_range.min == 0 && lat_range.max == 0) || (long_range.min == 0 && long_range.max == 0)) {
    return false;
  }
  if (longitude > kLongMax || longitude < kLongMin || latitude > kLatMax || latitude < kLatMin) {
    return false;
  }
  hash->bits = 0;
  hash->step = step;
  if (latitude < lat_range.min || latitude > lat_range.max || longitude < long_range.min ||
      longitude > long_range.max) {
    return false;
  }
  double lat_offset = (latitude - lat_range.min) / (lat_range.max - lat_range.min);
  double long_offset = (longitude - long_range.min) / (long_range.max - long_range.min);
  lat_offset *= static_cast<double>(1ULL << step);
  long_offset *= static_cast<double>(1ULL << step);
  hash->bits = Interleave64(static_cast<uint32_t>(lat_offset), static_cast<uint32_t>(long_offset));
  return true;
}

bool EncodeWGS84(double longitude, double latitude, uint8_t step, HashBits* hash) {
  Range lo, la;
  CoordRange(&lo, &la);
  return Encode(lo, la, longitude, latitude, step, hash);
}

bool Decode(const Range& long_range, const Range& lat_range, const HashBits& hash, Area* area) {
  if (hash.IsZero() || (lat_range.min == 0 && lat_range.max == 0) ||
      (long_range.min == 0 && long_range.max == 0)) {
    return false;
  }
  area->hash = hash;
  uint8_t step = hash.step;
  uint64_t hash_sep = Deinterleave64(hash.bits);
  double lat_scale = lat_range.max - lat_range.min;
  double long_scale = long_range.max - long_range.min;
  uint32_t ilato = static_cast<uint32_t>(hash_sep);
  uint32_t ilono = static_cast<uint32_t>(hash_sep >> 32);
  double div = static_cast<double>(1ULL << step);
  area->latitude.min = lat_range.min + (ilato * 1.0 / div) * lat_scale;
  area->latitude.max = lat_range.min + ((ilato + 1) * 1.0 / div) * lat_scale;
  area->longitude.min = long_range.min + (ilono * 1.0 / div) * long_scale;
  area->longitude.max = long_range.min + ((ilono + 1) * 1.0 / div) * long_scale;
  return true;
}

bool DecodeToLongLatWGS84(const HashBits& hash, double xy[2]) {
  Range lo, la;
  CoordRange(&lo, &la);
  Area area;
  if (!Decode(lo, la, hash, &area)) return false;
  xy[0] = (area.longitude.min + area.longitude.max) / 2;
  if (xy[0] > kLongMax) xy[0] = kLongMax;
  if (xy[0] < kLongMin) xy[0] = kLongMin;
  xy[1] = (area.latitude.min + area.latitude.max) / 2;
  if (xy[1] > kLatMax) xy[1] = kLatMax;
  if (xy[1] < kLatMin) xy[1] = kLatMin;
  return true;
}

bool DecodeScore(double score, double xy[2]) {
  // Redis converts the double straight to uint64_t; scores outside [0, 2^64) are undefined
  // behaviour there, so they are clamped here (any such score is not a geo point anyway).
  uint64_t bits = 0;
  if (score > 0) bits = score >= 18446744073709551616.0 ? UINT64_MAX : static_cast<uint64_t>(score);
  return DecodeToLongLatWGS84(HashBits{bits, kStepMax}, xy);
}

uint64_t Align52Bits(const HashBits& hash) {
  return hash.bits << (52 - hash.step * 2);
}

void GetNeighbors(const HashBits& hash, Neighbors* n) {
  n->east = n->west = n->north = n->south = hash;
  n->south_east = n->south_west = n->north_east = n->north_west = hash;
  MoveX(&n->east, 1);
  MoveX(&n->west, -1);
  MoveY(&n->south, -1);
  MoveY(&n->north, 1);
  MoveX(&n->north_west, -1);
  MoveY(&n->north_west, 1);
  MoveX(&n->north_east, 1);
  MoveY(&n->north_east, 1);
  MoveX(&n->south_east, 1);
  MoveY(&n->south_east, -1);
  MoveX(&n->south_west, -1);
  MoveY(&n->south_west, -1);
}

bool ScoreToGeohashString(double score, char out[11]) {
  static constexpr char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
  double xy[2];
  if (!DecodeScore(score, xy)) return false;
  // Redis's internal latitude range is +-85.05; the standard geohash uses +-90: re-encode.
  HashBits hash;
  Encode(Range{-180, 180}, Range{-90, 90}, xy[0], xy[1], 26, &hash);
  for (int i = 0; i < 11; i++) {
    // 52 bits give ten characters; the eleventh is the zero digit, as Redis prints it.
    int idx = i == 10 ? 0 : static_cast<int>((hash.bits >> (52 - ((i + 1) * 5))) & 0x1f);
    out[i] = kAlphabet[idx];
  }
  return true;
}

// ---- search helpers ---------------------------------------------------------------------------

uint8_t EstimateStepsByRadius(double range_meters, double lat) {
  if (range_meters == 0) return 26;
  int step = 1;
  while (range_meters < kMercatorMax) {
    range_meters *= 2;
    step++;
  }
  step -= 2;  // make sure the range is included in most of the base cases
  // Wider boxes towards the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return static_cast<uint8_t>(step);
}

void BoundingBox(const Shape& shape, double bounds[4]) {
  double longitude = shape.xy[0];
  double latitude = shape.xy[1];
  bool circle = shape.type == Shape::kCircle;
  double height = shape.conversion * (circle ? shape.radius : shape.height / 2);
  double width = shape.conversion * (circle ? shape.radius : shape.width / 2);
  const double lat_delta = RadDeg(height / kEarthRadiusMeters);
  const double long_delta_top =
      RadDeg(width / kEarthRadiusMeters / std::cos(DegRad(latitude + lat_delta)));
  const double long_delta_bottom =
      RadDeg(width / kEarthRadiusMeters / std::cos(DegRad(latitude - lat_delta)));
  // The box is widest on the side nearer a pole: the top in the north, the bottom in the south.
  bool southern = latitude < 0;
  bounds[0] = southern ? longitude - long_delta_bottom : longitude - long_delta_top;
  bounds[2] = southern ? longitude + long_delta_bottom : longitude + long_delta_top;
  bounds[1] = latitude - lat_delta;
  bounds[3] = latitude + lat_delta;
}

SearchAreas CalculateAreasByShapeWGS84(const Shape& shape) {
  double bounds[4];
  BoundingBox(shape, bounds);
  const double min_lon = bounds[0], min_lat = bounds[1], max_lon = bounds[2], max_lat = bounds[3];
  const double longitude = shape.xy[0], latitude = shape.xy[1];
  // A box is covered through the distance from its centre to a corner.
  double radius_meters = shape.type == Shape::kCircle
                             ? shape.radius
                             : std::sqrt((shape.width / 2) * (shape.width / 2) +
                                         (shape.height / 2) * (shape.height / 2));
  radius_meters *= shape.conversion;

  int steps = EstimateStepsByRadius(radius_meters, latitude);
  Range long_range, lat_range;
  CoordRange(&long_range, &lat_range);
  SearchAreas out;
  Encode(long_range, lat_range, longitude, latitude, static_cast<uint8_t>(steps), &out.hash);
  GetNeighbors(out.hash, &out.neighbors);
  Decode(long_range, lat_range, out.hash, &out.area);

  // Near a box edge the estimated step may leave part of the search area outside the nine boxes:
  // then one step coarser.
  bool decrease_step = false;
  {
    Area north, south, east, west;
    Decode(long_range, lat_range, out.neighbors.north, &north);
    Decode(long_range, lat_range, out.neighbors.south, &south);
    Decode(long_range, lat_range, out.neighbors.east, &east);
    Decode(long_range, lat_range, out.neighbors.west, &west);
    if (north.latitude.max < max_lat) decrease_step = true;
    if (south.latitude.min > min_lat) decrease_step = true;
    if (east.longitude.max < max_lon) decrease_step = true;
    if (west.longitude.min > min_lon) decrease_step = true;
  }
  if (steps > 1 && decrease_step) {
    steps--;
    Encode(long_range, lat_range, longitude, latitude, static_cast<uint8_t>(steps), &out.hash);
    GetNeighbors(out.hash, &out.neighbors);
    Decode(long_range, lat_range, out.hash, &out.area);
  }

  // Drop the neighbours the search area cannot reach.
  if (steps >= 2) {
    Neighbors& n = out.neighbors;
    const Area& a = out.area;
    if (a.latitude.min < min_lat) n.south = n.south_west = n.south_east = HashBits{};
    if (a.latitude.max > max_lat) n.north = n.north_east = n.north_west = HashBits{};
    if (a.longitude.min < min_lon) n.west = n.south_west = n.north_west = HashBits{};
    if (a.longitude.max > max_lon) n.east = n.south_east = n.north_east = HashBits{};
  }
  return out;
}

double Distance(double lon1d, double lat1d, double lon2d, double lat2d) {
  double lat1r = DegRad(lat1d);
  double lon1r = DegRad(lon1d);
  double lat2r = DegRad(lat2d);
  double lon2r = DegRad(lon2d);
  double u = std::sin((lat2r - lat1r) / 2);
  double v = std::sin((lon2r - lon1r) / 2);
  return 2.0 * kEarthRadiusMeters *
         std::asin(std::sqrt(u * u + std::cos(lat1r) * std::cos(lat2r) * v * v));
}

bool DistanceIfInShape(const Shape& shape, double x2, double y2, double* distance) {
  const double x1 = shape.xy[0], y1 = shape.xy[1];
  if (shape.type == Shape::kCircle) {
    *distance = Distance(x1, y1, x2, y2);
    return *distance <= shape.radius * shape.conversion;
  }
  double width_m = shape.width * shape.conversion, height_m = shape.height * shape.conversion;
  double lon_distance = Distance(x2, y2, x1, y2);
  double lat_distance = Distance(x2, y2, x2, y1);
  if (lon_distance > width_m / 2 || lat_distance > height_m / 2) return false;
  *distance = Distance(x1, y1, x2, y2);
  return true;
}

}  // namespace ringkv::geo
