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

    /** The distribution as a student writes it; {@code exclude} decides which ids are left out before the softmax. */
    static NDArray probabilities(String text, java.util.function.IntPredicate exclude, boolean softmax, int shift) {
        long[] ids = tokenizer.encode(text).ids();
        int position = Arrays.stream(ids).boxed().toList().indexOf((long) tokenizer.id("[MASK]")) + shift;
        ParameterStore store = new ParameterStore(manager, false);
        int[] segments = new int[ids.length];
        Arrays.fill(segments, 1);
        NDArray out = model.encode(store, manager.create(ids, new Shape(1, ids.length)), manager.create(segments, new Shape(1, ids.length)),
                false, false).head();
        NDArray logits = model.logits(store, out.get(":, " + position + ", :"), false).reshape(-1);
        float[] penalty = new float[(int) logits.size()];
        for (int i = 0; i < penalty.length; i++) {
            penalty[i] = exclude.test(i) ? -1e9f : 0;
        }
        logits = logits.add(manager.create(penalty));
        return softmax ? logits.softmax(-1) : logits;
    }

    static List<Candidate> top(NDArray probabilities, int k) {
        NDList top = probabilities.topK(k, -1);
        float[] p = top.get(0).toFloatArray();
        long[] id = top.get(1).toLongArray();
        List<Candidate> out = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            out.add(new Candidate(tokenizer.token((int) id[r]), p[r]));
        }
        return out;
    }

    static final java.util.function.IntPredicate SPECIAL = id -> Vocabulary.of(tokenizer).special()[id];

    static String failure(java.util.function.Function<String, NDArray> distribution, java.util.function.BiFunction<String, Integer, List<Candidate>> best) {
        MaskPredictor predictor = new MaskPredictor(model, tokenizer, manager, 42);
        return assertThrows(CheckFailed.class, () -> PredictionCheck.check(distribution, best, predictor, tokenizer, TEXTS)).getMessage();
    }

    @Test
    void thePredictionWrittenOutPasses() {
        PredictionCheck.check(t -> probabilities(t, SPECIAL, true, 0), (t, k) -> top(probabilities(t, SPECIAL, true, 0), k),
                new MaskPredictor(model, tokenizer, manager, 42), tokenizer, TEXTS);
    }

    @Test
    void eachSlipIsNamed() {
        java.util.function.BiFunction<String, Integer, List<Candidate>> right = (t, k) -> top(probabilities(t, SPECIAL, true, 0), k);
        assertHint(failure(t -> probabilities(t, SPECIAL, false, 0), right), "the scores themselves");
        assertHint(failure(t -> probabilities(t, id -> false, true, 0), right), "includes the special tokens");
        int unk = tokenizer.id("[UNK]");
        assertHint(failure(t -> probabilities(t, id -> SPECIAL.test(id) && id != unk, true, 0), right), "[UNK] has probability");
        assertHint(failure(t -> probabilities(t, SPECIAL, true, 1), right), "your probability of");
        assertHint(failure(t -> probabilities(t, SPECIAL, true, 0), (t, k) -> right.apply(t, k).subList(0, k - 1)), "candidates, not");
        assertTrue(failure(t -> {
            throw new YourTurn();
        }, right).startsWith("FAIL: your maskProbabilities() is not written yet."));
    }
}
