// The standard library's catalogs as load_catalogs builds them from the tables the build lowered
// must be exactly what parsing and lowering the .mzr sources gives, spans included.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "compiler/stdlib/stdlib.h"

namespace mzr {
namespace {

// Compares two catalog lists field by field and lists every difference. Spans are compared by
// the path of their file, their byte range and their line and column, so the two lists may come
// from different source managers.
class Comparer {
 public:
  Comparer(const SourceManager& a, const SourceManager& b) : sm_a_(a), sm_b_(b) {}

  std::vector<std::string> diff(const std::vector<model::Catalog>& a,
                                const std::vector<model::Catalog>& b) {
    out_.clear();
    same(a.size(), b.size(), "catalog count");
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
      catalog(a[i], b[i], "catalog " + a[i].name.value);
    return out_;
  }

 private:
  std::string where(const SourceManager& sm, const Span& s) {
    if (!s.valid()) return "(no source)@" + std::to_string(s.begin) + "-" + std::to_string(s.end);
    if (s.file >= sm.size()) return "(unknown source " + std::to_string(s.file) + ")";
    const SourceFile& f = sm.file(s.file);
    LineCol lc = f.line_col(s.begin);
    return f.path() + "@" + std::to_string(s.begin) + "-" + std::to_string(s.end) + " " +
           std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }

  template <typename T>
  void same(const T& a, const T& b, const std::string& what) {
    if (!(a == b)) out_.push_back(what + " differs");
  }

  void span(const Span& a, const Span& b, const std::string& what) {
    std::string wa = where(sm_a_, a), wb = where(sm_b_, b);
    if (wa != wb) out_.push_back(what + " span: " + wa + " vs " + wb);
  }

  void text(const model::Text& a, const model::Text& b, const std::string& what) {
    if (a.value != b.value) out_.push_back(what + ": '" + a.value + "' vs '" + b.value + "'");
    span(a.span, b.span, what);
  }

  void texts(const std::vector<model::Text>& a, const std::vector<model::Text>& b,
             const std::string& what) {
    same(a.size(), b.size(), what + " count");
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      text(a[i], b[i], what + "[" + std::to_string(i) + "]");
    }
  }

  void catalog(const model::Catalog& a, const model::Catalog& b, const std::string& what) {
    text(a.name, b.name, what + " name");
    texts(a.target_labels, b.target_labels, what + " target_labels");
    span(a.span, b.span, what);
    same(a.metrics.size(), b.metrics.size(), what + " metric count");
    for (size_t i = 0; i < std::min(a.metrics.size(), b.metrics.size()); ++i) {
      const model::MetricDecl& ma = a.metrics[i];
      const model::MetricDecl& mb = b.metrics[i];
      std::string m = what + " metric " + ma.name.value;
      same(ma.type, mb.type, m + " type");
      text(ma.name, mb.name, m + " name");
      texts(ma.labels, mb.labels, m + " labels");
      same(ma.labels_known, mb.labels_known, m + " labels_known");
      same(ma.help.has_value(), mb.help.has_value(), m + " help presence");
      if (ma.help && mb.help) text(*ma.help, *mb.help, m + " help");
      span(ma.span, mb.span, m);
    }
  }

