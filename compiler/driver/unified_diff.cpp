#include "compiler/driver/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace mzr::driver {
namespace {

constexpr size_t kContext = 3;
// Above this many cells the middle of the texts is shown as removed and added as a whole,
// instead of being aligned line by line.
constexpr size_t kMaxCells = size_t{1} << 22;

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size() - 1;
    out.push_back(text.substr(start, end - start + 1));  // with its newline, if any
    start = end + 1;
  }
  return out;
}

enum class Op { Same, Del, Add };
struct Edit {
  Op op;
  size_t a, b;  // line indexes in the old and the new text
};

// The edit script: the common prefix and suffix kept, the middle aligned by a longest common
// subsequence.
std::vector<Edit> edits(const std::vector<std::string_view>& a,
                        const std::vector<std::string_view>& b) {
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) {
    ++suf;
  }
  std::vector<Edit> out;
  for (size_t i = 0; i < pre; ++i) out.push_back({Op::Same, i, i});
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if (n * m <= kMaxCells) {
    // lcs[i][j]: the length of the longest common subsequence of a[pre+i..] and b[pre+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) =
            a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        out.push_back({Op::Same, pre + i++, pre + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        out.push_back({Op::Del, pre + i++, pre + j});  // removals first, as diff prints them
      } else {
        out.push_back({Op::Add, pre + i, pre + j++});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) out.push_back({Op::Del, pre + i, pre + m});
    for (size_t j = 0; j < m; ++j) out.push_back({Op::Add, pre + n, pre + j});
  }
  for (size_t k = 0; k < suf; ++k) out.push_back({Op::Same, pre + n + k, pre + m + k});
  return out;
}

void line(std::string& out, char mark, std::string_view text) {
  out += mark;
  out += text;
  if (text.empty() || text.back() != '\n') out += "\n\\ No newline at end of file\n";
}

// diff's range: "start,count", "start" for one line, and the line before for none.
std::string range(size_t start, size_t count) {
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", count == 0 ? start : start + 1, count);
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return "";
  std::vector<std::string_view> a = split_lines(before), b = split_lines(after);
  std::vector<Edit> script = edits(a, b);
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  size_t k = 0;
  while (k < script.size()) {
    while (k < script.size() && script[k].op == Op::Same) ++k;
    if (k == script.size()) break;
    // A hunk: context before, then changes until a run of more than twice the context.
    size_t begin = k >= kContext ? k - kContext : 0;
    size_t end = k;
    while (end < script.size()) {
      size_t same = end;
      while (same < script.size() && script[same].op == Op::Same) ++same;
      if (same == script.size() || same - end > 2 * kContext) {
        end = std::min(same, end + kContext);
        break;
      }
      end = same;
      while (end < script.size() && script[end].op != Op::Same) ++end;
    }
    size_t a_count = 0, b_count = 0;
    for (size_t i = begin; i < end; ++i) {
      a_count += script[i].op != Op::Add;
      b_count += script[i].op != Op::Del;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(script[begin].a, a_count),
                       range(script[begin].b, b_count));
    for (size_t i = begin; i < end; ++i) {
      const Edit& e = script[i];
      if (e.op == Op::Same) line(out, ' ', a[e.a]);
      if (e.op == Op::Del) line(out, '-', a[e.a]);
      if (e.op == Op::Add) line(out, '+', b[e.b]);
    }
    k = end;
  }
  return out;
}

}  // namespace mzr::driver
