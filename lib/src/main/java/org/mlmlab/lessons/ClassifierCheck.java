package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mlmlab.Exercise;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Lesson 8's check: the classifier head is a formula, so any correct way of writing it gives the same
 * numbers. On random encoder vectors for four texts of 9, 6, 3 and 1 real tokens (the padding holds
 * large vectors, so letting it in shows), the student's class scores must equal, within float rounding,
 * the mean vector over the real tokens times the weight plus the bias; and their loss the mean over the
 * texts of -log softmax(scores)[label]. The expected values are computed here in plain Java, one sum at
 * a time. On a difference it names the slip whose values are the student's, when one is.
 */
public final class ClassifierCheck {
    /** The student's class scores: hidden (B, T, D), segments (B, T), weight (C, D), bias (C) in; (B, C) out. */
    @FunctionalInterface
    public interface Scores {
        NDArray classScores(NDArray hidden, NDArray segments, NDArray weight, NDArray bias);
    }

    /** The student's loss: scores (B, C) and labels (B) in; one number out. */
    @FunctionalInterface
    public interface Loss {
        NDArray classLoss(NDArray scores, NDArray labels);
    }

    static final double TOLERANCE = 1e-5;
    static final String RECIPE = """
              real = segments.neq(0) as FLOAT32, (B, T); its row sums are the numbers of real tokens.
              pooled = hidden.mul(real.expandDims(2)).sum(new int[] {1}).div(real.sum(new int[] {1}, true)), (B, D).
              scores = pooled.matMul(weight.transpose()).add(bias), (B, C).
              loss: scores.logSoftmax(1).gather(labels as INT64 .reshape(-1, 1), 1): each text's log p(label);
              its mean, negated.""";
    private static final int[] REAL = {9, 6, 3, 1};
    private static final int T = 9;
    private static final int D = 6;
    private static final int C = 3;
    private static final int[] LABELS = {2, 0, 1, 2};

    private ClassifierCheck() {
    }

