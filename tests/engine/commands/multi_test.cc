// Transaction tests: MULTI EXEC DISCARD WATCH UNWATCH — queueing, EXECABORT, runtime errors,
// every way a watched key changes, blocking commands inside MULTI, waiters served after EXEC,
// the propagated MULTI ... EXEC block, and the session state CLIENT LIST shows. Replies are
// redis-server 7.0.15's.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "engine/blocking.h"
#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

const RespValue kQueued = Simple("QUEUED");
const RespValue kExecAbort = Err("EXECABORT Transaction discarded because of previous errors.");

class MultiTest : public CommandTest {
 protected:
  // MULTI, the commands (each must be QUEUED), EXEC: EXEC's reply.
  RespValue Transaction(const std::vector<std::vector<std::string>>& cmds) {
    EXPECT_EQ(Run({"multi"}), Ok());
    for (const auto& c : cmds) EXPECT_EQ(Run(c), kQueued) << c[0];
    return Run({"exec"});
  }
  void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
};

TEST_F(MultiTest, QueuesAndExecutes) {
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"set", "a", "1"}), kQueued);
  EXPECT_EQ(Run({"incr", "a"}), kQueued);
  EXPECT_EQ(Run({"get", "a"}), kQueued);
  EXPECT_EQ(Run({"exists", "a"}), kQueued);  // nothing ran yet: queued, not answered
  EXPECT_FALSE(engine_->db(0).Find("a"));
  EXPECT_EQ(Run({"exec"}), Arr({Ok(), Int(2), Bulk("2"), Int(1)}));
  EXPECT_FALSE(session_->in_multi);
  EXPECT_EQ(Run({"get", "a"}), Bulk("2"));
  // An empty transaction.
  EXPECT_EQ(Transaction({}), Arr({}));
}

TEST_F(MultiTest, DiscardDropsTheQueue) {
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"set", "a", "1"}), kQueued);
  EXPECT_EQ(Run({"discard"}), Ok());
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
  EXPECT_EQ(Run({"exec"}), Err("ERR EXEC without MULTI"));
  EXPECT_EQ(Run({"discard"}), Err("ERR DISCARD without MULTI"));
}

TEST_F(MultiTest, NestedMultiAndWatchInsideAreErrorsThatKeepTheTransaction) {
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"multi"}), Err("ERR MULTI calls can not be nested"));
  EXPECT_EQ(Run({"watch", "a"}), Err("ERR WATCH inside MULTI is not allowed"));
  EXPECT_EQ(Run({"set", "a", "1"}), kQueued);
  EXPECT_EQ(Run({"exec"}), Arr({Ok()}));
}

TEST_F(MultiTest, QueueTimeErrorsAbortExec) {
  for (auto bad : std::vector<std::vector<std::string>>{
           {"nosuchcommand", "x"}, {"get"}, {"client", "nosuch"}, {"shutdown"}}) {
    EXPECT_EQ(Run({"multi"}), Ok());
    EXPECT_EQ(Run({"set", "a", "1"}), kQueued);
    EXPECT_EQ(Run(bad).kind, RespValue::kError) << bad[0];
    EXPECT_EQ(Run({"set", "b", "1"}), kQueued);  // still answered QUEUED, but will not run
    EXPECT_EQ(Run({"exec"}), kExecAbort) << bad[0];
    EXPECT_EQ(Run({"exists", "a", "b"}), Int(0));
  }
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"shutdown"}), Err("ERR Command not allowed inside a transaction"));
  EXPECT_EQ(Run({"discard", "x"}), Err("ERR wrong number of arguments for 'discard' command"));
  EXPECT_EQ(Run({"exec"}), kExecAbort);
  // EXEC refused itself discards at once, saying why.
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"exec", "x"}),
            Err("EXECABORT Transaction discarded because of: wrong number of arguments for "
                "'exec' command"));
  EXPECT_FALSE(session_->in_multi);
  // Outside MULTI too, as Redis 7.0 (and the watched keys are dropped).
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  EXPECT_EQ(Run({"exec", "x"}),
            Err("EXECABORT Transaction discarded because of: wrong number of arguments for "
                "'exec' command"));
  EXPECT_TRUE(session_->watched.empty());
  EXPECT_EQ(engine_->stats().error_counts["EXECABORT"], 7u);
}

