#include "compiler/dsl/printer.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/dsl/printer_alertmanager.h"
#include "compiler/dsl/printer_dashboard.h"
#include "compiler/dsl/printer_text.h"

namespace mzr::dsl {
namespace {

constexpr size_t kWidth = kPrintWidth;

class Printer {
 public:
  Printer(const SourceFile& source) : source_(source) {}

  std::string file(const File& f) {
    bool first = true;
    const Item* previous = nullptr;
    for (const Item& item : f.items) {
      // Consecutive one-line tests stay together; other blocks are separated by a blank line.
      bool tests = previous != nullptr && std::holds_alternative<RouteTestBlock>(*previous) &&
                   std::holds_alternative<RouteTestBlock>(item);
      if (!first && !tests) out_ += "\n";
      first = false;
      previous = &item;
      std::visit([&](const auto& block) { this->block(block); }, item);
    }
    if (!f.trailing.empty()) {
      if (!f.items.empty()) out_ += "\n";
      for (const Comment& c : f.trailing) line(0, c.text, &c);
    }
    return out_;
  }

  const std::set<uint32_t>& printed_comments() const { return printed_; }

 private:
  void indent(int n) { out_.append(static_cast<size_t>(n), ' '); }

  // One line, or for a block of comments one line each, every line at `depth`.
  void line(int depth, std::string_view text, const Comment* c = nullptr) {
    if (c == nullptr) {
      indent(depth);
      out_ += text;
      out_ += "\n";
      return;
    }
    printed_.insert(c->span.begin);
    size_t start = 0;
    while (true) {
      size_t nl = text.find('\n', start);
      std::string_view part = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
      while (start > 0 && !part.empty() && (part.front() == ' ' || part.front() == '\t')) {
        part.remove_prefix(1);
      }
      while (!part.empty() && part.back() == '\r') part.remove_suffix(1);
      indent(depth);
      out_ += part;
      out_ += "\n";
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
  }

  void leading(int depth, const Comments& c) {
    for (const Comment& k : c.leading) line(depth, k.text, &k);
  }

  // Ends the current line, with the trailing comment if there is one.
  void end_line(const Comments& c) {
    if (c.trailing) {
      out_ += "  " + c.trailing->text;
      printed_.insert(c.trailing->span.begin);
    }
    out_ += "\n";
  }

  std::string name(const Name& n) { return is_bare_name(n.value) ? n.value : quote(n.value); }

  // Strings as written; continuation parts aligned under the first.
  std::string text(const Text& t, size_t column) {
    std::string s;
    for (size_t i = 0; i < t.parts.size(); ++i) {
      if (i > 0) s += "\n" + std::string(column, ' ');
      s += "\"" + t.parts[i] + "\"";
    }
    return s;
  }

  size_t column() const {
    size_t nl = out_.rfind('\n');
    return nl == std::string::npos ? out_.size() : out_.size() - nl - 1;
  }

  bool map_fits_on_line(const LabelMap& m, size_t used) {
    if (!m.inner.leading.empty()) return false;
    size_t width = used + 4;
    for (const LabelPair& p : m.pairs) {
      if (!p.comments.leading.empty() || p.comments.trailing || p.value.parts.size() > 1)
        return false;
      width += name(p.name).size() + 3 + p.value.parts.front().size() + 2 + 2;
    }
    return width <= kWidth;
  }

  // `{ a = "b", c = "d" }` on the current line, or one pair a line. The caller ends the line.
  // `any_width`: on one line however long, unless comments or multi-line values forbid it.
  void label_map(const LabelMap& m, int depth, bool any_width = false) {
    if (m.pairs.empty() && m.inner.leading.empty()) {
      out_ += "{}";
      return;
    }
    if (map_fits_on_line(m, any_width ? 0 : column())) {
      out_ += "{ ";
      for (size_t i = 0; i < m.pairs.size(); ++i) {
        if (i > 0) out_ += ", ";
        out_ += name(m.pairs[i].name) + " = " + text(m.pairs[i].value, 0);
      }
      out_ += " }";
      return;
    }
    out_ += "{\n";
    for (const LabelPair& p : m.pairs) {
      leading(depth + 2, p.comments);
      indent(depth + 2);
      std::string head = name(p.name) + " = ";
      out_ += head + text(p.value, static_cast<size_t>(depth + 2) + head.size());
      end_line(p.comments);
    }
    for (const Comment& c : m.inner.leading) line(depth + 2, c.text, &c);
    indent(depth);
    out_ += "}";
  }

  void expression(const Expression& e, int depth) { print_expression(e, depth, source_, out_); }

  // -- blocks -------------------------------------------------------------------------------

  void block(const MetricsBlock& b) {
    leading(0, b.comments);
    out_ += "metrics " + name(b.name) + " {\n";
    if (b.target_labels) {
      leading(2, b.target_comments);
      indent(2);
      out_ += "target_labels " + name_list(*b.target_labels);
      end_line(b.target_comments);
    }
    size_t name_width = 0;
    for (const Metric& m : b.metrics) name_width = std::max(name_width, name(m.name).size());
    for (const Metric& m : b.metrics) {
      leading(2, m.comments);
      static const char* const kTypes[] = {"counter", "gauge", "histogram", "summary", "info"};
      std::string s = fmt::format("{:<9} {}", kTypes[static_cast<int>(m.type)], name(m.name));
      if (m.labels || m.help) s += std::string(name_width - name(m.name).size(), ' ');
      if (m.labels) s += " " + name_list(*m.labels);
      indent(2);
      out_ += s;
      if (m.help) {
        out_ += " ";
        out_ += text(*m.help, column());
      }
      end_line(m.comments);
    }
    for (const Comment& c : b.inner.leading) line(2, c.text, &c);
    out_ += "}";
    end_line({{}, b.comments.trailing});
  }

  std::string name_list(const std::vector<Name>& names) {
    if (names.empty()) return "{}";
    std::string s = "{ ";
    for (size_t i = 0; i < names.size(); ++i) {
      if (i > 0) s += ", ";
      s += name(names[i]);
    }
    return s + " }";
  }

  void block(const RuleGroupBlock& g) {
    leading(0, g.comments);
    if (g.loki) out_ += "loki ";
    out_ += std::string(g.alerting ? "alerts " : "rules ") + name(g.name);
    const GroupOptions& o = g.options;
    if (o.tenant) out_ += " tenant " + text(*o.tenant, column() + 8);
    if (o.every) out_ += " every " + o.every->written;
    if (o.offset) out_ += " offset " + o.offset->written;
    if (o.limit) out_ += fmt::format(" limit {}", *o.limit);
    if (o.partial_response) out_ += " partial_response " + name(*o.partial_response);
    if (o.labels) {
      out_ += " labels ";
      label_map(*o.labels, 0);
    }
    out_ += " {\n";
    for (const RecordRule& r : g.records) {
      leading(2, r.comments);
      indent(2);
      out_ += "record " + name(r.name) + " =";
      expression(r.expr, 2);
      if (r.labels) {
        out_ += "\n";
        indent(2);
        out_ += "labels ";
        label_map(*r.labels, 2);
      }
      end_line(r.comments);
    }
    for (size_t i = 0; i < g.alerts.size(); ++i) alert(g.alerts[i]);
    for (const Comment& c : g.inner.leading) line(2, c.text, &c);
    out_ += "}";
    end_line({{}, g.comments.trailing});
  }

  void alert(const AlertRule& a) {
    leading(2, a.comments);
    indent(2);
    out_ += "alert " + name(a.name);
    if (a.for_duration) out_ += " for " + a.for_duration->written;
    if (a.keep_firing_for) out_ += " keep_firing_for " + a.keep_firing_for->written;
    out_ += " {\n";
    for (const AlertField& f : a.fields) {
      leading(4, f.comments);
      indent(4);
      alert_field(f);
      end_line(f.comments);
    }
    for (const Comment& c : a.inner.leading) line(4, c.text, &c);
    indent(2);
    out_ += "}";
    end_line({{}, a.comments.trailing});
  }

  // A field of an alert, or of a test's expected alert, at depth 4 (the caller indents it and
  // ends the line).
  void alert_field(const AlertField& f) {
    switch (f.kind) {
      case AlertField::Kind::Expr:
        out_ += "expr";
        expression(*f.expr, 4);
        break;
      case AlertField::Kind::Labels:
        out_ += "labels ";
        label_map(*f.map, 4);
        break;
      case AlertField::Kind::Annotations:
        out_ += "annotations ";
        label_map(*f.map, 4);
        break;
      case AlertField::Kind::Summary: out_ += "summary " + text(*f.text, 12); break;
      case AlertField::Kind::Description: out_ += "description " + text(*f.text, 16); break;
      case AlertField::Kind::Runbook: out_ += "runbook " + text(*f.text, 12); break;
    }
  }

  // `KEYWORD { k "v" k "v" }` on one line when it fits and has no comments, else one setting a
  // line. The caller ends the line.
  void key_texts(std::string_view keyword, const std::vector<KeyText>& settings,
                 const Comments& inner, int depth) {
    out_ += std::string(keyword) + " {";
    std::string one_line;
    bool fits = inner.leading.empty();
    for (const KeyText& kt : settings) {
      fits &= kt.comments.leading.empty() && !kt.comments.trailing && kt.value.parts.size() == 1;
      one_line += " " + kt.key.value + " " + text(kt.value, 0);
    }
    if (settings.empty() && inner.leading.empty()) {
      out_ += "}";
      return;
    }
    if (fits && column() + one_line.size() + 2 <= kWidth) {
      out_ += one_line + " }";
      return;
    }
    out_ += "\n";
    for (const KeyText& kt : settings) {
      leading(depth + 2, kt.comments);
      indent(depth + 2);
      out_ += kt.key.value + " ";
      out_ += text(kt.value, column());
      end_line(kt.comments);
    }
    for (const Comment& c : inner.leading) line(depth + 2, c.text, &c);
    indent(depth);
    out_ += "}";
  }

  // `streams NAME { a, b, c }`, one label a line when that is too long.
  void block(const StreamsBlock& b) {
    leading(0, b.comments);
    std::string head = "streams " + name(b.name) + " ";
    std::string list = name_list(b.labels);
    if (head.size() + list.size() <= kWidth) {
      out_ += head + list;
    } else {
      out_ += head + "{\n";
      for (size_t i = 0; i < b.labels.size(); ++i) {
        indent(2);
        out_ += name(b.labels[i]) + (i + 1 < b.labels.size() ? ",\n" : "\n");
      }
      out_ += "}";
    }
    end_line({{}, b.comments.trailing});
  }

  void block(const StackBlock& s) {
    leading(0, s.comments);
    out_ += "stack {\n";
    for (const StackEntry& e : s.entries) {
      leading(2, e.comments);
      indent(2);
      switch (e.kind) {
        case StackEntry::Kind::ExternalLabels:
          out_ += "external_labels ";
          label_map(*e.map, 2);
          break;
        case StackEntry::Kind::RuleSelector:
          out_ += "rule_selector ";
          label_map(*e.map, 2);
          break;
        case StackEntry::Kind::Thanos:
          out_ += e.thanos_partial_response
                      ? "thanos { partial_response " + name(*e.thanos_partial_response) + " }"
                      : std::string("thanos {}");
          break;
        case StackEntry::Kind::RulesNamespace:
          out_ += "rules_namespace " + text(*e.text, 18);
          break;
        case StackEntry::Kind::Loki: key_texts("loki", e.settings, e.inner, 2); break;
        case StackEntry::Kind::Grafana:
          out_ += "grafana ";
          print_am_values({*e.body}, 2, out_, printed_);
          break;
        case StackEntry::Kind::Chart:
          out_ += "chart ";
          print_am_values({*e.body}, 2, out_, printed_);
          break;
      }
      end_line(e.comments);
    }
    for (const Comment& c : s.inner.leading) line(2, c.text, &c);
    out_ += "}";
    end_line({{}, s.comments.trailing});
  }

  void block(const AmBlock& b) { print_am_block(b, out_, printed_); }

  void block(const DashboardBlock& d) { print_dashboard(d, source_, out_, printed_); }

  // One line: `test route [TITLE] SUBJECT [at TIME] [[not] inhibited_by {..}...] [-> [..]]`.
  void block(const RouteTestBlock& t) {
    leading(0, t.comments);
    out_ += "test " + name(t.kind);
    if (t.title) out_ += " " + text(*t.title, column() + 1);
    if (t.alert) out_ += " alert " + name(*t.alert);
    if (t.labels) {
      out_ += " ";
      label_map(*t.labels, 0, true);
    }
    if (t.at) out_ += " at " + text(*t.at, column() + 4);
    for (const TestInhibition& i : t.inhibitions) {
      out_ += i.expect_inhibited ? " inhibited_by" : " not inhibited_by";
      for (const LabelMap& m : i.firing) {
        out_ += " ";
        label_map(m, 0, true);
      }
    }
    if (t.receivers) {
      out_ += " -> [";
      for (size_t i = 0; i < t.receivers->size(); ++i) {
        out_ += (i ? ", " : "") + name((*t.receivers)[i]);
      }
      out_ += "]";
    }
    end_line({{}, t.comments.trailing});
  }

  // `test rules ["TITLE"] [every D] {`, then one entry a line; a fired alert's annotations on
  // lines of their own below it.
  void block(const RuleTestBlock& t) {
    leading(0, t.comments);
    out_ += "test rules";
    if (t.title) out_ += " " + text(*t.title, column() + 1);
    if (t.every) out_ += " every " + t.every->written;
    out_ += " {\n";
    for (const RuleTestEntry& e : t.entries) rule_test_entry(e);
    for (const Comment& c : t.inner.leading) line(2, c.text, &c);
    out_ += "}";
    end_line({{}, t.comments.trailing});
  }

  void rule_test_entry(const RuleTestEntry& e) {
    using Kind = RuleTestEntry::Kind;
    leading(2, e.comments);
    indent(2);
    std::string at = e.at ? "at " + e.at->written + " " : std::string();
    switch (e.kind) {
      case Kind::Series:
        out_ += "series";
        expression(*e.raw, 2);
        break;
      case Kind::Fires:
        out_ += at + "fires " + name(*e.alert);
        if (e.labels) {
          out_ += " ";
          label_map(*e.labels, 2);
        }
        for (const AlertField& f : e.annotations) {
          out_ += "\n";
          leading(4, f.comments);
          indent(4);
          alert_field(f);
          // The last field's trailing comment is the entry's, printed when the entry ends.
          bool own = f.comments.trailing &&
                     (!e.comments.trailing ||
                      e.comments.trailing->span.begin != f.comments.trailing->span.begin);
          if (own) {
            out_ += "  " + f.comments.trailing->text;
            printed_.insert(f.comments.trailing->span.begin);
          }
        }
        break;
      case Kind::Silent: out_ += at + "silent " + name(*e.alert); break;
      case Kind::Expr:
        out_ += at + "expr";
        expression(*e.raw, 2);
        break;
      case Kind::ExternalLabels:
        out_ += "external_labels ";
        label_map(*e.labels, 2);
        break;
      case Kind::Setting:
        out_ += e.setting->value;
        if (e.text) out_ += " " + text(*e.text, column() + 1);
        break;
    }
    end_line(e.comments);
  }

  const SourceFile& source_;
  std::string out_;
  std::set<uint32_t> printed_;
};

}  // namespace

std::optional<std::string> print(const File& file, const SourceFile& source, Diagnostics& diags) {
  Printer p(source);
  std::string text = p.file(file);
  // A comment inside an expression is part of the expression's text and printed with it.
  auto inside_expression = [&](Span c) {
    for (const Item& item : file.items) {
      if (const auto* d = std::get_if<DashboardBlock>(&item)) {
        if (inside_dashboard_query(*d, c.begin)) return true;
      }
      if (const auto* t = std::get_if<RuleTestBlock>(&item)) {
        for (const RuleTestEntry& e : t->entries) {
          if (e.raw && c.begin >= e.raw->span.begin && c.begin < e.raw->span.end) return true;
        }
      }
      const auto* g = std::get_if<RuleGroupBlock>(&item);
      if (!g) continue;
      for (const RecordRule& r : g->records) {
        if (c.begin >= r.expr.span.begin && c.begin < r.expr.span.end) return true;
      }
      for (const AlertRule& a : g->alerts) {
        for (const AlertField& f : a.fields) {
          if (f.expr && c.begin >= f.expr->span.begin && c.begin < f.expr->span.end) return true;
        }
      }
    }
    return false;
  };
  for (Span c : file.all_comments) {
    if (p.printed_comments().count(c.begin) || inside_expression(c)) continue;
    diags.report(DiagKind::DslCommentNotFormattable, c,
                 "this comment has no place in the formatted file; move it onto its own line "
                 "before a block, a rule or a field");
    return std::nullopt;
  }
  return text;
}

}  // namespace mzr::dsl
