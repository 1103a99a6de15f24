package io.tandem.failover.audit;

import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.PairAuditReport;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.isc.FailoverPeerState;
import io.tandem.isc.IscLeaseFile;
import io.tandem.isc.IscLeaseFileException;
import io.tandem.isc.IscLeaseWriter;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pair audit as an operator runs it on one server: this server's store on one side, the peer's lease file on
 * the other, since the failover protocol has no way to read a peer's whole database without changing it. A Tandem
 * peer writes its file with {@link #export}; an ISC peer's {@code dhcpd.leases} is read as it is.
 */
public final class PeerFileAudit {

    private final LeaseStore store;
    private final String relationship;

    /**
     * @param store this server's leases
     * @param relationship the relationship's name, under which each server writes its failover state block
     */
    public PeerFileAudit(LeaseStore store, String relationship) {
        this.store = store;
        this.relationship = relationship;
    }

    /**
     * Writes every stored lease and this server's failover state to {@code file}, through a temporary file beside
     * it so that a reader never sees half a file.
     *
     * @return how many leases were written
     */
    public long export(Path file, FailoverView view) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        long[] written = {0};
        // Written lease by lease as the store is read: the text of a large store would not fit the heap.
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.ISO_8859_1)) {
            IscLeaseWriter writer = new IscLeaseWriter(out);
            store.scan(Ipv4Address.ANY, Ipv4Address.BROADCAST, lease -> {
                try {
                    writer.lease(lease);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written[0]++;
            });
            writer.failoverPeer(relationship, view.state(), view.stateSince(), view.mclt());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written[0];
    }

    /**
     * Audits this server's store against the peer's lease file. The fields are compared only when this server is
     * NORMAL, it last heard the peer say NORMAL, and the file's own state block, if it has one, says NORMAL too:
     * a file written while the peer was interrupted rightly holds changes this server has not received.
     *
     * @param subnets the served subnets, each a shared network for the one-binding-per-client rule
     * @param now the time against which a lease without a binding state in the file is judged
     * @throws IOException if the file cannot be read or parsed; the message names the file, line and reason
     */
    public PairAuditReport audit(Path peerFile, List<Subnet> subnets, FailoverView view, Instant now)
            throws IOException {
        IscLeaseFile peer;
        try {
            peer = IscLeaseFile.read(peerFile, now);
        } catch (IscLeaseFileException e) {
            throw new IOException(peerFile + ": " + e.getMessage(), e);
        }
        Optional<FailoverState> peersOwnWord = peer.failoverPeers().stream()
                .filter(block -> block.relationship().equals(relationship))
                .map(FailoverPeerState::myState).flatMap(Optional::stream).findFirst();
        boolean pairNormal = view.state() == FailoverState.NORMAL && view.peerState() == FailoverState.NORMAL
                && peersOwnWord.map(state -> state == FailoverState.NORMAL).orElse(true);
        List<Lease> mine = storedLeases();
        boolean primary = view.role() == FailoverRole.PRIMARY;
        List<Finding> findings = new PairAudit(subnets).audit(primary ? mine : peer.leases(),
                primary ? peer.leases() : mine, pairNormal);
        return new PairAuditReport(mine.size(), peer.leases().size(), pairNormal,
                findings.stream().map(Finding::description).toList());
    }

    private List<Lease> storedLeases() {
        List<Lease> leases = new ArrayList<>();
        store.scan(Ipv4Address.ANY, Ipv4Address.BROADCAST, leases::add);
        return leases;
    }
}
