#pragma once
// LogQL literal values, decoded the way Loki's lexer decodes them (Go strconv / time semantics),
// and the inverse for the printer. Pure functions: the ANTLR front end and the tests share them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/go_quote.h"

namespace mzr::logql {

// A Go string literal, "double-quoted" with Go escapes or `raw`. On failure `error` says why in
// Go's words ("invalid syntax" is all Go says; we are more specific).
std::optional<std::string> unquote_string(std::string_view quoted, std::string* error);

// The double-quoted Go literal whose unquoting is `value`.
inline std::string quote_string(std::string_view value) {
  return go_quote(value);
}

// Loki's duration rule: Prometheus syntax first ("1h30m", "1y"), then Go's time.ParseDuration
// ("1.5s", "-5m", "100us"). Nanoseconds.
std::optional<int64_t> parse_loki_duration(std::string_view text);

// Go's time.ParseDuration alone. Nanoseconds.
std::optional<int64_t> parse_go_duration(std::string_view text);

// A byte size as go-humanize reads it ("5MB", "1.5KiB", "10k"). Bytes.
std::optional<uint64_t> parse_bytes(std::string_view text);

// Go's strconv.ParseFloat for the number shapes the lexer produces: decimal only (hexadecimal,
// octal and binary integers and digit separators are not floats to Go).
std::optional<double> parse_float(std::string_view text);

// The argument of `ip(...)` as Loki's IP matcher reads it: an address ("10.0.0.1", "::1"), a CIDR
// range ("10.0.0.0/8") or an address range ("10.0.0.1-10.0.0.9").
bool is_ip_pattern(std::string_view pattern);

}  // namespace mzr::logql
