#pragma once
// Names that become part of output paths: every value from a source (file names, resource
// names, uids, tenants, template names) is checked or mapped here before it names a file, so
// that no source can make the build write outside its output directory or over another file.

#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/emit/output.h"

namespace mzr::emit {

// One path component made from any text: bytes other than ASCII letters, digits, '.', '_' and
// '-' become '-'; a leading '.' becomes '-' (no hidden files, never "." or ".."); an empty name
// becomes "-"; a name longer than 200 bytes is cut and ends in a hash of the whole. Names that
// already are safe stay as they are.
std::string output_component(std::string_view name);

// Whether `rel` is a path the writer may use below the output directory: relative, '/'
// separated, every component non-empty and safe by the rule above or a valid Loki tenant, and
// none reserved by the writer (".mzrules-…").
bool is_safe_output_path(std::string_view rel);

// Why `name` is not a Kubernetes object name (a DNS subdomain: at most 253 bytes of lowercase
// letters, digits, '-' and '.', each dot-separated label starting and ending with a letter or
// digit), or nullopt when it is one.
std::optional<std::string> kubernetes_name_problem(std::string_view name);

// Why `tenant` is not a Loki tenant ID (at most 150 bytes of letters, digits and !-_.*'(),
// neither "." nor ".."), or nullopt when it is one.
std::optional<std::string> loki_tenant_problem(std::string_view tenant);

// The problems found while naming output, as diagnostics.
void report_output_problems(const OutputSet& output, Diagnostics& diags);

}  // namespace mzr::emit
