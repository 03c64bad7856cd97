package org.mlmlab.bench;

import org.mlmlab.cli.MatmulRate;
import org.mlmlab.cli.OptionCheck;

import org.mlmlab.Preset;
import org.mlmlab.ResidentMemory;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingListener;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RecoveryRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./lab bench soak}: a long run with everything a real run does (evaluations, token-recovery
 * snapshots, checkpoints), watching for what only shows after thousands of steps: memory that is
 * never given back, steps that get slower, files that grow with the run.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Train a preset for many steps as ./lab train does; every N steps print resident memory, step time and the "
                + "size of recovery.json, then whether memory grew, steps slowed or the file grew without bound.")
final class SoakBench implements Callable<Integer> {
    @Mixin
    BenchPreset preset;

    @Option(names = "--steps", defaultValue = "5000", description = "Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--every", defaultValue = "100", description = "Steps between measurements. Default: ${DEFAULT-VALUE}.")
    int every;

    /**
     * One measurement after {@code step}: resident memory, the Java heap, GC time, the median step time
     * and wall time of the window, the cores other programs took meanwhile, and recovery.json's size.
     */
    record Sample(long step, double residentMb, double heapMb, double gcMs, double medianStepMs, double windowSeconds, double otherCores,
                  long recoveryBytes, double matmulGflops) {
    }

