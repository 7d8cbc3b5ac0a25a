"""Go templates for the template differential tests: a fixed list of the cases that matter (what
Go's parser accepts, and each way it refuses), and random templates built from pieces of Go's
template syntax, reproducible from a seed."""
import random

FIXED = [
    "plain text",
    "{{ $labels.instance }} is down",
    "{{ $value | humanize }} {{ $value | humanizePercentage }} {{ $externalURL }}",
    "{{ with $externalLabels.cluster }}{{ . }}{{ end }}",
    "{{ range $i, $s := query \"up\" }}{{ $s.Labels.job }}{{ break }}{{ end }}",
    "{{/* comment */}}{{- if gt $value 1.0 -}} high {{- else if true }} x {{ end }}",
    "{{ define \"x\" }}{{ . }}{{ end }}{{ template \"x\" $labels }}",
    "{{ $labels.a | reReplaceAll \"(.*)\" \"$1\" | toUpper | title }}",
    "{{ $labels.instance }} is down {{ $value",
    "{{ $value | humanise }}",
    "{{ $label.instance }}",
    "{{ if $labels.a }}{{ $labels.a }}",
    "{{ $labels.a }}{{ end }}",
    "{{ printf \"%s }}",
    "{{ printf \"%s\" (humanize $value }}",
    "{{ break }}",
    "{{ if true }}{{ continue }}{{ end }}",
    "{{ range $k, $v := $labels }}{{ end }}{{ $k }}",
    "{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}",
    "{{ $value | 3 }}",
    "{{ else }}",
    "{{ }}",
    "{{ $labels.x.y.z }}",
    "{{ index $labels \"a-b\" }}",
    "{{ 1 2 }}",
    "{{ (1) 2 }}",
    "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
    "{{ $y = 2 }}",
    "{{ template }}",
    "{{ template x }}",
    "{{ define \"a\" }}{{ end }}{{ define \"a\" }}b{{ end }}",
    "{{ block \"b\" . }}x{{ end }}",
    "{{ range . }}{{ else }}{{ end }}",
    "{{ with $x := 1 }}{{ $x }}{{ else with $y := 2 }}{{ $y }}{{ end }}",
    "{{ .Labels.job }} {{ .Value }} {{ .ExternalURL }}",
    "{{ nil }}",
    "{{ 'a' }} {{ '\\n' }} {{ 'ab' }}",
    "{{ 0x1F }} {{ 1e3 }} {{ 0b101 }} {{ 1_000 }} {{ 08 }}",
    "{{ `raw }}` }}",
    "{{- -}}",
    "{{-3}}",
    "{{ and 1 }} {{ or }} {{ not }}",
    "{{ humanizeDuration 3 }} {{ stripPort \"a:1\" }} {{ parseDuration \"1m\" }}",
    "{{ toTime 1 }} {{ toDuration 1 }} {{ graphLink \"up\" }} {{ tableLink \"up\" }}",
    "{{ safeHtml \"x\" }} {{ match \"a\" \"b\" }} {{ tmpl \"x\" . }} {{ args 1 }}",
    "{{ first (query \"up\") }} {{ label \"x\" . }} {{ value . }} {{ strvalue . }}",
    "{{ sortByLabel \"x\" (query \"up\") }} {{ pathPrefix }} {{ externalURL }}",
    "{{ urlquery \"a b\" }} {{ js \"x\" }} {{ html \"<\" }} {{ slice \"abc\" 1 }} {{ call 1 }}",
    "{{ now }} {{ humanize1024 1 }} {{ humanizeTimestamp 1 }} {{ stripDomain \"a.b\" }}",
    "{{ toUpper }}{{",
    "}}",
    "{{ \"a\" | printf \"%s\" | len }}",
    "{{ $ }} {{ $.Labels }}",
    "{{ .Labels.job | }}",
    "{{ range }}{{ end }}",
    "{{ if }}{{ end }}",
    "{{ end }}",
    "{{ range $a, $b, $c := . }}{{ end }}",
    "{{ $a, $b := 1 }}",
    # The cases of tests/template/parse_errors_test.cpp.
    "{{$y",
    "{{ define \"x\" }}(..{{ range $value)",
    "{{ ) }}",
    "{{ print 1) }}",
    "{{ range \n",
    "{{\n",
    "a\n{{- \nnot{{ x }}",
    "{{ block \"b\" . }}\n$value{{/*{{ end }}",
    "{{ with print \"up\"\"s\" }}{{ end }}",
    "{{ \"up\".x }}",
    "{{ 'ab' }}",
    "{{ '\\q' }}",
]

