package io.tandem.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.tandem.api.LeaseStore;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Tandem installed from its feature in a real Karaf: every bundle resolves (MapDB's and Netty's dependencies
 * included), every DS component is active, only the API is exported, and a lease committed through the OSGi service
 * survives a restart of the store bundle, which recorded the store's creation in Karaf's etc directory.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundlesInKarafIT {

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime componentRuntime;

    @Inject
    private LeaseStore store;

    @Configuration
    public Option[] config() {
        return options(KarafOptions.tandemInKaraf());
    }

    @Test
    public void everyTandemBundleIsActiveAndEveryComponentSatisfied() throws InterruptedException {
        // The feature's bundles start one after the other; the test may begin while the last ones still start.
        long deadline = System.currentTimeMillis() + 30_000;
        while (!allStarted() && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        List<Bundle> tandem = tandemBundles();
        assertEquals("tandem bundles: " + names(tandem), 10, tandem.size());
        for (Bundle bundle : tandem) {
            assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
        }
        List<ComponentConfigurationDTO> configurations = tandemComponents();
        assertTrue("no Tandem DS component found", !configurations.isEmpty());
        for (ComponentConfigurationDTO configuration : configurations) {
            assertEquals(configuration.description.name + " state", ComponentConfigurationDTO.ACTIVE,
                    configuration.state);
        }
    }

    @Test
    public void apiPackagesAreExportedWithVersionsAndImplementationPackagesArePrivate() {
        assertEquals(Map.of("io.tandem.protocol", "1.0.0"), exportedPackages("io.tandem.protocol"));
        assertEquals(Map.of("io.tandem.api", "1.2.0", "io.tandem.api.model", "1.0.0"),
                exportedPackages("io.tandem.api"));
        assertEquals(Map.of("io.tandem.isc", "1.0.0"), exportedPackages("io.tandem.isc"));
        for (String implementation : List.of("io.tandem.store.mapdb", "io.tandem.core", "io.tandem.io.netty",
                "io.tandem.policy.affinity", "io.tandem.failover", "io.tandem.migrate", "io.tandem.shell")) {
            assertEquals(implementation + " exports", Map.of(), exportedPackages(implementation));
        }
    }

    @Test
    public void leaseCommittedThroughTheServiceSurvivesARestartOfTheStoreBundle() throws Exception {
        HardwareAddress mac = HardwareAddress.parseEthernet("02:00:00:00:00:01");
        ClientId client = ClientId.fromHardware(mac);
        Instant now = Instant.now();
        Lease lease = Lease.builder(Ipv4Address.parse("192.0.2.10")).state(BindingState.ACTIVE).client(client)
                .hardware(mac).start(now).end(now.plusSeconds(600)).cltt(now).hostname("itest").build();

        store.commit(List.of(lease)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(lease, store.get(lease.address()).orElseThrow());

        Bundle storeBundle = tandemBundles().stream()
                .filter(bundle -> bundle.getSymbolicName().equals("io.tandem.store.mapdb")).findFirst().orElseThrow();
        storeBundle.stop();
        storeBundle.start();

        ServiceTracker<LeaseStore, LeaseStore> tracker = new ServiceTracker<>(context, LeaseStore.class, null);
        tracker.open();
        try {
            LeaseStore reopened = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            assertNotNull("LeaseStore service came back after the bundle restart", reopened);
            assertEquals(lease, reopened.get(lease.address()).orElseThrow());
            assertEquals(List.of(lease), reopened.findByClient(client));
        } finally {
            tracker.close();
        }
        Path marker = Path.of(System.getProperty("karaf.etc"), "io.tandem.store.created");
        Path storeFile = Path.of(System.getProperty("karaf.data"), "tandem", "leases.db").toAbsolutePath().normalize();
        assertTrue("the store recorded its creation outside the data directory, in " + marker,
                Files.readAllLines(marker).contains("path = " + storeFile));
    }

    private boolean allStarted() {
        return tandemBundles().stream().allMatch(bundle -> bundle.getState() == Bundle.ACTIVE)
                && !tandemComponents().isEmpty()
                && tandemComponents().stream().allMatch(component -> component.state == ComponentConfigurationDTO.ACTIVE);
    }

    private List<ComponentConfigurationDTO> tandemComponents() {
        return componentRuntime.getComponentDescriptionDTOs().stream()
                .filter(description -> description.bundle.symbolicName.startsWith("io.tandem."))
                .flatMap(description -> componentRuntime.getComponentConfigurationDTOs(description).stream())
                .collect(Collectors.toList());
    }

    private List<Bundle> tandemBundles() {
        return Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().startsWith("io.tandem."))
                .collect(Collectors.toList());
    }

    private Map<String, String> exportedPackages(String symbolicName) {
        Bundle bundle = tandemBundles().stream().filter(b -> b.getSymbolicName().equals(symbolicName))
                .findFirst().orElseThrow();
        return bundle.adapt(BundleRevision.class).getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE).stream()
                .collect(Collectors.toMap(
                        capability -> (String) capability.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE),
                        capability -> capability.getAttributes().get("version").toString()));
    }

    private static String names(List<Bundle> bundles) {
        return bundles.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", "));
    }
}
