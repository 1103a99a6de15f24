package io.tandem.failover.wire;

import java.time.Instant;

/**
 * The fields of the 12-byte header every message shares besides its length, type and payload offset, which the
 * codec derives (reference §1.2).
 *
 * @param time the sender's clock, whole seconds (ISC refuses a CONNECT more than 60 s off its own)
 * @param xid  the transaction id, 0 to 2^32-1: one counter per link for what a side originates; a reply copies
 *             the request's
 */
public record Header(Instant time, long xid) {

    public Header {
        WireValues.requireTime(time, "message time");
        WireValues.requireU32(xid, "xid");
    }
}
