#pragma once
// String helpers both Prometheus and Alertmanager templates use: Go's regexp replacement with
// $1 / ${name} expansion, strconv.ParseFloat, strings.Title-like casing, url.QueryEscape and
// net.SplitHostPort.

#include <optional>
#include <string>
#include <string_view>

namespace mzr::tmpl {

// regexp.MustCompile(pattern).ReplaceAllString(text, repl); nullopt with `error` set when the
// pattern does not compile.
std::optional<std::string> go_replace_all(std::string_view pattern, std::string_view repl,
                                          std::string_view text, std::string& error);
// regexp.MatchString(pattern, s).
std::optional<bool> go_match(std::string_view pattern, std::string_view s, std::string& error);

// strconv.ParseFloat(s, 64), or nullopt.
std::optional<double> go_parse_float(std::string_view s);

std::string go_to_upper(std::string_view s);
std::string go_to_lower(std::string_view s);
// Title-cases each word; `lower_rest` also lowers the letters after a word's first.
std::string go_title(std::string_view s, bool lower_rest);

std::string go_query_escape(std::string_view s);
// url.QueryUnescape / PathUnescape; nullopt on a malformed escape.
std::optional<std::string> go_query_unescape(std::string_view s);

// net.SplitHostPort: nullopt when s is not host:port.
std::optional<std::pair<std::string, std::string>> go_split_host_port(std::string_view s);
// netip.ParseAddr succeeds.
bool go_is_ip(std::string_view s);

}  // namespace mzr::tmpl
