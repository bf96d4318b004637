// The subcommands of ringkv-inspect, one file each (cmd_<name>.cc). Each takes the arguments
// after its name, prints its own --help, and returns the exit status (cli.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ringkv::inspect {

using Args = std::vector<std::string>;

int RunSummary(const Args& args);
int RunKeys(const Args& args);
int RunGet(const Args& args);
int RunExport(const Args& args);
int RunMemory(const Args& args);
int RunDiff(const Args& args);
int RunVerify(const Args& args);
int RunRepairAof(const Args& args);

// Opens a source, or prints why not; for subcommands taking one SOURCE argument.
class Source;
std::unique_ptr<Source> OpenOrComplain(const std::string& path);

}  // namespace ringkv::inspect
