#pragma once
// Runbooks kept in the repository: every alert whose 'runbook_url' starts with the project's
// runbook base (`rules.runbook_base`, the address under which the repository is published)
// names a file of the repository and an anchor in it. The file must exist and have a Markdown
// heading whose anchor, as GitHub makes it, is the URL's fragment.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/model/rules.h"

namespace mzr {

// The anchor GitHub gives a heading's text: lower case, every character that is not a letter, a
// digit, a space, '-' or '_' removed, spaces turned into '-'. Bytes of multi-byte UTF-8
// characters are kept as they are.
std::string github_heading_anchor(std::string_view heading);

// The anchors of the ATX headings ('#' to '######') of a Markdown text, outside fenced code
// blocks, in order; a repeated anchor gets '-1', '-2', ... appended, as on GitHub.
std::vector<std::string> markdown_anchors(std::string_view text);

// Reports E1500 when the file a runbook URL names is missing and E1501 when its anchor is, at the
// position of the runbook string. `root` is the repository root the file paths are relative to.
// Nothing is checked when `base` is empty.
void check_runbook_anchors(const std::vector<model::RuleSet>& sets, std::string_view base,
                           const FileSystem& fs, const std::string& root, Diagnostics& diags);

}  // namespace mzr
