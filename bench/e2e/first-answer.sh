#!/usr/bin/env bash
# Seconds from a server's start command to its first OFFER: what a network waits for after a power cut. Uses the
# namespaces of ../shared/bench/dhcp-bench.sh (tb-srv, tb-cli).
#
#   first-answer.sh 'SERVER CMD'
#
# Starts SERVER CMD in tb-srv and at once sends, as the relay 10.77.255.254 in tb-cli, a relayed DISCOVER every
# 20 ms until an OFFER comes back (at most 60 s); prints the seconds to it. Stops the server at the end. Needs root.
set -euo pipefail
cmd=${1:?usage: first-answer.sh 'SERVER CMD'}
bench=$(cd "$(dirname "$0")/../../../shared/bench" && pwd)
# The namespace tests' DHCP client reads the message type of a reply.
client=$(cd "$(dirname "$0")/../../bundles/io-netty/src/test/resources" && pwd)
# shellcheck source=bench-server.sh
. "$(dirname "$0")/bench-server.sh"
"$bench/dhcp-bench.sh" setup
start=$(date +%s.%N)
launch_bench_server "$cmd" /tmp/first-answer-server.log
ip netns exec tb-cli python3 - "$start" "$client" <<'PY'
import os, socket, struct, sys, time
start = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from dhcp_client import message_type
relay, server = "10.77.255.254", "10.77.0.1"
mac = bytes([0x02, 0x00, 0x5e]) + os.urandom(3)
xid = struct.unpack("!I", os.urandom(4))[0]
# BOOTREQUEST, Ethernet, 6-byte MAC, 1 hop, relayed through giaddr; magic cookie; DHCPDISCOVER; end.
packet = (struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 1, xid, 0, 0, bytes(4), bytes(4), bytes(4),
                      socket.inet_aton(relay), mac + bytes(10), bytes(64), bytes(128))
          + bytes([99, 130, 83, 99, 53, 1, 1, 255]))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((relay, 67))
sock.settimeout(0.02)
while time.time() - start < 60:
    sock.sendto(packet, (server, 67))
    try:
        reply, _ = sock.recvfrom(1500)
    except socket.timeout:
        continue
    if struct.unpack("!I", reply[4:8])[0] == xid and message_type(reply[240:]) == 2:
        print("first_offer_seconds=%.2f" % (time.time() - start))
        sys.exit(0)
print("no OFFER within 60 s")
sys.exit(1)
PY
