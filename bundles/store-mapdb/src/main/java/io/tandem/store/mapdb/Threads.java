package io.tandem.store.mapdb;

/** Thread helpers shared by the store's writer and checkpointer. */
final class Threads {

    private Threads() {
    }

    /**
     * Waits for {@code thread} to end even if interrupted, then restores the interrupt flag: the store's threads
     * must finish what they are writing before their files are closed under them.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
