#include "seg/cut.h"

#include "seg/route.h"
#include "seg/viterbi.h"
#include "util/char_class.h"

namespace kwx::internal {

namespace {

// What one accurate cut works with: the data, the text, the scratch, and where tokens go.
// kMultiCharOnly drops single-character tokens as they are made (KeywordTokens); as a template
// parameter, it costs the other cuts nothing.
template <bool kMultiCharOnly>
struct Cutter {
  static constexpr bool multi_char_only = kMultiCharOnly;
  const DictionaryData& dict;
  const PreparedText& text;
  SegmentScratch& seg;
  std::vector<Span>& out;
  bool force_split = dict.force_split.size() > 0;  // checked once per cut, not per HMM word

  void Emit(std::size_t begin, std::size_t end, std::int32_t node = -1) {
    if (kMultiCharOnly && end - begin == 1) return;
    out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), node});
  }
  // A word the HMM found: finalseg.cut yields a force-split word as its characters.
  void EmitHmmWord(std::size_t begin, std::size_t end) {
    if (force_split && end - begin > 1 && dict.force_split.Find(text.View(begin, end)) != nullptr) {
      for (std::size_t k = begin; k < end; ++k) Emit(k, k + 1);
      return;
    }
    Emit(begin, end);
  }
};

// seg.ids[k] = the character id of text.cps[k] over [begin, end). The table is held in locals:
// the stores into seg.ids could otherwise alias it and force a reload per character.
void MapIds(const CharMap& chars, const PreparedText& text, SegmentScratch& seg, std::size_t begin,
            std::size_t end) {
  const std::span<const std::uint32_t> bmp = chars.bmp();
  const char32_t* cps = text.cps.data();
  std::uint32_t* ids = seg.ids.data();
  for (std::size_t k = begin; k < end; ++k) {
    ids[k] = cps[k] < bmp.size() ? bmp[cps[k]] : chars.Id(cps[k]);
  }
}

template <typename C>
void RouteBlock(C& c, std::size_t begin, std::size_t end) {
  RouteRange(c.dict, c.text, c.seg, begin, end);
}

// Accurate mode outside blocks: every character is a token, except that "\r\n" is one.
template <typename C>
void CutNonBlock(C& c, std::size_t begin, std::size_t end) {
  const char32_t* cps = c.text.cps.data();
  for (std::size_t p = begin; p < end;) {
    std::size_t q = (cps[p] == '\r' && p + 1 < end && cps[p + 1] == '\n') ? p + 2 : p + 1;
    c.Emit(p, q);
    p = q;
  }
}

// finalseg's re_skip split of a non-Han run: [a-zA-Z0-9]+(?:\.\d+)?%? matches and the text
// between them, empty pieces dropped.
template <typename C>
void SplitSkip(C& c, std::size_t begin, std::size_t end) {
  const char32_t* cps = c.text.cps.data();
  std::size_t text_start = begin;
  for (std::size_t r = begin; r < end;) {
    if (!IsAsciiAlnum(cps[r])) {
      ++r;
      continue;
    }
    std::size_t m = r;
    while (m < end && IsAsciiAlnum(cps[m])) ++m;
    if (m + 1 < end && cps[m] == '.' && IsAsciiDigit(cps[m + 1])) {
      m += 2;
      while (m < end && IsAsciiDigit(cps[m])) ++m;
    }
    if (m < end && cps[m] == '%') ++m;
    if (text_start < r) c.Emit(text_start, r);
    c.Emit(r, m);
    r = text_start = m;
  }
  if (text_start < end) c.Emit(text_start, end);
}

