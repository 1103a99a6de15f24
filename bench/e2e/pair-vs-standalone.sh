#!/usr/bin/env bash
# A Tandem pair in NORMAL next to one standalone Tandem, measured the same way in the same run.
#
#   pair-vs-standalone.sh DISTRIBUTION.tar.gz
#
# One bridge (namespace tbp-lan) joins three namespaces: tbp-a (10.77.0.1/16, the standalone server, then the
# primary), tbp-b (10.77.0.2/16, the secondary) and tbp-c (10.77.255.254/16, perfdhcp). perfdhcp broadcasts as a
# relay (giaddr 10.77.255.254; its default when given an interface, -l): every server on the bridge hears every
# request, and load balancing decides which one answers. Each round starts fresh servers: the standalone one, then
# the pair, which is measured once both are NORMAL, linked, hold no unacknowledged update and the secondary owns its
# share of the pool.
# Each then gets a warm-up (WARMUP seconds at WARMUP_RATE, not reported) and the rate ladder (PERIOD seconds per
# rate, stopping at the first rate with >= 0.1 % drops). A drop is an exchange perfdhcp got no ACK for within its
# drop time (1 s): after the period it waits up to EXIT_WAIT microseconds for the answers still on their way. With
# EXIT_WAIT=0 (perfdhcp's own default) whatever is in flight when the period ends counts as dropped: rate times
# latency, about 0.1 % for the pair at 6,000-8,000/s, where every one of those exchanges was answered in time.
# Per step: DORA/s, drops, perfdhcp's ACK delay, the CPU of the servers' processes per DORA (user + system, both
# servers for the pair); for the pair, with SAMPLE_EVERY set, also the update backlog (the most "updates
# unacknowledged" of dhcp:failover on each server during the step) and the seconds after the step until both show
# none.
#
# Environment: RATES="1000 2000 3000 4000 5000 6000 7000 8000 9000 10000 11000 12000" PERIOD=10 CLIENTS=60000
# ROUNDS=2 WARMUP=40 WARMUP_RATE=2000 EXIT_WAIT=1000000
# SAMPLE_EVERY=0 (seconds between backlog samples, 0 for none: each sample costs the pair CPU and drops, so rates
# are measured without and the backlog in a run of its own) SETUPS="standalone pair" (what each round measures)
# ONE_CORE_EACH=0: with 1, every server runs on one CPU of its own, as on a machine of its own (the standalone server
# and the primary on CPU 0, the secondary on CPU 1), and perfdhcp on CPU 1 (beside the secondary: the pair gets no
# more CPU than the standalone server and its client). Without, all share both CPUs, and the pair's two servers
# compete for what one standalone server has alone.
# RCVBUF_DEFAULT=max: net.core.rmem_default for the run, restored at its end ("max" is net.core.rmem_max, "keep"
# leaves it). perfdhcp cannot size its socket's receive buffer, and with the system's usual 208 KiB it overflows at
# a few thousand exchanges a second when the client shares the CPUs with two servers: replies the servers sent are
# then lost in the client's kernel and counted as drops (each step reports them as client_rcvbuf_drops). The
# setting applies to every socket opened during the run, the servers' too, in both setups alike.
# perfdhcp runs at nice -10 in both setups, so that the client is scheduled promptly when it shares the CPUs with
# the servers and what it measures is theirs.
# Needs root, perfdhcp (Debian package kea-admin) and iproute2; traffic stays inside the four namespaces.
set -euo pipefail
distribution=$(realpath "${1:?usage: pair-vs-standalone.sh DISTRIBUTION.tar.gz}")
RATES=${RATES:-"1000 2000 3000 4000 5000 6000 7000 8000 9000 10000 11000 12000"}
EXIT_WAIT=${EXIT_WAIT:-1000000}
PERIOD=${PERIOD:-10}
CLIENTS=${CLIENTS:-60000}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-40}
WARMUP_RATE=${WARMUP_RATE:-2000}
SAMPLE_EVERY=${SAMPLE_EVERY:-0}
SETUPS=${SETUPS:-"standalone pair"}
ONE_CORE_EACH=${ONE_CORE_EACH:-0}
RCVBUF_DEFAULT=${RCVBUF_DEFAULT:-max}
rcvbuf_before=$(sysctl -n net.core.rmem_default)
server_script=$(cd "$(dirname "$0")" && pwd)/tandem-server.sh
hz=$(getconf CLK_TCK)
logs=$(mktemp -d /tmp/pair-bench.XXXXXX)
# The console is reached over ssh with a key of this run's own: no JVM starts per command.
ssh-keygen -q -t rsa -b 2048 -N '' -f "$logs/console-key"
ssh_options=(-i "$logs/console-key" -p 8101 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR)
leaders=()
servers=()
samplers=()

