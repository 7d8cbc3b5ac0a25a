// Syntax verdicts of @grafana/lezer-logql for a list of LogQL queries, for the differential test
// (lezer_diff_test.cpp). Reads a JSON array of strings on stdin and writes a JSON array of
// booleans: true when the parse tree has no error node.
//
//   node tests/logql/lezer_verdicts.mjs <dir holding node_modules/@grafana/lezer-logql> < in.json
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = process.argv[2] ?? process.cwd();
const require = createRequire(path.join(path.resolve(dir), 'package.json'));
const { parser } = require('@grafana/lezer-logql');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const queries = JSON.parse(input);
  const verdicts = queries.map((q) => {
    let ok = true;
    parser.parse(q).iterate({
      enter: (node) => {
        if (node.type.isError) ok = false;
      },
    });
    return ok;
  });
  process.stdout.write(JSON.stringify(verdicts));
});
