// Status and StatusOr: how loading and I/O report failure. The hot path (segmentation, extraction)
// returns plain values; only things that touch files or parse user data return these.
#ifndef KWX_STATUS_H_
#define KWX_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kwx {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad option value
  kNotFound,          // a file that does not exist
  kIoError,           // read/write failure (permissions, ENOSPC, a directory given as a file)
  kDataError,         // a data file (dictionary, IDF, HMM model, stop words) is malformed
  kInvalidUtf8,       // input that is not UTF-8 where strict decoding was asked for
  kCancelled,
};

// A result with no value. Messages are one line and name the file (and line) at fault.
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class StatusOr {
 public:
  StatusOr(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design
  StatusOr(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace kwx

#endif  // KWX_STATUS_H_
