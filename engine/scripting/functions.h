// FunctionStore: Redis 7 function libraries ("#!lua name=<lib>" code that registers functions
// with redis.register_function), in an interpreter of their own, as Redis 7.0's functions.c and
// function_lua.c. FUNCTION LOAD/DELETE/FLUSH/LIST/DUMP/RESTORE/STATS and FCALL(_RO) use it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scripting/lua_state.h"

namespace ringkv {

class Engine;

class FunctionStore {
 public:
  struct Function {
    RegisteredFunction def;
    std::string library;
  };
  struct Library {
    std::string name;
    std::string code;                    // the whole code, shebang included
    std::vector<std::string> functions;  // in registration order
  };

  explicit FunctionStore(Engine& engine);
  ~FunctionStore();

  // FUNCTION LOAD [REPLACE]: the library's name, or false with Redis's error text in *err.
  bool Load(std::string_view code, bool replace, std::string* name, std::string* err);
  // FUNCTION DELETE: false if there is no such library.
  bool Delete(std::string_view library);
  // FUNCTION FLUSH: every library goes, with the interpreter.
  void Flush();
  // FUNCTION RESTORE: loads the libraries `codes` as a whole or not at all. APPEND refuses a
  // library that exists, REPLACE replaces it, FLUSH drops every library first.
  enum class RestorePolicy { kAppend, kReplace, kFlush };
  bool Restore(const std::vector<std::string>& codes, RestorePolicy policy, std::string* err);

  const Function* Find(std::string_view name) const;
  const std::map<std::string, Library, std::less<>>& libraries() const { return libraries_; }
  size_t function_count() const { return functions_.size(); }
  LuaState& lua() { return *lua_; }

 private:
  // Compiles and runs `code` (without its shebang line) in the interpreter: the functions it
  // registered, or false with the error.
  bool Evaluate(std::string_view code, std::vector<RegisteredFunction>* out, std::string* err);
  void Remove(const Library& lib);

  Engine& engine_;
  std::unique_ptr<LuaState> lua_;
  std::map<std::string, Library, std::less<>> libraries_;
  std::map<std::string, Function, std::less<>> functions_;
};

}  // namespace ringkv
