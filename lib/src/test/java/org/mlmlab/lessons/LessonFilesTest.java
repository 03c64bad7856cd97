package org.mlmlab.lessons;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.Preset;

import java.nio.file.Files;
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

    /** On a classroom server each student's runs go to their own folder (mlmlab.runs, MLM_LAB_RUNS), beside a read-only project. */
    @Test
    void aStudentsRunsFolderHoldsEveryLessonsFiles(@TempDir Path home) throws Throwable {
        Path mine = home.resolve("student").resolve("runs");
        inProject(home.resolve("course"), () -> {
            assertEquals(home.resolve("course").resolve("data").resolve("runs").resolve("lab"), new LessonFiles(Preset.LAB, "nlp-corpus").directory());
            System.setProperty("mlmlab.runs", mine.toString());
            try {
                LessonFiles files = new LessonFiles(Preset.LAB, "nlp-corpus");
                assertEquals(mine.resolve("lab"), files.directory());
                assertTrue(files.tokenizerDir().startsWith(mine) && files.trainingDir().startsWith(mine));
            } finally {
                System.clearProperty("mlmlab.runs");
            }
        });
    }

    /** A lesson that reads a run (6, 7, 8) never replaces one that has a checkpoint, even when its recovery record is gone. */
    @Test
    void aReadingLessonNeverReplacesARunWithACheckpoint(@TempDir Path home) throws Throwable {
        inProject(home, () -> {
            LessonFiles files = new LessonFiles(Preset.TINY, "toy");
            files.trainedModel(LessonFiles.MAIN_RUN).close();   // no run yet: lesson 5's settings train one
            Path run = files.trainingDir();
            Path marker = Files.list(run.resolve("checkpoints")).filter(Files::isDirectory).findFirst().orElseThrow().resolve("student-notes.txt");
            Files.writeString(marker, "a long run's checkpoint");
            Files.delete(run.resolve(RecoveryLog.FILE));
            files.trainedModel(LessonFiles.MAIN_RUN).close();
            assertTrue(Files.exists(marker), "the run was trained again over its checkpoints");
            IllegalArgumentException noRecord = assertThrows(IllegalArgumentException.class, () -> files.recovery(LessonFiles.MAIN_RUN));
            assertTrue(noRecord.getMessage().contains("has no " + RecoveryLog.FILE), noRecord.getMessage());
        });
    }

    /** Caches made from a corpus file are kept by its content: another file of the same name, or the same file edited, gets its own. */
    @Test
    void aCorpusFileIsKnownByItsContentNotItsName(@TempDir Path a, @TempDir Path b) throws Exception {
        Path first = Files.writeString(a.resolve("three.txt"), "one\ntwo\nthree\n");
        Path other = Files.writeString(b.resolve("three.txt"), "four\nfive\nsix\n");
        Path same = Files.writeString(b.resolve("copy.txt"), "one\ntwo\nthree\n");
        Path firstDir = new LessonFiles(Preset.TINY, first.toString()).directory();
        assertTrue(firstDir.getFileName().toString().startsWith("tiny-three.txt-"), firstDir.toString());
        assertNotEquals(firstDir, new LessonFiles(Preset.TINY, other.toString()).directory());
        assertEquals(firstDir, new LessonFiles(Preset.TINY, first.toString()).directory(), "the same file, the same caches");
        assertEquals(firstDir.getFileName().toString().replace("three.txt", "copy.txt"),
                new LessonFiles(Preset.TINY, same.toString()).directory().getFileName().toString(), "the same content, the same tag");
        Files.writeString(first, "one\ntwo\nthree\nfour\n");
        assertNotEquals(firstDir, new LessonFiles(Preset.TINY, first.toString()).directory(), "an edited file gets new caches");
    }

    /** One broken side run leaves lesson 7's comparison with a one-line note, not an error. */
    @Test
    void aBrokenSideRunIsLeftOutOfTheComparisonWithANote(@TempDir Path home) throws Throwable {
        inProject(home, () -> {
            LessonFiles files = new LessonFiles(Preset.TINY, "toy");
            files.trainedModel(LessonFiles.MAIN_RUN).close();
            Path side = files.runDir("side");
            Files.createDirectories(side.resolve("checkpoints").resolve("step-000001"));
            Files.copy(Files.list(files.trainingDir().resolve("checkpoints")).filter(p -> p.getFileName().toString().startsWith("step-"))
                    .findFirst().orElseThrow().resolve("model.json"), side.resolve("checkpoints").resolve("step-000001").resolve("model.json"));
            Files.writeString(side.resolve(RecoveryLog.FILE), "{\"labels\": [1, 2], \"snap");
            var logs = files.recoveryLogs();
            assertEquals(java.util.List.of(LessonFiles.MAIN_RUN), java.util.List.copyOf(logs.keySet()));
        });
    }

    /** Runs {@code test} with the lab's project folder at {@code home}, then restores the one before. */
    static void inProject(Path home, org.junit.jupiter.api.function.Executable test) throws Throwable {
        String before = System.getProperty("mlmlab.home");
        System.setProperty("mlmlab.home", home.toString());
        try {
            test.execute();
        } finally {
            if (before == null) {
                System.clearProperty("mlmlab.home");
            } else {
                System.setProperty("mlmlab.home", before);
            }
        }
    }
}
