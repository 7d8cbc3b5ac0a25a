#pragma once
// Alert label and annotation values are Go text/templates that Prometheus parses when it loads
// the rules, after its definitions of $labels, $externalLabels, $externalURL and $value and with
// its function map. They are parsed here the same way, and what Prometheus would refuse is
// reported at its place in the value: E0330 for a function nobody defines (with did-you-mean),
// E0329 for everything else that does not parse.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/model/rules.h"
#include "compiler/template/ast.h"
#include "compiler/template/error.h"
#include "compiler/template/parse.h"

namespace mzr {

// Parses `text` into `set` as Prometheus parses a template of alert `alert`: Prometheus'
// definitions before it, as the template "__alert_<alert>". Offsets in the set's source are
// `alert_template_offset()` bytes past the same offsets in `text`.
std::optional<tmpl::Error> parse_alert_template(tmpl::Set& set, const std::string& alert,
                                                const std::string& text,
                                                const tmpl::ParseOptions& options);
uint32_t alert_template_offset();
std::string alert_template_name(const std::string& alert);  // "__alert_<alert>"

// Where a template's parse error is, in the text the parser read less an `offset` of prefix
// before it: [begin, end) covers the name Go's message quotes (a function, a variable) when it
// is written there, and is at least one byte wide inside the text. When the text ended inside
// something left open (an if, range, with, define, block or action), `open_at` is where that
// starts, `open_length` what to underline there and `open_note` what to say.
struct TemplateErrorPlace {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view name;
  std::optional<uint32_t> open_at;
  uint32_t open_length = 0;
  std::string open_note;
};
TemplateErrorPlace place_template_error(const tmpl::Error& err, std::string_view text,
                                        uint32_t offset = 0);

class AlertTemplateCheck {
 public:
  AlertTemplateCheck();

  // Reports what Prometheus' parse of `value`, a label or annotation of alert `alert`, refuses;
  // `sources` (may be null) places it.
  void check(const std::string& alert, const model::Text& value, const SourceManager* sources,
             Diagnostics& diags) const;

 private:
  std::vector<std::string> functions_;  // sorted: Go's builtins and Prometheus' functions
};

}  // namespace mzr
