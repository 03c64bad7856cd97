package org.mlmlab.bench;

import org.mlmlab.cli.MatmulRate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.apache.commons.io.FileUtils;
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

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./lab bench train}: training throughput of our loop next to the same recipe in plain
 * PyTorch eager ({@link TorchRecipe}: same initial weights, same batches, same thread count, so
 * the losses of the two must agree too), achieved FLOP/s against the measured matrix-multiply
 * peak; and, labelled as such, next to the seed's design in PyTorch (test-tools/torch/seed_design.py),
 * whose full-vocabulary head makes most of that ratio the algorithm, not the implementation.
 * Memory over a long run: {@code ./lab bench soak}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training tokens/s of mlm-lab and of the same recipe in plain PyTorch (test-tools/torch/mlm_recipe.py, "
                + "same weights and batches) at the lab and seed sizes, FLOP/s against the machine's matmul peak, and the seed's "
                + "design in PyTorch (test-tools/torch/seed_design.py) for comparison.")
final class TrainBench implements Callable<Integer> {
    @Option(names = "--presets", split = ",", defaultValue = "lab,seed", description = "Sizes to compare. Default: ${DEFAULT-VALUE}.")
    List<String> presets;

    @Option(names = "--steps", defaultValue = "30", description = "Timed steps per run (after 20 untimed). Default: ${DEFAULT-VALUE}.")
    int steps;

    /** Untimed steps first: the early steps are slower while the C allocator takes its pages (see bench profile). */
    private static final int WARMUP_STEPS = 20;

    @Option(names = "--seed-design", description = "the seed's design in PyTorch. Default: MLM_LAB_TORCH_REF, "
            + "else test-tools/torch/seed_design.py.")
    Path seedDesignScript;

    /** One preset's figures: tokens/s of ours, of the same recipe and of the seed's design, our FLOP/s, both losses. */
    private record Measured(Preset preset, String shape, double ours, double torch, double seedDesign, double flopsPerSecond,
                            List<Double> oursLosses, List<Double> torchLosses, double torchPeak, String torchVersion) {
    }

    @Override
    public Integer call() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println(Lab.describe());
        double peakBefore = MatmulRate.peak();
        System.out.printf("Each preset: %d timed steps after %d untimed, ours and then the same recipe in plain PyTorch "
                + "(test-tools/torch/mlm_recipe.py) from our initial weights on our batches.%n", steps, WARMUP_STEPS);
        List<Measured> rows = new ArrayList<>();
        for (String name : presets) {
            rows.add(measure(Preset.named(name), threads));
        }
        // The machine's speed varies (a shared host): the peak is the better of two measurements, before and after.
        double peak = Math.max(peakBefore, MatmulRate.peak());
        System.out.printf("Matrix-multiply peak (float32 1024x1024 @ 1024x1024, %d threads, the better of before and after): "
                + "%.1f GFLOP/s%n%n", threads, peak / 1e9);
        System.out.println("Same recipe, side by side:");
        System.out.printf("%-6s %-30s %13s %13s %7s %11s %7s   %s%n", "preset", "shape (layers dim heads seq batch vocab)",
                "ours tok/s", "torch tok/s", "ratio", "ours GFLOP/s", "% peak", "loss after step 1 and " + (steps + WARMUP_STEPS)
                        + ": ours / torch");
        for (Measured m : rows) {
            int last = m.oursLosses().size() - 1;
            System.out.printf("%-6s %-30s %,13.0f %,13.0f %6.2fx %11.1f %6.1f%%   %.4f / %.4f, %.4f / %.4f%n", m.preset(), m.shape(),
                    m.ours(), m.torch(), m.ours() / m.torch(), m.flopsPerSecond() / 1e9, 100 * m.flopsPerSecond() / peak,
                    m.oursLosses().get(0), m.torchLosses().get(0), m.oursLosses().get(last), m.torchLosses().get(last));
        }
        Measured first = rows.get(0);
        System.out.printf("The reference runs PyTorch %s; its own matrix-multiply rate, same sizes and threads: %.1f GFLOP/s "
                + "(its BLAS), against our %.1f.%n%n", first.torchVersion(), first.torchPeak() / 1e9, peak / 1e9);
        System.out.println("The seed's design in plain PyTorch (test-tools/torch/seed_design.py: full-vocabulary head at every position, "
                + "one sentence per row, random ids), not the same recipe:");
        System.out.printf("%-6s %-30s %13s %13s %7s%n", "preset", "shape", "ours tok/s", "seed tok/s", "ratio");
        for (Measured m : rows) {
            System.out.printf("%-6s %-30s %,13.0f %,13.0f %6.2fx%n", m.preset(), m.shape(), m.ours(), m.seedDesign(), m.ours() / m.seedDesign());
        }
        return 0;
    }

    private Measured measure(Preset preset, int threads) throws Exception {
        LessonFiles files = new LessonFiles(preset);
        Path work = Files.createTempDirectory("bench-train");   // the run and what the reference reads: gone at the end
        try (LabTokenizer tokenizer = files.tokenizer(); Closeable cleanup = () -> FileUtils.deleteDirectory(work.toFile())) {
            ModelConfig model = ModelConfig.of(preset, tokenizer.vocabSize());
            TrainingConfig config = TrainingConfig.of(preset).withSteps(steps + WARMUP_STEPS).withEvaluateEvery(1_000_000)
                    .withCheckpointEvery(1_000_000);
            double tokens = 0;
            double seconds = 0;
            double flops = 0;
            List<Double> losses = new ArrayList<>();
            TorchRecipe reference;
            try (MlmTrainer trainer = MlmTrainer.create(work, model, config, tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
                reference = new TorchRecipe(trainer, work);
                for (int i = 0; i < steps + WARMUP_STEPS; i++) {
                    StepResult r = trainer.step();
                    losses.add(r.loss());
                    if (i >= WARMUP_STEPS) {
                        tokens += r.tokens();
                        seconds += r.seconds();
                        flops += trainingFlops(model, config.batchRows(), config.layout().maxLength(), r.maskedTokens());
                    }
                }
            }
            TorchRecipe.Result torch = reference.train(steps + WARMUP_STEPS, 0, WARMUP_STEPS, 0, true);
            String shape = String.format("%d %d %d %d %d %d", model.layers(), model.dim(), model.heads(), config.layout().maxLength(),
                    config.batchRows(), model.vocabSize());
            return new Measured(preset, shape, tokens / seconds, torch.tokensPerSecond(), torchTokensPerSecond(shape, threads),
                    flops / seconds, losses, torch.losses(), torch.matmulPeak(), torch.torchVersion());
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

    private double torchTokensPerSecond(String shape, int threads) throws IOException, InterruptedException {
        Path script = seedDesignScript != null ? seedDesignScript : System.getenv("MLM_LAB_TORCH_REF") != null
                ? Path.of(System.getenv("MLM_LAB_TORCH_REF")) : Lab.home().resolve("test-tools/torch/seed_design.py");
        String python = TorchRecipe.python();
        if (!Files.isRegularFile(script)) {
            System.out.println("(the seed-design reference " + script + " is not there: pass --seed-design)");
            return Double.NaN;
        }
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(shape.split(" ")));
        command.add(Integer.toString(steps));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("THREADS", Integer.toString(threads));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            System.out.println("(the seed-design reference failed: " + output.strip() + "; " + TorchRecipe.INSTALL + ")");
            return Double.NaN;
        }
        Matcher m = Pattern.compile("tokens_per_s (\\d+)").matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
