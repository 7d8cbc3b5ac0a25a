import json, os, subprocess, sys
mz = sys.argv[1]; cases_file = sys.argv[2]
lines = open(cases_file, encoding='utf-8').read().splitlines()
go = []
go_dead = 0
for line in lines:
    try:
        r = subprocess.run(['os.environ.get('GOTEMPLATE', 'build/oracles/gotemplate')'], input=line + '\n', capture_output=True, text=True, timeout=5)
        out = r.stdout.strip()
    except subprocess.TimeoutExpired:
        out = ''
    if not out:
        go_dead += 1
        out = json.dumps({'out': '', 'err': 'go died or ran out of time'})
    go.append(out)
print(f"Go died (memory or time) on {go_dead} cases")
agree = both_err = 0
diffs = []
for line, g in zip(lines, go):
    c = json.loads(line); g = json.loads(g)
    r = subprocess.run([mz, 'template', 'render', '--color=never', '--name', 't', '--text', c['text'], '--data', json.dumps(c['data'])], capture_output=True)
    out = r.stdout.decode('utf-8', 'surrogateescape')
    mz_err = r.returncode != 0
    go_err = g['err'] != ''
    if mz_err and go_err: both_err += 1; agree += 1; continue
    if not mz_err and not go_err and out == g['out']: agree += 1; continue
    diffs.append((c['text'], json.dumps(c['data'])[:200], 'go:' + (g['err'] or repr(g['out'])), 'mz:' + (r.stderr.decode()[:300] if mz_err else repr(out))))
print(f"{agree}/{len(lines)} agree ({both_err} both errors)")
for d in diffs[:40]:
    print('---'); print('\n'.join(d))
