#!/usr/bin/env bash
# Drops, CPU and journal syncs of a server at one perfdhcp rate, repeated: tells settings apart where the rate
# ladder of ../shared/bench/dhcp-bench.sh only says pass or fail. Uses that script's namespaces (tb-srv, tb-cli).
#
#   steady-rate.sh 'SERVER CMD' [RATE] [REPEATS]
#
# Starts SERVER CMD in tb-srv, warms it up for 20 s at 4,000 DORA/s, then runs REPEATS (default 3) periods of
# 10 s at RATE (default 6000), each printing: ACKs, drops (DISCOVERs without an ACK), perfdhcp's average ACK
# delay, the server's CPU microseconds per DORA (user + system, whole process), fdatasync calls per second, and
# the JVM's young collections (count, total seconds) before and after. Needs root and perf. Stops the server.
#
# Example, a Tandem store setting and JVM option under test (tandem-server.sh appends TANDEM_STORE to the
# store's configuration; Karaf adds EXTRA_JAVA_OPTS to the JVM's options):
#   TANDEM_STORE='commitGatherMicros = 2000' EXTRA_JAVA_OPTS='-XX:MaxGCPauseMillis=10' \
#     bench/e2e/steady-rate.sh "$PWD/bench/e2e/tandem-server.sh $PWD/distribution/target/tandem-0.1.0-SNAPSHOT.tar.gz" 6000 3
set -euo pipefail
cmd=${1:?usage: steady-rate.sh 'SERVER CMD' [RATE] [REPEATS]}
rate=${2:-6000}
repeats=${3:-3}
bench=$(cd "$(dirname "$0")/../../../shared/bench" && pwd)
# shellcheck source=bench-server.sh
. "$(dirname "$0")/bench-server.sh"
start_bench_server "$cmd" /tmp/steady-rate-server.log
perfdhcp_at() {
    ip netns exec tb-cli perfdhcp -4 -l tb-c0 -r "$1" -R 60000 -p "$2" -W "$PERFDHCP_EXIT_WAIT" 10.77.0.1 2>&1 || true
}
perfdhcp_at 4000 20 >/dev/null
pid=$(pgrep -g "$leader" -n)
hz=$(getconf CLK_TCK)
young_gcs() { if command -v jstat >/dev/null && jstat -gc "$pid" >/dev/null 2>&1; then jstat -gc "$pid" | awk 'NR==2{print $13 "/" $14 "s"}'; else echo "-"; fi; }
for _ in $(seq 1 "$repeats"); do
    gc0=$(young_gcs)
    cpu0=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
    perf stat -x, -e syscalls:sys_enter_fdatasync -p "$pid" -o /tmp/steady-rate-perf.txt -- sleep 10 &
    perf_pid=$!
    out=$(perfdhcp_at "$rate" 10)
    wait "$perf_pid"
    cpu1=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
    gc1=$(young_gcs)
    syncs=$(awk -F, '/fdatasync/{print $1}' /tmp/steady-rate-perf.txt)
    sent=$(echo "$out" | awk '/DISCOVER-OFFER/{f=1} f&&/sent packets/{print $3; exit}')
    acks=$(echo "$out" | awk '/REQUEST-ACK/{f=1} f&&/received packets/{print $3; exit}')
    delay=$(echo "$out" | awk '/REQUEST-ACK/{f=1} f&&/avg delay/{print $3; exit}')
    awk -v rate="$rate" -v s="${sent:-0}" -v a="${acks:-0}" -v d="${delay:-?}" -v c=$((cpu1 - cpu0)) -v hz="$hz" \
        -v y="${syncs:-0}" -v g0="$gc0" -v g1="$gc1" 'BEGIN {
        if (a == 0) { print "rate=" rate " no ACKs"; exit }
        printf "rate=%d acks=%d drops=%.2f%% ack_delay_ms=%s cpu_us_per_dora=%.0f fdatasync_per_s=%d young_gc=%s->%s\n",
            rate, a, 100 * (s - a) / s, d, c / hz * 1e6 / a, y / 10, g0, g1
    }'
done
