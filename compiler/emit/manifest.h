#pragma once
// The manifest of an output directory: the files the last build generated, the only files a
// build ever replaces or removes. One path a line, percent-encoded, so that any name (a newline,
// a '%', a leading '#') round-trips and no name can add a line of its own.

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "compiler/base/file_system.h"
#include "compiler/emit/output.h"

namespace mzr::emit {

inline constexpr const char* kManifestName = ".mzrules-manifest";

// Bytes outside '!'..'~', and '%' and '#', as %XX; everything else as it is.
std::string encode_path(std::string_view path);
// The inverse; nullopt for a malformed escape.
std::optional<std::string> decode_path(std::string_view text);

std::string manifest_text(const OutputSet& output);

// The paths of the manifest in `out_dir` that are safe output paths (a tampered manifest cannot
// name anything outside the directory); empty when there is none.
std::set<std::string> read_manifest(const FileSystem& fs, const std::string& out_dir);

}  // namespace mzr::emit
