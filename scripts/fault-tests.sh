#!/usr/bin/env bash
# Fault checks (loadtest/faults.py) against the production stack on this machine, with the demo data and
# a deliberately slow counterpart endpoint on loopback: a web worker killed mid-turn, PostgreSQL restarted
# under load, Redis stopped and started again. Exits non-zero if any check fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack-lib.sh
PORT="${PORT:-8000}"
export PORT
OUT=var/faults
mkdir -p "$OUT"

start_stack "$OUT/stack.log" SEED_DEMO=1 ATTUNE_COUNTERPART=generative ATTUNE_COUNTERPART_MODEL=slow \
	ATTUNE_COUNTERPART_URL="http://127.0.0.1:${COUNTERPART_PORT:-8765}/v1" ATTUNE_COUNTERPART_TIMEOUT=8
stack_environment
.venv/bin/python loadtest/faults.py
