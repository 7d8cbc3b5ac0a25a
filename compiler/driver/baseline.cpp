#include "compiler/driver/baseline.h"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace mzr::driver {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // code, file, message

Key key_of(const SourceManager& sources, const Diagnostic& d) {
  return {std::string(diag_info(d.kind).code),
          d.span.valid() ? sources.file(d.span.file).path() : std::string(), d.message};
}

}  // namespace

std::string baseline_json(const SourceManager& sources, const Diagnostics& diags) {
  std::map<Key, size_t> counts;  // sorted, so that the file diffs well
  for (const Diagnostic& d : diags.all()) ++counts[key_of(sources, d)];
  auto findings = nlohmann::ordered_json::array();
  for (const auto& [key, count] : counts) {
    nlohmann::ordered_json f;
    f["code"] = std::get<0>(key);
    f["file"] = std::get<1>(key);
    f["message"] = std::get<2>(key);
    f["count"] = count;
    findings.push_back(std::move(f));
  }
  nlohmann::ordered_json doc;
  doc["version"] = 1;
  doc["findings"] = std::move(findings);
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<size_t> apply_baseline(const SourceManager& sources, std::string_view json,
                                     Diagnostics& diags, std::string& error) {
  nlohmann::json doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "not JSON, or not a JSON object";
    return std::nullopt;
  }
  auto list = doc.find("findings");
  if (list == doc.end() || !list->is_array()) {
    error = "no 'findings' list";
    return std::nullopt;
  }
  std::map<Key, size_t> remaining;
  for (const nlohmann::json& f : *list) {
    auto text = [&](const char* name) -> const std::string* {
      auto it = f.find(name);
      return it != f.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string* code = f.is_object() ? text("code") : nullptr;
    const std::string* file = f.is_object() ? text("file") : nullptr;
    const std::string* message = f.is_object() ? text("message") : nullptr;
    auto count = f.is_object() ? f.find("count") : f.end();
    if (!code || !file || !message || count == f.end() || !count->is_number_unsigned()) {
      error = "a finding without a string 'code', 'file' and 'message' and a count";
      return std::nullopt;
    }
    remaining[{*code, *file, *message}] += count->get<size_t>();
  }
  size_t dropped = 0;
  diags.relevel([&](const Diagnostic& d) {
    auto it = remaining.find(key_of(sources, d));
    if (it == remaining.end() || it->second == 0) return d.severity;
    --it->second;
    ++dropped;
    return Severity::Off;
  });
  return dropped;
}

}  // namespace mzr::driver
