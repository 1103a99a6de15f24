package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.ConfigurationProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlapping subnet configurations: what serves keeps serving, the conflicting configuration is the one refused,
 * and the outcome never depends on the order Config Admin delivers configurations, at runtime or after a restart.
 */
class SubnetArbiterTest {

    private static final int HISTORIES = 150;
    private static final List<String> RANGES = List.of("10.0.0.0/23", "10.0.0.0/24", "10.0.0.0/25", "10.0.1.0/24",
            "10.0.0.128/25", "10.0.2.0/24");

    @TempDir
    Path directory;

    /** The engine component's side of arbitration: what Config Admin delivered, what serves, and the clock. */
    private static final class Server {
        final Path recordFile;
        final Set<String> inConfigAdmin = new HashSet<>();
        Map<String, SubnetSettings> configured = new TreeMap<>();
        Map<String, SubnetSettings> serving = new TreeMap<>();
        SubnetArbitration arbitration;
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        List<ConfigurationProblem> problems = List.of();

        Server(Path directory) throws IOException {
            recordFile = Files.createTempDirectory(directory, "server").resolve("serving-subnets");
            arbitration = new SubnetArbitration(new ServingRecord(recordFile), Set.of());
        }

        /** A first start with these configurations in Config Admin (files in etc/), none delivered yet. */
        Server(Path directory, String... heldAtStart) throws IOException {
            this(directory);
            inConfigAdmin.addAll(Set.of(heldAtStart));
            arbitration = new SubnetArbitration(new ServingRecord(recordFile), inConfigAdmin);
        }

        void deliver(SubnetSettings settings) {
            inConfigAdmin.add(settings.pid());
            configured.put(settings.pid(), settings);
            decide();
        }

        void remove(String pid) {
            inConfigAdmin.remove(pid);
            configured.remove(pid);
            decide();
        }

        void advance(Duration duration) {
            now = now.plus(duration);
            decide();
        }

        /** A new process on the same data: nothing serves or has been delivered yet; Config Admin kept its PIDs. */
        void restart() {
            configured = new TreeMap<>();
            serving = new TreeMap<>();
            arbitration = new SubnetArbitration(new ServingRecord(recordFile), inConfigAdmin);
        }

        void decide() {
            SubnetArbiter.Decision decision =
                    arbitration.decide(configured, configured.keySet(), serving, now, inConfigAdmin::contains);
            serving = new TreeMap<>();
            decision.served().forEach(settings -> serving.put(settings.pid(), settings));
            new SubnetCatalog(decision.served().stream().map(s -> new ServedSubnet(s, null, null)).toList());
            problems = decision.problems();
        }

        void settle() {
            advance(SubnetArbiter.SETTLE.plusSeconds(1));
        }
    }

