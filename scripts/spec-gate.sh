#!/usr/bin/env bash
# The spec gate, shared by CI (.ci/run) and the GitHub workflow users copy (.github/workflows/vkyc.yml):
# the generated tree must match the specs, and no vendored version may change in a way that breaks
# users of the generated Rust client, compared with BASE (a git revision; default HEAD).
set -euo pipefail
base="${1:-HEAD}"
cd "$(dirname "$0")/.."

cargo xtask regen --check

for dir in spec/*/*/; do
  family=$(basename "$(dirname "$dir")")
  version=$(basename "$dir")
  if git cat-file -e "$base:spec/$family/$version/manifest.yaml" 2>/dev/null; then
    echo "== $family $version against $base"
    cargo xtask diff "$family" "$version" --against "$base" --fail-on breaking
  else
    echo "== $family $version is new since $base (nothing to compare)"
  fi
done
