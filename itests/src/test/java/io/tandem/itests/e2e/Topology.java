package io.tandem.itests.e2e;

import java.util.List;

/**
 * The test network: three namespaces joined by veth pairs, with TEST-NET addresses only, so no DHCP packet
 * leaves them.
 *
 * <pre>
 *   tdm-e2e-cli                      tdm-e2e-srv                          tdm-e2e-rly
 *   tdme-c0 ---- tdme-sc --[bridge tdme-s0 192.0.2.1/24]-- tdme-sr ---- tdme-r0 192.0.2.2/24 (upstream)
 *   tdme-c1 ------------------------------------------------------------- tdme-r1 198.51.100.1/24 (dhcrelay)
 * </pre>
 *
 * The server serves the bridge {@code tdme-s0}: the direct clients on tdme-c0 share its link, and the relay agent
 * reaches it on the same 192.0.2.0/24 link. Relayed clients sit on tdme-c1, behind the relay's 198.51.100.0/24.
 */
final class Topology {

    /** The namespaces' common prefix, claimed while they stand ({@link NamespaceClaims}). */
    private static final String PREFIX = "tdm-e2e";
    static final String SERVER_NS = PREFIX + "-srv";
    static final String CLIENT_NS = PREFIX + "-cli";
    static final String RELAY_NS = PREFIX + "-rly";

    static final String SERVER_IF = "tdme-s0";
    static final String SERVER_ADDRESS = "192.0.2.1";
    static final String CLIENT_IF = "tdme-c0";
    static final String RELAYED_CLIENT_IF = "tdme-c1";
    static final String RELAY_UPSTREAM_IF = "tdme-r0";
    static final String RELAY_UPSTREAM_ADDRESS = "192.0.2.2";
    static final String RELAY_DOWNSTREAM_IF = "tdme-r1";
    static final String RELAY_ADDRESS = "198.51.100.1";

    static final String DIRECT_SUBNET = "192.0.2.0/24";
    static final String DIRECT_POOL_FIRST = "192.0.2.100";
    static final String DIRECT_POOL_LAST = "192.0.2.199";
    static final String RELAYED_SUBNET = "198.51.100.0/24";
    static final String RELAYED_POOL_FIRST = "198.51.100.100";
    static final String RELAYED_POOL_LAST = "198.51.100.199";

    private static final List<String> NAMESPACES = List.of(CLIENT_NS, RELAY_NS, SERVER_NS);

    private Topology() {
    }

    static void create() {
        NamespaceClaims.claim(PREFIX);
        deleteNamespaces(NAMESPACES);
        NAMESPACES.forEach(ns -> Shell.ok("ip", "netns", "add", ns));
        for (String ns : NAMESPACES) {
            in(ns, "ip", "link", "set", "lo", "up");
        }
        // Server side: a bridge carrying the server address, with one port per neighbour namespace.
        in(SERVER_NS, "ip", "link", "add", SERVER_IF, "type", "bridge");
        Shell.ok("ip", "link", "add", "tdme-sc", "netns", SERVER_NS, "type", "veth", "peer", "name", CLIENT_IF,
                "netns", CLIENT_NS);
        Shell.ok("ip", "link", "add", "tdme-sr", "netns", SERVER_NS, "type", "veth", "peer", "name",
                RELAY_UPSTREAM_IF, "netns", RELAY_NS);
        Shell.ok("ip", "link", "add", RELAY_DOWNSTREAM_IF, "netns", RELAY_NS, "type", "veth", "peer", "name",
                RELAYED_CLIENT_IF, "netns", CLIENT_NS);
        for (String port : List.of("tdme-sc", "tdme-sr")) {
            in(SERVER_NS, "ip", "link", "set", port, "master", SERVER_IF);
            in(SERVER_NS, "ip", "link", "set", port, "up");
        }
        in(SERVER_NS, "ip", "addr", "add", SERVER_ADDRESS + "/24", "dev", SERVER_IF);
        in(SERVER_NS, "ip", "link", "set", SERVER_IF, "up");
        // Replies to the relay agent go to its giaddr on 198.51.100.0/24, reached through its upstream address.
        in(SERVER_NS, "ip", "route", "add", RELAYED_SUBNET, "via", RELAY_UPSTREAM_ADDRESS);

        in(RELAY_NS, "ip", "addr", "add", RELAY_UPSTREAM_ADDRESS + "/24", "dev", RELAY_UPSTREAM_IF);
        in(RELAY_NS, "ip", "addr", "add", RELAY_ADDRESS + "/24", "dev", RELAY_DOWNSTREAM_IF);
        in(RELAY_NS, "ip", "link", "set", RELAY_UPSTREAM_IF, "up");
        in(RELAY_NS, "ip", "link", "set", RELAY_DOWNSTREAM_IF, "up");

        in(CLIENT_NS, "ip", "link", "set", CLIENT_IF, "up");
        in(CLIENT_NS, "ip", "link", "set", RELAYED_CLIENT_IF, "up");
    }

    /** Kills whatever still runs in the namespaces (clients, relay, server) and deletes them with their links. */
    static void destroy() {
        deleteNamespaces(NAMESPACES);
        NamespaceClaims.release(PREFIX);
    }

    /** Kills whatever still runs in each of {@code namespaces} that exists, and deletes it with its links. */
    static void deleteNamespaces(List<String> namespaces) {
        for (String ns : namespaces) {
            if (exists(ns)) {
                for (String pid : Shell.run(List.of("ip", "netns", "pids", ns)).output().split("\\s+")) {
                    if (!pid.isBlank()) {
                        Shell.quietly("kill", "-KILL", pid.trim());
                    }
                }
                Shell.quietly("ip", "netns", "delete", ns);
            }
        }
    }

    static boolean exists(String ns) {
        return Shell.run(List.of("ip", "netns", "list")).output().lines()
                .anyMatch(line -> line.split("\\s+")[0].equals(ns));
    }

    /**
     * Gives a client interface a new MAC address and no IPv4 address, so each test is a client the server has
     * never seen, whatever ran before it.
     */
    static void freshClientInterface(String ifname, String mac) {
        freshClientInterface(CLIENT_NS, ifname, mac);
    }

    /** As {@link #freshClientInterface(String, String)}, for an interface in namespace {@code ns}. */
    static void freshClientInterface(String ns, String ifname, String mac) {
        in(ns, "ip", "link", "set", ifname, "down");
        in(ns, "ip", "link", "set", ifname, "address", mac);
        in(ns, "ip", "-4", "addr", "flush", "dev", ifname);
        in(ns, "ip", "link", "set", ifname, "up");
    }

    /** The IPv4 addresses (CIDR) on a client interface, as {@code ip -4 addr} shows them. */
    static List<String> clientAddresses(String ifname) {
        String out = Shell.ok("ip", "-n", CLIENT_NS, "-4", "-o", "addr", "show", "dev", ifname);
        return out.lines().map(line -> line.replaceAll(".*\\binet (\\S+).*", "$1")).toList();
    }

    static String in(String ns, String... command) {
        return Shell.ok(Shell.inNamespace(ns, List.of(command)).toArray(String[]::new));
    }

    /** Whether something listens on UDP {@code port} in {@code ns}. */
    static boolean udpBound(String ns, int port) {
        return !Shell.run(Shell.inNamespace(ns, List.of("ss", "-Hlun", "sport = :" + port))).output().isBlank();
    }
}
