// Status and StatusOr: how loading and I/O report failure. The hot path (segmentation, extraction)
// returns plain values; only things that touch files or parse user data return these.
//
// Both are [[nodiscard]]: an error that nobody looks at is a bug. Reading the value of a StatusOr
// that holds an error is a programming error with a defined outcome: it throws
// BadStatusOrAccess (never undefined behaviour).
#ifndef KWX_STATUS_H_
#define KWX_STATUS_H_

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace kwx {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad option value
  kNotFound,          // a file that does not exist
  kIoError,           // read/write failure (permissions, ENOSPC, a directory given as a file)
  kDataError,         // a data file (dictionary, IDF, HMM model, stop words) is malformed
  kInvalidUtf8,       // input that is not UTF-8 where strict decoding was asked for
  kCancelled,
  kUnimplemented,     // a setting kwx does not support (yet); the message names it
  kResourceExhausted, // the system refused a resource (a thread, memory)
  kInternal,          // a broken invariant of kwx itself
};

// A result with no value. Messages are one line and name the file (and line) at fault.
class [[nodiscard]] Status {
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

// Thrown by StatusOr::value() (and *, ->) when it holds an error.
class BadStatusOrAccess : public std::logic_error {
 public:
  explicit BadStatusOrAccess(const Status& status)
      : std::logic_error("kwx: value() of a StatusOr that holds an error: " + status.message()),
        status_(status) {}
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  // An ok Status carries no value: it is turned into a kInternal error rather than an empty
  // "success".
  StatusOr(Status status)  // NOLINT: implicit by design
      : status_(status.ok() ? Status(StatusCode::kInternal, "StatusOr made from an ok Status")
                            : std::move(status)) {}
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    Check();
    return *value_;
  }
  const T& value() const& {
    Check();
    return *value_;
  }
  T&& value() && {
    Check();
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void Check() const {
    if (!value_.has_value()) throw BadStatusOrAccess(status_);
  }
  Status status_;
  std::optional<T> value_;
};

}  // namespace kwx

#endif  // KWX_STATUS_H_
