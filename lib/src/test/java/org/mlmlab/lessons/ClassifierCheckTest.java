package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;
import org.mlmlab.finetuning.ClassifierHead;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 8's check: a correct head passes however it is written; each slip fails with its cause named. */
class ClassifierCheckTest {
    static final ClassifierCheck.Loss RIGHT_LOSS = (scores, labels) ->
            scores.logSoftmax(1).gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1).mean().neg();

    /** A student's head: pool as given, then the linear layer. */
    static NDArray head(NDArray pooled, NDArray weight, NDArray bias, boolean withBias) {
        NDArray scores = pooled.matMul(weight.transpose());
        return withBias ? scores.add(bias) : scores;
    }

    static NDArray real(NDArray segments) {
        return segments.neq(0).toType(DataType.FLOAT32, false);
    }

    static String failure(ClassifierCheck.Scores scores, ClassifierCheck.Loss loss) {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            return assertThrows(CheckFailed.class, () -> ClassifierCheck.check(scores, loss, nd)).getMessage();
        }
    }

    @Test
    void correctHeadsPassHoweverWritten() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            // vectorised
            ClassifierCheck.check((h, s, w, b) -> head(h.mul(real(s).expandDims(2)).sum(new int[] {1}).div(real(s).sum(new int[] {1}, true)), w, b, true),
                    RIGHT_LOSS, nd);
            // a weighted mean through a matrix product, and the loss from softmax probabilities
            ClassifierCheck.check((h, s, w, b) -> {
                NDArray weights = real(s).div(real(s).sum(new int[] {1}, true)).expandDims(1);   // (B, 1, T)
                return weights.matMul(h).squeeze(1).matMul(w.transpose()).add(b);
            }, (scores, labels) -> scores.softmax(1).gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1).log().sum()
                    .div(-scores.getShape().get(0)), nd);
        }
    }

    @Test
    void theLibrarysHeadIsRefusedDuringItsCheck() {
        assertHint(failure(ClassifierHead::scores, RIGHT_LOSS), "the library's own version of the classifier head");
    }

    @Test
    void eachSlipIsNamed() {
        assertHint(failure((h, s, w, b) -> head(h.mean(new int[] {1}), w, b, true), RIGHT_LOSS), "includes the padding");
        assertHint(failure((h, s, w, b) -> head(h.mul(real(s).expandDims(2)).sum(new int[] {1}), w, b, true), RIGHT_LOSS),
                "instead of averaging");
        assertHint(failure((h, s, w, b) -> head(h.sum(new int[] {1}).div(real(s).sum(new int[] {1}, true)), w, b, true), RIGHT_LOSS),
                "mask the padding before the sum");
        assertHint(failure((h, s, w, b) -> head(h.get(":, 0, :"), w, b, true), RIGHT_LOSS), "no [CLS] token");
        assertHint(failure((h, s, w, b) -> head(h.mul(real(s).expandDims(2)).sum(new int[] {1}).div(real(s).sum(new int[] {1}, true)), w, b, false),
                RIGHT_LOSS), "leave out the bias");
        assertHint(failure((h, s, w, b) -> h.matMul(w.transpose()).add(b), RIGHT_LOSS), "applied the linear layer to every token");

        ClassifierCheck.Scores right = (h, s, w, b) -> head(h.mul(real(s).expandDims(2)).sum(new int[] {1})
                .div(real(s).sum(new int[] {1}, true)), w, b, true);
        assertHint(failure(right, (scores, labels) -> RIGHT_LOSS.classLoss(scores, labels).mul(scores.getShape().get(0))), "sum over the texts");
        assertHint(failure(right, (scores, labels) -> RIGHT_LOSS.classLoss(scores, labels).neg()), "MINUS log p");
        assertHint(failure(right, (scores, labels) -> scores.softmax(1).gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1).mean().neg()),
                "-p (probabilities)");
        assertHint(failure(right, (scores, labels) -> scores.logSoftmax(0).gather(labels.toType(DataType.INT64, false).reshape(-1, 1), 1).mean().neg()),
                "over the texts (axis 0)");
        assertHint(failure(right, (scores, labels) -> scores.logSoftmax(1)), "one number");
        assertTrue(failure((h, s, w, b) -> {
            throw new UnsupportedOperationException("your turn: write this part, then run the check below");
        }, RIGHT_LOSS).startsWith("FAIL: your classScores() is not written yet."));
    }
}
