// Geo commands: GEOADD GEODIST GEOHASH GEOPOS GEOSEARCH GEOSEARCHSTORE GEORADIUS
// GEORADIUSBYMEMBER GEORADIUS_RO GEORADIUSBYMEMBER_RO — Redis 7.0's geo.c over the sorted set
// type: a point is a member whose score is its 52-bit geohash (engine/types/geohash.h). Options,
// their order of checks and error texts, the nine-box search, sorting, the reply shapes (distance
// "%.4f", coordinates as addReplyHumanLongDouble) and the *STORE results are as redis-server's.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/args.h"
#include "engine/commands/register.h"
#include "engine/commands/zset_common.h"
#include "engine/config/config_table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/geohash.h"
#include "engine/types/zset_type.h"
#include "engine/util/numbers.h"
#include "engine/util/pqsort.h"

namespace ringkv {
namespace {

// Redis's getDoubleFromObjectOrReply with an optional custom message.
bool DoubleOrReply(CommandContext& ctx, std::string_view arg, double* out,
                   std::string_view msg = errors::kNotFloat) {
  if (ParseDouble(arg, out)) return true;
  ctx.reply.Error(msg);
  return false;
}

// Redis's extractLongLatOrReply: two floats, then the WGS84 limits.
bool LongLatOrReply(CommandContext& ctx, size_t idx, double xy[2]) {
  for (int i = 0; i < 2; i++) {
    if (!DoubleOrReply(ctx, ctx.arg(idx + i), &xy[i])) return false;
  }
  if (xy[0] < geo::kLongMin || xy[0] > geo::kLongMax || xy[1] < geo::kLatMin ||
      xy[1] > geo::kLatMax) {
    char buf[256];
    std::snprintf(buf, sizeof(buf), "ERR invalid longitude,latitude pair %f,%f", xy[0], xy[1]);
    ctx.reply.Error(buf);
    return false;
  }
  return true;
}

// Redis's extractUnitOrReply: metres per unit, or -1 after replying the error.
double UnitOrReply(CommandContext& ctx, std::string_view unit) {
  unit = CStr(unit);
  if (IsOpt(unit, "m")) return 1;
  if (IsOpt(unit, "km")) return 1000;
  if (IsOpt(unit, "ft")) return 0.3048;
  if (IsOpt(unit, "mi")) return 1609.34;
  ctx.reply.Error(errors::kGeoUnit);
  return -1;
}

// Redis's extractDistanceOrReply: <radius> <unit>.
bool DistanceOrReply(CommandContext& ctx, size_t idx, geo::Shape* shape) {
  double d = 0;
  if (!DoubleOrReply(ctx, ctx.arg(idx), &d, errors::kGeoNeedRadius)) return false;
  if (d < 0) {
    ctx.reply.Error(errors::kGeoNegativeRadius);
    return false;
  }
  shape->radius = d;
  double to_meters = UnitOrReply(ctx, ctx.arg(idx + 1));
  if (to_meters < 0) return false;
  shape->conversion = to_meters;
  return true;
}

// Redis's extractBoxOrReply: <width> <height> <unit>.
bool BoxOrReply(CommandContext& ctx, size_t idx, geo::Shape* shape) {
  double w = 0, h = 0;
  if (!DoubleOrReply(ctx, ctx.arg(idx), &w, errors::kGeoNeedWidth) ||
      !DoubleOrReply(ctx, ctx.arg(idx + 1), &h, errors::kGeoNeedHeight)) {
    return false;
  }
  if (h < 0 || w < 0) {
    ctx.reply.Error(errors::kGeoNegativeBox);
    return false;
  }
  shape->width = w;
  shape->height = h;
  double to_meters = UnitOrReply(ctx, ctx.arg(idx + 2));
  if (to_meters < 0) return false;
  shape->conversion = to_meters;
  return true;
}

// Redis's longLatFromMember.
bool LongLatFromMember(const Value& zset, std::string_view member, double xy[2]) {
  double score = 0;
  return ZSetType::Score(zset, member, &score) && geo::DecodeScore(score, xy);
}

// Redis's addReplyDoubleDistance.
void ReplyDistance(CommandContext& ctx, double d) {
  char buf[128];
  int len = std::snprintf(buf, sizeof(buf), "%.4f", d);
  ctx.reply.Bulk(std::string_view(buf, static_cast<size_t>(len)));
}

// Redis's addReplyHumanLongDouble for one coordinate.
void ReplyCoord(CommandContext& ctx, double v) {
  ctx.reply.DoubleText(v, FormatLongDoubleHuman(v));
}

// ---- GEOADD -----------------------------------------------------------------------------------

// GEOADD key [NX|XX] [CH] long lat member ...: Redis turns it into ZADD with each point's
// geohash as the score, and so does this (the same reply, notifications, and the ZADD it
// propagates).
void GeoAdd(CommandContext& ctx) {
  std::string_view key = ctx.arg(1);
  bool xx = false, nx = false, ch = false;
  size_t longidx = 2;
  for (; longidx < ctx.argc(); longidx++) {
    std::string_view opt = ctx.arg(longidx);
    if (IsOpt(opt, "nx"))
      nx = true;
    else if (IsOpt(opt, "xx"))
      xx = true;
    else if (IsOpt(opt, "ch"))
      ch = true;
    else
      break;
  }
  size_t elements = (ctx.argc() - longidx) / 3;
  if ((ctx.argc() - longidx) % 3 != 0 || (xx && nx) || elements == 0) {
    return ctx.reply.Error(errors::kSyntax);
  }
  std::vector<std::string> scores(elements);
  std::vector<double> score_values(elements);
  for (size_t i = 0; i < elements; i++) {
    double xy[2];
    if (!LongLatOrReply(ctx, longidx + i * 3, xy)) return;
    geo::HashBits hash;
    geo::EncodeWGS84(xy[0], xy[1], geo::kStepMax, &hash);
    uint64_t bits = geo::Align52Bits(hash);
    scores[i] = std::to_string(bits);
    score_values[i] = static_cast<double>(bits);
  }

  KeyEntry* e = ctx.engine.LookupWrite(ctx.db(), key, ctx.now_ms);
  if (!CheckZSetOrReply(ctx, e)) return;
  int flags = (nx ? zadd::kNx : 0) | (xx ? zadd::kXx : 0);
  int64_t added = 0, updated = 0;
  ZSetLimits limits = ZSetLimitsOf(ctx);
  if (e == nullptr && !xx) {
    e = ctx.AddKey(key, ZSetType::CreateFor(ctx.arena(), ctx.arg(longidx + 2), limits));
  }
  if (e != nullptr) {
    for (size_t i = 0; i < elements; i++) {
      int out = 0;
      double new_score = 0;
      ZSetType::Add(ctx.arena(), e->value, score_values[i], ctx.arg(longidx + i * 3 + 2), flags,
                    &out, &new_score, limits);
      if (out & zadd::kAdded) added++;
      if (out & zadd::kUpdated) updated++;
    }
    if (added + updated > 0) {
      ctx.Notify(config::kNotifyZset, "zadd", key);
      ctx.MarkDirty(static_cast<uint64_t>(added + updated));
      if (added > 0) ctx.engine.SignalKeyReady(ctx.session.db, key);
    }
  }
  ctx.reply.Integer(ch ? added + updated : added);

  if (ctx.dirty > 0) {
    // ZADD key [options as given] score member ...
    std::vector<std::string_view> argv{"zadd"};
    for (size_t i = 1; i < longidx; i++) argv.push_back(ctx.arg(i));
    for (size_t i = 0; i < elements; i++) {
      argv.push_back(scores[i]);
      argv.push_back(ctx.arg(longidx + i * 3 + 2));
    }
    ctx.PropagateAs(argv);
  }
}

// ---- GEOHASH GEOPOS GEODIST -------------------------------------------------------------------

void GeoHash(CommandContext& ctx) {
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (!CheckZSetOrReply(ctx, e)) return;
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t j = 2; j < ctx.argc(); j++) {
    double score = 0;
    char buf[11];
    if (e == nullptr || !ZSetType::Score(e->value, ctx.arg(j), &score) ||
        !geo::ScoreToGeohashString(score, buf)) {
      ctx.reply.Null();
    } else {
      ctx.reply.Bulk(std::string_view(buf, 11));
    }
  }
}

void GeoPos(CommandContext& ctx) {
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (!CheckZSetOrReply(ctx, e)) return;
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t j = 2; j < ctx.argc(); j++) {
    double xy[2];
    if (e == nullptr || !LongLatFromMember(e->value, ctx.arg(j), xy)) {
      ctx.reply.NullArray();
    } else {
      ctx.reply.Array(2);
      ReplyCoord(ctx, xy[0]);
      ReplyCoord(ctx, xy[1]);
    }
  }
}

