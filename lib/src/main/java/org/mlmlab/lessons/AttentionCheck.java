package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.SelfAttention;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Lesson 4's check: the student's attention head against the library's ({@link SelfAttention#attend}),
 * on random queries, keys and values for the lesson's batch (with its padding). On a difference it
 * tries the usual slips (no scale, no mask, the softmax over the wrong axis) to name the one made.
 */
public final class AttentionCheck {
    /** The student's head: q, k, v (B, T, d) and the additive mask (B, T, T) in; the output (B, T, d) out. */
    @FunctionalInterface
    public interface Head {
        NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask);
    }

    static final double TOLERANCE = 1e-5;

    private AttentionCheck() {
    }

    /** {@code segments} (B, T): the batch's segments, 0 on padding; {@code d}: the head's width. */
    public static void check(Head head, NDArray segments, int d, NDManager manager) {
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
            NDArray got = Check.attempt("your attention()", () -> head.attention(q.duplicate(), k.duplicate(), v.duplicate(), mask.duplicate()));
            if (got == null || !got.getShape().equals(shape)) {
                throw Check.fail("your output is " + (got == null ? "null" : got.getShape()) + ", the library's " + shape + ".",
                        got != null && got.getShape().equals(new Shape(b, t, t))
                                ? "those are the weights: the output is weights.matMul(v), one value vector mixed per query."
                                : "scores = q.matMul(k.transpose(0, 2, 1)) is (B, T, T); softmax over the last axis; then .matMul(v) gives (B, T, d).");
            }
            int[] realQueries = segments.toType(DataType.INT32, false).toIntArray();   // 0: padding, never used
            double difference = difference(got, expected, realQueries);
            if (difference > TOLERANCE) {
                throw Check.fail(String.format("your output differs from the library's by up to %.3g (allowed: %.0e).", difference, TOLERANCE),
                        diagnose(got, q, k, v, mask, realQueries));
            }
            Check.pass(String.format("your head matches the library's within %.1g on every real query of a %d x %d batch "
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
        slips.put("did you forget the 1/sqrt(d) scale? Divide the scores by Math.sqrt(d) before the softmax.",
                x -> raw.add(mask).softmax(-1).matMul(v));
        slips.put("the scale is 1/sqrt(d), not 1/d.", x -> raw.div(d).add(mask).softmax(-1).matMul(v));
        slips.put("did you add the mask? Without it, queries attend to padding: add mask to the scores before the softmax.",
                x -> raw.div(Math.sqrt(d)).softmax(-1).matMul(v));
        slips.put("the softmax runs over the keys, the last axis: softmax(-1), so each query's weights sum to 1.",
                x -> raw.div(Math.sqrt(d)).add(mask).softmax(1).matMul(v));
        for (Map.Entry<String, Function<Void, NDArray>> slip : slips.entrySet()) {
            if (difference(got, slip.getValue().apply(null), realQueries) < 1e-4) {
                return slip.getKey();
            }
        }
        return "scores = q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(d)).add(mask); weights = scores.softmax(-1); "
                + "output = weights.matMul(v).";
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
