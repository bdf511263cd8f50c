// The single-text calls: segmentation, keywords, and formatting one result like the CLI.
#include <string>
#include <vector>

#include "calls.h"
#include "convert.h"

namespace kwx::python {

py::list Cut(DictionaryHolder& dictionary, py::handle text, std::string_view mode, bool hmm) {
  const CutMode cut_mode = OrRaise(ParseCutMode(mode));
  const std::string_view utf8 = Utf8Of(text);
  auto scratch = dictionary.pool().Acquire();
  scratch.FreeIfLarger(utf8.size());
  {
    ReleaseGilIfLong release(utf8.size());
    dictionary.segmenter().Cut(utf8, cut_mode, hmm, scratch->ws, &scratch->words);
  }
  return WordsToList(scratch->words);
}

py::list CutBlock(DictionaryHolder& dictionary, py::handle text, std::string_view mode, bool hmm) {
  const CutMode cut_mode = OrRaise(ParseCutMode(mode));
  const std::string_view utf8 = Utf8Of(text);
  auto scratch = dictionary.pool().Acquire();
  scratch.FreeIfLarger(utf8.size());
  {
    ReleaseGilIfLong release(utf8.size());
    dictionary.segmenter().CutBlock(utf8, cut_mode, hmm, scratch->ws, &scratch->words);
  }
  return WordsToList(scratch->words);
}

py::list PosCutBlock(DictionaryHolder& dictionary, py::handle text, bool hmm,
                     py::handle pair_type) {
  const PosTagger* tagger = OrRaise(dictionary.tagger());
  const std::string_view utf8 = Utf8Of(text);
  auto scratch = dictionary.pool().Acquire();
  scratch.FreeIfLarger(utf8.size());
  {
    ReleaseGilIfLong release(utf8.size());
    tagger->CutBlock(utf8, hmm, scratch->ws, &scratch->tagged);
  }
  return TaggedToList(scratch->tagged, pair_type);
}

py::list Tokenize(DictionaryHolder& dictionary, py::handle text, bool search, bool hmm) {
  const std::string_view utf8 = Utf8Of(text);
  auto scratch = dictionary.pool().Acquire();
  scratch.FreeIfLarger(utf8.size());
  {
    ReleaseGilIfLong release(utf8.size());
    dictionary.segmenter().Tokenize(utf8, search ? CutMode::kSearch : CutMode::kAccurate, hmm,
                                    scratch->ws, &scratch->tokens);
  }
  return TokensToList(scratch->tokens);
}

py::list PosCut(DictionaryHolder& dictionary, py::handle text, bool hmm, py::handle pair_type) {
  const PosTagger* tagger = OrRaise(dictionary.tagger());
  const std::string_view utf8 = Utf8Of(text);
  auto scratch = dictionary.pool().Acquire();
  scratch.FreeIfLarger(utf8.size());
  {
    ReleaseGilIfLong release(utf8.size());
    tagger->Cut(utf8, hmm, scratch->ws, &scratch->tagged);
  }
  return TaggedToList(scratch->tagged, pair_type);
}

KeywordArgs MakeKeywordArgs(const KeywordHolder& holder, std::int64_t top_k, bool with_weight,
                            const std::vector<std::string>& allow_pos, bool with_flag,
                            py::handle pair_type) {
  KeywordArgs args;
  args.options.top_k = top_k;
  args.options.with_weight = with_weight;
  args.options.allow_pos = allow_pos;
  args.options.with_flag = with_flag;
  args.with_flag = with_flag && !allow_pos.empty();
  args.pair_type = pair_type;
  if (Status s = holder.extractor().Check(args.options); !s.ok()) RaiseStatus(s);
  return args;
}

py::list Extract(KeywordHolder& holder, py::handle text, const KeywordArgs& args) {
  const std::string_view utf8 = Utf8Of(text);
  auto scratch = holder.pool().Acquire();
  scratch.FreeIfLarger(utf8.size());
  {
    ReleaseGilIfLong release(utf8.size());
    holder.extractor().Extract(utf8, args.options, scratch->ws, &scratch->keywords);
  }
  if (args.with_flag) return TaggedKeywordsToList(scratch->keywords, args.options.with_weight, args.pair_type);
  return KeywordsToList(scratch->keywords, args.options.with_weight);
}

py::str FormatTags(py::handle tags, bool with_weight, std::string_view format,
                   std::uint64_t line_number) {
  const OutputFormat output_format = OrRaise(ParseOutputFormat(format));
  // The views point into the str objects, which `items` keeps alive.
  py::object items = py::reinterpret_steal<py::object>(
      PySequence_Fast(tags.ptr(), "kwx: format_tags expects a list of keywords"));
  if (!items) throw py::error_already_set();
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(items.ptr());
  std::vector<Keyword> keywords(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    py::handle item = PySequence_Fast_GET_ITEM(items.ptr(), i);
    Keyword& k = keywords[static_cast<std::size_t>(i)];
    if (PyUnicode_Check(item.ptr())) {
      if (with_weight) {
        throw py::type_error(
            "kwx: format_tags(withWeight=True) needs (word, weight) pairs, as "
            "extract_tags(withWeight=True) returns");
      }
      k.word = Utf8Of(item);
      continue;
    }
    if (!PyTuple_Check(item.ptr()) || PyTuple_GET_SIZE(item.ptr()) != 2) {
      throw py::type_error("kwx: format_tags: each keyword must be a str or a (word, weight) "
                           "pair");
    }
    k.word = Utf8Of(PyTuple_GET_ITEM(item.ptr(), 0));
    if (with_weight) {
      k.weight = PyFloat_AsDouble(PyTuple_GET_ITEM(item.ptr(), 1));
      if (k.weight == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    }
  }
  std::string line;
  AppendKeywords(keywords, output_format, with_weight, DocumentId{line_number}, &line);
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return py::reinterpret_steal<py::str>(NewStr(line).release());
}

}  // namespace kwx::python