void GeoDist(CommandContext& ctx) {
  double to_meter = 1;
  if (ctx.argc() == 5) {
    to_meter = UnitOrReply(ctx, ctx.arg(4));
    if (to_meter < 0) return;
  } else if (ctx.argc() > 5) {
    return ctx.reply.Error(errors::kSyntax);
  }
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(1), ctx.now_ms);
  if (e == nullptr) return ctx.reply.Null();
  if (!CheckZSetOrReply(ctx, e)) return;
  double score1 = 0, score2 = 0, a[2], b[2];
  if (!ZSetType::Score(e->value, ctx.arg(2), &score1) ||
      !ZSetType::Score(e->value, ctx.arg(3), &score2) || !geo::DecodeScore(score1, a) ||
      !geo::DecodeScore(score2, b)) {
    return ctx.reply.Null();
  }
  ReplyDistance(ctx, geo::Distance(a[0], a[1], b[0], b[1]) / to_meter);
}

// ---- GEORADIUS GEORADIUSBYMEMBER GEOSEARCH GEOSEARCHSTORE -------------------------------------

enum SearchFlags : int {
  kByCoords = 1,      // GEORADIUS: centre from long lat arguments
  kByMember = 2,      // GEORADIUSBYMEMBER: centre from a member
  kNoStore = 4,       // the _RO forms: STORE and STOREDIST are syntax errors
  kSearch = 8,        // GEOSEARCH syntax (FROM*/BY* options)
  kSearchStore = 16,  // GEOSEARCHSTORE: destination first, STOREDIST a flag
};

