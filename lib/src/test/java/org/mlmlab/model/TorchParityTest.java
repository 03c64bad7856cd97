package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.AtomicWrite;
import org.mlmlab.PyTorchInstalled;
import org.mlmlab.Lab;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Our DJL model against an independent PyTorch implementation of the same design
 * (test-tools/torch/mlm_reference.py, run with Debian's python3-torch): same weights, same
 * batches with padding, logits within 1e-4 at every real position.
 */
class TorchParityTest {
    @Test
    void sameWeightsGiveTheSameLogitsAsPyTorch(@TempDir Path dir) throws Exception {
        PyTorchInstalled.assume();
        for (boolean tied : new boolean[] {false, true}) {
            ModelConfig config = new ModelConfig(1000, 64, 4, 2, 32, 0, tied);
            try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
                MlmModel model = ModelFactory.create(config, manager, 11);
                // larger weights than the 0.02 init, so every layer matters to the result
                for (var p : model.namedParameters().values()) {
                    NDArray a = p.getArray();
                    a.set(manager.randomNormal(0, 0.3f, a.getShape(), a.getDataType())
                            .add(p.getType() == Parameter.Type.GAMMA ? 1 : 0).toFloatArray());   // norm scales around 1
                }
                int b = 4;
                int t = 20;
                int[] lengths = {20, 13, 5, 1};
                Random random = new Random(5);
                long[] ids = new long[b * t];
                int[] segments = new int[b * t];
                boolean[] pad = new boolean[b * t];
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < t; j++) {
                        boolean real = j < lengths[i];
                        ids[i * t + j] = real ? 3 + random.nextInt(997) : 1;
                        segments[i * t + j] = real ? 1 : 0;
                        pad[i * t + j] = !real;
                    }
                }
                NDArray idArray = manager.create(ids, new Shape(b, t));
                float[] ours = model.forward(new ai.djl.training.ParameterStore(manager, false),
                        new NDList(idArray, manager.create(segments, new Shape(b, t))), false).head().toFloatArray();

                Path weights = dir.resolve("weights.npz");
                WeightFile.save(model, weights);
                NDList inputs = new NDList(idArray.toType(ai.djl.ndarray.types.DataType.INT64, true),
                        manager.create(pad, new Shape(b, t)), manager.create(config.heads()));
                inputs.get(0).setName("ids");
                inputs.get(1).setName("pad");
                inputs.get(2).setName("heads");
                AtomicWrite.write(dir.resolve("inputs.npz"), out -> inputs.encode(out, NDList.Encoding.NPZ));
                runReference(weights, dir.resolve("inputs.npz"), dir.resolve("out.npz"));
                float[] theirs;
                try (InputStream in = Files.newInputStream(dir.resolve("out.npz"))) {
                    theirs = NDList.decode(manager, in).get(0).toFloatArray();
                }
                assertEquals(ours.length, theirs.length);
                double maxDiff = 0;
                double maxLogit = 0;
                int v = config.vocabSize();
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < lengths[i]; j++) {
                        for (int k = 0; k < v; k++) {
                            int at = (i * t + j) * v + k;
                            maxDiff = Math.max(maxDiff, Math.abs(ours[at] - theirs[at]));
                            maxLogit = Math.max(maxLogit, Math.abs(theirs[at]));
                        }
                    }
                }
                System.out.printf("PyTorch parity (tied=%s): max |logit difference| = %.3g over real positions (logits up to %.1f)%n",
                        tied, maxDiff, maxLogit);
                assertTrue(maxDiff <= 1e-4, "max difference " + maxDiff);
                assertTrue(maxLogit > 1, "logits must be non-trivial for the comparison to mean anything");
            }
        }
    }

    static void runReference(Path weights, Path inputs, Path out) throws Exception {
        Path script = Lab.home().resolve("test-tools").resolve("torch").resolve("mlm_reference.py");
        Process p = new ProcessBuilder(PyTorchInstalled.PYTHON, script.toString(), weights.toString(), inputs.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("the PyTorch reference failed: " + log);
        }
    }
}
