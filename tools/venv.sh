#!/usr/bin/env bash
# Make .venv a ready virtual environment for requirements.txt.
#
# One environment per (python version, requirements hash) lives in a cache
# outside the clone (SOFTMAX_KIT_CACHE, default ~/.cache/softmax-kit), so a
# fresh clone on the same machine reuses it instead of installing torch
# again; .venv is a symlink to it.  A lock serialises parallel first runs.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
    echo "error: $python not found: install Python 3.11 (or set PYTHON=...)" >&2
    exit 2
fi
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
hash=$(cat "$root/requirements.txt" | sha256sum | cut -c1-16)
cache=${SOFTMAX_KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/softmax-kit}
env="$cache/venv-py$version-$hash"

if [ -L "$root/.venv" ] && [ "$(readlink "$root/.venv")" = "$env" ] && [ -f "$env/.complete" ]; then
    exit 0
fi
if [ -d "$root/.venv" ] && [ ! -L "$root/.venv" ]; then
    echo "error: .venv is a directory of its own; remove it (rm -r .venv) so the kit can manage it" >&2
    exit 2
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$env/.complete" ]; then
    echo "Creating the kit's environment in $env (once per requirements.txt; torch is large) ..." >&2
    rm -rf "$env"
    "$python" -m venv "$env"
    # pip's notes about local index folders it skips are noise here
    "$env/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$root/requirements.txt" 2>&1 | { grep -v '^WARNING: Location' || true; } >&2
    if [ "${PIPESTATUS[0]}" != 0 ]; then
        rm -rf "$env"
        echo "error: installing requirements.txt failed (see pip's message above)" >&2
        exit 2
    fi
    touch "$env/.complete"
fi
ln -sfn "$env" "$root/.venv"
