#include "dict/hmm_model.h"

#include <string>

#include "dict/model_text.h"

namespace kwx::internal {

StatusOr<HmmModel> HmmModel::Parse(std::string_view text, const std::string& name) {
  HmmModel model;
  std::vector<std::array<double, kHmmStates>> emit(kHanLast - kHanFirst + 1,
                                                    {kMinFloat, kMinFloat, kMinFloat, kMinFloat});
  int row = 0;  // 0: start, 1..4: trans, 5..8: emit
  std::size_t line_no = 0;
  std::size_t pos = 0;
  auto error = [&](const std::string& why) {
    return Status(StatusCode::kDataError,
                  "invalid HMM model '" + name + "' at line " + std::to_string(line_no) + ": " + why);
  };
  while (pos < text.size() && row < 9) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line[0] == '#') continue;
    if (row <= 4) {
      auto fields = SplitFields(line, ' ');
      if (fields.size() != kHmmStates) return error("expected 4 numbers");
      auto& dst = row == 0 ? model.start : model.trans[static_cast<std::size_t>(row - 1)];
      for (int j = 0; j < kHmmStates; ++j) {
        if (!ParseDouble(fields[static_cast<std::size_t>(j)], &dst[static_cast<std::size_t>(j)])) {
          return error("not a number: '" + std::string(fields[static_cast<std::size_t>(j)]) + "'");
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
          return error("bad emission entry '" + std::string(item.substr(0, 40)) + "'");
        }
        // finalseg only ever asks for Han characters; the others cannot influence a result.
        if (IsHan(cp)) emit[cp - kHanFirst][static_cast<std::size_t>(state)] = p;
      }
    }
    ++row;
  }
  if (row < 9) {
    ++line_no;
    return error("unexpected end of file (need start, 4 transition and 4 emission lines)");
  }
  model.emit_han = ArrayRef<std::array<double, kHmmStates>>(std::move(emit));
  return model;
}

}  // namespace kwx::internal