// finalseg.__cut on a Han run.
template <typename C>
void CutHan(C& c, std::size_t begin, std::size_t end) {
  std::size_t n = end - begin;
  if (n == 1) {  // whatever the state, a single character comes out alone
    c.Emit(begin, end);
    return;
  }
  std::vector<std::uint8_t>& states = c.seg.viterbi_states;
  Viterbi(c.dict.hmm, c.text.cps.data() + begin, n, c.seg.viterbi, &states);
  std::size_t word_begin = 0, next = 0;
  for (std::size_t t = 0; t < n; ++t) {
    switch (states[t]) {
      case kB:
        word_begin = t;
        break;
      case kE:
        c.EmitHmmWord(begin + word_begin, begin + t + 1);
        next = t + 1;
        break;
      case kS:
        c.Emit(begin + t, begin + t + 1);
        next = t + 1;
        break;
      default:
        break;
    }
  }
  if (next < n) c.EmitHmmWord(begin + next, end);
}

// finalseg.cut: Han runs through Viterbi, the rest through the re_skip split.
template <typename C>
void FinalSeg(C& c, std::size_t begin, std::size_t end) {
  const char32_t* cps = c.text.cps.data();
  for (std::size_t p = begin; p < end;) {
    bool han = IsHan(cps[p]);
    std::size_t q = p + 1;
    while (q < end && IsHan(cps[q]) == han) ++q;
    if (han) {
      CutHan(c, p, q);
    } else {
      SplitSkip(c, p, q);
    }
    p = q;
  }
}

// The pending run of single-character route pieces in __cut_DAG.
template <typename C>
void FlushBuffer(C& c, std::size_t begin, std::size_t end) {
  if (end - begin == 1) {
    c.Emit(begin, end);
  } else if (!c.dict.IsWordAt(c.seg.ids.data() + begin, c.text.cps.data() + begin, end - begin)) {
    FinalSeg(c, begin, end);
  } else if (!C::multi_char_only) {
    for (std::size_t k = begin; k < end; ++k) c.Emit(k, k + 1);
  }
}

// __cut_DAG over the block [begin, end).
template <typename C>
void CutBlockHmm(C& c, std::size_t begin, std::size_t end) {
  RouteBlock(c, begin, end);
  const std::int32_t* route_end = c.seg.route_end.data() + begin;
  std::size_t buf = end;  // start of the pending single characters; `end` = none
  for (std::size_t x = begin; x < end;) {
    std::size_t y = static_cast<std::size_t>(route_end[x - begin]) + begin + 1;
    if (y - x == 1) {
      if (buf == end) buf = x;
    } else {
      if (buf != end) {
        FlushBuffer(c, buf, x);
        buf = end;
      }
      c.Emit(x, y, c.seg.route_node[x]);
    }
    x = y;
  }
  if (buf != end) FlushBuffer(c, buf, end);
}

// __cut_DAG_NO_HMM over the block [begin, end): consecutive single ASCII letters/digits merge.
template <typename C>
void CutBlockNoHmm(C& c, std::size_t begin, std::size_t end) {
  RouteBlock(c, begin, end);
  const std::int32_t* route_end = c.seg.route_end.data() + begin;
  const char32_t* cps = c.text.cps.data();
  std::size_t eng = end;
  for (std::size_t x = begin; x < end;) {
    std::size_t y = static_cast<std::size_t>(route_end[x - begin]) + begin + 1;
    if (y - x == 1 && IsAsciiAlnum(cps[x])) {
      if (eng == end) eng = x;
    } else {
      if (eng != end) {
        c.Emit(eng, x);
        eng = end;
      }
      c.Emit(x, y, c.seg.route_node[x]);
    }
    x = y;
  }
  if (eng != end) c.Emit(eng, end);
}

// re_han_default.split(): calls f(begin, end, is_block) for each maximal run of block characters
// and of other characters, in order.
template <typename F>
void ForEachRun(const PreparedText& text, F&& f) {
  const char32_t* c = text.cps.data();
  std::size_t n = text.length;
  for (std::size_t i = 0; i < n;) {
    bool block = IsBlockChar(c[i]);
    std::size_t j = i + 1;
    while (j < n && IsBlockChar(c[j]) == block) ++j;
    f(i, j, block);
    i = j;
  }
}

