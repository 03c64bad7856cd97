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
 * PyTorch eager from pip ({@link TorchRecipe}: same initial weights, same batches, same thread count, so
 * the losses of the two must agree too), run after run in turn, the ratio a median with its range
 * (this machine is shared and noisy); Debian's older PyTorch, when present, as a labelled extra line; achieved FLOP/s against the measured matrix-multiply
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

    @Option(names = "--repeats", defaultValue = "3", description = "Runs of ours and of the reference, alternating; the ratio "
            + "printed is the median of the runs' ratios, with their spread. Default: ${DEFAULT-VALUE}.")
    int repeats;

    /**
     * One preset's figures: tokens/s of ours, run after run, with the losses and FLOP/s of our runs; the reference's runs,
     * eager and compiled, in the same turns; the seed's design; and Debian's PyTorch once (NaN when it is not there or is
     * the reference).
     */
    private record Measured(Preset preset, String shape, List<Double> ours, List<Double> oursLosses, double flopsPerSecond,
                            List<TorchRecipe.Result> eager, List<TorchRecipe.Result> compiled, double seedDesign, double debian,
                            String debianVersion) {
        /** Ours over the reference, run by run. */
        List<Double> ratios(List<TorchRecipe.Result> reference) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < ours.size(); i++) {
                r.add(ours.get(i) / reference.get(i).tokensPerSecond());
            }
            return r;
        }
    }

    static List<Double> speeds(List<TorchRecipe.Result> runs) {
        return runs.stream().map(TorchRecipe.Result::tokensPerSecond).toList();
    }

    /** The median ratio and the range of the runs' ratios, as the tables print them. */
    static String ratioAndRange(List<Double> ratios) {
        return String.format("%6.2fx %6.2fx-%5.2fx", median(ratios), ratios.stream().min(Double::compare).orElseThrow(),
                ratios.stream().max(Double::compare).orElseThrow());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @Override
    public Integer call() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println(Lab.describe());
        double peakBefore = MatmulRate.peak();
        System.out.printf("Each preset: %d timed steps after %d untimed, ours and then the same recipe in plain PyTorch eager "
                + "(test-tools/torch/mlm_recipe.py, %s) from our initial weights on our batches, %d times in turn.%n", steps, WARMUP_STEPS,
                TorchRecipe.python(), repeats);
        List<Measured> rows = new ArrayList<>();
        for (String name : presets) {
            rows.add(measure(Preset.named(name), threads));
        }
        // The machine's speed varies (a shared host): the peak is the better of two measurements, before and after.
        double peak = Math.max(peakBefore, MatmulRate.peak());
        System.out.printf("Matrix-multiply peak (float32 1024x1024 @ 1024x1024, %d threads, the better of before and after): "
                + "%.1f GFLOP/s%n%n", threads, peak / 1e9);
        TorchRecipe.Result first = rows.get(0).eager().get(0);
        System.out.printf("Same recipe, side by side, against PyTorch %s eager (medians of %d runs each; ratio: the median of the "
                + "runs' ratios, and their range):%n", first.torchVersion(), repeats);
        System.out.printf("%-6s %-30s %13s %13s %7s %15s %11s %7s   %s%n", "preset", "shape (layers dim heads seq batch vocab)",
                "ours tok/s", "torch tok/s", "ratio", "ratio range", "ours GFLOP/s", "% peak", "loss after step 1 and "
                        + (steps + WARMUP_STEPS) + ": ours / torch");
        for (Measured m : rows) {
            int last = m.oursLosses().size() - 1;
            List<Double> torchLosses = m.eager().get(0).losses();
            System.out.printf("%-6s %-30s %,13.0f %,13.0f %s %11.1f %6.1f%%   %.4f / %.4f, %.4f / %.4f%n", m.preset(), m.shape(),
                    median(m.ours()), median(speeds(m.eager())), ratioAndRange(m.ratios(m.eager())), m.flopsPerSecond() / 1e9,
                    100 * m.flopsPerSecond() / peak, m.oursLosses().get(0), torchLosses.get(0), m.oursLosses().get(last), torchLosses.get(last));
        }
        System.out.printf("%nThe same recipe under torch.compile (dynamic shapes: the number of hidden tokens changes from batch to "
                + "batch; inductor's C++ code for the CPU), in the same turns:%n");
        System.out.printf("%-6s %13s %13s %7s %15s %14s %16s   %s%n", "preset", "ours tok/s", "compiled tok/s", "ratio", "ratio range",
                "1st step (s)", "graphs in timing", "loss after step 1 and " + (steps + WARMUP_STEPS) + ": ours / compiled");
        for (Measured m : rows) {
            List<Double> compiledLosses = m.compiled().get(0).losses();
            int last = m.oursLosses().size() - 1;
            System.out.printf("%-6s %,13.0f %,13.0f %s %14.1f %16d   %.4f / %.4f, %.4f / %.4f%n", m.preset(), median(m.ours()),
                    median(speeds(m.compiled())), ratioAndRange(m.ratios(m.compiled())),
                    median(m.compiled().stream().map(TorchRecipe.Result::firstStepSeconds).toList()),
                    m.compiled().stream().mapToLong(TorchRecipe.Result::graphsCompiledWhileTimed).max().orElse(0),
                    m.oursLosses().get(0), compiledLosses.get(0), m.oursLosses().get(last), compiledLosses.get(last));
        }
        System.out.println("(1st step: the first training step, which compiles the forward and backward graphs; graphs in timing: "
                + "graphs compiled during the timed steps, 0 when nothing recompiled.)");
        System.out.printf("The reference's own matrix-multiply rate, same sizes and threads: %.1f GFLOP/s (its BLAS), against our "
                + "%.1f.%n", first.matmulPeak() / 1e9, peak / 1e9);
        for (Measured m : rows) {
            if (!Double.isNaN(m.debian())) {
                System.out.printf("Extra, an outdated reference: Debian's PyTorch %s (%s), one run: %-6s %,13.0f tok/s, ours / it %.2fx%n",
                        m.debianVersion(), TorchRecipe.DEBIAN_PYTHON, m.preset(), m.debian(), median(m.ours()) / m.debian());
            }
        }
        System.out.println();
        System.out.println("The seed's design in plain PyTorch (test-tools/torch/seed_design.py: full-vocabulary head at every position, "
                + "one sentence per row, random ids), not the same recipe:");
        System.out.printf("%-6s %-30s %13s %13s %7s%n", "preset", "shape", "ours tok/s", "seed tok/s", "ratio");
        for (Measured m : rows) {
            System.out.printf("%-6s %-30s %,13.0f %,13.0f %6.2fx%n", m.preset(), m.shape(), median(m.ours()), m.seedDesign(), median(m.ours()) / m.seedDesign());
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
            // Ours and the reference in turn, so that a slower minute of a shared machine falls on both.
            List<Double> ours = new ArrayList<>();
            List<Double> losses = new ArrayList<>();
            double flopsPerSecond = 0;
            List<TorchRecipe.Result> eager = new ArrayList<>();
            List<TorchRecipe.Result> compiled = new ArrayList<>();
            TorchRecipe reference = null;
            for (int run = 0; run < repeats; run++) {
                double tokens = 0;
                double seconds = 0;
                double flops = 0;
                try (MlmTrainer trainer = MlmTrainer.create(work, model, config, tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
                    if (reference == null) {
                        reference = new TorchRecipe(trainer, work);   // the same seed gives every run the same weights
                    }
                    for (int i = 0; i < steps + WARMUP_STEPS; i++) {
                        StepResult r = trainer.step();
                        if (run == 0) {
                            losses.add(r.loss());
                        }
                        if (i >= WARMUP_STEPS) {
                            tokens += r.tokens();
                            seconds += r.seconds();
                            flops += trainingFlops(model, config.batchRows(), config.layout().maxLength(), r.maskedTokens());
                        }
                    }
                }
                ours.add(tokens / seconds);
                flopsPerSecond = Math.max(flopsPerSecond, flops / seconds);
                eager.add(reference.train(steps + WARMUP_STEPS, 0, WARMUP_STEPS, 0, run == 0));
                reference.compiled(true);
                compiled.add(reference.train(steps + WARMUP_STEPS, 0, WARMUP_STEPS, 0, run == 0));
                reference.compiled(false);
            }
            double debian = Double.NaN;
            String debianVersion = "";
            if (!TorchRecipe.python().equals(TorchRecipe.DEBIAN_PYTHON) && hasTorch(TorchRecipe.DEBIAN_PYTHON)) {
                TorchRecipe.Result old = reference.train(TorchRecipe.DEBIAN_PYTHON, steps + WARMUP_STEPS, 0, WARMUP_STEPS, 0, false);
                debian = old.tokensPerSecond();
                debianVersion = old.torchVersion();
            }
            String shape = String.format("%d %d %d %d %d %d", model.layers(), model.dim(), model.heads(), config.layout().maxLength(),
                    config.batchRows(), model.vocabSize());
            return new Measured(preset, shape, ours, losses, flopsPerSecond, eager, compiled, torchTokensPerSecond(shape, threads),
                    debian, debianVersion);
        }
    }

    private static boolean hasTorch(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
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
