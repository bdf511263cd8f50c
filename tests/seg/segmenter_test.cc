// The public Segmenter API (src/seg/segmenter.cc) in every mode, on sentences picked to cover
// JIEBA-PARITY.md sections 1-3. Every expected token list is jieba 0.42.1's answer (Debian's
// python3-jieba under /usr/bin/python3): lcut(s), lcut(s, HMM=False), lcut(s, cut_all=True),
// lcut_for_search(s), lcut_for_search(s, HMM=False), tokenize(s, mode=...).
#include "kwx/segmenter.h"

#include <string>
#include <thread>
#include <vector>

#include "access.h"
#include "gtest/gtest.h"
#include "workspace_data.h"
#include "kwx/text.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using Strings = std::vector<std::string>;

struct CutCase {
  const char* text;
  Strings tokens;
};

const CutCase kAccurate[] = {
    {"我来到北京清华大学",
     {"我", "来到", "北京", "清华大学"}},
    {"他来到了网易杭研大厦",
     {"他", "来到", "了", "网易", "杭研", "大厦"}},
    {"小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
     {"小明", "硕士", "毕业", "于", "中国科学院", "计算所", "，", "后", "在", "日本京都大学", "深造"}},
    // Han is U+4E00..U+9FD5 only: not U+9FD6, Ext-A, compatibility, Ext-B
    {"中鿕鿖㐀豈𠀀a",
     {"中", "鿕", "鿖", "㐀", "豈", "𠀀", "a"}},
    // block characters + # & . _ % -; finalseg's re_skip split
    {"C++和C#是语言，e-mail、UTF-8、3.14%、50%以上、a_b&c",
     {"C++", "和", "C#", "是", "语言", "，", "e", "-", "mail", "、", "UTF", "-", "8", "、", "3.14%", "、", "50%", "以上", "、", "a", "_", "b", "&", "c"}},
    // Unicode whitespace (str.isspace) one token each, \r\n one token
    {"你好\r\n世界\t \x1c\x1f\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa8。end\r\rx\n\n",
     {"你好", "\r\n", "世界", "\t", " ", "\x1c", "\x1f", "\xc2\x85", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xa8", "。", "end", "\r", "\r", "x", "\n", "\n"}},
    // the JIEBA-PARITY.md full-mode example
    {"你好， 世界 abc",
     {"你好", "，", " ", "世界", " ", "abc"}},
    // route tie: the larger end wins
    {"一一一",
     {"一一", "一"}},
    // a single character is not always a DAG candidate
    {"嚐试验",
     {"嚐试", "验"}},
    // buffer that is a dictionary word: characters one by one
    {"一上",
     {"一", "上"}},
    // buffer that is a 0-frequency prefix: finalseg
    {"一专",
     {"一专"}},
    // characters missing from the emission tables (Viterbi ties)
    {"丄丅丏両丣",
     {"丄", "丅", "丏", "両", "丣"}},
    // no HMM: consecutive single ASCII pieces merge
    {"ab12 c3 iPhone6s版本x86_64",
     {"ab12", " ", "c3", " ", "iPhone6s", "版本", "x86", "_", "64"}},
    // full mode's eng_buf reorders tokens
    {"aT恤衫b 1T恤衫2T恤3",
     {"a", "T恤衫", "b", " ", "1", "T恤衫", "2", "T恤", "3"}},
    {"工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
     {"工信处", "女干事", "每月", "经过", "下属", "科室", "都", "要", "亲口", "交代", "24", "口", "交换机", "等", "技术性", "器件", "的", "安装", "工作"}},
    {"石墨烯是一种由碳原子以sp2杂化轨道组成六角型呈蜂巢晶格的平面薄膜",
     {"石墨", "烯", "是", "一种", "由", "碳原子", "以", "sp2", "杂化", "轨道", "组成", "六角", "型", "呈", "蜂巢", "晶格", "的", "平面", "薄膜"}},
    {"我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
     {"我", "是", "拖拉机", "学院", "手扶拖拉机", "专业", "的", "。", "不用", "多久", "，", "我", "就", "会", "升职", "加薪", "，", "当上", "CEO", "，", "走上", "人生", "巅峰", "。"}},
    // empty input
    {"",
     {}},
    // blanks only (full mode: empty strings between them)
    {"   ",
     {" ", " ", " "}},
    // 4-byte UTF-8 outside blocks
    {"😀表情👍符号",
     {"😀", "表情", "👍", "符号"}},
};

const CutCase kAccurateNoHmm[] = {
    {"我来到北京清华大学",
     {"我", "来到", "北京", "清华大学"}},
    {"他来到了网易杭研大厦",
     {"他", "来到", "了", "网易", "杭", "研", "大厦"}},
    {"小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
     {"小", "明", "硕士", "毕业", "于", "中国科学院", "计算所", "，", "后", "在", "日本京都大学", "深造"}},
    // Han is U+4E00..U+9FD5 only: not U+9FD6, Ext-A, compatibility, Ext-B
    {"中鿕鿖㐀豈𠀀a",
     {"中", "鿕", "鿖", "㐀", "豈", "𠀀", "a"}},
    // block characters + # & . _ % -; finalseg's re_skip split
    {"C++和C#是语言，e-mail、UTF-8、3.14%、50%以上、a_b&c",
     {"C++", "和", "C#", "是", "语言", "，", "e", "-", "mail", "、", "UTF", "-", "8", "、", "3", ".", "14", "%", "、", "50", "%", "以上", "、", "a", "_", "b", "&", "c"}},
    // Unicode whitespace (str.isspace) one token each, \r\n one token
    {"你好\r\n世界\t \x1c\x1f\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa8。end\r\rx\n\n",
     {"你好", "\r\n", "世界", "\t", " ", "\x1c", "\x1f", "\xc2\x85", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xa8", "。", "end", "\r", "\r", "x", "\n", "\n"}},
    // the JIEBA-PARITY.md full-mode example
    {"你好， 世界 abc",
     {"你好", "，", " ", "世界", " ", "abc"}},
    // route tie: the larger end wins
    {"一一一",
     {"一一", "一"}},
    // a single character is not always a DAG candidate
    {"嚐试验",
     {"嚐试", "验"}},
    // buffer that is a dictionary word: characters one by one
    {"一上",
     {"一", "上"}},
    // buffer that is a 0-frequency prefix: finalseg
    {"一专",
     {"一", "专"}},
    // characters missing from the emission tables (Viterbi ties)
    {"丄丅丏両丣",
     {"丄", "丅", "丏", "両", "丣"}},
    // no HMM: consecutive single ASCII pieces merge
    {"ab12 c3 iPhone6s版本x86_64",
     {"ab12", " ", "c3", " ", "iPhone6s", "版本", "x86", "_", "64"}},
    // full mode's eng_buf reorders tokens
    {"aT恤衫b 1T恤衫2T恤3",
     {"a", "T恤衫", "b", " ", "1", "T恤衫", "2", "T恤", "3"}},
    {"工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
     {"工信处", "女干事", "每月", "经过", "下属", "科室", "都", "要", "亲口", "交代", "24", "口", "交换机", "等", "技术性", "器件", "的", "安装", "工作"}},
    {"石墨烯是一种由碳原子以sp2杂化轨道组成六角型呈蜂巢晶格的平面薄膜",
     {"石墨", "烯", "是", "一种", "由", "碳原子", "以", "sp2", "杂", "化", "轨道", "组成", "六角", "型", "呈", "蜂巢", "晶格", "的", "平面", "薄膜"}},
    {"我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
     {"我", "是", "拖拉机", "学院", "手扶拖拉机", "专业", "的", "。", "不用", "多久", "，", "我", "就", "会", "升职", "加薪", "，", "当", "上", "CEO", "，", "走上", "人生", "巅峰", "。"}},
    // empty input
    {"",
     {}},
    // blanks only (full mode: empty strings between them)
    {"   ",
     {" ", " ", " "}},
    // 4-byte UTF-8 outside blocks
    {"😀表情👍符号",
     {"😀", "表情", "👍", "符号"}},
};

const CutCase kFull[] = {
    {"我来到北京清华大学",
     {"我", "来到", "北京", "清华", "清华大学", "华大", "大学"}},
    {"他来到了网易杭研大厦",
     {"他", "来到", "了", "网易", "杭", "研", "大厦"}},
    {"小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
     {"小", "明", "硕士", "毕业", "于", "中国", "中国科学院", "科学", "科学院", "学院", "计算", "计算所", "，", "后", "在", "日本", "日本京都大学", "京都", "京都大学", "大学", "深造"}},
    // Han is U+4E00..U+9FD5 only: not U+9FD6, Ext-A, compatibility, Ext-B
    {"中鿕鿖㐀豈𠀀a",
     {"中", "鿕", "鿖㐀豈𠀀", "a"}},
    // block characters + # & . _ % -; finalseg's re_skip split
    {"C++和C#是语言，e-mail、UTF-8、3.14%、50%以上、a_b&c",
     {"C++", "和", "C#", "是", "语言", "，", "e", "-", "mail", "、", "UTF", "-", "8", "、", "3", ".", "14", "%", "、", "50", "%", "以上", "、", "a", "_", "b", "&", "c"}},
    // Unicode whitespace (str.isspace) one token each, \r\n one token
    {"你好\r\n世界\t \x1c\x1f\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa8。end\r\rx\n\n",
     {"你好", "", "\r\n", "", "世界", "", "\t", "", " ", "", "\x1c", "", "\x1f", "", "\xc2\x85", "", "\xc2\xa0", "", "\xe3\x80\x80", "", "\xe2\x80\xa8", "。", "end", "", "\r", "", "\r", "", "x", "", "\n", "", "\n", ""}},
    // the JIEBA-PARITY.md full-mode example
    {"你好， 世界 abc",
     {"你好", "，", " ", "", "世界", "", " ", "", "abc"}},
    // route tie: the larger end wins
    {"一一一",
     {"一一", "一一"}},
    // a single character is not always a DAG candidate
    {"嚐试验",
     {"嚐试", "试验"}},
    // buffer that is a dictionary word: characters one by one
    {"一上",
     {"一上"}},
    // buffer that is a 0-frequency prefix: finalseg
    {"一专",
     {"一", "专"}},
    // characters missing from the emission tables (Viterbi ties)
    {"丄丅丏両丣",
     {"丄", "丅", "丏", "両", "丣"}},
    // no HMM: consecutive single ASCII pieces merge
    {"ab12 c3 iPhone6s版本x86_64",
     {"ab12", "", " ", "", "c3", "", " ", "", "iPhone6s", "版本", "x86", "_", "64"}},
    // full mode's eng_buf reorders tokens
    {"aT恤衫b 1T恤衫2T恤3",
     {"T恤", "T恤衫", "a", "恤衫", "b", "", " ", "", "T恤", "T恤衫", "1", "恤衫", "2T恤", "3"}},
    {"工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
     {"工信处", "处女", "女干事", "干事", "每月", "月经", "经过", "下属", "科室", "都", "要", "亲口", "口交", "交代", "24", "口交", "交换", "交换机", "换机", "等", "技术", "技术性", "性器", "器件", "的", "安装", "安装工", "装工", "工作"}},
    {"石墨烯是一种由碳原子以sp2杂化轨道组成六角型呈蜂巢晶格的平面薄膜",
     {"石墨", "烯", "是", "一种", "由", "碳原子", "原子", "以", "sp2", "杂", "化", "轨道", "组成", "六角", "型", "呈", "蜂巢", "晶格", "的", "平面", "面薄", "薄膜"}},
    {"我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
     {"我", "是", "拖拉", "拖拉机", "学院", "手扶", "手扶拖拉机", "拖拉", "拖拉机", "专业", "的", "。", "不用", "多久", "，", "我", "就", "会升", "升职", "加薪", "，", "当上", "CEO", "，", "走上", "人生", "巅峰", "。"}},
    // empty input
    {"",
     {}},
    // blanks only (full mode: empty strings between them)
    {"   ",
     {"", " ", "", " ", "", " ", ""}},
    // 4-byte UTF-8 outside blocks
    {"😀表情👍符号",
     {"😀", "表情", "👍", "符号"}},
};

const CutCase kSearch[] = {
    {"我来到北京清华大学",
     {"我", "来到", "北京", "清华", "华大", "大学", "清华大学"}},
    {"他来到了网易杭研大厦",
     {"他", "来到", "了", "网易", "杭研", "大厦"}},
    {"小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
     {"小明", "硕士", "毕业", "于", "中国", "科学", "学院", "科学院", "中国科学院", "计算", "计算所", "，", "后", "在", "日本", "京都", "大学", "日本京都大学", "深造"}},
    // Han is U+4E00..U+9FD5 only: not U+9FD6, Ext-A, compatibility, Ext-B
    {"中鿕鿖㐀豈𠀀a",
     {"中", "鿕", "鿖", "㐀", "豈", "𠀀", "a"}},
    // block characters + # & . _ % -; finalseg's re_skip split
    {"C++和C#是语言，e-mail、UTF-8、3.14%、50%以上、a_b&c",
     {"C++", "和", "C#", "是", "语言", "，", "e", "-", "mail", "、", "UTF", "-", "8", "、", "3.14%", "、", "50%", "以上", "、", "a", "_", "b", "&", "c"}},
    // Unicode whitespace (str.isspace) one token each, \r\n one token
    {"你好\r\n世界\t \x1c\x1f\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa8。end\r\rx\n\n",
     {"你好", "\r\n", "世界", "\t", " ", "\x1c", "\x1f", "\xc2\x85", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xa8", "。", "end", "\r", "\r", "x", "\n", "\n"}},
    // the JIEBA-PARITY.md full-mode example
    {"你好， 世界 abc",
     {"你好", "，", " ", "世界", " ", "abc"}},
    // route tie: the larger end wins
    {"一一一",
     {"一一", "一"}},
    // a single character is not always a DAG candidate
    {"嚐试验",
     {"嚐试", "验"}},
    // buffer that is a dictionary word: characters one by one
    {"一上",
     {"一", "上"}},
    // buffer that is a 0-frequency prefix: finalseg
    {"一专",
     {"一专"}},
    // characters missing from the emission tables (Viterbi ties)
    {"丄丅丏両丣",
     {"丄", "丅", "丏", "両", "丣"}},
    // no HMM: consecutive single ASCII pieces merge
    {"ab12 c3 iPhone6s版本x86_64",
     {"ab12", " ", "c3", " ", "iPhone6s", "版本", "x86", "_", "64"}},
    // full mode's eng_buf reorders tokens
    {"aT恤衫b 1T恤衫2T恤3",
     {"a", "T恤", "恤衫", "T恤衫", "b", " ", "1", "T恤", "恤衫", "T恤衫", "2", "T恤", "3"}},
    {"工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
     {"工信处", "干事", "女干事", "每月", "经过", "下属", "科室", "都", "要", "亲口", "交代", "24", "口", "交换", "换机", "交换机", "等", "技术", "技术性", "器件", "的", "安装", "工作"}},
    {"石墨烯是一种由碳原子以sp2杂化轨道组成六角型呈蜂巢晶格的平面薄膜",
     {"石墨", "烯", "是", "一种", "由", "原子", "碳原子", "以", "sp2", "杂化", "轨道", "组成", "六角", "型", "呈", "蜂巢", "晶格", "的", "平面", "薄膜"}},
    {"我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
     {"我", "是", "拖拉", "拖拉机", "学院", "手扶", "拖拉", "拖拉机", "手扶拖拉机", "专业", "的", "。", "不用", "多久", "，", "我", "就", "会", "升职", "加薪", "，", "当上", "CEO", "，", "走上", "人生", "巅峰", "。"}},
    // empty input
    {"",
     {}},
    // blanks only (full mode: empty strings between them)
    {"   ",
     {" ", " ", " "}},
    // 4-byte UTF-8 outside blocks
    {"😀表情👍符号",
     {"😀", "表情", "👍", "符号"}},
};

const CutCase kSearchNoHmm[] = {
    {"我来到北京清华大学",
     {"我", "来到", "北京", "清华", "华大", "大学", "清华大学"}},
    {"他来到了网易杭研大厦",
     {"他", "来到", "了", "网易", "杭", "研", "大厦"}},
    {"小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
     {"小", "明", "硕士", "毕业", "于", "中国", "科学", "学院", "科学院", "中国科学院", "计算", "计算所", "，", "后", "在", "日本", "京都", "大学", "日本京都大学", "深造"}},
    // Han is U+4E00..U+9FD5 only: not U+9FD6, Ext-A, compatibility, Ext-B
    {"中鿕鿖㐀豈𠀀a",
     {"中", "鿕", "鿖", "㐀", "豈", "𠀀", "a"}},
    // block characters + # & . _ % -; finalseg's re_skip split
    {"C++和C#是语言，e-mail、UTF-8、3.14%、50%以上、a_b&c",
     {"C++", "和", "C#", "是", "语言", "，", "e", "-", "mail", "、", "UTF", "-", "8", "、", "3", ".", "14", "%", "、", "50", "%", "以上", "、", "a", "_", "b", "&", "c"}},
    // Unicode whitespace (str.isspace) one token each, \r\n one token
    {"你好\r\n世界\t \x1c\x1f\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa8。end\r\rx\n\n",
     {"你好", "\r\n", "世界", "\t", " ", "\x1c", "\x1f", "\xc2\x85", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xa8", "。", "end", "\r", "\r", "x", "\n", "\n"}},
    // the JIEBA-PARITY.md full-mode example
    {"你好， 世界 abc",
     {"你好", "，", " ", "世界", " ", "abc"}},
    // route tie: the larger end wins
    {"一一一",
     {"一一", "一"}},
    // a single character is not always a DAG candidate
    {"嚐试验",
     {"嚐试", "验"}},
    // buffer that is a dictionary word: characters one by one
    {"一上",
     {"一", "上"}},
    // buffer that is a 0-frequency prefix: finalseg
    {"一专",
     {"一", "专"}},
    // characters missing from the emission tables (Viterbi ties)
    {"丄丅丏両丣",
     {"丄", "丅", "丏", "両", "丣"}},
    // no HMM: consecutive single ASCII pieces merge
    {"ab12 c3 iPhone6s版本x86_64",
     {"ab12", " ", "c3", " ", "iPhone6s", "版本", "x86", "_", "64"}},
    // full mode's eng_buf reorders tokens
    {"aT恤衫b 1T恤衫2T恤3",
     {"a", "T恤", "恤衫", "T恤衫", "b", " ", "1", "T恤", "恤衫", "T恤衫", "2", "T恤", "3"}},
    {"工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
     {"工信处", "干事", "女干事", "每月", "经过", "下属", "科室", "都", "要", "亲口", "交代", "24", "口", "交换", "换机", "交换机", "等", "技术", "技术性", "器件", "的", "安装", "工作"}},
    {"石墨烯是一种由碳原子以sp2杂化轨道组成六角型呈蜂巢晶格的平面薄膜",
     {"石墨", "烯", "是", "一种", "由", "原子", "碳原子", "以", "sp2", "杂", "化", "轨道", "组成", "六角", "型", "呈", "蜂巢", "晶格", "的", "平面", "薄膜"}},
    {"我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
     {"我", "是", "拖拉", "拖拉机", "学院", "手扶", "拖拉", "拖拉机", "手扶拖拉机", "专业", "的", "。", "不用", "多久", "，", "我", "就", "会", "升职", "加薪", "，", "当", "上", "CEO", "，", "走上", "人生", "巅峰", "。"}},
    // empty input
    {"",
     {}},
    // blanks only (full mode: empty strings between them)
    {"   ",
     {" ", " ", " "}},
    // 4-byte UTF-8 outside blocks
    {"😀表情👍符号",
     {"😀", "表情", "👍", "符号"}},
};

Strings Cut(const Segmenter& seg, std::string_view text, CutMode mode, bool hmm, Workspace& ws) {
  std::vector<std::string_view> out;
  seg.Cut(text, mode, hmm, ws, &out);
  return test::ToStrings(out);
}

void CheckTable(const CutCase* begin, const CutCase* end, CutMode mode, bool hmm) {
  Segmenter seg(test::DefaultDictionary());
  Workspace ws;
  for (const CutCase* c = begin; c != end; ++c) {
    SCOPED_TRACE(testing::Message() << "text: " << testing::PrintToString(std::string(c->text)));
    EXPECT_EQ(Cut(seg, c->text, mode, hmm, ws), c->tokens);
  }
}

TEST(SegmenterTest, AccurateWithAndWithoutHmm) {
  CheckTable(std::begin(kAccurate), std::end(kAccurate), CutMode::kAccurate, true);
  CheckTable(std::begin(kAccurateNoHmm), std::end(kAccurateNoHmm), CutMode::kAccurate, false);
}
TEST(SegmenterTest, FullIgnoresHmm) {
  CheckTable(std::begin(kFull), std::end(kFull), CutMode::kFull, true);
  CheckTable(std::begin(kFull), std::end(kFull), CutMode::kFull, false);
}
TEST(SegmenterTest, SearchWithAndWithoutHmm) {
  CheckTable(std::begin(kSearch), std::end(kSearch), CutMode::kSearch, true);
  CheckTable(std::begin(kSearchNoHmm), std::end(kSearchNoHmm), CutMode::kSearch, false);
}

TEST(SegmenterTest, AccurateAndSearchTokensConcatenateToTheInput) {
  Segmenter seg(test::DefaultDictionary());
  Workspace ws;
  for (const CutCase& c : kAccurate) {
    for (bool hmm : {true, false}) {
      std::vector<std::string_view> out;
      seg.Cut(c.text, CutMode::kAccurate, hmm, ws, &out);
      std::string joined;
      for (std::string_view t : out) {
        EXPECT_FALSE(t.empty());
        joined.append(t);
      }
      EXPECT_EQ(joined, c.text);
    }
  }
}

// jieba.tokenize; byte offsets are len(s[:start].encode('utf-8')). HMM on and off agree here.
struct TokenCase {
  const char* word;
  std::uint32_t start, end, byte_start, byte_end;
};

const char kTokenizeText[] = "😀永和服装饰品有限公司𠀀abc\r\n中国科学院";
const TokenCase kTokenizeDefault[] = {
    {"😀", 0, 1, 0, 4},
    {"永和", 1, 3, 4, 10},
    {"服装", 3, 5, 10, 16},
    {"饰品", 5, 7, 16, 22},
    {"有限公司", 7, 11, 22, 34},
    {"𠀀", 11, 12, 34, 38},
    {"abc", 12, 15, 38, 41},
    {"\r\n", 15, 17, 41, 43},
    {"中国科学院", 17, 22, 43, 58},
};
const TokenCase kTokenizeSearch[] = {
    {"😀", 0, 1, 0, 4},
    {"永和", 1, 3, 4, 10},
    {"服装", 3, 5, 10, 16},
    {"饰品", 5, 7, 16, 22},
    {"有限", 7, 9, 22, 28},
    {"公司", 9, 11, 28, 34},
    {"有限公司", 7, 11, 22, 34},
    {"𠀀", 11, 12, 34, 38},
    {"abc", 12, 15, 38, 41},
    {"\r\n", 15, 17, 41, 43},
    {"中国", 17, 19, 43, 49},
    {"科学", 19, 21, 49, 55},
    {"学院", 20, 22, 52, 58},
    {"科学院", 19, 22, 49, 58},
    {"中国科学院", 17, 22, 43, 58},
};

void CheckTokens(CutMode mode, bool hmm, const TokenCase* begin, const TokenCase* end) {
  Segmenter seg(test::DefaultDictionary());
  Workspace ws;
  std::vector<Token> out(3);  // cleared first
  seg.Tokenize(kTokenizeText, mode, hmm, ws, &out);
  ASSERT_EQ(out.size(), static_cast<std::size_t>(end - begin));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const TokenCase& want = begin[i];
    SCOPED_TRACE(testing::Message() << "token " << i << " " << want.word);
    EXPECT_EQ(out[i].word, want.word);
    EXPECT_EQ(out[i].start, want.start);
    EXPECT_EQ(out[i].end, want.end);
    EXPECT_EQ(out[i].byte_start, want.byte_start);
    EXPECT_EQ(out[i].byte_end, want.byte_end);
    // The word is the input's bytes at those offsets.
    EXPECT_EQ(out[i].word.data(), kTokenizeText + want.byte_start);
  }
}

TEST(SegmenterTest, TokenizeDefault) {
  for (bool hmm : {true, false}) {
    CheckTokens(CutMode::kAccurate, hmm, std::begin(kTokenizeDefault), std::end(kTokenizeDefault));
  }
  // kFull is not a tokenize mode in jieba: it is taken as kAccurate.
  CheckTokens(CutMode::kFull, true, std::begin(kTokenizeDefault), std::end(kTokenizeDefault));
}

TEST(SegmenterTest, TokenizeSearch) {
  for (bool hmm : {true, false}) {
    CheckTokens(CutMode::kSearch, hmm, std::begin(kTokenizeSearch), std::end(kTokenizeSearch));
  }
}

// Invalid UTF-8: raw bytes, the text after bytes.decode('utf-8', 'replace'), then jieba's lcut,
// lcut(HMM=False), lcut(cut_all=True) and lcut_for_search of that text.
struct InvalidCase {
  const char* raw;
  const char* repaired;
  Strings accurate, no_hmm, full, search;
};

const InvalidCase kInvalid[] = {
    {"\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8",
     "中\xef\xbf\xbd国\xef\xbf\xbd",
     {"中", "\xef\xbf\xbd", "国", "\xef\xbf\xbd"},
     {"中", "\xef\xbf\xbd", "国", "\xef\xbf\xbd"},
     {"中", "\xef\xbf\xbd", "国", "\xef\xbf\xbd"},
     {"中", "\xef\xbf\xbd", "国", "\xef\xbf\xbd"}},
    {"\xff\xfe\xe6\x88\x91\xe6\x9d\xa5\xe5\x88\xb0\xc0\xaf\xe5\x8c\x97\xe4\xba\xac\xed\xa0\x80\x61\x62\x63\xf4\x90\x80\x80",
     "\xef\xbf\xbd\xef\xbf\xbd我来到\xef\xbf\xbd\xef\xbf\xbd北京\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "abc\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
     {"\xef\xbf\xbd", "\xef\xbf\xbd", "我", "来到", "\xef\xbf\xbd", "\xef\xbf\xbd", "北京", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd", "abc", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd"},
     {"\xef\xbf\xbd", "\xef\xbf\xbd", "我", "来到", "\xef\xbf\xbd", "\xef\xbf\xbd", "北京", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd", "abc", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd"},
     {"\xef\xbf\xbd\xef\xbf\xbd", "我", "来到", "\xef\xbf\xbd\xef\xbf\xbd", "北京", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "abc", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
     {"\xef\xbf\xbd", "\xef\xbf\xbd", "我", "来到", "\xef\xbf\xbd", "\xef\xbf\xbd", "北京", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd", "abc", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd", "\xef\xbf\xbd"}},
    {"\x80",
     "\xef\xbf\xbd",
     {"\xef\xbf\xbd"},
     {"\xef\xbf\xbd"},
     {"\xef\xbf\xbd"},
     {"\xef\xbf\xbd"}},
    {"\x61\xe4\xb8",
     "a\xef\xbf\xbd",
     {"a", "\xef\xbf\xbd"},
     {"a", "\xef\xbf\xbd"},
     {"a", "\xef\xbf\xbd"},
     {"a", "\xef\xbf\xbd"}},
};

TEST(SegmenterTest, InvalidUtf8IsRepairedToReplacementCharacters) {
  Segmenter seg(test::DefaultDictionary());
  Workspace ws;
  for (const InvalidCase& c : kInvalid) {
    SCOPED_TRACE(testing::Message() << "raw: " << testing::PrintToString(std::string(c.raw)));
    std::string raw = c.raw;
    ASSERT_FALSE(IsValidUtf8(raw));
    std::string repaired;
    std::size_t replacements = RepairUtf8(raw, &repaired);
    EXPECT_EQ(repaired, c.repaired);
    EXPECT_EQ(Cut(seg, raw, CutMode::kAccurate, true, ws), c.accurate);
    EXPECT_EQ(ws.last_replacements(), replacements);
    EXPECT_EQ(Cut(seg, raw, CutMode::kAccurate, false, ws), c.no_hmm);
    EXPECT_EQ(Cut(seg, raw, CutMode::kFull, true, ws), c.full);
    EXPECT_EQ(Cut(seg, raw, CutMode::kSearch, true, ws), c.search);
    // Tokenize's byte offsets are into the repaired text.
    std::vector<Token> tokens;
    seg.Tokenize(raw, CutMode::kAccurate, true, ws, &tokens);
    std::string joined;
    for (const Token& t : tokens) {
      EXPECT_EQ(t.byte_start, joined.size());
      joined.append(t.word);
      EXPECT_EQ(t.byte_end, joined.size());
    }
    EXPECT_EQ(joined, c.repaired);
    // A valid input afterwards: no replacements.
    Cut(seg, "ok", CutMode::kAccurate, true, ws);
    EXPECT_EQ(ws.last_replacements(), 0u);
  }
}

TEST(SegmenterTest, EmptyInputGivesNoTokensAndOutputIsClearedFirst) {
  Segmenter seg(test::DefaultDictionary());
  Workspace ws;
  for (CutMode mode : {CutMode::kAccurate, CutMode::kFull, CutMode::kSearch}) {
    for (bool hmm : {true, false}) {
      std::vector<std::string_view> out = {"stale"};
      seg.Cut("", mode, hmm, ws, &out);
      EXPECT_TRUE(out.empty());
      std::vector<Token> tokens(2);
      seg.Tokenize("", mode, hmm, ws, &tokens);
      EXPECT_TRUE(tokens.empty());
    }
  }
  std::vector<std::string_view> out = {"x", "y"};
  seg.Cut("我来到北京清华大学", CutMode::kAccurate, true, ws, &out);
  EXPECT_EQ(test::ToStrings(out), (Strings{"我", "来到", "北京", "清华大学"}));
  seg.Cut("你好， 世界 abc", CutMode::kFull, true, ws, &out);
  EXPECT_EQ(test::ToStrings(out), (Strings{"你好", "，", " ", "", "世界", "", " ", "", "abc"}));
}

TEST(SegmenterTest, ThreadsWithTheirOwnWorkspaces) {
  // One const Segmenter, one Workspace per thread: the same answers as single-threaded.
  Segmenter seg(test::DefaultDictionary());
  std::vector<Strings> expected;
  {
    Workspace ws;
    for (const CutCase& c : kSearch) expected.push_back(Cut(seg, c.text, CutMode::kSearch, true, ws));
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Workspace ws;
      for (int round = 0; round < 20; ++round) {
        std::size_t i = 0;
        for (const CutCase& c : kSearch) {
          if (Cut(seg, c.text, CutMode::kSearch, true, ws) != expected[i++]) ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// A long line is cut a window of whole runs at a time: the tokens (and their offsets) are those
// of the line cut in one piece, in every mode, whatever the window size. Here windows of a few
// bytes, on text with every kind of run: Han, ASCII words, spaces, "\r\n", punctuation, a
// non-contiguous full-mode ASCII run, characters the HMM must join, invalid UTF-8.
TEST(SegmenterTest, WindowsGiveTheTokensOfTheWholeLine) {
  std::string line;
  for (const CutCase& c : kAccurate) line += c.text;
  for (const CutCase& c : kFull) line += c.text;
  line += "\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8 tail";
  const Segmenter seg(test::DefaultDictionary());
  Workspace whole;
  for (std::size_t window : {std::size_t{1}, std::size_t{5}, std::size_t{64}, std::size_t{300}}) {
    SCOPED_TRACE(window);
    Workspace small;
    internal::Access::Data(small).text.window_bytes = window;
    for (CutMode mode : {CutMode::kAccurate, CutMode::kSearch, CutMode::kFull}) {
      for (bool hmm : {true, false}) {
        std::vector<std::string_view> a, b;
        seg.Cut(line, mode, hmm, whole, &a);
        seg.Cut(line, mode, hmm, small, &b);
        EXPECT_EQ(std::vector<std::string>(a.begin(), a.end()),
                  std::vector<std::string>(b.begin(), b.end()))
            << "mode " << static_cast<int>(mode) << " hmm " << hmm;
        EXPECT_EQ(small.last_replacements(), 2u);
      }
      std::vector<Token> ta, tb;
      seg.Tokenize(line, mode, true, whole, &ta);
      seg.Tokenize(line, mode, true, small, &tb);
      ASSERT_EQ(ta.size(), tb.size());
      for (std::size_t i = 0; i < ta.size(); ++i) {
        EXPECT_EQ(ta[i].word, tb[i].word);
        EXPECT_EQ(ta[i].start, tb[i].start);
        EXPECT_EQ(ta[i].end, tb[i].end);
        EXPECT_EQ(ta[i].byte_start, tb[i].byte_start);
        EXPECT_EQ(ta[i].byte_end, tb[i].byte_end);
      }
    }
  }
}

// CutBlock: jieba's __cut_DAG / __cut_DAG_NO_HMM / __cut_all on the whole text as one block,
// whatever its characters (jieba 0.42.1's answers, called on jieba.dt directly). Inside a block,
// finalseg's split keeps a run of punctuation together ("。。").
TEST(SegmenterTest, CutBlockTakesTheWholeTextAsOneBlock) {
  const Segmenter seg(test::DefaultDictionary());
  Workspace ws;
  auto cut_block = [&](std::string_view text, CutMode mode, bool hmm) {
    std::vector<std::string_view> out{"stale"};
    seg.CutBlock(text, mode, hmm, ws, &out);
    return test::ToStrings(out);
  };
  const std::string mixed = "北京 大学，C++ 与e-mail 3.14%、abc def";
  EXPECT_EQ(cut_block(mixed, CutMode::kAccurate, true),
            (Strings{"北京", " ", "大学", "，", "C++", " ", "与", "e", "-", "mail", " ", "3.14%",
                     "、", "abc", " ", "def"}));
  const Strings no_hmm{"北京", " ", "大学", "，", "C++", " ", "与", "e", "-", "mail", " ", "3",
                       ".", "14", "%", "、", "abc", " ", "def"};
  EXPECT_EQ(cut_block(mixed, CutMode::kAccurate, false), no_hmm);
  EXPECT_EQ(cut_block(mixed, CutMode::kFull, true), no_hmm);
  const std::string han = "中 国人民银行。。的 的";
  EXPECT_EQ(cut_block(han, CutMode::kAccurate, true),
            (Strings{"中", " ", "国", "人民银行", "。。", "的", " ", "的"}));
  EXPECT_EQ(cut_block(han, CutMode::kSearch, true), cut_block(han, CutMode::kAccurate, true));
  EXPECT_EQ(cut_block(han, CutMode::kAccurate, false),
            (Strings{"中", " ", "国", "人民银行", "。", "。", "的", " ", "的"}));
  EXPECT_EQ(cut_block(han, CutMode::kFull, false),
            (Strings{"中", " ", "国人", "人民", "人民银行", "银行", "。", "。", "的", " ", "的"}));
  EXPECT_EQ(cut_block("", CutMode::kAccurate, true), Strings{});
  EXPECT_EQ(cut_block("", CutMode::kFull, true), Strings{});
}

TEST(SegmenterTest, CutBlockIsOneWindowWhateverTheWindowSize) {
  const Segmenter seg(test::DefaultDictionary());
  Workspace whole, small;
  internal::Access::Data(small).text.window_bytes = 4;
  std::string text;
  for (int i = 0; i < 50; ++i) text += "中 国人民银行。。的 的abc 3.14%，";
  for (CutMode mode : {CutMode::kAccurate, CutMode::kFull}) {
    for (bool hmm : {true, false}) {
      std::vector<std::string_view> a, b;
      seg.CutBlock(text, mode, hmm, whole, &a);
      seg.CutBlock(text, mode, hmm, small, &b);
      EXPECT_EQ(test::ToStrings(a), test::ToStrings(b));
      std::string joined;
      for (std::string_view w : b) joined += w;
      if (mode == CutMode::kAccurate) {
        EXPECT_EQ(joined, text);
      }
    }
  }
  // The window size is left as it was for the next Cut.
  EXPECT_EQ(internal::Access::Data(small).text.window_bytes, 4u);
}

}  // namespace
}  // namespace kwx