template <bool kMultiCharOnly>
void CutAccurateInto(const DictionaryData& dict, bool hmm, const PreparedText& text,
                     SegmentScratch& seg, std::vector<Span>& out) {
  SizeBuffers(text, seg);
  out.clear();
  Cutter<kMultiCharOnly> c{dict, text, seg, out};
  ForEachRun(text, [&](std::size_t i, std::size_t j, bool block) {
    if (!block) {
      if (!kMultiCharOnly) CutNonBlock(c, i, j);
    } else if (hmm) {
      CutBlockHmm(c, i, j);
    } else {
      CutBlockNoHmm(c, i, j);
    }
  });
}

}  // namespace

void RouteRange(const DictionaryData& dict, const PreparedText& text, SegmentScratch& seg,
                std::size_t begin, std::size_t end) {
  MapIds(dict.chars, text, seg, begin, end);
  if (dict.overlay == nullptr) {
    ComputeRoute(dict, seg.ids.data() + begin, end - begin, seg.route_score.data() + begin,
                 seg.route_end.data() + begin, seg.route_node.data() + begin);
  } else {
    ComputeRouteWithOverlay(dict, seg.ids.data() + begin, text.cps.data() + begin, end - begin,
                            seg.route_score.data() + begin, seg.route_end.data() + begin,
                            seg.route_node.data() + begin);
  }
}

// Grows the per-code-point buffers to the text (they never shrink: a warm workspace allocates
// nothing).
void SizeBuffers(const PreparedText& text, SegmentScratch& seg) {
  std::size_t n = text.length;
  if (seg.ids.size() < n + 1) {
    seg.ids.resize(n + 1);
    seg.route_score.resize(n + 1);
    seg.route_end.resize(n + 1);
    seg.route_node.resize(n + 1);
  }
}

std::span<const Span> CutAccurate(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                  SegmentScratch& seg) {
  CutAccurateInto<false>(dict, hmm, text, seg, seg.spans);
  return seg.spans;
}

std::span<const Span> KeywordTokens(const DictionaryData& dict, const PreparedText& text,
                                    SegmentScratch& seg) {
  CutAccurateInto<true>(dict, /*hmm=*/true, text, seg, seg.spans);
  // Every token lies inside a block, so seg.ids covers it. Words from the HMM may still be
  // dictionary words: look them up, so that one word is always one node.
  for (Span& s : seg.spans) {
    if (s.node < 0) s.node = dict.Find({seg.ids.data() + s.begin, s.end - s.begin});
  }
  return seg.spans;
}

std::span<const Span> CutSearch(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                SegmentScratch& seg) {
  CutAccurateInto<false>(dict, hmm, text, seg, seg.accurate);
  std::vector<Span>& out = seg.spans;
  out.clear();
  for (const Span& w : seg.accurate) {
    std::size_t len = w.end - w.begin;
    if (len > 2) {
      for (std::uint32_t i = w.begin; i + 2 <= w.end; ++i) {
        if (dict.IsWordAt(seg.ids.data() + i, text.cps.data() + i, 2)) out.push_back({i, i + 2});
      }
    }
    if (len > 3) {
      for (std::uint32_t i = w.begin; i + 3 <= w.end; ++i) {
        if (dict.IsWordAt(seg.ids.data() + i, text.cps.data() + i, 3)) out.push_back({i, i + 3});
      }
    }
    out.push_back(w);
  }
  return out;
}

