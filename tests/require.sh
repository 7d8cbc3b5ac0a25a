# Sourced by the test scripts: `require_program NAME` returns when NAME is on PATH; otherwise the
# script ends as skipped (exit 77, which ctest shows as skipped) or, when the CI environment
# variable is set, as failed: in CI a missing tool is a broken setup, not a reason to pass.
require_program() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ -n ${CI:-} && ${CI:-} != 0 ]]; then
    echo "$1 is not on PATH (required: the CI environment variable is set)" >&2
    exit 1
  fi
  echo "$1 is not on PATH; skipped" >&2
  exit 77
}
