#include "engine/scripting/functions.h"

#include <strings.h>

#include <cctype>
#include <sstream>

namespace ringkv {

namespace {

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

constexpr std::string_view kBadLibraryName =
    "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least "
    "one character long";

// The shebang of a library (functionExtractLibMetaData): its engine and name; the code after it
// (from its line feed, so line numbers still match) in *body.
bool ParseMetadata(std::string_view code, std::string* name, std::string_view* body,
                   std::string* err) {
  if (code.substr(0, 2) != "#!") {
    *err = "ERR Missing library metadata";
    return false;
  }
  size_t end = code.find('\n');
  if (end == std::string_view::npos) {
    *err = "ERR Invalid library metadata";
    return false;
  }
  std::istringstream parts{std::string(code.substr(0, end))};
  std::string engine, part;
  if (!(parts >> engine)) {
    *err = "ERR Invalid library metadata";
    return false;
  }
  bool named = false;
  while (parts >> part) {
    if (part.size() >= 5 && strncasecmp(part.c_str(), "name=", 5) == 0) {
      if (named) {
        *err = "ERR Invalid metadata value, name argument was given multiple times";
        return false;
      }
      named = true;
      *name = part.substr(5);
      continue;
    }
    *err = "ERR Invalid metadata value given: " + part;
    return false;
  }
  if (!named) {
    *err = "ERR Library name was not given";
    return false;
  }
  if (strcasecmp(engine.c_str() + 2, "lua") != 0) {
    *err = "ERR Engine '" + engine.substr(2) + "' not found";
    return false;
  }
  *body = code.substr(end);
  return true;
}

}  // namespace

FunctionStore::FunctionStore(Engine& engine)
    : engine_(engine), lua_(std::make_unique<LuaState>(engine)) {}

FunctionStore::~FunctionStore() = default;

bool FunctionStore::Evaluate(std::string_view code, std::vector<RegisteredFunction>* out,
                             std::string* err) {
  std::string lua_err;
  if (!lua_->Load(code, "@user_function", &lua_err)) {
    *err = "ERR Error compiling function: " + lua_err;
    return false;
  }
  if (!lua_->LoadLibrary(out, &lua_err)) {
    for (const RegisteredFunction& f : *out) lua_->Unref(f.ref);
    out->clear();
    *err = "ERR Error registering functions: " + lua_err;
    return false;
  }
  return true;
}

bool FunctionStore::Load(std::string_view code, bool replace, std::string* name, std::string* err) {
  std::string_view body;
  if (!ParseMetadata(code, name, &body, err)) return false;
  if (!ValidName(*name)) {
    *err = kBadLibraryName;
    return false;
  }
  auto old = libraries_.find(*name);
  if (old != libraries_.end() && !replace) {
    *err = "ERR Library '" + *name + "' already exists";
    return false;
  }
  std::vector<RegisteredFunction> registered;
  if (!Evaluate(body, &registered, err)) return false;
  auto fail = [&](std::string e) {
    for (const RegisteredFunction& f : registered) lua_->Unref(f.ref);
    *err = std::move(e);
    return false;
  };
  if (registered.empty()) return fail("ERR No functions registered");
  for (const RegisteredFunction& f : registered) {
    auto it = functions_.find(f.name);
    if (it != functions_.end() && it->second.library != *name) {
      return fail("ERR Function " + f.name + " already exists");
    }
  }
  if (old != libraries_.end()) {
    Remove(old->second);
    libraries_.erase(old);
  }
  Library lib;
  lib.name = *name;
  lib.code.assign(code);
  for (RegisteredFunction& f : registered) {
    lib.functions.push_back(f.name);
    std::string fname = f.name;
    functions_[fname] = Function{std::move(f), *name};
  }
  libraries_.emplace(*name, std::move(lib));
  return true;
}

void FunctionStore::Remove(const Library& lib) {
  for (const std::string& f : lib.functions) {
    auto it = functions_.find(f);
    if (it == functions_.end()) continue;
    lua_->Unref(it->second.def.ref);
    functions_.erase(it);
  }
}

bool FunctionStore::Delete(std::string_view library) {
  auto it = libraries_.find(library);
  if (it == libraries_.end()) return false;
  Remove(it->second);
  libraries_.erase(it);
  return true;
}

void FunctionStore::Flush() {
  functions_.clear();
  libraries_.clear();
  lua_ = std::make_unique<LuaState>(engine_);
}

bool FunctionStore::Restore(const std::vector<std::string>& codes, RestorePolicy policy,
                            std::string* err) {
  // Loaded apart first (Redis loads the payload into a context of its own, then joins it), so
  // a failure changes nothing.
  FunctionStore staging(engine_);
  std::string name;
  for (const std::string& code : codes) {
    if (!staging.Load(code, false, &name, err)) return false;
  }
  if (policy != RestorePolicy::kFlush) {
    bool replace = policy == RestorePolicy::kReplace;
    for (const auto& [lib, unused] : staging.libraries_) {
      if (!replace && libraries_.count(lib) != 0) {
        *err = "ERR Library " + lib + " already exists";
        return false;
      }
    }
    for (const auto& [fname, f] : staging.functions_) {
      auto it = functions_.find(fname);
      if (it != functions_.end() && staging.libraries_.count(it->second.library) == 0) {
        *err = "ERR Function " + fname + " already exists";
        return false;
      }
    }
  } else {
    Flush();
  }
  for (const std::string& code : codes) Load(code, true, &name, err);
  return true;
}

const FunctionStore::Function* FunctionStore::Find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

}  // namespace ringkv
