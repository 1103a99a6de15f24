#!/usr/bin/env bash
# The rate ladder of ../shared/bench/dhcp-bench.sh, run the same way (perfdhcp's socket at the system's default
# size, no exit wait: an exchange still in flight when a step ends counts as lost), telling where each step's lost
# exchanges went. Uses that script's namespaces (tb-srv, tb-cli).
#
#   ladder-drops.sh 'SERVER CMD' [RATES]
#
# Starts SERVER CMD in tb-srv and runs RATES (default "1000 2000 4000 6000") for PERIOD seconds each (default 10),
# printing per step: DISCOVERs sent, ACKs, drops (%, as dhcp-bench.sh counts them), perfdhcp's average and largest
# ACK delay, and the datagrams each side's kernel dropped for a full socket: client_rcvbuf_drops (replies the server
# sent that perfdhcp had no room for) and server_rcvbuf_drops (requests the server never read). What is lost in
# neither place was never answered or was still in flight. Needs root. Stops the server at the end.
set -euo pipefail
cmd=${1:?usage: ladder-drops.sh 'SERVER CMD' [RATES]}
rates=${2:-"1000 2000 4000 6000"}
period=${PERIOD:-10}
bench=$(cd "$(dirname "$0")/../../../shared/bench" && pwd)
# shellcheck source=bench-server.sh
. "$(dirname "$0")/bench-server.sh"
start_bench_server "$cmd" /tmp/ladder-drops-server.log
for rate in $rates; do
    client_full=$(rcvbuf_errors tb-cli) server_full=$(rcvbuf_errors tb-srv)
    out=$(ip netns exec tb-cli timeout $((period + 30)) perfdhcp -4 -l tb-c0 -r "$rate" -R 60000 -p "$period" \
        10.77.0.1 2>&1 || true)
    echo "$out" | awk -v rate="$rate" -v cf=$(($(rcvbuf_errors tb-cli) - client_full)) \
        -v sf=$(($(rcvbuf_errors tb-srv) - server_full)) '
        /DISCOVER-OFFER/ {section = "do"} /REQUEST-ACK/ {section = "ra"}
        section == "do" && /sent packets/ {sent = $3}
        section == "ra" && /received packets/ {acks = $3}
        section == "ra" && /avg delay/ {avg = $3} section == "ra" && /max delay/ {max = $3}
        END {printf "rate=%d discovers_sent=%d acks=%d drops=%.2f%% ack_delay_ms=%s max_ack_delay_ms=%s" \
            " client_rcvbuf_drops=%d server_rcvbuf_drops=%d\n", rate, sent, acks, sent ? 100 * (sent - acks) / sent : 100,
            avg, max, cf, sf}'
done
