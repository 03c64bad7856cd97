package org.mlmlab.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A downloaded file's checksum, read in a stream (corpus archives can be hundreds of MB). */
public final class FileDigest {
    /** Tags already computed in this process, by path, size and modification time of every file hashed. */
    private static final Map<String, String> TAGS = new ConcurrentHashMap<>();

    private FileDigest() {
    }

    /**
     * A short tag of a corpus file's content (or of every file in a corpus folder): 12 hex digits of
     * SHA-256. Caches derived from a corpus (its split, its tokenizer, its runs) are kept under it, so
     * another file of the same name, or the same file edited, gets caches of its own.
     */
    public static String contentTag(Path fileOrFolder) throws IOException {
        List<Path> files;
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> walk = Files.walk(fileOrFolder)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            files = List.of(fileOrFolder);
        }
        StringBuilder stamp = new StringBuilder(fileOrFolder.toAbsolutePath().normalize().toString());
        for (Path f : files) {
            stamp.append('|').append(f).append(':').append(Files.size(f)).append(':').append(Files.getLastModifiedTime(f).toMillis());
        }
        String known = TAGS.get(stamp.toString());
        if (known != null) {
            return known;
        }
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                all.update(fileOrFolder.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                all.update(of(f, "SHA-256"));
            }
            String tag = HexFormat.of().formatHex(all.digest()).substring(0, 12);
            TAGS.put(stamp.toString(), tag);
            return tag;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The digest of {@code file} with {@code algorithm} ("SHA-256", "SHA-512"). */
    static byte[] of(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
