package io.tandem.core;

import io.tandem.protocol.DhcpMessage;
import java.util.Optional;

/**
 * What handling one request came to: a reply, silence that is part of the protocol (a RELEASE has no answer), or
 * a drop with a reason that is counted.
 *
 * @param reply the reply to send, or null
 * @param dropReason the counted reason for not answering, or null
 */
record Outcome(DhcpMessage reply, String dropReason) {

    static final Outcome SILENT = new Outcome(null, null);

    static Outcome reply(DhcpMessage reply) {
        return new Outcome(reply, null);
    }

    static Outcome drop(String reason) {
        return new Outcome(null, reason);
    }

    Optional<DhcpMessage> asReply() {
        return Optional.ofNullable(reply);
    }
}
