package org.mlmlab.bench;

import org.mlmlab.cli.MatmulRate;
import org.mlmlab.cli.OptionCheck;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.masking.Batch;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ./lab bench profile}: where a training step's time goes, by PyTorch operation (PyTorch's own
 * profiler, through DJL), and how much of it is outside the engine: Java, the calls into it, and
 * making the batch. Matrix multiplies are the work; everything else is what could be made faster.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Profile training steps by PyTorch operation: time per operation (self time, without the operations it "
                + "calls), the share in matrix multiplies and their FLOP rate against the machine's peak, the time outside the "
                + "engine and per engine call, and the time to make a batch.")
final class ProfileBench implements Callable<Integer> {
    /** The operations that multiply matrices: the work itself. */
    static final Set<String> MATMULS = Set.of("aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm");
    /** Steps before timing: the first steps of a run are slower while the C allocator takes pages it then keeps. */
    static final int WARMUP = 50;

    @Mixin
    BenchPreset preset;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps, then as many profiled (after 50 warm-up steps, while the allocator grows its pool). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--top", defaultValue = "15", description = "Operations listed. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--torch", description = "Then the same recipe in plain PyTorch eager (test-tools/torch/mlm_recipe.py, the "
            + "PyTorch of ./lab bench: pip's), from the same weights on the same batches, profiled by PyTorch's profiler: both "
            + "sides per operation (calls and ms a step) and PyTorch's step per phase.")
    boolean torch;

    /** One operation's totals over the profiled steps: calls and self time. */
    static final class Totals {
        long calls;
        double selfUs;
    }

    /** One profiler event: an operation on a thread, from ts for dur microseconds. */
    record Event(String name, double ts, double dur, long tid) {
    }

    @Override
    public Integer call() throws IOException {
        OptionCheck.positive("--steps", steps);
        Preset p = preset.announce();
        LessonFiles files = new LessonFiles(p);
        Path run = files.runDir("bench-profile");
        try (LabTokenizer tokenizer = files.tokenizer()) {
            ModelConfig model = ModelConfig.of(p, tokenizer.vocabSize());
            TrainingConfig config = TrainingConfig.of(p).withSteps(2 * steps + WARMUP).withEvaluateEvery(1_000_000).withCheckpointEvery(1_000_000);
            try (MlmTrainer trainer = MlmTrainer.create(run, model, config, tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
                TorchRecipe reference = torch ? new TorchRecipe(trainer, run) : null;   // our initial weights
                for (int i = 0; i < WARMUP; i++) {
                    trainer.step();
                }
                double peakBefore = MatmulRate.peak();
                // The same number of steps without, then with the profiler: it costs time per operation it records.
                double flops = 0;
                ProcessCounters before = ProcessCounters.now();
                long start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    StepResult r = trainer.step();
                    flops += TrainBench.trainingFlops(model, config.batchRows(), config.layout().maxLength(), r.maskedTokens());
                }
                double plainUs = (System.nanoTime() - start) / 1e3;
                double faults = ProcessCounters.now().minorFaults() - before.minorFaults();
                // The profiler is started and stopped around each step. Profiling many steps at once, its
                // records pile up in the C heap between the big arrays' blocks, so those arrays no longer
                // fit where they were and land on fresh pages: 14,000 page faults a step instead of 14,
                // charged to whichever operation first writes the array (log-softmax looked 10x slower).
                Path trace = run.resolve("profile.json");
                Breakdown profiled = new Breakdown(new HashMap<>(), 0, 0, 0);
                ProcessCounters profiledStart = ProcessCounters.now();
                double profiledUs = 0;
                for (int i = 0; i < steps; i++) {
                    JniUtils.startProfile(false, false, false);
                    start = System.nanoTime();
                    trainer.step();
                    profiledUs += (System.nanoTime() - start) / 1e3;
                    JniUtils.stopProfile(trace.toString());
                    profiled = profiled.plus(totals(read(trace)));   // each trace has its own clock: one step at a time
                }
                double profiledFaults = ProcessCounters.now().minorFaults() - profiledStart.minorFaults();
                double batchMs = batchMillis(trainer);
                // The machine's speed varies (other work on a shared host): the peak is the better of two measurements.
                report(profiled, plainUs, profiledUs, flops, batchMs, Math.max(peakBefore, MatmulRate.peak()));
                reportPageFaults(faults / steps, profiledFaults / steps, plainUs / steps / 1e3);
                System.out.println("\nTrace (chrome://tracing or ui.perfetto.dev): " + trace.toAbsolutePath());
                if (reference != null) {
                    sideBySide(profiled, plainUs, trainer.state().tokensSeen() / (double) trainer.state().step(), reference);
                }
            }
        }
        return 0;
    }

