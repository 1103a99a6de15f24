package io.tandem.api;

import java.util.List;

/**
 * What the pair audit found ({@code dhcp:failover-audit}): this server's lease database against its peer's.
 *
 * @param localLeases leases read from this server's store
 * @param peerLeases leases read from the peer's lease file
 * @param fieldsCompared whether both servers were NORMAL, so that the time and state fields of each address were
 *     compared too; otherwise only duplicate bindings, conflicts and identities unknown to the peer are reported
 * @param findings one line per problem, sorted by address; empty when the pair is consistent
 */
public record PairAuditReport(long localLeases, long peerLeases, boolean fieldsCompared, List<String> findings) {

    public PairAuditReport {
        findings = List.copyOf(findings);
    }

    /** True if the audit found nothing wrong. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
