#!/usr/bin/env bash
# Runs `amtool check-config` (Debian's prometheus-alertmanager) on the alertmanager.yml mzrules
# emitted. The emitted file names its templates where the chart mounts them
# (/etc/alertmanager/<name>); the check runs on a copy that names the emitted template files
# instead, so that they are parsed too.
set -euo pipefail
# shellcheck source=tests/require.sh
source "$(dirname "$0")/require.sh"
require_program amtool
dir=$1
config="$dir/alertmanager.yml"
if [[ ! -f $config ]]; then
  echo "no emitted alertmanager.yml in $dir" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|- /etc/alertmanager/\([^/]*\)$|- $dir/templates/\1|" "$config" > "$tmp/alertmanager.yml"
amtool check-config "$tmp/alertmanager.yml"
