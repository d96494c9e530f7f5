#!/bin/sh
# Kept for old instructions: the set-up is tools/setup_env.py (Python only, any OS).
exec "${PYTHON:-python3}" "$(dirname "$0")/setup_env.py" "$@"
