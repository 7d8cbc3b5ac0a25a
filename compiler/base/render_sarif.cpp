// SARIF 2.1.0: the static-analysis interchange format that code-scanning services ingest.
// One run; the rules array lists the codes that occur, with their explanations; columns are
// counted in Unicode code points, which the run declares.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "compiler/base/render.h"
#include "compiler/base/visible_text.h"

namespace mzr {
namespace {

using Json = nlohmann::ordered_json;

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    default: return "note";
  }
}

// An artifact location is a URI reference: relative paths stay relative, and every byte that is
// not unreserved or a path separator is percent-encoded.
std::string to_uri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

Json physical_location(const SourceManager& sm, Span span) {
  const SourceFile& f = sm.file(span.file);
  LineCol b = f.line_col(span.begin);
  LineCol e = f.line_col(span.end);
  Json region;
  region["startLine"] = b.line;
  region["startColumn"] = b.char_column;
  region["endLine"] = e.line;
  region["endColumn"] = e.char_column;
  Json loc;
  loc["artifactLocation"]["uri"] = to_uri(f.path());
  loc["region"] = std::move(region);
  return loc;
}

// The first sentence of an explanation, for the rule's short description.
std::string_view first_sentence(std::string_view text) {
  std::size_t end = text.find(". ");
  return end == std::string_view::npos ? text : text.substr(0, end + 1);
}

}  // namespace

void render_sarif(const SourceManager& sm, const Diagnostics& diags, std::ostream& out,
                  const RenderOptions& options) {
  std::vector<const Diagnostic*> sorted = diags.sorted();

  // Rules in code order, so the bytes do not depend on the order diagnostics were found in.
  std::map<std::string_view, std::size_t> rule_index;
  for (const Diagnostic* d : sorted) rule_index.emplace(diag_info(d->kind).code, 0);
  Json rules = Json::array();
  std::size_t next = 0;
  for (auto& [code, index] : rule_index) {
    index = next++;
    const DiagInfo* info = find_diag(code);
    Json rule;
    rule["id"] = std::string(code);
    rule["name"] = std::string(info->name);
    rule["shortDescription"]["text"] = std::string(first_sentence(info->explanation));
    rule["fullDescription"]["text"] = std::string(info->explanation);
    rule["defaultConfiguration"]["level"] = std::string(sarif_level(info->severity));
    rules.push_back(std::move(rule));
  }

  Json results = Json::array();
  for (const Diagnostic* d : sorted) {
    std::string_view code = diag_info(d->kind).code;
    Json r;
    r["ruleId"] = std::string(code);
    r["ruleIndex"] = rule_index[code];
    r["level"] = std::string(sarif_level(d->severity));
    r["message"]["text"] = visible_text(d->message);  // as in every format: see render_json
    Json locations = Json::array();
    if (d->span.valid()) {
      Json loc;
      loc["physicalLocation"] = physical_location(sm, d->span);
      locations.push_back(std::move(loc));
    }
    r["locations"] = std::move(locations);
    if (!d->notes.empty()) {
      Json related = Json::array();
      int id = 1;
      for (const Note& n : d->notes) {
        Json rel;
        rel["id"] = id++;
        if (n.span.valid()) rel["physicalLocation"] = physical_location(sm, n.span);
        rel["message"]["text"] = visible_text(n.message);
        related.push_back(std::move(rel));
      }
      r["relatedLocations"] = std::move(related);
    }
    results.push_back(std::move(r));
  }

  Json driver;
  driver["name"] = "mzrules";
  if (!options.tool_version.empty()) driver["version"] = std::string(options.tool_version);
  driver["rules"] = std::move(rules);

  Json run;
  run["tool"]["driver"] = std::move(driver);
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  out << log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace mzr
