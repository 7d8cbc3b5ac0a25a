#include "compiler/load/jsonnet_strings.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace mzr {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::optional<uint32_t> hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return std::nullopt;
  uint32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    uint32_t d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    v = v * 16 + d;
  }
  return v;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::vector<JsonnetString> run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '#' || (c == '/' && peek(1) == '/')) {
        skip_line();
      } else if (c == '/' && peek(1) == '*') {
        size_t close = s_.find("*/", i_ + 2);
        i_ = close == std::string_view::npos ? s_.size() : close + 2;
      } else if (c == '"' || c == '\'') {
        if (!quoted(c)) break;
      } else if (c == '@' && (peek(1) == '"' || peek(1) == '\'')) {
        if (!verbatim(peek(1))) break;
      } else if (s_.substr(i_, 3) == "|||") {
        if (!text_block()) break;
      } else {
        ++i_;
      }
    }
    return std::move(out_);
  }

 private:
  char peek(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  uint32_t at(size_t k) const { return static_cast<uint32_t>(k); }

  void skip_line() {
    size_t nl = s_.find('\n', i_);
    i_ = nl == std::string_view::npos ? s_.size() : nl + 1;
  }

  void push(JsonnetString& str, char c, size_t from) {
    str.value.push_back(c);
    str.offsets.push_back(at(from));
  }

  void push_code_point(JsonnetString& str, uint32_t cp, size_t from) {
    auto byte = [&](uint32_t b) { push(str, static_cast<char>(b), from); };
    if (cp < 0x80) {
      byte(cp);
    } else if (cp < 0x800) {
      byte(0xC0 | (cp >> 6));
      byte(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      byte(0xE0 | (cp >> 12));
      byte(0x80 | ((cp >> 6) & 0x3F));
      byte(0x80 | (cp & 0x3F));
    } else {
      byte(0xF0 | (cp >> 18));
      byte(0x80 | ((cp >> 12) & 0x3F));
      byte(0x80 | ((cp >> 6) & 0x3F));
      byte(0x80 | (cp & 0x3F));
    }
  }

  void finish(JsonnetString& str, size_t close, size_t end) {
    str.offsets.push_back(at(close));
    str.end = at(end);
    out_.push_back(std::move(str));
    i_ = end;
  }

  // "..." or '...' with jsonnet's (JSON's) escapes; the other quote needs none.
  bool quoted(char quote) {
    JsonnetString str;
    str.begin = at(i_);
    size_t j = i_ + 1;
    while (j < s_.size() && s_[j] != quote) {
      if (s_[j] != '\\') {
        push(str, s_[j], j);
        ++j;
        continue;
      }
      if (j + 1 >= s_.size()) return false;
      char e = s_[j + 1];
      size_t width = 2;
      switch (e) {
        case 'b': push(str, '\b', j); break;
        case 'f': push(str, '\f', j); break;
        case 'n': push(str, '\n', j); break;
        case 'r': push(str, '\r', j); break;
        case 't': push(str, '\t', j); break;
        case 'u': {
          auto cp = hex4(s_, j + 2);
          if (!cp) return false;
          width = 6;
          if (*cp >= 0xD800 && *cp < 0xDC00 && s_.substr(j + 6, 2) == "\\u") {
            if (auto low = hex4(s_, j + 8); low && *low >= 0xDC00 && *low < 0xE000) {
              *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
              width = 12;
            }
          }
          push_code_point(str, *cp, j);
          break;
        }
        default: push(str, e, j); break;  // \" \' \\ \/
      }
      j += width;
    }
    if (j >= s_.size()) return false;
    finish(str, j, j + 1);
    return true;
  }

  // @"..." / @'...': no escapes, the quote doubled stands for itself.
  bool verbatim(char quote) {
    JsonnetString str;
    str.begin = at(i_);
    size_t j = i_ + 2;
    for (;;) {
      if (j >= s_.size()) return false;
      if (s_[j] == quote) {
        if (j + 1 < s_.size() && s_[j + 1] == quote) {
          push(str, quote, j);
          j += 2;
          continue;
        }
        break;
      }
      push(str, s_[j], j);
      ++j;
    }
    finish(str, j, j + 1);
    return true;
  }

  // |||, optionally |||- (no final newline), blanks to the end of the line, then lines indented
  // at least like the first one, up to a line with less indentation holding the closing |||.
  bool text_block() {
    JsonnetString str;
    str.begin = at(i_);
    size_t j = i_ + 3;
    bool chomp = j < s_.size() && s_[j] == '-';
    if (chomp) ++j;
    while (j < s_.size() && is_blank(s_[j])) ++j;
    if (j >= s_.size() || s_[j] != '\n') {
      ++i_;  // not a text block after all (jsonnet rejects it); go on
      return true;
    }
    ++j;
    // Empty lines before the first indented line are kept as newlines.
    while (j < s_.size() && s_[j] == '\n') push(str, '\n', j++);
    size_t indent_end = j;
    while (indent_end < s_.size() && is_blank(s_[indent_end])) ++indent_end;
    std::string_view indent = s_.substr(j, indent_end - j);
    if (indent.empty()) return false;
    for (;;) {
      if (j >= s_.size()) return false;
      if (s_[j] == '\n') {
        push(str, '\n', j++);
        continue;
      }
      if (s_.substr(j, indent.size()) != indent) break;
      j += indent.size();
      for (; j < s_.size() && s_[j] != '\n'; ++j) push(str, s_[j], j);
      if (j >= s_.size()) return false;
      push(str, '\n', j++);
    }
    while (j < s_.size() && is_blank(s_[j])) ++j;
    if (s_.substr(j, 3) != "|||") return false;
    if (chomp && !str.value.empty() && str.value.back() == '\n') {
      str.value.pop_back();
      str.offsets.pop_back();
    }
    finish(str, j, j + 3);
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
  std::vector<JsonnetString> out_;
};

}  // namespace

std::vector<JsonnetString> jsonnet_strings(std::string_view source) {
  return Scanner(source).run();
}

namespace {

uint64_t trigram(std::string_view s, size_t i) {
  return static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << 16 |
         static_cast<uint64_t>(static_cast<unsigned char>(s[i + 1])) << 8 |
         static_cast<uint64_t>(static_cast<unsigned char>(s[i + 2]));
}

}  // namespace

JsonnetText::JsonnetText(std::string_view source) {
  auto code = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      text_.push_back(source[i]);
      where_.push_back(static_cast<uint32_t>(i));
    }
    text_.push_back('\0');
    where_.push_back(static_cast<uint32_t>(to));
  };
  size_t last = 0;
  for (const JsonnetString& s : jsonnet_strings(source)) {
    code(last, s.begin);
    text_ += s.value;
    where_.insert(where_.end(), s.offsets.begin(), s.offsets.end());  // the end too: the '\0'
    text_.push_back('\0');
    last = s.end;
  }
  code(last, source.size());
  for (size_t i = 0; i + 3 <= text_.size(); ++i) index_.push_back(trigram(text_, i) << 32 | i);
  std::sort(index_.begin(), index_.end());
}

