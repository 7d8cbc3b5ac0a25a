#pragma once
// Typed reading of the parts of a dashboard document that mzrules looks at. Dashboards carry many
// fields mzrules does not model; those are not checked, but a field that is read must have the
// shape the schema gives it, and a mistake is reported at its position.

#include <optional>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/embedded.h"
#include "compiler/base/source.h"
#include "compiler/load/yaml.h"
#include "compiler/model/dashboard.h"

namespace mzr::dash {

class Reader {
 public:
  Reader(const SourceFile& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  Diagnostics& diags() { return diags_; }
  const SourceFile& file() const { return file_; }

  // A scalar as text (numbers and booleans as written). Null and absent read as nullopt; a list
  // or mapping is reported.
  std::optional<model::Text> text(const yaml::Node* n, std::string_view what);
  // An integer (JSON numbers with a zero fraction count). Null reads as nullopt.
  std::optional<int64_t> integer(const yaml::Node* n, std::string_view what);
  bool boolean(const yaml::Node* n, std::string_view what, bool fallback);
  // True for a sequence / mapping; false, with a diagnostic unless it is null or absent,
  // otherwise.
  bool sequence(const yaml::Node* n, std::string_view what);
  bool mapping(const yaml::Node* n, std::string_view what);
  // The scalar's text with the way back to its bytes in the file.
  EmbeddedText embedded(const yaml::Node* n) const;
  // `{type, uid}` (classic), `{name}` (v2), or a bare string: a datasource name or a variable.
  model::DatasourceRef datasource(const yaml::Node* n);
  // A list of `{title, url}` links; `what` names the list in diagnostics.
  std::vector<model::DashboardLink> links(const yaml::Node* n, std::string_view what);

  void missing(const yaml::Node* parent, std::string_view field, std::string_view what);

 private:
  const SourceFile& file_;
  Diagnostics& diags_;
};

// The document as JSON, for emitters: plain YAML scalars become numbers, booleans and null as
// YAML 1.2's core schema reads them, everything else strings.
nlohmann::ordered_json to_json(const yaml::Node* n);

// Built-in visualisations of current Grafana, and the deprecated ones it still migrates.
bool is_known_panel_type(std::string_view type);

}  // namespace mzr::dash
