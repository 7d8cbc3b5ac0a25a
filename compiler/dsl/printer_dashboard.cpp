#include "compiler/dsl/printer_dashboard.h"

#include "compiler/dsl/printer_alertmanager.h"
#include "compiler/dsl/printer_text.h"

namespace mzr::dsl {
namespace {

std::string name(const Name& n) {
  return is_bare_name(n.value) && !n.quoted ? n.value : quote(n.value);
}

class DashboardPrinter {
 public:
  DashboardPrinter(const SourceFile& source, std::string& out, std::set<uint32_t>& printed)
      : source_(source), out_(out), printed_(printed) {}

  void dashboard(const DashboardBlock& d) {
    leading(0, d.comments);
    out_ += "dashboard " + name(d.uid);
    if (d.title) out_ += " " + quote(d.title->value);
    body(d.body, d.inner, 0);
    end_line(d.comments.trailing);
  }

 private:
  void indent(int n) { out_.append(static_cast<size_t>(n), ' '); }

  void comment(int depth, const Comment& c) {
    indent(depth);
    out_ += c.text + "\n";
    printed_.insert(c.span.begin);
  }

  void leading(int depth, const Comments& c) {
    for (const Comment& k : c.leading) comment(depth, k);
  }

  void end_line(const std::optional<Comment>& trailing) {
    if (trailing) {
      out_ += "  " + trailing->text;
      printed_.insert(trailing->span.begin);
    }
    out_ += "\n";
  }

  static bool has_body(const DashEntry& e) {
    return e.has_body || e.kind == DashEntry::Kind::Block;
  }

  // Entries of one group stay together: settings, queries with their options, variables written
  // on one line, and each entry with a body alone.
  static bool set_apart(const DashEntry& a, const DashEntry& b) {
    if (has_body(a) || has_body(b)) return true;
    return (a.kind == DashEntry::Kind::Variable) != (b.kind == DashEntry::Kind::Variable);
  }

  // ` {`, the entries one a line, `}` at `depth`; `{}` when there is nothing inside. Entries with
  // a body are set apart from their neighbours by a blank line.
  void body(const std::vector<DashEntry>& entries, const Comments& inner, int depth) {
    if (entries.empty() && inner.leading.empty()) {
      out_ += " {}";
      return;
    }
    out_ += " {\n";
    for (size_t i = 0; i < entries.size(); ++i) {
      if (i > 0 && set_apart(entries[i - 1], entries[i])) out_ += "\n";
      entry(entries[i], depth + 2);
    }
    for (const Comment& c : inner.leading) comment(depth + 2, c);
    indent(depth);
    out_ += "}";
  }

  void entry(const DashEntry& e, int depth) {
    using K = DashEntry::Kind;
    leading(depth, e.comments);
    indent(depth);
    switch (e.kind) {
      case K::Query:
        out_ += "query";
        if (e.expr) print_expression(*e.expr, depth, source_, out_);
        break;
      case K::Variable:
        out_ += "variable " + name(e.key);
        if (e.expr) {
          out_ += " =";
          print_expression(*e.expr, depth, source_, out_);
        }
        if (e.has_body) body(e.body, e.inner, depth);
        break;
      case K::Thresholds:
        out_ += "thresholds ";
        for (size_t i = 0; i < e.steps.size(); ++i) {
          if (i > 0) out_ += ", ";
          if (e.steps[i].value) out_ += *e.steps[i].value + " ";
          out_ += name(e.steps[i].color);
        }
        break;
      case K::Block:
        out_ += name(e.key);
        body(e.body, e.inner, depth);
        break;
      case K::Setting:
        out_ += name(e.key) + " ";
        print_am_values(e.values, depth, out_, printed_);
        if (e.has_body) body(e.body, e.inner, depth);
        break;
    }
    end_line(e.comments.trailing);
  }

  const SourceFile& source_;
  std::string& out_;
  std::set<uint32_t>& printed_;
};

bool inside_query(const std::vector<DashEntry>& entries, uint32_t at) {
  for (const DashEntry& e : entries) {
    if (e.expr && at >= e.expr->span.begin && at < e.expr->span.end) return true;
    if (inside_query(e.body, at)) return true;
  }
  return false;
}

}  // namespace

void print_dashboard(const DashboardBlock& d, const SourceFile& source, std::string& out,
                     std::set<uint32_t>& printed) {
  DashboardPrinter(source, out, printed).dashboard(d);
}

bool inside_dashboard_query(const DashboardBlock& d, uint32_t at) {
  return inside_query(d.body, at);
}

}  // namespace mzr::dsl