enum class Sort { kNone, kAsc, kDesc };

struct GeoPoint {
  double longitude, latitude, dist, score;
  std::string member;
};

// Redis's geoGetPointsInRange over one box's score range [min, max): appends the members
// inside the shape, stopping once `limit` (0 = none) points are held.
void PointsInRange(const Value& zset, double min, double max, const geo::Shape& shape,
                   std::vector<GeoPoint>* out, size_t limit) {
  ScoreRange range{min, max, false, true};
  for (ZSetIter it = ZSetType::FirstInRange(zset, range); it.Valid(); it.Next()) {
    double score = it.Score();
    if (!range.LteMax(score)) break;
    double xy[2], dist = 0;
    if (geo::DecodeScore(score, xy) && geo::DistanceIfInShape(shape, xy[0], xy[1], &dist)) {
      out->push_back(GeoPoint{xy[0], xy[1], dist, score, std::string(it.Member())});
    }
    if (!out->empty() && limit != 0 && out->size() >= limit) break;
  }
}

// Redis's membersOfAllNeighbors: the centre box then its neighbours, in Redis's order, skipping
// zeroed ones and a box equal to the one searched just before (huge radii).
void MembersOfAllNeighbors(const Value& zset, const geo::SearchAreas& areas,
                           const geo::Shape& shape, std::vector<GeoPoint>* out, size_t limit) {
  const geo::Neighbors& n = areas.neighbors;
  const geo::HashBits boxes[9] = {areas.hash,   n.north,      n.south,      n.east,      n.west,
                                  n.north_east, n.north_west, n.south_east, n.south_west};
  size_t last_processed = 0;
  for (size_t i = 0; i < 9; i++) {
    if (boxes[i].IsZero()) continue;
    if (last_processed != 0 && boxes[i].bits == boxes[last_processed].bits &&
        boxes[i].step == boxes[last_processed].step) {
      continue;
    }
    if (!out->empty() && limit != 0 && out->size() >= limit) break;
    // Redis's scoresOfGeoHashBox: the box's first score and the next box's first score.
    geo::HashBits next = boxes[i];
    next.bits++;
    PointsInRange(zset, static_cast<double>(geo::Align52Bits(boxes[i])),
                  static_cast<double>(geo::Align52Bits(next)), shape, out, limit);
    last_processed = i;
  }
}

