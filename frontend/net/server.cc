#include "frontend/net/server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

#include "engine/util/clock.h"
#include "engine/util/log.h"
#include "frontend/net/reply_adapter.h"

namespace ringkv {

namespace {
std::atomic<bool> g_stop{false};

constexpr std::string_view kProtectedModeDenied =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no password "
    "is set for the default user. In this mode connections are only accepted from the loopback "
    "interface. If you want to connect from external computers to Redis you may adopt one of the "
    "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
    "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
    "server is running, however MAKE SURE Redis is not publicly accessible from internet if you do "
    "so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable "
    "the protected mode by editing the Redis configuration file, and setting the protected mode "
    "option to 'no', and then restarting the server. 3) If you started the server manually just "
    "for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication "
    "password for the default user. NOTE: You only need to do one of the above things in order for "
    "the server to start accepting connections from the outside.\r\n";
constexpr std::string_view kMaxClients = "-ERR max number of clients reached\r\n";

// Best effort: a rejected connection gets its one line, then is closed.
void RejectConnection(int fd, std::string_view line) {
  (void)!::send(fd, line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::close(fd);
}
}  // namespace

Server::Server(Engine& engine, std::unique_ptr<IoBackend> backend)
    : engine_(engine), backend_(std::move(backend)) {
  backend_->set_handler(this);
  engine_.set_session_io(this);
  engine_.runtime().io_backend = backend_->name();
}

Server::~Server() {
  for (Listener& l : listeners_) ::close(l.fd);
  // Clients still connected at shutdown: the process is exiting, so their sockets are closed here
  // rather than through the backend (whose loop has stopped), and their memory is freed so that
  // leak checkers see a clean exit.
  for (auto& [id, c] : by_id_) {
    if (!c->closing) ::close(c->fd);  // a closing one's fd belongs to the backend already
    engine_.CloseSession(*c->session);
    delete c;
  }
  by_id_.clear();
}

void Server::RequestStop() { g_stop.store(true, std::memory_order_relaxed); }

bool Server::Start(std::string* error) {
  const ServerConfig& cfg = engine_.config();
  if (!OpenListeners(cfg.bind, cfg.port, cfg.tcp_backlog, &listeners_, error)) return false;
  for (Listener& l : listeners_) {
    if (!backend_->Listen(l.fd, error)) return false;
  }
  backend_->SetTimer(1000 / std::max(1, std::min(cfg.hz, 500)));
  return true;
}

void Server::Run() {
  while (!engine_.shutdown_requested() && !g_stop.load(std::memory_order_relaxed)) {
    if (!backend_->RunOnce()) {
      Log(LogLevel::kWarning, "event loop failed; stopping");
      break;
    }
    engine_.HandleBlockedTimeouts();
    ResumeUnblocked();
    ApplyKills();
    // Before the AOF's Kick: a rewrite starting now switches files before this iteration's
    // effects are written.
    if (snapshots_ != nullptr) snapshots_->Pump();
    if (aof_ != nullptr && aof_->Kick()) ReleaseAofWaiters();
    Flush();
  }
  // Let writes and fsyncs in flight finish (their buffers must outlive them), then write what is
  // left of the AOF; a background snapshot is abandoned, as Redis kills its child.
  while (((aof_ != nullptr && aof_->busy()) || (snapshots_ != nullptr && snapshots_->busy())) &&
         backend_->RunOnce()) {
  }
  if (snapshots_ != nullptr) snapshots_->Abandon();
  if (aof_ != nullptr) aof_->FlushAndSyncNow();
  if (g_stop.load()) Log(LogLevel::kWarning, "Received a stop signal, scheduling shutdown...");
}

void Server::ServeWhileLoading() {
  if (!backend_->Poll()) return;
  ApplyKills();
  Flush();
}

void Server::OnAccept(int /*listen_fd*/, int fd) {
  const ServerConfig& cfg = engine_.config();
  bool loopback = false;
  std::string peer = SocketAddress(fd, true, &loopback);
  if (connections_ >= static_cast<size_t>(cfg.maxclients)) {
    engine_.stats().rejected_connections++;
    return RejectConnection(fd, kMaxClients);
  }
  if (cfg.protected_mode && cfg.requirepass.empty() && !loopback) {
    engine_.stats().rejected_connections++;
    Log(LogLevel::kWarning, "Denied connection from %s: protected mode", peer.c_str());
    return RejectConnection(fd, kProtectedModeDenied);
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (cfg.tcp_keepalive > 0) setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));

