package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client that sees every offer its DISCOVER gets and REQUESTs the one it prefers ({@code dhcp_probe.py choose}):
 * what the pair tests need to tell which server offered what.
 */
final class OfferChooser {

    /**
     * What a client saw: the offers, each {@code "ADDRESS SERVER"} in the order they came, then what it was
     * acknowledged ({@code "ADDRESS SERVER"}), if it asked.
     */
    record Exchange(List<String> offers, Optional<String> acknowledged) {

        static Exchange of(List<String> lines) {
            List<String> offers = new ArrayList<>();
            Optional<String> acknowledged = Optional.empty();
            for (String line : lines) {
                if (line.startsWith("OFFER ")) {
                    offers.add(line.substring("OFFER ".length()));
                } else if (line.startsWith("ACK ")) {
                    acknowledged = Optional.of(line.substring("ACK ".length()));
                } else if (line.startsWith("NAK ")) {
                    throw new AssertionError("NAK: " + lines);
                }
            }
            return new Exchange(offers, acknowledged);
        }
    }

    private final CraftedDhcp probe;
    private final String namespace;
    private final String ifname;

    OfferChooser(CraftedDhcp probe, String namespace, String ifname) {
        this.probe = probe;
        this.namespace = namespace;
        this.ifname = ifname;
    }

    /**
     * A DISCOVER with {@code secs}, asking for {@code requested} ("-" for nothing); REQUESTs the offer of
     * {@code preferred} ("first" for whichever came first, a server nobody is for none).
     */
    Exchange exchange(String mac, int secs, String requested, String preferred) {
        return Exchange.of(probe.run(namespace, "choose", ifname, mac, String.valueOf(secs), requested, preferred));
    }

    /** The lease a client is acknowledged with secs 0, which must come from {@code server}; its address. */
    String leaseFrom(String server, String mac) {
        Exchange first = exchange(mac, 0, "-", "first");
        assertEquals("the first lease comes from the server of the client's bucket: " + first, server,
                first.acknowledged().orElseThrow().split(" ")[1]);
        return first.acknowledged().get().split(" ")[0];
    }
}