    /**
     * The same recipe in PyTorch eager, on the same batches from the same weights: a plain run for its step time, then one
     * whose last {@code steps} steps are profiled; both sides' operations side by side, each side's profiler cost taken
     * off as {@link #report} does (spread evenly over its events), and PyTorch's step by phase.
     */
    private void sideBySide(Breakdown ours, double oursPlainUs, double tokensPerStep, TorchRecipe reference) throws IOException {
        TorchRecipe.Result plain;
        try {
            plain = reference.train(WARMUP + steps, 0, WARMUP, 0, false);
            reference.profileLast(steps);
            reference.train(WARMUP + steps, 0, WARMUP, 0, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the PyTorch reference ran", e);
        }
        Breakdown theirs = new Breakdown(new HashMap<>(), 0, 0, 0);
        Map<String, Double> phases = new LinkedHashMap<>();
        for (Path trace : reference.profileTraces()) {
            List<Event> ops = new ArrayList<>();
            for (JsonElement element : JsonParser.parseString(Files.readString(trace)).getAsJsonObject().getAsJsonArray("traceEvents")) {
                JsonObject e = element.getAsJsonObject();
                if (!e.has("dur") || !e.has("cat")) {
                    continue;
                }
                String name = e.get("name").getAsString();
                if (e.get("cat").getAsString().equals("cpu_op")) {
                    ops.add(new Event(name, e.get("ts").getAsDouble(), e.get("dur").getAsDouble(), e.get("tid").getAsLong()));
                } else if (name.startsWith("phase: ")) {
                    phases.merge(name.substring("phase: ".length()), e.get("dur").getAsDouble(), Double::sum);
                }
            }
            theirs = theirs.plus(totals(ops));
        }
        double perStep = 1e3 * steps;   // microseconds summed over the steps -> milliseconds per step
        double theirPlainUs = steps * 1e6 * tokensPerStep / plain.tokensPerSecond();
        double theirProfiledUs = phases.values().stream().mapToDouble(Double::doubleValue).sum();
        double theirCost = Math.max(0, theirProfiledUs - theirPlainUs) / Math.max(1, theirs.events());
        theirs.byName().values().forEach(t -> t.selfUs = Math.max(0, t.selfUs - t.calls * theirCost));
        System.out.printf("%nSide by side with PyTorch %s eager (same recipe, weights and batches; self time with each profiler's "
                + "cost taken off): ours %.1f ms a step, PyTorch's %.1f ms (%,.0f vs %,.0f tokens/s, unprofiled)%n", plain.torchVersion(),
                oursPlainUs / perStep, theirPlainUs / perStep, steps * tokensPerStep / (oursPlainUs / 1e6), plain.tokensPerSecond());
        System.out.printf("%-44s %10s %9s %11s %9s %12s%n", "operation", "ours calls", "ours ms", "torch calls", "torch ms", "ours - torch");
        Map<String, Totals> a = ours.byName();
        Map<String, Totals> b = theirs.byName();
        Set<String> names = new HashSet<>(a.keySet());
        names.addAll(b.keySet());
        Totals none = new Totals();
        names.stream().sorted(Comparator.comparingDouble((String n) -> -Math.max(a.getOrDefault(n, none).selfUs, b.getOrDefault(n, none).selfUs)))
                .limit(top).forEach(n -> {
                    Totals x = a.getOrDefault(n, none);
                    Totals y = b.getOrDefault(n, none);
                    System.out.printf("%-44s %10.0f %9.2f %11.0f %9.2f %+12.2f%n", n.length() > 44 ? n.substring(0, 43) + "~" : n,
                            x.calls / (double) steps, x.selfUs / perStep, y.calls / (double) steps, y.selfUs / perStep,
                            (x.selfUs - y.selfUs) / perStep);
                });
        System.out.printf("%-44s %10.0f %9s %11.0f%n", "engine calls (operations at the top level)", ours.engineCalls() / (double) steps, "",
                theirs.engineCalls() / (double) steps);
        System.out.println("PyTorch's step by phase (profiled, ms a step): " + String.join(", ", phases.entrySet().stream()
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / perStep)).toList()));
    }

    /** Milliseconds to make one training batch (masking, packing, the arrays), the data part of a step. */
    private double batchMillis(MlmTrainer trainer) {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            long start = System.nanoTime();
            int n = 20;
            for (int i = 0; i < n; i++) {
                try (Batch batch = trainer.data().train().batch(0, i % trainer.data().train().batchesPerEpoch(0), manager)) {
                    batch.realTokens();
                }
            }
            return (System.nanoTime() - start) / 1e6 / n;
        }
    }

    static List<Event> read(Path trace) throws IOException {
        List<Event> events = new ArrayList<>();
        JsonArray array = JsonParser.parseString(Files.readString(trace)).getAsJsonArray();
        for (JsonElement element : array) {
            JsonObject e = element.getAsJsonObject();
            events.add(new Event(e.get("name").getAsString(), e.get("ts").getAsDouble(), e.get("dur").getAsDouble(), e.get("tid").getAsLong()));
        }
        return events;
    }

    /**
     * Self time: an operation's time less that of the operations it called (on its thread, nested in
     * its interval). Operations with no caller are the calls Java made into the engine (forward) and
     * the autograd engine made (backward); wall time outside them is Java's.
     */
    static Breakdown totals(List<Event> events) {
        Map<String, Totals> byName = new HashMap<>();
        double engineUs = 0;
        long engineCalls = 0;
        Map<Long, List<Event>> byThread = new HashMap<>();
        events.forEach(e -> byThread.computeIfAbsent(e.tid(), t -> new ArrayList<>()).add(e));
        for (List<Event> thread : byThread.values()) {
            thread.sort(Comparator.comparingDouble(Event::ts).thenComparing(Comparator.comparingDouble(Event::dur).reversed()));
            Deque<Event> open = new ArrayDeque<>();
            for (Event e : thread) {
                while (!open.isEmpty() && open.peek().ts() + open.peek().dur() <= e.ts()) {
                    open.pop();
                }
                Totals t = byName.computeIfAbsent(e.name(), n -> new Totals());
                t.calls++;
                t.selfUs += e.dur();
                if (open.isEmpty()) {
                    engineUs += e.dur();
                    engineCalls++;
                } else {
                    byName.get(open.peek().name()).selfUs -= e.dur();
                }
                open.push(e);
            }
        }
        return new Breakdown(byName, engineUs, engineCalls, events.size());
    }

    /** Self time by operation, the calls into the engine (their number and summed time), and all events. */
    record Breakdown(Map<String, Totals> byName, double engineUs, long engineCalls, long events) {
        Breakdown plus(Breakdown other) {
            Map<String, Totals> sum = new HashMap<>(byName);
            other.byName.forEach((name, t) -> sum.merge(name, t, (a, b) -> {
                Totals both = new Totals();
                both.calls = a.calls + b.calls;
                both.selfUs = a.selfUs + b.selfUs;
                return both;
            }));
            return new Breakdown(sum, engineUs + other.engineUs, engineCalls + other.engineCalls, events + other.events);
        }
    }

    /**
     * Pages the kernel mapped in for this process during a plain step, and what that costs: the
     * time to fill a fresh 64 MB array (every page new to the process) divided by its pages. On a
     * virtual machine a fresh page can cost microseconds, which makes every operation that writes
     * into newly allocated memory run at a fraction of the memory bandwidth.
     */
    private static void reportPageFaults(double faultsPerStep, double profiledFaultsPerStep, double stepMs) {
        double best = Double.MAX_VALUE;
        long floats = 16L << 20;
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                try (NDArray fresh = manager.zeros(new Shape(floats))) {
                    fresh.getFloat(floats - 1);
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e3);
            }
        }
        double usPerPage = best / (floats * 4 / 4096.0);
        System.out.printf("Page faults: %,.0f a step (pages mapped in on first touch; %,.0f in a profiled step); a fresh page costs "
                + "%.2f us here (64 MB of zeros in %.1f ms), so about %.1f ms of the %.1f ms step%n", faultsPerStep,
                profiledFaultsPerStep, usPerPage, best / 1e3, faultsPerStep * usPerPage / 1e3, stepMs);
    }

    /**
     * The profiler's cost is spread evenly over the operations it records (the difference between the
     * profiled and the plain steps, per event), and taken off each operation's self time: the estimate
     * of its time in a plain step. Small operations are the most inflated; large kernels barely.
     */
    private void report(Breakdown breakdown, double plainUs, double profiledUs, double flops, double batchMs, double peak) {
        Map<String, Totals> byName = breakdown.byName();
        double perStep = 1e3 * steps;   // microseconds summed over the steps -> milliseconds per step
        double costPerEvent = Math.max(0, profiledUs - plainUs) / breakdown.events();
        byName.values().forEach(t -> t.selfUs = Math.max(0, t.selfUs - t.calls * costPerEvent));
        double engineUs = Math.max(0, breakdown.engineUs() - breakdown.events() * costPerEvent);
        double wallUs = plainUs;
        double matmulUs = MATMULS.stream().filter(byName::containsKey).mapToDouble(n -> byName.get(n).selfUs).sum();
        double outsideUs = Math.max(0, wallUs - engineUs);
        System.out.printf("%n%d steps of the %s preset: %.1f ms a step; %.1f ms with the profiler on (%.0f events a step, "
                + "%.1f us each, taken off below)%n", steps, preset.name, plainUs / perStep, profiledUs / perStep,
                breakdown.events() / (double) steps, costPerEvent);
        System.out.printf("%n%-44s %9s %13s %8s%n", "operation (self time, estimated)", "calls/step", "ms/step", "share");
        byName.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, Totals> e) -> -e.getValue().selfUs)).limit(top)
                .forEach(e -> System.out.printf("%-44s %9.0f %13.2f %7.1f%%%n", e.getKey(), e.getValue().calls / (double) steps,
                        e.getValue().selfUs / perStep, 100 * e.getValue().selfUs / wallUs));
        System.out.printf("%n%-44s %23.2f %7.1f%%%n", "matrix multiplies (" + String.join(", ", MATMULS) + ")", matmulUs / perStep,
                100 * matmulUs / wallUs);
        System.out.printf("%-44s %23.2f %7.1f%%%n", "other engine operations", (engineUs - matmulUs) / perStep,
                100 * (engineUs - matmulUs) / wallUs);
        System.out.printf("%-44s %23.2f %7.1f%%%n", "outside the engine (Java, JNI, batches)", outsideUs / perStep, 100 * outsideUs / wallUs);
        System.out.printf("%nEngine calls from Java and autograd: %.0f a step; time outside the engine per call: %.1f us%n",
                breakdown.engineCalls() / (double) steps, outsideUs / breakdown.engineCalls());
        System.out.printf("Making one batch (masks, packing, arrays): %.2f ms, measured apart%n", batchMs);
        System.out.printf("Matmul peak %.1f GFLOP/s; the step's FLOPs ran at %.1f GFLOP/s over the whole step (%.0f%% of peak) and "
                        + "%.1f GFLOP/s within the matrix multiplies (%.0f%%)%n", peak / 1e9, flops / (wallUs / 1e6) / 1e9,
                100 * flops / (wallUs / 1e6) / peak, flops / (matmulUs / 1e6) / 1e9, 100 * flops / (matmulUs / 1e6) / peak);
        // What Java could still win: only the time outside the engine is Java's. The other engine
        // operations are PyTorch's own kernels, called once each; they go only by fusing kernels.
        System.out.printf("Bound for Java: with no time outside the engine at all, the step would run at %.0f%% of peak; the other "
                        + "%.1f ms a step are PyTorch's own kernels%n",
                100 * flops / ((wallUs - outsideUs) / 1e6) / peak, (engineUs - matmulUs) / perStep);
    }
}
