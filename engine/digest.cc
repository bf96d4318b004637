#include "engine/digest.h"

#include <arpa/inet.h>
#include <nettle/sha1.h>

#include <cstdio>
#include <string_view>

#include "engine/engine.h"
#include "engine/types/hash_type.h"
#include "engine/types/quicklist.h"
#include "engine/types/set_type.h"
#include "engine/types/zset_type.h"

namespace ringkv {
namespace {

// One-shot SHA1 (nettle, the library the script cache uses too).
void SHA1(const void* p, size_t len, unsigned char out[SHA1_DIGEST_SIZE]) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, len, static_cast<const uint8_t*>(p));
  sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
}

// Redis's xorDigest: digest ^= SHA1(bytes). Commutative, for unordered elements.
void XorDigest(Digest& d, const void* p, size_t len) {
  unsigned char hash[SHA1_DIGEST_SIZE];
  SHA1(static_cast<const unsigned char*>(p), len, hash);
  for (size_t i = 0; i < d.size(); i++) d[i] ^= hash[i];
}
void XorDigest(Digest& d, std::string_view s) {
  XorDigest(d, s.data(), s.size());
}

// Redis's mixDigest: xor, then digest = SHA1(digest). Order-dependent, for sequences.
void MixDigest(Digest& d, const void* p, size_t len) {
  XorDigest(d, p, len);
  unsigned char hash[SHA1_DIGEST_SIZE];
  SHA1(d.data(), d.size(), hash);
  std::copy(hash, hash + d.size(), d.begin());
}
void MixDigest(Digest& d, std::string_view s) {
  MixDigest(d, s.data(), s.size());
}

// A zset member or hash field/value pair: mixed into a fresh digest that is xored into `d`.
void XorPair(Digest& d, std::string_view a, std::string_view b) {
  Digest pair{};
  MixDigest(pair, a);
  MixDigest(pair, b);
  XorDigest(d, pair.data(), pair.size());
}

// Redis's xorObjectDigest: the type (network order), then the value, then the TTL marker.
void ObjectDigest(Digest& d, const Database& db, const KeyEntry& e) {
  const Value& v = e.value;
  uint32_t type = htonl(static_cast<uint32_t>(v.type()));
  MixDigest(d, &type, sizeof(type));
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[kIntScratch];
      MixDigest(d, v.StringView(scratch));
      break;
    }
    case ObjType::kList: {
      QuicklistIter it(*static_cast<const Quicklist*>(v.object()), 0, true);
      Quicklist::Element el;
      char buf[24];
      while (it.Next(&el)) MixDigest(d, el.Text(buf));
      break;
    }
    case ObjType::kSet:
      SetType::ForEach(v, [&](std::string_view m) { XorDigest(d, m); });
      break;
    case ObjType::kZSet:
      ZSetType::ForEach(v, [&](std::string_view m, double score) {
        // Redis formats both encodings' scores with "%.17g" here.
        char buf[128];
        int n = std::snprintf(buf, sizeof(buf), "%.17g", score);
        XorPair(d, m, std::string_view(buf, static_cast<size_t>(n)));
      });
      break;
    case ObjType::kHash:
      HashType::ForEach(v, [&](std::string_view f, std::string_view val) { XorPair(d, f, val); });
      break;
    case ObjType::kStream:
      // Not stored by this engine yet: the type alone is mixed.
      break;
  }
  if (db.GetExpire(&e) != -1) XorDigest(d, "!!expire!!", 10);
}

}  // namespace

Digest ValueDigest(const Database& db, const KeyEntry& e) {
  Digest d{};
  ObjectDigest(d, db, e);
  return d;
}

Digest DatasetDigest(Engine& engine) {
  Digest final_digest{};
  for (int i = 0; i < engine.db_count(); i++) {
    const Database& db = engine.db(i);
    if (db.size() == 0) continue;
    // The database number is mixed in so the same keys in another database digest differently.
    uint32_t id = htonl(static_cast<uint32_t>(i));
    MixDigest(final_digest, &id, sizeof(id));
    db.ForEach([&](const KeyEntry* e) {
      Digest kd{};
      MixDigest(kd, e->key());
      ObjectDigest(kd, db, *e);
      XorDigest(final_digest, kd.data(), kd.size());
    });
  }
  return final_digest;
}

std::string DigestHex(const Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(40);
  for (uint8_t b : d) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace ringkv
