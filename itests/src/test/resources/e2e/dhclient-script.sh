#!/bin/sh
# dhclient event script of the end-to-end tests, used instead of the system's dhclient-script: it puts the leased
# address on the interface (inside the client's network namespace) and records each event in events.log beside
# this script, and touches nothing else (the system script would rewrite the host's /etc/resolv.conf).
# dhclient passes the event as $reason and the lease as new_* / old_* variables.
events="$(dirname "$0")/events.log"
case "$reason" in
    PREINIT)
        ip link set dev "$interface" up
        ;;
    BOUND|RENEW|REBIND|REBOOT)
        if [ -n "$old_ip_address" ] && [ "$old_ip_address" != "$new_ip_address" ]; then
            ip -4 addr flush dev "$interface"
        fi
        ip -4 addr replace "$new_ip_address/$new_subnet_mask" dev "$interface"
        ;;
    EXPIRE|FAIL|RELEASE|STOP)
        ip -4 addr flush dev "$interface"
        ;;
esac
echo "reason=$reason ip=${new_ip_address:-${old_ip_address:-}} lease=${new_dhcp_lease_time:-} server=${new_dhcp_server_identifier:-}" >> "$events"
exit 0
