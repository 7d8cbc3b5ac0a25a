#pragma once
// Template data from JSON: objects become maps, arrays lists, numbers with a point or an
// exponent float64 and others int, as `mzrules template render --data` and the conformance
// files give data. A Go type name narrows the conversion where Go's type matters.

#include <nlohmann/json.hpp>
#include <string_view>

#include "compiler/template/value.h"

namespace mzr::tmpl {

// `go_type` is empty, or one of []float64 (with "+Inf", "-Inf", "NaN" strings), []string,
// []int, []int64, []uint, []uint64, map[string]string, map[string]any, time.Time (an RFC 3339
// string). A null at the top is no value at all; inside, it is nil.
Value value_from_json(const nlohmann::json& j, std::string_view go_type = {}, bool top = true);

// Go's encoding/json of a value (Alertmanager's toJson): maps with sorted keys, HTML-escaped
// strings, nil maps and lists as null.
std::string value_to_json(const Value& v);

// time.Parse(time.RFC3339, s) or nullopt.
std::optional<Value> parse_rfc3339(std::string_view s);

}  // namespace mzr::tmpl
