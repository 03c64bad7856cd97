package org.mlmlab.lessons;

import org.junit.jupiter.api.Test;
import org.mlmlab.visualisation.RecoveryLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 7's check: a band's accuracy computed by hand equals the chart's numbers; slips are named. */
class RecoveryCheckTest {
    static final int VOCAB = 1500;

    /** A probe of 400 tokens over 1,500 ids with Zipf-like counts, and 6 snapshots that recover more and more. */
    static RecoveryLog log() {
        Random random = new Random(2);
        int[] labels = new int[400];
        for (int t = 0; t < labels.length; t++) {
            labels[t] = (int) Math.min(VOCAB - 1, Math.abs(random.nextGaussian()) * 400);
        }
        RecoveryLog log = new RecoveryLog(List.of("probe"), 42, labels, new ArrayList<>());
        for (int s = 0; s < 6; s++) {
            int[] predicted = new int[labels.length];
            float[] probability = new float[labels.length];
            for (int t = 0; t < labels.length; t++) {
                predicted[t] = random.nextDouble() < 0.15 * s * (labels[t] < 300 ? 1.5 : 0.5) ? labels[t] : 0;
                probability[t] = random.nextFloat();
            }
            log.add(new RecoveryLog.Snapshot(100L * s, predicted, probability));
        }
        return log;
    }

    /** counts[id]: id 0 the most frequent, falling off with the id. */
    static long[] counts() {
        long[] counts = new long[VOCAB];
        for (int id = 0; id < VOCAB; id++) {
            counts[id] = 100_000 / (id + 1);
        }
        return counts;
    }

    /** The measure as a student writes it; {@code byId}: uses the token id in place of its rank. */
    static double bandAccuracy(RecoveryLog log, int[] rank, int from, int to, int snapshot, boolean byId, boolean percent) {
        int tokens = 0;
        int right = 0;
        for (int t = 0; t < log.labels().length; t++) {
            int label = log.labels()[t];
            int r = byId ? label : rank[label];
            if (r >= from && r < to) {
                tokens++;
                right += log.snapshots().get(snapshot).predicted()[t] == label ? 1 : 0;
            }
        }
        return (percent ? 100.0 : 1.0) * right / tokens;
    }

    static String failure(RecoveryCheck.Measure measure) {
        return assertThrows(CheckFailed.class, () -> RecoveryCheck.check(measure, log(), counts())).getMessage();
    }

    @Test
    void theMeasureByHandEqualsTheChart() {
        RecoveryCheck.check((log, rank, from, to, s) -> bandAccuracy(log, rank, from, to, s, false, true), log(), counts());
    }

    @Test
    void eachSlipIsNamed() {
        assertHint(failure((log, rank, from, to, s) -> bandAccuracy(log, rank, from, to, s, false, false)), "100 times the share");
        assertHint(failure((log, rank, from, to, s) -> 100 * log.accuracy(s, t -> true)), "the library's own version");
        assertTrue(failure((log, rank, from, to, s) -> {
            throw new YourTurn();
        }).startsWith("FAIL: your bandAccuracy() is not written yet."));
    }
}
