package org.mlmlab.lessons;

import org.junit.jupiter.api.Test;
import org.mlmlab.Preset;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Runs live beside each other under their names; each corpus keeps its own files. */
class LessonFilesTest {
    @Test
    void runsAreNamedFoldersAndCorporaAreKeptApart() {
        LessonFiles lab = new LessonFiles(Preset.LAB, "nlp-corpus");
        LessonFiles toy = new LessonFiles(Preset.LAB, "toy");
        LessonFiles file = new LessonFiles(Preset.TINY, "/somewhere/my texts.jsonl");
        assertEquals(Path.of("lab"), lab.directory().getFileName());
        assertEquals(Path.of("lab-toy"), toy.directory().getFileName());
        assertEquals(Path.of("tiny-my_texts.jsonl"), file.directory().getFileName());
        assertEquals(Path.of("tiny-wikitext-wt2"), new LessonFiles(Preset.TINY, "wikitext:/data/wt2").directory().getFileName());
        assertEquals(lab.directory().resolve("mask40"), lab.runDir("mask40"));
        assertEquals(lab.runDir(LessonFiles.MAIN_RUN), lab.trainingDir());
        for (String bad : new String[] {"", "../other", "a/b", "tokenizer", "comparisons", ".hidden", "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lab.runDir(bad), bad);
            assertTrue(e.getMessage().contains("cannot name a run"), e.getMessage());
        }
    }
}
