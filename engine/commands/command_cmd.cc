// COMMAND [COUNT | INFO | DOCS | GETKEYS | LIST | HELP]: everything comes from the one
// CommandRegistry, in Redis 7.0's reply shapes.
#include <string>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/register.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/strings.h"

namespace ringkv {
namespace {

std::vector<std::string_view> SplitTips(std::string_view tips) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < tips.size()) {
    size_t sp = tips.find(' ', start);
    if (sp == std::string_view::npos) sp = tips.size();
    if (sp > start) out.push_back(tips.substr(start, sp - start));
    start = sp + 1;
  }
  return out;
}

// One key spec derived from first/last/step: begin_search by index, find_keys by range.
void WriteKeySpec(ReplyBuilder& r, const CommandSpec& spec) {
  r.Map(3);
  r.Bulk("flags");
  if (spec.flags & cmd::kWrite) {
    r.Set(1);
    r.SimpleString("RW");
  } else if (spec.flags & cmd::kReadonly) {
    r.Set(1);
    r.SimpleString("RO");
  } else {
    r.Set(0);
  }
  r.Bulk("begin_search");
  r.Map(2);
  r.Bulk("type");
  r.Bulk("index");
  r.Bulk("spec");
  r.Map(1);
  r.Bulk("index");
  r.Integer(spec.first_key);
  r.Bulk("find_keys");
  r.Map(2);
  r.Bulk("type");
  r.Bulk("range");
  r.Bulk("spec");
  r.Map(3);
  r.Bulk("lastkey");
  r.Integer(spec.last_key < 0 ? spec.last_key : spec.last_key - spec.first_key);
  r.Bulk("keystep");
  r.Integer(spec.key_step);
  r.Bulk("limit");
  r.Integer(0);
}

// COMMAND INFO's ten-element description of a command (subcommands nested the same way).
void WriteCommandInfo(ReplyBuilder& r, const CommandSpec& spec) {
  r.Array(10);
  r.Bulk(spec.fullname);
  r.Integer(spec.arity);
  std::vector<std::string_view> flags = cmd::FlagNames(spec.flags);
  r.Set(static_cast<int64_t>(flags.size()));
  for (auto f : flags) r.SimpleString(f);
  r.Integer(spec.first_key);
  r.Integer(spec.last_key);
  r.Integer(spec.key_step);
  std::vector<std::string_view> cats = cmd::CategoryNames(spec.acl);
  r.Set(static_cast<int64_t>(cats.size()));
  for (auto c : cats) r.SimpleString(c);
  std::vector<std::string_view> tips = SplitTips(spec.tips);
  r.Set(static_cast<int64_t>(tips.size()));
  for (auto t : tips) r.Bulk(t);
  if (spec.first_key > 0) {
    r.Set(1);
    WriteKeySpec(r, spec);
  } else {
    r.Set(0);
  }
  r.Set(static_cast<int64_t>(spec.subcommands.size()));
  for (const auto& [name, sub] : spec.subcommands) WriteCommandInfo(r, *sub);
}

void WriteCommandDocs(ReplyBuilder& r, const CommandSpec& spec) {
  int64_t fields = 3 + (spec.complexity.empty() ? 0 : 1) + (spec.subcommands.empty() ? 0 : 1);
  r.Map(fields);
  r.Bulk("summary");
  r.Bulk(spec.summary);
  r.Bulk("since");
  r.Bulk(spec.since);
  r.Bulk("group");
  r.Bulk(spec.group);
  if (!spec.complexity.empty()) {
    r.Bulk("complexity");
    r.Bulk(spec.complexity);
  }
  if (!spec.subcommands.empty()) {
    r.Bulk("subcommands");
    r.Map(static_cast<int64_t>(spec.subcommands.size()));
    for (const auto& [name, sub] : spec.subcommands) {
      r.Bulk(sub->fullname);
      WriteCommandDocs(r, *sub);
    }
  }
}

// A command by name, "container|sub" names a subcommand.
const CommandSpec* LookupByFullName(const CommandRegistry& reg, std::string_view name) {
  size_t bar = name.find('|');
  if (bar == std::string_view::npos) return reg.Find(name);
  const CommandSpec* parent = reg.Find(name.substr(0, bar));
  if (parent == nullptr) return nullptr;
  return reg.FindSub(*parent, name.substr(bar + 1));
}

void Command(CommandContext& ctx) {
  const auto& all = ctx.engine.commands().all();
  ctx.reply.Array(static_cast<int64_t>(all.size()));
  for (const auto& [name, spec] : all) WriteCommandInfo(ctx.reply, *spec);
}

void Count(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.engine.commands().all().size()));
}

void Info(CommandContext& ctx) {
  if (ctx.argc() == 2) return Command(ctx);
  ctx.reply.Array(static_cast<int64_t>(ctx.argc() - 2));
  for (size_t i = 2; i < ctx.argc(); i++) {
    const CommandSpec* spec = LookupByFullName(ctx.engine.commands(), ctx.arg(i));
    if (spec == nullptr) ctx.reply.Null();
    else WriteCommandInfo(ctx.reply, *spec);
  }
}

void Docs(CommandContext& ctx) {
  const CommandRegistry& reg = ctx.engine.commands();
  std::vector<const CommandSpec*> specs;
  if (ctx.argc() == 2) {
    for (const auto& [name, spec] : reg.all()) specs.push_back(spec.get());
  } else {
    for (size_t i = 2; i < ctx.argc(); i++) {
      const CommandSpec* spec = LookupByFullName(reg, ctx.arg(i));
      if (spec != nullptr) specs.push_back(spec);
    }
  }
  ctx.reply.Map(static_cast<int64_t>(specs.size()));
  for (const CommandSpec* spec : specs) {
    ctx.reply.Bulk(spec->fullname);
    WriteCommandDocs(ctx.reply, *spec);
  }
}

