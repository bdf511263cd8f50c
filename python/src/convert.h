// Conversions between Python objects and kwx's C++ types, and the Status -> exception mapping.
#ifndef KWX_PYTHON_CONVERT_H_
#define KWX_PYTHON_CONVERT_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "kwx/format.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"

namespace kwx::python {

namespace py = pybind11;

// Raises the Python exception for a failed Status: FileNotFoundError (kNotFound), OSError
// (kIoError), KeyboardInterrupt (kCancelled), ValueError (bad data, bad arguments, invalid UTF-8).
[[noreturn]] void RaiseStatus(const Status& status);

// The value, or the exception for the error (RaiseStatus).
template <typename T>
T OrRaise(StatusOr<T> value) {
  if (!value.ok()) RaiseStatus(value.status());
  return std::move(value).value();
}

// The UTF-8 bytes of a str, without copying: CPython caches them in the object on the first call,
// so they live as long as the str. A str with a lone surrogate has no UTF-8 form: that raises
// UnicodeEncodeError (a ValueError). Anything but a str raises TypeError.
std::string_view Utf8Of(py::handle text);

// A str from UTF-8 that kwx produced (always well-formed).
py::object NewStr(std::string_view utf8);

py::list WordsToList(const std::vector<std::string_view>& words);
// [(word, start, end), ...] with code point offsets, as jieba's tokenize yields.
py::list TokensToList(const std::vector<Token>& tokens);
// [word, ...] or, with weights, [(word, weight), ...], as jieba's extract_tags returns.
py::list KeywordsToList(const std::vector<Keyword>& keywords, bool with_weight);
// The same with each word a pair_type(word, flag), as extract_tags(withFlag=True) returns.
py::list TaggedKeywordsToList(const std::vector<Keyword>& keywords, bool with_weight,
                              py::handle pair_type);
// [pair_type(word, flag), ...], as jieba.posseg's lcut returns (one str object per distinct flag).
py::list TaggedToList(const std::vector<TaggedWord>& words, py::handle pair_type);

// Releases the GIL for the scope when the input is long enough for the work to outweigh handing
// the GIL over (short calls keep it: another thread busy in Python would make this one wait up to
// the interpreter's switch interval to get it back, for a call of a few microseconds).
class ReleaseGilIfLong {
 public:
  static constexpr std::size_t kMinBytes = 16 << 10;
  explicit ReleaseGilIfLong(std::size_t input_bytes) {
    if (input_bytes >= kMinBytes) release_.emplace();
  }

 private:
  std::optional<py::gil_scoped_release> release_;
};

}  // namespace kwx::python

#endif  // KWX_PYTHON_CONVERT_H_