namespace {

// __cut_all over the block [begin, end), transcribed from jieba including its quirks: a run of
// ASCII letters/digits collects single-candidate pieces in eng_buf, which need not be contiguous.
void CutFullBlock(const DictionaryData& dict, const PreparedText& text, SegmentScratch& seg,
                  std::size_t begin, std::size_t end, std::vector<std::string_view>* out) {
  MapIds(dict.chars, text, seg, begin, end);
  ComputeDag(dict, seg.ids.data() + begin, text.cps.data() + begin, end - begin, &seg.dag_ends,
             &seg.dag_start);
  const char32_t* c = text.cps.data();
  std::vector<Span>& eng = seg.eng_pieces;  // the pieces of eng_buf
  eng.clear();
  bool eng_scan = false;
  auto flush_eng = [&] {
    bool contiguous = true;
    for (std::size_t e = 1; e < eng.size(); ++e) contiguous &= eng[e].begin == eng[e - 1].end;
    if (contiguous) {
      out->push_back(text.View(eng.front().begin, eng.back().end));
    } else {
      // The arena holds the joined tokens of the whole call: reserved to the line's size at its
      // first use in the call (the tokens are joined pieces of the line, never longer in
      // total), it never reallocates while views into it are handed out.
      if (seg.arena.empty() && seg.arena.capacity() < text.line.size()) {
        seg.arena.reserve(text.line.size());
      }
      std::size_t at = seg.arena.size();
      for (const Span& s : eng) seg.arena.append(text.View(s.begin, s.end));
      out->push_back(std::string_view(seg.arena).substr(at));
    }
    eng.clear();
  };
  std::int64_t old_j = -1;
  for (std::size_t k = 0; k < end - begin; ++k) {
    std::size_t abs_k = begin + k;
    if (eng_scan && !IsAsciiAlnum(c[abs_k])) {
      eng_scan = false;
      flush_eng();
    }
    std::uint32_t first = seg.dag_start[k], last = seg.dag_start[k + 1];
    if (last - first == 1 && static_cast<std::int64_t>(k) > old_j) {
      std::size_t j = seg.dag_ends[first];
      Span word{static_cast<std::uint32_t>(abs_k), static_cast<std::uint32_t>(begin + j + 1)};
      if (IsAsciiAlnum(c[abs_k])) {
        if (!eng_scan) {
          eng_scan = true;
          eng.clear();
        }
        eng.push_back(word);
      }
      if (!eng_scan) out->push_back(text.View(word.begin, word.end));
      old_j = static_cast<std::int64_t>(j);
    } else {
      for (std::uint32_t d = first; d < last; ++d) {
        std::size_t j = seg.dag_ends[d];
        if (j > k) {
          out->push_back(text.View(abs_k, begin + j + 1));
          old_j = static_cast<std::int64_t>(j);
        }
      }
    }
  }
  if (eng_scan) flush_eng();
}

// Full mode outside blocks: split on whitespace / "\r\n" like re.split, keeping the separators
// and every piece between them, empty ones included.
void CutFullNonBlock(const PreparedText& text, std::size_t begin, std::size_t end,
                     std::vector<std::string_view>* out) {
  const char32_t* c = text.cps.data();
  std::size_t piece = begin;
  for (std::size_t p = begin; p < end;) {
    std::size_t sep_end;
    if (c[p] == '\r' && p + 1 < end && c[p + 1] == '\n') {
      sep_end = p + 2;
    } else if (IsPySpace(c[p])) {
      sep_end = p + 1;
    } else {
      ++p;
      continue;
    }
    out->push_back(text.View(piece, p));
    out->push_back(text.View(p, sep_end));
    p = piece = sep_end;
  }
  out->push_back(text.View(piece, end));
}

}  // namespace

void CutFull(const DictionaryData& dict, const PreparedText& text, SegmentScratch& seg,
             std::vector<std::string_view>* out) {
  SizeBuffers(text, seg);
  ForEachRun(text, [&](std::size_t i, std::size_t j, bool block) {
    if (block) {
      CutFullBlock(dict, text, seg, i, j, out);
    } else {
      CutFullNonBlock(text, i, j, out);
    }
  });
}

void CutWholeBlock(const DictionaryData& dict, CutMode mode, bool hmm, const PreparedText& text,
                   SegmentScratch& seg, std::vector<std::string_view>* out) {
  SizeBuffers(text, seg);
  const std::size_t n = text.length;
  if (n == 0) return;
  if (mode == CutMode::kFull) {
    CutFullBlock(dict, text, seg, 0, n, out);
    return;
  }
  seg.spans.clear();
  Cutter<false> c{dict, text, seg, seg.spans};
  if (hmm) {
    CutBlockHmm(c, 0, n);
  } else {
    CutBlockNoHmm(c, 0, n);
  }
  for (const Span& s : seg.spans) out->push_back(text.View(s.begin, s.end));
}

}  // namespace kwx::internal
