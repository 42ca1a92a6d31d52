#!/usr/bin/env bash
# From nothing to a running demo: environment, install, migrate, bundled data, demo account, server.
set -euo pipefail
cd "$(dirname "$0")/.."
PERTHYN_EXTRAS=${PERTHYN_EXTRAS:-} bash scripts/setup.sh
export PERTHYN_DATA_DIR=${PERTHYN_DATA_DIR:-$PWD/var}
exec .venv/bin/perthyn demo --host 127.0.0.1 --port "${PORT:-8000}"