  const SourceManager& sm_a_;
  const SourceManager& sm_b_;
  std::vector<std::string> out_;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (size_t i = 0; i < lines.size() && i < 20; ++i) s += lines[i] + "\n";
  return s;
}

// What load_catalogs did before the tables: filter the parsed catalogs.
std::vector<model::Catalog> filtered(std::vector<model::Catalog> parsed,
                                     const std::vector<model::Catalog>& own,
                                     const std::vector<std::string>& only) {
  std::set<std::string, std::less<>> declared;
  for (const model::Catalog& c : own) {
    for (const model::MetricDecl& m : c.metrics) declared.insert(m.name.value);
  }
  std::vector<model::Catalog> out;
  for (model::Catalog& c : parsed) {
    if (!only.empty() && std::find(only.begin(), only.end(), c.name.value) == only.end()) continue;
    std::erase_if(c.metrics,
                  [&](const model::MetricDecl& m) { return declared.count(m.name.value); });
    out.push_back(std::move(c));
  }
  return out;
}

size_t metric_count(const std::vector<model::Catalog>& cs) {
  size_t n = 0;
  for (const model::Catalog& c : cs) n += c.metrics.size();
  return n;
}

// The diagnostics as "path:line:col: CODE message" lines.
std::vector<std::string> messages(const SourceManager& sm, const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.all()) {
    std::string where = "?";
    if (d.span.valid() && d.span.file < sm.size()) {
      LineCol lc = sm.file(d.span.file).line_col(d.span.begin);
      where = sm.file(d.span.file).path() + ":" + std::to_string(lc.line) + ":" +
              std::to_string(lc.column);
    }
    out.push_back(where + ": " + std::string(diag_info(d.kind).code) + " " + d.message);
  }
  return out;
}

// Registers `n` unrelated files first, so the library's files get SourceIds other than 0..3.
void add_other_files(SourceManager& sm, int n) {
  for (int i = 0; i < n; ++i) sm.add("repo/f" + std::to_string(i) + ".mzr", "# nothing\n");
}

TEST(StdlibCatalogs, TablesGiveWhatParsingGives) {
  SourceManager parsed_sm, loaded_sm;
  Diagnostics parsed_diags, loaded_diags;
  add_other_files(parsed_sm, 2);
  add_other_files(loaded_sm, 2);
  std::vector<model::Catalog> parsed = stdlib::parse_catalogs(parsed_sm, parsed_diags);
  std::vector<model::Catalog> loaded = stdlib::load_catalogs(loaded_sm, loaded_diags, {});

  // load_catalogs reports nothing: it relies on the library's sources being clean, which is
  // what parsing them says. (Checking its diagnostics too would be checking nothing.)
  EXPECT_EQ(messages(parsed_sm, parsed_diags), std::vector<std::string>{});
  ASSERT_EQ(parsed.size(),
            5u);  // cadvisor, kubelet, kube_state_metrics, materialize, node_exporter
  EXPECT_GT(metric_count(parsed), 200u);

  // The same sources, registered under the same ids with the same text.
  ASSERT_EQ(parsed_sm.size(), loaded_sm.size());
  for (SourceId id = 0; id < parsed_sm.size(); ++id) {
    EXPECT_EQ(parsed_sm.file(id).path(), loaded_sm.file(id).path());
    EXPECT_EQ(parsed_sm.file(id).text(), loaded_sm.file(id).text());
  }
  EXPECT_EQ(loaded_sm.file(2).path(), "<stdlib>/" + std::string(stdlib::files()[0].name));

  Comparer cmp(parsed_sm, loaded_sm);
  std::vector<std::string> diffs = cmp.diff(parsed, loaded);
  EXPECT_TRUE(diffs.empty()) << joined(diffs);
  // Identical source managers: the raw spans agree too.
  for (size_t i = 0; i < parsed.size(); ++i) {
    EXPECT_EQ(parsed[i].span, loaded[i].span);
    for (size_t j = 0; j < std::min(parsed[i].metrics.size(), loaded[i].metrics.size()); ++j) {
      EXPECT_EQ(parsed[i].metrics[j].span, loaded[i].metrics[j].span);
      EXPECT_EQ(parsed[i].metrics[j].name.span, loaded[i].metrics[j].name.span);
    }
  }
}

