// What the Python facade calls: one text at a time (calls.cc) and many (batch.cc).
#ifndef KWX_PYTHON_CALLS_H_
#define KWX_PYTHON_CALLS_H_

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/idf_builder.h"
#include "kwx/records.h"
#include "holders.h"

namespace kwx::python {

namespace py = pybind11;

// jieba's lcut: mode "accurate", "full" (cut_all=True) or "search" (lcut_for_search).
py::list Cut(DictionaryHolder& dictionary, py::handle text, std::string_view mode, bool hmm);
// jieba's cut_block on the whole text as one block (Segmenter::CutBlock): [word, ...].
py::list CutBlock(DictionaryHolder& dictionary, py::handle text, std::string_view mode, bool hmm);
// posseg's cut_blk on the whole text as one block (PosTagger::CutBlock): [pair_type(...), ...].
py::list PosCutBlock(DictionaryHolder& dictionary, py::handle text, bool hmm,
                     py::handle pair_type);
// jieba's tokenize(mode="default" or "search"): [(word, start, end), ...].
py::list Tokenize(DictionaryHolder& dictionary, py::handle text, bool search, bool hmm);
// jieba.posseg's lcut: [pair_type(word, flag), ...] (pair_type is kwx.posseg.pair).
py::list PosCut(DictionaryHolder& dictionary, py::handle text, bool hmm, py::handle pair_type);
// jieba's extract_tags and textrank arguments besides the text (top_k already mapped from topK:
// 0 = all, negative = all but the last), checked by the extractor (RaiseStatus on refusal).
// `pair_type` (kwx.posseg.pair) makes the keywords of with_flag.
struct KeywordArgs {
  KeywordOptions options;
  bool with_flag = false;  // effective: withFlag with a non-empty allowPOS
  py::handle pair_type;
};
KeywordArgs MakeKeywordArgs(const KeywordHolder& holder, std::int64_t top_k, bool with_weight,
                            const std::vector<std::string>& allow_pos, bool with_flag,
                            py::handle pair_type);

// jieba's extract_tags / textrank on one text.
py::list Extract(KeywordHolder& holder, py::handle text, const KeywordArgs& args);

// One result of Extract laid out as one output line of `kwx extract` (without the newline):
// `tags` holds words, or (word, weight) pairs (required when with_weight).
py::str FormatTags(py::handle tags, bool with_weight, std::string_view format,
                   std::uint64_t line_number);

// extract_tags on every item of an iterable (str, or bytes decoded by `strdecode` as jieba does),
// on `jobs` threads (0 = all cores) without the GIL; results in input order. Ctrl-C stops the
// run and raises KeyboardInterrupt.
py::list ExtractBatch(KeywordHolder& holder, py::handle lines, const KeywordArgs& args, int jobs,
                      py::handle strdecode);

// posseg.lcut on every item of an iterable, as ExtractBatch: [[pair, ...], ...].
py::list PosCutBatch(DictionaryHolder& dictionary, py::handle lines, bool hmm, int jobs,
                     py::handle strdecode, py::handle pair_type);

// jieba's parallel cut (enable_parallel): Cut on every str of `lines` on `jobs` threads without
// the GIL, the words of all lines in one list, in order.
py::list CutBatchJoined(DictionaryHolder& dictionary, py::handle lines, std::string_view mode,
                        bool hmm, int jobs);

// extract_tags on every line of a file, split as the CLI splits lines. With `out`, writes what
// `kwx extract PATH -o OUT` writes (atomically) and returns a summary dict; without, returns the
// list of results.
// Where extract_file's results go besides a list: a file (`out`) or a database (`db`, DbRun),
// and how the input reads (records).
struct FileTarget {
  std::optional<std::string> out;
  std::optional<std::string> db;
  std::string table = "keywords";
  bool resume = false;
  std::string description;  // DbOptions::description
  RecordFormat records;
};
py::object ExtractFile(KeywordHolder& holder, const std::string& path, const FileTarget& target,
                       const KeywordArgs& args, std::string_view format, int jobs,
                       bool strict_utf8);

// kwx idf build's counts (DocumentFrequencies) over the str items of `lines` (bytes through
// `strdecode`) or over the lines of the file `path` (split as the CLI splits them), cut in `mode`
// on `jobs` threads without the GIL; Ctrl-C raises KeyboardInterrupt.
std::shared_ptr<DocumentFrequencies> CountLines(DictionaryHolder& dictionary, py::handle lines,
                                                std::string_view mode, bool hmm, int jobs,
                                                py::handle strdecode);
std::shared_ptr<DocumentFrequencies> CountFile(DictionaryHolder& dictionary, const std::string& path,
                                               std::string_view mode, bool hmm, int jobs,
                                               bool strict_utf8);

}  // namespace kwx::python

#endif  // KWX_PYTHON_CALLS_H_