TEST_F(MultiTest, RuntimeErrorsDoNotStopTheRest) {
  Run({"set", "s", "v"});
  EXPECT_EQ(Transaction({{"lpush", "s", "x"}, {"incr", "n"}, {"set", "a", "1", "2", "3"},
                         {"incr", "n"}}),
            Arr({Err("WRONGTYPE Operation against a key holding the wrong kind of value"), Int(1),
                 Err("ERR syntax error"), Int(2)}));
  // Errors inside EXEC count for their own commands, not for EXEC.
  EXPECT_EQ(engine_->stats().error_counts["WRONGTYPE"], 1u);
  EXPECT_EQ(engine_->commands().Find("exec")->failed_calls, 0u);
  EXPECT_EQ(engine_->commands().Find("lpush")->failed_calls, 1u);
}

TEST_F(MultiTest, MisconfRefusesQueuedWritesAndExec) {
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"get", "a"}), kQueued);
  engine_->set_persistence_error("Errors writing to the AOF file: No space left on device");
  EXPECT_EQ(Run({"set", "a", "1"}),
            Err("MISCONF Errors writing to the AOF file: No space left on device"));
  EXPECT_EQ(Run({"exec"}), kExecAbort);
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"get", "a"}), kQueued);
  EXPECT_EQ(Run({"exec"}), Arr({Nil()}));  // read-only transactions still run
  engine_->set_persistence_error("");
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"set", "a", "1"}), kQueued);
  engine_->set_persistence_error("Errors writing to the AOF file: No space left on device");
  EXPECT_EQ(Run({"exec"}), Err("EXECABORT Transaction discarded because of: MISCONF Errors "
                               "writing to the AOF file: No space left on device"));
  engine_->set_persistence_error("");
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
}

TEST_F(MultiTest, WatchUnchangedKeyLetsExecRun) {
  Run({"set", "k", "1"});
  EXPECT_EQ(Run({"watch", "k", "missing"}), Ok());
  Run({"get", "k"});  // reads change nothing
  EXPECT_EQ(Transaction({{"incr", "k"}}), Arr({Int(2)}));
  // EXEC forgot the watched keys: a later change does not affect the next transaction.
  Run({"set", "k", "5"});
  EXPECT_EQ(Transaction({{"get", "k"}}), Arr({Bulk("5")}));
}

TEST_F(MultiTest, WatchedKeyChangedByAnyoneFailsExec) {
  struct Case {
    std::vector<std::string> setup;
    std::vector<std::string> change;
  };
  std::vector<Case> cases = {
      {{"set", "k", "1"}, {"set", "k", "2"}},
      {{"set", "k", "1"}, {"append", "k", "x"}},
      {{"set", "k", "1"}, {"incr", "k"}},
      {{"set", "k", "1"}, {"del", "k"}},
      {{"set", "k", "1"}, {"expire", "k", "100"}},
      {{"set", "k", "1"}, {"rename", "k", "other"}},
      {{"set", "other", "1"}, {"rename", "other", "k"}},
      {{"set", "k", "1"}, {"move", "k", "1"}},
      {{"rpush", "k", "a"}, {"rpush", "k", "b"}},  // in place
      {{"rpush", "k", "a"}, {"lpop", "k"}},        // emptied: deleted
      {{"hset", "k", "f", "v"}, {"hset", "k", "g", "v"}},
      {{"sadd", "k", "a"}, {"sadd", "k", "b"}},
      {{"zadd", "k", "1", "a"}, {"zincrby", "k", "1", "a"}},
      {{"set", "k", "1"}, {"flushdb"}},
      {{"set", "k", "1"}, {"flushall"}},
      {{"set", "nothing", "1"}, {"set", "k", "new"}},  // created
  };
  for (const Case& c : cases) {
    Run({"flushall"});
    Run(c.setup);
    EXPECT_EQ(Run({"watch", "k"}), Ok());
    Session& other = engine_->OpenSession();
    RunOn(other, c.change);
    engine_->CloseSession(other);
    EXPECT_EQ(Transaction({{"ping"}}), NilArray()) << c.change[0] << " after " << c.setup[0];
  }
}

