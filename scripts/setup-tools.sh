#!/usr/bin/env bash
# Installs the tools vkyc's tests run, into project-local folders (both are gitignored):
#
#   .prism/  Prism (@stoplight/prism-cli, the exact version and dependency tree pinned by
#            .prism-package.json and .prism-package-lock.json), run by tests/prism.rs
#   .venv/   a Python venv with openapi-spec-validator (pinned below), run by tests/spec_validator.rs
#   .mermaid/ Mermaid's parser (mermaid with jsdom, pinned by .mermaid-package.json and
#            .mermaid-package-lock.json), run by tests/mermaid.rs through scripts/check-mermaid.mjs
#
# Idempotent: when all are installed at the pinned versions it only checks them (about a second).
# Needs Node.js >= 18 with npm (installed with apt-get when absent) and Python >= 3.9.
# Usage: scripts/setup-tools.sh   (from anywhere; it works in the repository root)
set -euo pipefail

OPENAPI_SPEC_VALIDATOR_VERSION="0.9.0"
NODE_MIN_MAJOR=18

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
started=$SECONDS

say() { printf 'setup-tools: %s\n' "$*"; }
die() { printf 'setup-tools: error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root to run: $*"
    fi
}

# --- Node.js and npm ------------------------------------------------------------------------
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null || [ "$(node_major)" -lt "$NODE_MIN_MAJOR" ]; then
    say "Node.js >= $NODE_MIN_MAJOR with npm not found; installing Debian's nodejs and npm"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
[ "$(node_major)" -ge "$NODE_MIN_MAJOR" ] || die "Node.js $(node --version) is too old; Prism needs >= $NODE_MIN_MAJOR"

# --- Prism ------------------------------------------------------------------------------------
PRISM_VERSION="$(node -p 'require("./.prism-package.json").dependencies["@stoplight/prism-cli"]')"
PRISM="$ROOT/.prism/node_modules/.bin/prism"
prism_current() {
    [ -x "$PRISM" ] &&
        cmp -s .prism-package.json .prism/package.json &&
        cmp -s .prism-package-lock.json .prism/package-lock.json &&
        [ "$("$PRISM" --version 2>/dev/null)" = "$PRISM_VERSION" ]
}
if prism_current; then
    say "Prism $PRISM_VERSION already installed in .prism/"
else
    say "installing Prism $PRISM_VERSION into .prism/ (npm ci from .prism-package-lock.json)"
    rm -rf .prism
    mkdir -p .prism
    cp .prism-package.json .prism/package.json
    cp .prism-package-lock.json .prism/package-lock.json
    # --ignore-scripts: Prism needs no install scripts (one dependency has a telemetry postinstall).
    (cd .prism && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    prism_current || die "Prism was installed but '$PRISM --version' does not print $PRISM_VERSION"
fi

# --- Mermaid's parser -------------------------------------------------------------------------
MERMAID_VERSION="$(node -p 'require("./.mermaid-package.json").dependencies.mermaid')"
mermaid_current() {
    cmp -s .mermaid-package.json .mermaid/package.json &&
        cmp -s .mermaid-package-lock.json .mermaid/package-lock.json &&
        [ "$(node -p 'require("./.mermaid/node_modules/mermaid/package.json").version' 2>/dev/null)" = "$MERMAID_VERSION" ]
}
if mermaid_current; then
    say "mermaid $MERMAID_VERSION already installed in .mermaid/"
else
    say "installing mermaid $MERMAID_VERSION into .mermaid/ (npm ci from .mermaid-package-lock.json)"
    rm -rf .mermaid
    mkdir -p .mermaid
    cp .mermaid-package.json .mermaid/package.json
    cp .mermaid-package-lock.json .mermaid/package-lock.json
    (cd .mermaid && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    mermaid_current || die "mermaid was installed but .mermaid/ does not hold version $MERMAID_VERSION"
fi

# --- openapi-spec-validator -------------------------------------------------------------------
VALIDATOR="$ROOT/.venv/bin/openapi-spec-validator"
validator_current() {
    [ -x "$VALIDATOR" ] &&
        [ "$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("openapi-spec-validator"))' 2>/dev/null)" \
            = "$OPENAPI_SPEC_VALIDATOR_VERSION" ]
}
if validator_current; then
    say "openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION already installed in .venv/"
else
    PYTHON="${PYTHON:-python3}"
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install Python >= 3.9"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || die "$PYTHON is older than 3.9"
    if [ ! -x .venv/bin/python ]; then
        say "creating the Python venv .venv/"
        if ! "$PYTHON" -m venv .venv 2>/dev/null; then
            rm -rf .venv
            say "python venv module missing; installing Debian's python3-venv"
            as_root apt-get update -qq
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            "$PYTHON" -m venv .venv
        fi
    fi
    say "installing openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION into .venv/"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION"
    validator_current || die "openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION is not importable from .venv/"
fi

say "ready in $((SECONDS - started)) s: $PRISM, $VALIDATOR, .mermaid/ (mermaid $MERMAID_VERSION)"
