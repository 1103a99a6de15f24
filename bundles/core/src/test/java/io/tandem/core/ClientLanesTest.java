package io.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One client's messages run in order, each after the previous one's stage completed; clients run in parallel. */
class ClientLanesTest {

    @Test
    void tasks_of_one_key_run_in_order_even_when_their_stages_complete_later() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        ExecutorService slowDisk = Executors.newSingleThreadExecutor();
        try {
            ClientLanes<Integer> lanes = new ClientLanes<>(workers);
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                int key = i % 5;
                results.add(lanes.submit(key, () -> {
                    log.add(key + ":start:" + n);
                    return CompletableFuture.supplyAsync(() -> {
                        log.add(key + ":done:" + n);
                        return n;
                    }, slowDisk);
                }));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            for (int key = 0; key < 5; key++) {
                String prefix = key + ":";
                List<String> lane = log.stream().filter(line -> line.startsWith(prefix)).toList();
                for (int j = 0; j + 1 < lane.size(); j += 2) {
                    assertThat(lane.get(j)).startsWith(prefix + "start:");
                    assertThat(lane.get(j + 1)).isEqualTo(lane.get(j).replace("start", "done"));
                }
            }
            assertThat(results.get(199).get()).isEqualTo(199);
            // A lane forgets its key just after its last result completes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lanes.busyKeys() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(lanes.busyKeys()).as("idle lanes are forgotten").isZero();
        } finally {
            workers.shutdownNow();
            slowDisk.shutdownNow();
        }
    }

    @Test
    void a_failing_task_fails_its_own_result_only() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            ClientLanes<String> lanes = new ClientLanes<>(workers);
            CompletableFuture<Integer> failing = lanes.submit("a", () -> {
                throw new IllegalStateException("boom");
            });
            CompletableFuture<Integer> next = lanes.submit("a", () -> CompletableFuture.completedFuture(7));
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(7);
            assertThat(failing).isCompletedExceptionally();
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void submit_here_runs_on_the_calling_thread_when_the_lane_is_idle_and_after_the_lane_when_it_is_not()
            throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            ClientLanes<String> lanes = new ClientLanes<>(workers);
            Thread caller = Thread.currentThread();
            CompletableFuture<Thread> idle = lanes.submitHere("a",
                    () -> CompletableFuture.completedFuture(Thread.currentThread()));
            assertThat(idle).isCompletedWithValue(caller);

            CompletableFuture<String> blocker = new CompletableFuture<>();
            lanes.submit("b", () -> blocker);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Thread> behind = lanes.submitHere("b", () -> {
                order.add("behind");
                return CompletableFuture.completedFuture(Thread.currentThread());
            });
            Thread.sleep(100);
            assertThat(behind).as("waits for the lane's earlier task").isNotDone();
            order.add("blocker done");
            blocker.complete("done");
            assertThat(behind.get(5, TimeUnit.SECONDS)).isNotEqualTo(caller);
            assertThat(order).containsExactly("blocker done", "behind");
        } finally {
            workers.shutdownNow();
        }
    }
}
