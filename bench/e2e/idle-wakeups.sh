#!/usr/bin/env bash
# What a server without clients costs: its threads' wake-ups a second and CPU ticks while idle. Uses the namespaces of
# ../shared/bench/dhcp-bench.sh (tb-srv, tb-cli).
#
#   idle-wakeups.sh 'SERVER CMD' [SECONDS]
#
# Starts SERVER CMD in tb-srv, waits for UDP 67 and 15 s more, then reads every thread's voluntary context switches
# and CPU ticks (/proc, summed over the server's process group) twice, SECONDS (default 20) apart, and prints the
# wake-ups a second in all, the threads that woke more than once a second, and the CPU ticks used (getconf CLK_TCK
# a second). Needs root. Stops the server at the end.
set -euo pipefail
cmd=${1:?usage: idle-wakeups.sh 'SERVER CMD' [SECONDS]}
seconds=${2:-20}
bench=$(cd "$(dirname "$0")/../../../shared/bench" && pwd)
# shellcheck source=bench-server.sh
. "$(dirname "$0")/bench-server.sh"
start_bench_server "$cmd" /tmp/idle-wakeups-server.log
sleep 15
# One line per thread: CPU ticks, voluntary switches, name (a JVM's thread numbers dropped, so that a pool is one)
threads() {
    server_threads | awk '{name = $2; sub(/[-#]*[0-9]*$/, "", name); print $1, $3 + $4, $5, name}'
}
before=$(threads)
sleep "$seconds"
after=$(threads)
awk -v s="$seconds" 'NR == FNR {cpu[$1] = $2; vcsw[$1] = $3; next}
    ($1 in cpu) {c += $2 - cpu[$1]; w = $3 - vcsw[$1]; v += w; by[$4] += w}
    END {printf "idle_seconds=%d cpu_ticks=%d wakeups_per_s=%.0f", s, c, v / s
         for (name in by) if (by[name] > s) printf " %s=%.0f/s", name, by[name] / s; print ""}' \
    <(echo "$before") <(echo "$after")
