#!/usr/bin/env bash
# A bounded load test of the main journeys on loopback: the production stack (make production, with a
# large trust's data) and Locust's simulated staff on the same machine. Prints each journey's median and
# 95th percentile, and their ratio to a static file served by the same stack.
#
#   make load                         # 50 users for 90 s (the first 25 s not counted), 2 web workers
#   USERS=20 DURATION=30s make load
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack-lib.sh
USERS="${USERS:-50}"
DURATION="${DURATION:-90s}"
PORT="${PORT:-8000}"
OUT=var/load
mkdir -p "$OUT"

start_stack "$OUT/stack.log" SEED_SCALE=1
grep -E "^(teams|staff|survey|practice|journal)" "$OUT/stack.log" || true
stack_environment
.venv/bin/python manage.py prepare_load_test --users "$USERS" --plan "$OUT/plan.json"

ATTUNE_LOAD_PLAN="$OUT/plan.json" .venv/bin/locust -f loadtest/locustfile.py --headless --users "$USERS" \
	--spawn-rate 10 --run-time "$DURATION" --host "http://127.0.0.1:$PORT" --csv "$OUT/result" --only-summary \
	>"$OUT/locust.log" 2>&1 || true
.venv/bin/python loadtest/summary.py "$OUT/result_stats.csv" "$USERS"
