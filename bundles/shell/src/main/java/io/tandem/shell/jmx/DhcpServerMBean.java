package io.tandem.shell.jmx;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The DHCP server over JMX, object name {@value DhcpServerJmx#OBJECT_NAME}: the data of the {@code dhcp:*} shell
 * commands, in open types so any JMX console can show it without Tandem's classes. Texts (times, MACs, states)
 * read as in the shell.
 */
public interface DhcpServerMBean {

    /** One row per served subnet: Subnet (key); Size, Free, Offered, Active, Declined (long); Used % (double). */
    TabularData getPools();

    /** Every configuration problem, one line each, as logged and as {@code dhcp:status} prints them. */
    String[] getConfigurationProblems();

    /** The allocation policy in use, as {@code dhcp:status} says it: "allocation policy: NAME", or that there is none. */
    String getAllocationPolicy();

    /**
     * One row per installed allocation policy and core's fallback, as {@code dhcp:policy} lists them: Active
     * (boolean), Name (key), Bundle, Ranking (int), Served, Refused, Failed (long).
     */
    TabularData getPolicies();

    /** The policy the operator chose, as {@code dhcp:policy} says it. */
    String getPolicyChoice();

    /**
     * As {@code dhcp:policy use NAME}, or {@code dhcp:policy clear} when {@code name} is empty: makes the policy
     * active and keeps the choice across restarts. Returns the policy line of {@code dhcp:status}.
     */
    String usePolicy(String name);

    /** Whether the lease store can commit, as {@code dhcp:status} says it: "lease store: healthy", or the trouble. */
    String[] getStoreHealth();

    /** The settings in effect, as {@code dhcp:config} prints them: a header line per section, then its keys. */
    String[] getSettingsInEffect();

    /** The failover relationship, as {@code dhcp:failover} prints it, or one line saying there is none. */
    String[] getFailover();

    /** One row per counter: Direction (received, sent, dropped) and Message or reason (keys); Count (long). */
    TabularData getStatistics();

    /** Reply latency: count (long), then p50, p90, p99, p99.9 and max in milliseconds (double). */
    CompositeData getLatency();

    /** When counting started, local ISO time. */
    String getStatisticsSince();

    /**
     * The leases of one served subnet (CIDR), or of all of them when {@code subnet} is empty: Address (key), State,
     * MAC, Client ID, Hostname, Start, End, as the columns of {@code dhcp:leases}.
     */
    TabularData leases(String subnet);

    /** Every field of the lease of {@code address}, labelled as by {@code dhcp:lease}; null when it has none. */
    CompositeData lease(String address);

    /**
     * As {@code dhcp:failover-audit}: audits this server's leases against the peer's lease file and returns the
     * lines the command prints, the last saying "clean" or how many findings.
     */
    String[] auditFailover(String peerLeaseFile);

    /** As {@code dhcp:failover-export}: writes this server's leases as a dhcpd.leases file for the peer's audit. */
    String exportFailoverLeases(String file);

    /** Releases the ACTIVE lease of {@code address}; says what was released, or that there was no active lease. */
    String release(String address);

    /** As {@code dhcp:release --forget}: releases and forgets the client, whose next renewal is NAKed. */
    String releaseAndForget(String address);
}
