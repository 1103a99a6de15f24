/**
 * The service contracts the bundles of Tandem meet through: {@link io.tandem.api.LeaseStore} (persistence),
 * {@link io.tandem.api.AllocationPolicy} (which address to offer), {@link io.tandem.api.FailoverService}
 * (the failover pair's view and the peer's update sink), {@link io.tandem.api.DhcpHandler} (the engine that packet
 * I/O feeds), and {@link io.tandem.api.ServerAdministration} with {@link io.tandem.api.TrafficStatistics} (what the
 * shell and JMX read). See ARCHITECTURE.md for who provides and who consumes each.
 */
@Export
@Version("1.2.0")
package io.tandem.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
