package io.tandem.io.netty;

import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.ConfigurationProblem;
import io.tandem.api.ConfigurationReport;
import io.tandem.api.DhcpHandler;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.TrafficStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * one arrives, on a later update the last good configuration keeps serving. An interface missing at start is
 * retried until it appears (it may come up after Tandem); a change that adds an interface that does not exist is
 * refused instead, so that a typo never stops a served network. Both show in the {@link ConfigurationReport}.
 */
@Component(service = ConfigurationReport.class, immediate = true, configurationPid = ServerSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfig.class)
public final class UdpServerComponent implements ConfigurationReport {

    private static final Logger LOG = LoggerFactory.getLogger(UdpServerComponent.class);
    /** How often an interface that is not ready (no IPv4 address yet, bind failed) is tried again. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

    private final DhcpHandler engine;
    private final TrafficStatistics statistics;
    private final Duration retryInterval;
    private ServerSettings settings;
    private UdpServer server;
    private volatile ConfigurationProblem refused;

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

    /** The refused configuration, if the latest was, and every interface that is not served yet, with why. */
    @Override
    public synchronized List<ConfigurationProblem> problems() {
        List<ConfigurationProblem> problems = new ArrayList<>();
        if (refused != null) {
            problems.add(refused);
        }
        if (server != null) {
            for (InterfaceChannel channel : server.channels()) {
                channel.notBoundBecause().ifPresent(why -> problems.add(new ConfigurationProblem(
                        ConfigurationProblem.Kind.WAITING, ServerSettings.PID, null, "interfaces",
                        channel.interfaceName() + " not served yet: " + why + "; retrying every "
                                + retryInterval.toSeconds() + " s")));
            }
        }
        return problems;
    }

    @Override
    public synchronized List<SettingsInEffect> inEffect() {
        return settings == null ? List.of() : List.of(new SettingsInEffect("server", ServerSettings.PID,
                settings.inEffect()));
    }

    private synchronized void apply(ServerConfig config) {
        ServerSettings next;
        ServerSettings current = settings;
        try {
            next = ServerSettings.from(config, name -> current != null && !current.interfaces().contains(name));
        } catch (ConfigurationRejectedException e) {
            refused = e.problem();
            LOG.error("{} serving={}", e.getMessage(), settings == null ? "nothing" : "previous");
            return;
        }
        refused = null;
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
        LOG.info("dhcp sockets starting interfaces={} port={} clientPort={} relayPort={} maxPendingRequests={}"
                + " receiveBufferBytes={}", next.interfaces(), next.port(), next.clientPort(), next.relayPort(),
                next.maxPendingRequests(), next.receiveBufferBytes());
    }
}
