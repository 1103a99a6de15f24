#!/usr/bin/env bash
# Tandem quick start: build, unpack the distribution, and serve a real DHCP client, all on this machine.
#
#   sudo demo/run.sh              build (mvn install -DskipTests), then start the demo
#   sudo demo/run.sh --no-build   start the demo from the tar.gz already in distribution/target/
#   sudo demo/run.sh stop         stop Tandem and remove the demo's network namespaces
#
# The demo wires two network namespaces together with a veth pair, so no real network sees any DHCP traffic:
#
#   tdemo-srv: tdemo-s0 192.0.2.1/24, Tandem (Karaf) runs here   <--veth-->   tdemo-cli: tdemo-c0, udhcpc runs here
#
# The distribution's etc/io.tandem.server.cfg serves exactly tdemo-s0 and etc/io.tandem.subnet-demo.cfg gives out
# 192.0.2.100-192.0.2.199. Tandem keeps running after the script ends; its files are under demo/target/.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="$REPO/demo/target"
SERVER_NS=tdemo-srv
CLIENT_NS=tdemo-cli
SERVER_IF=tdemo-s0
CLIENT_IF=tdemo-c0
SERVER_ADDRESS=192.0.2.1/24
BIND_TIMEOUT_SECONDS=60

say() { printf '==> %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

require_root() {
    [ "$(id -u)" -eq 0 ] || die "needs root: it creates network namespaces and Tandem binds UDP port 67. Run: sudo $0 $*"
}

require_commands() {
    local missing=()
    for command in "$@"; do
        command -v "$command" >/dev/null 2>&1 || missing+=("$command")
    done
    [ ${#missing[@]} -eq 0 ] || die "missing commands: ${missing[*]} (Debian: apt-get install iproute2 openjdk-17-jdk-headless maven udhcpc)"
}

# The unpacked distribution, if any (demo/target/ holds one: unpack() empties it first).
karaf_home() {
    local found=""
    for directory in "$TARGET"/tandem-*/; do
        [ -d "$directory" ] && found="${directory%/}"
    done
    echo "$found"
}

namespace_exists() {
    ip netns list | awk -v name="$1" '$1 == name { found = 1 } END { exit !found }'
}

in_server_ns() {
    ip netns exec "$SERVER_NS" "$@"
}

# Runs udhcpc from the udhcpc package, or busybox's applet.
udhcpc_command() {
    if command -v udhcpc >/dev/null 2>&1; then
        echo udhcpc
    elif command -v busybox >/dev/null 2>&1 && busybox --list | grep -x udhcpc >/dev/null; then
        echo "busybox udhcpc"
    else
        die "no DHCP client: install busybox or udhcpc (apt-get install udhcpc)"
    fi
}

stop_demo() {
    local home pid
    home="$(karaf_home)"
    if [ -n "$home" ] && [ -f "$home/karaf.pid" ]; then
        pid="$(cat "$home/karaf.pid")"
        if kill -0 "$pid" 2>/dev/null; then
            say "stopping Tandem (pid $pid)"
            if namespace_exists "$SERVER_NS"; then
                in_server_ns "$home/bin/stop" >/dev/null 2>&1 || true
            fi
            for _ in $(seq 1 30); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 1
            done
            if kill -0 "$pid" 2>/dev/null; then
                say "Tandem did not stop within 30 s; killing pid $pid"
                kill -9 "$pid" 2>/dev/null || true
            fi
        fi
        rm -f "$home/karaf.pid"
    fi
    for namespace in "$CLIENT_NS" "$SERVER_NS"; do
        if namespace_exists "$namespace"; then
            say "removing network namespace $namespace"
            ip netns delete "$namespace"
        fi
    done
}

build() {
    say "building: mvn -B -ntp install -DskipTests"
    (cd "$REPO" && mvn -B -ntp install -DskipTests)
}

unpack() {
    local archives=("$REPO"/distribution/target/tandem-*.tar.gz)
    [ -f "${archives[0]}" ] || die "no distribution in distribution/target/; run without --no-build first"
    [ ${#archives[@]} -eq 1 ] || die "several distributions in distribution/target/: ${archives[*]}"
    rm -rf "$TARGET"
    mkdir -p "$TARGET"
    say "unpacking $(basename "${archives[0]}") into demo/target/"
    tar -xzf "${archives[0]}" -C "$TARGET"
}

create_namespaces() {
    say "creating network namespaces $SERVER_NS ($SERVER_IF $SERVER_ADDRESS) and $CLIENT_NS ($CLIENT_IF)"
    ip netns add "$SERVER_NS"
    ip netns add "$CLIENT_NS"
    ip link add "$SERVER_IF" netns "$SERVER_NS" type veth peer name "$CLIENT_IF" netns "$CLIENT_NS"
    in_server_ns ip link set lo up
    in_server_ns ip addr add "$SERVER_ADDRESS" dev "$SERVER_IF"
    in_server_ns ip link set "$SERVER_IF" up
    ip netns exec "$CLIENT_NS" ip link set lo up
    ip netns exec "$CLIENT_NS" ip link set "$CLIENT_IF" up
}

start_karaf() {
    local home="$1"
    # Karaf's scripts warn when JAVA_HOME is unset; give them the JDK the java on PATH belongs to.
    if [ -z "${JAVA_HOME:-}" ]; then
        JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
        export JAVA_HOME
    fi
    say "starting Tandem in $SERVER_NS: $home/bin/start"
    # bin/start runs Karaf headless in the background; its console output goes to KARAF_REDIRECT.
    in_server_ns env KARAF_REDIRECT="$TARGET/karaf.out" "$home/bin/start"
}

# Karaf writes its pid file once it has started; until then the start script's process is all there is.
karaf_running() {
    local home="$1"
    [ -f "$home/karaf.pid" ] || return 0
    kill -0 "$(cat "$home/karaf.pid")" 2>/dev/null
}

udp_67_bound() {
    [ -n "$(in_server_ns ss -Hlun 'sport = :67')" ]
}

wait_for_server() {
    local home="$1"
    say "waiting up to ${BIND_TIMEOUT_SECONDS} s for Tandem to bind UDP port 67 in $SERVER_NS"
    for _ in $(seq 1 "$BIND_TIMEOUT_SECONDS"); do
        udp_67_bound && return 0
        karaf_running "$home" || die "Tandem exited while starting; see $TARGET/karaf.out and $home/data/log/karaf.log"
        sleep 1
    done
    echo
    echo "Tandem did not bind UDP port 67 within ${BIND_TIMEOUT_SECONDS} s. It is left running for inspection."
    echo "Last Tandem, error and exception lines of $home/data/log/karaf.log:"
    grep -iE 'io\.tandem|error|exception' "$home/data/log/karaf.log" 2>/dev/null | tail -25 || true
    print_console_help "$home"
    exit 1
}

run_client() {
    say "running a DHCP client in $CLIENT_NS: udhcpc -i $CLIENT_IF"
    # -f foreground, -q quit once leased, -n fail instead of retrying forever: 4 DISCOVERs, 3 s apart.
    local client
    read -ra client <<<"$(udhcpc_command)"
    if ! ip netns exec "$CLIENT_NS" "${client[@]}" -i "$CLIENT_IF" -f -q -n -t 4 -T 3 \
            -s "$REPO/demo/udhcpc-lease.sh"; then
        echo "The client got no lease."
        return 1
    fi
    ip netns exec "$CLIENT_NS" ip -4 -brief addr show dev "$CLIENT_IF"
}

print_console_help() {
    local home="$1"
    cat <<EOF

Tandem runs in network namespace $SERVER_NS from $home
  log:      $home/data/log/karaf.log
  console:  add a user to $home/etc/users.properties (see distribution/README.md), then
              sudo ip netns exec $SERVER_NS $home/bin/client -u USER
            or run Karaf in the foreground instead of in the background:
              sudo ip netns exec $SERVER_NS $home/bin/stop
              sudo ip netns exec $SERVER_NS $home/bin/karaf
  again:    sudo ip netns exec $CLIENT_NS $(udhcpc_command) -i $CLIENT_IF -f -q -n -s $REPO/demo/udhcpc-lease.sh
  stop:     sudo $REPO/demo/run.sh stop
EOF
}

start_demo() {
    local build_first=true home
    for argument in "$@"; do
        case "$argument" in
            --no-build) build_first=false ;;
            *) usage ;;
        esac
    done
    require_commands ip ss java tar
    $build_first && require_commands mvn
    udhcpc_command >/dev/null

    stop_demo
    $build_first && build
    unpack
    home="$(karaf_home)"
    create_namespaces
    start_karaf "$home"
    wait_for_server "$home"
    say "Tandem is listening on UDP 67 in $SERVER_NS"
    local leased=0
    run_client || leased=1
    print_console_help "$home"
    return "$leased"
}

main() {
    case "${1:-}" in
        stop)
            require_root "$@"
            stop_demo
            ;;
        -h | --help) usage ;;
        *)
            require_root "$@"
            start_demo "$@"
            ;;
    esac
}

main "$@"
