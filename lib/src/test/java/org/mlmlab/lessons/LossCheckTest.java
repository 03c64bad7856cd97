package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 5's loss check: the masked cross-entropy written out equals the library's; each slip is named. */
class LossCheckTest {
    /** The loss as a student writes it; {@code overAll}: divide by every position instead of the masked ones. */
    static NDArray loss(NDArray logits, NDArray labels, boolean overAll, boolean negate) {
        long v = logits.getShape().get(2);
        NDArray flat = labels.reshape(-1).toType(DataType.INT64, false);
        NDArray valid = flat.neq(-100);
        NDArray picked = logits.reshape(-1, v).logSoftmax(-1).gather(flat.mul(valid.toType(DataType.INT64, false)).reshape(-1, 1), 1).reshape(-1);
        NDArray sum = picked.mul(valid.toType(DataType.FLOAT32, false)).sum();
        NDArray mean = overAll ? sum.div(flat.size()) : sum.div(valid.toType(DataType.FLOAT32, false).sum());
        return negate ? mean.neg() : mean;
    }

    static String failure(LossCheck.Loss loss) {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            return assertThrows(CheckFailed.class, () -> LossCheck.check(loss, nd)).getMessage();
        }
    }

    @Test
    void theLossWrittenOutPasses() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            LossCheck.check((logits, labels) -> loss(logits, labels, false, true), nd);
        }
    }

    @Test
    void eachSlipIsNamed() {
        assertHint(failure((logits, labels) -> loss(logits, labels, true, true)), "divided by all B x T positions");
        assertHint(failure((logits, labels) -> loss(logits, labels, false, false)), "MINUS log p");
        assertHint(failure((logits, labels) -> logits.sum(new int[] {2})), "it should be one number");
        assertTrue(failure((logits, labels) -> {
            throw new UnsupportedOperationException("your turn: write this part, then run the check below");
        }).startsWith("FAIL: your maskedLoss() is not written yet."));
    }
}
