#include "aof/aof_writer.h"

#include <charconv>

namespace ringkv::aof {

namespace {
void AppendHeader(std::string* out, char prefix, size_t n) {
  char buf[24];
  buf[0] = prefix;
  auto [p, ec] = std::to_chars(buf + 1, buf + sizeof(buf) - 2, n);
  (void)ec;
  *p++ = '\r';
  *p++ = '\n';
  out->append(buf, static_cast<size_t>(p - buf));
}
}  // namespace

void EncodeCommand(std::string* out, std::span<const std::string_view> argv) {
  AppendHeader(out, '*', argv.size());
  for (std::string_view a : argv) {
    AppendHeader(out, '$', a.size());
    out->append(a);
    out->append("\r\n");
  }
}

void AofWriter::Emit(int db, std::span<const std::string_view> argv) {
  size_t before = pending_.size();
  if (db != db_) {
    std::string dbs = std::to_string(db);
    std::string_view select[] = {"SELECT", dbs};
    EncodeCommand(&pending_, select);
    db_ = db;
  }
  EncodeCommand(&pending_, argv);
  appended_ += pending_.size() - before;
}

}  // namespace ringkv::aof
