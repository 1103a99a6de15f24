#!/usr/bin/env bash
# A full disk under the lease store, measured from outside as an operator would see it: perfdhcp's ACKs and drops,
# dhcp:status, dhcp:stats and the store's log lines.
#
#   full-disk.sh DISTRIBUTION.tar.gz
#
# Two namespaces joined by one veth pair: tfd-srv (10.77.0.1/16, the server) and tfd-cli (10.77.255.254/16,
# perfdhcp, which broadcasts as a relay: giaddr 10.77.255.254). The store (path = ...) is on a tmpfs of its own
# (TMPFS_SIZE); the rest of the distribution is on the ordinary disk, so Karaf's log goes on being written.
# Phases, one summary line each:
#   1 lease    CLIENTS new clients at RATE.
#   2 fill     a filler file until ENOSPC, SETTLE seconds (a checkpoint may discard journal segments and free
#              room), then topped up again.
#   3 full     NEW_CLIENTS new clients: nothing should be ACKed that could not be stored; the server's drops by
#              reason (dhcp:stats, this phase only), dhcp:status and the store's log lines.
#   4 room     the filler deleted, and at once NEW_CLIENTS more new clients: how soon ACKs resume (perfdhcp's
#              one-second reports, and the store-commit-failed drops during the phase: none means the first
#              request after the room came back was served).
#   5 restart  filled again, the server stopped with SIGTERM and started again on the full disk: how long it took
#              to stop and to bind UDP 67, whether the console answers, then RESTART_CLIENTS new clients and
#              KNOWN_REQUESTS exchanges of one client leased in phase 1 (a renewal of a stored lease).
#   6 leases   the filler deleted, RESTART_CLIENTS new clients, then the leases the server holds (dhcp:pools,
#              dhcp:leases --state active) against the addresses perfdhcp saw ACKed in every phase. An ACKed
#              address that is not ACTIVE is a lost lease.
#
# Clients: each phase has a base MAC of its own (02:00:0P:00:00:00 for phase P) and -R 2^24; perfdhcp 2.2 numbers
# its clients up from the base (base + 0, 1, 2, ..., seen on the wire), so phases never share a client and every
# exchange of a phase is a new client. Distinct clients ACKed are counted by address from perfdhcp's lease list
# (-x l); the lease time (3600 s) outlasts the run, so no address changes hands.
# perfdhcp is given -n twice (DISCOVERs and REQUESTs): with one -n N it stops waiting once OFFERs plus ACKs reach
# N, which is when the last OFFER arrives if no ACK has yet (slow commits right after a restart): the ACKs then
# reach a closed port (the client namespace's UDP NoPorts) and are counted as drops. The subnet is 10.76.0.0/15 (two pools, about 129,000 addresses) so that the
# default 64,500 clients, plus the offers held for phase 3's unanswered requests, never exhaust it.
#
# Environment: CLIENTS=60000 RATE=2000 NEW_CLIENTS=2000 RESTART_CLIENTS=500 KNOWN_REQUESTS=20 TMPFS_SIZE=24m
# SETTLE=3 RESERVE_MB (unset: the server's default diskReserveMegabytes, 64, which a 24 MiB tmpfs has no room
# for; RESERVE_MB=2 shows commits going on into the reserve while the disk is full).
# Needs root, perfdhcp (Debian package kea-admin), iproute2 and ssh; traffic stays inside the two namespaces.
# Logs (perfdhcp outputs, console answers, karaf.log) stay in the directory printed at the start.
set -euo pipefail
distribution=$(realpath "${1:?usage: full-disk.sh DISTRIBUTION.tar.gz}")
CLIENTS=${CLIENTS:-60000}
RATE=${RATE:-2000}
NEW_CLIENTS=${NEW_CLIENTS:-2000}
RESTART_CLIENTS=${RESTART_CLIENTS:-500}
KNOWN_REQUESTS=${KNOWN_REQUESTS:-20}
TMPFS_SIZE=${TMPFS_SIZE:-24m}
SETTLE=${SETTLE:-3}
RESERVE_MB=${RESERVE_MB:-}
server_script=$(cd "$(dirname "$0")" && pwd)/tandem-server.sh
logs=$(mktemp -d /tmp/full-disk-bench.XXXXXX)
store=$logs/store
home=""
leader=""

