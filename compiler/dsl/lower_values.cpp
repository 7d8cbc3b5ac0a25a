#include "compiler/dsl/lower_values.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>

#include "compiler/base/suggest.h"

namespace mzr::dsl {

bool is_number_word(std::string_view w) {
  size_t i = w.starts_with('-') ? 1 : 0;
  size_t digits = 0;
  bool dot = false;
  for (; i < w.size(); ++i) {
    if (w[i] >= '0' && w[i] <= '9') {
      ++digits;
    } else if (w[i] == '.' && !dot && digits > 0) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits > 0 && !w.ends_with('.');
}

namespace {

Span span_of(const std::vector<AmValueNode>& values, const Name& key) {
  if (values.empty()) return key.span;
  return {values.front().span.file, values.front().span.begin, values.back().span.end};
}

}  // namespace

std::optional<Text> ValueReader::scalar(const std::vector<AmValueNode>& values, const Name& key) {
  if (values.size() == 1) {
    const AmValueNode& v = values.front();
    if (v.kind == AmValueNode::Kind::String) return v.text;
    if (v.kind == AmValueNode::Kind::Word) return Text{v.word, {v.word}, v.span};
  }
  diags_.report(DiagKind::DslInvalidValue, span_of(values, key),
                fmt::format("'{}' takes one value, a string or a word", key.value));
  return std::nullopt;
}

std::optional<bool> ValueReader::boolean(const std::vector<AmValueNode>& values, const Name& key) {
  if (values.size() == 1 && values.front().kind == AmValueNode::Kind::Word) {
    if (values.front().word == "true") return true;
    if (values.front().word == "false") return false;
  }
  diags_.report(DiagKind::DslInvalidValue, span_of(values, key),
                fmt::format("'{}' is true or false", key.value));
  return std::nullopt;
}

std::optional<int64_t> ValueReader::integer(const std::vector<AmValueNode>& values, const Name& key,
                                            int64_t min, int64_t max) {
  if (values.size() == 1 && values.front().kind == AmValueNode::Kind::Word) {
    const std::string& w = values.front().word;
    int64_t n = 0;
    auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), n);
    if (ec == std::errc() && end == w.data() + w.size() && n >= min && n <= max) return n;
  }
  diags_.report(DiagKind::DslInvalidValue, span_of(values, key),
                fmt::format("'{}' is a whole number from {} to {}", key.value, min, max));
  return std::nullopt;
}

std::optional<double> ValueReader::number(const std::vector<AmValueNode>& values, const Name& key) {
  if (values.size() == 1 && values.front().kind == AmValueNode::Kind::Word &&
      is_number_word(values.front().word)) {
    return std::strtod(values.front().word.c_str(), nullptr);
  }
  diags_.report(DiagKind::DslInvalidValue, span_of(values, key),
                fmt::format("'{}' is a number", key.value));
  return std::nullopt;
}

std::optional<std::vector<Text>> ValueReader::scalars(const std::vector<AmValueNode>& values,
                                                      const Name& key) {
  const std::vector<AmValueNode>* items = &values;
  if (values.size() == 1 && values.front().kind == AmValueNode::Kind::List)
    items = &values.front().items;
  std::vector<Text> out;
  for (const AmValueNode& v : *items) {
    if (v.kind == AmValueNode::Kind::String) {
      out.push_back(v.text);
    } else if (v.kind == AmValueNode::Kind::Word) {
      out.push_back({v.word, {v.word}, v.span});
    } else {
      diags_.report(DiagKind::DslInvalidValue, v.span,
                    fmt::format("'{}' takes strings or words", key.value));
      return std::nullopt;
    }
  }
  return out;
}

std::optional<Text> ValueReader::one_of(const std::vector<AmValueNode>& values, const Name& key,
                                        const std::vector<std::string_view>& allowed) {
  auto t = scalar(values, key);
  if (!t) return std::nullopt;
  for (std::string_view a : allowed) {
    if (a == t->value) return t;
  }
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == allowed.size() ? " or " : ", ");
    list += allowed[i];
  }
  diags_.report(DiagKind::DslInvalidValue, t->span,
                fmt::format("'{}' is {}, not '{}'", key.value, list, t->value));
  return std::nullopt;
}

void ValueReader::unknown_key(const Name& key, std::string_view what,
                              const std::vector<std::string_view>& known) {
  diags_.report(DiagKind::DslUnknownKeyword, key.span,
                fmt::format("unknown {} '{}'{}", what, key.value, did_you_mean(key.value, known)));
}

const AmValueNode* ValueReader::body_of(const AmEntry& e) {
  if (e.values.size() == 1 && e.values.front().kind == AmValueNode::Kind::Body)
    return &e.values.front();
  diags_.report(DiagKind::DslInvalidValue, e.span,
                fmt::format("'{}' takes a block: {} {{ ... }}", e.key.value, e.key.value));
  return nullptr;
}

bool ValueReader::first(std::map<std::string, Span>& seen, const Name& key) {
  auto [it, inserted] = seen.emplace(key.value, key.span);
  if (inserted) return true;
  diags_
      .report(DiagKind::DslDuplicateField, key.span, fmt::format("'{}' is given twice", key.value))
      .note(it->second, "first given here");
  return false;
}

nlohmann::ordered_json ValueReader::json(const AmValueNode& v) {
  using J = nlohmann::ordered_json;
  switch (v.kind) {
    case AmValueNode::Kind::String: return v.text.value;
    case AmValueNode::Kind::Word:
      if (v.word == "true") return true;
      if (v.word == "false") return false;
      if (v.word == "null") return nullptr;
      if (is_number_word(v.word)) {
        if (v.word.find('.') == std::string::npos) {
          int64_t n = 0;
          auto [end, ec] = std::from_chars(v.word.data(), v.word.data() + v.word.size(), n);
          if (ec == std::errc()) return n;
        }
        return std::strtod(v.word.c_str(), nullptr);
      }
      return v.word;
    case AmValueNode::Kind::List: {
      J a = J::array();
      for (const AmValueNode& i : v.items) a.push_back(json(i));
      return a;
    }
    case AmValueNode::Kind::Body: {
      J o = J::object();
      for (const AmEntry& e : v.entries) {
        if (e.kind != AmEntry::Kind::Setting) {
          diags_.report(DiagKind::DslInvalidValue, e.span,
                        "only 'key value' settings can be written here");
          continue;
        }
        o[e.key.value] = json(e.values);
      }
      return o;
    }
  }
  return nullptr;
}

nlohmann::ordered_json ValueReader::json(const std::vector<AmValueNode>& values) {
  if (values.size() == 1) return json(values.front());
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const AmValueNode& v : values) a.push_back(json(v));
  return a;
}

}  // namespace mzr::dsl
