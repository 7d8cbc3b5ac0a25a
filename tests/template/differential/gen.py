import json, random, sys
R = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 500

def rnum():
    c = R.random()
    if c < 0.3: return R.randint(-1000, 1000)
    if c < 0.5: return R.choice([0, 1, -1, 2**31, 2**62, -2**40])
    if c < 0.8: return R.choice([0.0, 1.5, -2.25, 1e6, 1e21, 1e-5, 123456789.0, 0.1, 1e-7, 3.0, 2.5e-3, 1e20, 100000.0, 1234567.0])
    return R.uniform(-1e4, 1e4)

def rstr():
    return R.choice(["", "a", "xyz", "hello world", "<b>&'\"", "ünï", "tab\there", "line\nbreak", "q=1&r=2", "%41", "日本", "a b c"])

def rdata(depth=0):
    c = R.random()
    if depth > 2 or c < 0.4:
        return R.choice([rnum, rstr, lambda: R.choice([True, False]), lambda: None])()
    if c < 0.7:
        return [rdata(depth + 1) for _ in range(R.randint(0, 3))]
    return {k: rdata(depth + 1) for k in R.sample(["a", "b", "c", "s", "l", "m", "x"], R.randint(0, 4))}

def data():
    return {"a": rnum(), "b": rnum(), "s": rstr(), "l": [rnum() for _ in range(R.randint(0, 4))],
            "m": {k: rnum() for k in R.sample(["one", "two", "x"], R.randint(0, 3))},
            "t": R.choice([True, False]), "n": None, "z": rdata()}

def lit():
    c = R.random()
    if c < 0.3: return str(R.choice([0, 1, 2, 3, -1, 17, 1000000, 255]))
    if c < 0.45: return R.choice(["1.5", "-2.0", "1e3", "0x1F", "0o17", "0b101", "1_000", "'a'", "2.5e-3", "0.1"])
    if c < 0.65: return json.dumps(rstr(), ensure_ascii=False)
    if c < 0.72: return R.choice(["`raw`", "`a\\nb`"])
    if c < 0.8: return R.choice(["true", "false"])
    return R.choice([".a", ".b", ".s", ".l", ".m", ".m.one", ".t", ".n", ".z", ".", "$", ".missing", ".z.a"])

VERBS = ["%v", "%d", "%s", "%q", "%x", "%X", "%f", "%.2f", "%e", "%g", "%.3g", "%5d", "%-5s|", "%05d", "%+d", "%t", "%8.3f", "%o", "%b", "%c", "%U", "%6.2e", "%#x", "% d", "%10s|", "%.1s", "%T", "%%", "%!", "%.0f", "%G", "%E"]

def arg(depth):
    if depth < 2 and R.random() < 0.15:
        return "(" + pipeline(depth + 1) + ")"
    return lit()

def command(depth):
    c = R.random()
    if c < 0.25: return lit()
    if c < 0.45:
        fmt = "".join(R.choice(VERBS) + R.choice(["", " ", ":"]) for _ in range(R.randint(1, 3)))
        return "printf " + json.dumps(fmt) + " " + " ".join(arg(depth) for _ in range(R.randint(0, 3)))
    f = R.choice(["print", "println", "len", "index", "slice", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "html", "js", "urlquery"])
    nargs = {"len": 1, "not": 1, "lt": 2, "le": 2, "gt": 2, "ge": 2, "ne": 2}.get(f, R.randint(1, 3))
    if R.random() < 0.1: nargs += R.choice([-1, 1])
    return f + " " + " ".join(arg(depth) for _ in range(max(nargs, 0)))

def pipeline(depth=0):
    p = command(depth)
    while R.random() < 0.2:
        p += " | " + R.choice(["print", "printf \"%v\"", "html", "len", "not", "urlquery", "js", "println", "and 1", "or 0", "index .l"])
    return p

def block(depth, in_range=False):
    parts = []
    for _ in range(R.randint(1, 4)):
        c = R.random()
        if c < 0.3:
            parts.append(R.choice(["x", " ", "\n", "-", "[", "]", " a b ", "\t"]))
        elif c < 0.6 or depth > 2:
            l = "{{- " if R.random() < 0.1 else "{{"
            r = " -}}" if R.random() < 0.1 else "}}"
            if R.random() < 0.1:
                parts.append(l + "/* c */" + r)
            elif R.random() < 0.15:
                v = R.choice(["$x", "$y"])
                parts.append("{{" + v + " := " + pipeline() + "}}{{" + v + "}}")
            else:
                parts.append(l + pipeline() + r)
        elif c < 0.72:
            parts.append("{{if " + pipeline() + "}}" + block(depth + 1, in_range) + ("{{else}}" + block(depth + 1, in_range) if R.random() < 0.5 else "") + "{{end}}")
        elif c < 0.84:
            v = R.choice(["", "$i, $e := ", "$e := "])
            body = block(depth + 1, True)
            if R.random() < 0.2: body += R.choice(["{{break}}", "{{continue}}"])
            parts.append("{{range " + v + R.choice([".l", ".m", ".z", ".s", "3", ".a", ".n"]) + "}}" + body + ("{{else}}E" if R.random() < 0.3 else "") + "{{end}}")
        elif c < 0.92:
            parts.append("{{with " + pipeline() + "}}" + block(depth + 1, in_range) + "{{end}}")
        else:
            parts.append("{{template \"d\" " + lit() + "}}")
    return "".join(parts)

for _ in range(N):
    t = '{{define "d"}}<{{.}}>{{end}}' + block(0)
    print(json.dumps({"text": t, "data": data()}, ensure_ascii=False))
