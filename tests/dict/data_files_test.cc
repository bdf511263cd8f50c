// DataFiles::Resolve (src/dict/data_files.cc): where the default data is looked for.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "kwx/dictionary.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

// Sets or clears KWX_DATA_DIR for the scope of one test.
class ScopedDataDirEnv {
 public:
  explicit ScopedDataDirEnv(const char* value) {
    if (const char* old = std::getenv("KWX_DATA_DIR")) {
      old_ = old;
      had_ = true;
    }
    if (value) {
      ::setenv("KWX_DATA_DIR", value, 1);
    } else {
      ::unsetenv("KWX_DATA_DIR");
    }
  }
  ~ScopedDataDirEnv() {
    if (had_) {
      ::setenv("KWX_DATA_DIR", old_.c_str(), 1);
    } else {
      ::unsetenv("KWX_DATA_DIR");
    }
  }

 private:
  std::string old_;
  bool had_ = false;
};

bool SameDir(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec);
}

TEST(DataFilesTest, ExplicitFilesAreKeptAsTheyAre) {
  DataFiles f;
  f.dict = "/nowhere/d.txt";
  f.hmm_model = "/nowhere/h.utf8";
  f.idf = "/nowhere/i.txt";
  auto r = f.Resolve();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->dict, "/nowhere/d.txt");
  EXPECT_EQ(r->hmm_model, "/nowhere/h.utf8");
  EXPECT_EQ(r->idf, "/nowhere/i.txt");
  EXPECT_EQ(r->pos_model, "");  // not asked for, and no data directory is needed
}

TEST(DataFilesTest, DataDirFillsTheEmptyFields) {
  test::TempDir dir;
  DataFiles f;
  f.data_dir = dir.path();
  f.idf = "/my/idf.txt";
  auto r = f.Resolve();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->data_dir, dir.path());
  EXPECT_EQ(r->dict, dir.path() + "/dict.txt");
  EXPECT_EQ(r->hmm_model, dir.path() + "/hmm_model.utf8");
  EXPECT_EQ(r->idf, "/my/idf.txt");
  EXPECT_EQ(r->pos_model, dir.path() + "/pos_hmm.utf8");
}

// kwx.dict is picked up from the data directory, unless a text file there is newer (it was
// edited after compiling, and the compiled file would silently give the old results).
TEST(DataFilesTest, CompiledFileUnlessATextFileIsNewer) {
  test::TempDir dir;
  std::string compiled = dir.Write("kwx.dict", "x");
  std::string dict = dir.Write("dict.txt", "a 1\n");
  auto set_mtime = [](const std::string& path, std::time_t t) {
    std::filesystem::last_write_time(
        path, std::filesystem::file_time_type::clock::now() +
                  std::chrono::seconds(t - std::time(nullptr)));
  };
  std::time_t now = std::time(nullptr);
  set_mtime(dict, now - 100);
  set_mtime(compiled, now - 50);
  DataFiles f;
  f.data_dir = dir.path();
  auto r = f.Resolve();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->compiled, compiled);

  std::string pos = dir.Write("pos_hmm.utf8", "x");
  set_mtime(pos, now - 60);
  r = f.Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->compiled, compiled);
  set_mtime(pos, now - 20);  // the POS tables changed after compiling
  r = f.Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->compiled, "");
  set_mtime(pos, now - 60);

  set_mtime(dict, now - 10);  // dict.txt edited after compiling
  r = f.Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->compiled, "");

  test::TempDir empty;
  f.data_dir = empty.path();
  r = f.Resolve();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->compiled, "");  // no kwx.dict at all
}

TEST(DataFilesTest, MissingDataDirIsNamed) {
  test::TempDir dir;
  DataFiles f;
  f.data_dir = dir.path() + "/absent";
  auto r = f.Resolve();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(f.data_dir), std::string::npos) << r.status().message();
}

TEST(DataFilesTest, EnvironmentVariableComesFirst) {
  test::TempDir dir;
  ScopedDataDirEnv env(dir.path().c_str());
  auto r = DataFiles{}.Resolve();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->data_dir, dir.path());
  EXPECT_EQ(r->dict, dir.path() + "/dict.txt");
}

TEST(DataFilesTest, FallsBackToShareNextToTheBinary) {
  // The test binaries live in <build>/bin, the data in <build>/share/kwx.
  test::TempDir dir;
  ScopedDataDirEnv env((dir.path() + "/absent").c_str());  // a bad value is skipped
  auto r = DataFiles{}.Resolve();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(SameDir(r->data_dir, KWX_TEST_DATA_DIR)) << r->data_dir;
  EXPECT_TRUE(SameDir(r->dict, test::DataPath("dict.txt"))) << r->dict;
}

}  // namespace
}  // namespace kwx