teardown() {
    if [ -n "$leader" ]; then kill -9 -- -"$leader" 2>/dev/null || true; fi
    if [ -n "$home" ] && [ -f "$home/data/log/karaf.log" ]; then cp "$home"/data/log/karaf.log* "$logs/" 2>/dev/null || true; fi
    # Lazily: the JVM just killed may still have the store's files mapped for a moment.
    if mountpoint -q "$store"; then umount --lazy "$store" || true; fi
    for ns in tfd-srv tfd-cli; do ip netns del "$ns" 2>/dev/null || true; done
    # The server's home is a whole distribution; its log was copied above.
    if [ -n "$home" ]; then rm -rf "$(dirname "$home")"; fi
}
trap teardown EXIT

# The console is reached over ssh with a key of this run's own: no JVM starts per command.
ssh-keygen -q -t rsa -b 2048 -N '' -f "$logs/console-key"
ssh_options=(-i "$logs/console-key" -p 8101 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
    -o LogLevel=ERROR -o ConnectTimeout=5)

for ns in tfd-srv tfd-cli; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add tfd-s0 netns tfd-srv type veth peer name tfd-c0 netns tfd-cli
ip -n tfd-srv link set tfd-s0 up
ip -n tfd-cli link set tfd-c0 up
ip -n tfd-srv addr add 10.77.0.1/16 dev tfd-s0
ip -n tfd-cli addr add 10.77.255.254/16 dev tfd-c0

mkdir "$store"
mount -t tmpfs -o size="$TMPFS_SIZE" tandem-full-disk-bench "$store"

store_settings="path = $store/leases.db"
if [ -n "$RESERVE_MB" ]; then store_settings="$store_settings"$'\n'"diskReserveMegabytes = $RESERVE_MB"; fi
subnet_settings="subnet = 10.76.0.0/15
pools = 10.76.0.10-10.76.255.250, 10.77.1.0-10.77.250.255
routers = 10.77.0.1
leaseTime = 3600"

# The first start prepares a fresh home (tandem-server.sh); a restart runs that same home's bin/karaf again.
start_first() {
    ip netns exec tfd-srv env TANDEM_INTERFACE=tfd-s0 TANDEM_STORE="$store_settings" TANDEM_SUBNET="$subnet_settings" \
        TANDEM_CONSOLE_KEY="$(cut -d' ' -f2 "$logs/console-key.pub")" \
        setsid "$server_script" "$distribution" >>"$logs/server.out" 2>&1 &
    leader=$!
    for _ in $(seq 1 100); do
        home=$(sed -n 's/^tandem bench home=//p' "$logs/server.out")
        [ -n "$home" ] && return 0
        sleep 0.1
    done
    echo "tandem-server.sh printed no home" >&2
    return 1
}

restart_same_home() {
    ip netns exec tfd-srv setsid "$home/bin/karaf" server >>"$logs/server.out" 2>&1 &
    leader=$!
}

console() {
    ip netns exec tfd-srv ssh "${ssh_options[@]}" bench@127.0.0.1 "$1" </dev/null 2>/dev/null || true
}

# await_serving: seconds until UDP 67 is bound and the console's dhcp:status says the subnet is served (a new
# subnet starts serving two seconds after it appears: before, DISCOVERs are dropped as no-subnet); fails after 120 s
await_serving() {
    local start=$SECONDS bound=""
    while [ $((SECONDS - start)) -lt 120 ]; do
        if [ -z "$bound" ] && ip netns exec tfd-srv ss -lun | grep -q ':67 '; then bound=$((SECONDS - start)); fi
        if [ -n "$bound" ] && console dhcp:status | grep -q 'subnets served: 1'; then
            echo "udp67_bound_after_s=$bound console_after_s=$((SECONDS - start))"
            return 0
        fi
        sleep 0.5
    done
    echo "udp67_bound_after_s=${bound:-never} console_after_s=never"
    return 1
}

# stop_server: SIGTERM to the server's process group, as systemd would; prints how long it took to exit
stop_server() {
    local start=$SECONDS how=sigterm
    kill -TERM -- -"$leader" 2>/dev/null || true
    while kill -0 -- -"$leader" 2>/dev/null; do
        if [ $((SECONDS - start)) -ge 90 ]; then kill -9 -- -"$leader" 2>/dev/null || true; how=sigkill_after_90s; break; fi
        sleep 0.25
    done
    leader=""
    echo "stopped_by=$how stop_s=$((SECONDS - start))"
}

free_bytes() { df -B1 --output=avail "$store" | tail -1 | tr -d ' '; }

