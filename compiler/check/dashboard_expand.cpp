#include "compiler/check/dashboard_expand.h"

#include <array>
#include <cctype>

namespace mzr::dash {
namespace {

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

uint32_t u32(size_t v) {
  return static_cast<uint32_t>(v);
}

}  // namespace

std::vector<VariableRef> find_refs(std::string_view t) {
  std::vector<VariableRef> out;
  size_t i = 0;
  while (i < t.size()) {
    if (t[i] == '$' && i + 1 < t.size() && t[i + 1] == '{') {
      size_t close = t.find('}', i + 2);
      size_t j = i + 2;
      while (j < t.size() && (is_word(t[j]) || t[j] == '.')) ++j;
      if (close != std::string_view::npos && j > i + 2 && (j == close || t[j] == ':')) {
        VariableRef r;
        r.name = std::string(t.substr(i + 2, j - i - 2));
        if (auto dot = r.name.find('.'); dot != std::string::npos) r.name.resize(dot);
        if (j < close) r.format = std::string(t.substr(j + 1, close - j - 1));
        r.begin = u32(i);
        r.end = u32(close + 1);
        out.push_back(std::move(r));
        i = close + 1;
        continue;
      }
    } else if (t[i] == '$' && i + 1 < t.size() && is_word(t[i + 1])) {
      size_t j = i + 1;
      while (j < t.size() && is_word(t[j])) ++j;
      out.push_back({std::string(t.substr(i + 1, j - i - 1)), "", u32(i), u32(j)});
      i = j;
      continue;
    } else if (t[i] == '[' && i + 1 < t.size() && t[i + 1] == '[') {
      size_t close = t.find("]]", i + 2);
      size_t j = i + 2;
      while (j < t.size() && is_word(t[j])) ++j;
      if (close != std::string_view::npos && j > i + 2 && (j == close || t[j] == ':')) {
        VariableRef r;
        r.name = std::string(t.substr(i + 2, j - i - 2));
        if (j < close) r.format = std::string(t.substr(j + 1, close - j - 1));
        r.begin = u32(i);
        r.end = u32(close + 2);
        out.push_back(std::move(r));
        i = close + 2;
        continue;
      }
    }
    ++i;
  }
  return out;
}

RefContext context_at(std::string_view t, uint32_t offset) {
  // Quotes and brackets from the start of the text up to the reference.
  char quote = 0;
  size_t quote_start = 0;
  int brackets = 0;
  for (size_t i = 0; i < offset && i < t.size(); ++i) {
    char c = t[i];
    if (quote) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      quote = c;
      quote_start = i;
    } else if (c == '[') {
      ++brackets;
    } else if (c == ']' && brackets > 0) {
      --brackets;
    }
  }
  if (quote) {
    size_t k = quote_start;
    while (k > 0 && std::isspace(static_cast<unsigned char>(t[k - 1]))) --k;
    if (k >= 2 && t[k - 1] == '~' && (t[k - 2] == '=' || t[k - 2] == '!'))
      return RefContext::RegexString;
    return RefContext::String;
  }
  if (brackets > 0) return RefContext::Duration;
  size_t k = offset;
  while (k > 0 && std::isspace(static_cast<unsigned char>(t[k - 1]))) --k;
  size_t word_end = k;
  while (k > 0 && is_word(t[k - 1])) --k;
  if (t.substr(k, word_end - k) == "offset") return RefContext::Duration;
  if (word_end > 0 && t[word_end - 1] == '(') {
    size_t e = word_end - 1;
    while (e > 0 && std::isspace(static_cast<unsigned char>(t[e - 1]))) --e;
    size_t b = e;
    while (b > 0 && is_word(t[b - 1])) --b;
    static constexpr std::array<std::string_view, 7> kNumberFirst = {"topk",
                                                                     "bottomk",
                                                                     "quantile",
                                                                     "limitk",
                                                                     "limit_ratio",
                                                                     "quantile_over_time",
                                                                     "histogram_quantile"};
    for (std::string_view f : kNumberFirst) {
      if (t.substr(b, e - b) == f) return RefContext::Number;
    }
  }
  return RefContext::Other;
}

Expansion expand(const EmbeddedText& in, const Substitute& substitute, size_t max_bytes) {
  Expansion out;
  out.refs = find_refs(in.text);
  out.text.file = in.file;
  if (out.refs.empty()) {
    out.text = in;
    return out;
  }
  std::string& text = out.text.text;
  std::vector<uint32_t>& offsets = out.text.offsets;
  uint32_t at = 0;
  auto copy_to = [&](uint32_t end) {
    for (; at < end; ++at) {
      text.push_back(in.text[at]);
      offsets.push_back(in.source_offset(at));
    }
  };
  // The length of the whole expansion, known before any of it is copied.
  size_t total = in.text.size();
  for (size_t k = 0; k < out.refs.size(); ++k) {
    const VariableRef& r = out.refs[k];
    copy_to(r.begin);
    std::optional<std::string> value = substitute(r, context_at(in.text, r.begin));
    if (!value) {
      copy_to(r.end);
      continue;
    }
    uint32_t length = r.end - r.begin;
    total = total - length + value->size();
    if (value->size() > length && total > max_bytes) {
      out.too_large_at = k;
      return out;
    }
    for (size_t i = 0; i < value->size(); ++i) {
      text.push_back((*value)[i]);
      offsets.push_back(in.source_offset(r.begin + std::min(u32(i), length - 1)));
    }
    at = r.end;
  }
  copy_to(u32(in.text.size()));
  offsets.push_back(in.source_offset(u32(in.text.size())));
  return out;
}

EmbeddedText slice(const EmbeddedText& in, uint32_t begin, uint32_t end) {
  EmbeddedText out;
  out.file = in.file;
  out.text = in.text.substr(begin, end - begin);
  if (in.offsets.empty()) {
    out.base = in.base + begin;
    return out;
  }
  for (uint32_t i = begin; i <= end; ++i) out.offsets.push_back(in.source_offset(i));
  return out;
}

bool is_builtin(std::string_view name) {
  return name.rfind("__", 0) == 0;
}

std::optional<std::string> builtin_value(const VariableRef& ref, RefContext context) {
  const std::string& n = ref.name;
  if (n == "__interval" || n == "__rate_interval" || n == "__range" || n == "__auto" ||
      n.rfind("__auto_interval", 0) == 0) {
    return context == RefContext::Number ? "60" : "1m";
  }
  if (n == "__interval_ms" || n == "__rate_interval_ms" || n == "__range_ms") return "60000";
  if (n == "__range_s") return "3600";
  if (n == "__from" || n == "__to") {
    return ref.format.rfind("date", 0) == 0 && ref.format != "date:seconds" ? "1700000000"
                                                                            : "1700000000000";
  }
  if (n == "__dashboard" || n == "__name" || n == "__org" || n == "__user" || n == "__field" ||
      n == "__series" || n == "__value" || n == "__cell" || n == "__data") {
    return context == RefContext::Number ? "1" : "x";
  }
  return std::nullopt;
}

}  // namespace mzr::dash
