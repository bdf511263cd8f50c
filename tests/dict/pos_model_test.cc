#include "dict/pos_model.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"
#include "testdata/test_support.h"

namespace kwx::internal {
namespace {

// Four states, listed out of order: the parser numbers them in Python's (position, tag) order,
// (B,n) < (E,n) < (S,n) < (S,v).
constexpr char kTinyModel[] =
    "# tiny\n"
    "state S v -0.5\n"
    "state B n -1\n"
    "state S n -2.5\n"
    "state E n -3.14e+100\n"
    "trans B n E n -0.25\n"
    "trans E n B n -1.5\n"
    "trans E n S v -2\n"
    "trans S n B n -0.75\n"
    "trans S v S v -0.125\n"
    "trans S v B n -3\n"
    "emit B n 中:-1,国:-2\n"
    "emit E n 国:-0.5,a:-9\n"
    "emit S v 中:-4\n"
    "char 中 B n S v\n"
    "char 国 E n\n";

StatusOr<std::shared_ptr<const PosModel>> Parse(std::string_view text) {
  return PosModel::Parse(text, "test.pos");
}

void ExpectError(std::string_view text, std::string_view detail) {
  SCOPED_TRACE(testing::Message() << "input: " << testing::PrintToString(std::string(text)));
  auto r = Parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  const std::string& msg = r.status().message();
  EXPECT_NE(msg.find("test.pos"), std::string::npos) << msg;
  EXPECT_NE(msg.find(detail), std::string::npos) << msg;
}

std::size_t Han(char32_t c) { return c - kHanFirst; }

TEST(PosModelTest, ParsesTinyModelInTupleOrder) {
  auto r = Parse(kTinyModel);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const PosModel& m = **r;
  ASSERT_EQ(m.state_count(), 4u);
  EXPECT_EQ(std::string(m.positions.data(), 4), "BESS");
  EXPECT_EQ(m.Tag(0), "n");
  EXPECT_EQ(m.Tag(2), "n");
  EXPECT_EQ(m.Tag(3), "v");
  EXPECT_EQ(m.start[0], -1.0);
  EXPECT_EQ(m.start[1], -3.14e100);
  EXPECT_EQ(m.start[3], -0.5);
  // Into (B,n): from (E,n), (S,n), (S,v), in increasing predecessor order.
  ASSERT_EQ(m.into_begin[1] - m.into_begin[0], 3u);
  EXPECT_EQ(m.into_from[m.into_begin[0]], 1);
  EXPECT_EQ(m.into_prob[m.into_begin[0]], -1.5);
  EXPECT_EQ(m.into_from[m.into_begin[0] + 2], 3);
  EXPECT_EQ(m.into_prob[m.into_begin[0] + 2], -3.0);
  // Successors and the states with some.
  EXPECT_EQ(m.successors[0][0], 0b0010u);
  EXPECT_EQ(m.successors[3][0], 0b1001u);
  EXPECT_EQ(m.has_successors[0], 0b1111u);
  EXPECT_EQ(m.all_states[0], 0b1111u);
  // char_state_tab: 中 -> (B,n), (S,v); a character not in the table has no list.
  const std::size_t zhong = Han(U'中');
  ASSERT_EQ(m.char_begin[zhong + 1] - m.char_begin[zhong], 2u);
  EXPECT_EQ(m.char_states[m.char_begin[zhong]], 0);
  EXPECT_EQ(m.char_states[m.char_begin[zhong] + 1], 3);
  EXPECT_EQ(m.char_begin[Han(U'人') + 1], m.char_begin[Han(U'人')]);
  // Emissions of 国: (B,n) -2, (E,n) -0.5; the non-Han 'a' is dropped (never decoded).
  const std::size_t guo = Han(U'国');
  ASSERT_EQ(m.emit_begin[guo + 1] - m.emit_begin[guo], 2u);
  EXPECT_EQ(m.emit_state[m.emit_begin[guo]], 0);
  EXPECT_EQ(m.emit_prob[m.emit_begin[guo]], -2.0);
  EXPECT_EQ(m.emit_prob[m.emit_begin[guo] + 1], -0.5);
  EXPECT_EQ(m.emit_state.size(), 4u);
}

TEST(PosModelTest, RejectsMalformedLines) {
  const std::string states = "state B n -1\nstate E n -1\n";
  const std::string loop = "trans B n E n -1\ntrans E n B n -1\n";
  ExpectError("", "no `state` line");
  ExpectError("state B n\n", "line 1: expected `state POS TAG LOGPROB`");
  ExpectError("state X n -1\n", "line 1: expected `state");
  ExpectError("state B  -1\n", "line 1: expected `state");
  ExpectError("state B n -1x\n", "line 1: expected `state");
  ExpectError("state B n -1\nstate B n -2\n" + loop, "defined twice");
  ExpectError(states + loop + "state S n -1\n", "line 5: a `state` line after the tables");
  ExpectError(states + "trans B n S n -1\n", "line 3: expected `trans");
  ExpectError(states + loop + "trans B n E n -2\n", "a transition is given twice");
  ExpectError(states + loop + "emit B n 中-1\n", "line 5: bad emission");
  ExpectError(states + loop + "emit B n 中国:-1\n", "line 5: bad emission");
  ExpectError(states + loop + "emit M n 中:-1\n", "line 5: expected `emit");
  ExpectError(states + loop + "emit B n 中:-1\nemit B n 中:-2\n", "given twice");
  ExpectError(states + loop + "char 中\n", "line 5: expected `char");
  ExpectError(states + loop + "char 中 B v\n", "line 5: undefined state");
  ExpectError(states + loop + "frob\n", "line 5: unknown line kind 'frob'");
}

TEST(PosModelTest, RejectsMoreThan256States) {
  std::string text;
  for (int i = 0; i < 257; ++i) text += "state B t" + std::to_string(1000 + i) + " -1\n";
  text += "trans B t1000 B t1000 -1\n";
  ExpectError(text, "more than 256 states");
}

// The models on which jieba's viterbi would raise ValueError (max() of an empty sequence).
TEST(PosModelTest, RejectsModelsOnWhichJiebaWouldFail) {
  const std::string states = "state B n -1\nstate E n -1\nstate S x -1\n";
  // (E,n) is entered but has no way out.
  ExpectError(states + "trans B n E n -1\n", "leads to a state with no transition out");
  ExpectError(states, "no state has a transition out");
  // 中 allows only (S,x), which has no transition out.
  ExpectError(states + "trans B n E n -1\ntrans E n B n -1\nchar 中 S x\n",
              "character U+4E2D");
  EXPECT_TRUE(Parse(states + "trans B n E n -1\ntrans E n B n -1\nchar 中 S x B n\n").ok());
}

TEST(PosModelTest, DefaultModelParses) {
  std::string text = test::ReadFile(test::DataPath("pos_hmm.utf8"));
  ASSERT_FALSE(text.empty());
  auto r = PosModel::Parse(text, "pos_hmm.utf8");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const PosModel& m = **r;
  EXPECT_EQ(m.state_count(), 256u);  // jieba's 256 (position, tag) states
  EXPECT_EQ(m.Tag(0), "a");          // ('B', 'a') is the least tuple
  EXPECT_EQ(m.positions[0], 'B');
  EXPECT_EQ(m.positions[255], 'S');
}

}  // namespace
}  // namespace kwx::internal
