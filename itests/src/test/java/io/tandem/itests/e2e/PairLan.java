package io.tandem.itests.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The LAN of a failover pair under test: a namespace per server and one for clients, joined by a bridge in a fourth
 * namespace:
 *
 * <pre>
 *   PREFIX-a (primary, PREFIX-a0) --+
 *   PREFIX-b (secondary, PREFIX-b0) +-- bridge PREFIX-br in PREFIX-lan
 *   PREFIX-c (clients, PREFIX-c0) --+
 *   PREFIX-d, PREFIX-e, ... (one client each, if asked for)
 *   PREFIX-a (PREFIX-as, 10.91.0.1/30) --- PREFIX-b (PREFIX-bs, 10.91.0.2/30): a sync link, if asked for
 * </pre>
 *
 * Each test class uses its own prefix (at most 8 characters), so that pairs never share a namespace.
 */
final class PairLan implements AutoCloseable {

    private final String prefix;
    private final String primaryCidr;
    private final String secondaryCidr;
    private final List<String> letters = new ArrayList<>(List.of("a", "b", "c"));
    private final List<String> namespaces = new ArrayList<>();
    private boolean syncLink;

    /** The primary's address on the sync link. */
    static final String SYNC_PRIMARY = "10.91.0.1";
    /** The secondary's address on the sync link. */
    static final String SYNC_SECONDARY = "10.91.0.2";

    /**
     * @param primaryCidr the primary's address on the LAN with its prefix length, e.g. {@code 192.0.2.1/24}
     * @param secondaryCidr the secondary's
     */
    PairLan(String prefix, String primaryCidr, String secondaryCidr) {
        this(prefix, primaryCidr, secondaryCidr, 1);
    }

    /** As {@link #PairLan(String, String, String)} with {@code clients} client namespaces, each its own client. */
    PairLan(String prefix, String primaryCidr, String secondaryCidr, int clients) {
        this.prefix = prefix;
        this.primaryCidr = primaryCidr;
        this.secondaryCidr = secondaryCidr;
        for (int n = 1; n < clients; n++) {
            letters.add(String.valueOf((char) ('c' + n)));
        }
        namespaces.add(lan());
        letters.forEach(letter -> namespaces.add(prefix + "-" + letter));
    }

    /**
     * Adds a link of the servers' own beside the LAN (built by {@link #create}), for a relationship that must be cut
     * while clients still reach both servers: operators often give failover a network of its own.
     */
    PairLan withSyncLink() {
        syncLink = true;
        return this;
    }

    /** Builds the LAN afresh, deleting whatever an earlier run left under the same names. */
    void create() {
        NamespaceClaims.claim(prefix);
        Topology.deleteNamespaces(namespaces);
        namespaces.forEach(ns -> Shell.ok("ip", "netns", "add", ns));
        namespaces.forEach(ns -> Topology.in(ns, "ip", "link", "set", "lo", "up"));
        String bridge = prefix + "-br";
        Topology.in(lan(), "ip", "link", "add", bridge, "type", "bridge");
        Topology.in(lan(), "ip", "link", "set", bridge, "up");
        for (String letter : letters) {
            String ns = prefix + "-" + letter;
            Shell.ok("ip", "link", "add", port(letter), "netns", lan(), "type", "veth", "peer", "name",
                    prefix + "-" + letter + "0", "netns", ns);
            Topology.in(lan(), "ip", "link", "set", port(letter), "master", bridge);
            Topology.in(lan(), "ip", "link", "set", port(letter), "up");
            Topology.in(ns, "ip", "link", "set", prefix + "-" + letter + "0", "up");
        }
        Topology.in(primaryNamespace(), "ip", "addr", "add", primaryCidr, "dev", primaryInterface());
        Topology.in(secondaryNamespace(), "ip", "addr", "add", secondaryCidr, "dev", secondaryInterface());
        if (syncLink) {
            Shell.ok("ip", "link", "add", prefix + "-as", "netns", primaryNamespace(), "type", "veth", "peer", "name",
                    prefix + "-bs", "netns", secondaryNamespace());
            Topology.in(primaryNamespace(), "ip", "addr", "add", SYNC_PRIMARY + "/30", "dev", prefix + "-as");
            Topology.in(secondaryNamespace(), "ip", "addr", "add", SYNC_SECONDARY + "/30", "dev", prefix + "-bs");
            syncLink(true);
            Topology.in(secondaryNamespace(), "ip", "link", "set", prefix + "-bs", "up");
        }
    }

    /** Takes the sync link down or up at the primary's end: the servers lose each other, not their clients. */
    void syncLink(boolean up) {
        Topology.in(primaryNamespace(), "ip", "link", "set", prefix + "-as", up ? "up" : "down");
    }

    String primaryNamespace() {
        return prefix + "-a";
    }

    String primaryInterface() {
        return prefix + "-a0";
    }

    String secondaryNamespace() {
        return prefix + "-b";
    }

    String secondaryInterface() {
        return prefix + "-b0";
    }

    String clientNamespace() {
        return clientNamespace(0);
    }

    String clientInterface() {
        return clientInterface(0);
    }

    /** The namespace of client {@code n}, from 0. */
    String clientNamespace(int n) {
        return prefix + "-" + letters.get(2 + n);
    }

    String clientInterface(int n) {
        return clientNamespace(n) + "0";
    }

    /** Takes the secondary's port on the bridge down or up: the pair's link and the secondary's clients with it. */
    void secondaryPort(boolean up) {
        Topology.in(lan(), "ip", "link", "set", port("b"), up ? "up" : "down");
    }

    private String port(String letter) {
        return prefix + "-" + letter + "p";
    }

    private String lan() {
        return prefix + "-lan";
    }

    /** Kills whatever runs in the LAN's namespaces and deletes them. */
    @Override
    public void close() {
        Topology.deleteNamespaces(namespaces);
        NamespaceClaims.release(prefix);
    }
}