// Writes the *STORE result: members with their geohash (or distance with STOREDIST) as scores.
void StoreGeoResult(CommandContext& ctx, std::string_view dst, std::vector<GeoPoint>& points,
                    size_t returned, bool storedist, int flags) {
  if (returned > 0) {
    std::vector<ZMember> members;
    members.reserve(returned);
    for (size_t i = 0; i < returned; i++) {
      members.push_back(
          ZMember{std::move(points[i].member), storedist ? points[i].dist : points[i].score});
    }
    std::sort(members.begin(), members.end(), [](const ZMember& a, const ZMember& b) {
      return a.score != b.score ? a.score < b.score : a.member < b.member;
    });
    members.erase(
        std::unique(members.begin(), members.end(),
                    [](const ZMember& a, const ZMember& b) { return a.member == b.member; }),
        members.end());
    StoreZSetKey(ctx, dst, ZSetType::FromSorted(ctx.arena(), members, ZSetLimitsOf(ctx)));
    ctx.Notify(config::kNotifyZset, flags & kSearch ? "geosearchstore" : "georadiusstore", dst);
    ctx.MarkDirty(returned);
  } else {
    DeleteZSetDestination(ctx, dst);
  }
  ctx.reply.Integer(static_cast<int64_t>(returned));
}

// Redis's georadiusGeneric: `src` is the source key's index.
void GeoSearchGeneric(CommandContext& ctx, size_t src, int flags) {
  std::string_view storekey;
  bool has_store = false, storedist = false;
  KeyEntry* e = ctx.engine.LookupRead(ctx.db(), ctx.arg(src), ctx.now_ms);
  if (!CheckZSetOrReply(ctx, e)) return;

  size_t base_args = 0;
  geo::Shape shape;
  if (flags & kByCoords) {
    base_args = 6;
    shape.type = geo::Shape::kCircle;
    if (!LongLatOrReply(ctx, 2, shape.xy)) return;
    if (!DistanceOrReply(ctx, base_args - 2, &shape)) return;
  } else if ((flags & kByMember) && e == nullptr) {
    // No source: the options are still parsed, to know which empty reply to give.
    base_args = 5;
  } else if (flags & kByMember) {
    base_args = 5;
    shape.type = geo::Shape::kCircle;
    if (!LongLatFromMember(e->value, ctx.arg(2), shape.xy)) {
      return ctx.reply.Error(errors::kGeoMemberDecode);
    }
    if (!DistanceOrReply(ctx, base_args - 2, &shape)) return;
  } else {
    base_args = 2;
    if (flags & kSearchStore) {
      base_args = 3;
      storekey = ctx.arg(1);
      has_store = true;
    }
  }

  bool withdist = false, withhash = false, withcoords = false;
  bool frommember = false, fromloc = false, byradius = false, bybox = false, any = false;
  Sort sort = Sort::kNone;
  int64_t count = 0;
  const size_t argc = ctx.argc();
  for (size_t i = base_args; i < argc; i++) {
    std::string_view arg = ctx.arg(i);
    const size_t left = argc - i - 1;  // arguments after this one
    if (IsOpt(arg, "withdist")) {
      withdist = true;
    } else if (IsOpt(arg, "withhash")) {
      withhash = true;
    } else if (IsOpt(arg, "withcoord")) {
      withcoords = true;
    } else if (IsOpt(arg, "any")) {
      any = true;
    } else if (IsOpt(arg, "asc")) {
      sort = Sort::kAsc;
    } else if (IsOpt(arg, "desc")) {
      sort = Sort::kDesc;
    } else if (IsOpt(arg, "count") && left >= 1) {
      if (!ParseInt64(ctx.arg(i + 1), &count)) return ctx.reply.Error(errors::kNotInteger);
      if (count <= 0) return ctx.reply.Error(errors::kGeoCountPositive);
      i++;
    } else if ((IsOpt(arg, "store") || IsOpt(arg, "storedist")) && left >= 1 &&
               !(flags & kNoStore) && !(flags & kSearch)) {
      storekey = ctx.arg(i + 1);
      has_store = true;
      storedist = IsOpt(arg, "storedist");
      i++;
    } else if (IsOpt(arg, "storedist") && (flags & kSearch) && (flags & kSearchStore)) {
      storedist = true;
    } else if (IsOpt(arg, "frommember") && left >= 1 && (flags & kSearch) && !fromloc) {
      if (e != nullptr && !LongLatFromMember(e->value, ctx.arg(i + 1), shape.xy)) {
        return ctx.reply.Error(errors::kGeoMemberDecode);
      }
      frommember = true;
      i++;
    } else if (IsOpt(arg, "fromlonlat") && left >= 2 && (flags & kSearch) && !frommember) {
      if (!LongLatOrReply(ctx, i + 1, shape.xy)) return;
      fromloc = true;
      i += 2;
    } else if (IsOpt(arg, "byradius") && left >= 2 && (flags & kSearch) && !bybox) {
      if (!DistanceOrReply(ctx, i + 1, &shape)) return;
      shape.type = geo::Shape::kCircle;
      byradius = true;
      i += 2;
    } else if (IsOpt(arg, "bybox") && left >= 3 && (flags & kSearch) && !byradius) {
      if (!BoxOrReply(ctx, i + 1, &shape)) return;
      shape.type = geo::Shape::kRectangle;
      bybox = true;
      i += 3;
    } else {
      return ctx.reply.Error(errors::kSyntax);
    }
  }

  if (has_store && (withdist || withhash || withcoords)) {
    return ctx.reply.Error(std::string("ERR ") +
                           (flags & kSearchStore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS") +
                           " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
  }
  std::string name(CStr(ctx.arg(0)));
  if ((flags & kSearch) && !(frommember || fromloc)) {
    return ctx.reply.Error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " +
                           name);
  }
  if ((flags & kSearch) && !(byradius || bybox)) {
    return ctx.reply.Error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + name);
  }
  if (any && count == 0) return ctx.reply.Error(errors::kGeoAnyNeedsCount);

  if (e == nullptr) {
    if (has_store) {
      DeleteZSetDestination(ctx, storekey);
      ctx.reply.Integer(0);
    } else {
      ctx.reply.Array(0);
    }
    return;
  }

  // COUNT needs an order to pick the closest; ANY takes the first found.
  if (count != 0 && sort == Sort::kNone && !any) sort = Sort::kAsc;

  geo::SearchAreas areas = geo::CalculateAreasByShapeWGS84(shape);
  std::vector<GeoPoint> points;
  MembersOfAllNeighbors(e->value, areas, shape, &points, any ? static_cast<size_t>(count) : 0);

  if (points.empty() && !has_store) return ctx.reply.Array(0);

  const size_t result_length = points.size();
  const size_t returned = (count == 0 || result_length < static_cast<size_t>(count))
                              ? result_length
                              : static_cast<size_t>(count);
  if (sort != Sort::kNone) {
    // Redis's sort_gp_asc / sort_gp_desc.
    auto cmp = [sort](const GeoPoint& a, const GeoPoint& b) {
      int r = a.dist > b.dist ? 1 : (a.dist == b.dist ? 0 : -1);
      return sort == Sort::kAsc ? r : -r;
    };
    if (returned == result_length) {
      // glibc's qsort is a merge sort: equal distances keep their search order.
      std::stable_sort(points.begin(), points.end(),
                       [&cmp](const GeoPoint& a, const GeoPoint& b) { return cmp(a, b) < 0; });
    } else if (returned > 0) {
      // Redis's pqsort, whose order of equal distances the reply shows.
      PartialQsort(points, 0, returned - 1, cmp);
    }
  }
  for (GeoPoint& p : points) p.dist /= shape.conversion;

  if (has_store) return StoreGeoResult(ctx, storekey, points, returned, storedist, flags);

  const int64_t option_length = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
  ctx.reply.Array(static_cast<int64_t>(returned));
  for (size_t i = 0; i < returned; i++) {
    const GeoPoint& p = points[i];
    if (option_length != 0) ctx.reply.Array(option_length + 1);
    ctx.reply.Bulk(p.member);
    if (withdist) ReplyDistance(ctx, p.dist);
    if (withhash) ctx.reply.Integer(static_cast<int64_t>(p.score));
    if (withcoords) {
      ctx.reply.Array(2);
      ReplyCoord(ctx, p.longitude);
      ReplyCoord(ctx, p.latitude);
    }
  }
}

