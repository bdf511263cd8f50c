#include "util/json.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace kwx::internal {
namespace {

using namespace std::string_view_literals;

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

// Expected values are json.dumps(s, ensure_ascii=False) from /usr/bin/python3.
TEST(JsonTest, MatchesPython) {
  EXPECT_EQ(Json(""), R"("")");
  EXPECT_EQ(Json("abc"), R"("abc")");
  EXPECT_EQ(Json("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Json("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(Json("\x00\x01\x0b\x1f"sv), R"("\u0000\u0001\u000b\u001f")");
  EXPECT_EQ(Json("\x7f"), "\"\x7f\"");                               // DEL is left raw
  EXPECT_EQ(Json("\xe2\x80\xa8\xe2\x80\xa9"), "\"\xe2\x80\xa8\xe2\x80\xa9\"");  // U+2028/9 raw
  EXPECT_EQ(Json("\xe4\xb8\xad\xe6\x96\x87 \"\xe5\xbc\x95\xe5\x8f\xb7\""),
            "\"\xe4\xb8\xad\xe6\x96\x87 \\\"\xe5\xbc\x95\xe5\x8f\xb7\\\"\"");
  EXPECT_EQ(Json("/"), R"("/")");  // Python does not escape the solidus
  EXPECT_EQ(Json("\xed\x9f\xbf\xf4\x8f\xbf\xbf"), "\"\xed\x9f\xbf\xf4\x8f\xbf\xbf\"");
}

TEST(JsonTest, EveryControlCharacter) {
  const char* const kExpected[32] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  for (int c = 0; c < 32; ++c) {
    // Surround with text so the run-copying around an escape is exercised too.
    const std::string in = "ab" + std::string(1, static_cast<char>(c)) + "cd";
    EXPECT_EQ(Json(in), "\"ab" + std::string(kExpected[c]) + "cd\"") << c;
  }
  // Everything from 0x20 up, except '"' and '\', is copied unchanged.
  for (int c = 0x20; c < 0x100; ++c) {
    if (c == '"' || c == '\\') continue;
    const std::string in(1, static_cast<char>(c));
    EXPECT_EQ(Json(in), "\"" + in + "\"") << c;
  }
}

TEST(JsonTest, AppendsToExistingContent) {
  std::string out = "[";
  AppendJsonString("a", &out);
  out += ", ";
  AppendJsonString("b\n", &out);
  out += "]";
  EXPECT_EQ(out, R"(["a", "b\n"])");
}

TEST(JsonTest, LongRunsAndEscapesAtEdges) {
  const std::string run(1000, 'x');
  EXPECT_EQ(Json("\"" + run + "\""), "\"\\\"" + run + "\\\"\"");
  EXPECT_EQ(Json(run + "\t"), "\"" + run + "\\t\"");
  EXPECT_EQ(Json("\\\\"), R"("\\\\")");
}

}  // namespace
}  // namespace kwx::internal
