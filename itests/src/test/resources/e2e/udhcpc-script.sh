#!/bin/sh
# udhcpc event script of the end-to-end tests: puts the leased address on the interface (inside the client's
# network namespace), records each event in events.log beside this script, and touches nothing else.
# udhcpc passes the event as $1 and the lease as $ip, $mask, $lease, $serverid.
events="$(dirname "$0")/events.log"
case "$1" in
    deconfig)
        ip -4 addr flush dev "$interface"
        ip link set dev "$interface" up
        ;;
    bound|renew)
        ip -4 addr replace "$ip/$mask" dev "$interface"
        ;;
esac
echo "reason=$1 ip=${ip:-} lease=${lease:-} server=${serverid:-}" >> "$events"
exit 0
