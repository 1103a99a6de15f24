#!/usr/bin/env bash
# Resident memory of a server after a run of new clients: the figure an appliance's operator watches. Uses the
# namespaces of ../shared/bench/dhcp-bench.sh (tb-srv, tb-cli).
#
#   rss-after-run.sh 'SERVER CMD' [RATE] [SECONDS] [CLIENTS]
#
# Starts SERVER CMD in tb-srv, runs perfdhcp at RATE (default 2000) DORA/s for SECONDS (default 60) over CLIENTS
# (default 60000) MAC addresses, waits IDLE_SECONDS (default 5), and prints the ACKs, the server process group's
# resident set (summed over its processes, as dhcp-bench.sh does) and its peak; for a JVM also the heap in use and
# committed. Needs root.
# One perfdhcp stands in for tens of thousands of clients, each of which would have a socket of its own: a server
# that answers late and then in a burst overflows perfdhcp's one socket (208 KiB, about 200 replies), and every
# reply lost there counts as a drop. So perfdhcp's socket alone gets net.core.rmem_max (CLIENT_RCVBUF=max, the
# default; "keep" leaves the system's default): rmem_default is raised while perfdhcp opens its socket and restored
# at once, before and apart from the server's sockets. perfdhcp runs at nice -10 (as in pair-vs-standalone.sh), so
# that a client sharing the two CPUs with a server busy compiling its code is still scheduled. The run reports the
# datagrams each side's kernel dropped for a full socket: client_rcvbuf_drops (replies the server sent that
# perfdhcp had no room for) and server_rcvbuf_drops (requests the server never read).
# Stops the server at the end. EXTRA_JAVA_OPTS passes through to a Tandem started by tandem-server.sh.
# REPORT_EVERY=N: perfdhcp also reports every N seconds (-t N); its whole output is kept in
# /tmp/rss-after-run-perfdhcp.log.
# NMT=1 (a JVM only): also where the JVM's committed memory is, by native memory tracking's categories (the JVM
# runs with -XX:NativeMemoryTracking=summary, which costs a little memory and CPU of its own).
set -euo pipefail
cmd=${1:?usage: rss-after-run.sh 'SERVER CMD' [RATE] [SECONDS] [CLIENTS]}
rate=${2:-2000}
seconds=${3:-60}
clients=${4:-60000}
bench=$(cd "$(dirname "$0")/../../../shared/bench" && pwd)
# shellcheck source=bench-server.sh
. "$(dirname "$0")/bench-server.sh"
if [ "${NMT:-0}" = 1 ]; then
    export EXTRA_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${EXTRA_JAVA_OPTS:-}"
fi
start_bench_server "$cmd" /tmp/rss-after-run-server.log
client_full=$(rcvbuf_errors tb-cli) server_full=$(rcvbuf_errors tb-srv)
perfdhcp_out=$(mktemp)
rmem_default=$(sysctl -n net.core.rmem_default)
if [ "${CLIENT_RCVBUF:-max}" = max ]; then
    trap 'sysctl -qw net.core.rmem_default="$rmem_default"; stop_bench_server; remove_bench_home' EXIT
    sysctl -qw net.core.rmem_default="$(sysctl -n net.core.rmem_max)"
fi
nice -n -10 ip netns exec tb-cli perfdhcp -4 -l tb-c0 -r "$rate" -R "$clients" -p "$seconds" \
    -W "$PERFDHCP_EXIT_WAIT" ${REPORT_EVERY:+-t "$REPORT_EVERY"} 10.77.0.1 >"$perfdhcp_out" 2>&1 &
perfdhcp=$!
# perfdhcp_rcvbuf: the receive buffer of perfdhcp's socket (bytes, from ss), empty until it is open
perfdhcp_rcvbuf() { ip netns exec tb-cli ss -uanpm | grep -A1 '"perfdhcp"' | sed -n 's/.*,rb\([0-9]*\),.*/\1/p'; }
for _ in $(seq 1 50); do [ -n "$(perfdhcp_rcvbuf)" ] && break; sleep 0.05; done
client_rcvbuf=$(perfdhcp_rcvbuf)
sysctl -qw net.core.rmem_default="$rmem_default"
wait "$perfdhcp" || true
out=$(cat "$perfdhcp_out")
if [ -n "${REPORT_EVERY:-}" ]; then mv "$perfdhcp_out" /tmp/rss-after-run-perfdhcp.log; else rm -f "$perfdhcp_out"; fi
sleep "${IDLE_SECONDS:-5}"
acks=$(echo "$out" | awk '/REQUEST-ACK/{f=1} f&&/received packets/{print $3; exit}')
drops=$(echo "$out" | awk '/drops ratio/{print $3}' | tr '\n' ' ')
rss=0 peak=0 anon=0 file=0 java=""
for pid in $(pgrep -g "$leader"); do
    rss=$((rss + $(awk '/^VmRSS/{print $2}' /proc/"$pid"/status)))
    peak=$((peak + $(awk '/^VmHWM/{print $2}' /proc/"$pid"/status)))
    anon=$((anon + $(awk '/^RssAnon/{print $2}' /proc/"$pid"/status)))
    file=$((file + $(awk '/^RssFile/{print $2}' /proc/"$pid"/status)))
    if [ "$(cat /proc/"$pid"/comm)" = java ]; then java=$pid; fi
done
echo "rate=$rate seconds=$seconds clients=$clients acks=${acks:-0} drops=$drops" \
    "client_rcvbuf_bytes=${client_rcvbuf:-?} client_rcvbuf_drops=$(($(rcvbuf_errors tb-cli) - client_full))" \
    "server_rcvbuf_drops=$(($(rcvbuf_errors tb-srv) - server_full))"
# Anonymous memory is the process's own; file pages (a memory-mapped store, the JDK's libraries) are the page
# cache's, which the kernel can reclaim.
echo "server rss_mib=$((rss / 1024)) peak_rss_mib=$((peak / 1024)) anon_mib=$((anon / 1024)) file_mib=$((file / 1024))"
if [ -n "${java:-}" ]; then
    # Heap in use and committed, whichever collector runs; then what stays in use after a full collection (the
    # live set, for sizing -Xmx), measured after the resident set above.
    heap() { jcmd "$java" GC.heap_info 2>/dev/null | awk '/total [0-9]+K, used [0-9]+K/ && !/Metaspace|class space/ {
        gsub(/[^0-9 ]/, " "); split($0, f, " "); t += f[1]; u += f[2]} END {printf "used_mib=%d committed_mib=%d", u/1024, t/1024}'; }
    before=$(heap)
    jcmd "$java" GC.run >/dev/null
    echo "heap $before; after a full collection $(heap)"
fi
if [ "${NMT:-0}" = 1 ] && [ -n "${java:-}" ]; then
    # "-  Java Heap (reserved=262144KB, committed=137216KB)" -> "Java Heap 134"
    echo "committed MiB by category: $(jcmd "$java" VM.native_memory summary | awk -F'[(=,]' \
        '/^-  *[A-Z].*committed=/ {name=$1; sub(/^- */, "", name); sub(/ *$/, "", name);
         printf "%s%s %d", sep, name, $5 / 1024; sep=", "}')"
fi
