// RespReply: the engine's ReplyBuilder over the RESP encoder, writing into a connection's output.
// It reads the session's protocol on every reply, so HELLO's answer already uses the new one.
#pragma once

#include <string>

#include "engine/reply_builder.h"
#include "engine/session.h"
#include "frontend/resp/resp_writer.h"

namespace ringkv {

class RespReply final : public ReplyBuilder {
 public:
  RespReply(std::string* out, const Session* session) : w_(out, session->resp), session_(session) {}

  void SimpleString(std::string_view s) override { W().SimpleString(s); }
  void Integer(int64_t v) override { W().Integer(v); }
  void Bulk(std::string_view s) override { W().Bulk(s); }
  void Null() override { W().Null(); }
  void NullArray() override { W().NullArray(); }
  void Double(double v) override { W().Double(v); }
  void DoubleText(double, std::string_view text) override { W().DoubleText(text); }
  void Bool(bool v) override { W().Bool(v); }
  void Array(int64_t n) override { W().Array(n); }
  void Map(int64_t pairs) override { W().Map(pairs); }
  void Set(int64_t n) override { W().Set(n); }
  void Push(int64_t n) override { W().Push(n); }
  void Verbatim(std::string_view s) override { W().Verbatim(s); }
  int Protocol() const override { return session_->resp; }

 protected:
  void WriteError(std::string_view msg) override { W().Error(msg); }

 private:
  resp::RespWriter& W() {
    w_.SetProtocol(session_->resp);
    return w_;
  }
  resp::RespWriter w_;
  const Session* session_;
};

}  // namespace ringkv
