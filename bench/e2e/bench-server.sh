# Sourced by the end-to-end bench scripts. start_bench_server 'SERVER CMD' LOG runs SERVER CMD as its own process
# group in namespace tb-srv (made by ../shared/bench/dhcp-bench.sh, found at $bench), stops that group when the
# script exits, and waits up to 60 s for UDP 67 to be bound. Sets $leader to the group's leader.
start_bench_server() {
    "$bench/dhcp-bench.sh" setup
    ip netns exec tb-srv setsid bash -c "exec $1" >"$2" 2>&1 &
    leader=$!
    trap 'kill -- -$leader 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do ip netns exec tb-srv ss -lun | grep -q ':67 ' && break; sleep 0.5; done
}
