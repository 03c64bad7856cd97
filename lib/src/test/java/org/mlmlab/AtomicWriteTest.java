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
}
