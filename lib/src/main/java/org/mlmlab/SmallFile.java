package org.mlmlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading a file that the lab reads whole (a model.json, a tokenizer.json, a state, a pointer):
 * only a regular file is read, and only up to a size no such file of the lab comes near, so a link
 * to a device ({@code /dev/zero}) or a huge file is refused in one line instead of exhausting memory.
 */
public final class SmallFile {
    /** Far above any file of this kind the lab writes (a 30,000-token tokenizer.json is about 1 MB). */
    public static final long MAX_BYTES = 64L << 20;

    private SmallFile() {
    }

    /** The text of {@code file}, if it is a regular file of at most {@code maxBytes}; an IOException saying why not otherwise. */
    public static String read(Path file, long maxBytes) throws IOException {
        check(file, maxBytes);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** An IOException unless {@code file} is a regular file of at most {@code maxBytes} (NoSuchFileException when missing). */
    public static void check(Path file, long maxBytes) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file" + (Files.isSymbolicLink(file) ? " (a link to "
                    + Files.readSymbolicLink(file) + ")" : "") + ": the lab reads only files it wrote there");
        }
        long size = Files.size(file);   // NoSuchFileException when missing
        if (size > maxBytes) {
            throw new IOException(file + " is " + size + " bytes, far more than such a file of the lab holds (at most " + maxBytes + ")");
        }
    }

    public static String read(Path file) throws IOException {
        return read(file, MAX_BYTES);
    }

    /** A message cut to a readable length: errors that quote a corrupt file must not echo all of it. */
    public static String brief(String message) {
        if (message == null) {
            return "no detail";
        }
        // Java's class names ("java.io.EOFException: ...") say nothing to a student: the text after them does.
        // Cut first: a message can quote a whole file, and the patterns below must stay cheap.
        String head = message.length() <= 4_000 ? message : message.substring(0, 4_000);
        String oneLine = head.replaceAll("(?:\\\\u0000)++", "(NUL bytes)").replaceAll("\\x00++", "(NUL bytes)")
                .replaceAll("[\\x00-\\x08\\x0B-\\x1F]", "?")
                .replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:Exception|Error): ", "");
        return oneLine.length() <= 240 ? oneLine : oneLine.substring(0, 240) + "...";
    }

    /** Whether {@code path} lies inside {@code root} once both are made absolute and normalised (no "..", links not followed). */
    public static boolean inside(Path path, Path root) {
        return path.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize());
    }
}
