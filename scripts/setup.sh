#!/usr/bin/env bash
# Create .venv and install Suara with its test extras (idempotent; ~3 minutes on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
. .venv/bin/activate
pip install -q --upgrade pip >/dev/null 2>&1 || true
pip install -q "torch==2.13.0"
pip install -q -e '.[dev]'
