local f(n) = f(n + 1) + 1;
{ groups: [{ name: 'g', rules: [{ record: 'a:b:c', expr: std.toString(f(0)) }] }] }
