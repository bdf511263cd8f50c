// posseg's cut over a prepared text (src/seg/pos_cut.cc), on a tiny dictionary and POS model
// that reach its corners: overlapping words from the decoder, tags from the dictionary (or
// "x"), posseg's own blocks, the non-Han pieces of __cut_detail, and the HMM=False "eng" merge.
#include "seg/pos_cut.h"

#include <string>
#include <utility>
#include <vector>

#include "access.h"
#include "dict/dictionary_data.h"
#include "gtest/gtest.h"
#include "kwx/dictionary_builder.h"
#include "seg/scratch.h"
#include "testdata/test_support.h"

namespace kwx::internal {
namespace {

using Tagged = std::vector<std::pair<std::string, std::string>>;

// Two states (B,n) and (E,n), E may follow E: 甲乙丙 (not words) decode as B E E, which
// posseg's __cut turns into two overlapping words, 甲乙 and 甲乙丙.
constexpr char kTinyPosModel[] =
    "state B n 0\n"
    "state E n -3.14e+100\n"
    "trans B n E n -0.1\n"
    "trans E n E n -0.1\n"
    "trans E n B n -5\n"
    "emit B n 甲:-0.1\n"
    "emit E n 乙:-0.1,丙:-0.1\n";

constexpr char kTinyDict[] =
    "中国 100 ns\n"
    "中 50 f\n"
    "国 50 n\n"
    "人 30\n"        // no tag: posseg says "x"
    "国人 1 n\n"     // a word the route splits (国 + 人 score higher)
    "C++ 10 nz\n"
    "ab 5 eng\n";

class PosCutTest : public testing::Test {
 protected:
  void SetUp() override {
    DictionaryBuilder builder;
    ASSERT_TRUE(builder.AddDictFile(dir_.Write("dict.txt", kTinyDict)).ok());
    ASSERT_TRUE(builder.SetHmmModelFile(test::DataPath("hmm_model.utf8")).ok());
    Status s = builder.SetPosModelFile(dir_.Write("pos.txt", kTinyPosModel));
    ASSERT_TRUE(s.ok()) << s.message();
    auto built = builder.Build();
    ASSERT_TRUE(built.ok()) << built.status().message();
    dict_ = std::move(built).value();
  }

  Tagged Cut(std::string_view line, bool hmm) {
    Tagged out;
    PrepareLine(line, text_);
    while (NextWindow(text_)) {
      for (const TaggedSpan& s : CutPos(Access::Data(*dict_), hmm, text_, seg_, pos_)) {
        out.emplace_back(std::string(text_.View(s.begin, s.end)), std::string(s.flag));
      }
    }
    return out;
  }

