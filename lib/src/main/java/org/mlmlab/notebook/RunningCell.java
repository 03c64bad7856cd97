package org.mlmlab.notebook;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executor rapaio runs each cell's code on, wrapped so that the thread running a cell is known:
 * the stop button waits for that cell to end on its own, and interrupts that thread (Java's way of asking
 * code to stop) when it does not, instead of abandoning it at once. Everything else is the wrapped executor's.
 */
final class RunningCell extends AbstractExecutorService {
    private final ExecutorService executor;
    private volatile Thread thread;

    RunningCell(ExecutorService executor) {
        this.executor = executor;
    }

    /** The thread running a cell's code now, or null between cells. */
    Thread thread() {
        return thread;
    }

    @Override
    public void execute(Runnable cell) {
        executor.execute(() -> {
            thread = Thread.currentThread();
            try {
                cell.run();
            } finally {
                thread = null;
            }
        });
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return executor.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }
}
