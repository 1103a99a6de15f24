package io.tandem.failover.wire;

/**
 * The IP-flags option (12) of a binding: whether the lease is reserved and whether it was given by BOOTP.
 *
 * @param bits the 16 bits as sent; unknown bits are kept so a re-encoded update says what it received
 */
public record IpFlags(int bits) {

    public static final int RESERVED = 0x0001;
    public static final int BOOTP = 0x0002;

    public IpFlags {
        WireValues.requireU16(bits, "IP flags");
    }

    public boolean reserved() {
        return (bits & RESERVED) != 0;
    }

    public boolean bootp() {
        return (bits & BOOTP) != 0;
    }
}
