#include "compiler/emit/output_names.h"

#include <fmt/format.h>

#include <cstdint>

namespace mzr::emit {
namespace {

constexpr size_t kMaxComponent = 200;

bool is_plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

bool is_tenant_char(char c) {
  return is_plain(c) || c == '!' || c == '*' || c == '\'' || c == '(' || c == ')';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// FNV-1a: stable across runs and platforms, which std::hash is not.
uint64_t stable_hash(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string output_component(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) out += is_plain(c) ? c : '-';
  if (out.empty()) return "-";
  if (out[0] == '.') out[0] = '-';
  if (out.size() > kMaxComponent) {
    out = fmt::format("{}-{:016x}", out.substr(0, kMaxComponent - 17), stable_hash(name));
  }
  return out;
}

bool is_safe_output_path(std::string_view rel) {
  if (rel.empty() || rel.front() == '/' || rel.back() == '/') return false;
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    std::string_view part =
        rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    // Tenant folders may hold Loki's few extra characters; none of them is special to a path.
    if (part.empty() || part.size() > kMaxComponent + 5 || loki_tenant_problem(part)) return false;
    if (part.starts_with(".mzrules-")) return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

std::optional<std::string> kubernetes_name_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 253) return "it is longer than 253 bytes";
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view label =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (label.empty()) return "it has an empty part between dots";
    for (char c : label) {
      if (!alnum(c) && c != '-') return fmt::format("it contains '{}'", c == '\n' ? ' ' : c);
    }
    if (!alnum(label.front()) || !alnum(label.back()))
      return "a part between dots starts or ends with '-'";
    if (dot == std::string_view::npos) return std::nullopt;
    start = dot + 1;
  }
}

std::optional<std::string> loki_tenant_problem(std::string_view tenant) {
  if (tenant.empty()) return "it is empty";
  if (tenant.size() > 150) return "it is longer than 150 bytes";
  if (tenant == "." || tenant == "..") return "'.' and '..' are not tenants";
  for (char c : tenant) {
    if (!is_tenant_char(c)) return "only letters, digits and !-_.*'() may be used";
  }
  return std::nullopt;
}

bool OutputSet::add(const std::string& path, std::string content, Span origin) {
  if (!take("file", path, origin, DiagKind::OutputPathClash)) return false;
  files[path] = std::move(content);
  return true;
}

void OutputSet::claim(const std::string& what, const std::string& name, Span origin) {
  take(what, name, origin, DiagKind::OutputNameClash);
}

bool OutputSet::take(const std::string& what, const std::string& name, Span origin, DiagKind kind) {
  auto [it, inserted] = claims_.try_emplace(what + "\n" + folded(name), Claim{name, origin});
  if (inserted) return true;
  const Claim& first = it->second;
  std::string message = first.name == name
                            ? fmt::format("this source would also produce the {} '{}'", what, name)
                            : fmt::format(
                                  "the {} '{}' differs from '{}' only in case, which is one {} on "
                                  "case-insensitive file systems",
                                  what, name, first.name, what);
  problems.push_back(
      {kind, origin, message, {{first.origin, fmt::format("'{}' comes from here", first.name)}}});
  return false;
}

void report_output_problems(const OutputSet& output, Diagnostics& diags) {
  for (const OutputProblem& p : output.problems) {
    Diagnostic& d = diags.report(p.kind, p.at, p.message);
    for (const Note& n : p.notes) d.note(n.span, n.message);
  }
}

}  // namespace mzr::emit
