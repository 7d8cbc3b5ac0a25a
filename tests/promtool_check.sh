#!/usr/bin/env bash
# Runs `promtool check rules` on every rule file mzrules emitted; fails if promtool rejects one.
# Thanos' group field `partial_response_strategy` is unknown to promtool, so it is removed from a
# copy first; everything else is checked as emitted.
set -euo pipefail
# shellcheck source=tests/require.sh
source "$(dirname "$0")/require.sh"
require_program promtool
dir=$1
shopt -s nullglob
files=("$dir"/*.yaml)
if ((${#files[@]} == 0)); then
  echo "no emitted rule files in $dir" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "${files[@]}"; do
  grep -v '^ *partial_response_strategy:' "$f" > "$tmp/$(basename "$f")"
done
promtool check rules "$tmp"/*.yaml
