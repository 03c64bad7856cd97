package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.ToyModel;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.MlmModel;
import org.mlmlab.prediction.Candidate;
import org.mlmlab.prediction.MaskPredictor;
import org.mlmlab.tokenizer.LabTokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 6's check: the seed's out[:, position, :] walk written out equals MaskPredictor; slips are named. */
class PredictionCheckTest {
    @TempDir
    static Path dir;
    static ToyModel toy;
    static LabTokenizer tokenizer;
    static NDManager manager;
    static MlmModel model;
    static final List<String> TEXTS = List.of("the [MASK] sat on the mat.", "hello! how are [MASK]?", "[MASK] is here.");

    @BeforeAll
    static void setUp() {
        toy = ToyModel.create(dir, 150, 3);
        tokenizer = toy.tokenizer();
        manager = toy.manager();
        model = toy.model();
    }

    @AfterAll
    static void tearDown() {
        toy.close();
    }

    /** The prediction as a student writes it. */
    static List<Candidate> byHand(String text, int k, boolean excludeSpecials, boolean softmax, int shift) {
        long[] ids = tokenizer.encode(text).ids();
        int position = Arrays.stream(ids).boxed().toList().indexOf((long) tokenizer.id("[MASK]")) + shift;
        ParameterStore store = new ParameterStore(manager, false);
        int[] segments = new int[ids.length];
        Arrays.fill(segments, 1);
        NDArray out = model.encode(store, manager.create(ids, new Shape(1, ids.length)), manager.create(segments, new Shape(1, ids.length)),
                false, false).head();
        NDArray logits = model.logits(store, out.get(":, " + position + ", :"), false).reshape(-1);
        if (excludeSpecials) {
            boolean[] special = Vocabulary.of(tokenizer).special();
            float[] penalty = new float[special.length];
            for (int i = 0; i < special.length; i++) {
                penalty[i] = special[i] ? -1e9f : 0;
            }
            logits = logits.add(manager.create(penalty));
        }
        NDArray scores = softmax ? logits.softmax(-1) : logits;
        NDList top = scores.topK(k, -1);
        float[] p = top.get(0).toFloatArray();
        long[] id = top.get(1).toLongArray();
        List<Candidate> out2 = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            out2.add(new Candidate(tokenizer.token((int) id[r]), p[r]));
        }
        return out2;
    }

    static String failure(PredictionCheck.ByHand byHand) {
        MaskPredictor predictor = new MaskPredictor(model, tokenizer, manager, 42);
        return assertThrows(CheckFailed.class, () -> PredictionCheck.check(byHand, predictor, tokenizer, TEXTS)).getMessage();
    }

    @Test
    void thePredictionWrittenOutEqualsMaskPredictor() {
        PredictionCheck.check((text, k) -> byHand(text, k, true, true, 0), new MaskPredictor(model, tokenizer, manager, 42), tokenizer, TEXTS);
    }

    @Test
    void eachSlipIsNamed() {
        assertHint(failure((text, k) -> byHand(text, k, true, false, 0)), "softmax(-1)");
        assertHint(failure((text, k) -> byHand(text, k, false, true, 0)), "add -1e9 to their logits");
        assertHint(failure((text, k) -> byHand(text, k, true, true, 1)), "the [MASK]'s position");
        assertHint(failure((text, k) -> byHand(text, k, true, true, 0).subList(0, 3)), "the k most probable tokens");
        assertTrue(failure((text, k) -> {
            throw new UnsupportedOperationException("your turn: write this part, then run the check below");
        }).startsWith("FAIL: your predictMask() is not written yet."));
    }
}
