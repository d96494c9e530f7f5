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
cache=${SOFTMAX_KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/softmax-kit}

# ensure LINK REQUIREMENTS NAME: the environment for REQUIREMENTS, linked as LINK
ensure() {
    local link=$1 requirements=$2 name=$3
    local hash env
    hash=$(sha256sum < "$requirements" | cut -c1-16)
    env="$cache/$name-py$version-$hash"
    if [ -L "$link" ] && [ "$(readlink "$link")" = "$env" ] && [ -f "$env/.complete" ]; then
        return 0
    fi
    if [ -e "$link" ] && [ ! -L "$link" ]; then
        echo "error: $(basename "$link") is a folder of its own; remove it (rm -r $(basename "$link")) so the kit can manage it" >&2
        exit 2
    fi
    mkdir -p "$cache"
    exec 9>"$cache/.lock"
    flock 9
    if [ ! -f "$env/.complete" ]; then
        echo "Creating $name in $env (once per $(basename "$requirements")) ..." >&2
        rm -rf "$env"
        "$python" -m venv "$env"
        # pip's notes about local index folders it skips are noise here
        "$env/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r "$requirements" 2>&1 | { grep -v '^WARNING: Location' || true; } >&2
        if [ "${PIPESTATUS[0]}" != 0 ]; then
            rm -rf "$env"
            echo "error: installing $(basename "$requirements") failed (see pip's message above)" >&2
            exit 2
        fi
        touch "$env/.complete"
    fi
    exec 9>&-
    ln -sfn "$env" "$link"
}

ensure "$root/.venv" "$root/requirements.txt" venv
# student code runs in an environment that has numpy and nothing else
ensure "$root/.venv-worker" "$root/requirements-worker.txt" worker-venv
