// Every classic dashboard of the real corpora, deployed as v2: the GrafanaManifest loads back
// with no errors and has the panels, queries and variables of the classic dashboard.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "compiler/base/render.h"
#include "compiler/driver/pipeline.h"
#include "compiler/emit/grafana_resources.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

struct Counts {
  size_t panels = 0;   // rows are layout in v2, not panels
  size_t queries = 0;  // queries with an expression
  size_t variables = 0;
  bool operator==(const Counts&) const = default;
};

// `inputs`: the classic dashboard's `__inputs`, which v2 has as variables only when used.
Counts count(const model::Dashboard& d, const std::set<std::string>& inputs) {
  Counts c;
  model::for_each_panel(d.panels, [&](const model::Panel& p) {
    if (p.type.value == "row") return;
    ++c.panels;
    for (const model::PanelQuery& q : p.queries) c.queries += q.has_expr ? 1 : 0;
  });
  for (const model::Variable& v : d.variables) {
    // System and snapshot variables have no v2 kind.
    if (v.kind != model::VariableKind::System && v.kind != model::VariableKind::Snapshot &&
        !inputs.count(v.name.value))
      ++c.variables;
  }
  return c;
}

std::string first_error(const driver::Compilation& c) {
  for (const Diagnostic* d : c.diags.sorted()) {
    if (d->severity != Severity::Error) continue;
    LineCol at = d->span.valid() ? c.sources.file(d->span.file).line_col(d->span.begin) : LineCol{};
    return fmt::format("{}:{}: {} {}", at.line, at.column, diag_info(d->kind).code, d->message);
  }
  return "";
}

TEST(DashboardToV2Corpus, EveryClassicDashboardConvertsAndLoadsBack) {
  MZR_REQUIRE_CORPUS(corpus);
  std::string real = corpus + "/real";
  RealFileSystem files(real);
  size_t converted = 0, already_v2 = 0;
  Counts total;
  for (const std::string& path : testing::corpus_dashboard_files(real)) {
    driver::Compilation c;
    driver::compile(files, {path}, c);
    for (const model::Dashboard& d : c.dashboards) {
      if (d.schema == model::DashboardSchema::V2) {
        ++already_v2;
        continue;
      }
      emit::OutputSet out;
      emit::emit_grafana({d}, model::GrafanaStack{}, c.sources, model::DashboardSchema::V2, out);
      ASSERT_EQ(out.files.size(), 1u) << path;
      const auto& [manifest, bytes] = *out.files.begin();
      ASSERT_TRUE(manifest.starts_with("grafana/manifests/")) << path << ": " << manifest;
      MemoryFileSystem emitted;
      emitted.add(manifest, bytes);
      driver::Compilation back;
      driver::compile(emitted, {manifest}, back);
      EXPECT_EQ(first_error(back), "") << path << " '" << d.title.value << "' as v2";
      ASSERT_EQ(back.dashboards.size(), 1u) << path;
      EXPECT_EQ(back.dashboards.front().schema, model::DashboardSchema::V2);
      std::set<std::string> inputs;
      for (const model::Variable& v : d.variables) {
        if (v.is_input) inputs.insert(v.name.value);
      }
      Counts want = count(d, inputs), got = count(back.dashboards.front(), inputs);
      EXPECT_EQ(got.panels, want.panels) << path;
      EXPECT_EQ(got.queries, want.queries) << path;
      EXPECT_EQ(got.variables, want.variables) << path;
      // The loaded v2 emits the same manifest again.
      emit::OutputSet again;
      emit::emit_grafana(back.dashboards, model::GrafanaStack{}, back.sources, std::nullopt, again);
      EXPECT_EQ(again.files, out.files) << path;
      ++converted;
      total.panels += want.panels;
      total.queries += want.queries;
      total.variables += want.variables;
    }
  }
  std::cout << fmt::format(
      "[ corpus   ] {} classic dashboards converted to v2 and loaded back ({} panels, {} queries, "
      "{} variables); {} written in v2 already\n",
      converted, total.panels, total.queries, total.variables, already_v2);
  EXPECT_GE(converted, 60u);
}

}  // namespace
}  // namespace mzr
