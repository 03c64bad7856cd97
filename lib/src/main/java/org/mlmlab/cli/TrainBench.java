package org.mlmlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mlmlab.Lab;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.Preset;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./lab bench train}: training throughput of our loop next to plain PyTorch eager
 * (shared/bench/torch_ref.py) at the same sizes and thread count, achieved FLOP/s against the
 * measured matrix-multiply peak. Memory over a long run: {@code ./lab bench soak}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training tokens/s of mlm-lab and of the PyTorch reference (shared/bench/torch_ref.py) at the lab and "
                + "seed sizes, and FLOP/s against the machine's matmul peak.")
final class TrainBench implements Callable<Integer> {
    @Option(names = "--presets", split = ",", defaultValue = "lab,seed", description = "Sizes to compare. Default: ${DEFAULT-VALUE}.")
    List<String> presets;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps per run (after 3 warm-up steps). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--reference", description = "torch_ref.py. Default: MLM_LAB_TORCH_REF, else ../shared/bench/torch_ref.py.")
    Path reference;

    @Override
    public Integer call() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println(Lab.describe());
        double peak = matmulPeak();
        System.out.printf("Matrix-multiply peak (float32 1024x1024 @ 1024x1024, %d threads): %.1f GFLOP/s%n%n", threads, peak / 1e9);
        System.out.printf("%-6s %-34s %14s %14s %7s %12s %7s%n", "preset", "shape (layers dim heads seq batch vocab)",
                "ours tokens/s", "torch tokens/s", "ratio", "ours GFLOP/s", "% peak");
        for (String name : presets) {
            Preset preset = Preset.named(name);
            compare(preset, threads, peak);
        }
        return 0;
    }

    private void compare(Preset preset, int threads, double peak) throws Exception {
        LessonFiles files = new LessonFiles(preset);
        Path work = Files.createTempDirectory("bench-train");
        try (LabTokenizer tokenizer = files.tokenizer()) {
            ModelConfig model = ModelConfig.of(preset, tokenizer.vocabSize());
            TrainingConfig config = TrainingConfig.of(preset).withSteps(steps + 3).withEvaluateEvery(1_000_000).withCheckpointEvery(1_000_000);
            double tokens = 0;
            double seconds = 0;
            double flops = 0;
            try (MlmTrainer trainer = MlmTrainer.create(work, model, config, tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
                for (int i = 0; i < 3; i++) {
                    trainer.step();
                }
                int rows = config.batchRows();
                for (int i = 0; i < steps; i++) {
                    StepResult r = trainer.step();
                    tokens += r.tokens();
                    seconds += r.seconds();
                    flops += trainingFlops(model, rows, config.layout().maxLength(), r.maskedTokens());
                }
            }
            String shape = String.format("%d %d %d %d %d %d", model.layers(), model.dim(), model.heads(), config.layout().maxLength(),
                    config.batchRows(), model.vocabSize());
            double torch = torchTokensPerSecond(shape, threads);
            double ours = tokens / seconds;
            System.out.printf("%-6s %-34s %,14.0f %,14.0f %6.2fx %12.1f %6.1f%%%n", preset, shape, ours, torch, ours / torch,
                    flops / seconds / 1e9, 100 * flops / seconds / peak);
        }
    }

    /**
     * Multiply-adds of one training step, times 2 FLOPs each, times 3 (backward costs about twice
     * the forward): per row position and layer 24 D^2 (qkv, output, feed-forward) + 4 T D (scores
     * and weighted values), plus the head at the K masked positions, 2 D V each.
     */
    static double trainingFlops(ModelConfig m, int rows, int seq, int masked) {
        double d = m.dim();
        double perPosition = m.layers() * (24 * d * d + 4.0 * seq * d);
        double forward = (double) rows * seq * perPosition + masked * 2 * d * m.vocabSize();
        return 3 * forward;
    }

    /** The machine's float32 matrix-multiply rate in FLOP/s (1024 x 1024 by 1024 x 1024, all threads). */
    static double matmulPeak() {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            int n = 1024;
            NDArray a = manager.randomNormal(new ai.djl.ndarray.types.Shape(n, n));
            NDArray b = manager.randomNormal(new ai.djl.ndarray.types.Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            int repeats = 20;
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                NDArray c = a.matMul(b);
                c.getFloat(0, 0);   // wait for the result (matters on a GPU)
                c.close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return repeats * 2.0 * n * n * n / seconds;
        }
    }

    private double torchTokensPerSecond(String shape, int threads) throws IOException, InterruptedException {
        Path script = reference != null ? reference : System.getenv("MLM_LAB_TORCH_REF") != null
                ? Path.of(System.getenv("MLM_LAB_TORCH_REF")) : Lab.home().resolve("../shared/bench/torch_ref.py").normalize();
        String python = System.getenv().getOrDefault("MLM_LAB_TORCH_PYTHON", "/usr/bin/python3");
        if (!Files.isRegularFile(script)) {
            System.out.println("(reference " + script + " not found: pass --reference)");
            return Double.NaN;
        }
        List<String> command = new java.util.ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(shape.split(" ")));
        command.add(Integer.toString(steps));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("THREADS", Integer.toString(threads));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            System.out.println("(reference failed: " + output.strip() + "; apt-get install python3-torch libopenblas0-pthread)");
            return Double.NaN;
        }
        Matcher m = Pattern.compile("tokens_per_s (\\d+)").matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
