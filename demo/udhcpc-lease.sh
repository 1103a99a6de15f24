#!/bin/sh
# Event script for busybox udhcpc, used by demo/run.sh instead of the system's default script: it prints the
# lease and puts the address on the client's interface, and touches nothing outside the client's network
# namespace (the default script would rewrite the host's /etc/resolv.conf).
# udhcpc passes the event as $1 and the lease in the environment (ip, mask, router, dns, domain, lease, serverid).
# shellcheck disable=SC2154 # those variables come from udhcpc
case "$1" in
    deconfig)
        ip addr flush dev "$interface"
        ip link set "$interface" up
        ;;
    bound|renew)
        ip addr flush dev "$interface"
        ip addr add "$ip/$mask" dev "$interface"
        echo "LEASE address=$ip/$mask server=$serverid router=${router:-none} dns=${dns:-none}" \
             "domain=${domain:-none} leaseTime=${lease}s interface=$interface"
        ;;
    leasefail|nak)
        echo "NO LEASE event=$1 interface=$interface ${message:-}"
        ;;
esac
exit 0
