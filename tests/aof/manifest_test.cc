#include "aof/manifest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ringkv::aof {
namespace {

TEST(ManifestTest, ParsesRedisManifest) {
  // As written by redis-server 7.0 (see ../shared/fixtures/redis-7.0.15/aof-*/).
  Manifest m;
  std::string err;
  ASSERT_TRUE(Manifest::Parse("file appendonly.aof.2.base.rdb seq 2 type b\n"
                              "file appendonly.aof.1.incr.aof seq 1 type h\n"
                              "file appendonly.aof.2.incr.aof seq 2 type i\n"
                              "file appendonly.aof.3.incr.aof seq 3 type i\n",
                              &m, &err))
      << err;
  ASSERT_TRUE(m.has_base);
  EXPECT_EQ(m.base.name, "appendonly.aof.2.base.rdb");
  EXPECT_EQ(m.base.seq, 2);
  ASSERT_EQ(m.incrs.size(), 2u);
  EXPECT_EQ(m.incrs[1].name, "appendonly.aof.3.incr.aof");
  EXPECT_EQ(m.history.size(), 1u);
  EXPECT_EQ(m.CurrentIncrSeq(), 3);
}

TEST(ManifestTest, SerializeRoundTrips) {
  Manifest m;
  m.has_base = true;
  m.base = {"appendonly.aof.1.base.aof", 1, 'b'};
  m.incrs.push_back({"appendonly.aof.1.incr.aof", 1, 'i'});
  m.incrs.push_back({"odd name.aof", 2, 'i'});
  std::string text = m.Serialize();
  EXPECT_EQ(text.substr(0, 44), "file appendonly.aof.1.base.aof seq 1 type b\n");
  Manifest back;
  std::string err;
  ASSERT_TRUE(Manifest::Parse(text, &back, &err)) << err;
  EXPECT_EQ(back.Serialize(), text);
  EXPECT_EQ(back.incrs[1].name, "odd name.aof");
}

TEST(ManifestTest, RejectsMalformedLines) {
  Manifest m;
  std::string err;
  EXPECT_FALSE(Manifest::Parse("file a seq 1\n", &m, &err));
  EXPECT_NE(err.find("line 1"), std::string::npos) << err;
  EXPECT_FALSE(Manifest::Parse("file a seq x type i\n", &m, &err));
  EXPECT_FALSE(Manifest::Parse("file a seq 1 type z\n", &m, &err));
  EXPECT_FALSE(Manifest::Parse("file ../a seq 1 type i\n", &m, &err));
  EXPECT_FALSE(Manifest::Parse("file a seq 2 type i\nfile b seq 1 type i\n", &m, &err));
  EXPECT_FALSE(Manifest::Parse("# only a comment\n", &m, &err));
  EXPECT_FALSE(Manifest::Parse("file \"a seq 1 type i\n", &m, &err));
}

TEST(ManifestTest, WriteFileAtomicallyReplacesContent) {
  char tmpl[] = "/tmp/ringkv-manifest-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string dir = tmpl;
  std::string err;
  ASSERT_TRUE(WriteFileAtomically(dir, "m", "one", &err)) << err;
  ASSERT_TRUE(WriteFileAtomically(dir, "m", "two", &err)) << err;
  std::ifstream f(dir + "/m");
  std::stringstream ss;
  ss << f.rdbuf();
  EXPECT_EQ(ss.str(), "two");
  EXPECT_NE(access((dir + "/temp-m").c_str(), F_OK), 0);  // no temp file left behind
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace ringkv::aof
