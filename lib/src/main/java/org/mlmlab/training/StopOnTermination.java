package org.mlmlab.training;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, a program told to end (SIGTERM, Ctrl-C, a notebook kernel shut down) does not end at
 * once: it sets {@link #requested()} and waits, up to two minutes, until the training loop has
 * finished its step, saved a checkpoint and closed this. A resume then continues from there.
 */
final class StopOnTermination implements AutoCloseable {
    private final CountDownLatch saved = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    StopOnTermination() {
        hook = new Thread(() -> {
            requested = true;
            try {
                saved.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "checkpoint-on-termination");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The program has been told to end: save and return. */
    boolean requested() {
        return requested;
    }

    /** The loop is done (and has saved): the program may end. */
    @Override
    public void close() {
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the program is ending: the hook has run
        }
    }
}