TEST_F(MultiTest, UnchangingWritesAndOtherKeysLeaveTheWatchAlone) {
  struct Case {
    std::vector<std::string> setup;
    std::vector<std::vector<std::string>> changes;
  };
  std::vector<Case> cases = {
      {{"set", "k", "1"}, {{"set", "other", "1"}}},
      {{"set", "k", "1"}, {{"set", "k", "x", "nx"}}},
      {{"set", "k", "1"}, {{"lpush", "k2", "a"}}},
      {{"sadd", "k", "a"}, {{"sadd", "k", "a"}}},
      {{"hset", "k", "f", "v"}, {{"hdel", "k", "nofield"}}},
      {{"set", "k", "1"}, {{"persist", "k"}}},
      {{"set", "x", "1"}, {{"del", "x", "k"}}},  // k was missing and still is
      {{"set", "x", "1"}, {{"expire", "k", "10"}}},
      {{"set", "x", "1"}, {{"flushdb"}}},  // k missing: nothing of it flushed
      {{"set", "k", "1"}, {{"select", "3"}, {"set", "k", "1"}, {"flushdb"}}},  // another db
  };
  for (const Case& c : cases) {
    Run({"flushall"});
    Run(c.setup);
    EXPECT_EQ(Run({"watch", "k"}), Ok());
    Session& other = engine_->OpenSession();
    for (const auto& change : c.changes) RunOn(other, change);
    engine_->CloseSession(other);
    EXPECT_EQ(Transaction({{"ping"}}), Arr({Simple("PONG")})) << c.changes.back()[0];
  }
}

TEST_F(MultiTest, OwnChangeAfterWatchAndUnwatch) {
  Run({"set", "k", "1"});
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  Run({"set", "k", "2"});
  EXPECT_EQ(Transaction({{"get", "k"}}), NilArray());
  // UNWATCH forgets both the keys and the change.
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  Run({"set", "k", "3"});
  EXPECT_EQ(Run({"unwatch"}), Ok());
  EXPECT_EQ(Transaction({{"get", "k"}}), Arr({Bulk("3")}));
  // DISCARD forgets them too.
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"discard"}), Ok());
  Run({"set", "k", "4"});
  EXPECT_EQ(Transaction({{"get", "k"}}), Arr({Bulk("4")}));
}

TEST_F(MultiTest, ChangeInsideAnotherClientsTransaction) {
  Run({"set", "k", "1"});
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  Session& other = engine_->OpenSession();
  RunOn(other, {"multi"});
  RunOn(other, {"incr", "k"});
  EXPECT_EQ(RunOn(other, {"exec"}), (std::vector<RespValue>{Arr({Int(2)})}));
  engine_->CloseSession(other);
  EXPECT_EQ(Transaction({{"get", "k"}}), NilArray());
}

TEST_F(MultiTest, SwapDbTouchesKeysOnEitherSide) {
  Run({"select", "1"});
  Run({"set", "k", "1"});
  Run({"select", "0"});
  EXPECT_EQ(Run({"watch", "k"}), Ok());  // missing here, present in db 1
  Session& other = engine_->OpenSession();
  RunOn(other, {"swapdb", "0", "1"});
  EXPECT_EQ(Transaction({{"get", "k"}}), NilArray());
  // Missing on both sides: no change.
  EXPECT_EQ(Run({"watch", "nokey"}), Ok());
  RunOn(other, {"swapdb", "0", "1"});
  engine_->CloseSession(other);
  EXPECT_EQ(Transaction({{"get", "nokey"}}), Arr({Nil()}));
}

