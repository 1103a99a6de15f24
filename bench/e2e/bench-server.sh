# Sourced by the end-to-end bench scripts, which set $bench to ../shared/bench (where dhcp-bench.sh is).
#
# PERFDHCP_EXIT_WAIT: how long (microseconds, perfdhcp's -W) perfdhcp waits after its period for the answers still
# on their way: its own drop time, 1 s. Without it (perfdhcp's default is 0) every exchange in flight when the period
# ends counts as dropped, rate times latency (bench/README.md, "The pair next to a standalone server").
export PERFDHCP_EXIT_WAIT=1000000  # exported: cpu-per-dora.sh runs perfdhcp in a bash -c
#
# launch_bench_server 'SERVER CMD' LOG runs SERVER CMD as its own process group in namespace tb-srv (made by
# "$bench/dhcp-bench.sh" setup) and stops that group when the script exits, waiting up to 30 s for it to be gone (a
# server still shutting down would answer the next run's first DISCOVER). A Tandem's home (tandem-server.sh names
# it in LOG) is then removed, about 70 MB each, unless KEEP_BENCH_HOME=1 (to measure a restart over it). Sets
# $leader to the group's leader.
launch_bench_server() {
    ip netns exec tb-srv setsid bash -c "exec $1" >"$2" 2>&1 &
    leader=$!
    bench_log=$2
    trap 'stop_bench_server; remove_bench_home' EXIT
}

stop_bench_server() {
    kill -- -"$leader" 2>/dev/null || return 0
    for _ in $(seq 1 300); do kill -0 -- -"$leader" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL -- -"$leader" 2>/dev/null || true
}

remove_bench_home() {
    local home
    home=$(sed -n 's/^tandem bench home=//p' "$bench_log" | head -1)
    case "$home" in
        /tmp/tandem-bench.*/tandem-*) [ "${KEEP_BENCH_HOME:-0}" = 1 ] || rm -rf "$(dirname "$home")" ;;
    esac
}

# start_bench_server 'SERVER CMD' LOG makes the namespaces, launches the server, and waits up to 60 s for UDP 67
# to be bound.
start_bench_server() {
    "$bench/dhcp-bench.sh" setup
    launch_bench_server "$1" "$2"
    for _ in $(seq 1 120); do ip netns exec tb-srv ss -lun | grep -q ':67 ' && break; sleep 0.5; done
}

# rcvbuf_errors NAMESPACE: its UDP datagrams dropped for a full socket receive buffer (/proc/net/snmp RcvbufErrors)
rcvbuf_errors() { ip netns exec "$1" awk '/^Udp:/ && seen++ {print $6; exit}' /proc/net/snmp; }

# server_threads prints one line per thread of the server's process group: id, name (spaces as _), user and system
# CPU ticks, voluntary context switches. The ticks are read after the last ") " of /proc/.../stat: a thread's name
# there may hold spaces (a JVM's "C2 CompilerThre", "GC Thread#0"), which would shift a plain field count.
server_threads() {
    for pid in $(pgrep -g "$leader"); do
        for task in /proc/"$pid"/task/*; do
            printf '%s %s %s %s\n' "${task##*/}" "$(tr ' ' _ 2>/dev/null <"$task/comm" || echo gone)" \
                "$(awk '{sub(/.*\) /, ""); print $12, $13}' "$task/stat" 2>/dev/null || echo '0 0')" \
                "$(awk '/^voluntary_ctxt_switches/{print $2}' "$task/status" 2>/dev/null || echo 0)"
        done
    done
}
