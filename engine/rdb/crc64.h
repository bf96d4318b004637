// CRC-64 as Redis computes it for RDB files and DUMP payloads: the Jones polynomial
// (0xad93d23594c935a9), reflected input and output, initial value 0, no final xor.
// crc64(0, "123456789") == 0xe9c6d914c4b8d9ca. Chainable: crc64(crc64(0, a), b) == crc64(0, ab).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringkv::rdb {

uint64_t Crc64(uint64_t crc, const void* data, size_t len);

}  // namespace ringkv::rdb
