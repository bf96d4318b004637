// Where a report goes: stdout, or a file given with --output (written whole or not at all: a
// temp file renamed into place when done, so a failed export leaves no half file).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace ringkv::inspect {

class Output {
 public:
  // "" or "-" is stdout. False with a message if the file cannot be created.
  bool Open(const std::string& path, std::string* error);
  void Write(std::string_view s);
  // Flushes and, for a file, renames it into place (or removes it when !keep).
  bool Close(bool keep, std::string* error);
  ~Output();

 private:
  FILE* f_ = nullptr;
  std::string path_, tmp_;
  bool failed_ = false;
};

}  // namespace ringkv::inspect
