#include "kwx/format.h"

#include <cmath>
#include <cstring>

#include "kw/rows.h"
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

void AppendIdJson(const DocumentId& id, std::string* out) {
  switch (id.kind) {
    case DocumentId::Kind::kLine: out->append(std::to_string(id.line)); return;
    case DocumentId::Kind::kInteger: out->append(id.value); return;
    case DocumentId::Kind::kString: internal::AppendJsonString(id.value, out); return;
  }
}

void AppendIdText(const DocumentId& id, std::string* out) {
  if (id.kind == DocumentId::Kind::kLine) {
    out->append(std::to_string(id.line));
  } else {
    out->append(id.value);
  }
}

void AppendKeywords(const std::vector<Keyword>& keywords, OutputFormat format, bool with_weight,
                    const DocumentId& id, std::string* out, bool with_flag, bool keyed) {
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
      std::string id_text;
      AppendIdText(id, &id_text);
      std::size_t rank = 0;
      for (const Keyword& k : keywords) {
        out->append(id_text);
        out->push_back('\t');
        out->append(std::to_string(++rank));
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
      if (keyed) {
        out->append("{\"id\":");
        AppendIdJson(id, out);
        out->append(",\"keywords\":");
      }
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
      out->append(keyed ? "]}\n" : "]\n");
      return;
    case OutputFormat::kRows: {
      internal::Row row;
      row.id = id;
      for (const Keyword& k : keywords) {
        ++row.ordinal;
        row.word = k.word;
        row.flag = with_flag ? std::string_view(k.flag) : std::string_view();
        row.weight = k.weight;
        internal::AppendRow(row, out);
      }
      return;
    }
  }
}

namespace {

// The start of a token line in JSON: [ or {"id":ID,"tokens":[
void OpenJsonTokens(const DocumentId* keyed_id, std::string* out) {
  if (keyed_id != nullptr) {
    out->append("{\"id\":");
    AppendIdJson(*keyed_id, out);
    out->append(",\"tokens\":");
  }
  out->push_back('[');
}

}  // namespace

TokenLineWriter::TokenLineWriter(OutputFormat format, std::string_view delimiter, std::string* out,
                                 const DocumentId* keyed_id)
    : json_(format == OutputFormat::kJsonl || format == OutputFormat::kTsv),
      keyed_(json_ && keyed_id != nullptr),
      delimiter_(delimiter),
      out_(out) {
  if (format == OutputFormat::kRows) {
    json_ = false;
    rows_id_ = keyed_id;
    return;
  }
  if (json_) OpenJsonTokens(keyed_ ? keyed_id : nullptr, out_);
}

void TokenLineWriter::Add(std::span<const std::string_view> tokens) {
  if (rows_id_ != nullptr) {
    internal::Row row;
    row.id = *rows_id_;
    for (std::string_view t : tokens) {
      row.ordinal = ++position_;
      row.word = t;
      internal::AppendRow(row, out_);
    }
    return;
  }
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

void TokenLineWriter::End() {
  if (rows_id_ == nullptr) out_->append(!json_ ? "\n" : keyed_ ? "]}\n" : "]\n");
}

TaggedLineWriter::TaggedLineWriter(OutputFormat format, std::string_view delimiter,
                                   std::string_view pos_delimiter, std::string* out,
                                   const DocumentId* keyed_id)
    : json_(format == OutputFormat::kJsonl || format == OutputFormat::kTsv),
      keyed_(json_ && keyed_id != nullptr),
      delimiter_(delimiter),
      pos_delimiter_(pos_delimiter),
      out_(out) {
  if (format == OutputFormat::kRows) {
    json_ = false;
    rows_id_ = keyed_id;
    return;
  }
  if (json_) OpenJsonTokens(keyed_ ? keyed_id : nullptr, out_);
}

void TaggedLineWriter::Add(std::span<const TaggedWord> words) {
  if (rows_id_ != nullptr) {
    internal::Row row;
    row.id = *rows_id_;
    for (const TaggedWord& w : words) {
      row.ordinal = ++position_;
      row.word = w.word;
      row.flag = w.flag;
      internal::AppendRow(row, out_);
    }
    return;
  }
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

void TaggedLineWriter::End() {
  if (rows_id_ == nullptr) out_->append(!json_ ? "\n" : keyed_ ? "]}\n" : "]\n");
}

void AppendTokens(const std::vector<std::string_view>& tokens, OutputFormat format,
                  std::string_view delimiter, std::string* out) {
  TokenLineWriter writer(format, delimiter, out);
  writer.Add(tokens);
  writer.End();
}

}  // namespace kwx
