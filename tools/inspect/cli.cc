#include "tools/inspect/cli.h"

#include <cstdio>
#include <cstdlib>

namespace ringkv::inspect {

bool Cli::Parse(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                size_t min_pos, size_t max_pos) {
  bool options_done = false;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string& a = args[i];
    if (options_done || a.size() < 2 || a[0] != '-' || a == "-") {
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      help_ = true;
      return true;
    }
    std::string name = a.substr(a[1] == '-' ? 2 : 1);
    std::string value;
    bool inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : specs) {
      if (name == s.name) spec = &s;
    }
    if (spec == nullptr) {
      error_ = "unknown option '" + a + "'";
      return false;
    }
    if (spec->takes_value && !inline_value) {
      if (i + 1 == args.size()) {
        error_ = "option '--" + name + "' needs a value";
        return false;
      }
      value = args[++i];
    } else if (!spec->takes_value && inline_value) {
      error_ = "option '--" + name + "' takes no value";
      return false;
    }
    values_[name] = value;
  }
  if (positional_.size() < min_pos) {
    error_ = "missing argument";
    return false;
  }
  if (positional_.size() > max_pos) {
    error_ = "unexpected argument '" + positional_[max_pos] + "'";
    return false;
  }
  return true;
}

std::string Cli::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

bool Cli::GetUint(const std::string& name, uint64_t fallback, uint64_t* out) {
  auto it = values_.find(name);
  if (it == values_.end()) {
    *out = fallback;
    return true;
  }
  const std::string& v = it->second;
  char* end = nullptr;
  unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || v[0] == '-' || end != v.c_str() + v.size()) {
    error_ = "option '--" + name + "' needs a non-negative integer, got '" + v + "'";
    return false;
  }
  *out = n;
  return true;
}

int ParseCommandLine(Cli* cli, const std::vector<std::string>& args,
                     const std::vector<OptionSpec>& specs, size_t min_pos, size_t max_pos,
                     const char* usage) {
  if (!cli->Parse(args, specs, min_pos, max_pos)) return UsageError(cli->error(), usage);
  if (cli->help()) {
    std::fputs(usage, stdout);
    return kExitOk;
  }
  return -1;
}

void Complain(const std::string& message) {
  std::fprintf(stderr, "ringkv-inspect: %s\n", message.c_str());
}

int UsageError(const std::string& message, const char* usage) {
  Complain(message);
  std::fputs(usage, stderr);
  return kExitUsage;
}

}  // namespace ringkv::inspect
