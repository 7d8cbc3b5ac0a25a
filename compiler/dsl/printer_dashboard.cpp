#include "compiler/dsl/printer_dashboard.h"

#include "compiler/dsl/printer_alertmanager.h"
#include "compiler/dsl/printer_text.h"

namespace mzr::dsl {
namespace {

std::string name(const Name& n) {
  return is_bare_name(n.value) && !n.quoted ? n.value : quote(n.value);
}

class DashboardPrinter : public LineWriter {
 public:
  DashboardPrinter(const SourceFile& source, std::string& out, std::set<uint32_t>& printed)
      : LineWriter(out, printed), source_(source) {}

  void dashboard(const DashboardBlock& d) {
    leading(0, d.comments);
    out_ += "dashboard " + name(d.uid);
    if (d.title) out_ += " " + quote(d.title->value);
    body(d.body, d.inner, 0);
    end_line(d.comments.trailing);
  }

 private:
  static bool has_body(const DashEntry& e) {
    return e.has_body || e.kind == DashEntry::Kind::Block;
  }

  static bool has_comments(const Comments& c) { return !c.leading.empty() || c.trailing; }

  // A body on one line, `{ key value  key value }`: at most two settings or blocks that fit on a
  // line themselves, and no comments.
  static std::optional<std::string> flat_body(const std::vector<DashEntry>& entries,
                                              const Comments& inner) {
    if (!inner.leading.empty() || entries.size() > 2) return std::nullopt;
    if (entries.empty()) return std::string("{}");
    std::string s = "{ ";
    for (size_t i = 0; i < entries.size(); ++i) {
      const DashEntry& e = entries[i];
      if (has_comments(e.comments)) return std::nullopt;
      std::string text = name(e.key);
      if (e.kind == DashEntry::Kind::Block) {
        auto body = flat_body(e.body, e.inner);
        if (!body) return std::nullopt;
        text += " " + *body;
      } else if (e.kind == DashEntry::Kind::Setting && !e.has_body) {
        auto values = flat_am_values(e.values);
        if (!values) return std::nullopt;
        text += " " + *values;
      } else {
        return std::nullopt;
      }
      s += (i > 0 ? "  " : "") + text;
    }
    return s + " }";
  }

  // The entry's head as printed before its body: `timeseries "Title"`, `variable x`, `options`.
  static std::optional<std::string> flat_entry(const DashEntry& e) {
    std::string head =
        e.kind == DashEntry::Kind::Variable ? "variable " + name(e.key) : name(e.key);
    if (e.kind == DashEntry::Kind::Setting) {
      auto values = flat_am_values(e.values);
      if (!values) return std::nullopt;
      head += " " + *values;
    }
    auto body = flat_body(e.body, e.inner);
    if (!body) return std::nullopt;
    return head + " " + *body;
  }

  // Whether the entry is printed on more than one line: then it stands apart.
  static bool multiline(const DashEntry& e, int depth) {
    if (!has_body(e) || e.expr) return has_body(e);
    auto flat = flat_entry(e);
    return !flat || static_cast<size_t>(depth) + flat->size() > kPrintWidth;
  }

  // Entries of one group stay together: settings, queries with their options, variables written
  // on one line; entries printed on several lines stand alone.
  static bool set_apart(const DashEntry& a, const DashEntry& b, int depth) {
    if (multiline(a, depth) || multiline(b, depth)) return true;
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
      if (i > 0 && set_apart(entries[i - 1], entries[i], depth + 2)) out_ += "\n";
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
    if (has_body(e) && !multiline(e, depth)) {
      out_ += *flat_entry(e);
      end_line(e.comments.trailing);
      return;
    }
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
