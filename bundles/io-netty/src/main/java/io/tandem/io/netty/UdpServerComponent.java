package io.tandem.io.netty;

import io.tandem.api.DhcpHandler;
import io.tandem.api.TrafficStatistics;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packet I/O as a DS component: serves the interfaces of PID {@value ServerSettings#PID} and feeds core's
 * {@link DhcpHandler}. Without that configuration nothing is bound (configuration REQUIRE). A configuration
 * with a bad value is logged in one line naming PID, key and reason; at activation nothing is served until a good
 * one arrives, on a later update the last good configuration keeps serving.
 */
@Component(configurationPid = ServerSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfig.class)
public final class UdpServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(UdpServerComponent.class);
    /** How often an interface that is not ready (no IPv4 address yet, bind failed) is tried again. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

    private final DhcpHandler engine;
    private final TrafficStatistics statistics;
    private final Duration retryInterval;
    private ServerSettings settings;
    private UdpServer server;

    @Activate
    public UdpServerComponent(@Reference(name = "engine") DhcpHandler engine,
            @Reference(name = "statistics") TrafficStatistics statistics,
            ServerConfig config) {
        this(engine, statistics, config, RETRY_INTERVAL);
    }

    /** As above, with the retry interval the tests shorten. */
    UdpServerComponent(DhcpHandler engine, TrafficStatistics statistics, ServerConfig config,
            Duration retryInterval) {
        this.engine = engine;
        this.statistics = statistics;
        this.retryInterval = retryInterval;
        apply(config);
    }

    @Modified
    synchronized void modified(ServerConfig config) {
        apply(config);
    }

    @Deactivate
    synchronized void deactivate() {
        if (server != null) {
            server.close();
            server = null;
            LOG.info("dhcp sockets closed interfaces={}", settings.interfaces());
            settings = null;
        }
    }

    synchronized UdpServer server() {
        return server;
    }

    private synchronized void apply(ServerConfig config) {
        ServerSettings next;
        try {
            next = ServerSettings.from(config);
        } catch (ConfigurationRejected e) {
            LOG.error("{} serving={}", e.getMessage(), settings == null ? "nothing" : "previous");
            return;
        }
        if (next.equals(settings)) {
            return;
        }
        deactivate();
        try {
            server = new UdpServer(next, engine, statistics, retryInterval);
        } catch (IllegalStateException e) {
            LOG.error("dhcp packet I/O cannot start reason=\"{}\"", e.getMessage());
            throw e;
        }
        settings = next;
        LOG.info("dhcp sockets starting interfaces={} port={} clientPort={} relayPort={} maxPendingRequests={}",
                next.interfaces(), next.port(), next.clientPort(), next.relayPort(), next.maxPendingRequests());
    }
}