  test::TempDir dir_;
  std::shared_ptr<const Dictionary> dict_;
  PreparedText text_;
  SegmentScratch seg_;
  PosScratch pos_;
};

TEST_F(PosCutTest, DecoderWordsMayOverlap) {
  EXPECT_EQ(Cut("甲乙丙", true), (Tagged{{"甲乙", "n"}, {"甲乙丙", "n"}}));
  // Without the HMM each unknown character is a word of its own, tagged "x".
  EXPECT_EQ(Cut("甲乙丙", false), (Tagged{{"甲", "x"}, {"乙", "x"}, {"丙", "x"}}));
}

TEST_F(PosCutTest, DictionaryTags) {
  for (bool hmm : {true, false}) {
    EXPECT_EQ(Cut("中国", hmm), (Tagged{{"中国", "ns"}}));
    EXPECT_EQ(Cut("国", hmm), (Tagged{{"国", "n"}}));
    EXPECT_EQ(Cut("人", hmm), (Tagged{{"人", "x"}}));
    EXPECT_EQ(Cut("C++", hmm), (Tagged{{"C++", "nz"}}));
  }
}

TEST_F(PosCutTest, PossegBlocksAndOutsideCharacters) {
  // '-' and '%' are outside posseg's blocks (unlike the plain cut's); "\r\n" is one word.
  EXPECT_EQ(Cut("a-b%\r\n \r", true),
            (Tagged{{"a", "x"}, {"-", "x"}, {"b", "x"}, {"%", "x"}, {"\r\n", "x"}, {" ", "x"},
                    {"\r", "x"}}));
  // Without the HMM a lone ASCII letter or digit is "eng" (re_eng1 runs merge).
  EXPECT_EQ(Cut("a-b%\r\n", false),
            (Tagged{{"a", "eng"}, {"-", "x"}, {"b", "eng"}, {"%", "x"}, {"\r\n", "x"}}));
  EXPECT_EQ(Cut("x1y", false), (Tagged{{"x1y", "eng"}}));
  EXPECT_EQ(Cut("x1ab", false), (Tagged{{"x1", "eng"}, {"ab", "eng"}}));
}

TEST_F(PosCutTest, NonHanPiecesOfUnknownRuns) {
  // Single characters that are not together a word: __cut_detail splits the non-Han run with
  // re_skip_detail, numbers first ([\.0-9]+ "m"), then [a-zA-Z0-9]+ "eng", the rest "x".
  EXPECT_EQ(Cut("xy12.5_z", true),
            (Tagged{{"xy12", "eng"}, {".5", "m"}, {"_", "x"}, {"z", "eng"}}));
  EXPECT_EQ(Cut("12xy", true), (Tagged{{"12", "m"}, {"xy", "eng"}}));
  EXPECT_EQ(Cut("+#&", true), (Tagged{{"+#&", "x"}}));
  // A Han run inside goes through the decoder.
  EXPECT_EQ(Cut("7甲乙丙", true), (Tagged{{"7", "m"}, {"甲乙", "n"}, {"甲乙丙", "n"}}));
  // Single characters that together are a word come out one by one with their own tags.
  EXPECT_EQ(Cut("国人", true), (Tagged{{"国", "n"}, {"人", "x"}}));
  // A dictionary word of letters keeps its dictionary tag.
  EXPECT_EQ(Cut("ab", true), (Tagged{{"ab", "eng"}}));
}

TEST_F(PosCutTest, EmptyAndInvalidInput) {
  EXPECT_EQ(Cut("", true), Tagged{});
  EXPECT_EQ(Cut("\xff", true), (Tagged{{"\xef\xbf\xbd", "x"}}));  // U+FFFD, outside blocks
}

}  // namespace
}  // namespace kwx::internal

namespace kwx::internal {
namespace {

Tagged CutWith(const Dictionary& dict, std::string_view line, PosScratch& pos) {
  PreparedText text;
  SegmentScratch seg;
  Tagged out;
  PrepareLine(line, text);
  while (NextWindow(text)) {
    for (const TaggedSpan& s : CutPos(Access::Data(dict), true, text, seg, pos)) {
      out.emplace_back(std::string(text.View(s.begin, s.end)), std::string(s.flag));
    }
  }
  return out;
}

// The memo of short runs answers what the decoder answers, and one scratch moved between two
// dictionaries with different POS models never gives one model's paths for the other.
TEST(PosRunMemoTest, SameAnswersAndTiedToTheModel) {
  test::TempDir dir;
  DictionaryBuilder builder;
  ASSERT_TRUE(builder.AddDictFile(dir.Write("dict.txt", kTinyDict)).ok());
  ASSERT_TRUE(builder.SetHmmModelFile(test::DataPath("hmm_model.utf8")).ok());
  ASSERT_TRUE(builder.SetPosModelFile(dir.Write("pos.txt", kTinyPosModel)).ok());
  auto tiny = builder.Build();
  ASSERT_TRUE(tiny.ok());
  const Dictionary& jieba = test::DefaultPosDictionary();
  // Unknown runs of 1 to 9 characters, repeated, so that the second time they come from the memo.
  const std::string text = "甲乙丙，甲乙，甲乙丙甲乙丙甲乙丙，丙乙甲。甲乙丙，甲乙，甲乙丙甲乙丙甲乙丙，丙乙甲。";
  PosScratch shared;
  for (int round = 0; round < 3; ++round) {
    for (const Dictionary* d : {&**tiny, &jieba}) {
      PosScratch fresh;
      const Tagged want = CutWith(*d, text, fresh);
      EXPECT_EQ(CutWith(*d, text, shared), want) << "round " << round;
      EXPECT_EQ(CutWith(*d, text, fresh), want) << "round " << round;  // now from its memo
    }
  }
}

}  // namespace
}  // namespace kwx::internal
