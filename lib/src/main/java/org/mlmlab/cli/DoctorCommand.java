package org.mlmlab.cli;

import ai.djl.Device;
import org.mlmlab.Lab;
import org.mlmlab.ResidentMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The Java half of {@code ./lab doctor}, a teacher's pre-flight: the engine and device, memory and
 * disk against what the lessons need, and this machine's speed turned into expected minutes per
 * lesson. (The bash half checks the system packages and times a kernel start.) Exit status 1 when
 * the lessons cannot run here.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Engine and device, memory and disk against the lessons' needs, and the expected minutes per lesson here.")
final class DoctorCommand implements Callable<Integer> {
    /**
     * Memory the lessons need: the largest lesson's kernel peaked at 1,288 MB resident with the default
     * 1 GB heap (lesson 5, test-tools/notebooks/memory.py at the lab preset), plus Jupyter's server and
     * browser tab, about 300 MB.
     */
    static final double MEMORY_NEEDED_MB = 1_600;
    /** Disk the lessons add: data/runs/lab holds about 300 MB after the main job; room for a few more runs. */
    static final double DISK_NEEDED_MB = 1_000;
    /**
     * The reference machine (2 cores, the one the README's figures come from): its matrix-multiply rate as this
     * command measures it (best of five; four runs gave 161 to 168 GFLOP/s).
     */
    static final double REFERENCE_GFLOPS = 165;
    /** Seconds of each lesson in {@code ./lab run} at the lab preset on the reference machine, idle (10 min 51 s in all). */
    static final List<Double> REFERENCE_SECONDS = List.of(6.8, 10.0, 10.0, 14.9, 10.2, 462.3, 9.1, 13.6, 101.0);
    /** Of lesson 5's seconds, the training time budgets (4 minutes for the main run, 1 minute each for the experiment's two runs): the same on every machine. */
    static final double BUDGET_SECONDS = 6 * 60;
    static final int LESSON_WITH_BUDGET = 5;

    @Option(names = "--students", paramLabel = "N", description = "A classroom server's check: whether N students can work here at once, and with which settings.")
    Integer students;

    @Override
    public Integer call() throws IOException {
        boolean ready = true;
        Device device = Lab.device();
        row("engine", Lab.describe() + (device.isGpu() ? "" : "; no GPU seen, the CPU trains"), true);

        double memory = ResidentMemory.availableMegabytes();
        boolean enoughMemory = Double.isNaN(memory) || memory >= MEMORY_NEEDED_MB;
        row("memory", String.format("%,.0f MB available; the lessons need about %,.0f MB", memory, MEMORY_NEEDED_MB), enoughMemory);
        ready &= enoughMemory;

        Path home = Lab.home();
        double disk = Files.getFileStore(home).getUsableSpace() / 1e6;
        boolean enoughDisk = disk >= DISK_NEEDED_MB;
        row("disk", String.format("%,.0f MB free under %s; the lessons need about %,.0f MB", disk, home, DISK_NEEDED_MB), enoughDisk);
        ready &= enoughDisk;

        double gflops = 0;
        for (int round = 0; round < 5; round++) {   // the best of five: a short measurement is noisy
            gflops = Math.max(gflops, MatmulRate.peak() / 1e9);
        }
        double slower = REFERENCE_GFLOPS / gflops;
        row("speed", String.format("matrix multiply %.1f GFLOP/s (the reference machine: %.1f)", gflops, REFERENCE_GFLOPS), true);
        StringBuilder minutes = new StringBuilder();
        double total = 0;
        for (int lesson = 0; lesson < REFERENCE_SECONDS.size(); lesson++) {
            double seconds = expectedSeconds(lesson, slower);
            total += seconds;
            minutes.append(String.format("%s%02d %.1f", lesson == 0 ? "" : ", ", lesson, seconds / 60));
        }
        row("expected", String.format("minutes per lesson at the lab preset: %s; %.0f in all", minutes, total / 60), true);
        if (students != null) {
            ClassroomPlan plan = ClassroomPlan.of(students, Runtime.getRuntime().availableProcessors(), memory);
            for (ClassroomPlan.Row line : plan.rows()) {
                row(line.name(), line.detail(), line.ok());
            }
            ready &= plan.fits();
        }
        return ready ? 0 : 1;
    }

    /** A lesson's reference time scaled by this machine's speed, lesson 5's time budgets excepted. */
    static double expectedSeconds(int lesson, double slower) {
        double reference = REFERENCE_SECONDS.get(lesson);
        double fixed = lesson == LESSON_WITH_BUDGET ? BUDGET_SECONDS : 0;
        return fixed + (reference - fixed) * slower;
    }

    static void row(String name, String detail, boolean ok) {
        System.out.printf("  %-9s %-4s %s%n", name, ok ? "ok" : "NO", detail);
    }
}
