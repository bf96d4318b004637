// ScriptCache: the scripts EVAL and SCRIPT LOAD compiled, by SHA1 of their body, as Redis's
// lua_scripts dictionary. Bodies are kept for SCRIPT EXISTS and a rebuilt interpreter; compiled
// functions live in the Lua registry. SCRIPT FLUSH drops both (the interpreter is rebuilt).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/scripting/lua_state.h"

namespace ringkv {

// Writes the lower-case hex SHA1 of `data` to `out` (40 characters and a NUL).
void Sha1Hex(std::string_view data, char out[41]);

// Parses the flags of a shebang line ("#!lua flags=..."), as Redis 7.0's
// evalExtractShebangFlags; false with Redis's error text in *err.
bool ParseShebang(std::string_view body, ScriptFlags* flags, std::string* err);

class ScriptCache {
 public:
  explicit ScriptCache(LuaState& lua) : lua_(&lua) {}

  struct Script {
    std::string body;
    ScriptFlags flags;
    int ref = 0;  // the compiled function in the Lua registry
  };

  // Compiles and caches `body` (a cached one is found by its SHA1); *sha gets its SHA1. Returns
  // nullptr with Redis's error text in *err when it does not compile or its shebang is invalid.
  const Script* Add(std::string_view body, std::string* sha, std::string* err);
  // nullptr if no such script (the sha is matched case-insensitively, as Redis).
  const Script* Find(std::string_view sha) const;
  // Forgets every script; the caller rebuilds the interpreter they were compiled in.
  void Clear(LuaState& fresh);
  size_t size() const { return scripts_.size(); }
  size_t body_bytes() const { return body_bytes_; }

 private:
  LuaState* lua_;
  std::unordered_map<std::string, Script> scripts_;
  size_t body_bytes_ = 0;
};

}  // namespace ringkv
