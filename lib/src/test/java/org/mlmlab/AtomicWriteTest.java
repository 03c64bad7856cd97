package org.mlmlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class AtomicWriteTest {
    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        AtomicWrite.writeString(file, "good");
        assertThrows(IOException.class, () -> AtomicWrite.write(file, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("good", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aSuccessfulWriteReplacesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub").resolve("a.txt");
        AtomicWrite.writeString(file, "one");
        AtomicWrite.writeString(file, "two");
        assertEquals("two", Files.readString(file));
    }

    /** Readable by others as any new file is (the umask decides), not private like a temporary file. */
    @Test
    void aWrittenFileHasTheModeOfAnOrdinaryNewFile(@TempDir Path dir) throws IOException {
        Path ordinary = Files.createFile(dir.resolve("ordinary.txt"));
        Path written = dir.resolve("written.txt");
        AtomicWrite.writeString(written, "shared");
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(written));
    }
}
