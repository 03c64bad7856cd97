package org.mlmlab;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old version or the complete new one, never half
 * of it: write a temporary file beside the target, then rename it over the target. An
 * interrupted save (Ctrl-C, a full disk, a crash) leaves the previous file untouched.
 */
public final class AtomicWrite {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicWrite() {
    }

    /** What writes the new content into a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its files are private (0600) whatever the umask, so a teacher's shared
        // corpus or checkpoint would be unreadable to students. A file made the ordinary way follows the umask.
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            PausePoint.at("write:" + target.getFileName());   // written, not yet in place
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** What writes the new content of a folder into an empty folder. */
    @FunctionalInterface
    public interface FolderContent {
        void writeInto(Path folder) throws IOException;
    }

    /**
     * Replaces the folder {@code target} as one unit: the new content is written into a fresh folder
     * beside it, then swapped in by two renames (old aside, new in place), and the old one deleted.
     * A failure while writing leaves the old folder exactly as it was, every file of it; readers never
     * see a mix of old and new files.
     */
    public static void replaceFolder(Path target, FolderContent content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        String tag = Long.toHexString(RANDOM.nextLong());
        Path fresh = absolute.resolveSibling("." + absolute.getFileName() + "." + tag + ".new");
        Path old = absolute.resolveSibling("." + absolute.getFileName() + "." + tag + ".old");
        Files.createDirectory(fresh);
        try {
            content.writeInto(fresh);
            if (Files.exists(absolute)) {
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(fresh, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (Files.exists(old)) {
                    Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);   // put the old one back
                }
                throw e;
            }
        } finally {
            deleteTree(fresh);
            deleteTree(old);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
