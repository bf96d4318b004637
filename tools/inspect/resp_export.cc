#include "tools/inspect/resp_export.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

// Builds one command; the argument count is known only at the end, so arguments are gathered
// first.
class Command {
 public:
  Command() = default;
  explicit Command(std::string_view name) { Arg(name); }
  void Clear() {
    body_.clear();
    argc_ = 0;
  }
  void Arg(std::string_view a) {
    body_.push_back('$');
    body_.append(std::to_string(a.size()));
    body_.append("\r\n");
    body_.append(a);
    body_.append("\r\n");
    argc_++;
  }
  size_t argc() const { return argc_; }
  void AppendTo(std::string* out) {
    out->push_back('*');
    out->append(std::to_string(argc_));
    out->append("\r\n");
    out->append(body_);
  }

 private:
  std::string body_;
  size_t argc_ = 0;
};

std::string ScoreText(double d) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, static_cast<size_t>(r.ptr - buf));
}

// Emits `name key` + batches of elements: `add(cmd)` appends one element's arguments.
class Batcher {
 public:
  Batcher(std::string* out, std::string_view name, std::string_view key, size_t args_per_element)
      : out_(out), name_(name), key_(key), per_(args_per_element) {}
  Command& Next() {
    if (cmd_.argc() >= 2 + kRespBatch * per_) Flush();
    if (cmd_.argc() == 0) {
      cmd_.Arg(name_);
      cmd_.Arg(key_);
    }
    return cmd_;
  }
  void Flush() {
    if (cmd_.argc() > 0) cmd_.AppendTo(out_);
    cmd_.Clear();
  }

 private:
  std::string* out_;
  std::string_view name_, key_;
  size_t per_;
  Command cmd_;  // empty (argc 0) between batches
};

}  // namespace

void AppendSelect(std::string* out, int db) {
  Command select("SELECT");
  select.Arg(std::to_string(db));
  select.AppendTo(out);
}

bool AppendRespCommands(std::string* out, const KeyView& k, int* current_db) {
  if (k.value == nullptr) return false;
  if (k.db != *current_db) {
    AppendSelect(out, k.db);
    *current_db = k.db;
  }
  const Value& v = *k.value;
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[kIntScratch];
      Command set("SET");
      set.Arg(k.key);
      set.Arg(v.StringView(scratch));
      set.AppendTo(out);
      break;
    }
    case ObjType::kList: {
      Batcher b(out, "RPUSH", k.key, 1);
      ForEachListItem(v, [&](std::string_view e) { b.Next().Arg(e); });
      b.Flush();
      break;
    }
    case ObjType::kHash: {
      Batcher b(out, "HSET", k.key, 2);
      ForEachHashField(v, [&](std::string_view f, std::string_view val) {
        Command& c = b.Next();
        c.Arg(f);
        c.Arg(val);
      });
      b.Flush();
      break;
    }
    case ObjType::kSet: {
      Batcher b(out, "SADD", k.key, 1);
      ForEachSetMember(v, [&](std::string_view m) { b.Next().Arg(m); });
      b.Flush();
      break;
    }
    case ObjType::kZSet: {
      Batcher b(out, "ZADD", k.key, 2);
      ForEachZSetMember(v, [&](std::string_view m, double score) {
        Command& c = b.Next();
        c.Arg(ScoreText(score));
        c.Arg(m);
      });
      b.Flush();
      break;
    }
    case ObjType::kStream:
      return false;
  }
  if (k.expire_ms >= 0) {
    Command pexpireat("PEXPIREAT");
    pexpireat.Arg(k.key);
    pexpireat.Arg(std::to_string(k.expire_ms));
    pexpireat.AppendTo(out);
  }
  return true;
}

}  // namespace ringkv::inspect
