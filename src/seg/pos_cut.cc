// Transcribed from jieba/posseg/__init__.py (0.42.1): __cut_internal, __cut_DAG,
// __cut_DAG_NO_HMM, __cut_detail and __cut, quirks included.
#include "seg/pos_cut.h"

#include <algorithm>

#include "seg/cut.h"
#include "util/char_class.h"

namespace kwx::internal {

namespace {

constexpr std::string_view kFlagX = "x";
constexpr std::string_view kFlagM = "m";
constexpr std::string_view kFlagEng = "eng";

struct PosCutter {
  const DictionaryData& dict;
  const PreparedText& text;
  SegmentScratch& seg;
  PosScratch& pos;

  void Emit(std::size_t begin, std::size_t end, std::string_view flag) {
    pos.spans.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), flag});
  }

  // word_tag_tab.get(word, 'x') for the block's code points [begin, end); `node` is the word's
  // trie node when the route knows it, else -1.
  std::string_view TagOf(std::size_t begin, std::size_t end, std::int32_t node = -1) const {
    const std::size_t n = end - begin;
    if (dict.overlay != nullptr) {
      std::int32_t o = dict.overlay->trie.Find({text.cps.data() + begin, n});
      if (o != OverlayTrie::kNone) {
        std::uint32_t tag = dict.overlay->nodes[static_cast<std::size_t>(o)].tag;
        if (tag != Overlay::kKeepTag) return dict.overlay->tags[tag];
      }
    }
    if (node < 0) node = dict.Find({seg.ids.data() + begin, n});
    if (node < 0) return kFlagX;
    std::string_view tag = dict.Tag(node);
    return tag.empty() ? kFlagX : tag;  // jieba never stores an empty tag
  }

  // __cut: the POS HMM over a Han run. Words end at an E (from the last B on, which may repeat
  // characters when two Es follow one B) or are an S; what follows the last E or S is one word.
  void CutHanPos(std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    const PosModel& model = *dict.pos;
    const char32_t* run = text.cps.data() + begin;
    if (!pos.memo.Find(model, dict.pos, run, n, &pos.states)) {
      PosViterbi(model, run, n, pos.viterbi, &pos.states);
      pos.memo.Put(run, n, pos.states);
    }
    std::size_t word_begin = 0, next = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t state = pos.states[i];
      switch (model.positions[state]) {
        case 'B':
          word_begin = i;
          break;
        case 'E':
          Emit(begin + word_begin, begin + i + 1, model.Tag(state));
          next = i + 1;
          break;
        case 'S':
          Emit(begin + i, begin + i + 1, model.Tag(state));
          next = i + 1;
          break;
        default:
          break;
      }
    }
    if (next < n) Emit(begin + next, end, model.Tag(pos.states[next]));
  }

  // re_skip_detail.split of a non-Han run: matches of [\.0-9]+ ("m") or, where none starts,
  // [a-zA-Z0-9]+ ("eng"), and the text between them ("x", whole).
  void SplitDetail(std::size_t begin, std::size_t end) {
    const char32_t* cps = text.cps.data();
    std::size_t other = begin;
    for (std::size_t r = begin; r < end;) {
      const bool num = cps[r] == '.' || IsAsciiDigit(cps[r]);
      if (!num && !IsAsciiAlnum(cps[r])) {
        ++r;
        continue;
      }
      std::size_t m = r + 1;
      if (num) {
        while (m < end && (cps[m] == '.' || IsAsciiDigit(cps[m]))) ++m;
      } else {
        while (m < end && IsAsciiAlnum(cps[m])) ++m;
      }
      if (other < r) Emit(other, r, kFlagX);
      Emit(r, m, num ? kFlagM : kFlagEng);
      r = other = m;
    }
    if (other < end) Emit(other, end, kFlagX);
  }

  // __cut_detail: Han runs through the POS HMM, the rest through SplitDetail.
  void CutDetail(std::size_t begin, std::size_t end) {
    const char32_t* cps = text.cps.data();
    for (std::size_t p = begin; p < end;) {
      const bool han = IsHan(cps[p]);
      std::size_t q = p + 1;
      while (q < end && IsHan(cps[q]) == han) ++q;
      if (han) {
        CutHanPos(p, q);
      } else {
        SplitDetail(p, q);
      }
      p = q;
    }
  }

  // The pending single characters of __cut_DAG.
  void FlushBuffer(std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
      Emit(begin, end, TagOf(begin, end, seg.route_node[begin]));
    } else if (!dict.IsWordAt(seg.ids.data() + begin, text.cps.data() + begin, end - begin)) {
      CutDetail(begin, end);
    } else {
      for (std::size_t k = begin; k < end; ++k) Emit(k, k + 1, TagOf(k, k + 1, seg.route_node[k]));
    }
  }

  // __cut_DAG over the block [begin, end).
  void CutBlockHmm(std::size_t begin, std::size_t end) {
    RouteRange(dict, text, seg, begin, end);
    std::size_t buf = end;  // start of the pending single characters; `end` = none
    for (std::size_t x = begin; x < end;) {
      std::size_t y = static_cast<std::size_t>(seg.route_end[x]) + begin + 1;
      if (y - x == 1) {
        if (buf == end) buf = x;
      } else {
        if (buf != end) {
          FlushBuffer(buf, x);
          buf = end;
        }
        Emit(x, y, TagOf(x, y, seg.route_node[x]));
      }
      x = y;
    }
    if (buf != end) FlushBuffer(buf, end);
  }

  // __cut_DAG_NO_HMM over the block [begin, end): consecutive single ASCII letters/digits
  // (re_eng1) merge into one "eng" word.
  void CutBlockNoHmm(std::size_t begin, std::size_t end) {
    RouteRange(dict, text, seg, begin, end);
    const char32_t* cps = text.cps.data();
    std::size_t eng = end;
    for (std::size_t x = begin; x < end;) {
      std::size_t y = static_cast<std::size_t>(seg.route_end[x]) + begin + 1;
      if (y - x == 1 && IsAsciiAlnum(cps[x])) {
        if (eng == end) eng = x;
      } else {
        if (eng != end) {
          Emit(eng, x, kFlagEng);
          eng = end;
        }
        Emit(x, y, TagOf(x, y, seg.route_node[x]));
      }
      x = y;
    }
    if (eng != end) Emit(eng, end, kFlagEng);
  }

  // Outside blocks (re_skip_internal.split): "\r\n" and each other character, all "x" (such a
  // run holds no ASCII letter, digit or '.', so re_num and re_eng never match there).
  void CutNonBlock(std::size_t begin, std::size_t end) {
    const char32_t* cps = text.cps.data();
    for (std::size_t p = begin; p < end;) {
      std::size_t q = (cps[p] == '\r' && p + 1 < end && cps[p + 1] == '\n') ? p + 2 : p + 1;
      Emit(p, q, kFlagX);
      p = q;
    }
  }
};

}  // namespace

