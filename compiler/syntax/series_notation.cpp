#include "compiler/syntax/series_notation.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "compiler/syntax/promql_literals.h"

namespace mzr::syntax {
namespace {

// More values than any test needs; the bound keeps `0+1x99999999999` from exhausting memory.
constexpr uint64_t kMaxValues = 1'000'000;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_alnum(char c) {
  return is_alpha(c) || std::isdigit(static_cast<unsigned char>(c));
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c));
}

class Parser {
 public:
  Parser(std::string_view text, SeriesError* error) : text_(text), error_(error) {}

  std::optional<SeriesDescription> parse() {
    SeriesDescription out;
    skip_spaces();
    if (at_end()) return out;
    if (!metric(out.labels)) return std::nullopt;
    // Every item follows white space; white space may also end the line.
    while (!at_end()) {
      if (!is_space(peek())) return fail("expected white space between series values");
      skip_spaces();
      if (at_end()) break;
      if (!item(out.values)) return std::nullopt;
    }
    return out;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void skip_spaces() {
    while (!at_end() && is_space(peek())) ++pos_;
  }
  bool starts_with(std::string_view s) const { return text_.substr(pos_).starts_with(s); }

  std::nullopt_t fail(std::string message) { return fail_at(pos_, std::move(message)); }
  bool reject(std::string message) {
    fail(std::move(message));
    return false;
  }
  bool reject_at(size_t at, std::string message) {
    fail_at(at, std::move(message));
    return false;
  }
  std::nullopt_t fail_at(size_t at, std::string message) {
    if (error_ != nullptr && !failed_) {
      error_->message = std::move(message);
      error_->offset = static_cast<uint32_t>(at);
    }
    failed_ = true;
    return std::nullopt;
  }

  std::string identifier() {
    size_t begin = pos_;
    while (!at_end() && (is_alnum(peek()) || peek() == ':')) ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  // A "..." or '...' literal with Go escapes, or a `...` raw string.
  std::optional<std::string> quoted() {
    size_t begin = pos_;
    char quote = peek();
    ++pos_;
    while (!at_end() && peek() != quote) {
      if (peek() == '\\' && quote != '`') ++pos_;
      ++pos_;
    }
    if (at_end()) return fail_at(begin, "unterminated quoted string");
    ++pos_;
    UnquoteError err;
    auto value = unquote_promql_string(text_.substr(begin, pos_ - begin), &err);
    if (!value) return fail_at(begin + err.offset, err.message);
    return value;
  }

  // metric_name? ('{' label_list? '}')?; a quoted string alone in the braces is the name.
  bool metric(std::map<std::string, std::string>& labels) {
    if (is_alpha(peek()) || peek() == ':') labels["__name__"] = identifier();
    // The label set follows the name directly: white space starts the values.
    if (peek() != '{') {
      if (labels.empty()) return reject("expected a metric name or '{'");
      return true;
    }
    ++pos_;
    while (true) {
      skip_spaces();
      if (peek() == '}') {
        ++pos_;
        return true;
      }
      size_t item_at = pos_;
      std::string name;
      bool quoted_name = peek() == '"' || peek() == '\'' || peek() == '`';
      if (quoted_name) {
        auto q = quoted();
        if (!q) return false;
        name = *q;
      } else if (is_alpha(peek())) {
        name = identifier();
      } else {
        return reject("expected a label name");
      }
      skip_spaces();
      if (quoted_name && (peek() == ',' || peek() == '}')) {
        // {"metric.name", ...}
        if (labels.count("__name__")) return reject_at(item_at, "metric name given twice");
        labels["__name__"] = name;
      } else {
        if (peek() != '=' || peek(1) == '~') return reject("expected '=' after the label name");
        ++pos_;
        skip_spaces();
        if (peek() != '"' && peek() != '\'' && peek() != '`')
          return reject("expected a quoted label value");
        auto value = quoted();
        if (!value) return false;
        if (!labels.emplace(name, *value).second)
          return reject_at(item_at, fmt::format("label '{}' given twice", name));
      }
      skip_spaces();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() != '}') {
        return reject("expected ',' or '}' in the label set");
      }
    }
  }

  // An unsigned number as Prometheus' lexer reads it: decimal digits, a fraction, an
  // exponent; or Inf or NaN. In a value sequence an 'x' ends it (the repetition).
  std::optional<double> unsigned_number() {
    size_t begin = pos_;
    if (is_alpha(peek())) {
      std::string word = identifier_only();
      std::string lower;
      for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "inf") return std::numeric_limits<double>::infinity();
      if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
      return fail_at(begin, fmt::format("unexpected '{}' in series values", word));
    }
    // No hexadecimal here (Prometheus disallows it in series descriptions): `3-0x4` is 3
    // repeated, not 3 minus 4.
    const std::string_view digits = "0123456789";
    auto accept_run = [&](std::string_view set) {
      while (!at_end() && set.find(peek()) != std::string_view::npos) ++pos_;
    };
    accept_run(digits);
    if (peek() == '.') {
      ++pos_;
      accept_run(digits);
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      pos_ += 2;
      accept_run("0123456789");
    }
    if (pos_ == begin) return fail("expected a number");
    if (!at_end() && peek() != 'x' && is_alnum(peek())) {
      return fail(fmt::format("bad number or duration syntax: '{}'",
                              text_.substr(begin, pos_ - begin + 1)));
    }
    auto v = parse_promql_number(text_.substr(begin, pos_ - begin));
    if (!v) return fail_at(begin, "invalid number");
    return v;
  }

