local passwd = importstr '/etc/passwd';
{ groups: if std.length(passwd) > 0 then [] else [] }
