// The command families; RegisterAllCommands fills the table with every family's rows.
#pragma once

#include <span>
#include <string_view>

#include "engine/command.h"

namespace ringkv {

void RegisterConnectionFamily(CommandRegistry& r);  // engine/commands/connection.cc
void RegisterStringFamily(CommandRegistry& r);      // engine/commands/string.cc
void RegisterKeyFamily(CommandRegistry& r);         // engine/commands/key.cc
void RegisterServerFamily(CommandRegistry& r);      // engine/commands/server.cc
void RegisterListFamily(CommandRegistry& r);        // engine/commands/list.cc
void RegisterSetFamily(CommandRegistry& r);         // engine/commands/set.cc
void RegisterHashFamily(CommandRegistry& r);        // engine/commands/hash.cc
void RegisterZSetFamily(CommandRegistry& r);        // engine/commands/zset.cc
void RegisterBitmapFamily(CommandRegistry& r);      // engine/commands/bitmap.cc
void RegisterHyperLogLogFamily(CommandRegistry& r); // engine/commands/hyperloglog.cc
void RegisterGeoFamily(CommandRegistry& r);         // engine/commands/geo.cc
void RegisterPubSubFamily(CommandRegistry& r);      // engine/commands/pubsub.cc
void RegisterSortCommands(CommandRegistry& r);      // engine/commands/sort.cc
void RegisterStreamFamily(CommandRegistry& r);      // engine/commands/stream.cc, stream_group.cc
void RegisterDumpCommands(CommandRegistry& r);      // engine/commands/dump.cc (DUMP, RESTORE)
void RegisterTransactionFamily(CommandRegistry& r); // engine/commands/transaction.cc
void RegisterScriptingFamily(CommandRegistry& r);   // engine/commands/scripting.cc
// Parts of the server family, registered by RegisterServerFamily.
void RegisterInfoCommand(CommandRegistry& r);        // engine/commands/info.cc
void RegisterClientCommand(CommandRegistry& r);      // engine/commands/client.cc
void RegisterConfigCommand(CommandRegistry& r);      // engine/commands/config_cmd.cc
void RegisterCommandCommand(CommandRegistry& r);     // engine/commands/command_cmd.cc
void RegisterDebugCommand(CommandRegistry& r);       // engine/commands/debug.cc
// Part of the scripting family, registered by RegisterScriptingFamily.
void RegisterFunctionCommands(CommandRegistry& r);   // engine/commands/function_cmd.cc

// Writes Redis's help reply (addReplyHelp): "<NAME> <subcommand> ... Subcommands are:", the
// lines, then HELP's own two lines, as status strings. Defined in engine/commands/server.cc.
class ReplyBuilder;
void ReplyHelp(ReplyBuilder& reply, std::string_view command, std::span<const std::string_view> lines);

inline void RegisterAllCommands(CommandRegistry& r) {
  RegisterConnectionFamily(r);
  RegisterStringFamily(r);
  RegisterKeyFamily(r);
  RegisterServerFamily(r);
  RegisterListFamily(r);
  RegisterSetFamily(r);
  RegisterHashFamily(r);
  RegisterZSetFamily(r);
  RegisterBitmapFamily(r);
  RegisterHyperLogLogFamily(r);
  RegisterGeoFamily(r);
  RegisterPubSubFamily(r);
  RegisterSortCommands(r);
  RegisterStreamFamily(r);
  RegisterDumpCommands(r);
  RegisterTransactionFamily(r);
  RegisterScriptingFamily(r);
}

}  // namespace ringkv
