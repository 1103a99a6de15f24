# Sourced by the end-to-end bench scripts, which set $bench to ../shared/bench (where dhcp-bench.sh is).
#
# launch_bench_server 'SERVER CMD' LOG runs SERVER CMD as its own process group in namespace tb-srv (made by
# "$bench/dhcp-bench.sh" setup) and stops that group when the script exits, waiting up to 30 s for it to be gone (a
# server still shutting down would answer the next run's first DISCOVER). Sets $leader to the group's leader.
launch_bench_server() {
    ip netns exec tb-srv setsid bash -c "exec $1" >"$2" 2>&1 &
    leader=$!
    trap 'stop_bench_server' EXIT
}

stop_bench_server() {
    kill -- -"$leader" 2>/dev/null || return 0
    for _ in $(seq 1 300); do kill -0 -- -"$leader" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL -- -"$leader" 2>/dev/null || true
}

# start_bench_server 'SERVER CMD' LOG makes the namespaces, launches the server, and waits up to 60 s for UDP 67
# to be bound.
start_bench_server() {
    "$bench/dhcp-bench.sh" setup
    launch_bench_server "$1" "$2"
    for _ in $(seq 1 120); do ip netns exec tb-srv ss -lun | grep -q ':67 ' && break; sleep 0.5; done
}
