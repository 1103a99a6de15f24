package io.tandem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sweeps the fixture's engine over and over on a thread of its own, as the engine's timer does, while the test
 * sends requests. The test pauses it to look at a quiet engine or to replace the engine.
 */
final class ConcurrentSweeper implements AutoCloseable {

    private final EngineFixture server;
    /** Held by the sweeper for each sweep and by the test while paused; fair, so that a pause is not starved. */
    private final ReentrantLock turn = new ReentrantLock(true);
    /** What the sweeps ended, until durable; guarded by {@link #turn}. */
    private final List<CompletableFuture<Void>> ended = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    ConcurrentSweeper(EngineFixture server) {
        this.server = server;
        this.thread = new Thread(this::run, "test-sweeper");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped) {
            turn.lock();
            try {
                ended.removeIf(CompletableFuture::isDone);
                ended.add(server.engine().sweep());
            } finally {
                turn.unlock();
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
        }
    }

    /** Stops sweeping until {@link #resume} and waits until every lease the sweeps ended is durable. */
    void pauseAndDrain() throws Exception {
        turn.lock();
        for (CompletableFuture<Void> end : ended) {
            end.get(10, TimeUnit.SECONDS);
        }
        ended.clear();
    }

    /** Stops sweeping until {@link #resume}, for a crash: what the sweeps ended will never complete. */
    void pauseAndForget() {
        turn.lock();
        ended.clear();
    }

    void resume() {
        turn.unlock();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(10_000);
    }
}
