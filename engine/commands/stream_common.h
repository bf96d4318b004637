// What the stream command files (stream.cc, stream_group.cc) share: ID parsing as Redis's
// streamGenericParseIDOrReply, entry replies, key lookups and the type check.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/command_context.h"
#include "engine/types/stream.h"

namespace ringkv {

inline constexpr std::string_view kStreamInvalidId =
    "ERR Invalid stream ID specified as stream command argument";

// Parses "<ms>[-<seq>]", "-" and "+" (not when strict). A missing sequence is `missing_seq`;
// with seq_given non-null, "<ms>-*" is accepted and *seq_given says whether a sequence was given.
bool ParseStreamId(std::string_view arg, StreamID* id, uint64_t missing_seq, bool strict,
                   bool* seq_given);
bool StreamIdOrReply(CommandContext& ctx, std::string_view arg, StreamID* id, uint64_t missing_seq,
                     bool strict);

void ReplyStreamId(ReplyBuilder& reply, StreamID id);
// [id, [field, value, ...]]
void ReplyStreamEntry(ReplyBuilder& reply, const StreamEntry& e);

bool CheckStream(CommandContext& ctx, const KeyEntry* e);
KeyEntry* StreamRead(CommandContext& ctx, std::string_view key);
KeyEntry* StreamWrite(CommandContext& ctx, std::string_view key);
// A read lookup (statistics as Redis) for commands that still change the group state in place
// (XREADGROUP, XACK, XCLAIM, XAUTOCLAIM): a snapshot in progress writes the key first.
KeyEntry* StreamReadForChange(CommandContext& ctx, std::string_view key);
inline Stream* StreamOf(KeyEntry* e) {
  return StreamType::Of(e->value);
}

// The live entry `id`, if the stream has it.
bool StreamLookupEntry(const Stream* s, StreamID id, StreamEntry* out);

// Redis's XREADGROUP/XCLAIM effect: "XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE
// JUSTID LASTID last".
void PropagateXClaim(CommandContext& ctx, std::string_view key, std::string_view group,
                     const StreamCG* g, const StreamNack& n);
// "XGROUP SETID key group last ENTRIESREAD n".
void PropagateGroupId(CommandContext& ctx, std::string_view key, std::string_view group,
                      const StreamCG* g);
// "XGROUP CREATECONSUMER key group consumer".
void PropagateConsumerCreation(CommandContext& ctx, std::string_view key, std::string_view group,
                               std::string_view consumer);

}  // namespace ringkv
