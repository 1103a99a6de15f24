#!/usr/bin/env bash
# CPU per DORA exchange of a server at a fixed perfdhcp rate: steadier than the drop ladder of dhcp-bench.sh for
# telling two builds apart on a noisy machine. Uses the namespaces of ../shared/bench/dhcp-bench.sh (tb-srv, tb-cli).
#
#   cpu-per-dora.sh 'SERVER CMD' [RATE] [SECONDS]
#
# Starts SERVER CMD in tb-srv, warms it up for WARMUP_SECONDS (default 20) at RATE (default 4000), then measures
# SECONDS (default 10) at RATE and prints perfdhcp's average, median and 99th percentile REQUEST-ACK delay and, for
# the server's process group and for perfdhcp, CPU microseconds per DORA (user and system) and the server's
# voluntary context switches per DORA (THREADS=1: both also by kind of thread). Needs root. Stops the server at the
# end. On a slow machine the JIT still compiles after 20 s at 1,000/s and its CPU counts as the server's: see
# bench/README.md for the warm-up to use.
set -euo pipefail
cmd=${1:?usage: cpu-per-dora.sh 'SERVER CMD' [RATE] [SECONDS]}
rate=${2:-4000}
seconds=${3:-10}
bench=$(cd "$(dirname "$0")/../../../shared/bench" && pwd)
# shellcheck source=bench-server.sh
. "$(dirname "$0")/bench-server.sh"
start_bench_server "$cmd" /tmp/cpu-per-dora-server.log
perf() { ip netns exec tb-cli perfdhcp -4 -l tb-c0 -r "$rate" -R 60000 -p "$1" -W "$PERFDHCP_EXIT_WAIT" ${2:-} \
    10.77.0.1; }
perf "${WARMUP_SECONDS:-20}" >/dev/null 2>&1 || true  # perfdhcp exits non-zero when it saw drops
# Sums over every thread of the server's group (server_threads' lines): user ticks, system ticks, voluntary switches.
group_counters() {
    awk '{u+=$3; s+=$4; v+=$5} END {print u, s, v}' <<<"$1"
}
threads0=$(server_threads)
read -r u0 s0 v0 < <(group_counters "$threads0")
# -xt: perfdhcp prints each answered exchange's send and receive times at the end, for the percentiles below.
out=$( { /usr/bin/time -f 'perfdhcp %U %S' bash -c "$(declare -f perf); rate=$rate; perf $seconds -xt || true" ; } 2>&1)
threads1=$(server_threads)
read -r u1 s1 v1 < <(group_counters "$threads1")
acks=$(awk '/REQUEST-ACK/{f=1} f&&/received packets/{print $3; exit}' <<<"$out")
drops=$(awk '/drops ratio/{print $3}' <<<"$out" | tr '\n' ' ')
delay=$(awk '/REQUEST-ACK/{f=1} f&&/avg delay/{print $3; exit}' <<<"$out")
read -r pu ps < <(awk '/^perfdhcp /{print $2, $3}' <<<"$out")
# REQUEST-ACK percentiles in microseconds from the "sent / received: HHMMSS.ffffff / HHMMSS.ffffff" lines.
# (awk reads here-strings: one that exits early must not kill a long echo with SIGPIPE under pipefail)
read -r p50 p99 < <(awk '
    function seconds(t) { return substr(t, 1, 2) * 3600 + substr(t, 3, 2) * 60 + substr(t, 5) }
    /^\*\*\*Timestamps for packets: / { requests = /REQUEST-ACK/; next }
    requests && /^sent \/ received: / { printf "%.0f\n", (seconds($6) - seconds($4)) * 1e6 }' <<<"$out" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "? ?"; exit }
        printf "%d %d\n", v[int((NR - 1) * 0.50) + 1], v[int((NR - 1) * 0.99) + 1] }')
hz=$(getconf CLK_TCK)
awk -v a="${acks:-0}" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v v=$((v1 - v0)) -v pu="$pu" -v ps="$ps" -v hz="$hz" \
    -v rate="$rate" -v d="$drops" -v l="${delay:-?}" -v p50="$p50" -v p99="$p99" 'BEGIN {
    if (a == 0) { print "no ACKs measured"; exit 1 }
    printf "rate=%d acks=%d drops=%s ack_delay_ms=%s ack_p50_us=%s ack_p99_us=%s\n", rate, a, d, l, p50, p99
    printf "server   user=%.1f us/DORA system=%.1f us/DORA voluntary_switches=%.2f/DORA\n", u/hz*1e6/a, s/hz*1e6/a, v/a
    printf "perfdhcp user=%.1f us/DORA system=%.1f us/DORA\n", pu*1e6/a, ps*1e6/a
}'
# THREADS=1: the voluntary switches and the CPU (user + system) per DORA of each kind of thread (numbers in names
# folded: both workers are one line), those with at least 0.01 switches or 1 us per DORA: which thread switches, and
# whether the JIT's compilers or the collector still take CPU in the measured window.
if [ "${THREADS:-0}" = 1 ]; then
    awk -v a="$acks" -v hz="$hz" 'NR == FNR { switches[$1] = $5; ticks[$1] = $3 + $4; next }
        { name = $2; gsub(/[0-9]+/, "N", name); by[name] += $5 - switches[$1]; cpu[name] += $3 + $4 - ticks[$1] }
        END { for (name in by) if (by[name] / a >= 0.01 || cpu[name] / hz * 1e6 / a >= 1)
            printf "  %-18s voluntary_switches=%.2f/DORA cpu=%.1f us/DORA\n", name, by[name] / a, cpu[name] / hz * 1e6 / a }' \
        <(echo "$threads0") <(echo "$threads1") | sort -t= -k2 -rn
fi
