package io.tandem.failover.service;

import io.netty.channel.EventLoopGroup;
import io.tandem.api.ConfigurationProblem;
import io.tandem.api.ConfigurationRejectedException;
import io.tandem.api.ConfigurationReport;
import io.tandem.api.FailoverAdministration;
import io.tandem.api.FailoverService;
import io.tandem.api.FailoverStatus;
import io.tandem.api.FailoverView;
import io.tandem.api.LeaseStore;
import io.tandem.api.PairAuditReport;
import io.tandem.api.PeerBindings;
import io.tandem.api.ServerAdministration;
import io.tandem.api.SettingsInEffect;
import io.tandem.api.model.Lease;
import io.tandem.failover.audit.PeerFileAudit;
import io.tandem.failover.config.FailoverConfig;
import io.tandem.failover.config.FailoverSettings;
import io.tandem.failover.config.FailoverSettingsParser;
import io.tandem.failover.link.LinkTimings;
import io.tandem.failover.link.PeerLink;
import io.tandem.failover.state.StateFile;
import io.tandem.failover.updates.FailoverEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover relationship as a DS component, present while {@code io.tandem.failover} is configured: the link to
 * the peer, the endpoint above it on its own thread, and the services core and the shell use. Immediate: the link
 * starts once the relationship is configured, whoever asks for the service (core fetches it off its binding thread,
 * since this needs core's {@link PeerBindings}). A changed configuration restarts it
 * (link and endpoint); the state file keeps the failover state across that and across restarts. A refused
 * configuration leaves it inactive, and core then answers no client rather than run standalone.
 */
@Component(service = {FailoverService.class, FailoverAdministration.class, ConfigurationReport.class},
        immediate = true, configurationPid = FailoverSettingsParser.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FailoverConfig.class)
public final class FailoverComponent implements FailoverService, FailoverAdministration, ConfigurationReport {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverComponent.class);
    /** Beside the lease store's default place, so that deleting one deletes the other. */
    private static final String STATE_FILE = "tandem/failover.state";

    /** Where the failover state is saved (the relationship and the importer's seed share it). */
    static Path stateFile() {
        return Path.of(System.getProperty("karaf.data", "data")).resolve(STATE_FILE);
    }

    private final FailoverSettings settings;
    /**
     * The one thread of the endpoint and of the link's sockets: a message is read, acted on and answered without
     * changing thread, and a burst of them costs one wake-up.
     */
    private final EventLoopGroup thread = PeerLink.newThread("tandem-failover");
    private final ScheduledExecutorService loop = thread.next();
    private final FailoverEndpoint endpoint;
    private final PeerLink link;
    private final ServerAdministration server;
    private final PeerFileAudit audit;

    @Activate
    public FailoverComponent(@Reference LeaseStore store, @Reference PeerBindings core,
            @Reference ServerAdministration server, Map<String, Object> properties) throws Exception {
        this.server = server;
        try {
            settings = FailoverSettingsParser.parse(properties);
        } catch (ConfigurationRejectedException e) {
            LOG.error(e.getMessage() + " serving=no-client-until-fixed");
            thread.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            throw e;
        }
        audit = new PeerFileAudit(store, settings.relationshipName());
        Path state = stateFile();
        endpoint = new FailoverEndpoint(settings, new StateFile(state), store, core, loop, Clock.systemUTC(),
                RandomGenerator.getDefault());
        loop.submit(() -> {
            endpoint.start();
            return null;
        }).get(30, TimeUnit.SECONDS);
        link = new PeerLink(settings, LinkTimings.ISC,
                new EndpointLinkListener(endpoint, loop, settings.maxUnackedUpdates()), thread);
        link.start();
        LOG.info("failover relationship started name=" + settings.relationshipName() + " role=" + settings.role()
                + " local=" + settings.localAddress() + ":" + settings.localPort() + " peer=" + settings.peerAddress()
                + ":" + settings.peerPort() + " stateFile=" + state);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        link.close();
        // Runs what is still queued, the endpoint's closing of the link among it (which leaves the pair's state).
        thread.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    @Override
    public FailoverView view() {
        return endpoint.view();
    }

    @Override
    public void bindingsChanged(List<Lease> committed) {
        endpoint.bindingsChanged(committed);
    }

    @Override
    public FailoverStatus status() {
        return endpoint.status();
    }

    @Override
    public void partnerDown() {
        LOG.warn("failover partner-down requested by the operator name=" + settings.relationshipName());
        loop.execute(endpoint::partnerDown);
    }

    @Override
    public void shutdown() {
        LOG.warn("failover shutdown requested by the operator name=" + settings.relationshipName()
                + " serving=no-client-until-restarted");
        loop.execute(endpoint::shutdown);
    }

    @Override
    public void pause() {
        LOG.warn("failover pause requested by the operator name=" + settings.relationshipName()
                + " serving=no-client-until-restarted");
        loop.execute(endpoint::pause);
    }

    @Override
    public long exportLeases(Path file) throws IOException {
        long written = audit.export(file, endpoint.view());
        LOG.info("failover leases exported name=" + settings.relationshipName() + " file=" + file.toAbsolutePath()
                + " leases=" + written);
        return written;
    }

    @Override
    public PairAuditReport audit(Path peerLeaseFile) throws IOException {
        PairAuditReport report = audit.audit(peerLeaseFile, server.subnets(), endpoint.view(), Clock.systemUTC().instant());
        LOG.info("failover pair audit name=" + settings.relationshipName() + " peerFile=" + peerLeaseFile.toAbsolutePath()
                + " local=" + report.localLeases() + " peer=" + report.peerLeases() + " fieldsCompared="
                + report.fieldsCompared() + " findings=" + report.findings().size());
        return report;
    }

    @Override
    public List<ConfigurationProblem> problems() {
        return List.of();
    }

    @Override
    public List<SettingsInEffect> inEffect() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("role", settings.role().name().toLowerCase(java.util.Locale.ROOT));
        shown.put("relationshipName", settings.relationshipName());
        shown.put("localAddress", settings.localAddress() + ":" + settings.localPort());
        shown.put("peerAddress", settings.peerAddress() + ":" + settings.peerPort());
        shown.put("mclt", settings.mclt().map(mclt -> mclt.toSeconds() + " s").orElse("learned from the primary"));
        shown.put("loadBalanceMaxSeconds", Integer.toString(settings.loadBalanceMaxSeconds()));
        shown.put("maxResponseDelay", settings.maxResponseDelay().toSeconds() + " s");
        shown.put("maxUnackedUpdates", Integer.toString(settings.maxUnackedUpdates()));
        shown.put("autoPartnerDown", settings.autoPartnerDown().isZero() ? "off"
                : settings.autoPartnerDown().toSeconds() + " s");
        return List.of(new SettingsInEffect("failover", FailoverSettingsParser.PID, shown));
    }
}
