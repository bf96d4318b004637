// The command families; RegisterAllCommands fills the table with every family's rows.
#pragma once

#include "engine/command.h"

namespace ringkv {

void RegisterConnectionFamily(CommandRegistry& r);  // engine/commands/connection.cc
void RegisterStringFamily(CommandRegistry& r);      // engine/commands/string.cc
void RegisterKeyFamily(CommandRegistry& r);         // engine/commands/key.cc
void RegisterServerFamily(CommandRegistry& r);      // engine/commands/server.cc

inline void RegisterAllCommands(CommandRegistry& r) {
  RegisterConnectionFamily(r);
  RegisterStringFamily(r);
  RegisterKeyFamily(r);
  RegisterServerFamily(r);
}

}  // namespace ringkv
