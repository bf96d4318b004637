// JSON lines in exactly the shape of the fixtures' .jsonl files (tests/.../export.py, which is
// Python's json.dumps(sort_keys=True) of what redis-py returns): one object per key with "db",
// "key", "pexpiretime", "type", "value" in that order, ", " and ": " separators, non-ASCII
// escaped as \uXXXX, a string that is not valid UTF-8 written as {"base64": "..."}, floats as
// Python's repr (shortest round-trip digits, "Infinity"), hash fields and set members sorted.
#pragma once

#include <string>
#include <string_view>

#include "tools/inspect/source.h"

namespace ringkv::inspect {

// Appends the JSON form of `s` (a string, or {"base64": ...} when not valid UTF-8).
void AppendJsonBytes(std::string* out, std::string_view s);
// Appends Python's repr of a float ("1.0", "3479099956230698.0", "1e+16", "-Infinity").
void AppendPyFloat(std::string* out, double d);
// Appends the value alone, as the "value" member holds it. The key must have a value.
void AppendJsonValue(std::string* out, const KeyView& k);
// Appends the whole line (with its newline). False, appending nothing, for a key whose value
// ringkv cannot read (stream_keys.h).
bool AppendJsonLine(std::string* out, const KeyView& k);

}  // namespace ringkv::inspect
