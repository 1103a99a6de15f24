package io.tandem.failover.link;

import io.tandem.failover.wire.RejectReason;
import java.util.Objects;

/**
 * Why a handshake message is refused: the reason for option 21 and the text for option 16 and the log.
 */
record Refusal(RejectReason reason, String text) {

    Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(text, "text");
    }
}
