// A read-only array that either owns its elements (built from text data) or views memory it does
// not own (a section of a mapped compiled dictionary). The hot path sees only the view.
#ifndef KWX_UTIL_ARRAY_REF_H_
#define KWX_UTIL_ARRAY_REF_H_

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace kwx::internal {

template <typename T>
class ArrayRef {
 public:
  ArrayRef() = default;
  explicit ArrayRef(std::vector<T> owned) : owned_(std::move(owned)), view_(owned_) {}
  static ArrayRef View(std::span<const T> memory) {
    ArrayRef a;
    a.view_ = memory;
    return a;
  }

  // Moving a std::vector keeps its buffer, so the view stays valid; copying would not.
  ArrayRef(ArrayRef&&) noexcept = default;
  ArrayRef& operator=(ArrayRef&&) noexcept = default;
  ArrayRef(const ArrayRef&) = delete;
  ArrayRef& operator=(const ArrayRef&) = delete;

  // An owned array is copied; a view stays a view of the same memory.
  ArrayRef Clone() const {
    if (view_.data() == owned_.data() && !owned_.empty()) return ArrayRef(owned_);
    return View(view_);
  }

  const T& operator[](std::size_t i) const { return view_[i]; }
  const T* data() const { return view_.data(); }
  std::size_t size() const { return view_.size(); }
  bool empty() const { return view_.empty(); }
  std::span<const T> span() const { return view_; }
  auto begin() const { return view_.begin(); }
  auto end() const { return view_.end(); }

 private:
  std::vector<T> owned_;
  std::span<const T> view_;
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_ARRAY_REF_H_
