package org.mlmlab.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.Lab;
import org.mlmlab.LearningRateDecay;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.model.RmsNorm;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The loop's parts, each against a hand computation. */
class TrainingPartsTest {

    @Test
    void scheduleWarmsUpLinearlyThenDecaysToItsFloorOverTheBudget() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 0.1, 0.1, LearningRateDecay.COSINE);
        assertEquals(0, s.at(0), 1e-12);
        assertEquals(5e-4, s.at(0.05), 1e-12);
        assertEquals(1e-3, s.at(0.1), 1e-12, "the peak at the end of the warmup");
        assertEquals(0.55e-3, s.at(0.55), 1e-9, "half-way through the cosine: half-way between peak and floor");
        assertEquals(1e-4, s.at(1), 1e-12, "the floor at the end of the budget");
        assertEquals(1e-4, s.at(1.3), 1e-12, "and after it");
        for (int i = 11; i < 100; i++) {
            assertTrue(s.at((i + 1) / 100.0) <= s.at(i / 100.0), "decays monotonically");
        }
        // A step budget's progress is the step's share of it; a timed budget's, the training time's.
        assertEquals(0.25, TrainingBudget.ofSteps(40).progress(10, 999), 1e-12);
        assertEquals(0.25, TrainingBudget.ofMinutes(2).progress(999, 30), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(10, 2));
        assertThrows(IllegalArgumentException.class, () -> new TrainingBudget(0, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainingBudget.ofMinutes(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(Double.NaN, 0.1, 0.1, LearningRateDecay.COSINE));
    }

    @Test
    void linearAndWarmupStableDecaySchedulesFallAlongTheirLines() {
        LearningRateSchedule linear = new LearningRateSchedule(1e-3, 0.2, 0, LearningRateDecay.LINEAR);
        assertEquals(5e-4, linear.at(0.1), 1e-12, "the same warmup");
        assertEquals(1e-3, linear.at(0.2), 1e-12);
        assertEquals(0.5e-3, linear.at(0.6), 1e-12, "half-way down the line half-way through the decay");
        assertEquals(0.25e-3, linear.at(0.8), 1e-12);
        assertEquals(0, linear.at(1), 1e-12);

        LearningRateSchedule wsd = new LearningRateSchedule(1e-3, 0.1, 0.1, LearningRateDecay.WARMUP_STABLE_DECAY);
        assertEquals(1e-3, wsd.at(0.1), 1e-12);
        assertEquals(1e-3, wsd.at(0.5), 1e-12, "held at the peak");
        assertEquals(1e-3, wsd.at(0.8), 1e-12, "until the last 20% of the budget");
        assertEquals(0.55e-3, wsd.at(0.9), 1e-12, "then a line to the floor");
        assertEquals(1e-4, wsd.at(1), 1e-12);
        assertEquals(1e-4, wsd.at(2), 1e-12, "and the floor after it");
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0.9, 0, LearningRateDecay.WARMUP_STABLE_DECAY),
                "a warmup that runs into the decay");
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0.1, 0, null));
    }

    @Test
    void aConfigSavedBeforeThereWasAChoiceOfDecayReadsAsCosine(@TempDir Path dir) throws Exception {
        TrainingConfig linear = TrainingConfig.builder().decay(LearningRateDecay.LINEAR).build();
        com.google.gson.JsonObject saved = RunRecord.GSON.toJsonTree(linear).getAsJsonObject();
        assertEquals("LINEAR", saved.get("decay").getAsString());
        Path file = dir.resolve(RunRecord.CONFIG_FILE);
        Files.writeString(file, RunRecord.GSON.toJson(saved));
        assertEquals(linear, RunRecord.read(file, TrainingConfig.class, RunRecord::savedBeforeDecays), "saved and read back");
        saved.remove("decay");
        Files.writeString(file, RunRecord.GSON.toJson(saved));
        assertEquals(LearningRateDecay.COSINE, RunRecord.read(file, TrainingConfig.class, RunRecord::savedBeforeDecays).decay());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().decay(null).build(), "no decay from code is refused");
        assertTrue(linear.describe().contains("linear down to 10% of the peak"), linear.describe());
    }

    @Test
    void maskedLossOnGatheredPositionsEqualsTheIgnoreIndexForm() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            // 1 row, 3 positions, vocabulary 4; only position 1 (label 2) counts.
            NDArray logits = nd.create(new float[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0}, new Shape(1, 3, 4));
            NDArray labels = nd.create(new long[] {-100, 2, -100}, new Shape(1, 3));
            double expected = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4)));
            assertEquals(expected, MaskedLoss.ignoringLabels(logits, labels).getFloat(), 1e-5);
            NDArray gathered = nd.create(new float[] {1, 2, 3, 4}, new Shape(1, 4));
            assertEquals(expected, MaskedLoss.crossEntropy(gathered, nd.create(new long[] {2})).getFloat(), 1e-5);
            // Uniform logits: ln(V), the loss every fresh model starts from.
            assertEquals(Math.log(4), MaskedLoss.crossEntropy(nd.zeros(new Shape(5, 4)), nd.create(new long[] {0, 1, 2, 3, 0})).getFloat(), 1e-6);
        }
    }

    @Test
    void weightDecayAppliesToTheMatricesOfLinearLayersOnly() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            MlmModel model = ModelFactory.create(new ModelConfig(50, 16, 2, 2, 8, 0, false), nd, 1);
            Set<Parameter> decayed = AdamW.decayedIn(model);
            List<String> names = model.namedParameters().entrySet().stream().filter(e -> decayed.contains(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            assertEquals(List.of("layers.0.attention.qkv.weight", "layers.0.attention.o.weight", "layers.0.ffn.f1.weight",
                    "layers.0.ffn.f2.weight", "layers.1.attention.qkv.weight", "layers.1.attention.o.weight",
                    "layers.1.ffn.f1.weight", "layers.1.ffn.f2.weight", "head.weight"), names);
        }
    }

    /** A layer whose norms carry names that end in ".weight" and a type other than RMSNorm: neither may decay. */
    static final class RenamedNorms extends AbstractBlock {
        RenamedNorms() {
            addChildBlock("proj", Linear.builder().setUnits(4).build());
            addChildBlock("ln.weight", LayerNorm.builder().build());
            addChildBlock("rms.weight", new RmsNorm(4, 1e-6f));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            return inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            for (Block child : getChildren().values()) {
                child.initialize(manager, dataType, inputShapes);
            }
        }
    }

    @Test
    void aNormIsNeverDecayedWhateverItIsCalled() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            RenamedNorms block = new RenamedNorms();
            block.initialize(nd, DataType.FLOAT32, new Shape(2, 4));
            Set<Parameter> decayed = AdamW.decayedIn(block);
            List<Parameter> all = block.getParameters().values();
            assertEquals(5, all.size(), "linear weight and bias, LayerNorm gamma and beta, RMSNorm weight");
            assertEquals(1, decayed.size());
            Parameter linearWeight = block.getChildren().get(0).getValue().getDirectParameters().get("weight");
            assertTrue(decayed.contains(linearWeight));
        }
    }

    @Test
    void adamwUpdatesAsTheFormulaSaysAndClipsByGlobalNorm() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("x.weight", parameter(nd, new float[] {1, -2}));
            params.put("x.bias", parameter(nd, new float[] {0.5f}));
            // loss = 3 w0 + 4 w1 + 0 b: gradient (3, 4) and (0): global norm 5.
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray w = params.get("x.weight").getArray();
                NDArray b = params.get("x.bias").getArray();
                c.backward(w.mul(nd.create(new float[] {3, 4})).sum().add(b.mul(0).sum()));
            }
            double norm = GradientClipping.globalNorm(params.values());
            assertEquals(5.0, norm, 1e-6);
            double scale = GradientClipping.scale(norm, 1.0);
            assertEquals(0.2, scale, 1e-9);
            assertEquals(1.0, GradientClipping.scale(0.5, 1.0));
            AdamW adam = new AdamW(params, Set.of(params.get("x.weight")), new AdamW.Settings(0.9, 0.98, 1e-8, 0.1), nd);
            adam.step(0.01, scale);
            // First step: m/(1-b1) = g, v/(1-b2) = g^2, so the step is lr * sign(g) (up to eps), plus decay on the weight.
            float[] w = params.get("x.weight").getArray().toFloatArray();
            assertEquals(1 * (1 - 0.01 * 0.1) - 0.01, w[0], 1e-6);
            assertEquals(-2 * (1 - 0.01 * 0.1) - 0.01, w[1], 1e-6);
            assertEquals(0.5, params.get("x.bias").getArray().getFloat(0), 1e-7, "zero gradient, no decay: unchanged");
            assertEquals(0, GradientClipping.globalNorm(params.values()), 0, "gradients are cleared after the step");
        }
    }

    /**
     * The fused kernel against the formula over 12 steps whose gradients differ in scale by up to
     * 10^4: from the second step on, Adam's update depends on how gradients compare with the
     * earlier ones, so a scale or moment handled wrongly shows.
     */
    @Test
    void theFusedKernelFollowsTheFormulaOverManySteps() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            Random random = new Random(3);
            float[] start = new float[24];
            for (int i = 0; i < start.length; i++) {
                start[i] = (float) random.nextGaussian();
            }
            Map<String, Parameter> fused = twoParameters(nd, start);
            Map<String, Parameter> formula = twoParameters(nd, start);
            AdamW.Settings settings = new AdamW.Settings(0.9, 0.98, 1e-8, 0.1);
            AdamW a = new AdamW(fused, Set.of(fused.get("w")), settings, nd);
            AdamW b = new AdamW(formula, Set.of(formula.get("w")), settings, nd);
            double[] scales = {1, 100, 0.01, 1, 10, 1e-2, 1e2, 1, 0.1, 10, 1, 3};
            for (int step = 0; step < scales.length; step++) {
                float[] gradient = new float[24];
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] = (float) (scales[step] * random.nextGaussian());
                }
                setGradients(fused, gradient);
                setGradients(formula, gradient);
                double lr = 0.01 * (1 + step % 3);
                double clip = step % 2 == 0 ? 1.0 : 0.5;
                a.step(lr, clip);
                b.stepByFormula(lr, clip);
                for (String name : fused.keySet()) {
                    float[] x = fused.get(name).getArray().toFloatArray();
                    float[] y = formula.get(name).getArray().toFloatArray();
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(y[i], x[i], 2e-6 * Math.max(1, Math.abs(y[i])), name + "[" + i + "] after step " + (step + 1));
                    }
                }
            }
            assertNotEquals(start[0], fused.get("w").getArray().getFloat(0), "the weights moved");
        }
    }

    private static Map<String, Parameter> twoParameters(NDManager nd, float[] values) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("w", parameter(nd, Arrays.copyOfRange(values, 0, 16)));
        params.put("b", parameter(nd, Arrays.copyOfRange(values, 16, 24)));
        return params;
    }

    private static void setGradients(Map<String, Parameter> params, float[] gradient) {
        int at = 0;
        for (Parameter p : params.values()) {
            NDArray g = p.getArray().getGradient();
            int n = (int) g.size();
            g.set(Arrays.copyOfRange(gradient, at, at + n));
            at += n;
        }
    }

    @Test
    void adamwStepsLeaveNoArraysBehind() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("x.weight", parameter(nd, new float[] {1, -2}));
            AdamW adam = new AdamW(params, Set.of(), AdamW.Settings.standard(), nd);
            int before = ((BaseNDManager) nd).getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                adam.step(0.01, 1.0);
            }
            assertEquals(before, ((BaseNDManager) nd).getManagedArrays().size(), "arrays left attached to the manager by 5 steps");
        }
    }

    private static Parameter parameter(NDManager nd, float[] values) {
        Parameter p = Parameter.builder().setName("p").setType(Parameter.Type.WEIGHT).build();
        p.setArray(nd.create(values));
        p.getArray().setRequiresGradient(true);
        return p;
    }

    @Test
    void anInterruptedCheckpointLeavesThePreviousOne(@TempDir Path dir) throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir);
        Path first = checkpoints.save(10, folder -> Files.writeString(folder.resolve("model.json"), "{}"), 2);
        assertEquals(first, checkpoints.latest().orElseThrow());
        assertThrows(IOException.class, () -> checkpoints.save(20, folder -> {
            Files.writeString(folder.resolve("model.json"), "{");
            throw new IOException("disk full");
        }, 2));
        assertEquals(first, checkpoints.latest().orElseThrow(), "the pointer still names the complete checkpoint");
        assertEquals("{}", Files.readString(first.resolve("model.json")));
        checkpoints.save(20, folder -> Files.writeString(folder.resolve("model.json"), "{}"), 2);
        checkpoints.save(30, folder -> Files.writeString(folder.resolve("model.json"), "{}"), 2);
        assertEquals(2, checkpoints.list().size(), "only the newest two are kept");
        assertEquals(dir.resolve("step-000030"), Checkpoints.resolve(dir));
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.resolve(dir.resolve("nothing")));
    }

    @Test
    void metricsRoundTripThroughCsv(@TempDir Path dir) throws IOException {
        MetricsLog log = new MetricsLog();
        log.add(new MetricsLog.Row(10, 0, 1e-3, 5.5, 0.8, 1234, 3.5, Double.NaN, Double.NaN, Double.NaN));
        log.add(new MetricsLog.Row(20, 1, 2e-3, 4.5, 0.7, 2345, 7.0, Double.NaN, Double.NaN, Double.NaN));
        log.addEvaluation(20, new Evaluation(4.0, 0.25, 0.05, 100));
        log.writeCsv(dir.resolve("m.csv"));
        MetricsLog read = MetricsLog.readCsv(dir.resolve("m.csv"));
        assertEquals(log.rows(), read.rows());
        assertEquals(1, read.evaluations().size());
        assertEquals(2, read.table().rowCount());
        Table scores = read.evaluationTable();
        assertEquals(1, scores.rowCount());
        assertEquals("25.0%", scores.column("val accuracy").getString(0), "accuracies read as percentages");
        assertEquals("2.0E-3", scores.column("learning rate").getString(0));
        assertEquals("", read.table().column("val loss").getString(0), "no evaluation: an empty cell");
        read.truncateAfter(10);
        assertEquals(1, read.rows().size());
    }
}
