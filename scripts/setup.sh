#!/usr/bin/env bash
# Create .venv and install Perthyn with its extras. Idempotent; re-run after pulling.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; assert sys.version_info >= (3, 11), "Perthyn needs Python 3.11 or newer"'
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
extras=${PERTHYN_EXTRAS-spark,test}   # the demo sets it empty: the app alone, without PySpark and the test tools
.venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