  std::string identifier_only() {
    size_t begin = pos_;
    while (!at_end() && is_alnum(peek())) ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::optional<double> signed_number() {
    bool negative = peek() == '-';
    if (peek() == '+' || peek() == '-') ++pos_;
    auto v = unsigned_number();
    if (!v) return std::nullopt;
    return negative ? -*v : *v;
  }

  // 'x' followed by a decimal count.
  std::optional<uint64_t> times() {
    if (peek() != 'x') return fail("expected 'x' and a count");
    ++pos_;
    size_t begin = pos_;
    while (!at_end() && is_digit(peek())) ++pos_;
    if (pos_ == begin || (!at_end() && !is_space(peek())))
      return fail_at(begin, "expected a count after 'x'");
    uint64_t n = 0;
    for (char c : text_.substr(begin, pos_ - begin)) {
      if (n > (std::numeric_limits<uint64_t>::max() - 9) / 10)
        return fail_at(begin, "count too large");
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
  }

  bool room_for(const std::vector<SeriesValue>& values, uint64_t more, size_t at) {
    if (more > kMaxValues || values.size() + more > kMaxValues) {
      return reject_at(at, fmt::format("the series expands to more than {} values", kMaxValues));
    }
    return true;
  }

  bool at_item_end() const { return at_end() || is_space(peek()); }

  bool item(std::vector<SeriesValue>& values) {
    size_t begin = pos_;
    if (peek() == '_') {
      ++pos_;
      uint64_t n = 1;
      if (!at_item_end()) {
        auto t = times();
        if (!t) return false;
        n = *t;
      }
      if (!room_for(values, n, begin)) return false;
      values.insert(values.end(), n, SeriesValue{});
      return true;
    }
    if (starts_with("{{")) return histogram_item(values);
    if (is_alpha(peek()) && text_.substr(pos_).starts_with("stale") &&
        (pos_ + 5 == text_.size() || !is_alnum(text_[pos_ + 5]))) {
      pos_ += 5;
      if (!at_item_end()) return reject("expected white space after 'stale'");
      values.push_back(SeriesValue{SeriesValue::Kind::Stale});
      return true;
    }
    auto first = signed_number();
    if (!first) return false;
    double start = *first;
    if (at_item_end()) {
      values.push_back(float_value(start));
      return true;
    }
    double step = 0;
    if (peek() == '+' || peek() == '-') {
      auto s = signed_number();
      if (!s) return false;
      step = *s;
      if (peek() != 'x') return reject("expected 'x' and a count after the increment");
    }
    auto n = times();
    if (!n) return false;
    if (!room_for(values, *n + 1, begin)) return false;
    // As Prometheus does: the increment is added step by step.
    for (uint64_t j = 0; j <= *n; ++j) {
      values.push_back(float_value(start));
      start += step;
    }
    return true;
  }

  static SeriesValue float_value(double v) {
    SeriesValue out;
    out.kind = SeriesValue::Kind::Float;
    out.value = v;
    return out;
  }

  bool histogram_item(std::vector<SeriesValue>& values) {
    size_t begin = pos_;
    auto base = histogram();
    if (!base) return false;
    SeriesValue v;
    v.kind = SeriesValue::Kind::Histogram;
    v.histogram = *base;
    if (at_item_end()) {
      values.push_back(v);
      return true;
    }
    if (peek() == '+' || peek() == '-') {
      v.subtract = peek() == '-';
      ++pos_;
      size_t delta_at = pos_;
      if (!starts_with("{{")) return reject("expected a histogram after '+' or '-'");
      auto delta = histogram();
      if (!delta) return false;
      v.delta = *delta;
      auto n = times();
      if (!n) return false;
      // Prometheus combines the steps at a resolution no finer than the base's: an increment of
      // a coarser schema cannot be merged into it.
      if (*n > 0 && base->schema > delta->schema) {
        return reject_at(delta_at, fmt::format("error combining histograms: cannot merge from "
                                               "schema {} to {}",
                                               delta->schema, base->schema));
      }
      if (!room_for(values, *n + 1, begin)) return false;
      for (uint64_t j = 0; j <= *n; ++j) {
        v.steps = j;
        values.push_back(v);
      }
      return true;
    }
    auto n = times();
    if (!n) return false;
    if (!room_for(values, *n + 1, begin)) return false;
    values.insert(values.end(), *n + 1, v);
    return true;
  }

  // '{{' (field (' '+ field)*)? ' '* '}}', no space after '{{' before a field.
  std::optional<SeriesHistogram> histogram() {
    pos_ += 2;
    SeriesHistogram h;
    std::set<std::string> seen;
    bool first = true;
    while (true) {
      bool spaced = false;
      while (peek() == ' ' || peek() == '\t') {
        ++pos_;
        spaced = true;
      }
      if (starts_with("}}")) {
        pos_ += 2;
        return h;
      }
      if (at_end()) return fail("unterminated histogram, expected '}}'");
      if (first == spaced) {
        return fail(first ? "unexpected white space after '{{'"
                          : "expected white space between histogram fields");
      }
      first = false;
      size_t field_at = pos_;
      std::string name = identifier_only();
      if (name.empty()) return fail("expected a histogram field");
      if (peek() != ':') return fail(fmt::format("expected ':' after '{}'", name));
      ++pos_;
      if (!seen.insert(name).second) {
        return fail_at(field_at, fmt::format("duplicate key \"{}\" in histogram", name));
      }
      if (!field(name, h, field_at)) return std::nullopt;
    }
  }

  bool field(const std::string& name, SeriesHistogram& h, size_t at) {
    auto integer = [&](int64_t& out) {
      size_t begin = pos_;
      auto v = signed_number();
      if (!v) return false;
      if (*v != std::floor(*v) || std::abs(*v) > 1e15)
        return reject_at(begin, "expected an integer");
      out = static_cast<int64_t>(*v);
      return true;
    };
    auto number = [&](double& out, bool allow_sign) {
      if (!allow_sign && (peek() == '-' || peek() == '+'))
        return reject("expected an unsigned number");
      auto v = signed_number();
      if (!v) return false;
      out = *v;
      return true;
    };
    if (name == "schema") return integer(h.schema);
    if (name == "sum") return number(h.sum, true);
    if (name == "count") return number(h.count, true);
    if (name == "z_bucket") return number(h.zero_count, true);
    if (name == "z_bucket_w") return number(h.zero_threshold, false);
    if (name == "buckets") return bucket_list(h.buckets);
    if (name == "offset") return integer(h.offset);
    if (name == "n_buckets") return bucket_list(h.negative_buckets);
    if (name == "n_offset") return integer(h.negative_offset);
    if (name == "custom_values") return bucket_list(h.custom_values);
    if (name == "counter_reset_hint") {
      std::string hint = identifier_only();
      if (hint != "unknown" && hint != "reset" && hint != "not_reset" && hint != "gauge") {
        return reject_at(at, fmt::format("unknown counter reset hint '{}'", hint));
      }
      h.counter_reset_hint = hint;
      return true;
    }
    return reject_at(at, fmt::format("unknown histogram field '{}'", name));
  }

  // '[' number (' '+ number)* ' '* ']'
  bool bucket_list(std::vector<double>& out) {
    if (peek() != '[') return reject("expected '['");
    ++pos_;
    while (true) {
      bool spaced = false;
      while (peek() == ' ' || peek() == '\t') {
        ++pos_;
        spaced = true;
      }
      if (peek() == ']' && !out.empty()) {
        ++pos_;
        return true;
      }
      if (spaced == out.empty()) {
        return reject(out.empty() ? "expected a bucket count after '['"
                                  : "expected white space between bucket counts");
      }
      auto v = signed_number();
      if (!v) return false;
      out.push_back(*v);
    }
  }

  std::string_view text_;
  SeriesError* error_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<SeriesDescription> parse_series_description(std::string_view text,
                                                          SeriesError* error) {
  return Parser(text, error).parse();
}

}  // namespace mzr::syntax