std::optional<std::vector<uint32_t>> JsonnetText::unique(std::string_view value) const {
  // Shorter values occur anywhere.
  if (value.size() < 3 || value.find('\0') != std::string_view::npos) return std::nullopt;
  // Candidates by the value's rarest trigram.
  auto range = [&](size_t j) {
    uint64_t key = trigram(value, j) << 32;
    auto lo = std::lower_bound(index_.begin(), index_.end(), key);
    auto hi = std::lower_bound(lo, index_.end(), key + (uint64_t{1} << 32));
    return std::pair{lo, hi};
  };
  size_t best = 0;
  auto [lo, hi] = range(0);
  for (size_t j = 1; j + 3 <= value.size() && hi - lo > 1; ++j) {
    auto [l, h] = range(j);
    if (h - l < hi - lo) std::tie(best, lo, hi) = std::tuple{j, l, h};
  }
  std::optional<size_t> found;
  for (auto it = lo; it != hi; ++it) {
    auto at = static_cast<size_t>(*it & 0xffffffffu);
    if (at < best || text_.compare(at - best, value.size(), value) != 0) continue;
    if (found) return std::nullopt;
    found = at - best;
  }
  if (!found) return std::nullopt;
  auto first = where_.begin() + static_cast<std::ptrdiff_t>(*found);
  return std::vector<uint32_t>(first, first + static_cast<std::ptrdiff_t>(value.size()) + 1);
}

}  // namespace mzr
