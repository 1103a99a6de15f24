package io.tandem.api.model;

import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything the server knows about one address. Immutable; change it with {@link #toBuilder()}.
 *
 * <p>Times have one-second resolution, as on the failover wire and in ISC's lease file; the constructor truncates
 * finer values. {@link #UNSET} (the epoch) marks a time that has never been set, as 0 does for ISC.
 *
 * @param address the leased address
 * @param state the binding state
 * @param client the client bound to it, or that last held it (an affinity hint); {@code null} when none
 * @param hardware the client's hardware address as last seen; {@code null} when none
 * @param start when the current binding state began (ISC {@code starts}, failover STOS)
 * @param end when the current binding state ends (ISC {@code ends}, lease-expiration-time)
 * @param tstp potential expiry last sent to the failover peer ("time sent to partner")
 * @param tsfp potential expiry the peer acknowledged or sent ("time from partner")
 * @param atsfp acknowledged copy of tsfp; {@code tstp > atsfp} means the peer has not acknowledged our change
 * @param cltt client's last transaction time
 * @param hostname the client's host name (option 12 or 81), or {@code null}
 * @param relayAgentInfo the raw option 82 payload the lease was granted through, or {@code null}
 * @param rewind the binding state the failover peer may last have heard of for this address, sent to it or received
 *     from it (ISC's {@code rewind binding state}): out of touch with the peer, a binding it never heard of may
 *     return straight to this state when it ends. {@code null} when not known; FREE for an address never stored
 */
public record Lease(
        Ipv4Address address,
        BindingState state,
        ClientId client,
        HardwareAddress hardware,
        Instant start,
        Instant end,
        Instant tstp,
        Instant tsfp,
        Instant atsfp,
        Instant cltt,
        String hostname,
        byte[] relayAgentInfo,
        BindingState rewind) {

    /** The value of a time field that has never been set. */
    public static final Instant UNSET = Instant.EPOCH;
    /** Longest host name kept (DNS name limit, RFC 1035 §2.3.4). */
    public static final int MAX_HOSTNAME_LENGTH = 255;
    /** Longest relay agent information kept: option 82 may span several 255-byte instances (RFC 3396). */
    public static final int MAX_RELAY_AGENT_INFO_LENGTH = 1024;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field and the rule broken
     * @throws NullPointerException if a required field is null
     */
    public Lease {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        start = seconds(start, "start");
        end = seconds(end, "end");
        tstp = seconds(tstp, "tstp");
        tsfp = seconds(tsfp, "tsfp");
        atsfp = seconds(atsfp, "atsfp");
        cltt = seconds(cltt, "cltt");
        if (address.isAny() || address.equals(Ipv4Address.BROADCAST)) {
            throw new IllegalArgumentException("lease address " + address + " cannot be leased");
        }
        if (state.isBound() && client == null) {
            throw new IllegalArgumentException("lease " + address + " is " + state + " but has no client");
        }
        if (state.isBound() && end.isBefore(start)) {
            throw new IllegalArgumentException("lease " + address + " ends (" + end + ") before it starts (" + start + ")");
        }
        if (state == BindingState.ABANDONED && (client != null || hardware != null)) {
            throw new IllegalArgumentException("lease " + address + " is ABANDONED and must not name a client");
        }
        if (rewind == BindingState.OFFERED) {
            throw new IllegalArgumentException("lease " + address + " cannot rewind to OFFERED, which no peer hears of");
        }
        if (hostname != null && (hostname.isEmpty() || hostname.length() > MAX_HOSTNAME_LENGTH)) {
            throw new IllegalArgumentException("lease " + address + " hostname must be 1 to 255 characters");
        }
        if (relayAgentInfo != null) {
            if (relayAgentInfo.length == 0 || relayAgentInfo.length > MAX_RELAY_AGENT_INFO_LENGTH) {
                throw new IllegalArgumentException("lease " + address + " relay agent information must be 1 to "
                        + MAX_RELAY_AGENT_INFO_LENGTH + " bytes");
            }
            relayAgentInfo = relayAgentInfo.clone();
        }
    }

    private static Instant seconds(Instant time, String field) {
        Objects.requireNonNull(time, field);
        // Most times are whole seconds already; truncatedTo would build a new Instant for nothing.
        return time.getNano() == 0 ? time : time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A FREE lease for {@code address} with every other field unset. */
    public static Lease free(Ipv4Address address) {
        return builder(address).build();
    }

    /** A builder for a lease on {@code address}, FREE with every other field unset. */
    public static Builder builder(Ipv4Address address) {
        return new Builder(address);
    }

    /** A builder holding this lease's fields. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of the raw option 82 payload, or {@code null}. */
    @Override
    public byte[] relayAgentInfo() {
        return relayAgentInfo == null ? null : relayAgentInfo.clone();
    }

    /** True if the lease is ACTIVE and bound to {@code candidate}. */
    public boolean isActiveFor(ClientId candidate) {
        return state == BindingState.ACTIVE && client.equals(candidate);
    }

    /** True when a change to this lease has been sent to the failover peer and not yet acknowledged. */
    public boolean isUnacknowledged() {
        return tstp.isAfter(atsfp);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lease other
                && address.equals(other.address)
                && state == other.state
                && Objects.equals(client, other.client)
                && Objects.equals(hardware, other.hardware)
                && start.equals(other.start)
                && end.equals(other.end)
                && tstp.equals(other.tstp)
                && tsfp.equals(other.tsfp)
                && atsfp.equals(other.atsfp)
                && cltt.equals(other.cltt)
                && Objects.equals(hostname, other.hostname)
                && Arrays.equals(relayAgentInfo, other.relayAgentInfo)
                && rewind == other.rewind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, state, client, start, end);
    }

    @Override
    public String toString() {
        return "Lease[" + address + " " + state + " client=" + client + " hw=" + hardware + " start=" + start
                + " end=" + end + " tstp=" + tstp + " tsfp=" + tsfp + " atsfp=" + atsfp + " cltt=" + cltt
                + (hostname == null ? "" : " hostname=" + hostname)
                + (relayAgentInfo == null ? "" : " relay=" + relayAgentInfo.length + "B")
                + (rewind == null ? "" : " rewind=" + rewind) + "]";
    }

    /** Mutable staging area for a {@link Lease}; {@link #build()} validates. */
    public static final class Builder {
        private final Ipv4Address address;
        private BindingState state = BindingState.FREE;
        private ClientId client;
        private HardwareAddress hardware;
        private Instant start = UNSET;
        private Instant end = UNSET;
        private Instant tstp = UNSET;
        private Instant tsfp = UNSET;
        private Instant atsfp = UNSET;
        private Instant cltt = UNSET;
        private String hostname;
        private byte[] relayAgentInfo;
        private BindingState rewind;

        private Builder(Ipv4Address address) {
            this.address = address;
        }

        private Builder(Lease lease) {
            this.address = lease.address;
            this.state = lease.state;
            this.client = lease.client;
            this.hardware = lease.hardware;
            this.start = lease.start;
            this.end = lease.end;
            this.tstp = lease.tstp;
            this.tsfp = lease.tsfp;
            this.atsfp = lease.atsfp;
            this.cltt = lease.cltt;
            this.hostname = lease.hostname;
            this.relayAgentInfo = lease.relayAgentInfo;
            this.rewind = lease.rewind;
        }

        /** The state set so far. */
        public BindingState state() {
            return state;
        }

        public Builder state(BindingState value) {
            this.state = value;
            return this;
        }

        public Builder client(ClientId value) {
            this.client = value;
            return this;
        }

        public Builder hardware(HardwareAddress value) {
            this.hardware = value;
            return this;
        }

        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        public Builder end(Instant value) {
            this.end = value;
            return this;
        }

        public Builder tstp(Instant value) {
            this.tstp = value;
            return this;
        }

        public Builder tsfp(Instant value) {
            this.tsfp = value;
            return this;
        }

        public Builder atsfp(Instant value) {
            this.atsfp = value;
            return this;
        }

        public Builder cltt(Instant value) {
            this.cltt = value;
            return this;
        }

        public Builder hostname(String value) {
            this.hostname = value;
            return this;
        }

        public Builder relayAgentInfo(byte[] value) {
            this.relayAgentInfo = value;
            return this;
        }

        public Builder rewind(BindingState value) {
            this.rewind = value;
            return this;
        }

        /** The lease; validated as the {@link Lease} constructor describes. */
        public Lease build() {
            return new Lease(address, state, client, hardware, start, end, tstp, tsfp, atsfp, cltt, hostname,
                    relayAgentInfo, rewind);
        }
    }
}
