// Many lines at once: the C++ batch pipeline (RunBatch) on its own threads, without the GIL.
//
// The pipeline runs on a background thread while the calling thread waits with the GIL released,
// taking it back every few tens of milliseconds only to let Python run its signal handlers; when
// one raises (Ctrl-C), the run is cancelled, joined, and the handler's exception re-raised. The
// workers never touch a Python object: they read UTF-8 buffers the calling thread took from the
// str objects (and keeps references to) and write compact binary records that are turned into
// Python lists after the run, with the GIL.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "calls.h"
#include "convert.h"
#include "kwx/batch.h"
#include "kwx/db_run.h"

namespace kwx::python {

namespace {

// How often the waiting thread lets Python look at pending signals: Ctrl-C is handled within
// this plus the time the pipeline takes to stop (a few ms).
constexpr auto kSignalPoll = std::chrono::milliseconds(20);

// One line's keywords as a record: u32 count, then per keyword u32 byte length and the UTF-8
// bytes, with withFlag the same for the flag, and, when weights are wanted, the f64 weight.
// Native byte order: it never leaves the process.
void AppendRecord(const std::vector<Keyword>& keywords, bool with_weight, bool with_flag,
                  std::string* out) {
  auto put_u32 = [out](std::uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); };
  put_u32(static_cast<std::uint32_t>(keywords.size()));
  for (const Keyword& k : keywords) {
    put_u32(static_cast<std::uint32_t>(k.word.size()));
    out->append(k.word);
    if (with_flag) {
      put_u32(static_cast<std::uint32_t>(k.flag.size()));
      out->append(k.flag);
    }
    if (with_weight) out->append(reinterpret_cast<const char*>(&k.weight), sizeof(double));
  }
}

// Workers that write AppendRecord records.
WorkerFactory RecordWorkerFactory(const KeywordExtractor& extractor, const KeywordArgs& args) {
  const KeywordOptions options = args.options;
  const bool with_flag = args.with_flag;
  return TaskWorkerFactory([&extractor, options, with_flag](int) {
    return LineTask{[&extractor, options, with_flag, keywords = std::vector<Keyword>()](
                        std::string_view line, const DocumentId&, Workspace& ws, std::string* out,
                        const OutputFlush&) mutable {
      extractor.Extract(line, options, ws, &keywords);
      AppendRecord(keywords, options.with_weight, with_flag, out);
    }, nullptr};
  });
}

// Reads back what the record workers wrote (native byte order; it never leaves the process).
struct RecordReader {
  std::string_view data;
  std::size_t pos = 0;
  std::uint32_t U32() {
    std::uint32_t v;
    std::memcpy(&v, data.data() + pos, 4);
    pos += 4;
    return v;
  }
  std::string_view Bytes() {  // a u32 length, then the bytes
    const std::uint32_t n = U32();
    std::string_view bytes = data.substr(pos, n);
    pos += n;
    return bytes;
  }
  double F64() {
    double v;
    std::memcpy(&v, data.data() + pos, sizeof v);
    pos += sizeof v;
    return v;
  }
};

// The records of `lines` lines back into [[word, ...], ...] or [[(word, weight), ...], ...]
// (words as pair_type(word, flag) with withFlag).
py::list DecodeRecords(std::string_view records, std::uint64_t lines, const KeywordArgs& args) {
  const bool with_weight = args.options.with_weight;
  RecordReader in{records};
  auto get_u32 = [&] { return in.U32(); };
  auto get_str = [&] { return NewStr(in.Bytes()); };
  py::list result(lines);
  for (std::uint64_t i = 0; i < lines; ++i) {
    const std::uint32_t count = get_u32();
    py::list tags(count);
    for (std::uint32_t j = 0; j < count; ++j) {
      py::object item = get_str();
      if (args.with_flag) {
        py::object flag = get_str();
        PyObject* made =
            PyObject_CallFunctionObjArgs(args.pair_type.ptr(), item.ptr(), flag.ptr(), nullptr);
        if (made == nullptr) throw py::error_already_set();
        item = py::reinterpret_steal<py::object>(made);
      }
      if (with_weight) item = py::make_tuple(std::move(item), in.F64());
      PyList_SET_ITEM(tags.ptr(), j, item.release().ptr());
    }
    PyList_SET_ITEM(result.ptr(), static_cast<Py_ssize_t>(i), tags.release().ptr());
  }
  return result;
}

// Runs `job` on a new thread; see the comment at the top. Called with the GIL held. `cancel` is
// the flag the job's pipeline watches.
StatusOr<BatchResult> RunInterruptibly(const std::function<StatusOr<BatchResult>()>& job,
                                       std::atomic<bool>& cancel) {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::optional<StatusOr<BatchResult>> result;
  std::exception_ptr failure;
  std::thread runner([&] {
    try {
      result.emplace(job());
    } catch (...) {  // e.g. std::bad_alloc: must not escape a std::thread
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mu);
    done = true;
    cv.notify_all();
  });

  bool interrupted = false;
  PyThreadState* saved = PyEval_SaveThread();
  {
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, kSignalPoll, [&] { return done; })) {
      lock.unlock();
      PyEval_RestoreThread(saved);
      // Runs the handlers of signals that arrived (only on the main thread; elsewhere a no-op).
      // A raising handler leaves its exception set for this thread: re-raised below.
      interrupted = PyErr_CheckSignals() != 0;
      saved = PyEval_SaveThread();
      lock.lock();
      if (interrupted) {
        cancel.store(true);
        cv.wait(lock, [&] { return done; });
        break;
      }
    }
  }
  runner.join();
  PyEval_RestoreThread(saved);
  if (interrupted) throw py::error_already_set();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

