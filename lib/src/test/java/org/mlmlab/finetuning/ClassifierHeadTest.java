package org.mlmlab.finetuning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;

import static org.junit.jupiter.api.Assertions.*;

/** The classifier head as lesson 8 defines it, and the bag-of-words baseline as logistic regression on counts. */
class ClassifierHeadTest {
    @Test
    void scoresAreTheMeanOverRealTokensTimesTheWeightPlusTheBias() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            // one text of 2 real tokens then padding whose vectors must not count
            NDArray hidden = nd.create(new float[] {1, 2, 3, 4, 100, 100}, new Shape(1, 3, 2));
            NDArray segments = nd.create(new int[] {1, 1, 0}, new Shape(1, 3));
            NDArray weight = nd.create(new float[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray bias = nd.create(new float[] {0, 0.5f, -1});
            // mean = (2, 3): scores (2, 3.5, 4)
            assertArrayEquals(new float[] {2, 3.5f, 4}, ClassifierHead.scores(hidden, segments, weight, bias).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aTextScoresTheSameWhateverItsPadding() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            NDArray weight = nd.randomNormal(new Shape(2, 4));
            NDArray bias = nd.randomNormal(new Shape(2));
            NDArray text = nd.randomNormal(new Shape(1, 3, 4));
            NDArray padded = text.concat(nd.randomNormal(new Shape(1, 5, 4)).mul(50), 1);
            NDArray short_ = ClassifierHead.scores(text, nd.ones(new Shape(1, 3)), weight, bias);
            NDArray long_ = ClassifierHead.scores(padded, nd.create(new int[] {1, 1, 1, 0, 0, 0, 0, 0}, new Shape(1, 8)), weight, bias);
            assertArrayEquals(short_.toFloatArray(), long_.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void theLossIsTheMeanNegativeLogProbabilityOfEachTextsLabel() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            NDArray scores = nd.create(new float[] {0, 0, 2, 0}, new Shape(2, 2));
            NDArray labels = nd.create(new int[] {1, 0});
            double expected = (Math.log(2) + -Math.log(Math.exp(2) / (Math.exp(2) + 1))) / 2;
            assertEquals(expected, ClassifierHead.loss(scores, labels).getFloat(), 1e-6);
        }
    }

    @Test
    void bagOfWordsScoresAreTokenCountsTimesTheWeights() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            BagOfWords model = BagOfWords.create(5, 2, nd);
            NDArray table = model.trainedParameters().get("weights.weight").getArray();
            table.set(nd.arange(10f).reshape(5, 2).toFloatArray());        // token t: weights (2t, 2t+1)
            model.trainedParameters().get("bias").getArray().set(new float[] {0.5f, -0.5f});
            // token 3 twice and token 1 once, then padding (id 4, which would add 8 and 9 if it counted)
            NDArray ids = nd.create(new long[] {3, 1, 3, 4}, new Shape(1, 4));
            NDArray segments = nd.create(new int[] {1, 1, 1, 0}, new Shape(1, 4));
            float[] scores = model.forward(new ParameterStore(nd, false), new NDList(ids, segments), false).head().toFloatArray();
            assertArrayEquals(new float[] {2 * 6 + 2 + 0.5f, 2 * 7 + 3 - 0.5f}, scores, 1e-6f);
        }
    }

    @Test
    void scoresAreReportedForThePositiveClass() {
        ClassificationScore s = ClassificationScore.of(new int[] {1, 1, 0, 0, 0}, new int[] {1, 0, 1, 0, 0}, 1);
        assertEquals(0.6, s.accuracy(), 1e-12);
        assertEquals(0.5, s.precision(), 1e-12);
        assertEquals(0.5, s.recall(), 1e-12);
        assertEquals(0.5, s.f1(), 1e-12);
        assertEquals(0, ClassificationScore.of(new int[] {0, 0}, new int[] {1, 0}, 1).f1());   // never says spam: F1 0
        assertThrows(IllegalArgumentException.class, () -> ClassificationScore.of(new int[] {1}, new int[] {1, 0}, 1));
    }
}
