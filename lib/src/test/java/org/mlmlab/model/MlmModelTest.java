package org.mlmlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MlmModelTest {
    static final ModelConfig CONFIG = new ModelConfig(300, 32, 4, 2, 24, 0, false);
    static NDManager manager;
    static MlmModel model;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager(Lab.device());
        model = ModelFactory.create(CONFIG, manager, 7);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static NDArray forward(MlmModel m, NDManager nd, long[][] ids, int[][] segments, long... positions) {
        int b = ids.length;
        int t = ids[0].length;
        long[] flatIds = new long[b * t];
        int[] flatSeg = new int[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(ids[i], 0, flatIds, i * t, t);
            System.arraycopy(segments[i], 0, flatSeg, i * t, t);
        }
        NDList in = new NDList(nd.create(flatIds, new Shape(b, t)), nd.create(flatSeg, new Shape(b, t)));
        if (positions.length > 0) {
            in.add(nd.create(positions));
        }
        return m.forward(new ParameterStore(nd, false), in, false).head();
    }

    @Test
    void logitsForEveryPositionOrOnlyMaskedOnes() {
        long[][] ids = {{5, 6, 7, 2, 9}, {10, 2, 1, 1, 1}};
        int[][] seg = {{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}};
        NDArray all = forward(model, manager, ids, seg);
        assertEquals(new Shape(2, 5, 300), all.getShape());
        NDArray picked = forward(model, manager, ids, seg, 3, 6);
        assertEquals(new Shape(2, 300), picked.getShape());
        float[] a = all.reshape(10, 300).get("3").toFloatArray();
        assertArrayEquals(a, picked.get("0").toFloatArray(), 1e-5f, "the head at gathered positions equals the full head");
    }

    @Test
    void paddingChangesNothingAtRealPositions() {
        long[][] shortIds = {{5, 6, 7, 8}};
        int[][] shortSeg = {{1, 1, 1, 1}};
        long[][] padded = {{5, 6, 7, 8, 1, 1, 1, 1, 1, 1}};
        long[][] oddPad = {{5, 6, 7, 8, 44, 99, 3, 250, 17, 4}};
        int[][] paddedSeg = {{1, 1, 1, 1, 0, 0, 0, 0, 0, 0}};
        float[] reference = forward(model, manager, shortIds, shortSeg).toFloatArray();
        float[] withPadding = forward(model, manager, padded, paddedSeg).get(":, 0:4, :").toFloatArray();
        float[] withOddPadding = forward(model, manager, oddPad, paddedSeg).get(":, 0:4, :").toFloatArray();
        assertArrayEquals(reference, withPadding, 1e-5f);
        assertArrayEquals(reference, withOddPadding, 1e-5f);
    }

    @Test
    void packedSentencesDoNotSeeEachOther() {
        long[][] alone = {{5, 6, 7}};
        long[][] packed = {{5, 6, 7, 40, 41}};
        float[] a = forward(model, manager, alone, new int[][] {{1, 1, 1}}).toFloatArray();
        float[] p = forward(model, manager, packed, new int[][] {{1, 1, 1, 2, 2}}).get(":, 0:3, :").toFloatArray();
        float[] across = forward(model, manager, packed, new int[][] {{1, 1, 1, 1, 1}}).get(":, 0:3, :").toFloatArray();
        assertArrayEquals(a, p, 1e-5f);
        assertFalse(java.util.Arrays.equals(a, across), "with one segment the sentences do attend to each other");
    }

    @Test
    void aSequenceLongerThanTheModelIsAClearError() {
        long[][] ids = {new long[30]};
        int[][] seg = {new int[30]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forward(model, manager, ids, seg));
        assertTrue(e.getMessage().contains("longer than the model's 24 positions"), e.getMessage());
    }

    @Test
    void theParameterCountMatchesTheFormula() {
        assertEquals(CONFIG.parameterCount(), model.countParameters());
        ModelConfig tied = new ModelConfig(300, 32, 4, 2, 24, 0, true);
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            assertEquals(tied.parameterCount(), ModelFactory.create(tied, nd, 1).countParameters());
            ModelConfig narrow = tied.withFeedForwardRatio(2);   // each layer's feed-forward block loses 2 x (2 D^2) + 2 D weights
            assertEquals(tied.parameterCount() - 2 * (4L * 32 * 32 + 2 * 32), narrow.parameterCount());
            assertEquals(narrow.parameterCount(), ModelFactory.create(narrow, nd, 1).countParameters());
        }
        // the seed's model: dim 256, 4 layers, 30k vocabulary; a layer is 12 D^2 + 9 D and its two norms
        ModelConfig seed = new ModelConfig(30_000, 256, 4, 4, 128, 0, false);
        assertEquals(30_000L * 256 + 128 * 256 + 4 * (12L * 256 * 256 + 9 * 256 + 2 * seed.normParameters()) + 256 + 256L * 30_000 + 30_000,
                seed.parameterCount());
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            MlmModel again = ModelFactory.create(CONFIG, nd, 7);
            MlmModel other = ModelFactory.create(CONFIG, nd, 8);
            float[] mine = model.namedParameters().get("layers.1.attention.qkv.weight").getArray().toFloatArray();
            assertArrayEquals(mine, again.namedParameters().get("layers.1.attention.qkv.weight").getArray().toFloatArray());
            assertFalse(java.util.Arrays.equals(mine, other.namedParameters().get("layers.1.attention.qkv.weight").getArray().toFloatArray()));
        }
    }

    @Test
    void layersStartAtOneOverSqrtFanInAndEmbeddingsAtTheBertScale() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            MlmModel m = ModelFactory.create(new ModelConfig(2000, 64, 2, 2, 24, 0, false), nd, 5);
            Map<String, Parameter> p = m.namedParameters();
            assertEquals(1 / Math.sqrt(64), std(p.get("layers.0.attention.qkv.weight")), 0.1 / Math.sqrt(64));
            assertEquals(1 / Math.sqrt(256), std(p.get("layers.1.ffn.f2.weight")), 0.1 / Math.sqrt(256));
            assertEquals(ModelFactory.INIT_STD, std(p.get("tok.weight")), 0.002);
            assertEquals(ModelFactory.INIT_STD, std(p.get("head.weight")), 0.002);
            for (Parameter scale : p.values().stream().filter(x -> x.getType() == Parameter.Type.GAMMA).toList()) {
                assertEquals(1f, scale.getArray().mean().getFloat(), 0, "norm scales start at 1");
            }
            assertEquals(0f, p.get("layers.0.ffn.f1.bias").getArray().abs().sum().getFloat(), 0);
        }
    }

    private static double std(Parameter p) {
        float[] w = p.getArray().toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float v : w) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / w.length;
        return Math.sqrt(squares / w.length - mean * mean);
    }

    @Test
    void gradientsReachEveryParameter() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            MlmModel m = ModelFactory.create(new ModelConfig(300, 32, 4, 2, 24, 0, false), nd, 3);
            for (Parameter p : m.namedParameters().values()) {
                p.getArray().setRequiresGradient(true);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = m.forward(new ParameterStore(nd, false), new NDList(
                        nd.create(new long[] {5, 2, 7, 9, 2, 1}, new Shape(2, 3)),
                        nd.create(new int[] {1, 1, 1, 1, 1, 0}, new Shape(2, 3)),
                        nd.create(new long[] {1, 4})), true).head();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(nd.create(new long[] {6, 8})), new NDList(logits));
                collector.backward(loss);
            }
            for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                float norm = e.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(norm > 0, e.getKey() + " got no gradient");
            }
        }
    }
}
