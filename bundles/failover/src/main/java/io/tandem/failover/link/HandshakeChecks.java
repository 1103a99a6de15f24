package io.tandem.failover.link;

import io.tandem.failover.wire.Connect;
import io.tandem.failover.wire.ConnectAck;
import io.tandem.failover.wire.Header;
import io.tandem.failover.wire.PeerParameters;
import io.tandem.failover.wire.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What each side requires of the other's handshake message (reference §1.6 "Receiving side", §1.7), checked in
 * ISC's order. The protocol version is not checked: ISC does not check it either.
 */
final class HandshakeChecks {

    /** ISC refuses a CONNECT or CONNECTACK whose header time is further than this from its own clock. */
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    private static final int MAX_QUOTED = 64;

    private HandshakeChecks() {
    }

    /** The secondary's checks of a CONNECT: relationship name (8), clock skew (4), HBA (18), MCLT (5). */
    static Optional<Refusal> connect(Connect connect, String relationshipName, Instant now) {
        Optional<Refusal> common = nameAndSkew(connect.peer(), connect.header(), relationshipName, now);
        if (common.isPresent()) {
            return common;
        }
        if (connect.hashBucketAssignment().isEmpty()) {
            return refuse(RejectReason.HASH_BUCKET_ASSIGNMENT_CONFLICT, "no hash bucket assignment");
        }
        if (!connect.hashBucketAssignment().get().isComplete()) {
            return refuse(RejectReason.HASH_BUCKET_ASSIGNMENT_CONFLICT, "hash bucket assignment of "
                    + connect.hashBucketAssignment().get().toBytes().length + " bytes, not 32");
        }
        if (connect.mclt().isEmpty()) {
            return refuse(RejectReason.INVALID_MCLT, "no MCLT");
        }
        return Optional.empty();
    }

    /** The primary's checks of an accepting CONNECTACK: relationship name (8) and clock skew (4). */
    static Optional<Refusal> connectAck(ConnectAck ack, String relationshipName, Instant now) {
        return nameAndSkew(ack.peer(), ack.header(), relationshipName, now);
    }

    private static Optional<Refusal> nameAndSkew(PeerParameters peer, Header header, String relationshipName,
            Instant now) {
        Optional<String> name = peer.relationshipName();
        if (name.isEmpty()) {
            return refuse(RejectReason.INVALID_PARTNER, "no relationship name");
        }
        // ISC compares the bytes exactly; ISO-8859-1 text maps one to one onto them.
        if (!name.get().equals(relationshipName)) {
            return refuse(RejectReason.INVALID_PARTNER, "relationship " + quoted(name.get()) + " is not "
                    + quoted(relationshipName));
        }
        Duration skew = Duration.between(header.time(), now).abs();
        if (skew.compareTo(MAX_SKEW) > 0) {
            return refuse(RejectReason.TIME_MISMATCH_TOO_GREAT, "clocks " + skew.toSeconds() + " s apart, more than "
                    + MAX_SKEW.toSeconds() + " s");
        }
        return Optional.empty();
    }

    /** A peer's text cut short: it goes into our reply, which must stay within 2048 bytes, and into the log. */
    private static String quoted(String text) {
        return '"' + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...") + '"';
    }

    private static Optional<Refusal> refuse(RejectReason reason, String text) {
        return Optional.of(new Refusal(reason, text));
    }
}
