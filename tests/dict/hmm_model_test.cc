#include "dict/hmm_model.h"

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "testdata/test_support.h"

namespace kwx::internal {
namespace {

constexpr char kTinyModel[] =
    "# a comment line\n"
    "-0.1 -3.14e+100 -3.14e+100 -2.5\n"
    "\n"
    "# transitions, from B E M S\n"
    "-3.14e+100 -0.5 -0.9 -3.14e+100\n"
    "-0.6 -3.14e+100 -3.14e+100 -0.8\n"
    "-3.14e+100 -0.3 -1.25 -3.14e+100\n"
    "-0.7 -3.14e+100 -3.14e+100 -0.625\n"
    "中:-1.5,国:-2.5\n"                 // B
    "中:-3,国:-1e-3\n"                  // E
    "国:-4.0\n"                         // M
    "中:-5.0,国:-6.0,a:-1.0,∶:-7.5\n";  // S, with two non-Han characters

StatusOr<HmmModel> Parse(std::string_view text) { return HmmModel::Parse(text, "test.hmm"); }

void ExpectError(std::string_view text, int line, std::string_view detail) {
  SCOPED_TRACE(testing::Message() << "input: " << testing::PrintToString(std::string(text)));
  auto r = Parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find("test.hmm"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line " + std::to_string(line)), std::string::npos) << msg;
  EXPECT_NE(msg.find(detail), std::string::npos) << msg;
}

TEST(HmmModelTest, ParsesTinyModel) {
  auto r = Parse(kTinyModel);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const HmmModel& m = *r;
  EXPECT_EQ(m.start[kB], -0.1);
  EXPECT_EQ(m.start[kE], -3.14e100);
  EXPECT_EQ(m.start[kM], -3.14e100);
  EXPECT_EQ(m.start[kS], -2.5);
  EXPECT_EQ(m.trans[kB][kE], -0.5);
  EXPECT_EQ(m.trans[kB][kM], -0.9);
  EXPECT_EQ(m.trans[kE][kB], -0.6);
  EXPECT_EQ(m.trans[kM][kM], -1.25);
  EXPECT_EQ(m.trans[kS][kS], -0.625);
  EXPECT_EQ(m.trans[kS][kE], -3.14e100);
  const auto& zhong = m.Emit(U'中');
  EXPECT_EQ(zhong[kB], -1.5);
  EXPECT_EQ(zhong[kE], -3.0);
  EXPECT_EQ(zhong[kM], kMinFloat);  // not in the M line
  EXPECT_EQ(zhong[kS], -5.0);
  const auto& guo = m.Emit(U'国');
  EXPECT_EQ(guo[kB], -2.5);
  EXPECT_EQ(guo[kE], -1e-3);
  EXPECT_EQ(guo[kM], -4.0);
  EXPECT_EQ(guo[kS], -6.0);
}

TEST(HmmModelTest, MissingEmissionIsMinFloat) {
  // jieba: emit_p[y].get(c, MIN_FLOAT) with MIN_FLOAT = -3.14e100.
  EXPECT_EQ(kMinFloat, -3.14e100);
  auto r = Parse(kTinyModel);
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (char32_t c : {U'\u4E00', U'人', U'\u9FD5'}) {
    for (int s = 0; s < kHmmStates; ++s) EXPECT_EQ(r->Emit(c)[static_cast<std::size_t>(s)], -3.14e100);
  }
}

TEST(HmmModelTest, CrLfAndTrailingBlanksAreAccepted) {
  std::string text;
  std::istringstream in(kTinyModel);
  for (std::string line; std::getline(in, line);) text += line + " \t\r\n";
  auto r = Parse(text);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->start[kS], -2.5);
  EXPECT_EQ(r->Emit(U'国')[kS], -6.0);
}

TEST(HmmModelTest, TooFewLines) {
  ExpectError("", 1, "unexpected end of file");
  ExpectError("-1 -2 -3 -4\n-1 -2 -3 -4\n", 3, "unexpected end of file");
  std::string eight_rows;
  for (int i = 0; i < 5; ++i) eight_rows += "-1 -2 -3 -4\n";
  eight_rows += "中:-1\n中:-1\n中:-1\n";
  ExpectError(eight_rows, 9, "unexpected end of file");
}

TEST(HmmModelTest, BadNumbers) {
  ExpectError("-1 -2 -3\n", 1, "expected 4 numbers");
  ExpectError("-1 -2 -3 -4 -5\n", 1, "expected 4 numbers");
  ExpectError("-1 -2 x -4\n", 1, "not a number: 'x'");
  ExpectError("# c\n-1 -2 -3 -4\n-1 -2 -3 1e999\n", 3, "not a number");  // overflow
  ExpectError("-1 -2 -3 -4\n-1 -2  -4\n", 2, "not a number: ''");  // empty field
  ExpectError("-1 -2 -3 -4\n-1 -2 -3 -4z\n", 2, "not a number");
}

TEST(HmmModelTest, BadEmissionEntries) {
  std::string head;
  for (int i = 0; i < 5; ++i) head += "-1 -2 -3 -4\n";
  ExpectError(head + "中-1.5\n", 6, "bad emission entry");          // no colon
  ExpectError(head + "中:-1,国\n", 6, "bad emission entry '国'");
  ExpectError(head + "中国:-1\n", 6, "bad emission entry");         // two characters
  ExpectError(head + ":-1\n", 6, "bad emission entry");             // no character
  ExpectError(head + "中:x\n", 6, "bad emission entry");
  ExpectError(head + "中:-1,,国:-2\n", 6, "bad emission entry");    // empty item
  ExpectError(head + "中:-1\n中:\n", 7, "bad emission entry");      // no number
  ExpectError(head + "\xff:-1\n", 6, "bad emission entry");         // not UTF-8
}

TEST(HmmModelTest, DefaultModelMatchesJieba) {
  // Values of jieba.finalseg's start_P, trans_P and emit_P (repr from /usr/bin/python3).
  std::ifstream in(test::DataPath("hmm_model.utf8"), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  auto r = HmmModel::Parse(text, "hmm_model.utf8");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const HmmModel& m = *r;
  EXPECT_EQ(m.start[kB], -0.26268660809250016);
  EXPECT_EQ(m.start[kE], -3.14e+100);
  EXPECT_EQ(m.start[kM], -3.14e+100);
  EXPECT_EQ(m.start[kS], -1.4652633398537678);
  EXPECT_EQ(m.trans[kB][kE], -0.51082562376599);
  EXPECT_EQ(m.trans[kB][kM], -0.916290731874155);
  EXPECT_EQ(m.trans[kE][kB], -0.5897149736854513);
  EXPECT_EQ(m.trans[kE][kS], -0.8085250474669937);
  EXPECT_EQ(m.trans[kM][kE], -0.33344856811948514);
  EXPECT_EQ(m.trans[kM][kM], -1.2603623820268226);
  EXPECT_EQ(m.trans[kS][kB], -0.7211965654669841);
  EXPECT_EQ(m.trans[kS][kS], -0.6658631448798212);
  EXPECT_EQ(m.trans[kB][kB], kMinFloat);  // missing transitions
  EXPECT_EQ(m.trans[kS][kM], kMinFloat);
  EXPECT_EQ(m.Emit(U'一')[kB], -3.6544978750449433);
  EXPECT_EQ(m.Emit(U'中')[kB], -4.596743315282086);
  EXPECT_EQ(m.Emit(U'中')[kE], -5.476938898829366);
  EXPECT_EQ(m.Emit(U'中')[kM], -5.253194167156688);
  EXPECT_EQ(m.Emit(U'中')[kS], -4.81355762044073);
  // U+4E20 is only in the S table; U+9FD5 is in none.
  EXPECT_EQ(m.Emit(U'\u4E20')[kS], -17.21516004225117);
  EXPECT_EQ(m.Emit(U'\u4E20')[kB], kMinFloat);
  for (int s = 0; s < kHmmStates; ++s) EXPECT_EQ(m.Emit(U'\u9FD5')[static_cast<std::size_t>(s)], kMinFloat);
}

}  // namespace
}  // namespace kwx::internal
