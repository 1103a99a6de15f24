package io.tandem.failover.wire;

/**
 * The DDNS option (9): two bytes of flags, then the client's name as TEXT. ISC reads it but its support is
 * incomplete and it never sends it; kept so that a Tandem peer can see what another implementation sent.
 *
 * @param flags the 16 flag bits
 * @param name  the name, without terminator
 */
public record DdnsInfo(int flags, String name) {

    public DdnsInfo {
        WireValues.requireU16(flags, "DDNS flags");
        WireValues.requireText(name, "DDNS name");
    }
}
