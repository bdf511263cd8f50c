// OutputFile (src/util/output_file.cc): nothing under the target's name until Commit(), an
// existing file replaced atomically, symbolic links followed, nothing left after Abort.
#include "util/output_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testdata/test_support.h"

namespace kwx::internal {
namespace {

namespace fs = std::filesystem;


TEST(OutputFileTest, NothingIsVisibleBeforeTheCommit) {
  test::TempDir dir;
  const std::string path = dir.path() + "/out.txt";
  auto out = OutputFile::Open(path);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_TRUE(out->Write("hello ").ok());
  ASSERT_TRUE(out->Write(std::string(1 << 17, 'x')).ok());  // written through, not buffered
  EXPECT_TRUE(test::DirEntries(dir.path()).empty());  // not even a temporary name (O_TMPFILE)
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_EQ(test::DirEntries(dir.path()), std::vector<std::string>{"out.txt"});
  EXPECT_EQ(test::ReadFile(path), "hello " + std::string(1 << 17, 'x'));
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0644u & ~mask);
}

TEST(OutputFileTest, AnExistingFileIsReplacedOnlyAtTheCommit) {
  test::TempDir dir;
  const std::string path = dir.Write("out.txt", "old\n");
  {
    auto out = OutputFile::Open(path);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE(out->Write("new\n").ok());
    EXPECT_EQ(test::ReadFile(path), "old\n");
  }  // destroyed without a commit
  EXPECT_EQ(test::ReadFile(path), "old\n");
  EXPECT_EQ(test::DirEntries(dir.path()), std::vector<std::string>{"out.txt"});
  auto out = OutputFile::Open(path);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->Write("new\n").ok());
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_EQ(test::ReadFile(path), "new\n");
  EXPECT_EQ(test::DirEntries(dir.path()), std::vector<std::string>{"out.txt"});
}

TEST(OutputFileTest, SymbolicLinksAreFollowed) {
  test::TempDir dir;
  fs::create_directory(dir.path() + "/real");
  const std::string target = dir.Write("real/out.txt", "old\n");
  ASSERT_EQ(::symlink("real/out.txt", (dir.path() + "/link.txt").c_str()), 0);
  ASSERT_EQ(::symlink("link.txt", (dir.path() + "/link2.txt").c_str()), 0);  // a chain
  auto out = OutputFile::Open(dir.path() + "/link2.txt");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->path(), dir.path() + "/link2.txt");
  ASSERT_TRUE(out->Write("new\n").ok());
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/link.txt"));
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/link2.txt"));
  EXPECT_EQ(test::ReadFile(target), "new\n");
  // A link loop cannot be written, and says so.
  ASSERT_EQ(::symlink("loop2", (dir.path() + "/loop1").c_str()), 0);
  ASSERT_EQ(::symlink("loop1", (dir.path() + "/loop2").c_str()), 0);
  auto loop = OutputFile::Open(dir.path() + "/loop1");
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.status().message().find("symbolic links"), std::string::npos)
      << loop.status().message();
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/loop1"));
}

TEST(OutputFileTest, DevicesAreWrittenInPlaceAndErrorsStick) {
  auto null = OutputFile::Open("/dev/null");
  ASSERT_TRUE(null.ok());
  ASSERT_TRUE(null->Write("x").ok());
  EXPECT_TRUE(null->Commit().ok());
  if (fs::exists("/dev/full")) {
    auto full = OutputFile::Open("/dev/full");
    ASSERT_TRUE(full.ok());
    Status s = full->Write(std::string(1 << 17, 'x'));
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find("/dev/full"), std::string::npos);
    EXPECT_FALSE(full->Commit().ok());
  }
}

TEST(OutputFileTest, BadDirectoriesAreNamed) {
  test::TempDir dir;
  auto missing = OutputFile::Open(dir.path() + "/no/such/out.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(dir.path() + "/no/such"), std::string::npos)
      << missing.status().message();
  auto is_dir = OutputFile::Open(dir.path());
  ASSERT_FALSE(is_dir.ok());
  EXPECT_NE(is_dir.status().message().find("Is a directory"), std::string::npos);
}

}  // namespace
}  // namespace kwx::internal
