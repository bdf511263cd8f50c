// FileRun (src/batch/file_run.cc): the CLI's and the Python module's run from a file into a file,
// whose output appears only when the run succeeded and was committed.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/batch.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

namespace fs = std::filesystem;

// "<n>:<line>\n" per line.
WorkerFactory Numbering() {
  return TaskWorkerFactory([](int) {
    LineTask task;
    task.process = [](std::string_view line, const DocumentId& id, Workspace&, std::string* out,
                      const OutputFlush&) {
      out->append(std::to_string(id.line)).append(":").append(line).append("\n");
    };
    return task;
  });
}

TEST(FileRunTest, TheOutputAppearsAtCommit) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", "a\nb\r\nc");
  const std::string output = dir.path() + "/out.txt";
  auto run = FileRun::Open(input, output);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->input_name(), input);
  EXPECT_EQ(run->output_path(), output);
  BatchOptions options;
  options.jobs = 2;
  auto result = run->Run(Numbering(), options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->lines, 3u);
  EXPECT_FALSE(fs::exists(output));  // not before the commit
  ASSERT_TRUE(run->Commit().ok());
  EXPECT_EQ(test::ReadFile(output), "1:a\n2:b\n3:c\n");
  EXPECT_EQ(test::DirEntries(dir.path()), (std::vector<std::string>{"in.txt", "out.txt"}));
}

TEST(FileRunTest, AFailedRunLeavesThePreviousOutputAndNoTemporaryFile) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", "ok\n\xff bad\n");
  const std::string output = dir.Write("out.txt", "previous\n");
  {
    auto run = FileRun::Open(input, output);
    ASSERT_TRUE(run.ok());
    BatchOptions options;
    options.strict_utf8 = true;
    auto result = run->Run(Numbering(), options);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidUtf8);
    EXPECT_NE(result.status().message().find(input), std::string::npos);
  }
  EXPECT_EQ(test::ReadFile(output), "previous\n");
  EXPECT_EQ(test::DirEntries(dir.path()), (std::vector<std::string>{"in.txt", "out.txt"}));
}

TEST(FileRunTest, WithoutACommitNothingIsWritten) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", "a\n");
  const std::string output = dir.path() + "/out.txt";
  {
    auto run = FileRun::Open(input, output);
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(run->Run(Numbering(), BatchOptions()).ok());
    FileRun moved = std::move(run.value());  // the temporary file moves with it
  }
  EXPECT_FALSE(fs::exists(output));
  EXPECT_EQ(test::DirEntries(dir.path()), (std::vector<std::string>{"in.txt"}));
}

TEST(FileRunTest, BadPathsFailAtOpenAndNameThePath) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", "a\n");
  auto missing = FileRun::Open(dir.path() + "/absent.txt", dir.path() + "/out.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("absent.txt"), std::string::npos);
  auto no_dir = FileRun::Open(input, dir.path() + "/no/such/dir/out.txt");
  ASSERT_FALSE(no_dir.ok());
  EXPECT_NE(no_dir.status().message().find("no/such/dir"), std::string::npos)
      << no_dir.status().message();
  auto to_dir = FileRun::Open(input, dir.path());
  ASSERT_FALSE(to_dir.ok());
  EXPECT_EQ(test::DirEntries(dir.path()), (std::vector<std::string>{"in.txt"}));
}

TEST(FileRunTest, StdinAndStdoutHaveNames) {
  auto run = FileRun::Open("-", "-");
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->input_name(), "<stdin>");
  EXPECT_EQ(run->output_path(), "<stdout>");
}

}  // namespace
}  // namespace kwx
