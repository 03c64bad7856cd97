package org.mlmlab.finetuning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.mlmlab.Exercise;

/**
 * What turns the encoder into a text classifier, the mechanism lesson 8's student writes:
 * <ol>
 *   <li><b>pool</b>: the mean of the encoder's vectors over each text's real tokens (padding has no
 *       meaning, and a text's score must not depend on how much padding its batch needed);</li>
 *   <li><b>a linear layer</b> from that one vector to a score per class;</li>
 *   <li><b>cross-entropy</b>: the mean over the texts of -log p(true class), p the softmax of the scores.</li>
 * </ol>
 * The model has no [CLS] token (the seed's format), so a mean over the tokens stands in for it, as
 * in Sentence-BERT's mean pooling.
 */
public final class ClassifierHead {
    private ClassifierHead() {
    }

    /**
     * Class scores (B, C): {@code hidden} (B, T, D) the encoder's vectors, {@code segments} (B, T)
     * non-zero at real tokens and 0 at padding, {@code weight} (C, D) and {@code bias} (C).
     */
    public static NDArray scores(NDArray hidden, NDArray segments, NDArray weight, NDArray bias) {
        Exercise.CLASSIFIER.refuseDuringItsCheck("ClassifierHead.scores");
        return pool(hidden, segments).matMul(weight.transpose()).add(bias);
    }

    /** (B, D): each row's mean vector over its real tokens. */
    public static NDArray pool(NDArray hidden, NDArray segments) {
        NDArray real = segments.neq(0).toType(hidden.getDataType(), false);                  // (B, T): 1 at real tokens
        NDArray sum = hidden.mul(real.expandDims(2)).sum(new int[] {1});                     // (B, D)
        return sum.div(real.sum(new int[] {1}, true).maximum(1f));                           // a row of padding only stays 0
    }

    /** The mean over the rows of -log softmax(scores)[label]: {@code scores} (B, C), {@code labels} (B) class indices. */
    public static NDArray loss(NDArray scores, NDArray labels) {
        Exercise.CLASSIFIER.refuseDuringItsCheck("ClassifierHead.loss");
        NDArray picked = scores.logSoftmax(1).gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1);
        return picked.mean().neg();
    }
}