# sample_peak: until killed, the most bytes the tmpfs held (every 0.2 s) into $logs/peak: the store's own
# footprint under load (the journal, written in 4 KiB blocks, starts a new segment at 64 MiB, or when a checkpoint
# covers all of it, which under steady load it never does)
sample_peak() {
    local peak=0 used
    while true; do
        used=$(df -B1 --output=used "$store" | tail -1 | tr -d ' ')
        if [ "$used" -gt "$peak" ]; then peak=$used; echo "$peak" >"$logs/peak"; fi
        sleep 0.2
    done
}

# fill: writes a new filler file until the tmpfs has no page left (dd stops at ENOSPC)
fills=0
fill() {
    fills=$((fills + 1))
    dd if=/dev/zero of="$store/filler.$fills" bs=1M status=none 2>/dev/null || true
}

# fill_and_settle: prints the bytes the filler took
fill_and_settle() {
    fill
    # A checkpoint in progress may discard journal segments, giving room back: top the filler up after it.
    sleep "$SETTLE"
    fill
    du -cb "$store"/filler.* | awk 'END {print $1}'
}

# store_files: the store's files and their sizes, as name=bytes,...
store_files() {
    find "$store" -maxdepth 1 -type f ! -name 'filler.*' -printf '%f=%s\n' | sort | sed 's/^leases\.db//' | paste -sd, -
}

# client_udp: the client namespace's UDP counters (/proc/net/snmp): datagrams received, received for a port no
# socket listens on, and dropped because perfdhcp's socket was full
client_udp() { ip netns exec tfd-cli awk '/^Udp:/ && seen++ {print $2, $3, $6; exit}' /proc/net/snmp; }

# clients NAME PHASE COUNT: COUNT new clients of phase PHASE (MACs 02:00:0P + 24 random bits) at RATE, with a
# report every second and the list of leases ACKed; the output goes to NAME.perfdhcp
clients() {
    local name=$1 phase=$2 count=$3 before
    before=$(client_udp)
    ip netns exec tfd-cli timeout $((count / RATE + 60)) perfdhcp -4 -l tfd-c0 -r "$RATE" -R 16777216 \
        -b "mac=02:00:$(printf %02x "$phase"):00:00:00" -s "$phase" -n "$count" -n "$count" -W 2000000 -t 1 -x l \
        >"$logs/$name.perfdhcp" 2>&1 || true
    # What reached the client's namespace: a reply perfdhcp never saw is told apart from one never sent.
    echo "$before $(client_udp)" | awk '{printf " client_udp_in=%d client_udp_noport=%d client_rcvbuf_drops=%d",
        $4 - $1, $5 - $2, $6 - $3}' >"$logs/$name.udp"
}

# known_client NAME MAC COUNT: COUNT exchanges of the one client MAC, ten a second
known_client() {
    local name=$1 mac=$2 count=$3
    ip netns exec tfd-cli timeout $((count + 60)) perfdhcp -4 -l tfd-c0 -r 10 -R 1 -b "mac=$mac" -n "$count" -n "$count" \
        -W 2000000 -x l >"$logs/$name.perfdhcp" 2>&1 || true
}

# counter FILE SECTION FIELD: a figure of perfdhcp's final statistics ("sent packets", "received packets",
# "drops", "avg delay") for DISCOVER-OFFER or REQUEST-ACK
counter() {
    awk -v s="$2" -v f="$3" '$0 ~ "^\\*\\*\\*Statistics for: " s {on = 1} on && index($0, f ":") == 1 {
        sub(/^[^:]*: */, ""); print $1 + 0; exit}' "$1"
}

# acked_addresses FILE: the distinct addresses of the ACKs perfdhcp received (its -x l list for REQUEST-ACK)
acked_addresses() {
    awk '/^\*\*\*Leases for / {on = ($0 ~ /REQUEST-ACK/)} on && /^[^,]*,[0-9.]+,/ {split($0, f, ","); print f[2]}' \
        "$1" | sort -u
}

# acks_per_second FILE: the ACKs of each of perfdhcp's one-second reports ("sent: D/R; received: O/A; ..."),
# as a/b/c...
acks_per_second() {
    awk '/^sent:/ {split($0, r, /[:\/; ]+/); n = r[6] + 0; printf "%s%d", sep, n - last; sep = "/"; last = n}' "$1"
}

# stats FILE: dhcp:stats as "direction/name count" lines (FILE.raw: as the console printed it, latency included)
stats() {
    console dhcp:stats | tee "$1.raw" | awk -F'|' 'NF == 3 {gsub(/ /, "", $1); gsub(/ /, "", $2); gsub(/ /, "", $3)
        if ($3 ~ /^[0-9]+$/) print $1 "/" $2, $3}' >"$1"
}

