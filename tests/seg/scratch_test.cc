// PrepareText (src/seg/scratch.cc): the text decoded once per call, repaired when it is not UTF-8.
#include "seg/scratch.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace kwx::internal {
namespace {

// The current text's code points and offsets (the buffers themselves only grow).
std::u32string Cps(const PreparedText& ws) { return std::u32string(ws.cps.data(), ws.length); }
std::vector<std::uint32_t> Offsets(const PreparedText& ws) {
  return std::vector<std::uint32_t>(ws.offsets.begin(),
                                    ws.offsets.begin() + static_cast<std::ptrdiff_t>(ws.length + 1));
}

TEST(PrepareTextTest, ValidTextIsUsedInPlace) {
  PreparedText ws;
  std::string text = "中a𠀀";
  EXPECT_EQ(PrepareText(text, ws), 0u);
  EXPECT_EQ(ws.text.data(), text.data());  // no copy
  EXPECT_EQ(Cps(ws), (std::u32string{U'中', U'a', U'\U00020000'}));
  EXPECT_EQ(Offsets(ws), (std::vector<std::uint32_t>{0, 3, 4, 8}));
}

TEST(PrepareTextTest, InvalidTextIsRepaired) {
  // b'\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8'.decode('utf-8', 'replace') == '中\ufffd国\ufffd'
  PreparedText ws;
  EXPECT_EQ(PrepareText("\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8", ws), 2u);
  EXPECT_EQ(ws.text, "中\xef\xbf\xbd国\xef\xbf\xbd");
  EXPECT_EQ(Cps(ws), (std::u32string{U'中', 0xFFFD, U'国', 0xFFFD}));
  EXPECT_EQ(Offsets(ws), (std::vector<std::uint32_t>{0, 3, 6, 9, 12}));
  EXPECT_EQ(ws.replacements, 2u);
  // A valid text after that is again used in place.
  std::string ok = "ok";
  EXPECT_EQ(PrepareText(ok, ws), 0u);
  EXPECT_EQ(ws.text.data(), ok.data());
  EXPECT_EQ(Cps(ws), U"ok");
  EXPECT_EQ(ws.replacements, 0u);
}

}  // namespace
}  // namespace kwx::internal
