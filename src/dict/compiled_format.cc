#include "dict/compiled_format.h"

#include <vector>

#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/text.h"
#include "kwx/tfidf.h"

namespace kwx::internal::compiled {

std::string SelfTestOutput(const Dictionary& dict, const IdfTable& idf, std::string_view sentence) {
  Segmenter segmenter(dict);
  StopWords stop_words;
  TfidfExtractor extractor(segmenter, idf, stop_words);
  Workspace ws;
  std::vector<std::string_view> tokens;
  segmenter.Cut(sentence, CutMode::kAccurate, true, ws, &tokens);
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out.push_back('\x1f');
    out.append(tokens[i]);
  }
  out.push_back('\t');
  std::vector<Keyword> keywords;
  KeywordOptions options;
  options.top_k = 5;
  extractor.Extract(sentence, options, ws, &keywords);
  for (const Keyword& k : keywords) {
    out.append(k.word);
    out.push_back(':');
    AppendPythonFloat(k.weight, &out);
    out.push_back(' ');
  }
  if (auto tagger = PosTagger::Create(dict); tagger.ok()) {
    std::vector<TaggedWord> words;
    tagger->Cut(sentence, /*hmm=*/true, ws, &words);
    out.push_back('\t');
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i > 0) out.push_back('\x1f');
      out.append(words[i].word).append("\x1e").append(words[i].flag);
    }
  }
  return out;
}

}  // namespace kwx::internal::compiled
