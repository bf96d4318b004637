// Decoders of the encodings Redis wrote before listpacks (RDB versions below 10): ziplists (lists,
// hashes and sorted sets up to Redis 6.2, and the nodes of quicklist-1 lists) and zipmaps (hashes
// before Redis 2.6). Each checks the whole untrusted blob first, as Redis's
// ziplistValidateIntegrity and zipmapValidateIntegrity do, and hands back the entries as views
// into the blob; the loader re-encodes them as listpacks or pairs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/types/listpack.h"

namespace ringkv::rdb {

// The entries of a ziplist of `size` bytes; false when it is malformed.
bool DecodeZiplist(const uint8_t* zl, size_t size, std::vector<lp::Entry>* out);
// The field/value pairs of a zipmap of `size` bytes; false when it is malformed.
bool DecodeZipmap(const uint8_t* zm, size_t size,
                  std::vector<std::pair<std::string_view, std::string_view>>* out);

}  // namespace ringkv::rdb
