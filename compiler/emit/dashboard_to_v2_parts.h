#pragma once
// Shared pieces of the classic → v2 conversion (dashboard_to_v2*.cpp).

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/emit/dashboard_to_v2.h"

namespace mzr::emit::v2 {

using Json = nlohmann::ordered_json;

// The member, or nullptr when it is absent or null (or `o` is not an object).
const Json* member(const Json& o, std::string_view key);
// Strings as they are, numbers and booleans as written; `fallback` otherwise.
std::string text(const Json& o, std::string_view key, std::string_view fallback = "");
// Booleans, and numbers (classic `builtIn: 1`) as non-zero.
bool flag(const Json& o, std::string_view key, bool fallback);
std::optional<int64_t> integer(const Json& o, std::string_view key);

// The variable a whole string refers to: "$ds", "${ds}", "${ds:raw}", "[[ds]]".
std::optional<std::string> variable_name(std::string_view s);

// What the conversion knows about datasources: datasource variables' plugins, the caller's.
struct Datasources {
  const V2Options& options;
  std::map<std::string, std::string> variable_plugins;  // datasource variable → plugin type

  // A DataQuery {kind, group, version, spec, datasource?} for a query on datasource `ds`
  // (classic {type, uid}, a bare name or variable, or null).
  Json data_query(const Json* ds, Json spec) const;
  // The plugin type of a datasource reference, "" when it cannot be told.
  std::string plugin_of(const Json* ds) const;
  // The UID of a datasource reference, if it has one.
  std::optional<std::string> uid_of(const Json* ds) const;
};

// `templating.list` (and unresolved `__inputs`) as v2 variables.
Json variables(const Json& classic, const Datasources& ds);
// `annotations.list` as AnnotationQuery kinds.
Json annotations(const Json& classic, const Datasources& ds);
// Dashboard links, with the defaults v2 requires.
Json dashboard_links(const Json& classic);
// `time`, `timepicker`, `refresh`, `timezone`, ... as timeSettings.
Json time_settings(const Json& classic);
// `panels` (and pre-v16 `rows`) as {elements, layout}.
struct Panels {
  Json elements = Json::object();
  Json layout;
};
Panels panels(const Json& classic, const Datasources& ds);

}  // namespace mzr::emit::v2
