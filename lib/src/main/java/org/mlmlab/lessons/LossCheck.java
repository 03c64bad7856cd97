package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mlmlab.Exercise;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.training.MaskedLoss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Lesson 5's first check: the loss is a formula, so any correct way of writing it gives the same number.
 * On random logits with the seed's -100 labels (a different number of hidden positions in each row), the
 * student's loss must equal the mean of -log p(label) over the hidden positions within float rounding.
 * On a difference it names the slip whose value is the student's, when one is.
 */
public final class LossCheck {
    /** The student's loss: logits (B, T, V) and labels (B, T) with -100 where nothing is hidden, in; one number out. */
    @FunctionalInterface
    public interface Loss {
        NDArray maskedLoss(NDArray logits, NDArray labels);
    }

    static final double TOLERANCE = 1e-5;
    static final String RECIPE = """
              Flatten: logits to (B*T, V), labels to (B*T) as INT64. hidden = labels.neq(-100).
              Give the -100 positions any valid id for the picking: labels.mul(hidden as INT64).
              logP = logits.logSoftmax(-1).gather(safeLabels.reshape(-1, 1), 1).reshape(-1).
              weights = hidden as FLOAT32; loss = logP.mul(weights).sum().neg().div(weights.sum()).""";

    private LossCheck() {
    }

    public static void check(Loss loss, NDManager manager) {
        Check check = new Check(Exercise.LOSS);
        try (NDScope ignored = new NDScope()) {
            Random random = new Random(6);
            int b = 4;
            int t = 9;
            int v = 13;
            float[] values = new float[b * t * v];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (2 * random.nextGaussian());
            }
            long[] targets = new long[b * t];
            for (int i = 0; i < targets.length; i++) {
                int row = i / t;   // rows hide 1, 2, 4 and 7 positions: a mean per row is not the mean per hidden token
                targets[i] = i % t < new int[] {1, 2, 4, 7}[row] ? 1 + random.nextInt(v - 1) : MaskedSequence.IGNORE;
            }
            NDArray logits = manager.create(values, new Shape(b, t, v));
            NDArray labels = manager.create(targets, new Shape(b, t));
            double expected = MaskedLoss.ignoringLabels(logits, labels).getFloat();
            NDArray result = check.attempt("your maskedLoss()", () -> loss.maskedLoss(logits.duplicate(), labels.duplicate()));
            if (result == null || result.size() != 1) {
                throw check.fail("your loss is " + (result == null ? "null" : "an array of shape " + result.getShape())
                        + ": it should be one number, the mean over the hidden positions.", null);
            }
            double got = result.toType(DataType.FLOAT64, false).toDoubleArray()[0];
            long hidden = java.util.Arrays.stream(targets).filter(x -> x != MaskedSequence.IGNORE).count();
            if (!(Math.abs(got - expected) <= TOLERANCE)) {
                throw check.fail(String.format("on random logits (%d x %d x %d) with %d hidden positions, your loss is %.6f; the mean of "
                        + "-log p(label) over the hidden positions is %.6f.", b, t, v, hidden, got, expected), diagnose(got, logits, labels));
            }
            check.pass(String.format("your loss is %.6f, the mean of -log p(label) over the %d hidden of %d x %d positions is %.6f.", got,
                    hidden, b, t, expected));
        }
    }

    private static String diagnose(double got, NDArray logits, NDArray labels) {
        NDArray flat = labels.reshape(-1).toType(DataType.INT64, false);
        NDArray valid = flat.neq(MaskedSequence.IGNORE).toType(DataType.FLOAT32, false);
        NDArray safe = flat.mul(flat.neq(MaskedSequence.IGNORE).toType(DataType.INT64, false)).reshape(-1, 1);
        long v = logits.getShape().get(2);
        Supplier<NDArray> logProbabilities = () -> logits.reshape(-1, v).logSoftmax(-1).gather(safe, 1).reshape(-1);
        Map<String, Supplier<Double>> slips = new LinkedHashMap<>();
        slips.put("your loss is the sum over the hidden positions divided by all B x T positions: divide by the number of hidden ones.",
                () -> (double) -logProbabilities.get().mul(valid).sum().getFloat() / valid.size());
        slips.put("your loss counts the positions labelled -100 too (as if their label were 0): they have no target, leave them out.",
                () -> (double) -logProbabilities.get().mean().getFloat());
        slips.put("your loss is the right one's negative: the loss is MINUS log p.",
                () -> (double) logProbabilities.get().mul(valid).sum().getFloat() / valid.sum().getFloat());
        slips.put("your loss averages -p (probabilities), not -log p.",
                () -> (double) -logits.reshape(-1, v).softmax(-1).gather(safe, 1).reshape(-1).mul(valid).sum().getFloat() / valid.sum().getFloat());
        slips.put("your log-probabilities are normalised over the positions (axis 1), not over the vocabulary (the last axis).",
                () -> (double) -logits.logSoftmax(1).reshape(-1, v).gather(safe, 1).reshape(-1).mul(valid).sum().getFloat() / valid.sum().getFloat());
        slips.put("your loss is the sum over the hidden positions, not their mean.",
                () -> (double) -logProbabilities.get().mul(valid).sum().getFloat());
        long rows = labels.getShape().get(0);
        slips.put("your loss is the mean of each sentence's mean: sentences with more hidden tokens must weigh more. Take one mean over "
                + "all hidden positions.", () -> {
            NDArray perPosition = logProbabilities.get().mul(valid).neg().reshape(rows, -1).sum(new int[] {1});
            return (double) perPosition.div(valid.reshape(rows, -1).sum(new int[] {1})).mean().getFloat();
        });
        for (Map.Entry<String, Supplier<Double>> slip : slips.entrySet()) {
            if (Math.abs(slip.getValue().get() - got) < 1e-4) {
                return slip.getKey();
            }
        }
        return null;
    }
}
