"""What the oracle tests share: finding the oracles, the corpus and the exceptions lists.

The oracles are the real tools built by scripts/oracles into build/oracles/. A test that needs
one that is missing fails when CI is set (a missing oracle is never a silent pass) and reports
itself skipped (exit 77, ctest's SKIP_RETURN_CODE) otherwise, naming what to run.
"""
import os
import subprocess
import sys

SKIP = 77


class Missing(Exception):
    pass


def oracle(oracle_dir, name):
    path = os.path.join(oracle_dir, name)
    if not os.access(path, os.X_OK):
        raise Missing(f"oracle '{name}' is missing from {oracle_dir}: run scripts/oracles")
    return path


def corpus(repo):
    path = os.path.join(os.path.dirname(os.path.abspath(repo)), "shared", "corpus")
    if not os.path.isdir(path):
        raise Missing(f"the corpus is absent ({path})")
    return path


def run_main(main):
    """Runs main(), turning Missing into a failure under CI and a visible skip elsewhere."""
    try:
        sys.exit(main())
    except Missing as e:
        if os.environ.get("CI", "") not in ("", "0"):
            print(f"FAILED: {e} (CI is set, so this is not a skip)")
            sys.exit(1)
        print(f"SKIPPED: {e}")
        sys.exit(SKIP)


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def read_exceptions(path):
    """Reads 'key<TAB or two spaces>reason' lines; '#' starts a comment line. Returns {key: reason}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, reason = line.partition("  ")
            if not reason.strip():
                raise ValueError(f"{path}: exception without a reason: {line!r}")
            out[key.strip()] = reason.strip()
    return out


def first_line(text, limit=300):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""
