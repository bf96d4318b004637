// The command line of one ringkv-inspect subcommand: `--name value` and `--flag` options, then
// positional arguments. Parsing never exits; a usage error is a message, and the caller exits with
// kExitUsage after printing it with the subcommand's usage text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ringkv::inspect {

// Exit statuses, as diff(1) and fsck(8): 0 clean, 1 findings or failure, 2 bad usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

struct OptionSpec {
  const char* name;  // without the leading "--"
  bool takes_value;
};

class Cli {
 public:
  // Parses args (after the subcommand's name). False with error() on an unknown option, a
  // missing value, or a positional count outside [min_pos, max_pos].
  bool Parse(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
             size_t min_pos, size_t max_pos);

  bool help() const { return help_; }
  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // A non-negative integer option; false with error() when it is not one.
  bool GetUint(const std::string& name, uint64_t fallback, uint64_t* out);
  const std::vector<std::string>& positional() const { return positional_; }
  const std::string& error() const { return error_; }

 private:
  bool help_ = false;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

// The common start of a subcommand: parses `args`; returns -1 to go on, or the status to exit
// with (kExitOk after printing `usage` for --help, kExitUsage after a usage error).
int ParseCommandLine(Cli* cli, const std::vector<std::string>& args,
                     const std::vector<OptionSpec>& specs, size_t min_pos, size_t max_pos,
                     const char* usage);

// Prints "ringkv-inspect: <message>" on stderr.
void Complain(const std::string& message);
// Prints the usage error and the usage text on stderr; returns kExitUsage.
int UsageError(const std::string& message, const char* usage);

}  // namespace ringkv::inspect
