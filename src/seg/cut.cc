#include "seg/cut.h"

#include "seg/route.h"
#include "seg/viterbi.h"
#include "util/char_class.h"

namespace kwx::internal {

namespace {

void Emit(WorkspaceData& ws, std::size_t begin, std::size_t end, std::int32_t node = -1) {
  if (end - begin == 1 && ws.skip_single_characters) return;
  ws.spans.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), node});
}

// ws.ids[k] = the character id of ws.cps[k] over [begin, end). The table is held in locals: the
// stores into ws.ids could otherwise alias it and force a reload per character.
void MapIds(const CharMap& chars, WorkspaceData& ws, std::size_t begin, std::size_t end) {
  const std::span<const std::uint32_t> bmp = chars.bmp();
  const char32_t* cps = ws.cps.data();
  std::uint32_t* ids = ws.ids.data();
  for (std::size_t k = begin; k < end; ++k) {
    ids[k] = cps[k] < bmp.size() ? bmp[cps[k]] : chars.Id(cps[k]);
  }
}

// Fills ws.ids over [begin, end) and computes the route there.
void RouteBlock(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin, std::size_t end) {
  MapIds(dict.chars, ws, begin, end);
  ComputeRoute(dict, ws.ids.data() + begin, end - begin, ws.route_score.data() + begin,
               ws.route_end.data() + begin, ws.route_node.data() + begin);
}

// Accurate mode outside blocks: every character is a token, except that "\r\n" is one.
void CutNonBlock(WorkspaceData& ws, std::size_t begin, std::size_t end) {
  for (std::size_t p = begin; p < end;) {
    std::size_t q = (ws.cps[p] == '\r' && p + 1 < end && ws.cps[p + 1] == '\n') ? p + 2 : p + 1;
    Emit(ws, p, q);
    p = q;
  }
}

// finalseg's re_skip split of a non-Han run: [a-zA-Z0-9]+(?:\.\d+)?%? matches and the text
// between them, empty pieces dropped.
void SplitSkip(WorkspaceData& ws, std::size_t begin, std::size_t end) {
  const char32_t* c = ws.cps.data();
  std::size_t text_start = begin;
  for (std::size_t r = begin; r < end;) {
    if (!IsAsciiAlnum(c[r])) {
      ++r;
      continue;
    }
    std::size_t m = r;
    while (m < end && IsAsciiAlnum(c[m])) ++m;
    if (m + 1 < end && c[m] == '.' && IsAsciiDigit(c[m + 1])) {
      m += 2;
      while (m < end && IsAsciiDigit(c[m])) ++m;
    }
    if (m < end && c[m] == '%') ++m;
    if (text_start < r) Emit(ws, text_start, r);
    Emit(ws, r, m);
    r = text_start = m;
  }
  if (text_start < end) Emit(ws, text_start, end);
}

// finalseg.__cut on a Han run.
void CutHan(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin, std::size_t end) {
  std::size_t n = end - begin;
  if (n == 1) {  // whatever the state, a single character comes out alone
    Emit(ws, begin, end);
    return;
  }
  ViterbiScratch scratch{std::move(ws.viterbi_prob), std::move(ws.viterbi_from)};
  Viterbi(dict.hmm, ws.cps.data() + begin, n, scratch, &ws.viterbi_states);
  ws.viterbi_prob = std::move(scratch.prob);
  ws.viterbi_from = std::move(scratch.from);
  std::size_t word_begin = 0, next = 0;
  for (std::size_t t = 0; t < n; ++t) {
    switch (ws.viterbi_states[t]) {
      case kB:
        word_begin = t;
        break;
      case kE:
        Emit(ws, begin + word_begin, begin + t + 1);
        next = t + 1;
        break;
      case kS:
        Emit(ws, begin + t, begin + t + 1);
        next = t + 1;
        break;
      default:
        break;
    }
  }
  if (next < n) Emit(ws, begin + next, end);
}

