// The config table: one row per setting (Redis's static_configs[] in config.c) — its name and
// alias, its type (yes/no, integer with bounds, memory with units, enum, string, or a special
// parser such as `bind` and `save`), its flags, and the ServerConfig field it stores into.
// Defaults are ServerConfig's member initializers; nothing else repeats them.
//
// The one table drives everything that reads or writes settings:
//   - start-up: a redis.conf-syntax file (comments, quoted arguments, `include`, repeated `save`
//     lines) followed by `--name value...` command-line options, as redis-server applies them;
//   - CONFIG GET (glob patterns, aliases), CONFIG SET (several pairs, all or nothing),
//     CONFIG REWRITE (the start-up file rewritten in place, comments and unknown lines kept).
// Errors are returned as text: loading errors as one line "<file>:<line>: '<line>': <reason>"
// ("(command line): '--port x': <reason>" for options; the reasons are Redis's), CONFIG SET errors
// as the whole Redis error line ("ERR CONFIG SET failed ...").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/config/server_config.h"

namespace ringkv {

namespace config {

enum class Type : uint8_t { kBool, kInt, kEnum, kString, kSpecial };

enum Flag : uint32_t {
  kImmutable = 1 << 0,    // CONFIG SET refuses it: set only at start-up
  kSensitive = 1 << 1,    // a secret (requirepass): never logged
  kProtected = 1 << 2,    // CONFIG SET needs enable-protected-configs (dir, dbfilename)
  kMultiArg = 1 << 3,     // several arguments (bind, save): CONFIG SET splits its value on spaces
  kHidden = 1 << 4,       // not matched by CONFIG GET patterns, only by its exact name
  kMemory = 1 << 5,       // integer that accepts units: 1gb, 512mb, 100k (Redis's memtoull)
  kPercent = 1 << 6,      // integer that also accepts "n%" (stored negative, as Redis)
  kOctal = 1 << 7,        // integer written in octal (unixsocketperm)
  kEmptyIsNull = 1 << 8,  // string: empty means unset, so REWRITE drops its line
};

// Redis's keyspace notification classes (notify-keyspace-events), as stored in
// ServerConfig::notify_keyspace_events.
enum Notify : int {
  kNotifyKeyspace = 1 << 0,  // K
  kNotifyKeyevent = 1 << 1,  // E
  kNotifyGeneric = 1 << 2,   // g
  kNotifyString = 1 << 3,    // $
  kNotifyList = 1 << 4,      // l
  kNotifySet = 1 << 5,       // s
  kNotifyHash = 1 << 6,      // h
  kNotifyZset = 1 << 7,      // z
  kNotifyExpired = 1 << 8,   // x
  kNotifyEvicted = 1 << 9,   // e
  kNotifyStream = 1 << 10,   // t
  kNotifyKeyMiss = 1 << 11,  // m (not part of A)
  kNotifyModule = 1 << 13,   // d
  kNotifyNew = 1 << 14,      // n (not part of A)
  kNotifyAll = kNotifyGeneric | kNotifyString | kNotifyList | kNotifySet | kNotifyHash |
               kNotifyZset | kNotifyExpired | kNotifyEvicted | kNotifyStream | kNotifyModule,
};

// One row of the table. Exactly one field pointer (or the special functions) is set.
struct Setting {
  std::string_view name;
  std::string_view alias;  // older name accepted everywhere ("slave-read-only"), or empty
  Type type = Type::kString;
  uint32_t flags = 0;
  bool ServerConfig::*bool_field = nullptr;
  int ServerConfig::*int_field = nullptr;
  int64_t ServerConfig::*int64_field = nullptr;
  std::string ServerConfig::*string_field = nullptr;  // kString and kEnum
  int64_t min = 0, max = 0;                           // kInt bounds, inclusive
  std::span<const std::string_view> enum_values;      // kEnum
  // kString/kEnum/kInt: extra check of a value about to be stored (`loading`: at start-up rather
  // than CONFIG SET); false with *err set refuses it.
  bool (*validate)(std::string_view value, bool loading, std::string* err) = nullptr;
  // kSpecial: parses arguments into the config. While loading, repeated lines may accumulate
  // (save); under CONFIG SET the value is replaced.
  bool (*set)(ServerConfig& c, std::span<const std::string> args, bool loading,
              std::string* err) = nullptr;
  // kSpecial: the value as CONFIG GET shows it. For other types, an override of CONFIG GET only
  // (dir answers its absolute path).
  std::string (*get)(const ServerConfig& c) = nullptr;
  // kSpecial: the lines CONFIG REWRITE writes, each with whether it must be written even when the
  // old file has no line for it (it differs from the default). No lines: the setting's old lines
  // are removed.
  std::vector<std::pair<std::string, bool>> (*rewrite)(const ServerConfig& c) = nullptr;
  // Called after every change of this setting (hz clamps itself here).
  void (*apply)(ServerConfig& c) = nullptr;
  // CONFIG SET only, once every value is stored and checked: acts on the process (dir chdir()s
  // there, as Redis). False with *err set undoes the whole CONFIG SET.
  bool (*commit)(const ServerConfig& c, std::string* err) = nullptr;
  // Whole-configuration invariant this setting must keep; checked at the end of start-up loading
  // and after CONFIG SET ("persistence is not implemented yet" for appendonly and save).
  bool (*check)(const ServerConfig& c, std::string* err) = nullptr;
};

// Every setting, in table order.
std::span<const Setting> AllSettings();
// Case-insensitive lookup by name or alias.
const Setting* FindSetting(std::string_view name);

// The value of a setting as CONFIG GET shows it (and as a config line would set it).
std::string GetValue(const ServerConfig& c, const Setting& s);
std::optional<std::string> GetValue(const ServerConfig& c, std::string_view name);

// CONFIG GET: the (name, value) pairs matching any of the patterns. A pattern without glob
// characters is looked up exactly (aliases and hidden settings included) and answered under the
// name as given; a glob matches every name and alias, case-insensitively. No duplicates.
std::vector<std::pair<std::string, std::string>> ConfigGet(
    const ServerConfig& c, std::span<const std::string_view> patterns);

// CONFIG SET name value [name value ...]: all or nothing. Returns "" on success, else the whole
// error line as Redis 7.0 words it. `allow_protected` says whether the caller may set protected
// settings (enable-protected-configs yes, or local and the client is local).
std::string ConfigSet(ServerConfig& c, std::span<const std::string_view> name_values,
                      bool allow_protected);

// CONFIG REWRITE: rewrites c.config_file in place as Redis does — lines of known settings get the
// current value, settings that differ from their default and had no line are appended after a
// "# Generated by CONFIG REWRITE" line, comments, `include` lines and unknown lines stay
// (unknown ones commented "# ??? "). The file is replaced atomically. Returns "" or the error line.
std::string ConfigRewrite(const ServerConfig& c);
// The text ConfigRewrite would write, given the old file's text.
std::string RewriteConfigText(const ServerConfig& c, std::string_view old_text);

// Applies configuration the way redis-server does at start-up. Use one loader for the whole
// start-up: the file first, then the command-line options, then Finish().
class ConfigLoader {
 public:
  explicit ConfigLoader(ServerConfig& c) : config_(c) {}

