#pragma once
// PromQL literal values, decoded the way Prometheus does (no ANTLR here, so these are tested on
// their own): Go number syntax with octal and hex, durations, and Go string escapes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mzr::syntax {

// strconv.ParseInt(s, 0, 64) falling back to ParseFloat, so "0755" is 493 and "0x1F" is 31.
std::optional<double> parse_promql_number(std::string_view text);

struct UnquoteError {
  std::string message;
  uint32_t offset = 0;  // byte offset of the offending character within the literal
};

// Decodes a "...", '...' or `...` literal (with its quotes). Escapes follow Go.
std::optional<std::string> unquote_promql_string(std::string_view literal, UnquoteError* error);

}  // namespace mzr::syntax
