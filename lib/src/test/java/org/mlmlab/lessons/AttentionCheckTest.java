package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 4's check: one head written with NDArray operations equals the library's; each slip is named. */
class AttentionCheckTest {
    /** segments of a 2 x 6 batch: the second sentence has 2 padded positions. */
    static NDArray segments(NDManager nd) {
        return nd.create(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 6));
    }

    static String failure(AttentionCheck.Head head) {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            return assertThrows(CheckFailed.class, () -> AttentionCheck.check(head, segments(nd), 8, nd)).getMessage();
        }
    }

    @Test
    void oneHeadWrittenOutPasses() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            AttentionCheck.check((q, k, v, mask) -> q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(q.getShape().get(2))).add(mask)
                    .softmax(-1).matMul(v), segments(nd), 8, nd);
        }
    }

    @Test
    void eachSlipIsNamed() {
        assertHint(failure((q, k, v, mask) -> q.matMul(k.transpose(0, 2, 1)).add(mask).softmax(-1).matMul(v)), "without the 1/sqrt(d) scale");
        assertHint(failure((q, k, v, mask) -> q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(8)).softmax(-1).matMul(v)), "without the mask");
        assertHint(failure((q, k, v, mask) -> q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(8)).add(mask).softmax(1).matMul(v)), "over the queries");
        assertHint(failure((q, k, v, mask) -> q.matMul(k.transpose(0, 2, 1)).div(Math.sqrt(8)).add(mask).softmax(-1)), "those are the weights");
        assertTrue(failure((q, k, v, mask) -> {
            throw new YourTurn();
        }).startsWith("FAIL: your attention() is not written yet."));
    }
}