BatchOptions Options(int jobs, const std::atomic<bool>& cancel) {
  if (jobs < 0) throw py::value_error("kwx: jobs must be None, 0 (all cores) or positive");
  BatchOptions options;
  options.jobs = jobs;
  options.cancel = &cancel;
  return options;
}

// Runs the workers over `source` (interruptibly) and collects their records in *records; returns
// the number of lines, or raises the run's error.
std::uint64_t RunIntoRecords(LineSource& source, const WorkerFactory& factory,
                             const BatchOptions& options, std::atomic<bool>& cancel,
                             std::string* records) {
  auto result = RunInterruptibly(
      [&] {
        return RunBatch(
            source, factory,
            [records](std::string_view bytes) {
              records->append(bytes);
              return Status::Ok();
            },
            options);
      },
      cancel);
  if (!result.ok()) RaiseStatus(result.status());
  return result->lines;
}

// Runs the extractor over `source` into binary records (see AppendRecord) and decodes them into
// the Python result list, one entry per input line.
py::list ExtractToList(const KeywordExtractor& extractor, LineSource& source,
                       const KeywordArgs& args, const BatchOptions& options,
                       std::atomic<bool>& cancel) {
  std::string records;
  const std::uint64_t lines_done =
      RunIntoRecords(source, RecordWorkerFactory(extractor, args), options, cancel, &records);
  return DecodeRecords(records, lines_done, args);
}

// The str (or strdecode'd) items of `lines` as UTF-8 views; `keep` holds references to the str
// objects, which keeps the buffers alive while the workers read them.
void GatherLines(py::handle lines, py::handle strdecode, std::vector<py::object>* keep,
                 std::vector<std::string_view>* views) {
  if (PyList_Check(lines.ptr()) || PyTuple_Check(lines.ptr())) {
    const auto n = static_cast<std::size_t>(PySequence_Size(lines.ptr()));
    keep->reserve(n);
    views->reserve(n);
  }
  for (py::handle item : py::iter(lines)) {
    py::object text = py::reinterpret_borrow<py::object>(item);
    // bytes and anything else go through jieba's strdecode, as jieba does per call.
    if (!PyUnicode_Check(text.ptr())) text = strdecode(text);
    if (!PyUnicode_Check(text.ptr())) throw py::type_error("kwx: strdecode did not return a str");
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (data == nullptr) {
      py::error_already_set cause;
      py::raise_from(cause, PyExc_ValueError,
                     ("kwx: item " + std::to_string(views->size()) +
                      " of the lines has no UTF-8 form (a lone surrogate?)")
                         .c_str());
      throw py::error_already_set();
    }
    views->emplace_back(data, static_cast<std::size_t>(size));
    keep->push_back(std::move(text));
  }
}

