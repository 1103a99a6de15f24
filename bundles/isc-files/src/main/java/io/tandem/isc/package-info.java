/**
 * ISC dhcpd 4.4's files as Tandem reads and writes them: {@link io.tandem.isc.IscLeaseFile} reads a
 * {@code dhcpd.leases} (leases and failover state blocks) as Tandem's model, {@link io.tandem.isc.IscLeaseWriter}
 * writes one, and {@link io.tandem.isc.IscTokenizer} cuts either file, {@code dhcpd.conf} included, into tokens.
 * Plain values and functions: the failover bundle's audit and export and the importer use them.
 */
@Export
@Version("1.0.0")
package io.tandem.isc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
