package io.tandem.failover.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of a failover pair, PID {@code io.tandem.failover} ({@code etc/io.tandem.failover.cfg} in Karaf); the
 * keys follow ISC dhcpd's {@code failover peer} statement (reference §7.1). {@link FailoverSettingsParser} reads the
 * same keys and is what validates them; this interface describes them to Metatype and the console.
 */
@ObjectClassDefinition(
        id = FailoverSettingsParser.PID,
        name = "Tandem DHCP failover",
        description = "This server's place in a failover pair with another Tandem or an ISC dhcpd 4.4. Without this"
                + " configuration the server runs standalone.")
public @interface FailoverConfig {

    @AttributeDefinition(name = "Role", description = "primary or secondary. The primary sets MCLT and the load"
            + " balancing split for both.", options = {@Option(value = "primary"), @Option(value = "secondary")})
    String role();

    @AttributeDefinition(name = "Relationship name", description = "The name of the pair, identical on both servers"
            + " (ISC: failover peer \"NAME\"); sent in CONNECT and checked by the secondary.")
    String relationshipName();

    @AttributeDefinition(name = "Local address", description = "This server's IPv4 address: where it listens for"
            + " its peer and how the peer knows it.")
    String localAddress();

    @AttributeDefinition(name = "Local port", description = "TCP port this server listens on for its peer.",
            min = "1", max = "65535")
    int localPort() default FailoverSettingsParser.DEFAULT_PORT;

    @AttributeDefinition(name = "Peer address", description = "The peer's IPv4 address.")
    String peerAddress();

    @AttributeDefinition(name = "Peer port", description = "TCP port the peer listens on.", min = "1", max = "65535")
    int peerPort() default FailoverSettingsParser.DEFAULT_PORT;

    @AttributeDefinition(name = "MCLT (s)", description = "Maximum client lead time: how far a lease may run beyond"
            + " what the peer knows. Required on the primary, refused on the secondary, which learns it from the"
            + " primary.", required = false, min = "1")
    long mclt();

    @AttributeDefinition(name = "Split (buckets)", description = "Primary only: load balancing gives hash buckets"
            + " 0 to split-1 (of 256) to the primary, the rest to the secondary. Exactly one of split and HBA.",
            required = false, min = "0", max = "256")
    int split();

    @AttributeDefinition(name = "HBA", description = "Primary only: the hash bucket assignment as 32 hex bytes"
            + " (colons allowed); a set bit gives that bucket to the primary. Exactly one of split and HBA.",
            required = false)
    String hba();

    @AttributeDefinition(name = "Load balance max seconds", description = "A DISCOVER whose secs field is above this"
            + " is answered by both servers; 0 turns load balancing off.", min = "0", max = "65535")
    int loadBalanceMaxSeconds() default FailoverSettingsParser.DEFAULT_LOAD_BALANCE_MAX_SECONDS;

    @AttributeDefinition(name = "Max response delay (s)", description = "A link silent this long is closed and"
            + " the pair goes to COMMUNICATIONS-INTERRUPTED; the peer sends CONTACT every third of it.", min = "3")
    int maxResponseDelay() default FailoverSettingsParser.DEFAULT_MAX_RESPONSE_DELAY;

    @AttributeDefinition(name = "Max unacked updates", description = "Binding updates the peer may send before"
            + " it waits for acknowledgements.", min = "1")
    int maxUnackedUpdates() default FailoverSettingsParser.DEFAULT_MAX_UNACKED_UPDATES;

    @AttributeDefinition(name = "Auto partner-down (s)", description = "After this long in"
            + " COMMUNICATIONS-INTERRUPTED the server assumes its peer is down (PARTNER-DOWN); 0 = never.",
            min = "0")
    int autoPartnerDown() default 0;

    @AttributeDefinition(name = "Max lease misbalance (%)", description = "Percent of a pool's free leases by"
            + " which the two servers' shares may differ before a scheduled balancing run asks the peer for"
            + " leases (POOLREQ).", min = "0", max = "100")
    int maxLeaseMisbalance() default FailoverSettingsParser.DEFAULT_MAX_LEASE_MISBALANCE;

    @AttributeDefinition(name = "Max lease ownership (%)", description = "Percent of a pool's free leases a"
            + " server may keep above half without giving them to its peer when pools are balanced.", min = "0",
            max = "100")
    int maxLeaseOwnership() default FailoverSettingsParser.DEFAULT_MAX_LEASE_OWNERSHIP;

    @AttributeDefinition(name = "Min balance (s)", description = "Shortest time between two scheduled pool"
            + " balancing runs.", min = "1")
    int minBalance() default FailoverSettingsParser.DEFAULT_MIN_BALANCE;

    @AttributeDefinition(name = "Max balance (s)", description = "Longest time between two scheduled pool"
            + " balancing runs.",
            min = "1")
    int maxBalance() default FailoverSettingsParser.DEFAULT_MAX_BALANCE;
}
