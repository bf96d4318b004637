#include "tests/engine/command_test_base.h"

namespace ringkv::testing {
namespace {

class ConnectionTest : public CommandTest {};

TEST_F(ConnectionTest, PingEcho) {
  EXPECT_EQ(Run({"PING"}), Simple("PONG"));
  EXPECT_EQ(Run({"ping", "hi"}), Bulk("hi"));
  EXPECT_EQ(Run({"ping", "a", "b"}), Err("ERR wrong number of arguments for 'ping' command"));
  EXPECT_EQ(Run({"echo", "x"}), Bulk("x"));
  EXPECT_EQ(Run({"echo"}), Err("ERR wrong number of arguments for 'echo' command"));
}

TEST_F(ConnectionTest, UnknownCommand) {
  EXPECT_EQ(Run({"nosuch", "a", "b"}),
            Err("ERR unknown command 'nosuch', with args beginning with: 'a' 'b' "));
  EXPECT_EQ(Run({"nosuch"}), Err("ERR unknown command 'nosuch', with args beginning with: "));
}

TEST_F(ConnectionTest, Select) {
  EXPECT_EQ(Run({"select", "15"}), Ok());
  EXPECT_EQ(session_->db, 15);
  EXPECT_EQ(Run({"select", "16"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"select", "x"}), Err("ERR value is not an integer or out of range"));
}

TEST_F(ConnectionTest, HelloSwitchesProtocol) {
  RespValue v = Run({"hello", "3"});
  ASSERT_EQ(v.kind, RespValue::kMap);
  ASSERT_EQ(v.elems.size(), 14u);
  EXPECT_EQ(v.elems[4], Bulk("proto"));
  EXPECT_EQ(v.elems[5], Int(3));
  EXPECT_EQ(session_->resp, 3);
  EXPECT_EQ(Run({"hello", "4"}), Err("NOPROTO unsupported protocol version"));
  EXPECT_EQ(Run({"hello", "3", "bogus"}), Err("ERR Syntax error in HELLO option 'bogus'"));
  EXPECT_EQ(Run({"hello", "2", "setname", "bad name"}),
            Err("ERR Client names cannot contain spaces, newlines or special characters."));
}

class AuthTest : public CommandTest {
 protected:
  AuthTest() {
    config_.requirepass = "secret";
    session_ = &engine_->OpenSession();
  }
};

TEST_F(AuthTest, RequiresPassword) {
  EXPECT_EQ(Run({"ping"}), Err("NOAUTH Authentication required."));
  EXPECT_EQ(Run({"auth", "wrong"}),
            Err("WRONGPASS invalid username-password pair or user is disabled."));
  EXPECT_EQ(Run({"hello", "3"}).kind, RespValue::kError);
  EXPECT_EQ(Run({"auth", "secret"}), Ok());
  EXPECT_EQ(Run({"ping"}), Simple("PONG"));
  EXPECT_EQ(Run({"reset"}), Simple("RESET"));
  EXPECT_EQ(Run({"ping"}), Err("NOAUTH Authentication required."));
  EXPECT_EQ(Run({"hello", "2", "auth", "default", "secret"}).kind, RespValue::kMap);
  EXPECT_EQ(Run({"ping"}), Simple("PONG"));
}

TEST_F(ConnectionTest, AuthWithoutPassword) {
  EXPECT_EQ(Run({"auth", "x"}),
            Err("ERR AUTH <password> called without any password configured for the default "
                "user. Are you sure your configuration is correct?"));
  EXPECT_EQ(Run({"auth", "default", "anything"}), Ok());
}

}  // namespace
}  // namespace ringkv::testing
