#include "compiler/load/route_tests.h"

#include <fmt/format.h>

#include "compiler/load/decode.h"

namespace mzr {
namespace {

using yaml::FieldReader;
using yaml::Node;

std::optional<model::Text> text(const Node* n, std::string_view what, Diagnostics& diags) {
  if (n == nullptr) return std::nullopt;
  auto s = yaml::read_string(n, what, diags);
  if (!s) return std::nullopt;
  return model::Text{*s, n->span};
}

std::vector<model::LabelPair> labels(const Node* n, std::string_view what, Diagnostics& diags) {
  std::vector<model::LabelPair> out;
  auto pairs = yaml::read_string_map(n, what, diags);
  if (!pairs) return out;
  for (const yaml::StringPair& p : *pairs) {
    out.push_back({{p.name, p.key->span}, {p.text, p.value ? p.value->span : p.key->span}});
  }
  return out;
}

std::optional<model::RouteTestInhibition> inhibition(const Node* n, bool expect,
                                                     std::string_view field, Diagnostics& diags) {
  if (n == nullptr) return std::nullopt;
  model::RouteTestInhibition out;
  out.expect_inhibited = expect;
  out.span = n->span;
  std::string what = fmt::format("'{}'", field);
  if (n->is_mapping()) {  // one alert
    out.firing.push_back(labels(n, what, diags));
  } else if (n->is_sequence()) {
    for (const Node* item : n->items) {
      out.firing.push_back(labels(item, fmt::format("an alert of {}", what), diags));
    }
  } else {
    diags.report(
        DiagKind::WrongNodeType, n->span,
        fmt::format("{} is a list of label sets, not a {}", what, yaml::kind_name(n->kind)));
    return std::nullopt;
  }
  return out;
}

std::optional<model::RouteTest> load_test(const Node* n, Diagnostics& diags) {
  FieldReader f(n, "route test", diags);
  if (!f.ok()) return std::nullopt;
  model::RouteTest t;
  t.span = n->span;
  t.name = text(f.take("name"), "the test 'name'", diags);
  t.alert = text(f.take("alert"), "'alert'", diags);
  if (const Node* l = f.take("labels")) t.labels = labels(l, "'labels'", diags);
  t.at = text(f.take("at"), "'at'", diags);
  if (auto i = inhibition(f.take("inhibited_by"), true, "inhibited_by", diags)) {
    t.inhibitions.push_back(std::move(*i));
  }
  if (auto i = inhibition(f.take("not_inhibited_by"), false, "not_inhibited_by", diags)) {
    t.inhibitions.push_back(std::move(*i));
  }
  if (const Node* r = f.take("receivers")) {
    t.receivers_span = r->span;
    if (r->is_sequence()) {
      std::vector<model::Text> names;
      for (const Node* item : r->items) {
        if (auto s = text(item, "a receiver name", diags)) names.push_back(std::move(*s));
      }
      t.receivers = std::move(names);
    } else if (r->is_scalar() && !yaml::is_null_text(r)) {
      // amtool's --verify.receivers form: "a,b".
      std::vector<model::Text> names;
      size_t start = 0;
      while (start <= r->value.size()) {
        size_t comma = r->value.find(',', start);
        if (comma == std::string::npos) comma = r->value.size();
        names.push_back({r->value.substr(start, comma - start), r->span});
        start = comma + 1;
      }
      t.receivers = std::move(names);
    } else {
      diags.report(DiagKind::WrongNodeType, r->span,
                   fmt::format("'receivers' is a list of receiver names, not a {}",
                               yaml::kind_name(r->kind)));
    }
  }
  f.finish();
  if (!t.alert && t.labels.empty()) {
    diags.report(DiagKind::RouteTestIncomplete, n->span,
                 "route test has neither 'alert' nor 'labels'");
    return std::nullopt;
  }
  if (!t.receivers && t.inhibitions.empty()) {
    diags.report(DiagKind::RouteTestIncomplete, n->span,
                 "route test expects nothing: give 'receivers', 'inhibited_by' or "
                 "'not_inhibited_by'");
    return std::nullopt;
  }
  return t;
}

}  // namespace

std::vector<model::RouteTest> load_route_tests(const yaml::Stream& stream, Diagnostics& diags) {
  std::vector<model::RouteTest> out;
  for (const yaml::Document& doc : stream.documents) {
    if (yaml::is_null_text(doc.root)) continue;
    FieldReader f(doc.root, "a route test file", diags);
    if (!f.ok()) continue;
    const Node* tests = f.take("route_tests");
    f.finish();
    if (tests == nullptr || yaml::is_null_text(tests)) continue;
    if (!tests->is_sequence()) {
      diags.report(
          DiagKind::WrongNodeType, tests->span,
          fmt::format("'route_tests' is a list of tests, not a {}", yaml::kind_name(tests->kind)));
      continue;
    }
    for (const Node* t : tests->items) {
      if (auto test = load_test(t, diags)) out.push_back(std::move(*test));
    }
  }
  return out;
}

}  // namespace mzr
