local check(x) = if x > 1 then error 'threshold must be at most 1, got ' + x else x;
{ groups: [{ name: 'g', rules: [{ record: 'a:b:c', expr: std.toString(check(2)) }] }] }
