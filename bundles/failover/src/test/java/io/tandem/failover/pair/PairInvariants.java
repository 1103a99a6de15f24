package io.tandem.failover.pair;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * ARCHITECTURE.md invariants 1 and 2 as they must hold at every moment, not only once the pair has converged: on
 * each running server no client is bound (ACTIVE, not yet ended) to two addresses of the subnet, and no address is
 * bound to one client on one server and to another on the other. The second needs no convergence: each server
 * binds only addresses it owns, and a lease's time never outlasts what its peer knows plus MCLT.
 */
final class PairInvariants {

    /** A scan running beside a commit may see half of its batch; a real violation is still there when reread. */
    private static final int READS = 3;

    private PairInvariants() {
    }

    /** Fails with every violation seen in each of a few reads of the running servers' stores. */
    static void check(List<SimulatedServer> servers, Instant now, String where) throws InterruptedException {
        List<String> violations = List.of();
        for (int read = 0; read < READS; read++) {
            violations = violations(servers, now);
            if (violations.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(where + ": " + String.join("; ", violations));
    }

    private static List<String> violations(List<SimulatedServer> servers, Instant now) {
        List<String> violations = new ArrayList<>();
        Map<Ipv4Address, Map<String, ClientId>> boundOn = new TreeMap<>();
        for (SimulatedServer server : servers) {
            if (!server.running()) {
                continue;
            }
            Map<ClientId, List<Ipv4Address>> byClient = new HashMap<>();
            for (Lease lease : server.leases()) {
                if (lease.state() == BindingState.ACTIVE && lease.end().isAfter(now)) {
                    byClient.computeIfAbsent(lease.client(), client -> new ArrayList<>()).add(lease.address());
                    boundOn.computeIfAbsent(lease.address(), address -> new HashMap<>())
                            .put(server.name(), lease.client());
                }
            }
            byClient.forEach((client, addresses) -> {
                if (addresses.size() > 1) {
                    violations.add("invariant 1: " + client + " bound to " + addresses + " on " + server.name());
                }
            });
        }
        boundOn.forEach((address, clients) -> {
            if (clients.values().stream().filter(Objects::nonNull).distinct().count() > 1) {
                violations.add("invariant 2: " + address + " bound to different clients " + clients);
            }
        });
        return violations;
    }
}
