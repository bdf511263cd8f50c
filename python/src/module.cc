// kwx._kwx: the thin C++ layer under the pure-Python package (python/kwx/). It loads data and
// runs kwx on str buffers without copying them; the jieba-compatible API, argument handling and
// the per-process cache of loaded data live in Python.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calls.h"
#include "convert.h"
#include "holders.h"
#include "kwx/batch.h"
#include "kwx/idf_builder.h"

namespace py = pybind11;
using kwx::python::DictionaryHolder;
using kwx::python::ExtractorHolder;
using kwx::python::IdfHolder;
using kwx::python::StopWordsHolder;

using kwx::python::OrRaise;

namespace {

kwx::DataFiles DefaultFiles(const std::vector<std::string>& search_dirs) {
  kwx::DataFiles files;
  files.search_dirs = search_dirs;
  return files;
}

}  // namespace

PYBIND11_MODULE(_kwx, m) {
  // kwx idf build's counts (kwx/idf_builder.h): made by Dictionary.document_frequencies*,
  // mergeable (Dask partitions), picklable as (documents, {word: documents}).
  using kwx::DocumentFrequencies;
  py::class_<DocumentFrequencies, std::shared_ptr<DocumentFrequencies>>(m, "DocumentFrequencies")
      .def(py::init<>())
      .def_property_readonly("documents", &DocumentFrequencies::documents)
      .def("__len__", &DocumentFrequencies::word_count)
      .def("frequency",
           [](const DocumentFrequencies& d, std::string_view word) { return d.Frequency(word); },
           py::arg("word"))
      .def("merge", [](DocumentFrequencies& d, const DocumentFrequencies& other) { d.Merge(other); },
           py::arg("other"))
      .def(
          "idf_text",
          [](const DocumentFrequencies& d, std::uint64_t min_df, bool smooth) {
            kwx::IdfBuildOptions options;
            options.min_df = min_df;
            options.smooth = smooth;
            return d.IdfText(options);
          },
          py::arg("min_df") = 1, py::arg("smooth") = false)
      .def("items",
           [](const DocumentFrequencies& d) {
             py::dict out;
             d.ForEachWord([&](std::string_view w, std::uint64_t n) { out[py::str(w.data(), w.size())] = n; });
             return out;
           })
      .def(py::pickle(
          [](const DocumentFrequencies& d) {
            py::dict words;
            d.ForEachWord([&](std::string_view w, std::uint64_t n) { words[py::str(w.data(), w.size())] = n; });
            return py::make_tuple(d.documents(), words);
          },
          [](const py::tuple& state) {
            if (state.size() != 2) throw py::value_error("kwx: bad DocumentFrequencies state");
            auto d = std::make_shared<DocumentFrequencies>();
            d->AddDocuments(state[0].cast<std::uint64_t>());
            for (auto item : state[1].cast<py::dict>()) {
              d->AddToWord(item.first.cast<std::string>(), item.second.cast<std::uint64_t>());
            }
            return d;
          }));

  m.doc() = "kwx's C++ core; use the kwx package, not this module.";

  // Loaded data. Not picklable on purpose: the Python objects that hold them pickle by the paths
  // they were loaded from.
  py::class_<DictionaryHolder, std::shared_ptr<DictionaryHolder>>(m, "Dictionary")
      .def_property_readonly("total",
                             [](const DictionaryHolder& d) {
                               return d.dictionary().total_frequency();
                             })
      .def_property_readonly("word_count",
                             [](const DictionaryHolder& d) { return d.dictionary().word_count(); })
      .def_property_readonly("is_snapshot", &DictionaryHolder::is_snapshot)
      .def(
          "lookup",
          [](const DictionaryHolder& d, const std::string& word) { return d.dictionary().Lookup(word); },
          py::arg("word"), "jieba's FREQ.get(word): an int, or None.")
      .def(
          "tag", [](const DictionaryHolder& d, const std::string& word) {
            return std::string(d.dictionary().Tag(word));
          },
          py::arg("word"))
      .def("cut", &kwx::python::Cut, py::arg("text"), py::arg("mode"), py::arg("hmm"))
      .def("cut_block", &kwx::python::CutBlock, py::arg("text"), py::arg("mode"), py::arg("hmm"))
      .def("posseg_block", &kwx::python::PosCutBlock, py::arg("text"), py::arg("hmm"),
           py::arg("pair"))
      .def("tokenize", &kwx::python::Tokenize, py::arg("text"), py::arg("search"), py::arg("hmm"))
      .def_property_readonly("has_pos_model",
                             [](const DictionaryHolder& d) { return d.dictionary().has_pos_model(); })
      .def("document_frequencies", &kwx::python::CountLines, py::arg("lines"), py::arg("mode"),
           py::arg("hmm"), py::arg("jobs"), py::arg("strdecode"))
      .def("document_frequencies_file", &kwx::python::CountFile, py::arg("path"), py::arg("mode"),
           py::arg("hmm"), py::arg("jobs"), py::arg("strict_utf8"))
      .def("cut_batch_joined", &kwx::python::CutBatchJoined, py::arg("lines"), py::arg("mode"),
           py::arg("hmm"), py::arg("jobs"))
      .def("posseg", &kwx::python::PosCut, py::arg("text"), py::arg("hmm"), py::arg("pair"))
      .def("posseg_batch", &kwx::python::PosCutBatch, py::arg("lines"), py::arg("hmm"),
           py::arg("jobs"), py::arg("strdecode"), py::arg("pair"));

  // Changes on a loaded dictionary (see BuilderHolder); every method has jieba's semantics, and
  // load_userdict is all or nothing.
  using kwx::python::BuilderHolder;
  py::class_<BuilderHolder, std::shared_ptr<BuilderHolder>>(m, "DictionaryBuilder")
      .def(py::init<const std::shared_ptr<DictionaryHolder>&>(), py::arg("base"))
      .def(
          "add_word",
          [](BuilderHolder& b, const std::string& word, std::optional<std::int64_t> freq,
             const std::string& tag) {
            std::int64_t f = freq ? *freq : OrRaise(b.builder().SuggestFreq(word));
            if (kwx::Status s = b.builder().AddWord(word, f, tag); !s.ok()) kwx::python::RaiseStatus(s);
            return f;
          },
          py::arg("word"), py::arg("freq"), py::arg("tag"),
          "add_word(word, freq, tag); freq None: suggest_freq(word). Returns the frequency set.")
      .def(
          "load_userdict",
          [](BuilderHolder& b, const py::bytes& data, const std::string& name) {
            std::string_view bytes = data;
            kwx::Status s;
            {
              py::gil_scoped_release release;
              s = b.builder().AddUserDict(bytes, name);
            }
            if (!s.ok()) kwx::python::RaiseStatus(s);
          },
          py::arg("data"), py::arg("name"))
      .def(
          "suggest_freq",
          [](BuilderHolder& b, const std::string& word) { return OrRaise(b.builder().SuggestFreq(word)); },
          py::arg("word"))
      .def(
          "suggest_freq_segments",
          [](BuilderHolder& b, const std::vector<std::string>& segments) {
            std::vector<std::string_view> views(segments.begin(), segments.end());
            return OrRaise(b.builder().SuggestFreqForSegments(views));
          },
          py::arg("segments"))
      .def(
          "lookup", [](BuilderHolder& b, const std::string& word) { return b.builder().Lookup(word); },
          py::arg("word"))
      .def_property_readonly("total",
                             [](BuilderHolder& b) { return b.builder().total_frequency(); })
      .def("build", [](BuilderHolder& b) {
        auto built = [&] {
          py::gil_scoped_release release;
          return b.Build();
        }();
        return OrRaise(std::move(built));
      });

  py::class_<IdfHolder, std::shared_ptr<IdfHolder>>(m, "IdfTable")
      .def_property_readonly("median", [](const IdfHolder& h) { return h.idf->median(); })
      .def(
          "get", [](const IdfHolder& h, const std::string& word) { return h.idf->Get(word); },
          py::arg("word"), "The word's IDF, or the median when it has none.")
      .def("__len__", [](const IdfHolder& h) { return h.idf->size(); });

  py::class_<StopWordsHolder, std::shared_ptr<StopWordsHolder>>(m, "StopWords")
      .def("__len__", [](const StopWordsHolder& h) { return h.stop_words.size(); })
      .def("__contains__",
           [](const StopWordsHolder& h, const std::string& w) { return h.stop_words.Contains(w); });

  // Keyword extractors (TFIDF, TextRank): extract / extract_batch / extract_file take jieba's
  // arguments (top_k mapped from topK), allow_pos (a list of str) and with_flag, and `pair`, the
  // type withFlag's keywords are made of.
  using kwx::python::KeywordArgs;
  using kwx::python::KeywordHolder;
  auto args = [](const KeywordHolder& h, std::int64_t top_k, bool with_weight,
                 const std::vector<std::string>& allow_pos, bool with_flag, py::handle pair) {
    return kwx::python::MakeKeywordArgs(h, top_k, with_weight, allow_pos, with_flag, pair);
  };
  py::class_<KeywordHolder, std::shared_ptr<KeywordHolder>>(m, "KeywordExtractor")
      .def(
          "extract",
          [args](KeywordHolder& h, py::handle text, std::int64_t top_k, bool with_weight,
                 const std::vector<std::string>& allow_pos, bool with_flag, py::handle pair) {
            return kwx::python::Extract(h, text, args(h, top_k, with_weight, allow_pos, with_flag, pair));
          },
          py::arg("text"), py::arg("top_k"), py::arg("with_weight"), py::arg("allow_pos"),
          py::arg("with_flag"), py::arg("pair"))
      .def(
          "extract_batch",
          [args](KeywordHolder& h, py::handle lines, std::int64_t top_k, bool with_weight,
                 const std::vector<std::string>& allow_pos, bool with_flag, py::handle pair,
                 int jobs, py::handle strdecode) {
            return kwx::python::ExtractBatch(
                h, lines, args(h, top_k, with_weight, allow_pos, with_flag, pair), jobs, strdecode);
          },
          py::arg("lines"), py::arg("top_k"), py::arg("with_weight"), py::arg("allow_pos"),
          py::arg("with_flag"), py::arg("pair"), py::arg("jobs"), py::arg("strdecode"))
      .def(
          "extract_file",
          [args](KeywordHolder& h, const std::string& path, const std::optional<std::string>& out,
                 std::int64_t top_k, bool with_weight, const std::vector<std::string>& allow_pos,
                 bool with_flag, py::handle pair, std::string_view format, int jobs,
                 bool strict_utf8, const std::optional<std::string>& db, const std::string& table,
                 bool resume, const std::string& description, std::string_view input_format,
                 const std::string& text_field, const std::string& id_field, bool header,
                 bool skip_bad) {
            kwx::python::FileTarget target;
            target.out = out;
            target.db = db;
            target.table = table;
            target.resume = resume;
            target.description = description;
            target.records.format = OrRaise(kwx::ParseInputFormat(input_format));
            target.records.text_field = text_field;
            target.records.id_field = id_field;
            target.records.header = header;
            target.records.skip_bad = skip_bad;
            return kwx::python::ExtractFile(h, path, target,
                                            args(h, top_k, with_weight, allow_pos, with_flag, pair),
                                            format, jobs, strict_utf8);
          },
          py::arg("path"), py::arg("out"), py::arg("top_k"), py::arg("with_weight"),
          py::arg("allow_pos"), py::arg("with_flag"), py::arg("pair"), py::arg("format"),
          py::arg("jobs"), py::arg("strict_utf8"), py::arg("db") = py::none(),
          py::arg("table") = "keywords", py::arg("resume") = false, py::arg("description") = "",
          py::arg("input_format") = "lines", py::arg("text_field") = "", py::arg("id_field") = "",
          py::arg("header") = true, py::arg("skip_bad") = false);

  py::class_<ExtractorHolder, KeywordHolder, std::shared_ptr<ExtractorHolder>>(m, "Extractor")
      .def(py::init<std::shared_ptr<DictionaryHolder>, std::shared_ptr<IdfHolder>,
                    std::shared_ptr<StopWordsHolder>>(),
           py::arg("dictionary"), py::arg("idf"), py::arg("stop_words"),
           // Maps the IDF table onto the trie: tens of ms for a text IDF table.
           py::call_guard<py::gil_scoped_release>());

  py::class_<kwx::python::TextRankHolder, KeywordHolder,
             std::shared_ptr<kwx::python::TextRankHolder>>(m, "TextRank")
      .def(py::init([](std::shared_ptr<DictionaryHolder> dictionary,
                       std::shared_ptr<StopWordsHolder> stop_words) {
             return OrRaise(kwx::python::TextRankHolder::Make(std::move(dictionary),
                                                               std::move(stop_words)));
           }),
           py::arg("dictionary"), py::arg("stop_words"));

  // Loading releases the GIL: a text dictionary takes about half a second.
  m.def(
      "load_data",
      [](const std::vector<std::string>& search_dirs) {
        auto pair = [&] {
          py::gil_scoped_release release;
          return kwx::python::LoadDefaultData(DefaultFiles(search_dirs));
        }();
        auto loaded = OrRaise(std::move(pair));
        return py::make_tuple(loaded.dictionary, loaded.idf);
      },
      py::arg("search_dirs"),
      "The default data, found and loaded as the CLI does (kwx::LoadData, the data directory "
      "searched in `search_dirs` after $KWX_DATA_DIR): (Dictionary, IdfTable).");
  m.def(
      "load_dictionary",
      [](const std::string& dict_path, const std::string& hmm_model_path,
         const std::string& pos_model_path) {
        auto loaded = [&] {
          py::gil_scoped_release release;
          return kwx::python::LoadDictionary(dict_path, hmm_model_path, pos_model_path);
        }();
        return OrRaise(std::move(loaded));
      },
      py::arg("dict_path"), py::arg("hmm_model_path"), py::arg("pos_model_path"));
  m.def(
      "load_idf",
      [](const std::string& path) {
        auto loaded = [&] {
          py::gil_scoped_release release;
          return kwx::python::LoadIdf(path);
        }();
        return OrRaise(std::move(loaded));
      },
      py::arg("path"));
  m.def(
      "idf_from_entries",
      [](const std::vector<std::pair<std::string, double>>& entries, double median) {
        auto table = kwx::IdfTable::FromEntries(entries, median);
        if (!table.ok()) kwx::python::RaiseStatus(table.status());
        return std::make_shared<IdfHolder>(IdfHolder{std::move(table.value())});
      },
      py::arg("entries"), py::arg("median"),
      "An IdfTable of (word, idf) pairs and a median (TFIDF after idf_freq changed).");
  m.def(
      "stop_words_from",
      [](const std::vector<std::string>& words) {
        auto holder = std::make_shared<StopWordsHolder>(StopWordsHolder{kwx::StopWords::Empty()});
        for (const std::string& w : words) holder->stop_words.Add(w);
        return holder;
      },
      py::arg("words"), "StopWords of exactly these words (a changed stop_words set).");
  m.def(
      "load_stop_words",
      [](const std::vector<std::string>& paths) {
        return OrRaise(kwx::python::LoadStopWords(paths));
      },
      py::arg("paths"), "The 31 built-in stop words plus the lines of each file.");
  m.def(
      "resolve_data_files",
      [](const std::vector<std::string>& search_dirs) {
        auto resolved = OrRaise(DefaultFiles(search_dirs).Resolve());
        py::dict d;
        d["data_dir"] = resolved.data_dir;
        d["dict"] = resolved.dict;
        d["hmm_model"] = resolved.hmm_model;
        d["idf"] = resolved.idf;
        d["pos_model"] = resolved.pos_model;
        d["compiled"] = resolved.compiled;  // empty when there is no usable kwx.dict
        return d;
      },
      py::arg("search_dirs"),
      "The default data files, resolved as the CLI resolves them (kwx::DataFiles::Resolve).");
  m.def("format_tags", &kwx::python::FormatTags, py::arg("tags"), py::arg("with_weight"),
        py::arg("format"), py::arg("line_number"));
  m.def("default_jobs", [] { return kwx::ResolveJobs(0); }, "The number of cores jobs=None uses.");
}