// finalseg.cut: Han runs through Viterbi, the rest through the re_skip split.
void FinalSeg(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin, std::size_t end) {
  for (std::size_t p = begin; p < end;) {
    bool han = IsHan(ws.cps[p]);
    std::size_t q = p + 1;
    while (q < end && IsHan(ws.cps[q]) == han) ++q;
    if (han) {
      CutHan(dict, ws, p, q);
    } else {
      SplitSkip(ws, p, q);
    }
    p = q;
  }
}

// The pending run of single-character route pieces in __cut_DAG.
void FlushBuffer(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin, std::size_t end) {
  if (end - begin == 1) {
    Emit(ws, begin, end);
  } else if (!dict.IsWord({ws.ids.data() + begin, end - begin})) {
    FinalSeg(dict, ws, begin, end);
  } else if (!ws.skip_single_characters) {
    for (std::size_t k = begin; k < end; ++k) Emit(ws, k, k + 1);
  }
}

// __cut_DAG over the block [begin, end).
void CutBlockHmm(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin, std::size_t end) {
  RouteBlock(dict, ws, begin, end);
  const std::int32_t* route_end = ws.route_end.data() + begin;
  std::size_t buf = end;  // start of the pending single characters; `end` = none
  for (std::size_t x = begin; x < end;) {
    std::size_t y = static_cast<std::size_t>(route_end[x - begin]) + begin + 1;
    if (y - x == 1) {
      if (buf == end) buf = x;
    } else {
      if (buf != end) {
        FlushBuffer(dict, ws, buf, x);
        buf = end;
      }
      Emit(ws, x, y, ws.route_node[x]);
    }
    x = y;
  }
  if (buf != end) FlushBuffer(dict, ws, buf, end);
}

// __cut_DAG_NO_HMM over the block [begin, end): consecutive single ASCII letters/digits merge.
void CutBlockNoHmm(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin,
                   std::size_t end) {
  RouteBlock(dict, ws, begin, end);
  const std::int32_t* route_end = ws.route_end.data() + begin;
  std::size_t eng = end;
  for (std::size_t x = begin; x < end;) {
    std::size_t y = static_cast<std::size_t>(route_end[x - begin]) + begin + 1;
    if (y - x == 1 && IsAsciiAlnum(ws.cps[x])) {
      if (eng == end) eng = x;
    } else {
      if (eng != end) {
        Emit(ws, eng, x);
        eng = end;
      }
      Emit(ws, x, y, ws.route_node[x]);
    }
    x = y;
  }
  if (eng != end) Emit(ws, eng, end);
}

// re_han_default.split(): calls f(begin, end, is_block) for each maximal run of block characters
// and of other characters, in order. SizeBuffers() first.
template <typename F>
void ForEachRun(const WorkspaceData& ws, F&& f) {
  const char32_t* c = ws.cps.data();
  std::size_t n = ws.length;
  for (std::size_t i = 0; i < n;) {
    bool block = IsBlockChar(c[i]);
    std::size_t j = i + 1;
    while (j < n && IsBlockChar(c[j]) == block) ++j;
    f(i, j, block);
    i = j;
  }
}

void SizeBuffers(WorkspaceData& ws) {
  std::size_t n = ws.length;
  ws.spans.clear();
  if (ws.ids.size() < n + 1) {
    ws.ids.resize(n + 1);
    ws.route_score.resize(n + 1);
    ws.route_end.resize(n + 1);
    ws.route_node.resize(n + 1);
  }
}

std::string_view View(const WorkspaceData& ws, std::size_t begin, std::size_t end) {
  return ws.text.substr(ws.offsets[begin], ws.offsets[end] - ws.offsets[begin]);
}

}  // namespace

void CutAccurate(const DictionaryData& dict, bool hmm, WorkspaceData& ws, CutTokens tokens) {
  SizeBuffers(ws);
  ws.skip_single_characters = tokens == CutTokens::kMultiCharInBlocks;
  ForEachRun(ws, [&](std::size_t i, std::size_t j, bool block) {
    if (!block) {
      if (!ws.skip_single_characters) CutNonBlock(ws, i, j);
    } else if (hmm) {
      CutBlockHmm(dict, ws, i, j);
    } else {
      CutBlockNoHmm(dict, ws, i, j);
    }
  });
}

