#!/usr/bin/env bash
# The allocation policies next to each other, measured the same way in the same run.
#
#   policies.sh DISTRIBUTION.tar.gz
#
# For each round and each policy, a fresh Tandem (tandem-server.sh with TANDEM_POLICY) in the namespaces of
# ../shared/bench/dhcp-bench.sh, warmed up (WARMUP seconds at the first rate, not reported), then PERIOD seconds at
# each rate of RATES. Every client is new (perfdhcp -R 100000000) and releases its lease again (-F at the exchange
# rate): every DORA asks the policy, and the pool never runs out. Per step: the policy, the rate, ACKs, drops
# (DISCOVERs without an ACK), perfdhcp's average ACK delay and the server's CPU microseconds per DORA (user +
# system, whole process). The order of the policies turns each round, so that none always runs first.
#
# Environment: POLICIES="affinity stable-hash none" RATES="2000 4000" PERIOD=10 ROUNDS=2 WARMUP=20
# Needs root, perfdhcp (Debian package kea-admin) and iproute2; traffic stays inside the two namespaces.
set -euo pipefail
distribution=$(realpath "${1:?usage: policies.sh DISTRIBUTION.tar.gz}")
POLICIES=${POLICIES:-"affinity stable-hash none"}
RATES=${RATES:-"2000 4000"}
PERIOD=${PERIOD:-10}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-20}
here=$(cd "$(dirname "$0")" && pwd)
bench=$(cd "$here/../../../shared/bench" && pwd)
hz=$(getconf CLK_TCK)
# shellcheck source=bench-server.sh
. "$here/bench-server.sh"
leader=
stop_server() {
    if [ -n "$leader" ]; then stop_bench_server; remove_bench_home; leader=; fi
}
"$bench/dhcp-bench.sh" setup
perfdhcp_at() {
    ip netns exec tb-cli nice -n -10 perfdhcp -4 -l tb-c0 -r "$1" -F "$1" -R 100000000 -p "$2" 10.77.0.1 2>&1 || true
}
read -r -a policies <<<"$POLICIES"
for round in $(seq 1 "$ROUNDS"); do
    # Rotate the order each round.
    shift_by=$(( (round - 1) % ${#policies[@]} ))
    ordered=("${policies[@]:$shift_by}" "${policies[@]:0:$shift_by}")
    for policy in "${ordered[@]}"; do
        launch_bench_server "env TANDEM_POLICY=$policy $here/tandem-server.sh $distribution" \
            "/tmp/policies-bench-$policy.log"
        trap 'stop_server; "$bench/dhcp-bench.sh" teardown' EXIT
        for _ in $(seq 1 120); do ip netns exec tb-srv ss -lun | grep -q ':67 ' && break; sleep 0.5; done
        read -r -a rates <<<"$RATES"
        perfdhcp_at "${rates[0]}" "$WARMUP" >/dev/null
        pid=$(pgrep -g "$leader" -n java || pgrep -g "$leader" -n)
        for rate in "${rates[@]}"; do
            cpu0=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
            out=$(perfdhcp_at "$rate" "$PERIOD")
            cpu1=$(awk '{print $14 + $15}' /proc/"$pid"/stat)
            sent=$(echo "$out" | awk '/DISCOVER-OFFER/{f=1} f&&/sent packets/{print $3; exit}')
            acks=$(echo "$out" | awk '/REQUEST-ACK/{f=1} f&&/received packets/{print $3; exit}')
            delay=$(echo "$out" | awk '/REQUEST-ACK/{f=1} f&&/avg delay/{print $3; exit}')
            awk -v round="$round" -v policy="$policy" -v rate="$rate" -v s="${sent:-0}" -v a="${acks:-0}" \
                -v d="${delay:-?}" -v c=$((cpu1 - cpu0)) -v hz="$hz" 'BEGIN {
                if (a == 0) { printf "round=%d policy=%s rate=%d no ACKs\n", round, policy, rate; exit }
                printf "round=%d policy=%-11s rate=%d acks=%d drops=%.2f%% ack_delay_ms=%s cpu_us_per_dora=%.0f\n",
                    round, policy, rate, a, 100 * (s - a) / s, d, c / hz * 1e6 / a
            }'
        done
        stop_server
        sleep 2
    done
done