    public static void check(Scores scores, Loss loss, NDManager manager) {
        Check check = new Check(Exercise.CLASSIFIER);
        Random random = new Random(8);
        int b = REAL.length;
        double[][][] hidden = new double[b][T][D];
        int[][] segments = new int[b][T];
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < T; t++) {
                boolean real = t < REAL[r];
                segments[r][t] = real ? 1 : 0;
                for (int d = 0; d < D; d++) {
                    hidden[r][t][d] = (float) (real ? random.nextGaussian() : 5 + 3 * random.nextGaussian());   // float: what the arrays hold
                }
            }
        }
        double[][] weight = new double[C][D];
        double[] bias = new double[C];
        for (int c = 0; c < C; c++) {
            bias[c] = (float) random.nextGaussian();
            for (int d = 0; d < D; d++) {
                weight[c][d] = (float) (random.nextGaussian() / Math.sqrt(D));
            }
        }
        try (NDScope ignored = new NDScope()) {
            NDArray hiddenArray = manager.create(flat(hidden), new Shape(b, T, D));
            NDArray segmentArray = manager.create(Arrays.stream(segments).flatMapToInt(Arrays::stream).toArray(), new Shape(b, T));
            NDArray weightArray = manager.create(flat(weight), new Shape(C, D));
            NDArray biasArray = manager.create(toFloats(bias));

            double[][] expected = scores(hidden, segments, weight, bias, ClassifierCheck::meanOverReal, true);
            NDArray got = check.attempt("your classScores()", () -> scores.classScores(hiddenArray.duplicate(), segmentArray.duplicate(),
                    weightArray.duplicate(), biasArray.duplicate()));
            if (got == null || !got.getShape().equals(new Shape(b, C))) {
                throw check.fail("your class scores have shape " + (got == null ? "null" : got.getShape()) + " for " + b + " texts and "
                        + C + " classes: they should be (" + b + ", " + C + "), one score per text and class.",
                        got != null && got.getShape().equals(new Shape(b, T, C))
                                ? "you applied the linear layer to every token: pool each text's vectors into one first." : null);
            }
            double[][] yours = rows(got, C);
            if (!close(yours, expected)) {
                int row = firstDifferentRow(yours, expected);
                throw check.fail(String.format("for the text with %d real tokens of %d, your scores are %s; the mean vector over its real tokens "
                                + "times the weight plus the bias gives %s.", REAL[row], T, format(yours[row]), format(expected[row])),
                        diagnoseScores(yours, hidden, segments, weight, bias));
            }

            NDArray labels = manager.create(LABELS);
            double expectedLoss = loss(expected, LABELS, true, true);
            NDArray scoreArray = manager.create(flat(expected), new Shape(b, C));
            NDArray result = check.attempt("your classLoss()", () -> loss.classLoss(scoreArray.duplicate(), labels.duplicate()));
            if (result == null || result.size() != 1) {
                throw check.fail("your loss is " + (result == null ? "null" : "an array of shape " + result.getShape())
                        + ": it should be one number, the mean over the texts.", null);
            }
            double gotLoss = result.toType(DataType.FLOAT64, false).toDoubleArray()[0];
            if (!(Math.abs(gotLoss - expectedLoss) <= TOLERANCE)) {
                throw check.fail(String.format("on those scores with labels %s your loss is %.6f; the mean over the texts of "
                        + "-log softmax(scores)[label] is %.6f.", Arrays.toString(LABELS), gotLoss, expectedLoss), diagnoseLoss(gotLoss, expected));
            }
            check.pass(String.format("your scores match the pooled linear layer on %d texts of %d to %d real tokens, and your loss "
                    + "is %.6f as it should be.", b, REAL[b - 1], REAL[0], gotLoss));
        }
    }

    /** scores[r][c] = bias[c] (if withBias) + sum_d weight[c][d] * pool(r)[d]. */
    private static double[][] scores(double[][][] hidden, int[][] segments, double[][] weight, double[] bias,
                                     Pooling pooling, boolean withBias) {
        double[][] out = new double[hidden.length][weight.length];
        for (int r = 0; r < hidden.length; r++) {
            double[] pooled = pooling.pool(hidden[r], segments[r]);
            for (int c = 0; c < weight.length; c++) {
                double s = withBias ? bias[c] : 0;
                for (int d = 0; d < pooled.length; d++) {
                    s += weight[c][d] * pooled[d];
                }
                out[r][c] = s;
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Pooling {
        double[] pool(double[][] vectors, int[] segments);
    }

    private static double[] meanOverReal(double[][] vectors, int[] segments) {
        double[] sum = sumOver(vectors, segments, true);
        long real = Arrays.stream(segments).filter(s -> s != 0).count();
        return Arrays.stream(sum).map(x -> x / real).toArray();
    }

    private static double[] sumOver(double[][] vectors, int[] segments, boolean realOnly) {
        double[] sum = new double[vectors[0].length];
        for (int t = 0; t < vectors.length; t++) {
            if (!realOnly || segments[t] != 0) {
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += vectors[t][d];
                }
            }
        }
        return sum;
    }

    /** The mean (or sum) over the texts of -log softmax(scores)[label] (or of -softmax, without the log). */
    private static double loss(double[][] scores, int[] labels, boolean mean, boolean log) {
        double total = 0;
        for (int r = 0; r < scores.length; r++) {
            double max = Arrays.stream(scores[r]).max().orElse(0);
            double z = Arrays.stream(scores[r]).map(s -> Math.exp(s - max)).sum();
            double logP = scores[r][labels[r]] - max - Math.log(z);
            total += log ? -logP : -Math.exp(logP);
        }
        return mean ? total / scores.length : total;
    }

    private static String diagnoseScores(double[][] yours, double[][][] hidden, int[][] segments, double[][] weight, double[] bias) {
        Map<String, double[][]> slips = new LinkedHashMap<>();
        slips.put("your mean includes the padding positions: average over the real tokens only (segments 0 are padding), "
                + "or a text's score would depend on the batch it is in.", scores(hidden, segments, weight, bias,
                (v, s) -> Arrays.stream(sumOver(v, s, false)).map(x -> x / v.length).toArray(), true));
        slips.put("you sum the real tokens' vectors instead of averaging them: a long text would get larger scores just for its length.",
                scores(hidden, segments, weight, bias, (v, s) -> sumOver(v, s, true), true));
        slips.put("you sum over every position, padding included, and divide by the real tokens: mask the padding before the sum.",
                scores(hidden, segments, weight, bias, (v, s) -> {
                    long real = Arrays.stream(s).filter(x -> x != 0).count();
                    return Arrays.stream(sumOver(v, s, false)).map(x -> x / real).toArray();
                }, true));
        slips.put("you take the first token's vector alone: this model has no [CLS] token trained to summarise the text, so pool them all.",
                scores(hidden, segments, weight, bias, (v, s) -> v[0], true));
        slips.put("you take the last position's vector alone, which is padding in a short text: pool the real tokens.",
                scores(hidden, segments, weight, bias, (v, s) -> v[v.length - 1], true));
        slips.put("your scores leave out the bias.", scores(hidden, segments, weight, bias, ClassifierCheck::meanOverReal, false));
        for (Map.Entry<String, double[][]> slip : slips.entrySet()) {
            if (close(yours, slip.getValue())) {
                return slip.getKey();
            }
        }
        return null;
    }

    private static String diagnoseLoss(double got, double[][] scores) {
        Map<String, Double> slips = new LinkedHashMap<>();
        slips.put("your loss is the sum over the texts, not their mean.", loss(scores, LABELS, false, true));
        slips.put("your loss is the right one's negative: the loss is MINUS log p.", -loss(scores, LABELS, true, true));
        slips.put("your loss averages -p (probabilities), not -log p.", loss(scores, LABELS, true, false));
        double[][] transposed = new double[C][scores.length];
        for (int r = 0; r < scores.length; r++) {
            for (int c = 0; c < C; c++) {
                transposed[c][r] = scores[r][c];
            }
        }
        double overTexts = 0;   // softmax over the texts (axis 0) instead of the classes
        for (int r = 0; r < scores.length; r++) {
            double[] column = transposed[LABELS[r]];
            double max = Arrays.stream(column).max().orElse(0);
            overTexts -= column[r] - max - Math.log(Arrays.stream(column).map(s -> Math.exp(s - max)).sum());
        }
        slips.put("your probabilities are normalised over the texts (axis 0), not over the classes (axis 1).", overTexts / scores.length);
        for (Map.Entry<String, Double> slip : slips.entrySet()) {
            if (Math.abs(slip.getValue() - got) < 1e-4) {
                return slip.getKey();
            }
        }
        return null;
    }

    private static boolean close(double[][] a, double[][] b) {
        return firstDifferentRow(a, b) < 0;
    }

    private static int firstDifferentRow(double[][] a, double[][] b) {
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[r].length; c++) {
                if (!(Math.abs(a[r][c] - b[r][c]) <= TOLERANCE * Math.max(1, Math.abs(b[r][c])))) {
                    return r;
                }
            }
        }
        return -1;
    }

    private static double[][] rows(NDArray array, int columns) {
        double[] flat = array.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] rows = new double[flat.length / columns][columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * columns, rows[r], 0, columns);
        }
        return rows;
    }

    private static float[] flat(double[][][] values) {
        return toFloats(Arrays.stream(values).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray());
    }

    private static float[] flat(double[][] values) {
        return toFloats(Arrays.stream(values).flatMapToDouble(Arrays::stream).toArray());
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static String format(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%.4f", v)).toList().toString();
    }
}
