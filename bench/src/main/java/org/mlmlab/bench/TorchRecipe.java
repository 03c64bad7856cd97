package org.mlmlab.bench;

import org.mlmlab.cli.LabAllocator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.mlmlab.Lab;
import org.mlmlab.AtomicWrite;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.EvaluationSet;
import org.mlmlab.masking.TrainingBatches;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.WeightFile;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.Evaluator;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Our training recipe written in plain PyTorch (test-tools/torch/mlm_recipe.py), run on our run's
 * data: it starts from our model's initial weights, trains on exactly our batches in our order,
 * and is scored on our validation set's fixed masks, so what differs between the two runs is
 * the implementation alone. The script reads the sizes and settings as JSON, the weights and the
 * held-out rows as .npz files, and the batches from its standard input as it asks for them.
 */
final class TorchRecipe {
    static final String INSTALL = "apt-get install python3-torch python3-numpy libopenblas0-pthread";

    /** One evaluation of the reference: after {@code step} steps and {@code seconds} of training. */
    record Evaluation(long step, double seconds, double loss, double accuracy) {
    }

    /**
     * What the reference reported: its loss at every step (when asked), its evaluations, its speed, and its
     * own matrix-multiply rate (its BLAS: Debian's PyTorch uses OpenBLAS, DJL's libtorch MKL).
     */
    record Result(List<Double> losses, List<Evaluation> evaluations, long steps, double seconds, double tokensPerSecond,
                  String torchVersion, double matmulPeak, double firstStepSeconds, long graphsCompiledWhileTimed) {
    }

    private final Path work;
    /** The last steps of a run to profile, one trace each (torch-profile-NNNNNN.json in the work folder): 0 for none. */
    private int profileSteps;
    /** Whether the next runs train under torch.compile (see test-tools/torch/mlm_recipe.py). */
    private boolean compiled;
    private final ModelConfig model;
    private final TrainingConfig config;
    private final TrainingBatches batches;
    private final int padId;

    /**
     * Saves {@code trainer}'s weights as the reference's starting point and its validation set:
     * call it before our run trains.
     */
    TorchRecipe(MlmTrainer trainer, Path work) throws IOException {
        this.work = work;
        this.model = trainer.model().config();
        this.config = trainer.config();
        this.batches = trainer.data().train();
        this.padId = trainer.data().vocabulary().padId();
        WeightFile.save(trainer.model(), work.resolve("weights.npz"));
        writeHeldOut(trainer.data().validation(), work.resolve("eval.npz"));
    }

    /**
     * The PyTorch compared with: MLM_LAB_TORCH_PYTHON, which ./lab bench sets to the project's venv of PyTorch from pip
     * (build/torch-venv: what a user installs today), else Debian's (/usr/bin/python3).
     */
    static String python() {
        return System.getenv().getOrDefault("MLM_LAB_TORCH_PYTHON", DEBIAN_PYTHON);
    }

    /** The next runs train under torch.compile (true) or eager (false). */
    void compiled(boolean compiled) {
        this.compiled = compiled;
    }

    /** Profiles the last {@code steps} steps of the next runs with PyTorch's profiler, into {@link #profileTraces()}. */
    void profileLast(int steps) throws IOException {
        for (Path old : profileTraces()) {   // an earlier run's
            Files.delete(old);
        }
        this.profileSteps = steps;
    }

    /** The traces of the profiled steps, one a step (Chrome's trace format). */
    List<Path> profileTraces() throws IOException {
        try (var files = Files.list(work)) {
            return files.filter(f -> f.getFileName().toString().startsWith("torch-profile-")).sorted().toList();
        }
    }

    /** Debian's python3-torch (1.13 on bookworm): an outdated reference, shown only as an extra, labelled line. */
    static final String DEBIAN_PYTHON = "/usr/bin/python3";

    /**
     * Trains the reference for {@code steps} steps, or {@code seconds} of training when steps is 0,
     * on our batches from the first; the first {@code warmupSteps} are not timed.
     */
    Result train(long steps, double seconds, int warmupSteps, int evaluateEvery, boolean logSteps) throws IOException, InterruptedException {
        return train(python(), steps, seconds, warmupSteps, evaluateEvery, logSteps);
    }

