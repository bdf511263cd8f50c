#include "dict/hmm_model.h"

#include <algorithm>
#include <string>

#include "dict/model_text.h"

namespace kwx::internal {

StatusOr<HmmModel> HmmModel::Parse(std::string_view text, const std::string& name) {
  HmmModel model;
  std::vector<std::array<double, kHmmStates>> emit(kHanLast - kHanFirst + 1,
                                                    {kMinFloat, kMinFloat, kMinFloat, kMinFloat});
  int row = 0;  // 0: start, 1..4: trans, 5..8: emit
  std::size_t line_no = 0;
  Status status = Status::Ok();
  auto fail = [&](const std::string& why) {
    status = Status(StatusCode::kDataError,
                    "invalid HMM model '" + name + "' at line " + std::to_string(line_no) + ": " + why);
    return false;
  };
  ForEachModelLine(text, [&](std::size_t n, std::string_view line) {
    line_no = n;
    if (row <= 4) {
      auto fields = SplitFields(line, ' ');
      if (fields.size() != kHmmStates) return fail("expected 4 numbers");
      auto& dst = row == 0 ? model.start : model.trans[static_cast<std::size_t>(row - 1)];
      for (int j = 0; j < kHmmStates; ++j) {
        if (!ParseDouble(fields[static_cast<std::size_t>(j)], &dst[static_cast<std::size_t>(j)])) {
          return fail("not a number: '" + std::string(fields[static_cast<std::size_t>(j)]) + "'");
        }
      }
    } else {
      int state = row - 5;
      for (std::string_view item : SplitFields(line, ',')) {
        std::size_t colon = item.rfind(':');
        char32_t cp = 0;
        double p = 0;
        if (colon == std::string_view::npos || !SingleCodePoint(item.substr(0, colon), &cp) ||
            !ParseDouble(item.substr(colon + 1), &p)) {
          return fail("bad emission entry '" + std::string(item.substr(0, 40)) + "'");
        }
        // finalseg only ever asks for Han characters; the others cannot influence a result.
        if (IsHan(cp)) emit[cp - kHanFirst][static_cast<std::size_t>(state)] = p;
      }
    }
    return ++row < 9;  // the lines after the last table are not read
  });
  if (!status.ok()) return status;
  if (row < 9) {
    // The line after the last one.
    line_no = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
              (!text.empty() && text.back() != '\n') + 1;
    fail("unexpected end of file (need start, 4 transition and 4 emission lines)");
    return status;
  }
  model.emit_han = ArrayRef<std::array<double, kHmmStates>>(std::move(emit));
  return model;
}

}  // namespace kwx::internal
