// PrepareLine / NextWindow (src/seg/scratch.cc): the line repaired when it is not UTF-8, then
// decoded a window of whole runs at a time.
#include "seg/scratch.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "util/char_class.h"
#include "util/utf8.h"

namespace kwx::internal {
namespace {

// The current text's code points and offsets (the buffers themselves only grow).
std::u32string Cps(const PreparedText& ws) { return std::u32string(ws.cps.data(), ws.length); }
std::vector<std::uint32_t> Offsets(const PreparedText& ws) {
  return std::vector<std::uint32_t>(ws.offsets.begin(),
                                    ws.offsets.begin() + static_cast<std::ptrdiff_t>(ws.length + 1));
}

// One window: the line prepared and decoded, as it was before windows.
std::size_t PrepareOne(std::string_view text, PreparedText& ws) {
  PrepareLine(text, ws);
  EXPECT_TRUE(NextWindow(ws) || text.empty());
  EXPECT_FALSE(NextWindow(ws));
  return ws.replacements;
}

TEST(PrepareTextTest, ValidTextIsUsedInPlace) {
  PreparedText ws;
  std::string text = "中a𠀀";
  PrepareLine(text, ws);
  ASSERT_TRUE(NextWindow(ws));
  EXPECT_EQ(ws.replacements, 0u);
  EXPECT_EQ(ws.text.data(), text.data());  // no copy
  EXPECT_EQ(Cps(ws), (std::u32string{U'中', U'a', U'\U00020000'}));
  EXPECT_EQ(Offsets(ws), (std::vector<std::uint32_t>{0, 3, 4, 8}));
  EXPECT_FALSE(NextWindow(ws));
}

TEST(PrepareTextTest, InvalidTextIsRepaired) {
  // b'\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8'.decode('utf-8', 'replace') == '中\ufffd国\ufffd'
  PreparedText ws;
  PrepareLine("\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8", ws);
  ASSERT_TRUE(NextWindow(ws));
  EXPECT_EQ(ws.replacements, 2u);
  EXPECT_EQ(ws.text, "中\xef\xbf\xbd国\xef\xbf\xbd");
  EXPECT_EQ(Cps(ws), (std::u32string{U'中', 0xFFFD, U'国', 0xFFFD}));
  EXPECT_EQ(Offsets(ws), (std::vector<std::uint32_t>{0, 3, 6, 9, 12}));
  // A valid text after that is again used in place.
  std::string ok = "ok";
  EXPECT_EQ(PrepareOne(ok, ws), 0u);
  EXPECT_EQ(ws.text.data(), ok.data());
  EXPECT_EQ(Cps(ws), U"ok");
  EXPECT_EQ(PrepareOne("", ws), 0u);
}

// Windows cover the line in order, each at least window_bytes long (or the rest), each ending
// at a change between block and non-block characters, whatever the characters' lengths; code
// point positions add up. A line longer than a window is checked (and repaired) first.
TEST(PrepareTextTest, WindowsAreRunsOfWholeCharacters) {
  std::string line;
  for (int i = 0; i < 200; ++i) {
    line += i % 3 == 0 ? "中国人民" : i % 3 == 1 ? "，  𠀀\r\n" : "abc+#&._%-12";
  }
  line += "\xff";  // invalid at the very end: repaired before any window
  for (std::size_t window : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{1000}}) {
    SCOPED_TRACE(window);
    PreparedText ws;
    ws.window_bytes = window;
    PrepareLine(line, ws);
    EXPECT_EQ(ws.replacements, 1u);
    std::u32string all;
    std::size_t bytes = 0, windows = 0;
    while (NextWindow(ws)) {
      ++windows;
      EXPECT_EQ(ws.byte_begin, bytes);
      EXPECT_EQ(ws.cp_begin, all.size());
      ASSERT_GT(ws.length, 0u);
      const std::u32string cps = Cps(ws);
      all += cps;
      bytes += ws.text.size();
      EXPECT_EQ(ws.offsets[ws.length], ws.text.size());
      if (bytes < ws.line.size()) {
        EXPECT_GE(ws.text.size(), window);
        // The next character starts another run.
        std::vector<char32_t> next_cps;
        std::vector<std::uint32_t> next_offsets;
        DecodeUtf8(ws.line.substr(bytes), &next_cps, &next_offsets);
        EXPECT_NE(IsBlockChar(cps.back()), IsBlockChar(next_cps.front()));
      }
    }
    EXPECT_EQ(bytes, ws.line.size());
    std::vector<char32_t> want;
    std::vector<std::uint32_t> offsets;
    DecodeUtf8(ws.line, &want, &offsets);
    EXPECT_EQ(all, std::u32string(want.begin(), want.end()));
    if (window < 64) {
      EXPECT_GT(windows, 50u);
    }
  }
}

}  // namespace
}  // namespace kwx::internal
