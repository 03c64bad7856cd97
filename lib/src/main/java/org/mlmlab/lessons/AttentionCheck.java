package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mlmlab.Exercise;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.SelfAttention;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Lesson 4's check: attention is a formula, so any correct way of writing it gives the same numbers.
 * The student's head runs on random queries, keys and values for the lesson's batch (with its padding)
 * and its output must equal {@code softmax(q k^T / sqrt(d) + mask) v} within float rounding on every
 * real query. On a difference it replays the usual slips (no scale, 1/d, no mask, the mask subtracted,
 * the softmax over the queries) and names one only when its output is the student's.
 */
public final class AttentionCheck {
    /** The student's head: q, k, v (B, T, d) and the additive mask (B, T, T) in; the output (B, T, d) out. */
    @FunctionalInterface
    public interface Head {
        NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask);
    }

    static final double TOLERANCE = 1e-5;
    static final String RECIPE = """
              d = q.getShape().get(2); scores = q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(d)) is (B, T, T);
              add the mask; weights = scores.softmax(-1) (over the keys); return weights.matMul(v), (B, T, d).""";

    private AttentionCheck() {
    }

    /** {@code segments} (B, T): the batch's segments, 0 on padding; {@code d}: the head's width. */
    public static void check(Head head, NDArray segments, int d, NDManager manager) {
        Check check = new Check(Exercise.ATTENTION);
        try (NDScope ignored = new NDScope()) {
            long b = segments.getShape().get(0);
            long t = segments.getShape().get(1);
            Random random = new Random(4);
            Shape shape = new Shape(b, t, d);
            NDArray q = normal(manager, shape, random, 3);   // sharp enough that the scale matters
            NDArray k = normal(manager, shape, random, 1);
            NDArray v = normal(manager, shape, random, 1);
            NDArray mask = MlmModel.attentionMask(segments).squeeze(1);
            NDArray expected = library(q, k, v, mask);
            NDArray got = check.attempt("your attention()", () -> head.attention(q.duplicate(), k.duplicate(), v.duplicate(), mask.duplicate()));
            if (got == null || !got.getShape().equals(shape)) {
                throw check.fail("your output is " + (got == null ? "null" : got.getShape()) + "; it should be (B, T, d) = " + shape + ".",
                        got != null && got.getShape().equals(new Shape(b, t, t))
                                ? "those are the weights (B, T, T): the output mixes the value vectors with them, one mix per query." : null);
            }
            int[] realQueries = segments.toType(DataType.INT32, false).toIntArray();   // 0: padding, never used
            double difference = difference(got, expected, realQueries);
            if (difference > TOLERANCE) {
                int[] at = worst(got, expected, realQueries, t);
                throw check.fail(String.format("on random q, k, v (the second sentence padded; counting from 0), your output differs from "
                                + "softmax(q k^T / sqrt(d) + mask) v by up to %.3g (allowed: %.0e), first at sentence %d, query %d: yours starts "
                                + "%s, expected %s.", difference, TOLERANCE, at[0], at[1], row(got, at), row(expected, at)),
                        diagnose(got, q, k, v, mask, realQueries));
            }
            check.pass(String.format("your head equals softmax(q k^T / sqrt(d) + mask) v within %.1g on every real query of a %d x %d batch "
                    + "(largest difference %.2g).", TOLERANCE, b, t, difference));
        }
    }

    private static NDArray library(NDArray q, NDArray k, NDArray v, NDArray mask) {
        return SelfAttention.attend(q.expandDims(1), k.expandDims(1), v.expandDims(1), mask.expandDims(1), 0, false).get(0).squeeze(1);
    }

    /** The slip whose result the student's output equals, as a hint. */
    private static String diagnose(NDArray got, NDArray q, NDArray k, NDArray v, NDArray mask, int[] realQueries) {
        double d = q.getShape().get(2);
        NDArray raw = q.matMul(k.transpose(0, 2, 1));
        Map<String, Function<Void, NDArray>> slips = new LinkedHashMap<>();
        slips.put("your output is what the scores give without the 1/sqrt(d) scale.",
                x -> raw.add(mask).softmax(-1).matMul(v));
        slips.put("your output is what the scores give scaled by 1/d: the scale is 1/sqrt(d).", x -> raw.div(d).add(mask).softmax(-1).matMul(v));
        slips.put("your output is what the scores give without the mask: your queries attend to padding.",
                x -> raw.div(Math.sqrt(d)).softmax(-1).matMul(v));
        slips.put("your output is what the scores give with the mask subtracted: -(-1e9) puts all the weight on padding. Add it.",
                x -> raw.div(Math.sqrt(d)).sub(mask).softmax(-1).matMul(v));
        slips.put("your softmax runs over the queries (axis 1): each query's weights over the keys (the last axis) must sum to 1.",
                x -> raw.div(Math.sqrt(d)).add(mask).softmax(1).matMul(v));
        slips.put("your output is what you get when the scale comes after the softmax: scale the scores, then softmax.",
                x -> raw.add(mask).softmax(-1).div(Math.sqrt(d)).matMul(v));
        for (Map.Entry<String, Function<Void, NDArray>> slip : slips.entrySet()) {
            if (difference(got, slip.getValue().apply(null), realQueries) < 1e-4) {
                return slip.getKey();
            }
        }
        return null;
    }

    /** The first (sentence, query) whose output row differs by more than the tolerance. */
    private static int[] worst(NDArray got, NDArray expected, int[] realQueries, long t) {
        float[] x = got.toType(DataType.FLOAT32, false).toFloatArray();
        float[] y = expected.toFloatArray();
        int d = x.length / realQueries.length;
        for (int row = 0; row < realQueries.length; row++) {
            for (int j = 0; realQueries[row] != 0 && j < d; j++) {
                if (!(Math.abs(x[row * d + j] - y[row * d + j]) <= TOLERANCE)) {
                    return new int[] {(int) (row / t), (int) (row % t)};
                }
            }
        }
        return new int[] {0, 0};
    }

    private static String row(NDArray out, int[] at) {
        float[] values = out.get(at[0] + ", " + at[1]).toType(DataType.FLOAT32, false).toFloatArray();
        StringBuilder text = new StringBuilder("[");
        for (int j = 0; j < Math.min(3, values.length); j++) {
            text.append(String.format("%s%.4f", j == 0 ? "" : ", ", values[j]));
        }
        return text.append(values.length > 3 ? ", ...]" : "]").toString();
    }

    /** The largest difference over the rows of real queries; infinite where either is NaN. */
    private static double difference(NDArray a, NDArray b, int[] realQueries) {
        float[] x = a.toType(DataType.FLOAT32, false).toFloatArray();
        float[] y = b.toFloatArray();
        int d = x.length / realQueries.length;
        double max = 0;
        for (int row = 0; row < realQueries.length; row++) {
            for (int j = 0; realQueries[row] != 0 && j < d; j++) {
                double diff = Math.abs(x[row * d + j] - y[row * d + j]);
                max = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(max, diff);
            }
        }
        return max;
    }

    private static NDArray normal(NDManager manager, Shape shape, Random random, double scale) {
        float[] values = new float[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (scale * random.nextGaussian());
        }
        return manager.create(values, shape);
    }
}
