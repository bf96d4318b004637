// repair-aof: what `redis-check-aof --fix` does for a multi-part AOF. The directory is replayed
// read-only through the server's loader; if it stops at a cut-off end of the last file (a
// partial command, or a MULTI without its EXEC), that file is copied to a backup and truncated
// to its last complete command, and the directory is replayed again to confirm. A fault
// anywhere else is reported and nothing is changed; malformed bytes (not a cut-off end) in the
// last file are cut only with --force, since that drops every command after them.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "aof/aof_loader.h"
#include "aof/manifest.h"
#include "tools/inspect/cli.h"
#include "tools/inspect/commands.h"
#include "tools/inspect/source.h"

namespace ringkv::inspect {

namespace {

constexpr const char* kUsage =
    "Usage: ringkv-inspect repair-aof [--force] [--dry-run] DIR\n"
    "Truncates the last file of the AOF in DIR to its last complete command when it ends in a\n"
    "cut-off command (as redis-check-aof --fix), after copying it to FILE.bak (or .bak.N).\n"
    "--force: also cut malformed bytes in the last file, and everything after them.\n"
    "--dry-run: report what would be done, change nothing.\n"
    "Exit 0 when the AOF is (now) sound, 1 when it could not be repaired.\n";

bool CopyFile(const std::string& from, const std::string& to, std::string* error) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    *error = "can't open " + from + ": " + std::strerror(errno);
    return false;
  }
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    *error = "can't create " + to + ": " + std::strerror(errno);
    ::close(in);
    return false;
  }
  char buf[1 << 16];
  bool ok = true;
  while (ok) {
    ssize_t n = ::read(in, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    for (ssize_t done = 0; done < n && ok;) {
      ssize_t w = ::write(out, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      ok = w > 0;
      done += w > 0 ? w : 0;
    }
  }
  if (ok && ::fsync(out) < 0) ok = false;
  if (!ok) *error = "can't copy " + from + " to " + to + ": " + std::strerror(errno);
  ::close(in);
  ::close(out);
  if (!ok) ::unlink(to.c_str());
  return ok;
}

// FILE.bak, or FILE.bak.N for the first N not taken.
std::string BackupName(const std::string& path) {
  std::string name = path + ".bak";
  struct stat st {};
  for (int i = 1; ::stat(name.c_str(), &st) == 0; i++) name = path + ".bak." + std::to_string(i);
  return name;
}

// Replays the AOF; true if sound. *stats gets the loader's findings.
bool Replay(const std::string& dir, aof::LoadStats* stats, std::string* error) {
  std::unique_ptr<Source> src = Source::Open(dir, StderrIsTerminal(), error);
  if (src == nullptr) return false;
  bool ok = src->ForEach([](const KeyView&) { return false; });
  if (src->aof_stats() != nullptr) *stats = *src->aof_stats();
  if (!ok) *error = src->error();
  return ok;
}

}  // namespace

int RunRepairAof(const Args& args) {
  Cli cli;
  if (int rc = ParseCommandLine(&cli, args, {{"force", false}, {"dry-run", false}}, 1, 1, kUsage);
      rc >= 0) {
    return rc;
  }
  std::string dir, prefix, error;
  if (!FindAofManifest(cli.positional()[0], &dir, &prefix, &error)) {
    Complain(error);
    return kExitFindings;
  }
  aof::Manifest manifest;
  if (!aof::ReadManifest(dir, prefix, &manifest, &error)) {
    Complain(dir + "/" + aof::ManifestName(prefix) + ": " + error +
             " (repair-aof does not rewrite manifests)");
    return kExitFindings;
  }
  aof::LoadStats stats;
  if (Replay(dir, &stats, &error)) {
    std::printf("AOF in %s is sound (%" PRIu64 " commands): nothing to repair\n", dir.c_str(),
                stats.commands);
    return kExitOk;
  }
  const aof::AofFile& last = manifest.incrs.empty() ? manifest.base : manifest.incrs.back();
  if (stats.fault_file.empty()) {
    Complain("can't repair: " + error);
    return kExitFindings;
  }
  if (stats.fault_file != last.name) {
    Complain("can't repair: the fault is in " + stats.fault_file + ", not in the last file (" +
             last.name + "); only the end of the last file can be cut. " + error);
    return kExitFindings;
  }
  std::string path = dir + "/" + last.name;
  if (!stats.fault_truncated) {
    char magic[5] = {};
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    bool rdb = fd >= 0 && ::pread(fd, magic, 5, 0) == 5 && std::memcmp(magic, "REDIS", 5) == 0;
    if (fd >= 0) ::close(fd);
    if (rdb && stats.fault_offset == 0) {
      Complain("can't repair: the fault is in the RDB preamble of " + last.name + ": " + error);
      return kExitFindings;
    }
    if (!cli.Has("force")) {
      Complain("the last file has malformed bytes (not a cut-off end): " + error +
               "; pass --force to cut it there, losing every command after offset " +
               std::to_string(stats.fault_offset));
      return kExitFindings;
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) < 0) {
    Complain("can't stat " + path + ": " + std::strerror(errno));
    return kExitFindings;
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  std::printf("found: %s\n", error.c_str());
  std::printf("%s %s from %" PRIu64 " to %" PRIu64 " bytes (removing %" PRIu64 ")\n",
              cli.Has("dry-run") ? "would truncate" : "truncating", path.c_str(), size,
              stats.fault_offset, size - stats.fault_offset);
  if (cli.Has("dry-run")) return kExitFindings;
  std::string backup = BackupName(path);
  if (!CopyFile(path, backup, &error)) {
    Complain(error);
    return kExitFindings;
  }
  std::printf("backup: %s\n", backup.c_str());
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(stats.fault_offset)) < 0 || ::fsync(fd) < 0) {
    Complain("can't truncate " + path + ": " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
    return kExitFindings;
  }
  ::close(fd);
  stats = aof::LoadStats{};
  if (!Replay(dir, &stats, &error)) {
    Complain("still not sound after the repair: " + error);
    return kExitFindings;
  }
  std::printf("AOF in %s is sound now (%" PRIu64 " commands)\n", dir.c_str(), stats.commands);
  return kExitOk;
}

}  // namespace ringkv::inspect