  auto* c = new Connection(&engine_.OpenSession());
  c->fd = fd;
  c->session->fd = fd;
  c->session->addr = std::move(peer);
  c->session->laddr = SocketAddress(fd, false);
  c->session->is_loopback = loopback;
  connections_++;
  by_id_[c->session->id] = c;
  backend_->StartReading(c);
}

void Server::OnData(IoConn* ioc, std::string_view data) {
  auto* c = static_cast<Connection*>(ioc);
  if (c->closing) return;
  engine_.stats().total_net_input_bytes += data.size();
  c->session->net_input_bytes += data.size();
  if (c->query.empty()) {
    // Common case: whole commands straight from the receive buffer, no copy.
    size_t used = ProcessInput(c, data);
    if (!c->closing && used < data.size()) c->query.assign(data.substr(used));
  } else {
    c->query.append(data);
    size_t used = ProcessInput(c, c->query);
    if (!c->closing) c->query.erase(0, used);
  }
  if (c->closing) return;
  if (c->query.size() > static_cast<size_t>(engine_.config().client_query_buffer_limit)) {
    Log(LogLevel::kWarning, "Closing client that reached max query buffer length (addr=%s)",
        c->session->addr.c_str());
    CloseConnection(c);
    return;
  }
  // Let a big bulk arrive into one allocation rather than growing step by step.
  if (!c->query.empty() && c->parser.BytesWanted() > c->query.capacity()) {
    c->query.reserve(std::min<size_t>(c->parser.BytesWanted(),
                                      static_cast<size_t>(engine_.config().client_query_buffer_limit)));
  }
  c->session->query_buffer = c->query.size();
}

size_t Server::ProcessInput(Connection* c, std::string_view input) {
  resp::ParserLimits limits;
  limits.max_bulk_len = engine_.config().proto_max_bulk_len;
  size_t consumed = 0;
  RespReply& reply = c->reply;
  // A blocked client's further commands wait until it is served, as in Redis.
  while (consumed < input.size() && !c->session->close_after_reply && !c->closing &&
         !c->session->blocked) {
    limits.authenticated = c->session->authenticated;
    resp::ParseResult r = c->parser.Parse(input.substr(consumed), limits, &c->args);
    if (r.status == resp::ParseStatus::kNeedMore) break;
    if (r.status == resp::ParseStatus::kError) {
      // Answer, then close this connection only, as Redis does.
      Log(LogLevel::kVerbose, "Protocol error (%.*s) from client %s",
          static_cast<int>(r.error.size()), r.error.data(), c->session->addr.c_str());
      reply.Error(r.error);
      engine_.stats().total_error_replies++;
      c->session->close_after_reply = true;
      c->parser.Reset();
      break;
    }
    consumed += r.consumed;
    if (c->args.empty()) continue;
    uint64_t appended_before = aof_ != nullptr ? aof_->appended() : 0;
    engine_.Execute(*c->session, c->args, reply);
    // Only a command that appended to the AOF makes this client's replies wait for it.
    if (aof_ != nullptr && aof_->appended() != appended_before) c->aof_wait = aof_->appended();
  }
  if (!c->out.empty() || c->session->close_after_reply) MarkForFlush(c);
  return consumed;
}

void Server::MarkForFlush(Connection* c) {
  if (c->in_flush_list) return;
  c->in_flush_list = true;
  flush_list_.push_back(c);
}

void Server::Flush() {
  std::vector<Connection*> list;
  list.swap(flush_list_);
  for (Connection* c : list) {
    c->in_flush_list = false;
    if (c->closing) continue;
    if (c->session->kill_now) {
      CloseConnection(c);
      continue;
    }
    if (OverOutputLimit(c)) {
      Log(LogLevel::kWarning,
          "Client id=%llu addr=%s scheduled to be closed ASAP for overcoming of output buffer "
          "limits.",
          static_cast<unsigned long long>(c->session->id), c->session->addr.c_str());
      CloseConnection(c);
      continue;
    }
    if (c->send_in_flight) continue;  // OnSendDone will flush again
    if (aof_ != nullptr && c->aof_wait > aof_->durable()) {
      aof_waiting_.push_back(c->session->id);  // OnFileDone will flush again
      continue;
    }
    if (c->out.empty()) {
      if (c->session->close_after_reply) CloseConnection(c);
      continue;
    }
    c->sending.swap(c->out);
    c->out.clear();
    c->send_in_flight = true;
    engine_.stats().total_net_output_bytes += c->sending.size();
    c->session->net_output_bytes += c->sending.size();
    backend_->Send(c, c->sending);
  }
}

// client-output-buffer-limit for the class of `c`: only the pubsub class is enforced (normal
// clients are unlimited by default, and there are no replicas yet). A subscriber that cannot keep
// up is disconnected rather than allowed to grow the server's memory without bound.
bool Server::OverOutputLimit(Connection* c) {
  if (!c->session->in_pubsub()) return false;
  const auto& limit = engine_.config().client_obuf_limits[2];
  auto pending = static_cast<int64_t>(c->out.size() + (c->send_in_flight ? c->sending.size() : 0));
  if (limit.hard_bytes > 0 && pending >= limit.hard_bytes) return true;
  if (limit.soft_bytes <= 0 || pending < limit.soft_bytes) {
    c->obuf_soft_since_ms = 0;
    return false;
  }
  int64_t now = WallClockMs();
  if (c->obuf_soft_since_ms == 0) c->obuf_soft_since_ms = now;
  return now - c->obuf_soft_since_ms >= limit.soft_seconds * 1000;
}

void Server::OnSendDone(IoConn* ioc, int error) {
  auto* c = static_cast<Connection*>(ioc);
  c->send_in_flight = false;
  if (c->closing) return;
  if (error != 0) {
    CloseConnection(c);
    return;
  }
  // Keep big buffers from lingering on idle connections.
  if (c->sending.capacity() > (64u << 10)) std::string().swap(c->sending);
  else c->sending.clear();
  if (!c->out.empty() || c->session->close_after_reply) MarkForFlush(c);
}

void Server::OnReadEnd(IoConn* ioc, int /*error*/) {
  CloseConnection(static_cast<Connection*>(ioc));
}

void Server::CloseConnection(Connection* c) {
  if (c->closing) return;
  c->closing = true;
  backend_->Close(c);
}

void Server::OnClosed(IoConn* ioc) {
  auto* c = static_cast<Connection*>(ioc);
  by_id_.erase(c->session->id);
  engine_.CloseSession(*c->session);
  connections_--;
  delete c;
}

void Server::OnTimer() {
  engine_.Cron();
  if (aof_ != nullptr && aof_->Cron()) ReleaseAofWaiters();
}

void Server::OnFileDone(uint64_t tag, int result) {
  if (snapshots_ != nullptr && snapshots_->OnFileDone(tag, result)) return;
  if (aof_ != nullptr && aof_->OnFileDone(tag, result)) ReleaseAofWaiters();
}

void Server::ReleaseAofWaiters() {
  std::vector<uint64_t> waiting;
  waiting.swap(aof_waiting_);
  for (uint64_t id : waiting) {
    auto it = by_id_.find(id);
    if (it != by_id_.end()) MarkForFlush(it->second);
  }
}

ReplyBuilder& Server::ReplyFor(Session& s) {
  Connection* c = by_id_.at(s.id);
  MarkForFlush(c);
  return c->reply;
}

void Server::Unblocked(Session& s) {
  auto it = by_id_.find(s.id);
  if (it == by_id_.end() || it->second->in_resume_list) return;
  it->second->in_resume_list = true;
  resume_list_.push_back(it->second);
}

void Server::ResumeUnblocked() {
  // Processing one client's input may unblock others: loop until none is left.
  while (!resume_list_.empty()) {
    std::vector<Connection*> list;
    list.swap(resume_list_);
    for (Connection* c : list) {
      c->in_resume_list = false;
      if (c->closing || c->session->blocked || c->query.empty()) continue;
      size_t used = ProcessInput(c, c->query);
      if (!c->closing) c->query.erase(0, used);
    }
  }
}

void Server::ApplyKills() {
  for (uint64_t id : engine_.TakeKills()) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) continue;
    Connection* c = it->second;
    if (c->session->close_after_reply && c->in_flush_list) {
      continue;  // killed itself (CLIENT KILL ... SKIPME no): its reply goes out, then it closes
    }
    CloseConnection(c);
  }
}

}  // namespace ringkv
