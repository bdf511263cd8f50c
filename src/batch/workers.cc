// The generic worker, and the jobs of `kwx extract` and `kwx cut` (and the Python batch API)
// made of it.
#include "kwx/batch.h"

#include <optional>

#include "access.h"
#include "seg/cut_windows.h"

namespace kwx {

namespace {

// Below this, a line's output is not worth handing over in pieces.
constexpr std::size_t kFlushBytes = 1 << 20;

// Text output has a line per record, so a skipped record leaves an empty one; the other
// formats carry IDs and leave nothing.
std::string_view SkippedOutput(OutputFormat format) {
  return format == OutputFormat::kText ? "\n" : "";
}

class TaskWorker final : public LineWorker {
 public:
  TaskWorker(LineTask task, std::shared_ptr<const RecordLayout> records)
      : task_(std::move(task)) {
    if (records != nullptr) {
      skip_bad_ = records->skip_bad();
      records_.emplace(std::move(records));
    }
  }

  std::size_t ProcessLine(std::string_view line, std::uint64_t line_number,
                          std::string* out) override {
    if (!records_) {
      task_.process(line, DocumentId{line_number}, ws_, out, flush_);
      return ws_.last_replacements();
    }
    std::string_view text;
    DocumentId id;
    switch (records_->Read(line, line_number, &text, &id)) {
      case RecordReader::Outcome::kBlank:
        break;
      case RecordReader::Outcome::kBad:
        RejectLine(records_->error(), skip_bad_);
        out->append(task_.skipped_output);
        break;
      case RecordReader::Outcome::kDocument:
        task_.process(text, id, ws_, out, flush_);
        return records_->repairs() + ws_.last_replacements();
    }
    return records_->repairs();
  }
  Status Finish() override { return task_.finish ? task_.finish() : Status::Ok(); }

 private:
  LineTask task_;
  std::optional<RecordReader> records_;
  bool skip_bad_ = false;
  Workspace ws_;
  const OutputFlush flush_ = [this] { flush_output(); };
};

}  // namespace

WorkerFactory TaskWorkerFactory(std::function<LineTask(int worker_index)> make_task,
                                std::shared_ptr<const RecordLayout> records) {
  return [make_task = std::move(make_task),
          records = std::move(records)](int index) -> std::unique_ptr<LineWorker> {
    LineTask task = make_task(index);
    if (!task.process) return nullptr;  // RunBatch reports a factory that gives no worker
    return std::make_unique<TaskWorker>(std::move(task), records);
  };
}

WorkerFactory KeywordWorkerFactory(const KeywordExtractor& extractor, KeywordOptions options,
                                   OutputFormat format,
                                   std::shared_ptr<const RecordLayout> records) {
  const bool keyed = records != nullptr && records->keyed();
  return TaskWorkerFactory([&extractor, options, format, keyed](int) {
    return LineTask{[&extractor, options, format, keyed, keywords = std::vector<Keyword>()](
                        std::string_view text, const DocumentId& id, Workspace& ws,
                        std::string* out, const OutputFlush&) mutable {
      extractor.Extract(text, options, ws, &keywords);
      // withFlag matters only with allowPOS (as in jieba).
      AppendKeywords(keywords, format, options.with_weight, id, out,
                     options.with_flag && !options.allow_pos.empty(), keyed);
    }, nullptr, SkippedOutput(format)};
  }, std::move(records));
}

WorkerFactory TokenWorkerFactory(const Segmenter& segmenter, TokenOutput output,
                                 std::shared_ptr<const RecordLayout> records) {
  const bool keyed = records != nullptr && records->keyed();
  return TaskWorkerFactory([&segmenter, output, keyed](int) {
    return LineTask{[&segmenter, output, keyed, tokens = std::vector<std::string_view>()](
                        std::string_view line, const DocumentId& id, Workspace& ws,
                        std::string* out, const OutputFlush& flush_output) mutable {
      // A window's tokens are written out and handed to the writer before the next window is
      // cut: a line of hundreds of MB keeps one window's tokens and output, not the line's.
      TokenLineWriter writer(output.format, output.delimiter, out,
                             keyed || output.format == OutputFormat::kRows ? &id : nullptr);
      tokens.clear();
      internal::CutByWindow(internal::Access::Data(segmenter.dictionary()), line, output.mode,
                            output.hmm, internal::Access::Data(ws), &tokens,
                            [&](std::span<const std::string_view> window) {
                              writer.Add(window);
                              tokens.clear();
                              if (out->size() >= kFlushBytes) flush_output();
                            });
      writer.End();
    }, nullptr, SkippedOutput(output.format)};
  }, std::move(records));
}

WorkerFactory TaggedWorkerFactory(const PosTagger& tagger, TokenOutput output,
                                  std::shared_ptr<const RecordLayout> records) {
  const bool keyed = records != nullptr && records->keyed();
  return TaskWorkerFactory([&tagger, output, keyed](int) {
    return LineTask{[&tagger, output, keyed, words = std::vector<TaggedWord>()](
                        std::string_view line, const DocumentId& id, Workspace& ws,
                        std::string* out, const OutputFlush& flush_output) mutable {
      TaggedLineWriter writer(output.format, output.delimiter, output.pos_delimiter, out,
                              keyed || output.format == OutputFormat::kRows ? &id : nullptr);
      words.clear();
      internal::CutPosByWindow(internal::Access::Data(tagger.dictionary()), line, output.hmm,
                               internal::Access::Data(ws), &words,
                               [&](std::span<const TaggedWord> window) {
                                 writer.Add(window);
                                 words.clear();
                                 if (out->size() >= kFlushBytes) flush_output();
                               });
      writer.End();
    }, nullptr, SkippedOutput(output.format)};
  }, std::move(records));
}

}  // namespace kwx
