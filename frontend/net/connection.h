// Connection: one client's transport state — its query buffer and parser, the replies produced
// this iteration, the bytes of the send in flight — tied to the engine Session it serves.
#pragma once

#include <string>
#include <vector>

#include "engine/session.h"
#include "frontend/net/io_backend.h"
#include "frontend/net/reply_adapter.h"
#include "frontend/resp/request_parser.h"

namespace ringkv {

struct Connection : IoConn {
  explicit Connection(Session* s) : session(s), reply(&out, s) {}

  Session* session;
  RespReply reply;  // writes into `out`
  resp::RequestParser parser;
  std::string query;    // bytes received but not yet parsed into a whole command
  std::string out;      // replies produced since the last send was started
  std::string sending;  // the bytes of the send in flight
  std::vector<std::string_view> args;  // reused per command
  // AOF offset that must be durable before `out` may be sent (the end of this client's last
  // write command's effects).
  uint64_t aof_wait = 0;
  bool send_in_flight = false;
  bool in_flush_list = false;
  bool in_resume_list = false;
  bool closing = false;
  // When the output first went past the soft limit of client-output-buffer-limit (0: it is not).
  int64_t obuf_soft_since_ms = 0;
};

}  // namespace ringkv
