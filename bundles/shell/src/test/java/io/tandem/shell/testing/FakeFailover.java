package io.tandem.shell.testing;

import io.tandem.api.FailoverAdministration;
import io.tandem.api.FailoverRole;
import io.tandem.api.FailoverState;
import io.tandem.api.FailoverStatus;
import io.tandem.api.FailoverView;
import io.tandem.api.HashBuckets;
import io.tandem.api.PairAuditReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A primary in NORMAL since {@link #SINCE}: counts partner-down, shutdown and pause requests, records the files it was asked to export
 * to, and answers an audit with the report (or failure) the test sets.
 */
public final class FakeFailover implements FailoverAdministration {

    public static final Instant SINCE = Instant.parse("2026-11-28T10:00:00Z");

    public int partnerDowns;
    public int shutdowns;
    public int pauses;
    public final List<Path> exports = new ArrayList<>();
    public final List<Path> audited = new ArrayList<>();
    private PairAuditReport report = new PairAuditReport(0, 0, true, List.of());
    private IOException failure;

    /** The report the next audits return. */
    public FakeFailover auditFinds(PairAuditReport next) {
        this.report = next;
        return this;
    }

    /** The failure the next audits and exports throw. */
    public FakeFailover failsWith(IOException next) {
        this.failure = next;
        return this;
    }

    @Override
    public FailoverStatus status() {
        return new FailoverStatus(new FailoverView(FailoverRole.PRIMARY, FailoverState.NORMAL, SINCE,
                FailoverState.NORMAL, Duration.ofSeconds(60), HashBuckets.split(128), 3,
                FailoverView.ISC_MAX_LEASE_MISBALANCE, FailoverView.ISC_MAX_LEASE_OWNERSHIP), true,
                SINCE.plusSeconds(30), 4, 1);
    }

    @Override
    public void partnerDown() {
        partnerDowns++;
    }

    @Override
    public void shutdown() {
        shutdowns++;
    }

    @Override
    public void pause() {
        pauses++;
    }

    @Override
    public long exportLeases(Path file) throws IOException {
        if (failure != null) {
            throw failure;
        }
        exports.add(file);
        return 7;
    }

    @Override
    public PairAuditReport audit(Path peerLeaseFile) throws IOException {
        if (failure != null) {
            throw failure;
        }
        audited.add(peerLeaseFile);
        return report;
    }
}
