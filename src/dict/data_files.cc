#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "kwx/dictionary.h"

#ifndef KWX_INSTALL_DATA_DIR
#define KWX_INSTALL_DATA_DIR "/usr/local/share/kwx"
#endif

namespace kwx {

namespace {

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string ExeDir() {
  std::string buf(4096, '\0');
  ssize_t n = ::readlink("/proc/self/exe", buf.data(), buf.size());
  if (n <= 0) return {};
  buf.resize(static_cast<std::size_t>(n));
  std::size_t slash = buf.rfind('/');
  return slash == std::string::npos ? std::string() : buf.substr(0, slash);
}

std::string Join(const std::string& dir, const char* file) { return dir + "/" + file; }

}  // namespace

StatusOr<DataFiles> DataFiles::Resolve() const {
  DataFiles out = *this;
  // All text files given: no data directory needed (pos_model stays as given, maybe empty: no
  // part-of-speech tagging then).
  if (!dict.empty() && !hmm_model.empty() && !idf.empty()) return out;
  if (!compiled.empty() && dict.empty() && hmm_model.empty() && pos_model.empty()) return out;
  std::string dir = data_dir;
  if (dir.empty()) {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("KWX_DATA_DIR"); env != nullptr && *env != '\0') {
      candidates.emplace_back(env);
    }
    candidates.insert(candidates.end(), search_dirs.begin(), search_dirs.end());
    if (std::string exe = ExeDir(); !exe.empty()) candidates.push_back(exe + "/../share/kwx");
    candidates.emplace_back(KWX_INSTALL_DATA_DIR);
    for (const auto& c : candidates) {
      if (IsDir(c)) {
        dir = c;
        break;
      }
    }
    if (dir.empty()) {
      std::string tried;
      for (const auto& c : candidates) tried += (tried.empty() ? "" : ", ") + c;
      return Status(StatusCode::kNotFound,
                    "no kwx data directory found (tried $KWX_DATA_DIR, " + tried +
                        "); pass --data-dir, set KWX_DATA_DIR to a directory with kwx.dict or "
                        "dict.txt, hmm_model.utf8 and idf.txt, or run scripts/setup.sh");
    }
  } else if (!IsDir(dir)) {
    return Status(StatusCode::kNotFound, "data directory '" + dir + "' does not exist");
  }
  if (out.dict.empty()) out.dict = Join(dir, "dict.txt");
  if (out.hmm_model.empty()) out.hmm_model = Join(dir, "hmm_model.utf8");
  if (out.idf.empty()) out.idf = Join(dir, "idf.txt");
  if (out.pos_model.empty()) out.pos_model = Join(dir, "pos_hmm.utf8");
  if (out.compiled.empty()) {
    // A kwx.dict older than a text file next to it was compiled from other data (someone edited
    // dict.txt): the text files win, correct if slower.
    struct stat st;
    std::string path = Join(dir, "kwx.dict");
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      bool stale = false;
      for (const char* text : {"dict.txt", "hmm_model.utf8", "idf.txt", "pos_hmm.utf8"}) {
        struct stat ts;
        if (::stat(Join(dir, text).c_str(), &ts) == 0 && ts.st_mtim.tv_sec > st.st_mtim.tv_sec) {
          stale = true;
        }
      }
      if (!stale) out.compiled = path;
    }
  }
  out.data_dir = dir;
  return out;
}

}  // namespace kwx
