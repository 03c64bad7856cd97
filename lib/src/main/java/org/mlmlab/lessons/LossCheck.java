package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.training.MaskedLoss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Lesson 5's first check: the student's masked cross-entropy against {@link MaskedLoss#ignoringLabels},
 * on random logits with the seed's -100 labels. On a difference it names the slip whose value matches.
 */
public final class LossCheck {
    /** The student's loss: logits (B, T, V) and labels (B, T) with -100 where nothing is hidden, in; one number out. */
    @FunctionalInterface
    public interface Loss {
        NDArray maskedLoss(NDArray logits, NDArray labels);
    }

    static final double TOLERANCE = 1e-5;

    private LossCheck() {
    }

    public static void check(Loss loss, NDManager manager) {
        try (NDScope ignored = new NDScope()) {
            Random random = new Random(6);
            int b = 3;
            int t = 9;
            int v = 13;
            float[] values = new float[b * t * v];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (2 * random.nextGaussian());
            }
            long[] targets = new long[b * t];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = random.nextInt(3) == 0 ? 1 + random.nextInt(v - 1) : MaskedSequence.IGNORE;
            }
            NDArray logits = manager.create(values, new Shape(b, t, v));
            NDArray labels = manager.create(targets, new Shape(b, t));
            double expected = MaskedLoss.ignoringLabels(logits, labels).getFloat();
            NDArray result = Check.attempt("your maskedLoss()", () -> loss.maskedLoss(logits.duplicate(), labels.duplicate()));
            if (result == null || result.size() != 1) {
                throw Check.fail("your loss is " + (result == null ? "null" : "an array of shape " + result.getShape()) + ".",
                        "return one number: the mean over the masked positions (.mean(), or .sum() divided by their count).");
            }
            double got = result.toType(DataType.FLOAT64, false).toDoubleArray()[0];
            if (!(Math.abs(got - expected) <= TOLERANCE)) {
                throw Check.fail(String.format("your loss is %.6f, the library's %.6f.", got, expected), diagnose(got, logits, labels));
            }
            Check.pass(String.format("your loss is %.6f, the library's %.6f, on %d x %d positions of which %d are masked.", got, expected,
                    b, t, java.util.Arrays.stream(targets).filter(x -> x != MaskedSequence.IGNORE).count()));
        }
    }

    private static String diagnose(double got, NDArray logits, NDArray labels) {
        NDArray flat = labels.reshape(-1).toType(DataType.INT64, false);
        NDArray valid = flat.neq(MaskedSequence.IGNORE).toType(DataType.FLOAT32, false);
        NDArray safe = flat.mul(flat.neq(MaskedSequence.IGNORE).toType(DataType.INT64, false)).reshape(-1, 1);
        long v = logits.getShape().get(2);
        Supplier<NDArray> logProbabilities = () -> logits.reshape(-1, v).logSoftmax(-1).gather(safe, 1).reshape(-1);
        Map<String, Supplier<Double>> slips = new LinkedHashMap<>();
        slips.put("divide by the number of masked positions, not by all positions: the -100 ones have no target.",
                () -> (double) -logProbabilities.get().mul(valid).sum().getFloat() / valid.size());
        slips.put("positions labelled -100 have no target: leave them out of the mean.",
                () -> (double) -logProbabilities.get().mean().getFloat());
        slips.put("the loss is -log p of the original token: did you forget the minus sign?",
                () -> (double) logProbabilities.get().mul(valid).sum().getFloat() / valid.sum().getFloat());
        slips.put("take the log of the probability: logSoftmax(-1), not softmax(-1).",
                () -> (double) -logits.reshape(-1, v).softmax(-1).gather(safe, 1).reshape(-1).mul(valid).sum().getFloat() / valid.sum().getFloat());
        slips.put("the softmax runs over the vocabulary, the last axis: logSoftmax(-1).",
                () -> (double) -logits.logSoftmax(1).reshape(-1, v).gather(safe, 1).reshape(-1).mul(valid).sum().getFloat() / valid.sum().getFloat());
        for (Map.Entry<String, Supplier<Double>> slip : slips.entrySet()) {
            if (Math.abs(slip.getValue().get() - got) < 1e-4) {
                return slip.getKey();
            }
        }
        return "for each masked position take log_softmax(logits)[label], then the mean of their negatives over the masked positions only.";
    }
}
