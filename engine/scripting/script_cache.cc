#include "engine/scripting/script_cache.h"

#include <nettle/sha1.h>

#include <cctype>
#include <lua5.1/lua.hpp>
#include <sstream>

namespace ringkv {

void Sha1Hex(std::string_view data, char out[41]) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, SHA1_DIGEST_SIZE, digest);
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < SHA1_DIGEST_SIZE; i++) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  out[40] = '\0';
}

bool ParseShebang(std::string_view body, ScriptFlags* flags, std::string* err) {
  *flags = ScriptFlags{};
  if (body.substr(0, 2) != "#!") return true;
  size_t end = body.find('\n');
  if (end == std::string_view::npos) {
    *err = "ERR Invalid script shebang";
    return false;
  }
  std::istringstream parts{std::string(body.substr(0, end))};
  std::string part;
  if (!(parts >> part)) {
    *err = "ERR Invalid engine in script shebang";
    return false;
  }
  if (part != "#!lua") {
    *err = "ERR Unexpected engine in script shebang: " + part;
    return false;
  }
  flags->declared = true;
  while (parts >> part) {
    if (part.compare(0, 6, "flags=") != 0) {
      *err = "ERR Unknown lua shebang option: " + part;
      return false;
    }
    std::string_view list = std::string_view(part).substr(6);
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string_view f = list.substr(0, comma);
      if (!ApplyScriptFlag(f, flags)) {
        *err = "ERR Unexpected flag in script shebang: " + std::string(f);
        return false;
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return true;
}

const ScriptCache::Script* ScriptCache::Add(std::string_view body, std::string* sha,
                                            std::string* err) {
  char hex[41];
  Sha1Hex(body, hex);
  sha->assign(hex, 40);
  auto it = scripts_.find(*sha);
  if (it != scripts_.end()) return &it->second;
  Script s;
  if (!ParseShebang(body, &s.flags, err)) return nullptr;
  // The shebang line is not Lua: it is skipped, its line feed kept so line numbers still match.
  std::string_view code = body;
  if (s.flags.declared) code.remove_prefix(code.find('\n'));
  std::string lua_err;
  if (!lua_->Load(code, "@user_script", &lua_err)) {
    *err = "ERR Error compiling script (new function): " + lua_err;
    return nullptr;
  }
  s.ref = luaL_ref(lua_->L(), LUA_REGISTRYINDEX);
  s.body.assign(body);
  body_bytes_ += body.size();
  return &scripts_.emplace(*sha, std::move(s)).first->second;
}

const ScriptCache::Script* ScriptCache::Find(std::string_view sha) const {
  if (sha.size() != 40) return nullptr;
  std::string lower(sha);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = scripts_.find(lower);
  return it == scripts_.end() ? nullptr : &it->second;
}

void ScriptCache::Clear(LuaState& fresh) {
  scripts_.clear();
  body_bytes_ = 0;
  lua_ = &fresh;
}

}  // namespace ringkv