teardown() {
    for sampler in "${samplers[@]}"; do kill "$sampler" 2>/dev/null || true; done
    for leader in "${leaders[@]}"; do kill -9 -- -"$leader" 2>/dev/null || true; done
    leaders=()
    remove_homes
    for ns in tbp-a tbp-b tbp-c tbp-lan; do ip netns del "$ns" 2>/dev/null || true; done
}

# The Tandem homes this run's servers ran in (tandem-server.sh names each in its log), about 70 MB each.
remove_homes() {
    local log home
    for log in "$logs"/*.log; do
        [ -e "$log" ] || continue
        home=$(sed -n 's/^tandem bench home=//p' "$log" | head -1)
        case "$home" in /tmp/tandem-bench.*/tandem-*) rm -rf "$(dirname "$home")" ;; esac
    done
}
trap 'teardown; sysctl -qw net.core.rmem_default="$rcvbuf_before"' EXIT

setup() {
    teardown
    for ns in tbp-lan tbp-a tbp-b tbp-c; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
    ip -n tbp-lan link add tbp-br type bridge
    ip -n tbp-lan link set tbp-br up
    for side in a b c; do
        ip link add "tbp-${side}p" netns tbp-lan type veth peer name "tbp-${side}0" netns "tbp-$side"
        ip -n tbp-lan link set "tbp-${side}p" master tbp-br up
        ip -n "tbp-$side" link set "tbp-${side}0" up
    done
    ip -n tbp-a addr add 10.77.0.1/16 dev tbp-a0
    ip -n tbp-b addr add 10.77.0.2/16 dev tbp-b0
    ip -n tbp-c addr add 10.77.255.254/16 dev tbp-c0
}

# pinned CPU: the command prefix that keeps a process on CPU alone when ONE_CORE_EACH=1, else nothing
pinned() {
    if [ "$ONE_CORE_EACH" = 1 ]; then echo "taskset -c $1"; fi
}

# start SIDE NAME [FAILOVER LINES]: a fresh distribution in namespace tbp-SIDE (side b on CPU 1, the others on
# CPU 0 when ONE_CORE_EACH=1); prints the process group leader
start() {
    local side=$1 name=$2 failover=${3:-} cpu=0
    [ "$side" = b ] && cpu=1
    ip netns exec "tbp-$side" env TANDEM_INTERFACE="tbp-${side}0" TANDEM_FAILOVER="$failover" \
        TANDEM_CONSOLE_KEY="$(cut -d' ' -f2 "$logs/console-key.pub")" \
        setsid $(pinned "$cpu") "$server_script" "$distribution" >"$logs/$name.log" 2>&1 &
    echo $!
}

console() {
    local side=$1 command=$2
    ip netns exec "tbp-$side" ssh "${ssh_options[@]}" bench@127.0.0.1 "$command" </dev/null 2>/dev/null || true
}

await_udp67() {
    local side=$1
    for _ in $(seq 1 240); do
        ip netns exec "tbp-$side" ss -lun | grep -q ':67 ' && return 0
        sleep 0.5
    done
    echo "no server bound UDP 67 in tbp-$side" >&2
    return 1
}

