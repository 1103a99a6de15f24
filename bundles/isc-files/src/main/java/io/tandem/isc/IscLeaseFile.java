package io.tandem.isc;

import io.tandem.api.model.Lease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What an ISC dhcpd 4.4 {@code dhcpd.leases} file says: the current lease of every address it names (the last
 * block of an address wins, as the file is a log) and its failover state blocks (the last per relationship wins).
 *
 * <p>Read as ISO-8859-1, one char per byte, so that the escaped binary of a {@code uid} string maps back to the
 * exact bytes. See {@link IscLeaseParser} for how each statement becomes a field of {@link Lease}.
 *
 * @param leases one lease per address, in address order
 * @param failoverPeers one state block per relationship, in the order they first appear
 */
public record IscLeaseFile(List<Lease> leases, List<FailoverPeerState> failoverPeers) {

    /**
     * The value of {@code never}: the latest time the failover wire's 32-bit seconds can carry, so that an
     * imported infinite lease stays representable when it is sent to a peer.
     */
    public static final Instant NEVER = Instant.ofEpochSecond(0xFFFF_FFFFL);

    public IscLeaseFile {
        leases = List.copyOf(leases);
        failoverPeers = List.copyOf(failoverPeers);
    }

    /**
     * Parses lease-file text.
     *
     * @param now the time against which a lease without {@code binding state} is judged: ACTIVE if it ends
     *        later, else EXPIRED (ISC's rule for a failover pool)
     * @throws IscLeaseFileException naming the line and the reason, for any malformed input
     */
    public static IscLeaseFile parse(String text, Instant now) throws IscLeaseFileException {
        return new IscLeaseParser(new IscTokenizer(text), now).file();
    }

    /**
     * Reads and parses a lease file.
     *
     * @throws IOException if the file cannot be read
     * @throws IscLeaseFileException naming the line and the reason, for any malformed content
     */
    public static IscLeaseFile read(Path file, Instant now) throws IOException, IscLeaseFileException {
        return parse(Files.readString(file, StandardCharsets.ISO_8859_1), now);
    }
}