void GetKeys(CommandContext& ctx) {
  std::span<const std::string_view> argv = ctx.args.subspan(2);
  const CommandRegistry& reg = ctx.engine.commands();
  const CommandSpec* spec = reg.Find(argv[0]);
  if (spec != nullptr && !spec->subcommands.empty() && argv.size() >= 2)
    spec = reg.FindSub(*spec, argv[1]);
  if (spec == nullptr) return ctx.reply.Error("ERR Invalid command specified");
  if (spec->first_key <= 0 && !(spec->flags & cmd::kMovableKeys))
    return ctx.reply.Error("ERR The command has no key arguments");
  int argc = static_cast<int>(argv.size());
  if ((spec->arity > 0 && spec->arity != argc) || argc < -spec->arity)
    return ctx.reply.Error("ERR Invalid number of arguments specified for command");
  std::vector<int> keys = CommandRegistry::KeyPositions(*spec, argv);
  if (keys.empty()) {
    if (spec->flags & cmd::kNoMandatoryKeys) return ctx.reply.Array(0);
    return ctx.reply.Error("ERR Invalid arguments specified for command");
  }
  ctx.reply.Array(static_cast<int64_t>(keys.size()));
  for (int k : keys) ctx.reply.Bulk(argv[static_cast<size_t>(k)]);
}

// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]
void List(CommandContext& ctx) {
  enum { kNone, kModule, kAclCat, kPattern } filter = kNone;
  std::string_view arg;
  if (ctx.argc() == 5 && EqualsIgnoreCase(ctx.arg(2), "filterby")) {
    arg = ctx.arg(4);
    if (EqualsIgnoreCase(ctx.arg(3), "module")) filter = kModule;
    else if (EqualsIgnoreCase(ctx.arg(3), "aclcat")) filter = kAclCat;
    else if (EqualsIgnoreCase(ctx.arg(3), "pattern")) filter = kPattern;
    else return ctx.reply.Error(errors::kSyntax);
  } else if (ctx.argc() != 2) {
    return ctx.reply.Error(errors::kSyntax);
  }
  std::vector<std::string_view> names;
  auto consider = [&](const CommandSpec& spec) {
    switch (filter) {
      case kNone: names.push_back(spec.fullname); break;
      case kModule: break;  // no modules
      case kAclCat:
        for (std::string_view cat : cmd::CategoryNames(spec.acl))
          if (EqualsIgnoreCase(cat.substr(1), arg)) names.push_back(spec.fullname);
        break;
      case kPattern:
        if (GlobMatch(arg, spec.fullname, true)) names.push_back(spec.fullname);
        break;
    }
  };
  for (const auto& [name, spec] : ctx.engine.commands().all()) {
    consider(*spec);
    for (const auto& [sub_name, sub] : spec->subcommands) consider(*sub);
  }
  ctx.reply.Array(static_cast<int64_t>(names.size()));
  for (auto n : names) ctx.reply.Bulk(n);
}

void Help(CommandContext& ctx) {
  static constexpr std::string_view kHelp[] = {
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
  };
  ReplyHelp(ctx.reply, "command", kHelp);
}

constexpr uint64_t kFlags = cmd::kLoading | cmd::kStale;
constexpr uint64_t kAcl = cmd::kCatSlow | cmd::kCatConnection;

}  // namespace

void RegisterCommandCommand(CommandRegistry& r) {
  // COMMAND is both a command (no arguments) and a container, like Redis 7.
  r.Add({.name = "command", .arity = -1, .flags = kFlags, .acl = kAcl, .handler = Command,
         .summary = "Get array of Redis command details", .since = "2.8.13", .group = "server",
         .complexity = "O(N) where N is the total number of Redis commands",
         .tips = "nondeterministic_output_order"});
  r.AddSub("command", {.name = "count", .arity = 2, .flags = kFlags, .acl = kAcl, .handler = Count,
                       .summary = "Get total number of Redis commands", .since = "2.8.13",
                       .group = "server", .complexity = "O(1)"});
  r.AddSub("command",
           {.name = "info", .arity = -2, .flags = kFlags, .acl = kAcl, .handler = Info,
            .summary = "Get array of specific Redis command details, or all when no argument is "
                       "given.",
            .since = "2.8.13", .group = "server",
            .complexity = "O(N) where N is the number of commands to look up",
            .tips = "nondeterministic_output_order"});
  r.AddSub("command", {.name = "docs", .arity = -2, .flags = kFlags, .acl = kAcl, .handler = Docs,
                       .summary = "Get array of specific Redis command documentation",
                       .since = "7.0.0", .group = "server",
                       .complexity = "O(N) where N is the number of commands to look up",
                       .tips = "nondeterministic_output_order"});
  r.AddSub("command", {.name = "getkeys", .arity = -4, .flags = kFlags, .acl = kAcl,
                       .handler = GetKeys, .summary = "Extract keys given a full Redis command",
                       .since = "2.8.13", .group = "server",
                       .complexity = "O(N) where N is the number of arguments to the command"});
  r.AddSub("command", {.name = "list", .arity = -2, .flags = kFlags, .acl = kAcl, .handler = List,
                       .summary = "Get an array of Redis command names", .since = "7.0.0",
                       .group = "server",
                       .complexity = "O(N) where N is the total number of Redis commands",
                       .tips = "nondeterministic_output_order"});
  r.AddSub("command", {.name = "help", .arity = 2, .flags = kFlags, .acl = kAcl, .handler = Help,
                       .summary = "Show helpful text about the different subcommands",
                       .since = "5.0.0", .group = "server", .complexity = "O(1)"});
}

}  // namespace ringkv
