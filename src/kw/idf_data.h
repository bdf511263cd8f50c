// What IdfTable and StopWords hold.
#ifndef KWX_KW_IDF_DATA_H_
#define KWX_KW_IDF_DATA_H_

#include <string>

#include "util/string_map.h"

namespace kwx::internal {

struct IdfData {
  StringMap<double> idf;
  double median = 0;
};

struct StopWordData {
  StringMap<bool> words;
};

}  // namespace kwx::internal

#endif  // KWX_KW_IDF_DATA_H_