// One line's tagged words as a record: u32 count, then per word u32 length and bytes of the
// word, u32 length and bytes of the flag.
WorkerFactory TaggedRecordWorkerFactory(const PosTagger& tagger, bool hmm) {
  return TaskWorkerFactory([&tagger, hmm](int) {
    return LineTask{[&tagger, hmm, words = std::vector<TaggedWord>()](
                        std::string_view line, const DocumentId&, Workspace& ws, std::string* out,
                        const OutputFlush&) mutable {
      tagger.Cut(line, hmm, ws, &words);
      auto put = [out](std::string_view bytes) {
        const auto n = static_cast<std::uint32_t>(bytes.size());
        out->append(reinterpret_cast<const char*>(&n), 4);
        out->append(bytes);
      };
      const auto count = static_cast<std::uint32_t>(words.size());
      out->append(reinterpret_cast<const char*>(&count), 4);
      for (const TaggedWord& w : words) {
        put(w.word);
        put(w.flag);
      }
    }, nullptr};
  });
}

// One line's words as a record: u32 count, then per word u32 length and bytes.
WorkerFactory CutRecordWorkerFactory(const Segmenter& segmenter, CutMode mode, bool hmm) {
  return TaskWorkerFactory([&segmenter, mode, hmm](int) {
    return LineTask{[&segmenter, mode, hmm, words = std::vector<std::string_view>()](
                        std::string_view line, const DocumentId&, Workspace& ws, std::string* out,
                        const OutputFlush&) mutable {
      segmenter.Cut(line, mode, hmm, ws, &words);
      const auto count = static_cast<std::uint32_t>(words.size());
      out->append(reinterpret_cast<const char*>(&count), 4);
      for (std::string_view w : words) {
        const auto n = static_cast<std::uint32_t>(w.size());
        out->append(reinterpret_cast<const char*>(&n), 4);
        out->append(w);
      }
    }, nullptr};
  });
}

// The cut records of `lines` lines, concatenated into one list of words (jieba's parallel cut
// chains the lines' words).
py::list DecodeCutRecords(std::string_view records, std::uint64_t lines) {
  RecordReader in{records};
  py::list result;
  for (std::uint64_t i = 0; i < lines; ++i) {
    const std::uint32_t count = in.U32();
    for (std::uint32_t j = 0; j < count; ++j) result.append(NewStr(in.Bytes()));
  }
  return result;
}

py::list DecodeTaggedRecords(std::string_view records, std::uint64_t lines, py::handle pair_type) {
  RecordReader in{records};
  auto get_u32 = [&] { return in.U32(); };
  auto get_bytes = [&] { return in.Bytes(); };
  std::unordered_map<std::string, py::object> flags;
  py::list result(lines);
  for (std::uint64_t i = 0; i < lines; ++i) {
    const std::uint32_t count = get_u32();
    py::list words(count);
    for (std::uint32_t j = 0; j < count; ++j) {
      py::object word = NewStr(get_bytes());
      const std::string_view flag_bytes = get_bytes();
      auto [flag, added] = flags.try_emplace(std::string(flag_bytes));
      if (added) flag->second = NewStr(flag_bytes);
      PyObject* item =
          PyObject_CallFunctionObjArgs(pair_type.ptr(), word.ptr(), flag->second.ptr(), nullptr);
      if (item == nullptr) throw py::error_already_set();
      PyList_SET_ITEM(words.ptr(), j, item);
    }
    PyList_SET_ITEM(result.ptr(), static_cast<Py_ssize_t>(i), words.release().ptr());
  }
  return result;
}

}  // namespace

