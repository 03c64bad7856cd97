package org.mlmlab.training;

import org.apache.commons.io.file.PathUtils;
import org.mlmlab.FileError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A training run's folder and what it holds: {@code checkpoints/step-NNNNNN/} (each a whole unit:
 * model, optimizer, state, config, metrics, records), {@code metrics.csv} beside them for the lessons
 * and charts, and the lock that makes one program its only writer. Only this class knows the layout;
 * {@link MlmTrainer} asks it to save and find checkpoints.
 */
public final class RunFolder implements AutoCloseable {
    static final String CHECKPOINTS = "checkpoints";

    private final Path directory;
    private final Checkpoints checkpoints;
    private final RunLock lock;

    private RunFolder(Path directory, RunLock lock) {
        this.directory = directory;
        this.checkpoints = new Checkpoints(directory.resolve(CHECKPOINTS));
        this.lock = lock;
    }

    /** The run in {@code directory}, to read (no lock is taken). */
    public static RunFolder at(Path directory) {
        return new RunFolder(directory, null);
    }

    /**
     * The run in {@code directory}, to train: the folder must be writable (found out now, not at the
     * first checkpoint minutes later), and this program becomes its only writer until {@link #close()}.
     */
    static RunFolder openForWriting(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, ".write-check", ""));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way, where a folder is needed"
                    : FileError.describe(e);
            throw new IllegalArgumentException("Cannot write the run into " + directory.toAbsolutePath() + " (" + why
                    + "): give a folder you can write to (--out DIR or --name NAME), or change its permissions.", e);
        }
        return new RunFolder(directory, RunLock.acquire(directory));
    }

    public Path directory() {
        return directory;
    }

    /** Where the checkpoints are. */
    public Path checkpointsDirectory() {
        return checkpoints.directory();
    }

    /** The copy of the metrics beside the checkpoints, which lessons and charts read. */
    public Path metricsFile() {
        return directory.resolve(MetricsLog.FILE);
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latestCheckpoint() {
        return checkpoints.latest();
    }

    /** A newest checkpoint that was cut off while it was written (a resume starts from the one before). */
    Optional<Path> incompleteLatestCheckpoint() {
        return checkpoints.incompleteLatest();
    }

    /** Whether a run was trained here: a complete checkpoint exists. */
    public boolean hasRun() {
        return latestCheckpoint().isPresent();
    }

    /** Deletes the run's checkpoints and metrics, to start it over. */
    void clear() {
        try {
            PathUtils.deleteDirectory(checkpoints.directory());
            Files.deleteIfExists(metricsFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clear the previous run in " + directory, e);
        }
    }

    /**
     * Saves checkpoint {@code step}, written by {@code content}, keeping the newest {@code keep}; then the
     * metrics beside the checkpoints. A failure says whether an earlier checkpoint is intact.
     */
    Path saveCheckpoint(long step, Checkpoints.Content content, int keep, MetricsLog metrics) {
        try {
            Path saved = checkpoints.save(step, content, keep);
            metrics.writeCsv(metricsFile());
            return saved;
        } catch (IOException e) {
            String before = checkpoints.latest().map(c -> "the previous checkpoint, " + c.getFileName() + ", is intact")
                    .orElse("no checkpoint of this run was saved before");
            throw new UncheckedIOException("Could not save a checkpoint in " + checkpoints.directory() + " (" + before + "): "
                    + FileError.describe(e), e);
        }
    }

    /** Names the trainer that holds the run in this program (a re-run notebook cell closes it first). */
    void heldBy(AutoCloseable trainer) {
        lock.heldBy(trainer);
    }

    /** Lets go of the lock, if this folder was opened for writing. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }
}
