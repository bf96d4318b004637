// Every client-visible error text of the engine, exactly as redis-server 7.0 words it.
// Texts are whole error lines without the leading '-'. Formatted ones have helpers below.
#pragma once

#include <string>
#include <string_view>

namespace ringkv::errors {

inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kIncrNanOrInf = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kDbIndexOutOfRange = "ERR DB index is out of range";
inline constexpr std::string_view kInvalidDbIndex = "ERR invalid DB index";
inline constexpr std::string_view kSameObject = "ERR source and destination objects are the same";
inline constexpr std::string_view kStringTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kBgsaveMisconf =
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to "
    "disk. Commands that may modify the data set are disabled, because this instance is "
    "configured to report errors during writes if RDB snapshotting fails "
    "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB "
    "error.";
inline constexpr std::string_view kLoading = "LOADING Redis is loading the dataset in memory";
inline constexpr std::string_view kBgsaveInProgress = "ERR Background save already in progress";
inline constexpr std::string_view kSortNotDouble =
    "ERR One or more scores can't be converted into double";
inline constexpr std::string_view kHllNotValid =
    "WRONGTYPE Key is not a valid HyperLogLog string value.";
inline constexpr std::string_view kHllCorrupt = "INVALIDOBJ Corrupted HLL object detected";
inline constexpr std::string_view kBitOffset = "ERR bit offset is not an integer or out of range";
inline constexpr std::string_view kBitValue = "ERR bit is not an integer or out of range";
inline constexpr std::string_view kBitArgument = "ERR The bit argument must be 1 or 0.";
inline constexpr std::string_view kBitopNot = "ERR BITOP NOT must be called with a single source key.";
inline constexpr std::string_view kBitfieldType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 "
    "is.";
inline constexpr std::string_view kBitfieldOverflow = "ERR Invalid OVERFLOW type specified";
inline constexpr std::string_view kBitfieldReadOnly =
    "ERR BITFIELD_RO only supports the GET subcommand";
inline constexpr std::string_view kNoAuth = "NOAUTH Authentication required.";
inline constexpr std::string_view kWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
inline constexpr std::string_view kAuthNoPassword =
    "ERR AUTH <password> called without any password configured for the default user. Are you "
    "sure your configuration is correct?";
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kTimeoutNotInteger = "ERR timeout is not an integer or out of range";
inline constexpr std::string_view kNxXxGtLt =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view kGtLtNx = "ERR GT, LT, and/or NX options at the same time are not compatible";
inline constexpr std::string_view kInvalidClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";
inline constexpr std::string_view kDebugDisabled =
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can "
    "run it from a local connection, otherwise you need to set this option in the configuration "
    "file, and then restart the server.";

// String and key families.
inline constexpr std::string_view kDecrementOverflow = "ERR decrement would overflow";
inline constexpr std::string_view kLcsNotStrings = "ERR The specified keys must contain string values";
inline constexpr std::string_view kLcsLenAndIdx =
    "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view kLcsTooLong = "ERR String too long for LCS";
inline constexpr std::string_view kLcsNoMemory =
    "ERR Insufficient memory, failed allocating transient memory for LCS";
inline constexpr std::string_view kGtAndLt = "ERR GT and LT options at the same time are not compatible";
inline constexpr std::string_view kInvalidFirstDbIndex = "ERR invalid first DB index";
inline constexpr std::string_view kInvalidSecondDbIndex = "ERR invalid second DB index";
inline constexpr std::string_view kUnknownTypeObject = "ERR unknown type object";
inline constexpr std::string_view kLfuNotSelected =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
    "when switching between policies at runtime LRU and LFU data will take some time to adjust.";
inline constexpr std::string_view kLfuSelected =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";

// Set family.
inline constexpr std::string_view kMustBePositive = "ERR value is out of range, must be positive";
inline constexpr std::string_view kNumkeysNotPositive = "ERR numkeys should be greater than 0";
inline constexpr std::string_view kNumkeysTooMany =
    "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view kLimitNegative = "ERR LIMIT can't be negative";
// SRANDMEMBER's count: Redis's range check over -LONG_MAX..LONG_MAX.
inline constexpr std::string_view kCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

// List family.
inline constexpr std::string_view kIndexOutOfRange = "ERR index out of range";
inline constexpr std::string_view kCountNotPositive = "ERR count should be greater than 0";
inline constexpr std::string_view kLposRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
    "negative to start from the end of the list";
inline constexpr std::string_view kLposCountNegative = "ERR COUNT can't be negative";
inline constexpr std::string_view kLposMaxlenNegative = "ERR MAXLEN can't be negative";
// Blocking commands' timeout in seconds (BLPOP, BLMOVE, BZPOPMIN...).
inline constexpr std::string_view kTimeoutNotFloat = "ERR timeout is not a float or out of range";
inline constexpr std::string_view kTimeoutNegative = "ERR timeout is negative";

// Hash family.
inline constexpr std::string_view kHashValueNotInteger = "ERR hash value is not an integer";
inline constexpr std::string_view kHashValueNotFloat = "ERR hash value is not a float";
inline constexpr std::string_view kValueNanOrInf = "ERR value is NaN or Infinity";
// HRANDFIELD's count with WITHVALUES beyond +-LONG_MAX/2.
inline constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
// HRANDFIELD's count: Redis's range check over -LONG_MAX..LONG_MAX (the same text as the set
// family's kCountOutOfRange).
inline constexpr std::string_view kHashCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

// Sorted set family.
inline constexpr std::string_view kZAddXxNx = "ERR XX and NX options at the same time are not compatible";
inline constexpr std::string_view kZAddIncrPair = "ERR INCR option supports a single increment-element pair";
inline constexpr std::string_view kScoreNaN = "ERR resulting score is not a number (NaN)";
inline constexpr std::string_view kMinMaxNotFloat = "ERR min or max is not a float";
inline constexpr std::string_view kMinMaxNotLex = "ERR min or max not valid string range item";
inline constexpr std::string_view kZRangeLimitNeedsBy =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
inline constexpr std::string_view kZRangeWithscoresBylex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
inline constexpr std::string_view kWeightNotFloat = "ERR weight value is not a float";
// "ERR at least 1 input key is needed for 'zunionstore' command"
inline std::string AtLeastOneInputKey(std::string_view command_fullname) {
  return "ERR at least 1 input key is needed for '" + std::string(command_fullname) + "' command";
}

// Geo (geo.c).
inline constexpr std::string_view kGeoUnit =
    "ERR unsupported unit provided. please use M, KM, FT, MI";
inline constexpr std::string_view kGeoNeedRadius = "ERR need numeric radius";
inline constexpr std::string_view kGeoNegativeRadius = "ERR radius cannot be negative";
inline constexpr std::string_view kGeoNeedWidth = "ERR need numeric width";
inline constexpr std::string_view kGeoNeedHeight = "ERR need numeric height";
inline constexpr std::string_view kGeoNegativeBox = "ERR height or width cannot be negative";
inline constexpr std::string_view kGeoMemberDecode = "ERR could not decode requested zset member";
inline constexpr std::string_view kGeoCountPositive = "ERR COUNT must be > 0";
inline constexpr std::string_view kGeoAnyNeedsCount = "ERR the ANY argument requires COUNT argument";

// Transactions.
inline constexpr std::string_view kMultiNested = "ERR MULTI calls can not be nested";
inline constexpr std::string_view kExecWithoutMulti = "ERR EXEC without MULTI";
inline constexpr std::string_view kDiscardWithoutMulti = "ERR DISCARD without MULTI";
inline constexpr std::string_view kWatchInMulti = "ERR WATCH inside MULTI is not allowed";
inline constexpr std::string_view kNotAllowedInMulti = "ERR Command not allowed inside a transaction";
inline constexpr std::string_view kExecAbort =
    "EXECABORT Transaction discarded because of previous errors.";
// EXEC itself refused: "EXECABORT Transaction discarded because of: <error>", where <error>
// loses an "ERR " prefix (Redis formats those reasons without it) and keeps any other code.
std::string ExecAbortBecause(std::string_view error);

// Scripting. The bare texts are raised inside a script by redis.call, which adds the "ERR" code.
inline constexpr std::string_view kNumkeysNegative = "ERR Number of keys can't be negative";
inline constexpr std::string_view kNoScript = "NOSCRIPT No matching script. Please use EVAL.";
inline constexpr std::string_view kScriptWriteFlagRo =
    "ERR Can not execute a script with write flag using *_ro command.";
inline constexpr std::string_view kNotBusy = "NOTBUSY No scripts in execution right now.";
inline constexpr std::string_view kScriptFlushOption =
    "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
inline constexpr std::string_view kBadNumberOfKeys = "ERR Bad number of keys provided";
inline constexpr std::string_view kFunctionNotFound = "ERR Function not found";
inline constexpr std::string_view kLibraryNotFound = "ERR Library not found";
inline constexpr std::string_view kFunctionFlushOption =
    "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
inline constexpr std::string_view kLibraryNameMissing = "ERR library name argument was not given";
inline constexpr std::string_view kFunctionRestorePolicy =
    "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";
inline constexpr std::string_view kFunctionPayload =
    "ERR DUMP payload version or checksum are wrong";
inline constexpr std::string_view kScriptDebugInMulti =
    "ERR SCRIPT DEBUG must be called outside MULTI";
inline constexpr std::string_view kScriptDebugMode = "ERR Use SCRIPT DEBUG YES/SYNC/NO";
// ringkv's own: the Lua debugger is not built.
inline constexpr std::string_view kScriptDebugUnsupported =
    "ERR SCRIPT DEBUG YES/SYNC is not supported by this server";
inline constexpr std::string_view kScriptUnknownCommand = "Unknown Redis command called from script";
inline constexpr std::string_view kScriptWrongArity =
    "Wrong number of args calling Redis command from script";
inline constexpr std::string_view kScriptNotAllowed = "This Redis command is not allowed from script";
inline constexpr std::string_view kScriptWriteInReadOnly =
    "Write commands are not allowed from read-only scripts.";

// "ERR wrong number of arguments for 'get' command"
std::string WrongArity(std::string_view command_fullname);
// "ERR unknown command 'foo', with args beginning with: 'a' 'b' "
std::string UnknownCommand(std::string_view name, const std::string_view* args, size_t nargs);
// "ERR unknown subcommand or wrong number of arguments for 'restore'. Try FUNCTION HELP." (Redis's
// addReplySubcommandSyntaxError: `sub` as sent, `container` upper-cased by the caller).
inline std::string SubcommandSyntax(std::string_view container, std::string_view sub) {
  return "ERR unknown subcommand or wrong number of arguments for '" + std::string(sub) +
         "'. Try " + std::string(container) + " HELP.";
}
// FUNCTION LOAD's and FUNCTION LIST's refusals of an argument.
inline std::string UnknownOptionGiven(std::string_view option) {
  return "ERR Unknown option given: " + std::string(option);
}
inline std::string UnknownArgument(std::string_view arg) {
  return "ERR Unknown argument " + std::string(arg);
}
// "ERR unknown subcommand 'foo'. Try CLIENT HELP."
std::string UnknownSubcommand(std::string_view container, std::string_view sub);
// "ERR invalid expire time in 'set' command"
std::string InvalidExpireTime(std::string_view command);
// "ERR Unsupported option foo" (EXPIRE's flags; `option` up to its first NUL, as Redis prints it)
std::string UnsupportedOption(std::string_view option);
// "ERR value is out of range, value must between -2147483648 and 2147483647"
std::string ValueOutOfRange(long long min, long long max);

// A RESP2 client in subscribed mode ran another command.
inline std::string NotInSubscribedMode(std::string_view command) {
  return "ERR Can't execute '" + std::string(command) +
         "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this "
         "context";
}

}  // namespace ringkv::errors
