#include "engine/errors.h"

#include <algorithm>
#include <cctype>

namespace ringkv::errors {

namespace {
// Redis prints user-supplied names with "%.128s".
std::string_view Clip(std::string_view s, size_t n = 128) { return s.substr(0, std::min(s.size(), n)); }
}  // namespace

std::string WrongArity(std::string_view command_fullname) {
  std::string out = "ERR wrong number of arguments for '";
  out.append(command_fullname);
  out.append("' command");
  return out;
}

std::string UnknownCommand(std::string_view name, const std::string_view* args, size_t nargs) {
  std::string out = "ERR unknown command '";
  out.append(Clip(name));
  out.append("', with args beginning with: ");
  // Redis appends "'arg' " while the list is under 128 characters.
  std::string list;
  for (size_t i = 0; i < nargs && list.size() < 128; i++) {
    list.push_back('\'');
    list.append(Clip(args[i], 128 - list.size()));
    list.append("' ");
  }
  out.append(list);
  return out;
}

std::string UnknownSubcommand(std::string_view container, std::string_view sub) {
  std::string upper(container);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out = "ERR unknown subcommand '";
  out.append(Clip(sub));
  out.append("'. Try ");
  out.append(upper);
  out.append(" HELP.");
  return out;
}

std::string InvalidExpireTime(std::string_view command) {
  std::string out = "ERR invalid expire time in '";
  out.append(command);
  out.append("' command");
  return out;
}

std::string UnsupportedOption(std::string_view option) {
  std::string out = "ERR Unsupported option ";
  out.append(option.substr(0, option.find('\0')));
  return out;
}

std::string ValueOutOfRange(long long min, long long max) {
  return "ERR value is out of range, value must between " + std::to_string(min) + " and " +
         std::to_string(max);
}

std::string ExecAbortBecause(std::string_view error) {
  if (error.starts_with("ERR ")) error.remove_prefix(4);
  return "EXECABORT Transaction discarded because of: " + std::string(error);
}

}  // namespace ringkv::errors
