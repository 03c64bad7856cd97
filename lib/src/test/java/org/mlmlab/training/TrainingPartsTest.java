package org.mlmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.Lab;

import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The loop's parts, each against a hand computation. */
class TrainingPartsTest {

    @Test
    void scheduleWarmsUpLinearlyThenDecaysToItsFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 10, 110, 0.1);
        assertEquals(1e-4, s.at(1), 1e-12);
        assertEquals(5e-4, s.at(5), 1e-12);
        assertEquals(1e-3, s.at(10), 1e-12, "the peak at the end of the warmup");
        assertEquals(0.55e-3, s.at(60), 1e-9, "half-way through the cosine: half-way between peak and floor");
        assertEquals(1e-4, s.at(110), 1e-12, "the floor at the last step");
        for (int step = 11; step < 110; step++) {
            assertTrue(s.at(step + 1) <= s.at(step), "decays monotonically");
        }
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
    void weightDecaySparesNormsBiasesAndEmbeddings() {
        assertTrue(AdamW.decays("layers.0.qkv.weight"));
        assertTrue(AdamW.decays("head.weight"));
        assertFalse(AdamW.decays("layers.0.qkv.bias"));
        assertFalse(AdamW.decays("layers.0.n1.w"));
        assertFalse(AdamW.decays("norm.w"));
        assertFalse(AdamW.decays("tok.weight"));
        assertFalse(AdamW.decays("pos.weight"));
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
            AdamW adam = new AdamW(params, new AdamW.Settings(0.9, 0.98, 1e-8, 0.1), nd);
            adam.step(0.01, scale);
            // First step: m/(1-b1) = g, v/(1-b2) = g^2, so the step is lr * sign(g) (up to eps), plus decay on the weight.
            float[] w = params.get("x.weight").getArray().toFloatArray();
            assertEquals(1 * (1 - 0.01 * 0.1) - 0.01, w[0], 1e-6);
            assertEquals(-2 * (1 - 0.01 * 0.1) - 0.01, w[1], 1e-6);
            assertEquals(0.5, params.get("x.bias").getArray().getFloat(0), 1e-7, "zero gradient, no decay: unchanged");
            assertEquals(0, GradientClipping.globalNorm(params.values()), 0, "gradients are cleared after the step");
        }
    }

    @Test
    void adamwStepsLeaveNoArraysBehind() {
        try (NDManager nd = NDManager.newBaseManager(Lab.device())) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("x.weight", parameter(nd, new float[] {1, -2}));
            AdamW adam = new AdamW(params, AdamW.Settings.standard(), nd);
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
