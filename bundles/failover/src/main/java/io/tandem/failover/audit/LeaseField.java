package io.tandem.failover.audit;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.Lease;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The rules by which two servers' copies of a lease must agree when the pair is in NORMAL; why these and no
 * others is explained on {@link PairAudit}. Each rule compares the primary's copy with the secondary's.
 */
public enum LeaseField {
    /** Binding state, exactly: FREE (the primary's) and BACKUP (the secondary's) are different owners. */
    STATE(same("state", Lease::state)),
    /** The client's hardware address: every BNDUPD carries it and the receiver replaces its own. */
    HARDWARE(same("hardware", Lease::hardware)),
    /** {@code starts}: sent as STOS and stored by the receiver. */
    STARTS(same("starts", Lease::start)),
    /** {@code ends}: sent as lease-expiration-time and stored by the receiver. */
    ENDS(same("ends", Lease::end)),
    /** {@code tsfp}: the potential expiry agreed in the last exchange, recorded by both sides. */
    TSFP(same("tsfp", Lease::tsfp)),
    /** {@code atsfp}: the acknowledged copy of that agreement, likewise recorded by both sides. */
    ATSFP(same("atsfp", Lease::atsfp)),
    /** The primary's {@code tstp} is later than the secondary's {@code atsfp}: it sent what was never recorded. */
    PRIMARY_TSTP(recorded("primary", "secondary")),
    /** The secondary's {@code tstp} is later than the primary's {@code atsfp}. */
    SECONDARY_TSTP(swapped(recorded("secondary", "primary")));

    /** How one rule tests and describes a (primary, secondary) pair of copies. */
    private record Rule(BiPredicate<Lease, Lease> broken, BiFunction<Lease, Lease, String> text) {
    }

    private final Rule rule;

    LeaseField(Rule rule) {
        this.rule = rule;
    }

    /** True if the two copies break this rule. */
    boolean differs(Lease primary, Lease secondary) {
        return rule.broken().test(primary, secondary);
    }

    /** The two values in question, for a finding's description. */
    String describe(Lease primary, Lease secondary) {
        return rule.text().apply(primary, secondary);
    }

    /** Both copies must hold the same {@code value}. */
    private static Rule same(String name, Function<Lease, ?> value) {
        return new Rule((primary, secondary) -> !Objects.equals(value.apply(primary), value.apply(secondary)),
                (primary, secondary) -> name + " " + shown(value.apply(primary)) + " / "
                        + shown(value.apply(secondary)));
    }

    /**
     * The sender's {@code tstp} must not be later than the receiver's {@code atsfp}; arguments are (sender, receiver).
     * Not a finding when both copies are free alike: ISC stamps {@code tstp} when an acknowledged EXPIRED or RELEASED
     * lease becomes FREE or BACKUP and sends nothing, since the peer makes the same change itself.
     */
    private static Rule recorded(String sender, String receiver) {
        return new Rule((from, to) -> from.tstp().isAfter(to.atsfp()) && !freedAlike(from, to),
                (from, to) -> sender + " tstp " + shown(from.tstp()) + " is after " + receiver + " atsfp "
                        + shown(to.atsfp()));
    }

    /** Both copies FREE, or both BACKUP, from the same agreement ({@code tsfp} and {@code atsfp} equal). */
    private static boolean freedAlike(Lease one, Lease other) {
        return one.state() == other.state()
                && (one.state() == BindingState.FREE || one.state() == BindingState.BACKUP) && one.tsfp().equals(other.tsfp())
                && one.atsfp().equals(other.atsfp());
    }

    /** {@code rule} applied with the secondary's copy first. */
    private static Rule swapped(Rule rule) {
        return new Rule((primary, secondary) -> rule.broken().test(secondary, primary),
                (primary, secondary) -> rule.text().apply(secondary, primary));
    }

    private static String shown(Object value) {
        return Lease.UNSET.equals(value) ? "unset" : String.valueOf(value);
    }
}
