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
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> tail = tails.compute(key, (k, previous) -> {
            CompletableFuture<?> after = previous == null ? IDLE : previous;
            return after.handleAsync((ignored, failure) -> start(task), workers)
                    .thenCompose(stage -> stage)
                    .whenComplete((value, failure) -> complete(result, value, failure))
                    .handle((value, failure) -> null);
        });
        tail.whenComplete((ignored, failure) -> tails.remove(key, tail));
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

    /** How many keys have work queued or running. */
    int busyKeys() {
        return tails.size();
    }
}
