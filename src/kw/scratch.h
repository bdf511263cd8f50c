// Keyword extraction's share of a Workspace.
#ifndef KWX_KW_SCRATCH_H_
#define KWX_KW_SCRATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kw/term_counter.h"

namespace kwx::internal {

struct KeywordScratch {
  TermCounter terms;
  std::vector<std::uint32_t> order;  // the counted terms, in first-occurrence order, then sorted
  std::string lower;                 // a token lower-cased for the stop-word test
};

}  // namespace kwx::internal

#endif  // KWX_KW_SCRATCH_H_
