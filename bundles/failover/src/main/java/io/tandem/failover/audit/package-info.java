/**
 * The pair audit: {@link io.tandem.failover.audit.PairAudit} checks two failover peers' lease sets against the
 * pair's invariants and reports typed {@link io.tandem.failover.audit.Finding}s;
 * {@link io.tandem.isc.IscLeaseFile} (bundle isc-files) reads an ISC dhcpd 4.4 lease file as Tandem leases so that an
 * ISC server can be audited too.
 *
 * <p>Private to the bundle: plain values and functions, no services, no I/O beyond reading a file on request.
 */
package io.tandem.failover.audit;
