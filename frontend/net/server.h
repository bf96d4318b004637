// Server: the event loop that drives an Engine — accepts connections, parses requests, runs
// commands, and sends each connection's replies once per loop iteration.
//
// Each iteration: the backend submits what the last one queued and waits (RunOnce); every event is
// handled (new connections, data → parse → Engine::Execute → replies appended to the connection's
// output); then Flush starts one send per connection that has output. Protocol errors are answered
// and close only that connection.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/engine.h"
#include "frontend/net/aof_driver.h"
#include "frontend/net/connection.h"
#include "frontend/net/io_backend.h"
#include "frontend/net/listeners.h"
#include "frontend/net/snapshot_driver.h"

namespace ringkv {

class Server final : public IoHandler, public SessionIo {
 public:
  Server(Engine& engine, std::unique_ptr<IoBackend> backend);
  ~Server() override;

  // With the AOF on: replies to writes wait for it (set before Start).
  void set_aof(AofDriver* aof) { aof_ = aof; }
  // Background snapshots (BGSAVE, BGREWRITEAOF) advance once per loop iteration.
  void set_snapshots(SnapshotDriver* s) { snapshots_ = s; }
  // Opens the listeners. False with a message on failure.
  bool Start(std::string* error);
  // Runs until SHUTDOWN or a stop signal.
  void Run();
  // During start-up loading (between chunks of the load): handles what has arrived without
  // waiting — clients get -LOADING, INFO works — and sends the replies.
  void ServeWhileLoading();
  // Async-signal-safe stop request (SIGTERM/SIGINT).
  static void RequestStop();

  // IoHandler
  void OnAccept(int listen_fd, int fd) override;
  void OnData(IoConn* c, std::string_view data) override;
  void OnReadEnd(IoConn* c, int error) override;
  void OnSendDone(IoConn* c, int error) override;
  void OnClosed(IoConn* c) override;
  bool OverOutputLimit(Connection* c);
  void OnTimer() override;
  void OnFileDone(uint64_t tag, int result) override;

  // SessionIo
  ReplyBuilder& ReplyFor(Session& s) override;
  void Unblocked(Session& s) override;

 private:
  // Parses and executes whole commands at the front of `input`; returns the bytes consumed.
  size_t ProcessInput(Connection* c, std::string_view input);
  void MarkForFlush(Connection* c);
  void Flush();
  void CloseConnection(Connection* c);
  void ApplyKills();
  // Runs the pending input of clients that were unblocked.
  void ResumeUnblocked();
  // The AOF became durable further: clients whose replies waited for it may be sent.
  void ReleaseAofWaiters();

  Engine& engine_;
  std::unique_ptr<IoBackend> backend_;
  std::vector<Listener> listeners_;
  std::vector<Connection*> flush_list_;
  std::vector<Connection*> resume_list_;
  AofDriver* aof_ = nullptr;
  SnapshotDriver* snapshots_ = nullptr;
  std::vector<uint64_t> aof_waiting_;  // sessions whose replies wait for the AOF
  int64_t last_aof_cron_ms_ = 0;
  std::unordered_map<uint64_t, Connection*> by_id_;
  size_t connections_ = 0;
};

}  // namespace ringkv
