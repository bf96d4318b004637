#include "aof/aof_writer.h"

#include <gtest/gtest.h>

namespace ringkv::aof {
namespace {

TEST(AofWriterTest, EncodesEffectsWithSelectOnDatabaseChange) {
  AofWriter w;
  std::string_view set[] = {"SET", "k", "v"};
  std::string_view del[] = {"DEL", "k"};
  w.Emit(0, set);
  w.Emit(0, del);
  w.Emit(3, del);
  std::string out;
  w.TakePending(&out);
  EXPECT_EQ(out,
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
            "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n"
            "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n"
            "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
  EXPECT_EQ(w.appended(), out.size());
  EXPECT_FALSE(w.has_pending());
}

TEST(AofWriterTest, RestoredBytesGoFirst) {
  AofWriter w;
  std::string_view a[] = {"A"};
  std::string_view b[] = {"B"};
  w.ForgetDatabase();
  w.Emit(0, a);
  std::string first;
  w.TakePending(&first);
  w.Emit(0, b);
  w.Restore(std::move(first));  // a failed write puts its bytes back
  std::string all;
  w.TakePending(&all);
  EXPECT_EQ(all, "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*1\r\n$1\r\nA\r\n*1\r\n$1\r\nB\r\n");
}

TEST(AofWriterTest, BinarySafe) {
  std::string out;
  std::string v("a\r\n\0b", 5);
  std::string_view argv[] = {"SET", "k", v};
  EncodeCommand(&out, argv);
  static const char kWant[] = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\r\n\0b\r\n";
  EXPECT_EQ(out, std::string(kWant, sizeof(kWant) - 1));
}

}  // namespace
}  // namespace ringkv::aof
