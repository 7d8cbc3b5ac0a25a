#include "compiler/load/settings_rules.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace mzr {
namespace {

std::vector<std::string> read_list(const yaml::Node* n, std::string_view what, Diagnostics& diags) {
  std::vector<std::string> out;
  if (!n->is_sequence()) {
    diags.report(DiagKind::InvalidSettings, n->span, fmt::format("{} must be a list", what));
    return out;
  }
  for (const yaml::Node* item : n->items) {
    if (auto s = yaml::read_string(item, what, diags)) out.push_back(*s);
  }
  return out;
}

std::optional<uint64_t> read_positive(const yaml::Node* n, std::string_view what,
                                      Diagnostics& diags) {
  auto v = yaml::read_int(n, what, diags);
  if (!v) return std::nullopt;
  if (*v <= 0) {
    diags.report(DiagKind::InvalidSettings, n->span, fmt::format("{} must be positive", what));
    return std::nullopt;
  }
  return static_cast<uint64_t>(*v);
}

void read_catalogs(const yaml::Node* n, model::CatalogSettings& out, Diagnostics& diags) {
  yaml::FieldReader f(n, "the 'catalogs' settings", diags);
  if (!f.ok()) return;
  if (const yaml::Node* stdlib = f.take("stdlib")) {
    if (stdlib->is_sequence()) {
      out.only = read_list(stdlib, "'catalogs.stdlib'", diags);
      out.stdlib = !out.only.empty();
    } else if (auto v = yaml::read_string(stdlib, "'catalogs.stdlib'", diags)) {
      if (*v == "true" || *v == "false") {
        out.stdlib = *v == "true";
      } else {
        diags.report(DiagKind::InvalidSettings, stdlib->span,
                     "'catalogs.stdlib' must be true, false or a list of catalog names");
      }
    }
  }
  if (const yaml::Node* labels = f.take("target_labels")) {
    out.target_labels = read_list(labels, "'catalogs.target_labels'", diags);
  }
  if (const yaml::Node* values = f.take("label_values")) {
    auto mapping = [&](const yaml::Node* n) {
      if (n->is_mapping()) return true;
      diags.report(DiagKind::InvalidSettings, n->span,
                   "'catalogs.label_values' maps catalog names to maps of label names to the "
                   "lists of their values");
      return false;
    };
    if (mapping(values)) {
      for (const yaml::Entry& c : values->entries) {
        if (!mapping(c.value)) continue;
        model::CatalogSettings::LabelValues lv{c.key->value, c.key->span, {}};
        for (const yaml::Entry& l : c.value->entries) {
          lv.values[l.key->value] =
              read_list(l.value, fmt::format("the values of label '{}'", l.key->value), diags);
        }
        out.label_values.push_back(std::move(lv));
      }
    }
  }
  f.finish();
}

void read_policy(const yaml::Node* n, model::RulePolicy& out, Diagnostics& diags) {
  yaml::FieldReader f(n, "the 'rules' settings", diags);
  if (!f.ok()) return;
  if (const yaml::Node* name = f.take("recording_name")) {
    if (auto v = yaml::read_string(name, "'rules.recording_name'", diags)) {
      RE2 re(*v, RE2::Quiet);
      if (!re.ok()) {
        diags.report(
            DiagKind::InvalidSettings, name->span,
            fmt::format("'rules.recording_name' is not a valid RE2 pattern: {}", re.error()));
      } else {
        out.recording_name = *v;
      }
    }
  }
  if (const yaml::Node* labels = f.take("required_labels")) {
    if (!labels->is_mapping()) {
      diags.report(DiagKind::InvalidSettings, labels->span,
                   "'rules.required_labels' must map label names to lists of allowed values");
    } else {
      for (const yaml::Entry& e : labels->entries) {
        model::RequiredLabel l;
        l.name = e.key->value;
        if (!e.value->is_null()) l.allowed = read_list(e.value, "allowed values", diags);
        out.required_labels.push_back(std::move(l));
      }
    }
  }
  if (const yaml::Node* annotations = f.take("required_annotations")) {
    out.required_annotations = read_list(annotations, "'rules.required_annotations'", diags);
  }
  if (const yaml::Node* interval = f.take("scrape_interval")) {
    if (auto v = yaml::read_string(interval, "'rules.scrape_interval'", diags)) {
      auto d = parse_duration(*v);
      if (!d || d->ms <= 0) {
        diags.report(
            DiagKind::InvalidSettings, interval->span,
            fmt::format("'rules.scrape_interval' must be a positive duration, not '{}'", *v));
      } else {
        out.scrape_interval = *d;
      }
    }
  }
  f.finish();
}

void read_jsonnet(const yaml::Node* n, model::JsonnetSettings& out, Diagnostics& diags) {
  yaml::FieldReader f(n, "the 'jsonnet' settings", diags);
  if (!f.ok()) return;
  if (const yaml::Node* paths = f.take("library_paths")) {
    for (std::string& p : read_list(paths, "'jsonnet.library_paths'", diags)) {
      if (p.empty() || p[0] == '/' || p.find("..") != std::string::npos) {
        diags.report(
            DiagKind::InvalidSettings, paths->span,
            fmt::format("library path '{}' must be relative and inside the repository", p));
        continue;
      }
      out.library_paths.push_back(std::move(p));
    }
  }
  if (const yaml::Node* v = f.take("max_stack")) {
    if (auto x = read_positive(v, "'jsonnet.max_stack'", diags)) {
      out.max_stack = static_cast<unsigned>(std::min<uint64_t>(*x, 100'000));
    }
  }
  if (const yaml::Node* v = f.take("max_output_bytes")) {
    if (auto x = read_positive(v, "'jsonnet.max_output_bytes'", diags)) out.max_output_bytes = *x;
  }
  if (const yaml::Node* v = f.take("max_memory_bytes")) {
    if (auto x = read_positive(v, "'jsonnet.max_memory_bytes'", diags)) out.max_memory_bytes = *x;
  }
  f.finish();
}

}  // namespace

void read_rule_settings(yaml::FieldReader& f, model::Settings& settings, Diagnostics& diags) {
  if (const yaml::Node* n = f.take("catalogs")) read_catalogs(n, settings.catalogs, diags);
  if (const yaml::Node* n = f.take("rules")) read_policy(n, settings.rules, diags);
  if (const yaml::Node* n = f.take("jsonnet")) read_jsonnet(n, settings.jsonnet, diags);
}

}  // namespace mzr
