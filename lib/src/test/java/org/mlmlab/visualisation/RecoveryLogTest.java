package org.mlmlab.visualisation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RecoveryLogTest {
    static RecoveryLog log() {
        RecoveryLog log = new RecoveryLog(List.of("a b c"), 42, new int[] {5, 6, 7, 5}, new ArrayList<>());
        log.add(new RecoveryLog.Snapshot(0, new int[] {5, 5, 5, 5}, new float[] {0.1f, 0.1f, 0.1f, 0.1f}));
        log.add(new RecoveryLog.Snapshot(100, new int[] {5, 6, 5, 5}, new float[] {0.6f, 0.5f, 0.1f, 0.7f}));
        return log;
    }

    @Test
    void accuracyCountsOnlyTheChosenTokens() {
        RecoveryLog log = log();
        assertEquals(0.5, log.accuracy(0, t -> true));
        assertEquals(0.75, log.accuracy(1, t -> true));
        assertEquals(1.0, log.accuracy(1, t -> log.labels()[t] == 5), "the frequent token is recovered first");
        assertEquals(0.0, log.accuracy(1, t -> log.labels()[t] == 7));
    }

    @Test
    void roundTripsAndResumesAndRefusesACorruptFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(RecoveryLog.FILE);
        log().save(file);
        RecoveryLog read = RecoveryLog.load(file);
        assertEquals(2, read.snapshots().size());
        assertArrayEquals(new int[] {5, 6, 5, 5}, read.snapshots().get(1).predicted());
        read.truncateAfter(50);
        assertEquals(1, read.snapshots().size());
        Files.writeString(file, "{\"labels\": [1,");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecoveryLog.load(file)).getMessage().contains("corrupt"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecoveryLog.load(dir.resolve("none.json"))).getMessage().contains("train"));
    }

    @Test
    void aLongRunKeepsAtMostMaxSnapshotsEvenlySpaced() {
        RecoveryLog log = new RecoveryLog(List.of("a"), 42, new int[] {5}, new ArrayList<>());
        long every = 50;
        for (long step = 0; step <= 20_000; step++) {
            if (step % log.spacing(every) == 0) {
                log.add(new RecoveryLog.Snapshot(step, new int[] {5}, new float[] {0.5f}));
            }
            assertTrue(log.snapshots().size() <= RecoveryLog.MAX_SNAPSHOTS);
        }
        // 0..5,000 by 50 is 101 snapshots: thinned to 0..5,000 by 100; later to 200, 400 apart.
        assertEquals(400, log.spacing(every));
        assertEquals(0, log.snapshots().get(0).step());
        assertEquals(20_000, log.snapshots().get(log.snapshots().size() - 1).step());
        for (int i = 1; i < log.snapshots().size(); i++) {
            assertEquals(400, log.snapshots().get(i).step() - log.snapshots().get(i - 1).step());
        }
        assertEquals(every, new RecoveryLog(List.of("a"), 42, new int[] {5}, new ArrayList<>()).spacing(every));
    }

    @Test
    void ranksAndSpreads() {
        assertArrayEquals(new int[] {2, 0, 1}, RecoveryPictures.frequencyRanks(new long[] {1, 9, 5}));
        assertEquals(List.of(0, 1, 2), RecoveryPictures.spread(3, 5));
        List<Integer> spread = RecoveryPictures.spread(100, 5);
        assertEquals(0, spread.get(0));
        assertEquals(99, spread.get(spread.size() - 1));
        assertEquals(5, spread.size());
    }
}
