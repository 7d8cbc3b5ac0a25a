#include "compiler/check/templates.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mzr {
namespace {

// Go's text/template builtins and the functions Prometheus adds for alert templates.
constexpr std::string_view kFunctions[] = {
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println",
    "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
    // Prometheus
    "query", "first", "label", "value", "strvalue", "args", "tmpl", "safeHtml", "match",
    "reReplaceAll", "title", "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel",
    "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp",
    "toTime", "toDuration", "pathPrefix", "externalURL", "parseDuration", "stripPort",
    "stripDomain"};

// Variables Prometheus defines for alert templates.
constexpr std::string_view kVariables[] = {"$", "$labels", "$value", "$externalLabels",
                                           "$externalURL"};

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

struct Checker {
  Checker(const model::Text& v, Diagnostics& d) : value(v), diags(d) {}
  const model::Text& value;
  Diagnostics& diags;
  std::set<std::string, std::less<>> variables{std::begin(kVariables), std::end(kVariables)};
  std::vector<std::string> blocks;  // open if/range/with/define/block
  bool failed = false;
  bool after_else = false;

  void error(DiagKind kind, std::string message) {
    if (failed) return;  // one mistake per template: the rest would cascade
    failed = true;
    diags.report(kind, value.span, std::move(message));
  }

  // Checks one action's text (between the delimiters, trim markers removed).
  void action(std::string_view a) {
    size_t i = 0;
    int depth = 0;
    bool first_word = true;
    std::string pending_var;  // `$x` before `:=`
    while (i < a.size() && !failed) {
      char c = a[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      if (c == '"' || c == '\'' || c == '`') {
        size_t j = i + 1;
        while (j < a.size() && a[j] != c) {
          if (c != '`' && a[j] == '\\') ++j;
          ++j;
        }
        if (j >= a.size()) {
          return error(DiagKind::TemplateSyntax,
                       fmt::format("unterminated {} in template action '{{{{{}}}}}'",
                                   c == '\'' ? "character constant" : "string", a));
        }
        i = j + 1;
        first_word = false;
        continue;
      }
      if (c == '(') {
        ++depth;
        ++i;
        continue;
      }
      if (c == ')') {
        if (--depth < 0) {
          return error(DiagKind::TemplateSyntax,
                       fmt::format("unexpected ')' in template action '{{{{{}}}}}'", a));
        }
        ++i;
        continue;
      }
      if (c == '$') {
        size_t j = i + 1;
        while (j < a.size() && ident_char(a[j])) ++j;
        std::string var(a.substr(i, j - i));
        size_t k = j;
        while (k < a.size() && a[k] == ' ') ++k;
        if (a.substr(k, 2) == ":=") {
          variables.insert(var);
        } else if (!variables.count(var)) {
          return error(DiagKind::TemplateSyntax,
                       fmt::format("undefined variable '{}' in template", var));
        }
        while (j < a.size() && (a[j] == '.' || ident_char(a[j]))) ++j;  // $labels.x
        i = j;
        first_word = false;
        continue;
      }
      if (c == '.') {
        size_t j = i + 1;
        while (j < a.size() && (a[j] == '.' || ident_char(a[j]))) ++j;
        i = j;
        first_word = false;
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') {
        size_t j = i + 1;
        while (j < a.size() && (ident_char(a[j]) || a[j] == '.')) ++j;
        i = j;
        first_word = false;
        continue;
      }
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t j = i;
        while (j < a.size() && ident_char(a[j])) ++j;
        std::string_view word = a.substr(i, j - i);
        i = j;
        if (first_word && keyword(word)) {
          // `else if` and `else with` continue the open block.
          first_word = word == "else";
          continue;
        }
        first_word = false;
        if (word == "true" || word == "false" || word == "nil") continue;
        if (std::find(std::begin(kFunctions), std::end(kFunctions), word) == std::end(kFunctions)) {
          return error(DiagKind::TemplateUnknownFunction,
                       fmt::format("function '{}' is not defined in Prometheus templates", word));
        }
        continue;
      }
      // '|', ',', ':=', '=' and the like.
      ++i;
    }
    if (!failed && depth > 0) {
      error(DiagKind::TemplateSyntax,
            fmt::format("unclosed '(' in template action '{{{{{}}}}}'", a));
    }
  }

  // Handles a control keyword at the start of an action; true when `word` is one.
  bool keyword(std::string_view word) {
    if (after_else && (word == "if" || word == "with")) {
      after_else = false;
      return true;
    }
    after_else = false;
    if (word == "if" || word == "range" || word == "with" || word == "define" || word == "block") {
      blocks.emplace_back(word);
      return true;
    }
    if (word == "end") {
      if (blocks.empty())
        error(DiagKind::TemplateSyntax, "'{{end}}' without an open block");
      else
        blocks.pop_back();
      return true;
    }
    if (word == "else") {
      if (blocks.empty()) error(DiagKind::TemplateSyntax, "'{{else}}' without an open block");
      after_else = true;
      return true;
    }
    return word == "template" || word == "break" || word == "continue";
  }

  void run() {
    std::string_view t = value.value;
    size_t pos = 0;
    while (!failed) {
      size_t open = t.find("{{", pos);
      if (open == std::string_view::npos) break;
      size_t start = open + 2;
      if (start < t.size() && t[start] == '-' && start + 1 < t.size() && t[start + 1] == ' ') {
        ++start;
      }
      // Comments run to "*/}}".
      size_t ws = start;
      while (ws < t.size() && t[ws] == ' ') ++ws;
      if (t.substr(ws, 2) == "/*") {
        size_t close = t.find("*/", ws + 2);
        if (close == std::string_view::npos) {
          error(DiagKind::TemplateSyntax, "unclosed comment in template");
          break;
        }
        size_t end = t.find("}}", close + 2);
        if (end == std::string_view::npos) {
          error(DiagKind::TemplateSyntax, "unclosed action in template: '{{' without '}}'");
          break;
        }
        pos = end + 2;
        continue;
      }
      // The action ends at the first "}}" outside a string.
      size_t i = start;
      size_t end = std::string_view::npos;
      while (i < t.size()) {
        char c = t[i];
        if (c == '"' || c == '`' || c == '\'') {
          size_t j = i + 1;
          while (j < t.size() && t[j] != c) {
            if (c != '`' && t[j] == '\\') ++j;
            ++j;
          }
          i = j + 1;
          continue;
        }
        if (t.substr(i, 2) == "}}") {
          end = i;
          break;
        }
        ++i;
      }
      if (end == std::string_view::npos) {
        error(DiagKind::TemplateSyntax, "unclosed action in template: '{{' without '}}'");
        break;
      }
      size_t stop = end;
      if (stop > start && t[stop - 1] == '-' && stop - 1 > start && t[stop - 2] == ' ') --stop;
      action(t.substr(start, stop - start));
      pos = end + 2;
    }
    if (!failed && !blocks.empty()) {
      error(DiagKind::TemplateSyntax,
            fmt::format("'{{{{{}}}}}' has no matching '{{{{end}}}}'", blocks.back()));
    }
  }
};

}  // namespace

void check_template(const model::Text& value, Diagnostics& diags) {
  if (value.value.find("{{") == std::string::npos) return;
  Checker checker{value, diags};
  checker.run();
}

}  // namespace mzr