std::size_t PosRunMemo::SlotOf(const char32_t* run, std::size_t n) const {
  std::uint64_t h = n;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ run[i]) * 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(h >> 32) & (slots_.size() - 1);
}

bool PosRunMemo::Find(const PosModel& model, const std::shared_ptr<const PosModel>& owner,
                      const char32_t* run, std::size_t n, std::vector<std::uint8_t>* states) {
  if (n > kMaxRun) return false;
  // The same model: the address matches and the one remembered is still alive (so the address
  // cannot have been reused by another).
  if (slots_.empty() || model_address_ != &model || model_.expired()) {
    slots_.assign(kFirstSlots, Slot{});
    misses_ = 0;
    model_ = owner;
    model_address_ = &model;
  }
  const Slot& slot = slots_[SlotOf(run, n)];
  if (slot.length != n || !std::equal(run, run + n, slot.chars.begin())) {
    if (++misses_ > 2 * slots_.size() && slots_.size() < kMaxSlots) {
      slots_.assign(std::min(kMaxSlots, slots_.size() * 16), Slot{});  // starts over, bigger
      misses_ = 0;
    }
    return false;
  }
  states->assign(slot.states.begin(), slot.states.begin() + static_cast<std::ptrdiff_t>(n));
  return true;
}

void PosRunMemo::Put(const char32_t* run, std::size_t n, const std::vector<std::uint8_t>& states) {
  if (n > kMaxRun || slots_.empty()) return;
  Slot& slot = slots_[SlotOf(run, n)];
  slot.length = static_cast<std::uint8_t>(n);
  std::copy(run, run + n, slot.chars.begin());
  std::copy(states.begin(), states.begin() + static_cast<std::ptrdiff_t>(n), slot.states.begin());
}

std::span<const TaggedSpan> CutPos(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                   SegmentScratch& seg, PosScratch& pos) {
  SizeBuffers(text, seg);
  pos.spans.clear();
  PosCutter c{dict, text, seg, pos};
  const char32_t* cps = text.cps.data();
  const std::size_t n = text.length;
  // re_han_internal.split: maximal runs of block and of other characters.
  for (std::size_t i = 0; i < n;) {
    const bool block = IsPosBlockChar(cps[i]);
    std::size_t j = i + 1;
    while (j < n && IsPosBlockChar(cps[j]) == block) ++j;
    if (!block) {
      c.CutNonBlock(i, j);
    } else if (hmm) {
      c.CutBlockHmm(i, j);
    } else {
      c.CutBlockNoHmm(i, j);
    }
    i = j;
  }
  return pos.spans;
}

std::span<const TaggedSpan> CutPosWholeBlock(const DictionaryData& dict, bool hmm,
                                             const PreparedText& text, SegmentScratch& seg,
                                             PosScratch& pos) {
  SizeBuffers(text, seg);
  pos.spans.clear();
  if (text.length == 0) return pos.spans;
  PosCutter c{dict, text, seg, pos};
  if (hmm) {
    c.CutBlockHmm(0, text.length);
  } else {
    c.CutBlockNoHmm(0, text.length);
  }
  return pos.spans;
}

}  // namespace kwx::internal
