#include "aof/manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/config/config_table.h"

namespace ringkv::aof {

std::string BaseName(const std::string& prefix, int64_t seq, bool rdb) {
  return prefix + "." + std::to_string(seq) + ".base." + (rdb ? "rdb" : "aof");
}
std::string IncrName(const std::string& prefix, int64_t seq) {
  return prefix + "." + std::to_string(seq) + ".incr.aof";
}
std::string ManifestName(const std::string& prefix) { return prefix + ".manifest"; }

namespace {
void AppendLine(std::string* out, const AofFile& f) {
  // Redis quotes a file name with sdscatrepr only when it needs it (spaces, quotes...).
  bool plain = !f.name.empty();
  for (char c : f.name) {
    if (c <= ' ' || c == '"' || c == '\'' || c == '\\' || c > '~') plain = false;
  }
  out->append("file ");
  out->append(plain ? f.name : config::QuoteArg(f.name));
  out->append(" seq ");
  out->append(std::to_string(f.seq));
  out->append(" type ");
  out->push_back(f.type);
  out->push_back('\n');
}
}  // namespace

std::string Manifest::Serialize() const {
  std::string out;
  if (has_base) AppendLine(&out, base);
  for (const AofFile& f : history) AppendLine(&out, f);
  for (const AofFile& f : incrs) AppendLine(&out, f);
  return out;
}

bool Manifest::Parse(std::string_view text, Manifest* out, std::string* error) {
  *out = Manifest{};
  int line_no = 0;
  size_t pos = 0;
  int64_t last_incr_seq = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    line_no++;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    size_t first = line.find_first_not_of(' ');
    if (first == std::string_view::npos || line[first] == '#') continue;
    std::vector<std::string> argv;
    auto fail = [&](const std::string& why) {
      *error = "Invalid AOF manifest line " + std::to_string(line_no) + ": " + why;
      return false;
    };
    if (!config::SplitArgs(line, &argv)) return fail("unbalanced quotes");
    if (argv.size() % 2 != 0) return fail("odd number of fields");
    AofFile f;
    bool have_name = false, have_seq = false, have_type = false;
    for (size_t i = 0; i < argv.size(); i += 2) {
      const std::string& key = argv[i];
      const std::string& val = argv[i + 1];
      if (key == "file") {
        f.name = val;
        have_name = true;
      } else if (key == "seq") {
        char* end = nullptr;
        f.seq = std::strtoll(val.c_str(), &end, 10);
        if (end == val.c_str() || *end != '\0' || f.seq <= 0) return fail("invalid seq");
        have_seq = true;
      } else if (key == "type") {
        if (val.size() != 1 || (val[0] != 'b' && val[0] != 'h' && val[0] != 'i'))
          return fail("invalid type");
        f.type = val[0];
        have_type = true;
      }
      // Unknown keys are ignored, as Redis does, for forward compatibility.
    }
    if (!have_name || !have_seq || !have_type) return fail("missing file, seq or type");
    if (f.name.find('/') != std::string::npos) return fail("file name is a path");
    if (f.type == 'b') {
      if (out->has_base) return fail("more than one base file");
      out->has_base = true;
      out->base = f;
    } else if (f.type == 'h') {
      out->history.push_back(f);
    } else {
      if (f.seq <= last_incr_seq) return fail("incremental files out of order");
      last_incr_seq = f.seq;
      out->incrs.push_back(f);
    }
  }
  if (!out->has_base && out->incrs.empty()) {
    *error = "Invalid AOF manifest: no base and no incremental file";
    return false;
  }
  return true;
}

bool SyncDirectory(const std::string& dir, std::string* error) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) < 0) {
    *error = "fsync of directory " + dir + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return false;
  }
  ::close(fd);
  return true;
}

bool WriteFileAtomically(const std::string& dir, const std::string& name, std::string_view content,
                         std::string* error) {
  std::string tmp = dir + "/temp-" + name;
  std::string final_path = dir + "/" + name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = "open " + tmp + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = "write " + tmp + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) < 0) {
    *error = "fsync " + tmp + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    return false;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) < 0) {
    *error = "rename " + tmp + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return SyncDirectory(dir, error);
}

}  // namespace ringkv::aof
