// Python-compatible float formatting. kwx::AppendPythonFloat is declared in include/kwx/text.h;
// this header adds a string-returning convenience for internal callers and tests.
#ifndef KWX_UTIL_FLOAT_REPR_H_
#define KWX_UTIL_FLOAT_REPR_H_

#include <string>

#include "kwx/text.h"

namespace kwx::internal {

// Returns repr(value) as Python 3 prints it (see kwx::AppendPythonFloat).
std::string PythonFloatRepr(double value);

}  // namespace kwx::internal

#endif  // KWX_UTIL_FLOAT_REPR_H_
