# Shared by the load and fault scripts: start the production stack in the background and wait for it,
# and export the settings it runs with (to reach its database from the same machine).

# start_stack LOG [environment assignments...]: sets $stack to the stack's process and stops it on exit.
start_stack() {
	local log=$1
	shift
	env "$@" PORT="$PORT" bash scripts/production-stack.sh >"$log" 2>&1 &
	stack=$!
	# TERM, not INT: a background job of a script ignores INT.
	trap 'kill -TERM $stack 2>/dev/null || true; wait $stack 2>/dev/null || true' EXIT
	for _ in $(seq 1 1200); do
		grep -q "is at http" "$log" && return 0
		kill -0 $stack 2>/dev/null || { cat "$log"; exit 1; }
		sleep 1
	done
	echo "the stack did not start in 20 minutes" >&2
	exit 1
}

stack_environment() {
	local root=var/production
	export DATABASE_URL="postgres://postgres@127.0.0.1:${PG_PORT:-54330}/attune"
	ATTUNE_ENCRYPTION_KEYS="$(cat $root/encryption_key)"
	SECRET_KEY="$(cat $root/secret_key)"
	export ATTUNE_ENCRYPTION_KEYS SECRET_KEY DEBUG=0 PYTHONPATH="$PWD"
}
