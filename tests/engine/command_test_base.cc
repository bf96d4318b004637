#include "tests/engine/command_test_base.h"

#include <cmath>

namespace ringkv::testing {

bool RespValue::operator==(const RespValue& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case kInt:
    case kBool: return i == o.i;
    case kDouble: return d == o.d || (std::isnan(d) && std::isnan(o.d));
    case kArray:
    case kMap:
    case kSet:
    case kPush: return elems == o.elems;
    case kNull:
    case kNullArray: return true;
    default: return str == o.str;
  }
}

std::ostream& operator<<(std::ostream& os, const RespValue& v) {
  switch (v.kind) {
    case RespValue::kSimple: return os << "+" << v.str;
    case RespValue::kError: return os << "-" << v.str;
    case RespValue::kInt: return os << ":" << v.i;
    case RespValue::kBulk: return os << "\"" << v.str << "\"";
    case RespValue::kVerbatim: return os << "=" << v.str;
    case RespValue::kNull: return os << "(nil)";
    case RespValue::kNullArray: return os << "(nil array)";
    case RespValue::kDouble: return os << "," << v.d;
    case RespValue::kBool: return os << (v.i ? "#t" : "#f");
    default: {
      const char* open = v.kind == RespValue::kMap ? "{" : v.kind == RespValue::kSet ? "~[" : "[";
      os << open;
      for (size_t i = 0; i < v.elems.size(); i++) os << (i ? ", " : "") << v.elems[i];
      return os << (v.kind == RespValue::kMap ? "}" : "]");
    }
  }
}

RespValue Simple(std::string s) { return {RespValue::kSimple, std::move(s)}; }
RespValue Err(std::string s) { return {RespValue::kError, std::move(s)}; }
RespValue Int(int64_t i) {
  RespValue v{RespValue::kInt};
  v.i = i;
  return v;
}
RespValue Bulk(std::string s) { return {RespValue::kBulk, std::move(s)}; }
RespValue Nil() { return {RespValue::kNull}; }
RespValue NilArray() { return {RespValue::kNullArray}; }
RespValue Dbl(double d) {
  RespValue v{RespValue::kDouble};
  v.d = d;
  return v;
}
RespValue Arr(std::vector<RespValue> elems) {
  RespValue v{RespValue::kArray};
  v.elems = std::move(elems);
  return v;
}
RespValue Bulks(std::vector<std::string> elems) {
  RespValue v{RespValue::kArray};
  for (auto& e : elems) v.elems.push_back(Bulk(std::move(e)));
  return v;
}

void RecordingReply::Add(RespValue v) {
  while (true) {
    if (stack_.empty()) {
      done_.push_back(std::move(v));
      return;
    }
    Frame& top = stack_.back();
    top.value.elems.push_back(std::move(v));
    if (--top.remaining > 0) return;
    v = std::move(top.value);
    stack_.pop_back();
  }
}

void RecordingReply::Open(RespValue::Kind kind, int64_t n) {
  RespValue v{kind};
  if (n == 0) return Add(std::move(v));
  stack_.push_back({std::move(v), n});
}

void RecordingReply::SimpleString(std::string_view s) { Add({RespValue::kSimple, std::string(s)}); }
void RecordingReply::WriteError(std::string_view s) { Add({RespValue::kError, std::string(s)}); }
void RecordingReply::Integer(int64_t i) { Add(Int(i)); }
void RecordingReply::Bulk(std::string_view s) { Add({RespValue::kBulk, std::string(s)}); }
void RecordingReply::Null() { Add(Nil()); }
void RecordingReply::NullArray() { Add(NilArray()); }
void RecordingReply::Double(double d) { Add(Dbl(d)); }
void RecordingReply::Bool(bool b) {
  RespValue v{RespValue::kBool};
  v.i = b;
  Add(std::move(v));
}
void RecordingReply::Array(int64_t n) { Open(RespValue::kArray, n); }
void RecordingReply::Map(int64_t pairs) { Open(RespValue::kMap, pairs * 2); }
void RecordingReply::Set(int64_t n) { Open(RespValue::kSet, n); }
void RecordingReply::Push(int64_t n) { Open(RespValue::kPush, n); }
void RecordingReply::Verbatim(std::string_view s) { Add({RespValue::kVerbatim, std::string(s)}); }

std::vector<RespValue> RecordingReply::TakeReplies() {
  std::vector<RespValue> out;
  out.swap(done_);
  return out;
}

void RecordingEffects::Emit(int db, std::span<const std::string_view> argv) {
  dbs.push_back(db);
  effects.emplace_back(argv.begin(), argv.end());
}

CommandTest::CommandTest() {
  config_.enable_debug_command = "yes";
  engine_ = std::make_unique<Engine>(config_);
  engine_->set_effect_sink(&effects_);
  session_ = &engine_->OpenSession();
  engine_->set_session_io(&io_);
}

CommandTest::~CommandTest() { engine_->set_session_io(nullptr); }

ReplyBuilder& TestSessionIo::ReplyFor(Session& s) {
  auto& r = replies_[s.id];
  if (!r) r = std::make_unique<RecordingReply>(s.resp);
  return *r;
}

std::vector<RespValue> TestSessionIo::Take(const Session& s) {
  auto it = replies_.find(s.id);
  return it == replies_.end() ? std::vector<RespValue>{} : it->second->TakeReplies();
}

std::vector<RespValue> CommandTest::RunOn(Session& s, std::vector<std::string> argv) {
  std::vector<std::string_view> views(argv.begin(), argv.end());
  RecordingReply reply(s.resp);
  engine_->Execute(s, views, reply);
  return reply.TakeReplies();
}

std::vector<Effect> CommandTest::TakeEffects() {
  std::vector<Effect> out;
  out.swap(effects_.effects);
  effects_.dbs.clear();
  return out;
}

RespValue CommandTest::Run(std::vector<std::string> argv) {
  std::vector<std::string_view> views(argv.begin(), argv.end());
  reply_.set_protocol(session_->resp);
  engine_->Execute(*session_, views, reply_);
  std::vector<RespValue> replies = reply_.TakeReplies();
  if (replies.size() != 1) {
    ADD_FAILURE() << "expected one reply, got " << replies.size();
    return Nil();
  }
  return replies[0];
}

RespValue CommandTest::Run3(std::vector<std::string> argv) {
  int saved = session_->resp;
  session_->resp = 3;
  RespValue v = Run(std::move(argv));
  session_->resp = saved;
  return v;
}

}  // namespace ringkv::testing
