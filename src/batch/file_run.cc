// FileRun: a file (or stdin) through RunBatch into a file (or stdout) that appears only when the
// run succeeded.
#include "kwx/batch.h"
#include "util/output_file.h"

namespace kwx {

struct FileRun::Ends {
  std::unique_ptr<LineSource> source;
  internal::OutputFile output;
  std::shared_ptr<const RecordLayout> records;
};

FileRun::FileRun(std::unique_ptr<Ends> ends) : ends_(std::move(ends)) {}
FileRun::FileRun(FileRun&&) noexcept = default;
FileRun& FileRun::operator=(FileRun&&) noexcept = default;
FileRun::~FileRun() = default;  // the OutputFile removes its temporary file unless committed

StatusOr<FileRun> FileRun::Open(const std::string& input, const std::string& output,
                                const RecordFormat& records) {
  auto source = LineSource::OpenFile(input);
  if (!source.ok()) return source.status();
  auto out = internal::OutputFile::Open(output);
  if (!out.ok()) return out.status();
  auto record_input = OpenRecords(std::move(source.value()), records);
  if (!record_input.ok()) return record_input.status();
  return FileRun(std::make_unique<Ends>(Ends{std::move(record_input->source),
                                             std::move(out.value()),
                                             std::move(record_input->layout)}));
}

StatusOr<BatchResult> FileRun::Run(const WorkerFactory& factory, const BatchOptions& options) {
  internal::OutputFile& out = ends_->output;
  bool first = true;
  auto result = RunBatch(*ends_->source, factory,
                         [&out, &options, &first](std::string_view bytes) {
                           if (first && options.before_first_write) {
                             first = false;
                             if (Status s = options.before_first_write(); !s.ok()) return s;
                           }
                           return out.Write(bytes);
                         }, options);
  if (!result.ok()) out.Abort();
  return result;
}

Status FileRun::Commit() {
  Status s = ends_->output.Commit();
  if (!s.ok()) ends_->output.Abort();
  return s;
}

const std::string& FileRun::input_name() const { return ends_->source->name(); }
const std::shared_ptr<const RecordLayout>& FileRun::records() const { return ends_->records; }
const std::string& FileRun::output_path() const { return ends_->output.path(); }

}  // namespace kwx
