package org.mlmlab.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One writer per run: an operating-system lock on {@code .lock} in the run's folder, held while a
 * trainer of that run is open. Two writers in one folder would interleave checkpoints and metrics.
 * The system lets go of the lock when its process ends, however it ends, so the lock of a killed run
 * is simply taken over; the file names its holder for the refusal.
 *
 * <p>Within one program, a run opened again (a notebook cell re-run) closes the trainer that still
 * holds it first, and says so: its model is replaced anyway, and it would otherwise hold the lock
 * and its memory until the kernel ends.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = ".lock";
    /** The runs this program holds, by folder, with the trainer that holds each (null until it is made). */
    private static final Map<Path, AutoCloseable> HELD_HERE = new HashMap<>();

    private final Path runDir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path runDir, FileChannel channel, FileLock lock) {
        this.runDir = runDir;
        this.channel = channel;
        this.lock = lock;
    }

    static RunLock acquire(Path runDir) {
        Path key = runDir.toAbsolutePath().normalize();
        closePreviousHolderHere(key);
        try {
            Files.createDirectories(key);
            FileChannel channel = FileChannel.open(key.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(key.resolve(FILE), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new IllegalStateException(key + " is being trained by another program (" + (holder.isEmpty() ? "unknown" : holder)
                        + "): wait for it to finish, or stop it, then try again. One run has one writer.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", since " + Instant.now())
                    .getBytes(StandardCharsets.UTF_8)));
            synchronized (HELD_HERE) {
                HELD_HERE.put(key, null);
            }
            return new RunLock(key, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + key.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Records the trainer that holds this lock, so that opening the run again in this program can close it. */
    void heldBy(AutoCloseable trainer) {
        synchronized (HELD_HERE) {
            HELD_HERE.put(runDir, trainer);
        }
    }

    private static void closePreviousHolderHere(Path key) {
        AutoCloseable previous;
        synchronized (HELD_HERE) {
            if (!HELD_HERE.containsKey(key)) {
                return;
            }
            previous = HELD_HERE.get(key);
        }
        if (previous == null) {
            throw new IllegalStateException(key + " is being opened by this program already: one run has one writer.");
        }
        System.out.println("(closing the trainer of " + key.getFileName() + " that was still open here: one run has one writer)");
        try {
            previous.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the open trainer of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (HELD_HERE) {
            HELD_HERE.remove(runDir);
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process lets go of it when it ends anyway
        }
    }
}
