// Status and StatusOr (include/kwx/status.h): a value or an error, and a defined failure when the
// value of an error is read.
#include "kwx/status.h"

#include <memory>
#include <string>
#include <type_traits>

#include "gtest/gtest.h"

namespace kwx {
namespace {

TEST(StatusTest, OkAndError) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s(StatusCode::kNotFound, "no such file 'x'");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no such file 'x'");
}

TEST(StatusOrTest, HoldsAValue) {
  StatusOr<std::string> v = std::string("kwx");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "kwx");
  EXPECT_EQ(v->size(), 3u);
  EXPECT_EQ(std::move(v).value(), "kwx");
  StatusOr<std::unique_ptr<int>> move_only = std::make_unique<int>(7);
  EXPECT_EQ(*std::move(move_only).value(), 7);
}

TEST(StatusOrTest, ReadingTheValueOfAnErrorThrows) {
  StatusOr<int> e = Status(StatusCode::kDataError, "bad line 3");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kDataError);
  EXPECT_THROW((void)e.value(), BadStatusOrAccess);
  EXPECT_THROW((void)*e, BadStatusOrAccess);
  const StatusOr<std::string> c = Status(StatusCode::kIoError, "disk");
  EXPECT_THROW((void)c->size(), BadStatusOrAccess);
  try {
    (void)std::move(e).value();
    FAIL() << "no exception";
  } catch (const BadStatusOrAccess& x) {
    EXPECT_EQ(x.status().message(), "bad line 3");
    EXPECT_NE(std::string(x.what()).find("bad line 3"), std::string::npos);
  }
}

TEST(StatusOrTest, AnOkStatusWithoutAValueIsAnError) {
  StatusOr<int> e = Status::Ok();
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInternal);
}

// Both are [[nodiscard]]: ignoring one is a compiler warning (checked by the build's -Wall, not
// here); what can be checked here is that they stay cheap value types.
static_assert(std::is_nothrow_move_constructible_v<Status>);
static_assert(std::is_copy_constructible_v<StatusOr<int>>);

}  // namespace
}  // namespace kwx
