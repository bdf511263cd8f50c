#include "kwx/format.h"

#include <cmath>
#include <cstring>

#include "kwx/text.h"
#include "util/json.h"

namespace kwx {

namespace {

// json.dumps writes the non-finite floats as these (not strictly JSON, but what Python reads
// back, and what the oracle writes); repr() would give inf / nan.
void AppendJsonNumber(double v, std::string* out) {
  if (std::isinf(v)) {
    out->append(v > 0 ? "Infinity" : "-Infinity");
  } else if (std::isnan(v)) {
    out->append("NaN");
  } else {
    AppendPythonFloat(v, out);
  }
}

}  // namespace

StatusOr<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "tsv") return OutputFormat::kTsv;
  if (name == "jsonl") return OutputFormat::kJsonl;
  return Status(StatusCode::kInvalidArgument,
                "format must be 'text', 'tsv' or 'jsonl', not '" + std::string(name) + "'");
}

void AppendKeywords(const std::vector<Keyword>& keywords, OutputFormat format, bool with_weight,
                    std::uint64_t line_number, std::string* out, bool with_flag) {
  switch (format) {
    case OutputFormat::kText:
      if (!with_weight && !with_flag) {  // the common case, one line per document: sized once, then copied
        std::size_t size = keywords.empty() ? 1 : keywords.size();
        for (const Keyword& k : keywords) size += k.word.size();
        std::size_t at = out->size();
        out->resize(at + size);
        char* p = out->data() + at;
        for (std::size_t i = 0; i < keywords.size(); ++i) {
          if (i > 0) *p++ = ' ';
          std::memcpy(p, keywords[i].word.data(), keywords[i].word.size());
          p += keywords[i].word.size();
        }
        *p = '\n';
        return;
      }
      for (std::size_t i = 0; i < keywords.size(); ++i) {
        if (i > 0) out->push_back(' ');
        out->append(keywords[i].word);
        if (with_flag) out->append("/").append(keywords[i].flag);
        if (with_weight) {
          out->push_back(':');
          AppendPythonFloat(keywords[i].weight, out);
        }
      }
      out->push_back('\n');
      return;
    case OutputFormat::kTsv: {
      std::string number = std::to_string(line_number);
      for (const Keyword& k : keywords) {
        out->append(number);
        out->push_back('\t');
        out->append(k.word);
        out->push_back('\t');
        if (with_flag) out->append(k.flag).push_back('\t');
        AppendPythonFloat(k.weight, out);
        out->push_back('\n');
      }
      return;
    }
    case OutputFormat::kJsonl:
      out->push_back('[');
      for (std::size_t i = 0; i < keywords.size(); ++i) {
        if (i > 0) out->push_back(',');
        if (with_weight) out->push_back('[');
        if (with_flag) {
          out->push_back('[');
          internal::AppendJsonString(keywords[i].word, out);
          out->push_back(',');
          internal::AppendJsonString(keywords[i].flag, out);
          out->push_back(']');
        } else {
          internal::AppendJsonString(keywords[i].word, out);
        }
        if (with_weight) {
          out->push_back(',');
          AppendJsonNumber(keywords[i].weight, out);
          out->push_back(']');
        }
      }
      out->append("]\n");
      return;
  }
}

TokenLineWriter::TokenLineWriter(OutputFormat format, std::string_view delimiter, std::string* out)
    : json_(format != OutputFormat::kText), delimiter_(delimiter), out_(out) {
  if (json_) out_->push_back('[');
}

void TokenLineWriter::Add(std::span<const std::string_view> tokens) {
  for (std::string_view t : tokens) {
    if (!first_) {
      if (json_) {
        out_->push_back(',');
      } else {
        out_->append(delimiter_);
      }
    }
    first_ = false;
    if (json_) {
      internal::AppendJsonString(t, out_);
    } else {
      out_->append(t);
    }
  }
}

void TokenLineWriter::End() { out_->append(json_ ? "]\n" : "\n"); }

TaggedLineWriter::TaggedLineWriter(OutputFormat format, std::string_view delimiter,
                                   std::string_view pos_delimiter, std::string* out)
    : json_(format != OutputFormat::kText),
      delimiter_(delimiter),
      pos_delimiter_(pos_delimiter),
      out_(out) {
  if (json_) out_->push_back('[');
}

void TaggedLineWriter::Add(std::span<const TaggedWord> words) {
  for (const TaggedWord& w : words) {
    if (!first_) out_->append(json_ ? std::string_view(",") : delimiter_);
    first_ = false;
    if (json_) {
      out_->push_back('[');
      internal::AppendJsonString(w.word, out_);
      out_->push_back(',');
      internal::AppendJsonString(w.flag, out_);
      out_->push_back(']');
    } else {
      out_->append(w.word).append(pos_delimiter_).append(w.flag);
    }
  }
}

void TaggedLineWriter::End() { out_->append(json_ ? "]\n" : "\n"); }

void AppendTokens(const std::vector<std::string_view>& tokens, OutputFormat format,
                  std::string_view delimiter, std::string* out) {
  TokenLineWriter writer(format, delimiter, out);
  writer.Add(tokens);
  writer.End();
}

}  // namespace kwx
