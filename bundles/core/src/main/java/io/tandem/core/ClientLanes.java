package io.tandem.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks in order per key and in parallel across keys: the messages of one client are handled one after the
 * other, each only once the previous one's stage (its store commit included) has completed.
 */
final class ClientLanes<K> {

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final Map<K, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Executor workers;

    ClientLanes(Executor workers) {
        this.workers = workers;
    }

    /** Runs {@code task} on a worker after every earlier task of {@code key} has completed. */
    <T> CompletableFuture<T> submit(K key, Supplier<? extends CompletionStage<T>> task) {
        return submit(key, task, false);
    }

    /**
     * As {@link #submit}, but when {@code key}'s lane is idle {@code task} runs at once on the calling thread, which
     * must be one that may run it: a worker, or for a task that never blocks any thread (the one that received the
     * message, or the store's writer completing the commit before it).
     * A task taking several lanes, one inside the other, then changes thread only where a lane makes it wait.
     */
    <T> CompletableFuture<T> submitHere(K key, Supplier<? extends CompletionStage<T>> task) {
        return submit(key, task, true);
    }

    private <T> CompletableFuture<T> submit(K key, Supplier<? extends CompletionStage<T>> task, boolean here) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // Completed after the lane is taken, never inside compute(): the task may take other lanes of this map.
        CompletableFuture<Void> startHere = new CompletableFuture<>();
        boolean[] startsHere = {false};
        CompletableFuture<?> tail = tails.compute(key, (k, previous) -> {
            startsHere[0] = here && previous == null;
            CompletableFuture<CompletionStage<T>> started = startsHere[0]
                    ? startHere.thenApply(ignored -> start(task))
                    : (previous == null ? IDLE : previous).handleAsync((ignored, failure) -> start(task), workers);
            return started.thenCompose(stage -> stage)
                    .whenComplete((value, failure) -> complete(result, value, failure))
                    .handle((value, failure) -> null);
        });
        tail.whenComplete((ignored, failure) -> tails.remove(key, tail));
        if (startsHere[0]) {
            startHere.complete(null);
        }
        return result;
    }

    private static <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> task) {
        try {
            return task.get();
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure);
        }
    }

    /** True if {@code key} has no work queued or running: what runs for it now runs as first on its lane would. */
    boolean isIdle(K key) {
        return !tails.containsKey(key);
    }

    /** How many keys have work queued or running. */
    int busyKeys() {
        return tails.size();
    }
}
