#include "compiler/load/settings_tests.h"

#include <fmt/format.h>

#include <charconv>

namespace mzr {
namespace {

void read_minimum(const yaml::Node* n, std::string_view key, model::CoverageMinimum& out,
                  Diagnostics& diags) {
  auto text = yaml::read_string(n, fmt::format("'coverage.{}'", key), diags);
  if (!text) return;
  double v = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, v);
  if (ec != std::errc() || ptr != end || text->empty() || !(v >= 0 && v <= 100)) {
    diags.report(
        DiagKind::RuleTestBadCoverageSetting, n->span,
        fmt::format("'coverage.{}' must be a percentage from 0 to 100, not '{}'", key, *text));
    return;
  }
  out.percent = v;
  out.span = n->span;
}

}  // namespace

void read_test_settings(yaml::FieldReader& f, model::Settings& settings, Diagnostics& diags) {
  if (const yaml::Node* tests = f.take("tests")) {
    if (!tests->is_sequence()) {
      diags.report(DiagKind::InvalidSettings, tests->span,
                   "'tests' must be a list of paths or globs of rule unit-test files");
    } else {
      for (const yaml::Node* n : tests->items) {
        if (auto p = yaml::read_string(n, "a test file pattern", diags)) {
          settings.tests.files.push_back({*p, n->span});
        }
      }
    }
  }
  if (const yaml::Node* coverage = f.take("coverage")) {
    if (!coverage->is_mapping()) {
      diags.report(DiagKind::RuleTestBadCoverageSetting, coverage->span,
                   "'coverage' must be a map of minimums in percent, e.g. "
                   "{alerts_fire: 100, alerts_silent: 100}");
      return;
    }
    model::CoverageMinimums& m = settings.tests.coverage;
    const std::pair<std::string_view, model::CoverageMinimum*> keys[] = {
        {"alerts_fire", &m.alerts_fire},
        {"alerts_silent", &m.alerts_silent},
        {"recording_rules", &m.recording_rules},
        {"routes", &m.routes},
        {"receivers", &m.receivers}};
    yaml::FieldReader cr(coverage, "the 'coverage' settings", diags);
    for (const auto& [key, minimum] : keys) {
      if (const yaml::Node* n = cr.take(key)) read_minimum(n, key, *minimum, diags);
    }
    cr.finish();
  }
}

}  // namespace mzr