# dropped_since BEFORE AFTER: the server's drops by reason between two dhcp:stats files, as reason=N,...
dropped_since() {
    # (FILENAME, not NR == FNR: a server with no traffic yet answers "no messages", and BEFORE is empty)
    awk 'FILENAME == ARGV[1] {before[$1] = $2; next} $1 ~ /^dropped\// && $2 - before[$1] > 0 {
        printf "%s%s=%d", sep, substr($1, 9), $2 - before[$1]; sep = ","} END {if (!sep) print "none"; else print ""}' \
        "$1" "$2"
}

# (awk reads all its input: under pipefail, a head that exits early would fail the pipeline with SIGPIPE)
store_status() { console dhcp:status | awk '/lease store:/ && !seen++ {sub(/^ */, ""); print}'; }

# phase_line NAME FILE BEFORE AFTER [EXTRA]: the phase's summary from perfdhcp's output and the server's drops
phase_line() {
    local name=$1 out=$2 before=$3 after=$4 extra=${5:-}
    local discovers offers requests acks delay addresses
    discovers=$(counter "$out" DISCOVER-OFFER "sent packets")
    offers=$(counter "$out" DISCOVER-OFFER "received packets")
    requests=$(counter "$out" REQUEST-ACK "sent packets")
    acks=$(counter "$out" REQUEST-ACK "received packets")
    delay=$(awk '/^\*\*\*Statistics for: REQUEST-ACK/ {on = 1} on && /^avg delay: [0-9]/ {print $3; exit}' "$out")
    addresses=$(acked_addresses "$out" | wc -l)
    echo "phase=$name discovers=${discovers:-0} offers=${offers:-0} requests=${requests:-0} acks=${acks:-0}" \
        "acked_clients=$addresses no_ack=$((${discovers:-0} - ${acks:-0})) ack_delay_ms=${delay:-?}" \
        "server_drops=$(dropped_since "$before" "$after")$(cat "${out%.perfdhcp}.udp" 2>/dev/null)$extra"
}

# store_log_since LINE: the store's log lines (karaf.log) after line LINE: time, level and message, the store's
# directory left out of paths; a message repeated (a retried checkpoint) is shown once, with its count and last time
store_log_since() {
    tail -n +"$(($1 + 1))" "$home/data/log/karaf.log" | grep 'lease store' | awk -F'|' -v dir="$store/" '{
        sub(/ *$/, "", $1); gsub(/ /, "", $2); m = $NF; while ((i = index(m, dir)) > 0) m = substr(m, 1, i - 1) substr(m, i + length(dir))
        if (!(m in n)) {order[++k] = m; first[m] = $1 " " $2}
        n[m]++; last[m] = $1}
        END {for (j = 1; j <= k; j++) {m = order[j]; x = n[m] > 1 ? " (" n[m] " times, last " last[m] ")" : ""
            print "  log: " first[m] m x}}' || true
}
log_lines() { wc -l <"$home/data/log/karaf.log"; }

# log_time PATTERN LINE: the epoch seconds of the first log line after LINE matching PATTERN, or nothing
log_time() {
    local stamp
    stamp=$(tail -n +"$(($2 + 1))" "$home/data/log/karaf.log" | awk -F'|' -v p="$1" 'index($0, p) && !seen++ {
        sub(/ *$/, "", $1); sub(/,/, ".", $1); print $1}')
    if [ -n "$stamp" ]; then date -d "$stamp" +%s.%N; fi
}

echo "logs: $logs" >&2
echo "# tmpfs $TMPFS_SIZE, clients $CLIENTS, new clients $NEW_CLIENTS at $RATE/s, diskReserveMegabytes ${RESERVE_MB:-default}"
start_first
echo "phase=start $(await_serving) store_free_bytes=$(free_bytes)"
store_log_since 0

# 1: the clients that must survive everything below.
mark=$(log_lines)
stats "$logs/stats.0"
sample_peak &
sampler=$!
clients lease 1 "$CLIENTS"
kill "$sampler"
stats "$logs/stats.1"
phase_line lease "$logs/lease.perfdhcp" "$logs/stats.0" "$logs/stats.1" \
    " store_peak_used_bytes=$(cat "$logs/peak") store_free_bytes=$(free_bytes) status=\"$(store_status)\""
echo "  files: $(store_files)"
store_log_since "$mark"

# 2: no room left. Wait for the checkpoints of phase 1 to finish first, so the filler takes what they give back.
sleep "$SETTLE"
mark=$(log_lines)
filler=$(fill_and_settle)
echo "phase=fill filler_bytes=$filler store_free_bytes=$(free_bytes) status=\"$(store_status)\""
echo "  files: $(store_files)"

