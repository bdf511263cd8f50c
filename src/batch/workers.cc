// The generic worker, and the jobs of `kwx extract` and `kwx cut` (and the Python batch API)
// made of it.
#include "kwx/batch.h"

#include "access.h"
#include "seg/cut_windows.h"

namespace kwx {

namespace {

// Below this, a line's output is not worth handing over in pieces.
constexpr std::size_t kFlushBytes = 1 << 20;

class TaskWorker final : public LineWorker {
 public:
  explicit TaskWorker(LineTask task) : task_(std::move(task)) {}

  std::size_t ProcessLine(std::string_view line, std::uint64_t line_number,
                          std::string* out) override {
    task_.process(line, line_number, ws_, out, flush_);
    return ws_.last_replacements();
  }
  Status Finish() override { return task_.finish ? task_.finish() : Status::Ok(); }

 private:
  LineTask task_;
  Workspace ws_;
  const OutputFlush flush_ = [this] { flush_output(); };
};

}  // namespace

WorkerFactory TaskWorkerFactory(std::function<LineTask(int worker_index)> make_task) {
  return [make_task = std::move(make_task)](int index) -> std::unique_ptr<LineWorker> {
    LineTask task = make_task(index);
    if (!task.process) return nullptr;  // RunBatch reports a factory that gives no worker
    return std::make_unique<TaskWorker>(std::move(task));
  };
}

WorkerFactory KeywordWorkerFactory(const KeywordExtractor& extractor, KeywordOptions options,
                                   OutputFormat format) {
  return TaskWorkerFactory([&extractor, options, format](int) {
    return LineTask{[&extractor, options, format, keywords = std::vector<Keyword>()](
                        std::string_view line, std::uint64_t line_number, Workspace& ws,
                        std::string* out, const OutputFlush&) mutable {
      extractor.Extract(line, options, ws, &keywords);
      // withFlag matters only with allowPOS (as in jieba).
      AppendKeywords(keywords, format, options.with_weight, line_number, out,
                     options.with_flag && !options.allow_pos.empty());
    }, nullptr};
  });
}

WorkerFactory TokenWorkerFactory(const Segmenter& segmenter, TokenOutput output) {
  return TaskWorkerFactory([&segmenter, output](int) {
    return LineTask{[&segmenter, output, tokens = std::vector<std::string_view>()](
                        std::string_view line, std::uint64_t, Workspace& ws, std::string* out,
                        const OutputFlush& flush_output) mutable {
      // A window's tokens are written out and handed to the writer before the next window is
      // cut: a line of hundreds of MB keeps one window's tokens and output, not the line's.
      TokenLineWriter writer(output.format, output.delimiter, out);
      tokens.clear();
      internal::CutByWindow(internal::Access::Data(segmenter.dictionary()), line, output.mode,
                            output.hmm, internal::Access::Data(ws), &tokens,
                            [&](std::span<const std::string_view> window) {
                              writer.Add(window);
                              tokens.clear();
                              if (out->size() >= kFlushBytes) flush_output();
                            });
      writer.End();
    }, nullptr};
  });
}

WorkerFactory TaggedWorkerFactory(const PosTagger& tagger, TokenOutput output) {
  return TaskWorkerFactory([&tagger, output](int) {
    return LineTask{[&tagger, output, words = std::vector<TaggedWord>()](
                        std::string_view line, std::uint64_t, Workspace& ws, std::string* out,
                        const OutputFlush& flush_output) mutable {
      TaggedLineWriter writer(output.format, output.delimiter, output.pos_delimiter, out);
      words.clear();
      internal::CutPosByWindow(internal::Access::Data(tagger.dictionary()), line, output.hmm,
                               internal::Access::Data(ws), &words,
                               [&](std::span<const TaggedWord> window) {
                                 writer.Add(window);
                                 words.clear();
                                 if (out->size() >= kFlushBytes) flush_output();
                               });
      writer.End();
    }, nullptr};
  });
}

}  // namespace kwx
