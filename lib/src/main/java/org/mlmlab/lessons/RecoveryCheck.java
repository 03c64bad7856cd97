package org.mlmlab.lessons;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RecoveryPictures;

import java.util.List;
import java.util.Map;

/**
 * Lesson 7's check: the student's accuracy of one frequency band at one snapshot, computed from
 * recovery.json by hand, against the numbers the chart draws ({@link RecoveryPictures#accuracyByFrequency}),
 * for every band and every snapshot.
 */
public final class RecoveryCheck {
    /** The student's measure: the percentage of probe tokens with a frequency rank in [from, to) recovered at a snapshot. */
    @FunctionalInterface
    public interface Measure {
        double bandAccuracy(RecoveryLog log, int[] rank, int from, int to, int snapshot);
    }

    static final double TOLERANCE = 1e-9;

    private RecoveryCheck() {
    }

    public static void check(Measure measure, RecoveryLog log, long[] tokenCounts) {
        XYChart chart = RecoveryPictures.accuracyByFrequency(log, tokenCounts);
        int[] rank = RecoveryPictures.frequencyRanks(tokenCounts);
        int compared = 0;
        for (RecoveryPictures.Band band : RecoveryPictures.BANDS) {
            XYSeries series = series(chart, band.name());
            if (series == null) {
                continue;   // no probe token in this band
            }
            double[] drawn = series.getYData();
            for (int i = 0; i < drawn.length; i++) {
                int snapshot = i;
                double got = Check.attempt("your bandAccuracy()", () -> measure.bandAccuracy(log, rank.clone(), band.from(), band.to(), snapshot));
                if (!(Math.abs(got - drawn[i]) <= TOLERANCE)) {
                    throw Check.fail(String.format("%s at step %d: yours is %.4f, the chart draws %.4f.", band.name(),
                            log.snapshots().get(i).step(), got, drawn[i]), hint(got, drawn[i], log, rank, band, i));
                }
                compared++;
            }
        }
        Check.pass(String.format("your accuracies equal the chart's for %d bands x %d snapshots (%d values).",
                compared / Math.max(1, log.snapshots().size()), log.snapshots().size(), compared));
    }

    private static XYSeries series(XYChart chart, String bandName) {
        for (Map.Entry<String, XYSeries> e : chart.getSeriesMap().entrySet()) {
            if (e.getKey().startsWith(bandName)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String hint(double got, double drawn, RecoveryLog log, int[] rank, RecoveryPictures.Band band, int snapshot) {
        if (Math.abs(100 * got - drawn) <= 1e-6) {
            return "the chart draws percentages: multiply the share by 100.";
        }
        if (Math.abs(got - 100 * log.accuracy(snapshot, t -> true)) <= 1e-6) {
            return "count only the probe tokens whose frequency rank is in the band: from <= rank[label] < to.";
        }
        int[] labels = log.labels();
        if (Math.abs(got - 100 * log.accuracy(snapshot, t -> labels[t] >= band.from() && labels[t] < band.to())) <= 1e-6) {
            return "a token's band is decided by its frequency rank, rank[label], not by its id.";
        }
        List<Integer> inBand = java.util.stream.IntStream.range(0, labels.length)
                .filter(t -> rank[labels[t]] >= band.from() && rank[labels[t]] < band.to()).boxed().toList();
        long right = inBand.stream().filter(t -> log.snapshots().get(snapshot).correct(t, labels)).count();
        if (Math.abs(got - 100.0 * right / labels.length) <= 1e-6) {
            return "divide by the number of probe tokens in the band, not by all probe tokens.";
        }
        return "for every probe token t in the band, it is recovered when snapshot.predicted()[t] == log.labels()[t]; "
                + "the accuracy is 100 x recovered / tokens in the band.";
    }
}
