// DEBUG DIGEST / DIGEST-VALUE: Redis 7.0's dataset fingerprint (debug.c), reproduced bit for bit
// so a digest taken here can be compared with one taken from a real redis-server holding the same
// data. Orderless collections (sets, hashes, zsets, the keys of a database) are folded with XOR
// of SHA1s; ordered ones (lists) are chained through "mix" (XOR, then SHA1 of the result), so the
// digest does not depend on encodings or hash-table order, only on the logical content.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "engine/keyspace/database.h"

namespace ringkv {

class Engine;

using Digest = std::array<uint8_t, 20>;

// The digest of one key's value as DEBUG DIGEST-VALUE reports it (the key name is not part of
// it; the presence of a TTL is, but not its time). Logically expired keys count, as in Redis.
Digest ValueDigest(const Database& db, const KeyEntry& e);
// DEBUG DIGEST: every key of every non-empty database. All zeros for an empty dataset.
Digest DatasetDigest(Engine& engine);
// 40 lowercase hex digits.
std::string DigestHex(const Digest& d);

}  // namespace ringkv