# 3: new clients while the disk is full.
clients full 3 "$NEW_CLIENTS"
stats "$logs/stats.3"
status_full=$(store_status)
phase_line full "$logs/full.perfdhcp" "$logs/stats.1" "$logs/stats.3" \
    " store_free_bytes=$(free_bytes) status=\"$status_full\""
console dhcp:status >"$logs/status.full"
store_log_since "$mark"

# 4: room again, and at once new clients.
mark=$(log_lines)
rm -f "$store"/filler.*
freed_at=$(date +%s.%N)
freed=$(free_bytes)
clients room 4 "$NEW_CLIENTS"
stats "$logs/stats.4"
recovered_at=$(log_time 'lease store commits succeed again' "$mark")
recovery=""
if [ -n "$recovered_at" ]; then recovery=$(awk -v a="$freed_at" -v b="$recovered_at" 'BEGIN{printf "%.3f", b - a}'); fi
phase_line room "$logs/room.perfdhcp" "$logs/stats.3" "$logs/stats.4" \
    " store_free_bytes_after_rm=$freed acks_per_second=$(acks_per_second "$logs/room.perfdhcp") commits_succeed_logged_after_s=${recovery:-none} status=\"$(store_status)\""
store_log_since "$mark"

# 5: a restart while the disk is full again. A client of phase 1 that was ACKed stands for renewals.
known_address=$(acked_addresses "$logs/lease.perfdhcp" | awk 'NR == 1')
known_mac=$(console "dhcp:lease $known_address" | awk '/^mac:/ {print $2}')
sleep "$SETTLE"
mark=$(log_lines)
filler=$(fill_and_settle)
stopped=$(stop_server)
restart_same_home
serving=$(await_serving) || true
echo "phase=restart filler_bytes=$filler $stopped $serving store_free_bytes=$(free_bytes) status=\"$(store_status)\""
stats "$logs/stats.5a"
clients restart 5 "$RESTART_CLIENTS"
stats "$logs/stats.5b"
phase_line restart-new "$logs/restart.perfdhcp" "$logs/stats.5a" "$logs/stats.5b" " status=\"$(store_status)\""
if [ -n "$known_mac" ]; then
    known_client known "$known_mac" "$KNOWN_REQUESTS"
    stats "$logs/stats.5c"
    phase_line "restart-known($known_mac,$known_address)" "$logs/known.perfdhcp" "$logs/stats.5b" "$logs/stats.5c" \
        " status=\"$(store_status)\""
else
    echo "phase=restart-known skipped: no MAC found for $known_address"
fi
store_log_since "$mark"

# 6: room again, after the restart: RESTART_CLIENTS new clients (the store's health only changes at the next
# commit), then every address ACKed in any phase must be ACTIVE.
mark=$(log_lines)
rm -f "$store"/filler.*
freed=$(free_bytes)
stats "$logs/stats.6a"
clients after 6 "$RESTART_CLIENTS"
stats "$logs/stats.6b"
phase_line after-restart "$logs/after.perfdhcp" "$logs/stats.6a" "$logs/stats.6b" \
    " store_free_bytes_after_rm=$freed acks_per_second=$(acks_per_second "$logs/after.perfdhcp") status=\"$(store_status)\""
sleep "$SETTLE"
console dhcp:pools >"$logs/pools.end"
console "dhcp:leases --state active" | awk -F'|' '{gsub(/ /, "", $1); if ($1 ~ /^[0-9.]+$/) print $1}' \
    | sort -u >"$logs/active.end"
cat "$logs"/*.perfdhcp | awk '/^\*\*\*Leases for / {on = ($0 ~ /REQUEST-ACK/)} on && /^[^,]*,[0-9.]+,/ {
    split($0, f, ","); print f[2]}' | sort -u >"$logs/acked.all"
lost=$(comm -23 "$logs/acked.all" "$logs/active.end" | wc -l)
comm -23 "$logs/acked.all" "$logs/active.end" >"$logs/lost.end"
active_pools=$(awk -F'|' 'NR > 2 {gsub(/ /, "", $5); s += $5} END {print s + 0}' "$logs/pools.end")
echo "phase=leases active_in_pools=$active_pools active_listed=$(wc -l <"$logs/active.end")" \
    "acked_addresses_all_phases=$(wc -l <"$logs/acked.all") acked_but_not_active=$lost" \
    "store_free_bytes=$(free_bytes) status=\"$(store_status)\""
echo "  files: $(store_files)"
store_log_since "$mark"
stop_server >/dev/null
