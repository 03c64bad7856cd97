package org.mlmlab.training;

import org.apache.commons.io.file.PathUtils;
import org.mlmlab.AtomicWrite;
import org.mlmlab.PausePoint;
import org.mlmlab.SmallFile;
import org.mlmlab.model.ModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's checkpoint folders, {@code step-000500/} and so on, with a {@code latest} file naming the
 * newest. A checkpoint is written into a hidden {@code .partial} folder first and renamed into
 * place only when complete, and {@code latest} is replaced atomically after that: an interrupted
 * save leaves the previous checkpoint and the pointer to it untouched.
 */
public final class Checkpoints {
    public static final String LATEST = "latest";
    private static final String PREFIX = "step-";

    /** Writes one checkpoint's files into a folder. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path folder) throws IOException;
    }

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    public static String name(long step) {
        return String.format("%s%06d", PREFIX, step);
    }

    /** Saves the checkpoint of {@code step}, points {@code latest} at it, and keeps only the newest {@code keep}. */
    public Path save(long step, Content content, int keep) throws IOException {
        Files.createDirectories(dir);
        String name = name(step);
        Path partial = dir.resolve("." + name + ".partial");
        if (Files.exists(partial)) {   // left by an interrupted save
            PathUtils.deleteDirectory(partial);
        }
        Files.createDirectories(partial);
        content.writeTo(partial);
        PausePoint.at("checkpoint-written");
        Path target = dir.resolve(name);
        if (Files.exists(target)) {   // the same step saved again (e.g. after a resume): replace it
            PathUtils.deleteDirectory(target);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        PausePoint.at("checkpoint-committed");
        AtomicWrite.writeString(dir.resolve(LATEST), name + "\n");
        prune(keep, target);
        return target;
    }

    /**
     * The newest complete checkpoint, if any: the complete {@code step-N} folder of this run with the
     * highest step. The {@code latest} file is a note for people; it is never followed, so a pointer
     * edited to name another run's checkpoint ({@code ../../ref/...}) or an older step is harmless.
     */
    public Optional<Path> latest() {
        try {
            List<Path> all = list();
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The checkpoint {@code latest} names when it is newer than every complete one and not complete
     * itself (its model.json gone): {@link #latest()} then gives an older one, which a resume must say
     * rather than do in silence.
     */
    public Optional<Path> incompleteLatest() {
        Optional<Path> newest = latest();
        return named().filter(folder -> !complete(folder))
                .filter(folder -> newest.isEmpty() || step(folder) > step(newest.get()));
    }

    /** The folder the {@code latest} file names, if it names a checkpoint folder of this run (a plain {@code step-N} name). */
    private Optional<Path> named() {
        Path pointer = dir.resolve(LATEST);
        try {
            String name = Files.isRegularFile(pointer) ? SmallFile.read(pointer, 256).trim() : "";
            return name.matches(PREFIX + "\\d{6,}") ? Optional.of(dir.resolve(name)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();   // unreadable: only the folders themselves count
        }
    }

    /** The step a checkpoint folder's name says ({@code step-000500}: 500). */
    private static long step(Path folder) {
        return Long.parseLong(folder.getFileName().toString().substring(PREFIX.length()));
    }

    private static boolean complete(Path folder) {
        return Files.isRegularFile(folder.resolve(ModelFiles.CONFIG));
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return new ArrayList<>(entries
                    .filter(p -> p.getFileName().toString().matches(PREFIX + "\\d{6,}") && Files.isDirectory(p))
                    .filter(Checkpoints::complete)
                    .sorted(java.util.Comparator.comparingLong(Checkpoints::step))
                    .toList());
        }
    }

    private void prune(int keep, Path newest) throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            if (!all.get(i).equals(newest)) {
                PathUtils.deleteDirectory(all.get(i));
            }
        }
    }

    /**
     * The checkpoint a user means by {@code path}: a checkpoint folder itself (it holds model.json),
     * a checkpoints folder, or a run folder with a {@code checkpoints/} inside; the latter two give
     * their latest checkpoint.
     */
    public static Path resolve(Path path) {
        if (complete(path)) {
            return path;
        }
        if (Files.isDirectory(path) && path.getFileName() != null && path.getFileName().toString().startsWith(PREFIX)) {
            throw new IllegalArgumentException(path + " is an incomplete checkpoint (its " + ModelFiles.CONFIG + " is missing: "
                    + "the program was stopped while writing it). Point at the run folder instead, which picks its newest "
                    + "complete checkpoint, or at an older " + PREFIX + " folder.");
        }
        for (Path candidate : List.of(path, path.resolve(RunFolder.CHECKPOINTS))) {
            Optional<Path> latest = new Checkpoints(candidate).latest();
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        throw new IllegalArgumentException("No checkpoint in " + path.toAbsolutePath()
                + ". Train first (lesson 5, or ./lab train --out " + path + "), or point at a folder that holds model.json.");
    }
}