    @Override
    public Integer call() throws IOException {
        OptionCheck.positive("--steps", steps);
        OptionCheck.positive("--every", every);
        Preset p = preset.announce();
        LessonFiles files = new LessonFiles(p);
        Path run = files.runDir("bench-soak");
        List<Sample> samples = new ArrayList<>();
        try (LabTokenizer tokenizer = files.tokenizer();
             MlmTrainer trainer = MlmTrainer.create(run, ModelConfig.of(p, tokenizer.vocabSize()),
                     TrainingConfig.of(p).withSteps(steps), tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
            System.out.printf("%,d steps of the %s preset into %s (replaced each time).%nTraining:%n%s%n%n", steps, p, run,
                    trainer.config().describe().indent(2).stripTrailing());
            System.out.printf("%7s %12s %12s %7s %15s %14s %12s %17s %15s%n", "step", "resident MB", "Java heap MB", "GC ms",
                    "median step ms", "window s (all)", "other cores", "recovery.json kB", "matmul GFLOP/s");
            trainer.train(List.of(RecoveryRecorder.forRun(trainer), new Sampler(run, samples)));
        }
        report(samples);
        return 0;
    }

    /** Measures every {@code every} steps; the window's wall time includes evaluations, snapshots and checkpoints. */
    private final class Sampler implements TrainingListener {
        private final Path run;
        private final List<Sample> samples;
        private final double[] stepSeconds = new double[every];
        private long windowStart = System.nanoTime();
        private long gcAtStart = gcMillis();
        private ProcessCounters cpuAtStart = ProcessCounters.now();

        Sampler(Path run, List<Sample> samples) {
            this.run = run;
            this.samples = samples;
        }

        @Override
        public void onStep(MlmTrainer trainer, StepResult step) {
            stepSeconds[(int) ((step.step() - 1) % every)] = step.seconds();
            if (step.step() % every != 0) {
                return;
            }
            double[] sorted = stepSeconds.clone();
            Arrays.sort(sorted);
            long now = System.nanoTime();
            long gc = gcMillis();
            Runtime java = Runtime.getRuntime();
            ProcessCounters cpu = ProcessCounters.now();
            double window = (now - windowStart) / 1e9;
            // clock ticks are 10 ms: the difference can dip just below 0 when nothing else ran
            double machine = cpu.machineCpuSeconds() - cpuAtStart.machineCpuSeconds();
            double others = Math.max(0, (machine - (cpu.ownCpuSeconds() - cpuAtStart.ownCpuSeconds())) / window);
            double resident = ResidentMemory.currentMegabytes();
            // The machine's own speed now, to tell a slower program from a slower machine (a shared host's
            // speed moves): a short matrix-multiply probe, kept out of the next window's time.
            double matmul = MatmulRate.measure(8) / 1e9;
            Sample s = new Sample(step.step(), resident, java.totalMemory() / 1048576.0, gc - gcAtStart,
                    1000 * sorted[every / 2], window, others, size(run.resolve(RecoveryLog.FILE)), matmul);
            windowStart = System.nanoTime();
            gcAtStart = gc;
            cpuAtStart = cpu;
            samples.add(s);
            System.out.printf("%7d %12.1f %12.1f %7.0f %15.2f %14.2f %12.2f %17.1f %15.1f%n", s.step(), s.residentMb(), s.heapMb(),
                    s.gcMs(), s.medianStepMs(), s.windowSeconds(), s.otherCores(), s.recoveryBytes() / 1024.0, s.matmulGflops());
        }

        /** Time the JVM's collectors have spent so far (they share the two cores with the engine's threads). */
        private static long gcMillis() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        }

        private static long size(Path file) {
            try {
                return Files.isRegularFile(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The verdicts. Warm-up is the first fifth of the run (at least one sample): the engine's memory
     * pools, the JIT and the learning-rate warmup settle there. After it, the typical (median)
     * resident memory of the last quarter may be at most 5% above the first quarter's: a leak moves
     * the median, a passing peak (the Java heap or the engine's allocator growing for a moment and
     * giving it back) does not, so the highest value is printed beside it. Step time: other programs
     * on the machine slow a stretch of steps and then let go ("other cores" shows them), so what may
     * not drift up is the fastest window of each quarter, which a slower step of our own raises too.
     */
    static void report(List<Sample> samples) {
        if (samples.size() < 8) {
            System.out.println("Too few samples for a verdict: use more --steps or a smaller --every.");
            return;
        }
        List<Sample> after = samples.subList(Math.max(1, samples.size() / 5), samples.size());
        int quarter = Math.max(1, after.size() / 4);
        List<Sample> first = after.subList(0, quarter);
        List<Sample> last = after.subList(after.size() - quarter, after.size());
        double memoryBefore = median(first, Sample::residentMb);
        double memoryAfter = median(last, Sample::residentMb);
        double growth = 100 * (memoryAfter - memoryBefore) / memoryBefore;
        double highest = after.stream().mapToDouble(Sample::residentMb).max().orElseThrow();
        double stepBefore = median(first, Sample::medianStepMs);
        double stepAfter = median(last, Sample::medianStepMs);
        double floorBefore = first.stream().mapToDouble(Sample::medianStepMs).min().orElseThrow();
        double floorAfter = last.stream().mapToDouble(Sample::medianStepMs).min().orElseThrow();
        long largestFile = samples.stream().mapToLong(Sample::recoveryBytes).max().orElseThrow();
        System.out.printf("%nAfter warm-up (from step %,d), first quarter against last quarter (medians):%n", after.get(0).step());
        System.out.printf("  resident memory %.1f MB -> %.1f MB: %+.1f%% (limit +5%%) %s; highest at any sample %.1f MB%n",
                memoryBefore, memoryAfter, growth, growth < 5 ? "OK" : "GROWS", highest);
        // Other programs slow steps for a while (see "other cores"); a slower step of ours raises the floor too.
        double drift = floorAfter / floorBefore;
        // So can the machine itself (a shared host): its best matmul rate in each quarter measures that.
        double machineBefore = first.stream().mapToDouble(Sample::matmulGflops).max().orElseThrow();
        double machineAfter = last.stream().mapToDouble(Sample::matmulGflops).max().orElseThrow();
        double machineSlowdown = machineBefore / machineAfter;
        String verdict = drift <= 1.05 ? "OK (no drift up)" : drift / machineSlowdown <= 1.05
                ? String.format("OK: the machine slowed as much (x%.3f on the same time scale)", drift / machineSlowdown) : "DRIFTS UP";
        System.out.printf("  step time %.2f ms -> %.2f ms (x%.3f); fastest window %.2f ms -> %.2f ms: x%.3f %s%n", stepBefore,
                stepAfter, stepAfter / stepBefore, floorBefore, floorAfter, drift, verdict);
        System.out.printf("  the machine: best matmul rate %.1f -> %.1f GFLOP/s (its time for the same work x%.3f)%n", machineBefore,
                machineAfter, machineSlowdown);
        System.out.printf("  recovery.json: largest %.1f kB (at most %d snapshots are kept)%n", largestFile / 1024.0,
                RecoveryLog.MAX_SNAPSHOTS);
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        double[] values = samples.stream().mapToDouble(value).sorted().toArray();
        return values[values.length / 2];
    }
}
