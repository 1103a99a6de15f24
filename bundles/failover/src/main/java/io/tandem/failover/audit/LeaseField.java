package io.tandem.failover.audit;

import io.tandem.api.model.Lease;
import java.time.Instant;
import java.util.Objects;

/**
 * The rules by which two servers' copies of a lease must agree when the pair is in NORMAL; why these and no
 * others is explained on {@link PairAudit}. Each rule compares the primary's copy with the secondary's.
 */
public enum LeaseField {
    /** Binding state, exactly: FREE (the primary's) and BACKUP (the secondary's) are different owners. */
    STATE {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return primary.state() != secondary.state();
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "state " + primary.state() + " / " + secondary.state();
        }
    },
    /** The client's hardware address: every BNDUPD carries it and the receiver replaces its own. */
    HARDWARE {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return !Objects.equals(primary.hardware(), secondary.hardware());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "hardware " + primary.hardware() + " / " + secondary.hardware();
        }
    },
    /** {@code starts}: sent as STOS and stored by the receiver. */
    STARTS {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return !primary.start().equals(secondary.start());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "starts " + shown(primary.start()) + " / " + shown(secondary.start());
        }
    },
    /** {@code ends}: sent as lease-expiration-time and stored by the receiver. */
    ENDS {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return !primary.end().equals(secondary.end());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "ends " + shown(primary.end()) + " / " + shown(secondary.end());
        }
    },
    /** {@code tsfp}: the potential expiry agreed in the last exchange, recorded by both sides. */
    TSFP {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return !primary.tsfp().equals(secondary.tsfp());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "tsfp " + shown(primary.tsfp()) + " / " + shown(secondary.tsfp());
        }
    },
    /** {@code atsfp}: the acknowledged copy of that agreement, likewise recorded by both sides. */
    ATSFP {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return !primary.atsfp().equals(secondary.atsfp());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "atsfp " + shown(primary.atsfp()) + " / " + shown(secondary.atsfp());
        }
    },
    /** The primary's {@code tstp} is later than the secondary's {@code atsfp}: it sent what was never recorded. */
    PRIMARY_TSTP {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return primary.tstp().isAfter(secondary.atsfp());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "primary tstp " + shown(primary.tstp()) + " is after secondary atsfp " + shown(secondary.atsfp());
        }
    },
    /** The secondary's {@code tstp} is later than the primary's {@code atsfp}. */
    SECONDARY_TSTP {
        @Override
        boolean differs(Lease primary, Lease secondary) {
            return secondary.tstp().isAfter(primary.atsfp());
        }

        @Override
        String describe(Lease primary, Lease secondary) {
            return "secondary tstp " + shown(secondary.tstp()) + " is after primary atsfp " + shown(primary.atsfp());
        }
    };

    /** True if the two copies break this rule. */
    abstract boolean differs(Lease primary, Lease secondary);

    /** The two values in question, for a finding's description. */
    abstract String describe(Lease primary, Lease secondary);

    private static String shown(Instant time) {
        return time.equals(Lease.UNSET) ? "unset" : time.toString();
    }
}