TEST_F(MultiTest, ExpiryOfWatchedKey) {
  Run({"debug", "set-active-expire", "0"});
  // A key that expires after WATCH fails EXEC, whether or not anyone deleted it yet.
  Run({"set", "k", "v", "px", "5"});
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  SleepMs(10);
  EXPECT_EQ(Transaction({{"ping"}}), NilArray());
  Run({"set", "k", "v", "px", "5"});
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  SleepMs(10);
  EXPECT_EQ(Run({"exists", "k"}), Int(0));  // lazily deleted now
  EXPECT_EQ(Transaction({{"ping"}}), NilArray());
  // A key already expired when WATCHed is a missing key: its deletion changes nothing.
  Run({"set", "k", "v", "px", "5"});
  SleepMs(10);
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  EXPECT_EQ(Transaction({{"ping"}}), Arr({Simple("PONG")}));
  Run({"set", "k", "v", "px", "5"});
  SleepMs(10);
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(Transaction({{"ping"}}), Arr({Simple("PONG")}));
  // ...but a new value is a change.
  Run({"set", "k", "v", "px", "5"});
  SleepMs(10);
  EXPECT_EQ(Run({"watch", "k"}), Ok());
  Run({"set", "k", "new"});
  EXPECT_EQ(Transaction({{"ping"}}), NilArray());
}

TEST_F(MultiTest, BlockingCommandsAnswerAtOnce) {
  EXPECT_EQ(Transaction({{"blpop", "q", "0"},
                         {"brpop", "q", "0"},
                         {"blmove", "q", "d", "left", "left", "0"},
                         {"brpoplpush", "q", "d", "0"},
                         {"blmpop", "0", "1", "q", "left"},
                         {"bzpopmin", "z", "0"},
                         {"bzmpop", "0", "1", "z", "min"}}),
            Arr({NilArray(), NilArray(), Nil(), Nil(), NilArray(), NilArray(), NilArray()}));
  EXPECT_FALSE(session_->blocked);
  EXPECT_EQ(engine_->blocking().blocked_count(), 0u);
  // With elements they serve as usual.
  Run({"rpush", "q", "a"});
  EXPECT_EQ(Transaction({{"blpop", "q", "0"}}), Arr({Bulks({"q", "a"})}));
}

TEST_F(MultiTest, WaitersAreServedAfterExec) {
  Session& waiter = engine_->OpenSession();
  ASSERT_TRUE(RunOn(waiter, {"blpop", "q", "0"}).empty());
  // Served after the first push, the waiter would get "a"; after EXEC, only "b" is left.
  EXPECT_EQ(Transaction({{"rpush", "q", "a"}, {"rpush", "q", "b"}, {"lpop", "q"}}),
            Arr({Int(1), Int(2), Bulk("a")}));
  EXPECT_EQ(io_.Take(waiter), (std::vector<RespValue>{Bulks({"q", "b"})}));
  EXPECT_FALSE(waiter.blocked);
  EXPECT_EQ(Run({"exists", "q"}), Int(0));
  engine_->CloseSession(waiter);
}

TEST_F(MultiTest, PropagatesSeveralWritesAsOneBlock) {
  TakeEffects();
  EXPECT_EQ(Transaction({{"set", "a", "1"}, {"get", "a"}, {"incr", "a"}}),
            Arr({Ok(), Bulk("1"), Int(2)}));
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"MULTI"}, {"set", "a", "1"}, {"incr", "a"},
                                                 {"EXEC"}}));
  // One write needs no block; no write propagates nothing.
  Transaction({{"set", "b", "1"}, {"get", "b"}});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"set", "b", "1"}}));
  Transaction({{"get", "b"}});
  EXPECT_EQ(TakeEffects(), std::vector<Effect>{});
  // A database switch inside the block: MULTI in the first write's database, EXEC in the last's.
  Transaction({{"set", "c", "1"}, {"select", "2"}, {"set", "d", "1"}});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"MULTI"}, {"set", "c", "1"}, {"set", "d", "1"},
                                                 {"EXEC"}}));
  Run({"select", "0"});
  // An aborted or failed EXEC propagates nothing.
  Run({"watch", "a"});
  Run({"set", "a", "9"});
  TakeEffects();
  EXPECT_EQ(Transaction({{"set", "x", "1"}, {"set", "y", "1"}}), NilArray());
  EXPECT_EQ(TakeEffects(), std::vector<Effect>{});
}

