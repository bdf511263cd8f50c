// The one door from the internals to the data behind the public classes: the public headers
// declare internal::Access a friend instead of exposing accessors that return internal types.
#ifndef KWX_ACCESS_H_
#define KWX_ACCESS_H_

#include <memory>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/workspace.h"

namespace kwx::internal {

struct DictionaryData;
struct IdfData;
struct StopWordData;
struct WorkspaceData;

class Access {
 public:
  static const DictionaryData& Data(const Dictionary& d) { return *d.data_; }
  static const std::shared_ptr<const DictionaryData>& Shared(const Dictionary& d) {
    return d.data_;
  }
  static std::shared_ptr<const Dictionary> MakeDictionary(std::shared_ptr<const DictionaryData> data) {
    return std::shared_ptr<const Dictionary>(new Dictionary(std::move(data)));
  }

  static const IdfData& Data(const IdfTable& t) { return *t.data_; }
  static std::shared_ptr<const IdfTable> MakeIdfTable(std::shared_ptr<const IdfData> data) {
    return std::shared_ptr<const IdfTable>(new IdfTable(std::move(data)));
  }

  static const StopWordData& Data(const StopWords& s) { return *s.data_; }

  static WorkspaceData& Data(Workspace& w) { return *w.data_; }
};

}  // namespace kwx::internal

#endif  // KWX_ACCESS_H_