TEST(StdlibCatalogs, SpansFollowTheLibrarysSourceIds) {
  SourceManager parsed_sm, loaded_sm;
  Diagnostics diags;
  add_other_files(parsed_sm, 1);
  add_other_files(loaded_sm, 5);
  std::vector<model::Catalog> parsed = stdlib::parse_catalogs(parsed_sm, diags);
  std::vector<model::Catalog> loaded = stdlib::load_catalogs(loaded_sm, diags, {});
  std::vector<std::string> diffs = Comparer(parsed_sm, loaded_sm).diff(parsed, loaded);
  EXPECT_TRUE(diffs.empty()) << joined(diffs);
  ASSERT_FALSE(loaded.empty());
  EXPECT_EQ(loaded[0].span.file, 5u);
  // Every library file was registered after the five others, in order.
  ASSERT_EQ(loaded_sm.size(), 5 + stdlib::files().size());
  for (size_t i = 0; i < stdlib::files().size(); ++i) {
    EXPECT_EQ(loaded_sm.file(static_cast<SourceId>(5 + i)).path(),
              "<stdlib>/" + std::string(stdlib::files()[i].name));
  }
}

TEST(StdlibCatalogs, FiltersAsBefore) {
  SourceManager parsed_sm, loaded_sm;
  Diagnostics diags;
  std::vector<model::Catalog> all = stdlib::parse_catalogs(parsed_sm, diags);
  ASSERT_GE(all.size(), 3u);
  // The repository restates one metric of each of two catalogs, and keeps two catalogs.
  model::Catalog own;
  own.metrics.push_back(all[0].metrics.front());
  own.metrics.push_back(all[2].metrics.back());
  std::vector<std::string> only = {all[0].name.value, all[2].name.value, "no_such_catalog"};

  std::vector<model::Catalog> expected = filtered(all, {own}, only);
  std::vector<model::Catalog> loaded = stdlib::load_catalogs(loaded_sm, diags, {own}, only);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(metric_count(expected), all[0].metrics.size() + all[2].metrics.size() - 2);
  std::vector<std::string> diffs = Comparer(parsed_sm, loaded_sm).diff(expected, loaded);
  EXPECT_TRUE(diffs.empty()) << joined(diffs);
  // The restated metrics are gone from the library's catalogs, the others stay.
  auto declares = [](const model::Catalog& c, const std::string& name) {
    return std::any_of(c.metrics.begin(), c.metrics.end(),
                       [&](const model::MetricDecl& m) { return m.name.value == name; });
  };
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_FALSE(declares(loaded[0], own.metrics[0].name.value));
  EXPECT_FALSE(declares(loaded[1], own.metrics[1].name.value));
  EXPECT_TRUE(declares(loaded[0], all[0].metrics.back().name.value));
}

// The comparison above would see a change in any field.
TEST(StdlibCatalogs, ComparerSeesEveryField) {
  SourceManager sm;
  Diagnostics diags;
  const std::vector<model::Catalog> base = stdlib::parse_catalogs(sm, diags);
  Comparer cmp(sm, sm);
  ASSERT_TRUE(cmp.diff(base, base).empty());

  auto changed = [&](auto change) {
    std::vector<model::Catalog> copy = base;
    change(copy);
    return cmp.diff(base, copy).size();
  };
  auto m0 = [](std::vector<model::Catalog>& c) -> model::MetricDecl& { return c[1].metrics[1]; };
  EXPECT_GT(changed([](auto& c) { c.pop_back(); }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].name.value += "x"; }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].name.span.begin += 1; }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].span.end -= 1; }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].span.file += 1; }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].target_labels.pop_back(); }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].target_labels[0].span.end += 1; }), 0u);
  EXPECT_GT(changed([](auto& c) { c[0].metrics.pop_back(); }), 0u);
  EXPECT_GT(changed([&](auto& c) { m0(c).type = model::MetricType::Info; }), 0u);
  EXPECT_GT(changed([&](auto& c) { m0(c).name.value.pop_back(); }), 0u);
  EXPECT_GT(changed([&](auto& c) { m0(c).labels_known = !m0(c).labels_known; }), 0u);
  EXPECT_GT(changed([&](auto& c) { m0(c).labels.push_back(m0(c).name); }), 0u);
  EXPECT_GT(changed([&](auto& c) { m0(c).help = m0(c).name; }), 0u);
  EXPECT_GT(changed([&](auto& c) { m0(c).span.begin += 2; }), 0u);
}

}  // namespace
}  // namespace mzr
