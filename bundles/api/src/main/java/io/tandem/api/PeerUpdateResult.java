package io.tandem.api;

import io.tandem.api.model.Lease;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of a {@link PeerUpdate}: the lease as now stored (durable), or the draft-12 reject reason (option 21)
 * to send back in the BNDACK with a message saying why.
 */
public record PeerUpdateResult(Optional<Lease> stored, int rejectReason, String message) {

    /** Not in any pool of the relationship. */
    public static final int ILLEGAL_ADDRESS = 1;
    /** A binding-status transition this server refuses. */
    public static final int FATAL_CONFLICT = 2;
    /** The binding lacks what its state requires (a client for ACTIVE, EXPIRED, RELEASED). */
    public static final int MISSING_BINDING_INFORMATION = 3;
    /** Anything else, e.g. an ABANDONED binding naming a client. */
    public static final int UNKNOWN_REASON = 6;
    /** Dueling updates: ours, not yet acknowledged, wins over the incoming one. */
    public static final int LESS_CRITICAL_BINDING_INFORMATION = 16;

    public PeerUpdateResult {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(message, "message");
    }

    public static PeerUpdateResult accepted(Lease stored) {
        return new PeerUpdateResult(Optional.of(stored), 0, "");
    }

    public static PeerUpdateResult rejected(int reason, String message) {
        return new PeerUpdateResult(Optional.empty(), reason, message);
    }

    public boolean isAccepted() {
        return stored.isPresent();
    }
}
