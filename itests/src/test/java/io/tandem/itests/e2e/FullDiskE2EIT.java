package io.tandem.itests.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tandem.itests.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * The distribution with its lease store on a 16 MiB tmpfs of its own, serving crafted clients while another file
 * fills that disk, as an operator meets it: clients get no answer rather than an unstored ACK, the log and
 * {@code dhcp:status} say so, the server answers again at the first try once there is room, a restart on a disk
 * that is still full starts and renews stored leases from the disk reserve, and every acknowledged lease is kept.
 */
public class FullDiskE2EIT {

    private static final Path WORK = Path.of(System.getProperty("e2e.work", "target/e2e")).toAbsolutePath()
            .resolve("full-disk");
    private static final Path DISK = WORK.resolve("store-disk");
    private static final Path FILLER = DISK.resolve("filler");
    /** One try with a short wait: a client the server cannot store gets no answer, and would hold up the test. */
    private static final Duration SHORT_WAIT = Duration.ofSeconds(1);
    private static final Duration LONG = Duration.ofSeconds(120);

    private static TandemDistribution server;

    @Rule
    public final TestWatcher serverLogOnFailure = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description description) {
            if (server != null) {
                System.err.println(description.getMethodName() + " failed; server log:\n" + server.logTail());
            }
        }
    };

    @BeforeClass
    public static void mountSmallDisk() throws IOException {
        Preconditions.require(Preconditions.clientTools());
        Files.createDirectories(DISK);
        Shell.quietly("umount", "--lazy", DISK.toString());
        Shell.ok("mount", "-t", "tmpfs", "-o", "size=16m", "tandem-e2e-store", DISK.toString());
        Topology.create();
    }

    @AfterClass
    public static void unmount() {
        try {
            if (server != null) {
                server.kill();
            }
        } finally {
            Topology.destroy();
            // Lazily: a killed server's files may still be mapped for a moment.
            Shell.quietly("umount", "--lazy", DISK.toString());
        }
    }

    @Test
    public void aFullDiskCostsAnswersNeverAcknowledgedLeasesAndServiceReturnsByItself() throws Exception {
        server = new TandemDistribution(DhcpClientsE2EIT.distribution(), WORK.resolve("tandem"));
        // No reserve at first, so that the full disk fails commits at once.
        server.configureStore(Map.of("path", DISK.resolve("leases.db").toString(), "diskReserveMegabytes", "0"));
        server.start();
        List<ClientStorm.Acknowledged> acknowledged = new ArrayList<>(storm("02:fd:00:00:00:00", 30, 3, LONG)
                .acknowledged());
        assertEquals("clients acknowledged before the disk fills", 30, acknowledged.size());

        fillForGood();
        ClientStorm whileFull = storm("02:fd:00:00:01:00", 10, 1, SHORT_WAIT);
        assertFalse("clients whose lease could not be stored get no answer:\n" + whileFull,
                whileFull.missed().isEmpty());
        acknowledged.addAll(whileFull.acknowledged());
        List<String> failing = server.logLines("lease store commits failing");
        assertFalse("the log says commits fail", failing.isEmpty());
        assertContains(failing.get(0), "No space left on device");
        assertContains(server.console("dhcp:status"), "lease store: COMMITS_FAILING since", "No space left on device",
                "requests that need a stored lease get no answer");
        assertContains(server.console("dhcp:stats"), "store-commit-failed");

        Files.delete(FILLER);
        ClientStorm afterwards = storm("02:fd:00:00:02:00", 30, 1, Duration.ofSeconds(5));
        assertEquals("clients acknowledged at their first try once there is room:\n" + afterwards, 30,
                afterwards.acknowledged().size());
        acknowledged.addAll(afterwards.acknowledged());
        assertFalse("the log says commits succeed again",
                server.logLines("lease store commits succeed again").isEmpty());
        Eventually.awaitTrue("dhcp:status to say the store is healthy", Duration.ofSeconds(30),
                () -> server.console("dhcp:status").contains("lease store: healthy"), server::logTail);

        // A restart on a disk that is still full, now with a reserve (written at the start, while there is room).
        server.configureStore(Map.of("path", DISK.resolve("leases.db").toString(), "diskReserveMegabytes", "1"));
        server.stop();
        server.start();
        assertTrue("the disk reserve is written at the start", Files.exists(DISK.resolve("leases.db.reserve")));
        fill();
        server.stop();
        server.start();
        assertEveryLeaseKept(acknowledged);
        ClientStorm renewals = storm("02:fd:00:00:00:00", 30, 1, Duration.ofSeconds(5));
        assertEquals("stored clients renewed from the reserve on the full disk:\n" + renewals, 30,
                renewals.acknowledged().size());
        assertFalse("the log says the reserve was given up",
                server.logLines("lease store disk reserve released").isEmpty());

        Files.delete(FILLER);
        server.stop();
        server.start();
        assertEveryLeaseKept(acknowledged);
    }

    private static ClientStorm storm(String firstMac, int clients, int tries, Duration wait) {
        return ClientStorm.start(Topology.CLIENT_NS, Topology.CLIENT_IF, firstMac, clients, WORK, tries, wait)
                .await(Duration.ofMinutes(5));
    }

    /**
     * Fills the disk, waits for the checkpoints to discard what the journal held (which gives the journal room
     * again), and fills what that freed: the journal has nothing left to discard, and commits fail until the filler
     * is deleted.
     */
    private static void fillForGood() throws Exception {
        fill();
        Thread.sleep(3000);
        fill();
    }

    /** Fills the store's disk with a file of its own until a write fails. */
    private static void fill() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(FILLER, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertContains(String.valueOf(full.getMessage()), "No space left on device");
        }
    }

    private static void assertEveryLeaseKept(List<ClientStorm.Acknowledged> acknowledged) {
        for (ClientStorm.Acknowledged ack : acknowledged) {
            LeaseView lease = server.lease(ack.address())
                    .orElseThrow(() -> new AssertionError("no lease for the acknowledged " + ack));
            assertEquals("state of " + ack, "ACTIVE", lease.state());
            assertEquals("MAC of " + ack, ack.mac(), lease.mac());
        }
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue("expected \"" + part + "\" in:\n" + text, text.contains(part));
        }
    }
}
