#include "util/utf8.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/text.h"

namespace kwx::internal {
namespace {

using namespace std::string_view_literals;

#define FFFD "\xef\xbf\xbd"

struct Utf8Case {
  std::string_view input;
  std::string_view repaired;  // bytes.decode('utf-8', 'replace').encode('utf-8')
  std::size_t replacements;
  long first_bad;  // -1 when the input is well-formed
};

// Hand-picked cases; every expected value was checked with /usr/bin/python3.
const Utf8Case kTrickyCases[] = {
    {""sv, ""sv, 0, -1},
    {"abc"sv, "abc"sv, 0, -1},
    {"\x00"sv, "\x00"sv, 0, -1},
    {"\xe4\xb8\xad\xe6\x96\x87"sv, "\xe4\xb8\xad\xe6\x96\x87"sv, 0, -1},
    {"\xe4\xb8"sv, FFFD ""sv, 1, 0},  // truncated valid prefix: one replacement
    {"\xf0\x80\x80"sv, FFFD FFFD FFFD ""sv, 3, 0},            // F0 needs 90..BF next
    {"\xed\xa0\x80"sv, FFFD FFFD FFFD ""sv, 3, 0},            // surrogate U+D800
    {"\xc0\xaf"sv, FFFD FFFD ""sv, 2, 0},                     // C0 is never valid
    {"\xf4\x90\x80\x80"sv, FFFD FFFD FFFD FFFD ""sv, 4, 0},   // above U+10FFFF
    {"\xff"sv, FFFD ""sv, 1, 0},
    {"a\xe4\xb8\xad" "b\xe4" "c"sv, "a\xe4\xb8\xad" "b" FFFD "c"sv, 1, 5},
    {"\xe0\x80\x80"sv, FFFD FFFD FFFD ""sv, 3, 0},            // overlong 3-byte
    {"\xe0\xa0"sv, FFFD ""sv, 1, 0},
    {"\xf0\x90\x80"sv, FFFD ""sv, 1, 0},
    {"\xf1\x80\x80\xe4\xb8\xad"sv, FFFD "\xe4\xb8\xad"sv, 1, 0},
    {"\xc2"sv, FFFD ""sv, 1, 0},
    {"\xc2\x41"sv, FFFD "A"sv, 1, 0},
    {"\x80\x80"sv, FFFD FFFD ""sv, 2, 0},
    {"\xed\x9f\xbf"sv, "\xed\x9f\xbf"sv, 0, -1},              // U+D7FF, last before surrogates
    {"\xee\x80\x80"sv, "\xee\x80\x80"sv, 0, -1},              // U+E000
    {"\xf4\x8f\xbf\xbf"sv, "\xf4\x8f\xbf\xbf"sv, 0, -1},      // U+10FFFF
    {"\xf5\x80\x80\x80"sv, FFFD FFFD FFFD FFFD ""sv, 4, 0},
    {"\xe1\x80\xc0"sv, FFFD FFFD ""sv, 2, 0},
    {"12345678\xff" "12345678"sv, "12345678" FFFD "12345678"sv, 1, 8},
    {"0123456789abcdef\xe4\xb8"sv, "0123456789abcdef" FFFD ""sv, 1, 16},
    {"\xef\xbf\xbd"sv, "\xef\xbf\xbd"sv, 0, -1},  // a real U+FFFD is well-formed
};

// Random byte strings and Python's verdicts, from gen_utf8_cases.py.
const Utf8Case kGeneratedCases[] = {
#include "utf8_cases.inc"
};

void CheckCase(const Utf8Case& c) {
  SCOPED_TRACE(testing::PrintToString(std::string(c.input)));
  std::string out = "stale contents that must be overwritten";
  EXPECT_EQ(RepairUtf8(c.input, &out), c.replacements);
  EXPECT_EQ(out, c.repaired);

  std::size_t first_bad = 12345;
  EXPECT_EQ(IsValidUtf8(c.input, &first_bad), c.first_bad < 0);
  if (c.first_bad >= 0) {
    EXPECT_EQ(first_bad, static_cast<std::size_t>(c.first_bad));
  }
  EXPECT_EQ(IsValidUtf8(c.input), c.first_bad < 0);
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Utf8Test, TrickyCasesMatchPython) {
  for (const Utf8Case& c : kTrickyCases) CheckCase(c);
}

TEST(Utf8Test, GeneratedCasesMatchPython) {
  ASSERT_GT(std::size(kGeneratedCases), 500u);
  for (const Utf8Case& c : kGeneratedCases) CheckCase(c);
}

TEST(Utf8Test, DecodeRoundTripsGeneratedCases) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  for (const Utf8Case& c : kGeneratedCases) {
    SCOPED_TRACE(testing::PrintToString(std::string(c.input)));
    DecodeUtf8(c.repaired, &cps, &offsets);
    ASSERT_EQ(cps.size(), CountCodePoints(c.repaired));
    ASSERT_EQ(offsets.size(), cps.size() + 1);
    EXPECT_EQ(offsets.back(), c.repaired.size());
    std::string reencoded;
    for (std::size_t i = 0; i < cps.size(); ++i) {
      // Each code point's bytes are exactly the slice its offsets delimit.
      std::string one;
      AppendUtf8(cps[i], &one);
      EXPECT_EQ(one, c.repaired.substr(offsets[i], offsets[i + 1] - offsets[i]));
      reencoded += one;
    }
    EXPECT_EQ(reencoded, c.repaired);
  }
}

TEST(Utf8Test, DecodeOfIllFormedInputStaysInBounds) {
  // The contract says "valid input only"; this checks the fallback is memory-safe (run under ASan).
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  for (const Utf8Case& c : kGeneratedCases) {
    DecodeUtf8(c.input, &cps, &offsets);
    EXPECT_EQ(offsets.size(), cps.size() + 1);
    EXPECT_LE(cps.size(), c.input.size());
  }
  for (std::string_view bad : {"\xe4"sv, "\x80\x80\x80\x80\x80\x80\x80\x80\x80"sv,
                               "\xf0\x90"sv, "abcdefgh\xf0"sv, "\xe4\xb8\xe4\xb8\xe4\xb8"sv}) {
    DecodeUtf8(bad, &cps, &offsets);
    EXPECT_EQ(offsets.size(), cps.size() + 1);
  }
}

TEST(Utf8Test, DecodeEmpty) {
  std::vector<char32_t> cps = {1, 2, 3};
  std::vector<std::uint32_t> offsets = {7, 8};
  DecodeUtf8("", &cps, &offsets);
  EXPECT_TRUE(cps.empty());
  EXPECT_EQ(offsets, std::vector<std::uint32_t>{0});
}

TEST(Utf8Test, DecodeMixedWithOffsets) {
  // ASCII long enough for the 8-byte path, then 2-, 3- and 4-byte sequences, then ASCII again.
  const std::string text = "abcdefghij\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80xyz";
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  DecodeUtf8(text, &cps, &offsets);
  const std::vector<char32_t> want_cps = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j',
                                          0xE9, 0x4E2D, 0x1F600, 'x', 'y', 'z'};
  const std::vector<std::uint32_t> want_offsets = {0, 1, 2,  3,  4,  5,  6,  7,  8,
                                                   9, 10, 12, 15, 19, 20, 21, 22};
  EXPECT_EQ(cps, want_cps);
  EXPECT_EQ(offsets, want_offsets);