# The pair is ready when both are NORMAL, linked, converged, and the secondary owns over 20,000 of the 64,000 addresses.
await_pair_ready() {
    local status secondary backup
    for _ in $(seq 1 120); do
        secondary=$(console b dhcp:failover)
        status=$(console a dhcp:failover)$'\n'$secondary
        backup=$(awk '/10\.77\.0\.0\/16/{print $NF}' <<<"$secondary")
        if [ "$(grep -c 'state: *NORMAL since' <<<"$status")" = 2 ] \
            && [ "$(grep -c 'updates unacknowledged: 0 ' <<<"$status")" = 2 ] \
            && [ "${backup:-0}" -gt 20000 ]; then
            echo "pair ready: secondary's BACKUP addresses $backup" >&2
            return 0
        fi
        sleep 5
    done
    echo "the pair never became ready:" >&2
    console a dhcp:failover >&2
    console b dhcp:failover >&2
    return 1
}

cpu_ticks() {
    local total=0 pid
    for leader in "$@"; do
        for pid in $(pgrep -g "$leader"); do
            total=$((total + $(awk '{print $14 + $15}' /proc/"$pid"/stat 2>/dev/null || echo 0)))
        done
    done
    echo "$total"
}

# client_rcvbuf_errors: replies the kernel dropped because perfdhcp's socket was full (its namespace's UDP
# RcvbufErrors): losses of the client, not of the servers
client_rcvbuf_errors() {
    ip netns exec tbp-c awk '/^Udp:/ && seen++ {print $6; exit}' /proc/net/snmp
}

perfdhcp_at() {
    $(pinned 1) nice -n -10 ip netns exec tbp-c timeout $(($2 + 30)) \
        perfdhcp -4 -l tbp-c0 -r "$1" -R "$CLIENTS" -p "$2" -W "$EXIT_WAIT" 2>&1 || true
}

# sample SIDE NAME: one interactive console session (a terminal, as Karaf's shell needs one) asks for dhcp:failover
# every SAMPLE_EVERY seconds through the ladder (each answer counts the unacknowledged leases and the pool's owners
# over the whole store: every second, that took a sixth of the primary's CPU); the answers go to NAME.samples as
# "at=EPOCH unacknowledged=N" lines
sample() {
    local side=$1 name=$2
    { while true; do echo "echo at=$(date +%s)"; echo dhcp:failover; sleep "$SAMPLE_EVERY"; done; } \
        | ip netns exec "tbp-$side" ssh -tt "${ssh_options[@]}" bench@127.0.0.1 2>/dev/null \
        | awk '/[^ ]at=[0-9]/{match($0, /at=[0-9]+/); at = substr($0, RSTART, RLENGTH)}
            /updates unacknowledged:/{match($0, /unacknowledged: *[0-9]+/); split(substr($0, RSTART, RLENGTH), n, /: */)
            print at, "unacknowledged=" n[2]; fflush()}' >"$logs/$name.samples" &
    samplers+=($!)
}

# most_unacknowledged NAME FROM TO: the most updates NAME held unacknowledged between the two epoch seconds
most_unacknowledged() {
    awk -v from="$2" -v to="$3" '{at = substr($1, 4); n = substr($2, 16)
        if (at >= from && at <= to && n + 0 > most) most = n + 0} END{print most + 0}' "$logs/$1.samples"
}

# latest_unacknowledged NAME: what NAME's last sample showed
latest_unacknowledged() { tail -1 "$logs/$1.samples" | awk '{print substr($2, 16) + 0}'; }

