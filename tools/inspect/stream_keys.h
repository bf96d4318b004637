// Keys whose type ringkv cannot load yet — today streams: the RDB reader parses a stream (so the
// keys after it are read right) but does not build it, and the AOF loader's engine has no XADD.
// This is the one place that says what inspect does with such a key, so that when the engine
// gains streams only this file and the value walkers change.
//
// Policy: every subcommand still counts and lists the key with its type; where its value is
// needed (export, get, diff) it is left out and a warning naming the key is printed once per key
// on stderr. verify does not treat it as a fault (the file is sound; ringkv cannot load it).
#pragma once

#include <string>

#include "tools/inspect/source.h"

namespace ringkv::inspect {

// Once the engine holds stream values (an AOF replay, or a reader that builds them), inspect still
// has no code to print them: this turns such a key into an undecoded one (value nullptr, type
// "stream") so every subcommand follows the policy above. The one hook to replace when inspect
// learns to print streams.
void HideUndecodedValue(KeyView* k);

// Prints "ringkv-inspect: warning: <what>: key 'K' in db N is a stream; ..." on stderr.
void WarnUnsupported(const KeyView& k, const char* what);

// The message for a command that needs the value of an unsupported key (get).
std::string UnsupportedMessage(const KeyView& k);

}  // namespace ringkv::inspect
