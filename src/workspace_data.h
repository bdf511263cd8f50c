// What a Workspace holds: each concern's scratch, composed here so that none of them depends on
// another (segmentation knows nothing of keyword extraction).
#ifndef KWX_WORKSPACE_DATA_H_
#define KWX_WORKSPACE_DATA_H_

#include "kw/scratch.h"
#include "seg/pos_cut.h"
#include "seg/scratch.h"

namespace kwx::internal {

struct WorkspaceData {
  PreparedText text;         // the input of the current call, decoded
  SegmentScratch segment;    // the cut
  PosScratch pos;            // part-of-speech tagging
  KeywordScratch keywords;   // TF-IDF
};

}  // namespace kwx::internal

#endif  // KWX_WORKSPACE_DATA_H_