  // Reads a config file (and the files it includes). Records its absolute path in
  // config_file unless it is an included file. False with *err = "<file>:<line>: ...".
  bool LoadFile(const std::string& path, std::string* err);
  // Applies config text; `source` names it in errors.
  bool LoadText(std::string_view text, std::string_view source, std::string* err);
  // Applies command-line options: ["--port", "7000", "--save", "", ...] as redis-server groups
  // them (an option's values run until the next "--name"; a lone "--save" means `save ""`).
  bool LoadOptions(std::span<const std::string_view> args, std::string* err);
  // Checks what must hold once everything is applied (e.g. persistence settings).
  bool Finish(std::string* err);

 private:
  // Applies one directive; `where` names it in errors ("file:3: 'port x'").
  bool ApplyLine(std::vector<std::string>& argv, const std::string& where, int depth,
                 std::string* err);
  bool LoadFileAt(const std::string& path, int depth, std::string* err);
  bool LoadTextAt(std::string_view text, std::string_view source, int depth, std::string* err);

  ServerConfig& config_;
  bool save_seen_ = false;
  std::vector<std::pair<const Setting*, std::string>> where_;  // where each setting was last set
};

// A config file alone (with its includes and the final checks). Returns "" or the error line.
std::string LoadConfigFile(const std::string& path, ServerConfig& c);

// Start-up in one call: `args` are the program's arguments without argv[0]; an optional config
// file path first (an argument not starting with '-'), then options. Returns "" on success, else
// the one-line error to print before exiting with status 1.
std::string LoadStartupConfig(std::span<const std::string_view> args, ServerConfig& c);

// Redis's memtoull: digits with an optional unit b, k, kb, m, mb, g, gb (case-insensitive);
// k/m/g are powers of 1000, kb/mb/gb of 1024. False on anything else or overflow.
bool ParseMemory(std::string_view s, uint64_t* out);
// Redis's rewriteConfigFormatMemory: "2gb", "100mb", "3kb" or plain bytes.
std::string FormatMemory(int64_t bytes);
// Redis's sdssplitargs: splits a config line into arguments ("..." with \n \xff escapes, '...').
// False on unbalanced quotes.
bool SplitArgs(std::string_view line, std::vector<std::string>* out);
// Redis's sdscatrepr: the quoted form SplitArgs reads back.
std::string QuoteArg(std::string_view s);
// notify-keyspace-events <-> flags; -1 for an invalid character.
int ParseNotifyFlags(std::string_view s);
std::string FormatNotifyFlags(int flags);

}  // namespace config

}  // namespace ringkv
