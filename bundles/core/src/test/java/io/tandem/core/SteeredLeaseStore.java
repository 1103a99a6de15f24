package io.tandem.core;

import io.tandem.api.LeaseStore;
import io.tandem.api.LeaseStoreException;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.Ipv4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link LeaseStore} in front of a real one that lets a test decide when a commit reaches it: at once, after a
 * random delay (a slow disk), when the test opens the gate (an fsync stall), never (a crash), or not at all (a
 * failed write). Reads go straight to the real store, which shows a batch only once it has reached it.
 */
final class SteeredLeaseStore implements LeaseStore, AutoCloseable {

    /** A commit the gate holds back. */
    private record Held(List<Lease> leases, CompletableFuture<Void> done) {
    }

    private final LeaseStore durable;
    private final ScheduledExecutorService disk =
            Executors.newSingleThreadScheduledExecutor(Threads.named("test-slow-disk"));
    private final List<Held> gated = new ArrayList<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    private boolean gateClosed;
    private int failuresLeft;
    private boolean crashed;
    private Random latency;
    private int maxLatencyMillis;
    private Ipv4Address readHookAddress;
    private Runnable readHook;

    SteeredLeaseStore(LeaseStore durable) {
        this.durable = durable;
    }

    /** From now on every commit waits until {@link #openGate} or {@link #failGated}. */
    synchronized void closeGate() {
        gateClosed = true;
    }

    /** Lets every held commit reach the store, in the order they came, and lets later ones pass at once. */
    void openGate() {
        for (Held held : takeGated()) {
            forward(held);
        }
    }

    /** Fails every held commit, as a write error would; later ones pass at once. */
    void failGated() {
        for (Held held : takeGated()) {
            held.done.completeExceptionally(new LeaseStoreException("injected write failure"));
        }
    }

    private synchronized List<Held> takeGated() {
        gateClosed = false;
        List<Held> taken = List.copyOf(gated);
        gated.clear();
        return taken;
    }

    /** Waits until {@code count} commits are held at the gate. */
    void awaitGated(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gatedCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " commits at the gate, have " + gatedCount());
            }
            Thread.sleep(1);
        }
    }

    /** Waits until a commit of a lease of {@code address} is held at the gate: not any other commit. */
    void awaitGatedCommitOf(Ipv4Address address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!holdsCommitOf(address)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no commit of " + address + " at the gate");
            }
            Thread.sleep(1);
        }
    }

    private synchronized boolean holdsCommitOf(Ipv4Address address) {
        return gated.stream().flatMap(held -> held.leases().stream()).anyMatch(lease -> lease.address().equals(address));
    }

    /** How many commits have been handed in and have not completed. */
    int unfinished() {
        return unfinished.get();
    }

    synchronized int gatedCount() {
        return gated.size();
    }

    /**
     * True if every commit handed in and not completed is held at the gate. Read under the lock that hands commits
     * in: two separate reads could count a commit gated after the first read and miss one still on its way.
     */
    synchronized boolean onlyGatedUnfinished() {
        return unfinished.get() <= gated.size();
    }

    /**
     * Runs {@code action} right after the next read of {@code address} has read it, before the reader goes on: what
     * another thread does between a read and what the reader does with it.
     */
    synchronized void afterNextRead(Ipv4Address address, Runnable action) {
        readHookAddress = address;
        readHook = action;
    }

    private synchronized Runnable takeReadHook(Ipv4Address address) {
        if (!address.equals(readHookAddress)) {
            return null;
        }
        Runnable action = readHook;
        readHookAddress = null;
        readHook = null;
        return action;
    }

    /** The next {@code count} commits fail without reaching the store. */
    synchronized void failNext(int count) {
        failuresLeft = count;
    }

    /** Delays each later commit by up to {@code maxMillis}, drawn from {@code random}. */
    synchronized void randomLatency(Random random, int maxMillis) {
        this.latency = random;
        this.maxLatencyMillis = maxMillis;
    }

    /**
     * The process dies: commits that have not reached the store are lost, none completes any more (a dead process
     * hears from its disk no longer), and later ones are dropped.
     */
    void crash() {
        synchronized (this) {
            crashed = true;
            gated.clear();
        }
        disk.shutdownNow();
    }

    /** Stops the delay timer; a commit it still holds never completes. */
    @Override
    public void close() {
        disk.shutdownNow();
    }

    @Override
    public CompletionStage<Void> commit(Collection<Lease> leases) {
        Held held = new Held(List.copyOf(leases), new CompletableFuture<>());
        synchronized (this) {
            if (crashed) {
                return held.done;
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                return CompletableFuture.failedFuture(new LeaseStoreException("injected write failure"));
            }
            unfinished.incrementAndGet();
            held.done.whenComplete((ignored, failure) -> unfinished.decrementAndGet());
            if (gateClosed) {
                gated.add(held);
                return held.done;
            }
            if (maxLatencyMillis > 0) {
                disk.schedule(() -> forward(held), latency.nextInt(maxLatencyMillis + 1), TimeUnit.MILLISECONDS);
                return held.done;
            }
        }
        forward(held);
        return held.done;
    }

    private void forward(Held held) {
        CompletionStage<Void> written;
        synchronized (this) {
            if (crashed) {
                return;
            }
            written = durable.commit(held.leases);
        }
        written.whenComplete((ignored, failure) -> {
            if (isCrashed()) {
                return;
            }
            if (failure == null) {
                held.done.complete(null);
            } else {
                held.done.completeExceptionally(failure);
            }
        });
    }

    private synchronized boolean isCrashed() {
        return crashed;
    }

    @Override
    public Optional<Lease> get(Ipv4Address address) {
        Optional<Lease> read = durable.get(address);
        Runnable hook = takeReadHook(address);
        if (hook != null) {
            hook.run();
        }
        return read;
    }

    @Override
    public List<Lease> findByClient(ClientId client) {
        return durable.findByClient(client);
    }

    @Override
    public void scan(Ipv4Address first, Ipv4Address last, Consumer<? super Lease> visitor) {
        durable.scan(first, last, visitor);
    }

    @Override
    public long size() {
        return durable.size();
    }
}
