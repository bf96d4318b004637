// In-process command tests: run commands through the engine's dispatcher and compare the reply,
// recorded as a small value tree, as Dragonfly's command tests do:
//   EXPECT_EQ(Run({"incrby", "k", "1"}), Int(1));
//   EXPECT_EQ(Run({"get", "nokey"}), Nil());
//   EXPECT_EQ(Run({"incr", "s"}), Err("ERR value is not an integer or out of range"));
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/server_config.h"
#include "engine/effects.h"
#include "engine/engine.h"
#include "engine/reply_builder.h"

namespace ringkv::testing {

struct RespValue {
  enum Kind { kSimple, kError, kInt, kBulk, kNull, kNullArray, kDouble, kBool, kArray, kMap, kSet, kPush, kVerbatim };
  Kind kind = kNull;
  std::string str;
  int64_t i = 0;
  double d = 0;
  std::vector<RespValue> elems;  // maps: key, value, key, value...

  bool operator==(const RespValue& o) const;
};
std::ostream& operator<<(std::ostream& os, const RespValue& v);

RespValue Simple(std::string s);
RespValue Err(std::string s);
RespValue Int(int64_t i);
RespValue Bulk(std::string s);
RespValue Nil();
RespValue NilArray();
RespValue Dbl(double d);
RespValue Arr(std::vector<RespValue> elems);
// An array of bulk strings.
RespValue Bulks(std::vector<std::string> elems);
inline RespValue Ok() { return Simple("OK"); }

// Records replies as RespValue trees.
class RecordingReply : public ReplyBuilder {
 public:
  explicit RecordingReply(int protocol = 2) : protocol_(protocol) {}
  void SimpleString(std::string_view s) override;
  void Integer(int64_t v) override;
  void Bulk(std::string_view s) override;
  void Null() override;
  void NullArray() override;
  void Double(double v) override;
  void Bool(bool v) override;
  void Array(int64_t n) override;
  void Map(int64_t pairs) override;
  void Set(int64_t n) override;
  void Push(int64_t n) override;
  void Verbatim(std::string_view s) override;
  int Protocol() const override { return protocol_; }
  void set_protocol(int p) { protocol_ = p; }

  // Completed top-level replies, oldest first.
  std::vector<RespValue> TakeReplies();

 protected:
  void WriteError(std::string_view msg) override;

 private:
  void Add(RespValue v);
  void Open(RespValue::Kind kind, int64_t n);
  struct Frame {
    RespValue value;
    int64_t remaining;
  };
  int protocol_;
  std::vector<Frame> stack_;
  std::vector<RespValue> done_;
};

// Collects the propagation stream.
class RecordingEffects : public EffectSink {
 public:
  void Emit(int db, std::span<const std::string_view> argv) override;
  std::vector<std::vector<std::string>> effects;  // "SELECT db" is not added; db kept apart
  std::vector<int> dbs;
};

// The frontend's side of sessions answered outside their own command (a blocked client served by
// another client's push, a timeout): each session's replies are recorded.
class TestSessionIo : public SessionIo {
 public:
  ReplyBuilder& ReplyFor(Session& s) override;
  void Unblocked(Session& s) override { unblocked.push_back(s.id); }
  // The replies `s` received so far, oldest first.
  std::vector<RespValue> Take(const Session& s);
  std::vector<uint64_t> unblocked;

 private:
  std::map<uint64_t, std::unique_ptr<RecordingReply>> replies_;
};

using Effect = std::vector<std::string>;

class CommandTest : public ::testing::Test {
 protected:
  CommandTest();
  ~CommandTest() override;
  // Runs one command and returns its single reply.
  RespValue Run(std::vector<std::string> argv);
  // Runs with RESP3 replies.
  RespValue Run3(std::vector<std::string> argv);
  // Runs a command for another session; the replies it got at once (none if it blocked).
  std::vector<RespValue> RunOn(Session& s, std::vector<std::string> argv);
  // The effects propagated since the last call.
  std::vector<Effect> TakeEffects();
  uint64_t Dirty() { return engine_->stats().dirty; }

  ServerConfig config_;
  std::unique_ptr<Engine> engine_;
  Session* session_ = nullptr;
  RecordingReply reply_;
  RecordingEffects effects_;
  TestSessionIo io_;
};

}  // namespace ringkv::testing
