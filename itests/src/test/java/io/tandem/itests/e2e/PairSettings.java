package io.tandem.itests.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What both servers of a pair under test are configured with, written as each server reads it: a Tandem's
 * {@code etc/} files or an ISC dhcpd's {@code dhcpd.conf}. One relationship serving one pool of one subnet, the
 * same on both sides, as failover requires.
 *
 * @param relationship the relationship's name
 * @param subnet the subnet, {@code ADDRESS/LENGTH}
 * @param pool the shared pool, {@code FIRST-LAST}
 * @param router the router option given to clients
 * @param mcltSeconds the MCLT the primary announces
 * @param loadBalanceMaxSeconds both servers' load balance max seconds; 0 turns load balancing off, so that both
 *     answer every DISCOVER
 * @param maxResponseDelaySeconds how long each server waits to hear from its peer before calling the link down
 * @param leaseSeconds the lease time clients ask for and get once the peer knows their binding
 */
record PairSettings(String relationship, String subnet, String pool, String router, int mcltSeconds,
                    int loadBalanceMaxSeconds, int maxResponseDelaySeconds, int leaseSeconds) {

    /** Both servers' window of updates in flight, the same on both sides as an ISC pair has it. */
    static final int MAX_UNACKED_UPDATES = 10;

    /** A Tandem's {@code etc/} files for one side: its interface, the subnet, and its side of the relationship. */
    Map<String, Map<String, String>> tandemEtc(String ifname, String role, String local, String peer) {
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        files.put("io.tandem.server.cfg", Map.of("interfaces", ifname));
        files.put("io.tandem.subnet-lan.cfg", Map.of("subnet", subnet, "pools", pool, "routers", router,
                "leaseTime", String.valueOf(leaseSeconds)));
        Map<String, String> failover = new LinkedHashMap<>();
        failover.put("role", role);
        failover.put("relationshipName", relationship);
        failover.put("localAddress", local);
        failover.put("peerAddress", peer);
        failover.put("loadBalanceMaxSeconds", String.valueOf(loadBalanceMaxSeconds));
        failover.put("maxResponseDelay", String.valueOf(maxResponseDelaySeconds));
        // As on the ISC side: an ISC peer acknowledges when half of the window we announce waits (or after 2 s).
        failover.put("maxUnackedUpdates", String.valueOf(MAX_UNACKED_UPDATES));
        if (role.equals("primary")) {
            failover.put("mclt", String.valueOf(mcltSeconds));
            failover.put("split", "128");
        }
        files.put("io.tandem.failover.cfg", failover);
        return files;
    }

    /** ISC dhcpd's {@code dhcpd.conf} for one side, the same relationship in ISC's words. */
    String iscConfig(String role, String local, String peer) {
        String[] cidr = subnet.split("/");
        String[] range = pool.split("-");
        String primaryOnly = role.equals("primary") ? "  mclt %d;\n  split 128;\n".formatted(mcltSeconds) : "";
        return """
                authoritative;
                ddns-update-style none;
                ping-check false;
                # A renewal gets a new lease time, not what is left of the old one: without this, a lease renewed in
                # its first quarter is answered unchanged (dhcpd's lease reuse), whatever failover would allow.
                dhcp-cache-threshold 0;
                default-lease-time %1$d;
                max-lease-time %1$d;
                failover peer "%2$s" {
                  %3$s;
                  address %4$s;
                  port 647;
                  peer address %5$s;
                  peer port 647;
                  max-response-delay %6$d;
                  max-unacked-updates %14$d;
                %7$s  load balance max seconds %8$d;
                }
                subnet %9$s netmask %10$s {
                  option routers %11$s;
                  pool {
                    failover peer "%2$s";
                    range %12$s %13$s;
                  }
                }
                """.formatted(leaseSeconds, relationship, role, local, peer, maxResponseDelaySeconds, primaryOnly,
                loadBalanceMaxSeconds, cidr[0], netmask(Integer.parseInt(cidr[1])), router, range[0], range[1],
                MAX_UNACKED_UPDATES);
    }

    private static String netmask(int length) {
        long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
        return (mask >> 24) + "." + ((mask >> 16) & 0xff) + "." + ((mask >> 8) & 0xff) + "." + (mask & 0xff);
    }
}
