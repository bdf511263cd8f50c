#include "util/float_repr.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

#include "gtest/gtest.h"
#include "kwx/text.h"

namespace kwx::internal {
namespace {

struct FloatCase {
  std::uint64_t bits;
  const char* repr;
};

// Doubles and Python's repr() of them, from gen_float_repr_cases.py.
const FloatCase kGeneratedCases[] = {
#include "float_repr_cases.inc"
};

TEST(FloatReprTest, HandPickedTable) {
  struct {
    double value;
    std::string_view repr;
  } const cases[] = {
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1.0, "1.0"},
      {-1.0, "-1.0"},
      {12.0, "12.0"},
      {0.5, "0.5"},
      {0.1, "0.1"},
      {0.1 + 0.2, "0.30000000000000004"},
      {0.9195975002230768, "0.9195975002230768"},
      {0.0001, "0.0001"},
      {0.00012, "0.00012"},
      {1e-05, "1e-05"},
      {1.5e-05, "1.5e-05"},
      {1234567890123456.0, "1234567890123456.0"},
      {9999999999999998.0, "9999999999999998.0"},
      {1e16, "1e+16"},
      {1.5e16, "1.5e+16"},
      {12345678901234567.0, "1.2345678901234568e+16"},
      {1e100, "1e+100"},
      {1e-100, "1e-100"},
      {123.456, "123.456"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
      {-std::numeric_limits<double>::quiet_NaN(), "nan"},  // Python drops the sign of NaN
  };
  for (const auto& c : cases) {
    EXPECT_EQ(PythonFloatRepr(c.value), c.repr);
  }
}

TEST(FloatReprTest, GeneratedCasesMatchPython) {
  ASSERT_GT(std::size(kGeneratedCases), 500u);
  for (const FloatCase& c : kGeneratedCases) {
    const double value = std::bit_cast<double>(c.bits);
    EXPECT_EQ(PythonFloatRepr(value), c.repr) << "bits 0x" << std::hex << c.bits;
  }
}

TEST(FloatReprTest, AppendsWithoutClearing) {
  std::string out = "w=";
  AppendPythonFloat(0.25, &out);
  out += ",";
  AppendPythonFloat(-3e-7, &out);
  EXPECT_EQ(out, "w=0.25,-3e-07");
}

TEST(FloatReprTest, RandomValuesRoundTrip) {
  // Whatever the layout, the text must read back to the same double.
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200000; ++i) {
    const double value = std::bit_cast<double>(rng());
    if (!std::isfinite(value)) continue;
    const std::string text = PythonFloatRepr(value);
    double back = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_EQ(res.ec, std::errc()) << text;
    ASSERT_EQ(res.ptr, text.data() + text.size()) << text;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(value)) << text;
  }
}

}  // namespace
}  // namespace kwx::internal
