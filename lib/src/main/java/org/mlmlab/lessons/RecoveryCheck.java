package org.mlmlab.lessons;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mlmlab.Exercise;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RecoveryPictures;

import java.util.LinkedHashMap;
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
                            log.snapshots().get(i).step(), got, drawn[i]), cause(measure, log, rank));
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

    /** One way of getting the band accuracy wrong: its value for a band at a snapshot. */
    private interface Slip {
        double value(int[] labels, int[] predicted, int[] rank, RecoveryPictures.Band band);
    }

    /**
     * The slip whose values are the student's at every band and snapshot, or null. Checked everywhere, not
     * only where the first difference showed: early in training two slips can give the same number there.
     */
    private static String cause(Measure measure, RecoveryLog log, int[] rank) {
        Map<String, Slip> slips = new LinkedHashMap<>();
        slips.put("yours is the share, the chart draws percentages: 100 times the share.",
                (l, p, r, b) -> count(l, p, r, b, true, true) / (double) count(l, p, r, b, true, false));
        slips.put("an integer division: recovered / tokens with two ints rounds down to 0 or 1 before the 100 multiplies it.",
                (l, p, r, b) -> 100 * (count(l, p, r, b, true, true) / count(l, p, r, b, true, false)));
        slips.put("an integer division: 100 * recovered / tokens with ints drops the fraction; divide as doubles.",
                (l, p, r, b) -> 100 * count(l, p, r, b, true, true) / count(l, p, r, b, true, false));
        slips.put("yours is the accuracy over all probe tokens: count only those whose frequency rank is in [from, to).",
                (l, p, r, b) -> 100.0 * count(l, p, r, null, true, true) / l.length);
        slips.put("your band holds the tokens whose id is in [from, to); a band is decided by the frequency rank of the label, rank[label].",
                (l, p, r, b) -> 100.0 * count(l, p, r, b, false, true) / count(l, p, r, b, false, false));
        slips.put("you divide by all probe tokens: divide by the number of probe tokens in the band.",
                (l, p, r, b) -> 100.0 * count(l, p, r, b, true, true) / l.length);
        Map<String, Boolean> fits = new LinkedHashMap<>();
        slips.keySet().forEach(k -> fits.put(k, true));
        for (RecoveryPictures.Band band : RecoveryPictures.BANDS) {
            if (count(log.labels(), log.labels(), rank, band, true, false) == 0) {
                continue;   // no probe token in this band: the chart has no curve for it
            }
            for (int i = 0; i < log.snapshots().size(); i++) {
                int snapshot = i;
                double got;
                try {
                    got = Exercise.RECOVERY.runStudentCode(() -> measure.bandAccuracy(log, rank.clone(), band.from(), band.to(), snapshot));
                } catch (Exception e) {
                    return null;
                }
                int[] predicted = log.snapshots().get(i).predicted();
                for (Map.Entry<String, Slip> slip : slips.entrySet()) {
                    double value;
                    try {
                        value = slip.getValue().value(log.labels(), predicted, rank, band);
                    } catch (ArithmeticException e) {
                        value = Double.NaN;   // an integer division by an empty band
                    }
                    boolean same = Double.isNaN(value) ? Double.isNaN(got) || Double.isInfinite(got) : close(got, value);
                    fits.merge(slip.getKey(), same, Boolean::logicalAnd);
                }
            }
        }
        return fits.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Probe tokens in {@code band} (all when null), by frequency rank or by id; only the recovered ones when asked. */
    private static int count(int[] labels, int[] predicted, int[] rank, RecoveryPictures.Band band, boolean byRank, boolean recovered) {
        int n = 0;
        for (int t = 0; t < labels.length; t++) {
            int key = byRank ? rank[labels[t]] : labels[t];
            if ((band == null || key >= band.from() && key < band.to()) && (!recovered || predicted[t] == labels[t])) {
                n++;
            }
        }
        return n;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6;
    }
}