# ladder NAME: the rate ladder against the servers of "servers" (SIDE:NAME), whose process groups are "leaders";
# with two servers also the most updates each held unacknowledged during the step, and how long both took after it
# to have none
ladder() {
    local name=$1
    local best=0 rate out sent acks delay drops cpu0 cpu1 full0 full backlog waited from server
    for rate in $RATES; do
        from=$(date +%s)
        cpu0=$(cpu_ticks "${leaders[@]}")
        full0=$(client_rcvbuf_errors)
        out=$(perfdhcp_at "$rate" "$PERIOD")
        cpu1=$(cpu_ticks "${leaders[@]}")
        full=$(($(client_rcvbuf_errors) - full0))
        sent=$(awk '/DISCOVER-OFFER/{f=1} f&&/sent packets/{print $3; exit}' <<<"$out")
        acks=$(awk '/REQUEST-ACK/{f=1} f&&/received packets/{print $3; exit}' <<<"$out")
        delay=$(awk '/REQUEST-ACK/{f=1} f&&/avg delay/{print $3; exit}' <<<"$out")
        backlog=""
        if [ ${#servers[@]} = 2 ] && [ "$SAMPLE_EVERY" != 0 ]; then
            backlog=" most_unacknowledged="
            for server in "${servers[@]}"; do
                backlog="$backlog$(most_unacknowledged "${server#*:}" "$from" "$(date +%s)")/"
            done
            backlog=${backlog%/}
            waited=0
            while [ "$(latest_unacknowledged primary)/$(latest_unacknowledged secondary)" != 0/0 ] \
                && [ $waited -lt 120 ]; do
                sleep 1
                waited=$((waited + 1))
            done
            backlog="$backlog none_unacknowledged_after_s=$waited"
        fi
        drops=$(awk -v s="${sent:-0}" -v a="${acks:-0}" 'BEGIN{ if (s > 0) printf "%.2f", 100 * (s - a) / s; else print 100 }')
        awk -v n="$name" -v r="$rate" -v a="${acks:-0}" -v d="$drops" -v l="${delay:-?}" -v c=$((cpu1 - cpu0)) \
            -v hz="$hz" -v p="$PERIOD" -v b="$backlog" -v f="$full" 'BEGIN {
            cpu = "-"
            if (a > 0) cpu = sprintf("%.0f", c / hz * 1e6 / a)
            printf "%s rate=%d acks=%d dora_per_s=%d drops=%s%% ack_delay_ms=%s cpu_us_per_dora=%s client_rcvbuf_drops=%d%s\n",
                n, r, a, a / p, d, l, cpu, f, b }'
        if awk -v d="$drops" 'BEGIN{exit !(d < 0.1)}'; then best=$((acks / PERIOD)); else break; fi
    done
    echo "$name best_dora_per_s_under_0.1pct_drops=$best"
}

# measure NAME: warm-up, one console sampler per server, the ladder
measure() {
    local server
    perfdhcp_at "$WARMUP_RATE" "$WARMUP" >/dev/null
    if [ "$SAMPLE_EVERY" != 0 ]; then
        for server in "${servers[@]}"; do sample "${server%%:*}" "${server#*:}"; done
        sleep 5
    fi
    ladder "$1"
}

stop_all() {
    for sampler in "${samplers[@]}"; do kill "$sampler" 2>/dev/null || true; done
    samplers=()
    for leader in "${leaders[@]}"; do kill -- -"$leader" 2>/dev/null || true; done
    for leader in "${leaders[@]}"; do
        for _ in $(seq 1 40); do kill -0 -- -"$leader" 2>/dev/null || break; sleep 0.25; done
        kill -9 -- -"$leader" 2>/dev/null || true
    done
    leaders=()
    remove_homes
}

primary_cfg="role = primary
relationshipName = bench-pair
localAddress = 10.77.0.1
peerAddress = 10.77.0.2
mclt = 3600
split = 128"
secondary_cfg="role = secondary
relationshipName = bench-pair
localAddress = 10.77.0.2
peerAddress = 10.77.0.1"

case "$RCVBUF_DEFAULT" in
    keep) ;;
    max) sysctl -qw net.core.rmem_default="$(sysctl -n net.core.rmem_max)" ;;
    *) sysctl -qw net.core.rmem_default="$RCVBUF_DEFAULT" ;;
esac
setup
echo "logs and server homes: $logs" >&2
echo "# exit wait: $EXIT_WAIT us; one core each: $ONE_CORE_EACH;" \
    "net.core.rmem_default: $(sysctl -n net.core.rmem_default) (was $rcvbuf_before)"
for round in $(seq 1 "$ROUNDS"); do
    echo "# round $round"
    for setup in $SETUPS; do
        if [ "$setup" = standalone ]; then
            servers=(a:standalone)
            leaders=("$(start a standalone)")
            await_udp67 a
        else
            servers=(a:primary b:secondary)
            leaders=("$(start a primary "$primary_cfg")" "$(start b secondary "$secondary_cfg")")
            await_udp67 a
            await_udp67 b
            await_pair_ready
        fi
        measure "$setup"
        stop_all
    done
done