PIECES = [
    "a", " ", "\\n", "{{", "}}", "{{- ", " -}}", "{{ if ", "{{ else }}", "{{ else if ",
    "{{ end }}", "{{ range $i, $v := $labels }}", "{{ range ", "{{ with ", "{{ break }}",
    "{{ continue }}", "$labels.x", "$labels", "$value", "$y", "$y := 1", "$y = 2", "humanize",
    "humanise", "printf \"%s\" ", "(", ")", "|", "\"str", "\"s\"", "`raw`", "1", "-1", "1.5e3",
    "nil", "true", "{{/* c */}}", "/*", "*/", "{{ template \"x\" }}", "{{ define \"x\" }}",
    "{{ block \"b\" . }}", ".Labels.job", ".", "index $labels \"a\" ", "'c'", "''", ":=", "=",
    ",", "$", "$.Value", "toUpper", "query \"up\"", "len", "and", "or", "not", "{{ $x := 1 }}",
    "$x", "eq 1 2", "(1)", ".a.b", "..", "{{ else with ", "{{ end", "{{(", "}}}}", "\t", "'ab'",
    "0x1", "1i", "0b2", "1_", "%", "#", "é", "\"\\q\"", "`", "$x.y", "{{ template \"x\" . }}",
    "{{ define \"x\" }}{{ end }}", "{{ range $i := . }}", "{{ range $i, $v, $w := . }}", ", ",
    "{{ with $z := $labels }}", "$z.a", "{{- /* c */ -}}", "{{/*", "{{ .Labels.a | len }}",
    "call", "slice", "print", "humanizeDuration", "reReplaceAll \"a\" \"b\" ", "not true",
]


def random_templates(rounds, seed):
    """`rounds` templates of one to nine pieces; "\\n" in a piece stands for a newline."""
    rng = random.Random(seed)
    out = []
    for _ in range(rounds):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 9)))
        out.append(text.replace("\\n", "\n"))
    return out


def compare(what, templates, keys, ours, theirs, tool, rounds, seed):
    """Compares per template the message each side refuses it with (`ours` and `theirs` map a
    template's key to Go's message; a missing key means accepted), prints the tally and the
    disagreements, and returns the exit status: 1 on a disagreement, or when too few templates
    of either kind were compared for the comparison to mean something."""
    failures = []
    refused = one_sided = 0
    for key, text in zip(keys, templates):
        mine, go = ours.get(key), theirs.get(key)
        if mine is None and go is None:
            continue
        if mine is None or go is None:
            one_sided += 1
            failures.append(f"{text!r}: mzrules {'accepts' if mine is None else 'refuses'} it, "
                            f"{tool} {'accepts' if go is None else 'refuses'} it"
                            f"\n  mzrules: {mine or '-'}\n  {tool}: {go or '-'}")
            continue
        refused += 1
        if mine != go:
            failures.append(f"{text!r}:\n  mzrules: {mine}\n  {tool}: {go}")
    accepted = len(templates) - refused - one_sided
    print(f"{len(templates)} {what} ({len(FIXED)} fixed, {rounds} random, seed {seed}): "
          f"{refused} refused by both, {accepted} accepted by both, {len(failures)} disagreements")
    for f in failures[:40]:
        print("  " + f)
    if refused < 50 or accepted < 50:
        print("FAILED: too few refused or accepted templates to compare")
        return 1
    return 1 if failures else 0