TEST_F(MultiTest, LazyExpiryInsideACommandIsPartOfItsBlock) {
  // As Redis 7.0: the DEL of a key found expired and the write that follows are one unit.
  Run({"debug", "set-active-expire", "0"});
  Run({"set", "k", "v", "px", "5"});
  SleepMs(10);
  TakeEffects();
  Run({"set", "k", "v2"});
  EXPECT_EQ(TakeEffects(), (std::vector<Effect>{{"MULTI"}, {"DEL", "k"}, {"set", "k", "v2"},
                                                 {"EXEC"}}));
}

TEST_F(MultiTest, ClientListShowsTheTransaction) {
  auto line = [&] { return Run({"client", "info"}).str; };
  EXPECT_NE(line().find(" flags=N "), std::string::npos);
  EXPECT_NE(line().find(" multi=-1 "), std::string::npos);
  Run({"multi"});
  Run({"set", "a", "1"});
  Run({"get", "a"});
  EXPECT_EQ(Run({"exec"}), Arr({Ok(), Bulk("1")}));
  EXPECT_NE(line().find(" cmd=client|info "), std::string::npos);
  EXPECT_EQ(session_->last_command, "client|info");
  Run({"multi"});
  Run({"get", "a"});
  Run({"exec"});
  EXPECT_EQ(session_->last_command, "exec");
  Run({"watch", "a"});
  Run({"set", "a", "2"});
  Run({"multi"});
  Run({"client", "info"});  // queued: its reply is in EXEC's array
  RespValue r = Run({"exec"});
  ASSERT_EQ(r.kind, RespValue::kNullArray);
  Run({"multi"});
  Run({"get", "a"});
  Session& other = engine_->OpenSession();
  std::vector<RespValue> list = RunOn(other, {"client", "list", "id", std::to_string(session_->id)});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_NE(list[0].str.find(" flags=x "), std::string::npos) << list[0].str;
  EXPECT_NE(list[0].str.find(" multi=1 "), std::string::npos) << list[0].str;
  EXPECT_NE(list[0].str.find(" cmd=get "), std::string::npos) << list[0].str;
  engine_->CloseSession(other);
  EXPECT_EQ(Run({"discard"}), Ok());
}

TEST_F(MultiTest, DisconnectAndResetDropTheTransaction) {
  Session& s = engine_->OpenSession();
  RunOn(s, {"watch", "k"});
  RunOn(s, {"multi"});
  RunOn(s, {"set", "k", "1"});
  engine_->CloseSession(s);  // its watch entry must go with it
  Run({"set", "k", "2"});
  EXPECT_EQ(Run({"get", "k"}), Bulk("2"));
  // RESET leaves MULTI and forgets the watched keys.
  Run({"watch", "k"});
  Run({"multi"});
  Run({"set", "k", "3"});
  EXPECT_EQ(Run({"reset"}), Simple("RESET"));
  EXPECT_FALSE(session_->in_multi);
  EXPECT_TRUE(session_->watched.empty());
  EXPECT_EQ(Run({"get", "k"}), Bulk("2"));
}

TEST_F(MultiTest, Resp3NullArray) {
  session_->resp = 3;
  Run({"watch", "k"});
  Run({"set", "k", "1"});
  EXPECT_EQ(Transaction({{"get", "k"}}), NilArray());
}

}  // namespace
}  // namespace ringkv::testing
