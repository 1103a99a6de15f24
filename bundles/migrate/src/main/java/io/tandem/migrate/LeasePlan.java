package io.tandem.migrate;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.isc.FailoverPeerState;
import io.tandem.isc.IscLeaseFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What of a {@code dhcpd.leases} goes into Tandem: every lease of an address in a pool the translated
 * configuration serves, with its state, client, times and failover fields as ISC wrote them, and the saved state of
 * the relationship the configuration declares.
 *
 * @param leases the leases to store
 * @param state the failover state to resume from, if the file saved one for the relationship
 * @param notes what was left behind, and why
 */
record LeasePlan(List<Lease> leases, Optional<SavedState> state, List<String> notes) {

    /** A relationship's saved state, as Tandem keeps it. */
    record SavedState(FailoverState state, Instant since, FailoverState peerState, Duration mclt) {

        String shown() {
            return state + " since " + since + ", peer " + peerState;
        }
    }

    LeasePlan {
        leases = List.copyOf(leases);
        notes = List.copyOf(notes);
    }

    /** The plan for {@code file}, parsed as {@code parsed}, under {@code translation}. */
    static LeasePlan of(Path file, IscLeaseFile parsed, Translation translation) {
        List<Lease> leases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Lease lease : parsed.leases()) {
            if (translation.subnets().stream().anyMatch(subnet -> subnet.inPool(lease.address()))) {
                leases.add(lease);
            } else {
                notes.add(file + ": lease " + lease.address() + " (" + lease.state() + "): in no pool of the"
                        + " translated configuration, not imported");
            }
        }
        Optional<SavedState> state = Optional.empty();
        for (FailoverPeerState block : parsed.failoverPeers()) {
            Optional<Translation.Relationship> relationship = translation.relationship()
                    .filter(r -> r.name().equals(block.relationship()));
            if (relationship.isEmpty()) {
                notes.add(file + ": failover peer \"" + block.relationship() + "\" state: the configuration declares"
                        + " no such relationship, not imported");
            } else {
                state = saved(block, relationship.get(), file, notes);
            }
        }
        if (state.isEmpty() && translation.relationship().isPresent()) {
            notes.add(file + ": no saved state for failover peer \"" + translation.relationship().get().name()
                    + "\": Tandem starts in RECOVER and learns every lease from its peer, as ISC would");
        }
        return new LeasePlan(leases, state, notes);
    }

    private static Optional<SavedState> saved(FailoverPeerState block, Translation.Relationship relationship,
            Path file, List<String> notes) {
        if (block.myState().isEmpty() || block.myStateSince().isEmpty()
                || block.myState().get() == FailoverState.STARTUP) {
            notes.add(file + ": failover peer \"" + block.relationship() + "\" state has no state to resume"
                    + " (my state missing or startup): Tandem starts in RECOVER");
            return Optional.empty();
        }
        Duration mclt = relationship.role() == FailoverRole.PRIMARY ? relationship.mclt()
                : block.mclt().orElse(Duration.ZERO);
        return Optional.of(new SavedState(block.myState().get(), block.myStateSince().get(),
                block.partnerState().orElse(FailoverState.UNKNOWN), mclt));
    }
}
