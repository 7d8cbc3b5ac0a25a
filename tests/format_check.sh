#!/usr/bin/env bash
# Every C++ source of the repository is formatted as .clang-format says. Lists the files that are
# not (fix with clang-format -i) and fails.
set -euo pipefail
# shellcheck source=tests/require.sh
source "$(dirname "$0")/require.sh"
require_program clang-format
cd "$1"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
  mapfile -t files < <(find compiler tests -name '*.cpp' -o -name '*.h')
fi
bad=0
for f in "${files[@]}"; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"
    bad=1
  fi
done
exit "$bad"