py::list ExtractBatch(KeywordHolder& holder, py::handle lines, const KeywordArgs& args, int jobs,
                      py::handle strdecode) {
  std::atomic<bool> cancel{false};
  const BatchOptions options = Options(jobs, cancel);
  std::vector<py::object> keep;
  std::vector<std::string_view> views;
  GatherLines(lines, strdecode, &keep, &views);
  if (views.empty()) return py::list();
  auto source = LineSource::FromLines(std::move(views));
  return ExtractToList(holder.extractor(), *source, args, options, cancel);
}

py::list PosCutBatch(DictionaryHolder& dictionary, py::handle lines, bool hmm, int jobs,
                     py::handle strdecode, py::handle pair_type) {
  const PosTagger* tagger = OrRaise(dictionary.tagger());
  std::atomic<bool> cancel{false};
  const BatchOptions options = Options(jobs, cancel);
  std::vector<py::object> keep;
  std::vector<std::string_view> views;
  GatherLines(lines, strdecode, &keep, &views);
  if (views.empty()) return py::list();
  auto source = LineSource::FromLines(std::move(views));
  std::string records;
  const std::uint64_t lines_done =
      RunIntoRecords(*source, TaggedRecordWorkerFactory(*tagger, hmm), options, cancel, &records);
  return DecodeTaggedRecords(records, lines_done, pair_type);
}

namespace {

// The summary dict of a file or database run.
py::dict Summary(const BatchResult& result) {
  py::dict summary;
  summary["lines"] = result.lines;
  summary["bytes"] = result.bytes;
  summary["seconds"] = result.seconds;
  summary["jobs"] = result.jobs;
  summary["repaired_lines"] = result.repaired_lines;
  summary["first_repaired_line"] = result.first_repaired_line;
  summary["skipped_records"] = result.skipped_lines;
  summary["first_skipped_line"] = result.first_skipped_line;
  summary["first_skip_reason"] = result.first_skip_reason;
  return summary;
}

// extract_file into a database: the CLI's DbRun, the same rows and resume.
py::object ExtractFileToDb(KeywordHolder& holder, const std::string& path,
                           const FileTarget& target, const KeywordArgs& args, BatchOptions options,
                           std::atomic<bool>& cancel) {
  DbOptions db;
  db.path = *target.db;
  db.table = target.table;
  db.resume = target.resume;
  db.description = target.description;
  DbRun run = OrRaise(DbRun::Open(path, target.records, db));
  const std::uint64_t resumed_after = run.documents_done();
  py::dict summary = Summary(BatchResult());
  if (!run.complete()) {
    const WorkerFactory factory =
        KeywordWorkerFactory(holder.extractor(), args.options, OutputFormat::kRows, run.records());
    auto result = RunInterruptibly([&] { return run.Run(factory, options); }, cancel);
    if (!result.ok()) RaiseStatus(result.status());
    summary = Summary(*result);
  }
  summary["db"] = db.path;
  summary["table"] = db.table;
  summary["run_id"] = run.run_id();
  summary["resumed_after"] = resumed_after;
  return summary;
}

}  // namespace