void CutSearch(const DictionaryData& dict, bool hmm, WorkspaceData& ws) {
  CutAccurate(dict, hmm, ws);
  std::vector<Span> words;
  words.swap(ws.spans);
  for (const Span& w : words) {
    std::size_t len = w.end - w.begin;
    if (len > 2) {
      for (std::size_t i = w.begin; i + 2 <= w.end; ++i) {
        if (dict.IsWord({ws.ids.data() + i, 2})) Emit(ws, i, i + 2);
      }
    }
    if (len > 3) {
      for (std::size_t i = w.begin; i + 3 <= w.end; ++i) {
        if (dict.IsWord({ws.ids.data() + i, 3})) Emit(ws, i, i + 3);
      }
    }
    ws.spans.push_back(w);
  }
}

namespace {

// __cut_all over the block [begin, end), transcribed from jieba including its quirks: a run of
// ASCII letters/digits collects single-candidate pieces in eng_buf, which need not be contiguous.
void CutFullBlock(const DictionaryData& dict, WorkspaceData& ws, std::size_t begin, std::size_t end,
                  std::vector<std::string_view>* out) {
  MapIds(dict.chars, ws, begin, end);
  ComputeDag(dict, ws.ids.data() + begin, end - begin, &ws.dag_ends, &ws.dag_start);
  const char32_t* c = ws.cps.data();
  std::vector<Span> eng;  // the pieces of eng_buf
  bool eng_scan = false;
  auto flush_eng = [&] {
    bool contiguous = true;
    for (std::size_t e = 1; e < eng.size(); ++e) contiguous &= eng[e].begin == eng[e - 1].end;
    if (contiguous) {
      out->push_back(View(ws, eng.front().begin, eng.back().end));
    } else {
      std::string joined;
      for (const Span& s : eng) joined.append(View(ws, s.begin, s.end));
      out->push_back(ws.arena.emplace_back(std::move(joined)));
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
    std::uint32_t first = ws.dag_start[k], last = ws.dag_start[k + 1];
    if (last - first == 1 && static_cast<std::int64_t>(k) > old_j) {
      std::size_t j = ws.dag_ends[first];
      Span word{static_cast<std::uint32_t>(abs_k), static_cast<std::uint32_t>(begin + j + 1)};
      if (IsAsciiAlnum(c[abs_k])) {
        if (!eng_scan) {
          eng_scan = true;
          eng.clear();
        }
        eng.push_back(word);
      }
      if (!eng_scan) out->push_back(View(ws, word.begin, word.end));
      old_j = static_cast<std::int64_t>(j);
    } else {
      for (std::uint32_t d = first; d < last; ++d) {
        std::size_t j = ws.dag_ends[d];
        if (j > k) {
          out->push_back(View(ws, abs_k, begin + j + 1));
          old_j = static_cast<std::int64_t>(j);
        }
      }
    }
  }
  if (eng_scan) flush_eng();
}

// Full mode outside blocks: split on whitespace / "\r\n" like re.split, keeping the separators
// and every piece between them, empty ones included.
void CutFullNonBlock(WorkspaceData& ws, std::size_t begin, std::size_t end,
                     std::vector<std::string_view>* out) {
  const char32_t* c = ws.cps.data();
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
    out->push_back(View(ws, piece, p));
    out->push_back(View(ws, p, sep_end));
    p = piece = sep_end;
  }
  out->push_back(View(ws, piece, end));
}

}  // namespace

void CutFull(const DictionaryData& dict, WorkspaceData& ws, std::vector<std::string_view>* out) {
  SizeBuffers(ws);
  ws.arena.clear();
  ForEachRun(ws, [&](std::size_t i, std::size_t j, bool block) {
    if (block) {
      CutFullBlock(dict, ws, i, j, out);
    } else {
      CutFullNonBlock(ws, i, j, out);
    }
  });
}

}  // namespace kwx::internal
