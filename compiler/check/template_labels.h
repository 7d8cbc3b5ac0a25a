#pragma once
// The label names an alert's Go templates read from the alert's labels, found on the template's
// syntax tree: `$labels.x`, `.Labels.x`, `index $labels "x"`, and the same through a variable
// bound to them (`{{ $l := $labels }}{{ $l.x }}`) or through `with $labels` (`{{ .x }}`). Text
// outside actions is not read.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr {

struct LabelRead {
  std::string name;
  uint32_t begin = 0;  // byte offsets of the reference in the template text
  uint32_t end = 0;
};

// In order of appearance; empty when the template does not parse (E0329 says why).
std::vector<LabelRead> labels_read(const std::string& tmpl);

// Reports each label the labels and annotations of alert `r` (of group `g`) read that its series
// can never carry: `may_have` says which labels they may carry, `series_labels` lists them for
// the note. Only for closed label sets; the caller decides that. `sources` gives the text of the
// file, to underline the reference itself where the value is written as it reads.
void check_template_labels(const model::RuleGroup& g, const model::Rule& r,
                           const std::function<bool(const std::string&)>& may_have,
                           const std::string& series_labels, const SourceManager* sources,
                           Diagnostics& diags);

}  // namespace mzr