void GeoRadius(CommandContext& ctx) {
  GeoSearchGeneric(ctx, 1, kByCoords);
}
void GeoRadiusByMember(CommandContext& ctx) {
  GeoSearchGeneric(ctx, 1, kByMember);
}
void GeoRadiusRo(CommandContext& ctx) {
  GeoSearchGeneric(ctx, 1, kByCoords | kNoStore);
}
void GeoRadiusByMemberRo(CommandContext& ctx) {
  GeoSearchGeneric(ctx, 1, kByMember | kNoStore);
}
void GeoSearch(CommandContext& ctx) {
  GeoSearchGeneric(ctx, 1, kSearch);
}
void GeoSearchStore(CommandContext& ctx) {
  GeoSearchGeneric(ctx, 2, kSearch | kSearchStore);
}

}  // namespace

void RegisterGeoFamily(CommandRegistry& r) {
  FamilyRegistrar add(r, "geo");
  using namespace cmd;
  constexpr uint64_t kRd = kCatRead | kCatGeo | kCatSlow;
  constexpr uint64_t kWr = kCatWrite | kCatGeo | kCatSlow;
  constexpr std::string_view kSearchCx =
      "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area "
      "delimited by center and radius and M is the number of items inside the index.";
  constexpr std::string_view kBoxCx =
      "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around "
      "the shape provided as the filter and M is the number of items inside the shape";
  // clang-format off
  add("geoadd", -5, kWrite | kDenyOom, kWr, 1, 1, 1, GeoAdd,
      "Add one or more geospatial items in the geospatial index represented using a sorted set",
      "3.2.0", "O(log(N)) for each item added, where N is the number of elements in the sorted set.");
  add("geodist", -4, kReadonly, kRd, 1, 1, 1, GeoDist,
      "Returns the distance between two members of a geospatial index", "3.2.0", "O(log(N))");
  add("geohash", -2, kReadonly, kRd, 1, 1, 1, GeoHash,
      "Returns members of a geospatial index as standard geohash strings", "3.2.0",
      "O(log(N)) for each member requested, where N is the number of elements in the sorted set.");
  add("geopos", -2, kReadonly, kRd, 1, 1, 1, GeoPos,
      "Returns longitude and latitude of members of a geospatial index", "3.2.0",
      "O(N) where N is the number of members requested.");
  add("georadius", -6, kWrite | kDenyOom | kMovableKeys, kWr, 1, 1, 1, GeoRadius,
      "Query a sorted set representing a geospatial index to fetch members matching a given "
      "maximum distance from a point", "3.2.0", kSearchCx);
  add("georadius_ro", -6, kReadonly, kRd, 1, 1, 1, GeoRadiusRo,
      "A read-only variant for GEORADIUS", "3.2.10", kSearchCx);
  add("georadiusbymember", -5, kWrite | kDenyOom | kMovableKeys, kWr, 1, 1, 1, GeoRadiusByMember,
      "Query a sorted set representing a geospatial index to fetch members matching a given "
      "maximum distance from a member", "3.2.0", kSearchCx);
  add("georadiusbymember_ro", -5, kReadonly, kRd, 1, 1, 1, GeoRadiusByMemberRo,
      "A read-only variant for GEORADIUSBYMEMBER", "3.2.10", kSearchCx);
  add("geosearch", -7, kReadonly, kRd, 1, 1, 1, GeoSearch,
      "Query a sorted set representing a geospatial index to fetch members inside an area of a "
      "box or a circle.", "6.2.0", kBoxCx);
  add("geosearchstore", -8, kWrite | kDenyOom, kWr, 1, 2, 1, GeoSearchStore,
      "Query a sorted set representing a geospatial index to fetch members inside an area of a "
      "box or a circle, and store the result in another key.", "6.2.0", kBoxCx);
  // clang-format on
}

}  // namespace ringkv