py::object ExtractFile(KeywordHolder& holder, const std::string& path, const FileTarget& target,
                       const KeywordArgs& args, std::string_view format, int jobs,
                       bool strict_utf8) {
  std::atomic<bool> cancel{false};
  BatchOptions options = Options(jobs, cancel);
  options.strict_utf8 = strict_utf8;
  const OutputFormat output_format = OrRaise(ParseOutputFormat(format));
  const std::optional<std::string>& out = target.out;
  if (target.db) {
    if (out) RaiseStatus(Status(StatusCode::kInvalidArgument, "extract_file: out and db: choose one"));
    return ExtractFileToDb(holder, path, target, args, options, cancel);
  }
  if (target.resume) RaiseStatus(Status(StatusCode::kInvalidArgument, "resume needs db"));

  if (!out) {
    if (target.records.format != InputFormat::kLines) {
      RaiseStatus(Status(StatusCode::kUnimplemented,
                         "extract_file(input_format=...) without out= or db= (records into a "
                         "list): write them to a file or a database"));
    }
    auto source = LineSource::OpenFile(path);
    if (!source.ok()) RaiseStatus(source.status());
    return ExtractToList(holder.extractor(), **source, args, options, cancel);
  }

  // Exactly the CLI's run (FileRun, the same workers and formats), so the file is
  // byte-identical to `kwx extract` and never left half-written.
  FileRun run = OrRaise(FileRun::Open(path, *out, target.records));
  const WorkerFactory factory =
      KeywordWorkerFactory(holder.extractor(), args.options, output_format, run.records());
  auto result = RunInterruptibly([&] { return run.Run(factory, options); }, cancel);
  // Committed here, not on the runner thread: a Ctrl-C that arrives as the run ends has raised
  // above, and the FileRun's destructor has removed the temporary file.
  if (result.ok()) {
    if (Status s = run.Commit(); !s.ok()) result = s;
  }
  if (!result.ok()) RaiseStatus(result.status());
  py::dict summary = Summary(*result);
  summary["output"] = run.output_path();
  return summary;
}

py::list CutBatchJoined(DictionaryHolder& dictionary, py::handle lines, std::string_view mode,
                        bool hmm, int jobs) {
  const CutMode cut_mode = OrRaise(ParseCutMode(mode));
  std::atomic<bool> cancel{false};
  const BatchOptions options = Options(jobs, cancel);
  std::vector<py::object> keep;
  std::vector<std::string_view> views;
  GatherLines(lines, py::none(), &keep, &views);
  if (views.empty()) return py::list();
  auto source = LineSource::FromLines(std::move(views));
  std::string records;
  const std::uint64_t lines_done = RunIntoRecords(
      *source, CutRecordWorkerFactory(dictionary.segmenter(), cut_mode, hmm), options, cancel,
      &records);
  return DecodeCutRecords(records, lines_done);
}

namespace {

std::shared_ptr<DocumentFrequencies> Count(DictionaryHolder& dictionary, LineSource& source,
                                           std::string_view mode, bool hmm,
                                           BatchOptions options, std::atomic<bool>& cancel) {
  const CutMode cut_mode = OrRaise(ParseCutMode(mode));
  auto counts = std::make_shared<DocumentFrequencies>();
  auto result = RunInterruptibly(
      [&] {
        return CountDocumentFrequencies(source, dictionary.segmenter(), cut_mode, hmm, options,
                                        counts.get());
      },
      cancel);
  if (!result.ok()) RaiseStatus(result.status());
  return counts;
}

}  // namespace

std::shared_ptr<DocumentFrequencies> CountLines(DictionaryHolder& dictionary, py::handle lines,
                                                std::string_view mode, bool hmm, int jobs,
                                                py::handle strdecode) {
  std::atomic<bool> cancel{false};
  const BatchOptions options = Options(jobs, cancel);
  std::vector<py::object> keep;
  std::vector<std::string_view> views;
  GatherLines(lines, strdecode, &keep, &views);
  auto source = LineSource::FromLines(std::move(views));
  return Count(dictionary, *source, mode, hmm, options, cancel);
}

std::shared_ptr<DocumentFrequencies> CountFile(DictionaryHolder& dictionary, const std::string& path,
                                               std::string_view mode, bool hmm, int jobs,
                                               bool strict_utf8) {
  std::atomic<bool> cancel{false};
  BatchOptions options = Options(jobs, cancel);
  options.strict_utf8 = strict_utf8;
  auto source = LineSource::OpenFile(path);
  if (!source.ok()) RaiseStatus(source.status());
  return Count(dictionary, **source, mode, hmm, options, cancel);
}

}  // namespace kwx::python
