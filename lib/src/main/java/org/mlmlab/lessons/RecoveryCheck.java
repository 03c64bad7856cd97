package org.mlmlab.lessons;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mlmlab.Exercise;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RecoveryPictures;

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
    static final String RECIPE = """
              For every probe token t: label = log.labels()[t]; if from <= rank[label] < to, count it, and count it as recovered
              when log.snapshots().get(i).predicted()[t] == label. Return 100.0 * recovered / counted (a double division).""";

    private RecoveryCheck() {
    }

    public static void check(Measure measure, RecoveryLog log, long[] tokenCounts) {
        Check check = new Check(Exercise.RECOVERY);
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
                double got = check.attempt("your bandAccuracy()", () -> measure.bandAccuracy(log, rank.clone(), band.from(), band.to(), snapshot));
                if (!(Math.abs(got - drawn[i]) <= TOLERANCE)) {
                    throw check.fail(String.format("%s at step %d: yours is %.4f, the chart draws %.4f.", band.name(),
                            log.snapshots().get(i).step(), got, drawn[i]), hint(got, drawn[i], log, rank, band, i));
                }
                compared++;
            }
        }
        check.pass(String.format("your accuracies equal the chart's for %d bands x %d snapshots (%d values).",
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

    /** The slip whose value is the student's, or null. */
    private static String hint(double got, double drawn, RecoveryLog log, int[] rank, RecoveryPictures.Band band, int snapshot) {
        int[] labels = log.labels();
        int[] predicted = log.snapshots().get(snapshot).predicted();
        java.util.function.IntPredicate inBand = t -> rank[labels[t]] >= band.from() && rank[labels[t]] < band.to();
        int tokens = (int) java.util.stream.IntStream.range(0, labels.length).filter(inBand).count();
        int right = (int) java.util.stream.IntStream.range(0, labels.length).filter(inBand).filter(t -> predicted[t] == labels[t]).count();
        int all = (int) java.util.stream.IntStream.range(0, labels.length).filter(t -> predicted[t] == labels[t]).count();
        java.util.function.IntPredicate inBandById = t -> labels[t] >= band.from() && labels[t] < band.to();
        int byIdTokens = (int) java.util.stream.IntStream.range(0, labels.length).filter(inBandById).count();
        int byIdRight = (int) java.util.stream.IntStream.range(0, labels.length).filter(inBandById).filter(t -> predicted[t] == labels[t]).count();
        if (close(got * 100, drawn)) {
            return "yours is the share, the chart draws percentages: 100 times the share.";
        }
        if (tokens > 0 && close(got, 100 * (right / tokens))) {
            return "an integer division: recovered / tokens with two ints rounds down to 0 or 1 before the 100 multiplies it.";
        }
        if (tokens > 0 && close(got, 100 * right / tokens)) {
            return "an integer division: 100 * recovered / tokens with ints drops the fraction; divide as doubles.";
        }
        if (close(got, 100.0 * all / labels.length)) {
            return "yours is the accuracy over all probe tokens: count only those whose frequency rank is in [from, to).";
        }
        if (byIdTokens > 0 && close(got, 100.0 * byIdRight / byIdTokens)) {
            return "your band holds the tokens whose id is in [from, to); a band is decided by the frequency rank of the label, rank[label].";
        }
        if (close(got, 100.0 * right / labels.length)) {
            return "you divide by all probe tokens: divide by the number of probe tokens in the band.";
        }
        return null;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6;
    }
}
