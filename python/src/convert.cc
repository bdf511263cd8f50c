#include "convert.h"

#include <string>
#include <unordered_map>

namespace kwx::python {

void RaiseStatus(const Status& status) {
  PyObject* type = PyExc_ValueError;
  switch (status.code()) {
    case StatusCode::kNotFound:
      type = PyExc_FileNotFoundError;
      break;
    case StatusCode::kIoError:
      type = PyExc_OSError;
      break;
    case StatusCode::kCancelled:
      type = PyExc_KeyboardInterrupt;
      break;
    case StatusCode::kUnimplemented:
      type = PyExc_NotImplementedError;
      break;
    case StatusCode::kResourceExhausted:
      type = PyExc_RuntimeError;  // as threading's "can't start new thread"
      break;
    default:
      break;
  }
  PyErr_SetString(type, ("kwx: " + status.message()).c_str());
  throw py::error_already_set();
}

std::string_view Utf8Of(py::handle text) {
  if (!PyUnicode_Check(text.ptr())) {
    throw py::type_error(std::string("kwx: expected str, got ") + Py_TYPE(text.ptr())->tp_name);
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

py::object NewStr(std::string_view utf8) {
  PyObject* s = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), nullptr);
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(s);
}

py::list WordsToList(const std::vector<std::string_view>& words) {
  py::list list(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), NewStr(words[i]).release().ptr());
  }
  return list;
}

py::list TaggedKeywordsToList(const std::vector<Keyword>& keywords, bool with_weight,
                              py::handle pair_type) {
  py::list list(keywords.size());
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    py::object word = NewStr(keywords[i].word), flag = NewStr(keywords[i].flag);
    PyObject* made = PyObject_CallFunctionObjArgs(pair_type.ptr(), word.ptr(), flag.ptr(), nullptr);
    if (made == nullptr) throw py::error_already_set();
    py::object item = py::reinterpret_steal<py::object>(made);
    if (with_weight) item = py::make_tuple(std::move(item), keywords[i].weight);
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), item.release().ptr());
  }
  return list;
}

py::list TaggedToList(const std::vector<TaggedWord>& words, py::handle pair_type) {
  // Flags point into the dictionary (or are static): few distinct ones, one str object each.
  std::unordered_map<std::string_view, py::object> flags;
  py::list list(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    py::object& flag = flags[words[i].flag];
    if (!flag) flag = NewStr(words[i].flag);
    py::object word = NewStr(words[i].word);
    PyObject* item = PyObject_CallFunctionObjArgs(pair_type.ptr(), word.ptr(), flag.ptr(), nullptr);
    if (item == nullptr) throw py::error_already_set();
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), item);
  }
  return list;
}

py::list TokensToList(const std::vector<Token>& tokens) {
  py::list list(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    py::tuple item = py::make_tuple(NewStr(t.word), t.start, t.end);
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), item.release().ptr());
  }
  return list;
}

py::list KeywordsToList(const std::vector<Keyword>& keywords, bool with_weight) {
  py::list list(keywords.size());
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    py::object item = NewStr(keywords[i].word);
    if (with_weight) item = py::make_tuple(std::move(item), keywords[i].weight);
    PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), item.release().ptr());
  }
  return list;
}

}  // namespace kwx::python
