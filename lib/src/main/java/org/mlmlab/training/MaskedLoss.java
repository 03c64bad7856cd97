package org.mlmlab.training;

import org.mlmlab.Exercise;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.mlmlab.masking.MaskedSequence;

/**
 * Cross-entropy over the masked positions only: the model is graded on the tokens it had to
 * recover, never on the ones it could see (that would reward copying the input).
 * <p>
 * DJL's SoftmaxCrossEntropyLoss has no "ignore index", so the seed's -100 labels cannot go to it.
 * Training never needs them: the model's head runs only at the gathered masked positions, so the
 * logits (K, V) and labels (K) are all real targets. {@link #ignoringLabels} is the same loss
 * written for the seed's (B, T) labels with -100, for the lesson and as a check.
 */
public final class MaskedLoss {
    private MaskedLoss() {
    }

    /** Mean of -log p(label) over K targets: logits (K, V), labels (K). */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        Exercise.LOSS.refuseDuringItsCheck("MaskedLoss.crossEntropy");
        NDArray logProbabilities = logits.logSoftmax(-1);
        NDArray picked = logProbabilities.gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * The same mean over positions whose label is not -100: logits (B, T, V), labels (B, T).
     * Ignored positions are given label 0 (any valid id) so that picking works, then multiplied by 0.
     */
    public static NDArray ignoringLabels(NDArray logits, NDArray labels) {
        Exercise.LOSS.refuseDuringItsCheck("MaskedLoss.ignoringLabels");
        long vocab = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray flatLabels = labels.reshape(-1).toType(DataType.INT64, false);
        NDArray valid = flatLabels.neq(MaskedSequence.IGNORE);
        NDArray safeLabels = flatLabels.mul(valid.toType(DataType.INT64, false));
        NDArray picked = logits.reshape(-1, vocab).logSoftmax(-1).gather(safeLabels.reshape(-1, 1), 1).reshape(-1);
        NDArray weights = valid.toType(DataType.FLOAT32, false);
        return picked.mul(weights).sum().neg().div(weights.sum().maximum(1f));
    }
}
