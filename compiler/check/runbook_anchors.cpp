#include "compiler/check/runbook_anchors.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

namespace mzr {
namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The text of an ATX heading line, or nothing when the line is not one. Up to three spaces of
// indentation, one to six '#', then a space or the end of the line; a closing run of '#' after a
// space is not part of the text.
std::optional<std::string_view> heading_text(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  size_t hashes = 0;
  while (i + hashes < line.size() && line[i + hashes] == '#') ++hashes;
  if (hashes == 0 || hashes > 6) return std::nullopt;
  std::string_view rest = line.substr(i + hashes);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
  rest = trim(rest);
  size_t end = rest.size();
  while (end > 0 && rest[end - 1] == '#') --end;
  if (end < rest.size() && (end == 0 || rest[end - 1] == ' ' || rest[end - 1] == '\t')) {
    rest = trim(rest.substr(0, end));
  }
  return rest;
}

bool is_fence(std::string_view line) {
  std::string_view t = trim(line);
  return t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~";
}

}  // namespace

std::string github_heading_anchor(std::string_view heading) {
  std::string out;
  for (char ch : heading) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || is_ascii_alnum(c) || c == '-' || c == '_') {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
    } else if (c == ' ') {
      out.push_back('-');
    }
  }
  return out;
}

std::vector<std::string> markdown_anchors(std::string_view text) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  bool in_fence = false;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (is_fence(line)) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    auto heading = heading_text(line);
    if (!heading) continue;
    std::string anchor = github_heading_anchor(*heading);
    int& n = seen[anchor];
    out.push_back(n == 0 ? anchor : fmt::format("{}-{}", anchor, n));
    ++n;
  }
  return out;
}

void check_runbook_anchors(const std::vector<model::RuleSet>& sets, std::string_view base,
                           const FileSystem& fs, const std::string& root, Diagnostics& diags) {
  if (base.empty()) return;
  // Per file of the repository: its anchors, or nothing when it cannot be read.
  std::map<std::string, std::optional<std::set<std::string>>> files;
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& group : set.groups) {
      for (const model::Rule& rule : group.rules) {
        if (rule.kind != model::RuleKind::Alerting) continue;
        for (const model::LabelPair& a : rule.annotations) {
          if (a.name.value != "runbook_url") continue;
          std::string_view url = a.value.value;
          if (url.substr(0, base.size()) != base) continue;
          std::string_view rest = url.substr(base.size());
          size_t hash = rest.find('#');
          std::string path(rest.substr(0, hash));
          std::string anchor(hash == std::string_view::npos ? "" : rest.substr(hash + 1));
          auto [it, inserted] = files.try_emplace(path);
          if (inserted) {
            std::string text;
            FsError error;
            bool safe =
                !path.empty() && path.front() != '/' && path.find("..") == std::string::npos;
            if (safe && fs.read(root == "." ? path : root + "/" + path, text, error)) {
              std::vector<std::string> anchors = markdown_anchors(text);
              it->second.emplace(anchors.begin(), anchors.end());
            }
          }
          if (!it->second) {
            diags.report(DiagKind::RunbookFileMissing, a.value.span,
                         fmt::format("the runbook of alert '{}' points into this repository, but "
                                     "'{}' does not exist",
                                     rule.name.value, path));
            continue;
          }
          if (!anchor.empty() && !it->second->count(anchor)) {
            diags.report(DiagKind::RunbookAnchorMissing, a.value.span,
                         fmt::format("the runbook of alert '{}' points at '#{}', but '{}' has no "
                                     "heading with that anchor",
                                     rule.name.value, anchor, path));
          }
        }
      }
    }
  }
}

}  // namespace mzr
