// Result rows in a compact binary form, from the workers to a database writer in the same
// process (OutputFormat::kRows): each row stands alone (it carries its document's ID), so a
// document's rows may reach the writer in several pieces. Native byte order; never stored.
#ifndef KWX_KW_ROWS_H_
#define KWX_KW_ROWS_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "kwx/records.h"

namespace kwx::internal {

// One result row: a keyword (ordinal = rank, weight) or a token (ordinal = position, no weight).
struct Row {
  DocumentId id;
  std::uint32_t ordinal = 0;  // 1-based
  std::string_view word;
  std::string_view flag;  // empty when none
  double weight = 0;
};

inline void AppendRowU32(std::uint32_t v, std::string* out) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

inline void AppendRowBytes(std::string_view bytes, std::string* out) {
  AppendRowU32(static_cast<std::uint32_t>(bytes.size()), out);
  out->append(bytes);
}

inline void AppendRow(const Row& row, std::string* out) {
  out->push_back(static_cast<char>(row.id.kind));
  out->append(reinterpret_cast<const char*>(&row.id.line), sizeof row.id.line);
  AppendRowBytes(row.id.value, out);
  AppendRowU32(row.ordinal, out);
  AppendRowBytes(row.word, out);
  AppendRowBytes(row.flag, out);
  out->append(reinterpret_cast<const char*>(&row.weight), sizeof row.weight);
}

// Reads the rows AppendRow wrote, in order.
class RowReader {
 public:
  explicit RowReader(std::string_view bytes) : bytes_(bytes) {}
  bool Next(Row* row) {
    if (pos_ >= bytes_.size()) return false;
    row->id.kind = static_cast<DocumentId::Kind>(bytes_[pos_++]);
    Read(&row->id.line);
    row->id.value = Bytes();
    Read(&row->ordinal);
    row->word = Bytes();
    row->flag = Bytes();
    Read(&row->weight);
    return true;
  }

 private:
  template <typename T>
  void Read(T* v) {
    std::memcpy(v, bytes_.data() + pos_, sizeof *v);
    pos_ += sizeof *v;
  }
  std::string_view Bytes() {
    std::uint32_t n = 0;
    Read(&n);
    std::string_view b = bytes_.substr(pos_, n);
    pos_ += n;
    return b;
  }
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

}  // namespace kwx::internal

#endif  // KWX_KW_ROWS_H_
