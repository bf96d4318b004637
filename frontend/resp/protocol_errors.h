// The protocol errors a client sees when its request bytes are malformed.
//
// Texts are exactly redis-server 7.0's (src/networking.c), including the "ERR " prefix that
// addReplyError adds, because clients and test suites match on them. They are reply error lines
// without the leading '-'. After any of them the connection is closed once the reply is sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringkv::resp {

// PROTO_INLINE_MAX_SIZE: the longest inline request, multibulk header or bulk header line.
inline constexpr size_t kInlineMaxSize = 64 * 1024;
// Before AUTH a client may send at most this many arguments of at most this many bytes each
// (CVE-2021-32675), so that a few bytes cannot make the server allocate a lot of memory.
inline constexpr int64_t kUnauthMaxMultibulkLen = 10;
inline constexpr int64_t kUnauthMaxBulkLen = 16384;

inline constexpr std::string_view kErrTooBigInline = "ERR Protocol error: too big inline request";
inline constexpr std::string_view kErrUnbalancedQuotes =
    "ERR Protocol error: unbalanced quotes in request";
inline constexpr std::string_view kErrTooBigMbulkCount =
    "ERR Protocol error: too big mbulk count string";
inline constexpr std::string_view kErrInvalidMultibulkLength =
    "ERR Protocol error: invalid multibulk length";
inline constexpr std::string_view kErrUnauthMultibulkLength =
    "ERR Protocol error: unauthenticated multibulk length";
inline constexpr std::string_view kErrTooBigBulkCount =
    "ERR Protocol error: too big bulk count string";
inline constexpr std::string_view kErrInvalidBulkLength = "ERR Protocol error: invalid bulk length";
inline constexpr std::string_view kErrUnauthBulkLength =
    "ERR Protocol error: unauthenticated bulk length";
// Followed by the offending byte and a closing quote: "... expected '$', got 'f'". A '\r' or
// '\n' byte is shown as a space, as addReplyErrorFormat does, so the reply stays one line.
inline constexpr std::string_view kErrExpectedDollarPrefix =
    "ERR Protocol error: expected '$', got '";

}  // namespace ringkv::resp
