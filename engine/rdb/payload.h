// DUMP/RESTORE payloads, as Redis 7.0's createDumpPayload/verifyDumpPayload: the value's RDB type
// byte and serialization, then the RDB version (2 bytes, little-endian) and the CRC-64 of
// everything before it (8 bytes, little-endian). Payloads of RDB versions up to 10 are accepted.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/arena.h"
#include "engine/rdb/format.h"
#include "engine/types/value.h"

namespace ringkv::rdb {

// The payload for `v`; false for a type the writer does not know.
bool MakeDumpPayload(const Value& v, bool compress, std::string* out);

// Whether the footer's version and checksum are right (Redis's verifyDumpPayload).
bool VerifyDumpPayload(std::string_view payload);

// Reads the value of a verified payload; false when the data is malformed or an empty
// collection (Redis's "Bad data format").
bool ReadDumpPayload(std::string_view payload, Arena& arena, const LoadLimits& limits, Value* out);

// FUNCTION DUMP: each library's code after the FUNCTION2 opcode (245), then the same footer.
std::string MakeFunctionsPayload(std::span<const std::string> library_codes);
// FUNCTION RESTORE: the library codes of a verified payload; false with Redis's error when it
// holds something else.
bool ReadFunctionsPayload(std::string_view payload, std::vector<std::string>* library_codes,
                          std::string* err);

}  // namespace ringkv::rdb