    /** {@link #train(long, double, int, int, boolean)} with the PyTorch of that Python. */
    Result train(String python, long steps, double seconds, int warmupSteps, int evaluateEvery, boolean logSteps)
            throws IOException, InterruptedException {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("heads", model.heads());
        settings.put("max_length", config.layout().maxLength());
        settings.put("lr", config.learningRate());
        settings.put("warmup", config.warmup());
        settings.put("final_fraction", config.finalLearningRate());
        settings.put("decay", config.decay().name());
        settings.put("beta1", config.adam().beta1());
        settings.put("beta2", config.adam().beta2());
        settings.put("epsilon", config.adam().epsilon());
        settings.put("weight_decay", config.adam().weightDecay());
        settings.put("clip", config.clipNorm());
        settings.put("steps", steps);
        settings.put("seconds", seconds);
        settings.put("threads", Runtime.getRuntime().availableProcessors());
        settings.put("warmup_steps", warmupSteps);
        settings.put("evaluate_every", evaluateEvery);
        settings.put("log_steps", logSteps);
        settings.put("profile_steps", profileSteps);
        settings.put("compile", compiled);
        settings.put("profile_dir", work.toString());
        Files.writeString(work.resolve("config.json"), new Gson().toJson(settings));

        Path script = Lab.home().resolve("test-tools").resolve("torch").resolve("mlm_recipe.py");
        Path errors = work.resolve("reference.err");
        Process process = LabAllocator.removeFrom(new ProcessBuilder(python, script.toString(),
                work.resolve("config.json").toString(), work.resolve("weights.npz").toString(), work.resolve("eval.npz").toString())
                .redirectError(errors.toFile())).start();
        Thread feeder = new Thread(() -> feed(process.getOutputStream()), "reference-batches");
        feeder.setDaemon(true);
        feeder.start();

        List<Double> losses = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        JsonObject done = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                switch (o.get("event").getAsString()) {
                    case "step" -> losses.add(o.get("loss").getAsDouble());
                    case "eval" -> evaluations.add(new Evaluation(o.get("step").getAsLong(), o.get("seconds").getAsDouble(),
                            o.get("loss").getAsDouble(), o.get("accuracy").getAsDouble()));
                    case "done" -> done = o;
                    default -> throw new IllegalStateException("the PyTorch reference: " + line);
                }
            }
        }
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0 || done == null) {
            process.destroyForcibly();
            List<String> log = Files.readAllLines(errors);
            throw new IllegalStateException("the PyTorch reference failed (" + INSTALL + "): "
                    + String.join(" | ", log.subList(Math.max(0, log.size() - 3), log.size())));
        }
        return new Result(losses, evaluations, done.get("steps").getAsLong(), done.get("seconds").getAsDouble(),
                done.get("tokens_per_s").getAsDouble(), done.get("torch").getAsString(), done.get("matmul_peak").getAsDouble(),
                done.get("first_step_seconds").getAsDouble(), done.get("graphs_compiled_while_timed").getAsLong());
    }

    /**
     * Writes our batches in training order (epoch after epoch, as a fresh run reads them) until
     * the reference stops reading: a row count, then ids, segments and labels, int32 little-endian.
     */
    private void feed(OutputStream stream) {
        try (OutputStream out = new BufferedOutputStream(stream, 1 << 16)) {
            for (long epoch = 0; ; epoch++) {
                for (int index = 0; index < batches.batchesPerEpoch(epoch); index++) {
                    Batch.Rows rows = Batch.Rows.of(batches.sequences(epoch, index), batches.layout(), padId);
                    int b = rows.ids().length;
                    int t = b == 0 ? 0 : rows.ids()[0].length;
                    ByteBuffer buffer = ByteBuffer.allocate(4 + 3 * 4 * b * t).order(ByteOrder.LITTLE_ENDIAN);
                    buffer.putInt(b);
                    for (long[] row : rows.ids()) {
                        for (long id : row) {
                            buffer.putInt((int) id);
                        }
                    }
                    for (int[][] part : List.of(rows.segments(), rows.labels())) {
                        for (int[] row : part) {
                            for (int v : row) {
                                buffer.putInt(v);
                            }
                        }
                    }
                    out.write(buffer.array());
                }
            }
        } catch (IOException stopped) {
            // The reference has read what it needs and exited: nothing more to send.
        }
    }

    /** The validation set's rows with their fixed masks, as our evaluator batches them: ids, segments, labels (R, T). */
    private static void writeHeldOut(EvaluationSet set, Path file) throws IOException {
        List<int[]> ids = new ArrayList<>();
        List<int[]> segments = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < set.batchCount(Evaluator.BATCH_SENTENCES); i++) {
            Batch.Rows rows = set.rows(i, Evaluator.BATCH_SENTENCES);
            for (int r = 0; r < rows.ids().length; r++) {
                ids.add(Arrays.stream(rows.ids()[r]).mapToInt(id -> (int) id).toArray());
                segments.add(rows.segments()[r]);
                labels.add(rows.labels()[r]);
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList arrays = new NDList();
            for (Map.Entry<String, List<int[]>> e : Map.of("ids", ids, "segments", segments, "labels", labels).entrySet()) {
                int t = e.getValue().get(0).length;
                int[] flat = e.getValue().stream().flatMapToInt(Arrays::stream).toArray();
                NDArray a = manager.create(flat, new Shape(e.getValue().size(), t));
                a.setName(e.getKey());
                arrays.add(a);
            }
            AtomicWrite.write(file, out -> arrays.encode(out, NDList.Encoding.NPZ));
        }
    }
}
