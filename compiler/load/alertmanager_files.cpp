#include "compiler/load/alertmanager_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "compiler/base/glob.h"

namespace mzr {
namespace {

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

void collect_file_settings(const model::AmValue& v, std::string_view key,
                           std::vector<std::pair<std::string, Span>>& out) {
  if (v.kind == model::AmValue::Kind::Scalar && key.ends_with("_file") && !v.scalar.empty()) {
    out.emplace_back(v.scalar, v.span);
  }
  for (const model::AmValueEntry& e : v.entries) collect_file_settings(e.value, e.key.value, out);
  for (const model::AmValue& item : v.items) collect_file_settings(item, key, out);
}

// The file a template entry names, or the files its pattern matches, when all of them lie
// inside `bounds`; else a diagnostic and nothing.
std::optional<std::vector<std::string>> template_paths(const FileSystem& fs,
                                                       const ReadBounds& bounds,
                                                       const model::Text& t,
                                                       const std::string& path,
                                                       Diagnostics& diags) {
  auto outside = [&](const std::string& real) {
    diags.report(DiagKind::TemplateOutsideRepository, t.span,
                 fmt::format("template path '{}' leads to '{}', outside the repository; not read",
                             t.value, real));
    return std::nullopt;
  };
  // Refused before anything is looked up, so that the answer tells nothing about the files out
  // there.
  if (!bounds.written_inside(path)) {
    diags.report(DiagKind::TemplateOutsideRepository, t.span,
                 fmt::format("template path '{}' is outside the repository; not read", t.value));
    return std::nullopt;
  }
  std::vector<std::string> files;
  std::string dir = dir_of(path);
  std::string pattern = path.substr(path.rfind('/') + 1);
  if (glob_has_meta(pattern)) {
    ReadBounds::Place at = bounds.locate(dir);
    if (at.kind == FileKind::Missing) return files;
    if (!at.inside) return outside(at.real);
    for (const std::string& name : fs.list(dir)) {
      if (glob_match(pattern, name) == GlobMatch::Yes) files.push_back(join_path(dir, name));
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  std::vector<std::string> regular;
  for (const std::string& f : files) {
    ReadBounds::Place at = bounds.locate(f);
    if (at.kind == FileKind::Missing || at.kind == FileKind::Directory) continue;
    if (!at.inside) return outside(at.real);
    if (at.kind != FileKind::Regular) {
      diags.report(DiagKind::NotRegularFile, t.span,
                   fmt::format("template '{}' is not a regular file (a device, a fifo, a socket "
                               "or a file of /proc or /sys); not read",
                               f));
      return std::nullopt;
    }
    regular.push_back(f);
  }
  return regular;
}

void add_templates(const FileSystem& fs, const ReadBounds& bounds, const SourceManager& sm,
                   model::AlertmanagerConfig& c, Diagnostics& diags) {
  std::map<std::string, Span> names;
  for (const model::Text& t : c.templates) {
    if (t.value.starts_with("/")) continue;
    std::string base = t.span.file == kNoSource ? "." : dir_of(sm.file(t.span.file).path());
    auto files = template_paths(fs, bounds, t, join_path(base, t.value), diags);
    if (!files) continue;
    if (files->empty()) {
      diags.report(DiagKind::AmTemplateNotFound, t.span,
                   fmt::format("no template file matches '{}'", t.value));
      continue;
    }
    for (const std::string& f : *files) {
      model::AmTemplateFile tf;
      tf.name = f.substr(f.rfind('/') + 1);
      tf.path = f;
      tf.span = t.span;
      FsError error;
      if (!fs.read(f, tf.content, error)) {
        diags.report(DiagKind::AmTemplateNotFound, t.span,
                     fmt::format("cannot read template '{}': {}", f, error.message));
        continue;
      }
      auto [it, inserted] = names.emplace(tf.name, t.span);
      if (!inserted) continue;  // the same file named twice, or two files of one name
      c.template_files.push_back(std::move(tf));
    }
  }
}

void add_secret_mounts(model::AlertmanagerConfig& c, Diagnostics& diags) {
  std::vector<std::pair<std::string, Span>> paths;
  for (const model::AmSetting& s : c.global.settings)
    collect_file_settings(s.content, s.name.value, paths);
  for (const model::AmReceiver& r : c.receivers) {
    for (const model::AmIntegration& in : r.integrations) {
      for (const model::AmSetting& s : in.settings) {
        collect_file_settings(s.content, s.name.value, paths);
      }
    }
  }
  std::map<std::string, std::string> mounts;
  for (const auto& [path, span] : paths) {
    std::string_view rest = path;
    size_t slash = std::string_view::npos;
    if (rest.starts_with(kAmSecretsDir)) {
      rest.remove_prefix(kAmSecretsDir.size());
      slash = rest.find('/');
    }
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size() ||
        rest.find('/', slash + 1) != std::string_view::npos) {
      diags.report(DiagKind::AmSecretPathNotMounted, span,
                   fmt::format("'{}' is not of the form {}<secret>/<key>; no Secret is mounted "
                               "for it",
                               path, kAmSecretsDir));
      continue;
    }
    std::string secret(rest.substr(0, slash));
    mounts.emplace(secret, std::string(kAmSecretsDir) + secret);
  }
  for (const auto& [secret, dir] : mounts) c.secret_mounts.push_back({secret, dir});
}

}  // namespace

void resolve_alertmanager_files(const FileSystem& fs, const ReadBounds& bounds,
                                const SourceManager& sm, model::AlertmanagerConfig& config,
                                Diagnostics& diags) {
  add_templates(fs, bounds, sm, config, diags);
  add_secret_mounts(config, diags);
}

}  // namespace mzr
