#pragma once
// Spelling shared by the .mzr printers: the line width, bare names and quoted strings.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"

namespace mzr::dsl {

// The width the printers wrap at.
constexpr std::size_t kPrintWidth = 100;

// Whether `s` can be written without quotes: a letter or '_', then letters, digits, '_', '.',
// ':' or '-'.
bool is_bare_name(std::string_view s);

// `s` as a .mzr string literal, with '"', '\\', newlines and tabs escaped.
std::string quote(std::string_view s);

// The lines of a printed .mzr file: indentation, comments (each recorded as printed, so that none
// is lost) and the current column. The block printers build on it.
class LineWriter {
 public:
  LineWriter(std::string& out, std::set<uint32_t>& printed) : out_(out), printed_(printed) {}

 protected:
  void indent(int n) { out_.append(static_cast<size_t>(n), ' '); }
  // A comment on a line of its own.
  void comment(int depth, const Comment& c);
  void leading(int depth, const Comments& c);
  // Ends the current line, with the trailing comment if there is one.
  void end_line(const std::optional<Comment>& trailing);
  size_t column() const;

  std::string& out_;
  std::set<uint32_t>& printed_;
};

// Appends an expression: its first line after the keyword (or on the next line when it was written
// there), continuation lines re-indented to `depth + 2` plus their own relative indentation.
void print_expression(const Expression& e, int depth, const SourceFile& source, std::string& out);

}  // namespace mzr::dsl
