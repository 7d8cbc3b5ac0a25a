// Alert label and annotation templates parsed as Prometheus parses them when it loads rules: what
// it refuses is reported at its place in the value, unknown functions with did-you-mean.

#include <gtest/gtest.h>

#include <string>

#include "compiler/check/templates.h"

namespace mzr {
namespace {

struct Found {
  std::string code;  // "" when the template is accepted
  std::string at;    // the source text the diagnostic underlines
  std::string message;
  std::string note_at;  // what the diagnostic's note underlines, and what it says
  std::string note;
};

// Checks `tmpl` written as a YAML double-quoted value: `summary: "<tmpl>"`.
Found check(const std::string& tmpl) {
  SourceManager sources;
  std::string text = "summary: \"" + tmpl + "\"\n";
  SourceId id = sources.add("a.yaml", text);
  auto begin = static_cast<uint32_t>(text.find('"'));
  model::Text value{tmpl, Span{id, begin, static_cast<uint32_t>(begin + tmpl.size() + 2)}};
  Diagnostics diags;
  AlertTemplateCheck{}.check("A", value, &sources, diags);
  if (diags.all().empty()) return {};
  EXPECT_EQ(diags.all().size(), 1U) << tmpl;
  const Diagnostic& d = diags.all().front();
  Found f;
  f.code = diag_info(d.kind).code;
  f.at = text.substr(d.span.begin, d.span.end - d.span.begin);
  f.message = d.message;
  if (!d.notes.empty()) {
    const Note& n = d.notes.front();
    f.note_at = text.substr(n.span.begin, n.span.end - n.span.begin);
    f.note = n.message;
  }
  return f;
}

TEST(AlertTemplates, AcceptsWhatPrometheusAccepts) {
  for (const char* t :
       {"plain text", "{{ $labels.instance }} is {{ $value | humanize }}",
        "{{ with $externalLabels.cluster }}{{ . }}{{ end }} {{ $externalURL }}",
        "{{ range $i, $s := query \"up\" }}{{ $s.Labels.job }}{{ break }}{{ end }}",
        "{{/* a comment */}}{{- if gt $value 1.0 -}} high {{- else if true }} x {{ end }}",
        "{{ define \"x\" }}{{ . }}{{ end }}{{ template \"x\" $labels }}",
        "{{ $labels.a | reReplaceAll \"(.*)\" \"$1\" | toUpper | title }}"}) {
    EXPECT_EQ(check(t).code, "") << t << ": " << check(t).message;
  }
}

TEST(AlertTemplates, UnknownFunctionIsUnderlinedWithSuggestion) {
  Found f = check("{{ $value | humanise }}");
  EXPECT_EQ(f.code, "E0330");
  EXPECT_EQ(f.at, "humanise");
  EXPECT_EQ(f.message,
            "function 'humanise' is not defined in Prometheus templates, did you mean 'humanize'?");
  f = check("{{ sprintf \"%s\" $labels.job }}");
  EXPECT_EQ(f.code, "E0330");
  EXPECT_EQ(f.at, "sprintf");
}

TEST(AlertTemplates, SyntaxErrorsAtTheirPlace) {
  Found f = check("{{ $label.instance }}");
  EXPECT_EQ(f.code, "E0329");
  EXPECT_EQ(f.at, "$label");
  EXPECT_EQ(f.message, "template does not parse: undefined variable \"$label\"");
  f = check("ok {{ $labels.a }}{{ end }}");
  EXPECT_EQ(f.code, "E0329");
  EXPECT_EQ(f.message, "template does not parse: unexpected {{end}}");
  f = check("{{ if $labels.a }}{{ $labels.a }}");
  EXPECT_EQ(f.code, "E0329");
  EXPECT_EQ(f.message, "template does not parse: unexpected EOF");
  EXPECT_EQ(f.note_at, "if");
  EXPECT_EQ(f.note, "'{{if}}' starts here and has no '{{end}}'");
  f = check("a {{ $labels.a ");
  EXPECT_EQ(f.message, "template does not parse: unclosed action");
  EXPECT_EQ(f.note_at, "{{");
  EXPECT_EQ(f.note, "this action has no closing '}}'");
}

// Go's parser refuses what a scan of the actions cannot see: keywords out of place, variables
// out of their scope, and pipeline stages that are not commands.
TEST(AlertTemplates, GoParserRulesBeyondBalancedActions) {
  EXPECT_EQ(check("{{ break }}").code, "E0329");
  EXPECT_EQ(check("{{ if true }}{{ continue }}{{ end }}").code, "E0329");
  EXPECT_EQ(check("{{ range $k, $v := $labels }}{{ end }}{{ $k }}").code, "E0329");
  EXPECT_EQ(check("{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}").code, "E0329");
  EXPECT_EQ(check("{{ $value | 3 }}").code, "E0329");
  EXPECT_EQ(check("{{ else }}").code, "E0329");
}

}  // namespace
}  // namespace mzr