    private static SubnetSettings subnet(String name, String cidr, String router) throws ConfigurationRejectedException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.tandem.subnet~" + name);
        properties.put("subnet", cidr);
        properties.put("routers", router);
        properties.put("leaseTime", "600");
        return SubnetSettingsParser.parse("io.tandem.subnet~" + name, properties);
    }

    @Test
    void a_new_overlapping_subnet_is_refused_whatever_its_name_sorts_as() throws Exception {
        for (String newcomer : List.of("aaa", "dup", "zzz")) {
            Server server = new Server(directory);
            SubnetSettings lan = subnet("lan", "10.123.0.0/24", "10.123.0.1");
            server.deliver(lan);
            server.settle();
            assertThat(server.serving.values()).containsExactly(lan);

            server.deliver(subnet(newcomer, "10.123.0.0/25", "10.123.0.2"));
            server.settle();

            assertThat(server.serving.values()).as("newcomer " + newcomer).containsExactly(lan);
            assertThat(server.problems).singleElement().satisfies(problem -> {
                assertThat(problem.name()).isEqualTo(newcomer);
                assertThat(problem.toString()).contains("key=subnet", "10.123.0.0/25 overlaps 10.123.0.0/24 served by lan");
            });
        }
    }

    @Test
    void after_a_restart_the_subnet_that_served_wins_in_either_delivery_order() throws Exception {
        SubnetSettings lan = subnet("lan", "10.123.0.0/24", "10.123.0.1");
        SubnetSettings stray = subnet("aaa", "10.123.0.0/25", "10.123.0.2");
        for (List<SubnetSettings> order : List.of(List.of(lan, stray), List.of(stray, lan))) {
            Server server = new Server(directory);
            server.deliver(lan);
            server.settle();
            server.deliver(stray);
            server.restart();
            for (SubnetSettings delivered : order) {
                server.deliver(delivered);
                server.advance(Duration.ofMillis(300));
            }
            server.settle();
            assertThat(server.serving.values()).as("delivered " + order).containsExactly(lan);
        }
    }

    @Test
    void after_a_restart_what_served_serves_at_once_pools_and_all() throws Exception {
        Server server = new Server(directory);
        Map<String, Object> properties = new HashMap<>();
        properties.put("subnet", "10.5.0.0/24");
        properties.put("pools", "10.5.0.10-10.5.0.99");
        SubnetSettings lan = SubnetSettingsParser.parse("io.tandem.subnet~lan", properties);
        server.deliver(lan);
        server.settle();
        server.restart();

        server.deliver(lan);

        assertThat(server.serving.values()).as("no settling for what served before the restart").containsExactly(lan);
    }

    @Test
    void two_new_subnets_that_overlap_are_both_refused_until_one_goes() throws Exception {
        SubnetSettings one = subnet("one", "10.1.0.0/24", "10.1.0.1");
        SubnetSettings two = subnet("two", "10.1.0.0/23", "10.1.0.2");
        for (List<SubnetSettings> order : List.of(List.of(one, two), List.of(two, one))) {
            Server server = new Server(directory);
            server.deliver(order.get(0));
            server.advance(Duration.ofMillis(500));
            server.deliver(order.get(1));
            server.settle();
            assertThat(server.serving).as("delivered " + order).isEmpty();
            assertThat(server.problems).hasSize(2);

            server.remove(two.pid());
            server.settle();
            assertThat(server.serving.values()).containsExactly(one);
        }
    }

    @Test
    void a_change_that_would_overlap_another_serving_subnet_is_refused_and_the_last_good_keeps_serving()
            throws Exception {
        Server server = new Server(directory);
        SubnetSettings lan = subnet("lan", "10.1.0.0/24", "10.1.0.1");
        SubnetSettings lab = subnet("lab", "10.1.1.0/24", "10.1.1.1");
        server.deliver(lan);
        server.deliver(lab);
        server.settle();

        server.deliver(subnet("lan", "10.1.0.0/23", "10.1.0.254"));

        assertThat(server.serving.values()).containsExactlyInAnyOrder(lan, lab);
        assertThat(server.problems).singleElement().satisfies(problem -> assertThat(problem.toString())
                .contains("name=lan", "10.1.0.0/23 overlaps 10.1.1.0/24 served by lab", "still serving 10.1.0.0/24"));
    }

    @Test
    void a_new_subnet_serves_once_it_has_settled() throws Exception {
        Server server = new Server(directory);
        SubnetSettings lan = subnet("lan", "10.1.0.0/24", "10.1.0.1");
        server.deliver(lan);
        assertThat(server.serving).isEmpty();
        server.settle();
        assertThat(server.serving.values()).containsExactly(lan);
    }

    @Test
    void the_files_config_admin_held_at_start_serve_as_soon_as_the_last_is_delivered() throws Exception {
        Server server = new Server(directory, "io.tandem.subnet~lan", "io.tandem.subnet~lab");
        SubnetSettings lan = subnet("lan", "10.1.0.0/24", "10.1.0.1");
        SubnetSettings lab = subnet("lab", "10.2.0.0/24", "10.2.0.1");
        server.deliver(lan);
        assertThat(server.serving).as("lab, held at start, may still overlap lan").isEmpty();
        server.deliver(lab);
        assertThat(server.serving.values()).containsExactlyInAnyOrder(lan, lab);
        SubnetSettings later = subnet("later", "10.3.0.0/24", "10.3.0.1");
        server.deliver(later);
        assertThat(server.serving.values()).as("a file copied in later waits for company")
                .containsExactlyInAnyOrder(lan, lab);
        server.settle();
        assertThat(server.serving.values()).containsExactlyInAnyOrder(lan, lab, later);
    }

    @Test
    void overlapping_files_held_at_start_are_both_refused_in_either_delivery_order() throws Exception {
        for (boolean lanFirst : new boolean[] {true, false}) {
            Server server = new Server(directory, "io.tandem.subnet~lan", "io.tandem.subnet~lab");
            SubnetSettings lan = subnet("lan", "10.1.0.0/23", "10.1.0.1");
            SubnetSettings lab = subnet("lab", "10.1.1.0/24", "10.1.1.1");
            server.deliver(lanFirst ? lan : lab);
            server.deliver(lanFirst ? lab : lan);
            assertThat(server.serving).isEmpty();
            assertThat(server.problems).hasSize(2);
        }
    }

    @Test
    void a_file_held_at_start_and_deleted_before_delivery_does_not_hold_the_others_back() throws Exception {
        Server server = new Server(directory, "io.tandem.subnet~lan", "io.tandem.subnet~gone");
        SubnetSettings lan = subnet("lan", "10.1.0.0/24", "10.1.0.1");
        server.inConfigAdmin.remove("io.tandem.subnet~gone");
        server.deliver(lan);
        assertThat(server.serving.values()).containsExactly(lan);
    }

    @Test
    void a_record_that_cannot_be_written_never_stops_serving() throws Exception {
        Server server = new Server(directory);
        // A directory where the record should be (not empty, so that no rename can replace it).
        Files.createDirectories(server.recordFile.resolve("in-the-way"));
        SubnetSettings lan = subnet("lan", "10.1.0.0/24", "10.1.0.1");
        server.deliver(lan);
        server.settle();
        assertThat(server.serving.values()).containsExactly(lan);
    }

    /**
     * Random histories of adds, changes, removals, restarts and waits. After every step: nothing served overlaps, and
     * a subnet that served keeps serving with the same settings unless its own configuration changed or went.
     * After every burst of configurations delivered together: the outcome is the same in every delivery order.
     */
    @Test
    void randomized_histories_keep_what_serves_and_never_depend_on_delivery_order() throws Exception {
        long seed = Long.getLong("arbiter.seed", System.nanoTime());
        System.out.println("SubnetArbiterTest seed=" + seed + " histories=" + HISTORIES + " (rerun with -Darbiter.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int history = 0; history < HISTORIES; history++) {
            List<Consumer<Server>> past = new ArrayList<>();
            Server server = new Server(directory);
            for (int step = 0; step < 10; step++) {
                String where = "seed " + seed + " history " + history + " step " + step;
                List<SubnetSettings> burst = burst(random);
                Map<String, SubnetSettings> outcome = null;
                for (List<SubnetSettings> order : orders(burst, random)) {
                    Server replay = new Server(directory);
                    past.forEach(event -> event.accept(replay));
                    order.forEach(replay::deliver);
                    replay.settle();
                    outcome = outcome == null ? replay.serving : outcome;
                    assertThat(replay.serving).as(where + " delivered " + order).isEqualTo(outcome);
                }
                // What serves as configured; a refused change may still apply once what blocked it goes.
                Map<String, SubnetSettings> before = new TreeMap<>(server.serving);
                before.keySet().removeIf(pid -> !before.get(pid).equals(server.configured.get(pid)));
                Consumer<Server> deliverBurst = target -> {
                    burst.forEach(target::deliver);
                    target.settle();
                };
                deliverBurst.accept(server);
                past.add(deliverBurst);
                before.forEach((pid, settings) -> {
                    if (burst.stream().noneMatch(changed -> changed.pid().equals(pid))) {
                        assertThat(server.serving).as(where + ": " + pid + " kept serving").containsEntry(pid, settings);
                    }
                });
                if (random.nextInt(4) == 0 && !server.configured.isEmpty()) {
                    List<String> pids = new ArrayList<>(server.configured.keySet());
                    String gone = pids.get(random.nextInt(pids.size()));
                    Consumer<Server> removal = target -> {
                        target.remove(gone);
                        target.settle();
                    };
                    removal.accept(server);
                    past.add(removal);
                }
                if (random.nextInt(5) == 0) {
                    Map<String, SubnetSettings> expected = new TreeMap<>(server.serving);
                    // A refused change is in force only until a restart, like any refused value.
                    expected.keySet().removeIf(pid -> !server.configured.get(pid).equals(expected.get(pid)));
                    List<SubnetSettings> delivered = new ArrayList<>(server.configured.values());
                    Collections.shuffle(delivered, random);
                    Consumer<Server> restart = target -> {
                        target.restart();
                        delivered.forEach(target::deliver);
                        target.settle();
                    };
                    server.restart();
                    delivered.forEach(server::deliver);
                    Map<String, SubnetSettings> atOnce = new TreeMap<>(server.serving);
                    server.settle();
                    past.add(restart);
                    assertThat(server.serving).as(where + ": the same subnets serve after a restart")
                            .containsAllEntriesOf(expected);
                    assertThat(atOnce).as(where + ": decided as soon as everything held at the restart is delivered")
                            .isEqualTo(server.serving);
                }
            }
        }
    }

    /** One to three configurations of distinct PIDs, delivered together. */
    private static List<SubnetSettings> burst(Random random) throws ConfigurationRejectedException {
        List<SubnetSettings> burst = new ArrayList<>();
        Set<String> pids = new HashSet<>();
        int size = 1 + random.nextInt(3);
        while (burst.size() < size) {
            String name = "p" + random.nextInt(5);
            if (pids.add(name)) {
                burst.add(subnet(name, RANGES.get(random.nextInt(RANGES.size())), "10.9.9." + (1 + random.nextInt(9))));
            }
        }
        return burst;
    }

    /** Every order of a small burst; a few random ones of a larger one. */
    private static List<List<SubnetSettings>> orders(List<SubnetSettings> burst, Random random) {
        List<List<SubnetSettings>> orders = new ArrayList<>();
        if (burst.size() <= 3) {
            permute(new ArrayList<>(burst), 0, orders);
        } else {
            for (int i = 0; i < 6; i++) {
                List<SubnetSettings> shuffled = new ArrayList<>(burst);
                Collections.shuffle(shuffled, random);
                orders.add(shuffled);
            }
        }
        return orders;
    }

    private static void permute(List<SubnetSettings> items, int from, List<List<SubnetSettings>> out) {
        if (from == items.size()) {
            out.add(List.copyOf(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            Collections.swap(items, from, i);
            permute(items, from + 1, out);
            Collections.swap(items, from, i);
        }
    }
}
