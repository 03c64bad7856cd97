package org.mlmlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    @Test
    void aFolderIsReplacedAsOneUnitOrNotAtAll(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("tokenizer");
        AtomicWrite.replaceFolder(folder, f -> {
            Files.writeString(f.resolve("tokenizer.json"), "old json");
            Files.writeString(f.resolve("vocab.txt"), "old vocab");
        });
        // room for the first file, not the second: the old folder stays whole, and nothing is left beside it
        assertThrows(IOException.class, () -> AtomicWrite.replaceFolder(folder, f -> {
            Files.writeString(f.resolve("tokenizer.json"), "new json");
            throw new IOException("No space left on device");
        }));
        assertEquals("old json", Files.readString(folder.resolve("tokenizer.json")));
        assertEquals("old vocab", Files.readString(folder.resolve("vocab.txt")));
        AtomicWrite.replaceFolder(folder, f -> Files.writeString(f.resolve("tokenizer.json"), "new json"));
        assertEquals("new json", Files.readString(folder.resolve("tokenizer.json")));
        assertFalse(Files.exists(folder.resolve("vocab.txt")), "the new folder holds only what was written");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("tokenizer"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