  // Without offsets, and reusing the (now larger) vector.
  cps.assign(100, 'q');
  DecodeUtf8(text, &cps, nullptr);
  EXPECT_EQ(cps, want_cps);
}

TEST(Utf8Test, DecodeLongAsciiAtEveryAlignment) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  for (std::size_t len = 0; len < 40; ++len) {
    for (std::size_t at = 0; at <= len; ++at) {
      // An ASCII string with one CJK character inserted at every position.
      std::string text(len, 'a');
      text.insert(at, "\xe4\xb8\xad");
      DecodeUtf8(text, &cps, &offsets);
      ASSERT_EQ(cps.size(), len + 1);
      ASSERT_EQ(offsets.size(), len + 2);
      for (std::size_t i = 0; i <= len; ++i) {
        EXPECT_EQ(cps[i], i == at ? char32_t{0x4E2D} : char32_t{'a'});
        EXPECT_EQ(offsets[i], i <= at ? i : i + 2);
      }
      EXPECT_EQ(offsets.back(), text.size());
      EXPECT_EQ(CountCodePoints(text), len + 1);
    }
  }
}

TEST(Utf8Test, EveryScalarValueRoundTrips) {
  std::string all;
  std::vector<char32_t> want;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    AppendUtf8(cp, &all);
    want.push_back(cp);
  }
  ASSERT_TRUE(IsValidUtf8(all));
  std::string repaired;
  EXPECT_EQ(RepairUtf8(all, &repaired), 0u);
  EXPECT_EQ(repaired, all);
  EXPECT_EQ(CountCodePoints(all), want.size());
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  DecodeUtf8(all, &cps, &offsets);
  EXPECT_EQ(cps, want);
  EXPECT_EQ(offsets.back(), all.size());
}

TEST(Utf8Test, AppendUtf8Boundaries) {
  struct {
    char32_t cp;
    std::string_view bytes;
  } const cases[] = {
      {0x0, "\x00"sv},
      {0x7F, "\x7f"sv},
      {0x80, "\xc2\x80"sv},
      {0x7FF, "\xdf\xbf"sv},
      {0x800, "\xe0\xa0\x80"sv},
      {0xD7FF, "\xed\x9f\xbf"sv},
      {0xD800, FFFD ""sv},  // surrogates are not scalar values
      {0xDFFF, FFFD ""sv},
      {0xE000, "\xee\x80\x80"sv},
      {0xFFFF, "\xef\xbf\xbf"sv},
      {0x10000, "\xf0\x90\x80\x80"sv},
      {0x10FFFF, "\xf4\x8f\xbf\xbf"sv},
      {0x110000, FFFD ""sv},
      {0xFFFFFFFF, FFFD ""sv},
  };
  for (const auto& c : cases) {
    std::string out = "x";
    AppendUtf8(c.cp, &out);
    EXPECT_EQ(out, "x" + std::string(c.bytes)) << static_cast<std::uint32_t>(c.cp);
  }
}

TEST(Utf8Test, CountCodePoints) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("a"), 1u);
  EXPECT_EQ(CountCodePoints("\xe4\xb8\xad\xe6\x96\x87"), 2u);
  EXPECT_EQ(CountCodePoints("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xc3\xa9z"), 4u);
}

TEST(Utf8Test, FirstBadIsUntouchedWhenValid) {
  std::size_t first_bad = 99;
  EXPECT_TRUE(IsValidUtf8("\xe4\xb8\xad", &first_bad));
  EXPECT_EQ(first_bad, 99u);
}

}  // namespace
}  // namespace kwx::internal
