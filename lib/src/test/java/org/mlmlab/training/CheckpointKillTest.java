package org.mlmlab.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.ToyModel;
import org.mlmlab.visualisation.RecoveryLog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real training process killed (SIGKILL) at named points inside its writes, or ended by SIGTERM, then
 * resumed as a new process: every time, the run ends with every metrics row and recovery snapshot exactly once, as a
 * run never killed does. The points are {@link org.mlmlab.PausePoint}s, each at its second
 * occurrence, so that an earlier checkpoint exists.
 */
class CheckpointKillTest {
    /** Where to kill: inside each file of the second checkpoint, between its commit steps, and inside the copies beside it. */
    static final List<String> POINTS = List.of(
            "write:weights.npz#2", "write:optimizer.npz#2", "write:state.json#2", "checkpoint-written#2",
            "checkpoint-committed#2", "write:latest#2", "write:metrics.csv#4", "write:recovery.json#4");

    @TempDir
    static Path shared;
    static Path tokenizerDir;

    @BeforeAll
    static void prepare() {
        tokenizerDir = shared.resolve("tokenizer");
        ToyModel.trainTokenizer(tokenizerDir, 200);
    }

    @Test
    void killedAtAnyPointInsideAWriteTheRunResumesWithEveryRecordOnce(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        assertEquals("done", run(straight, "fresh", null));
        List<Long> rows = rows(straight);
        List<Long> snapshots = snapshots(straight);
        assertEquals(KillableRun.STEPS, rows.size(), "a row per step");
        for (String point : POINTS) {
            Path killed = dir.resolve(point.replaceAll("[^a-z0-9]", "_"));
            assertEquals("paused at " + point, run(killed, "fresh", point), "the writer reached " + point);
            assertEquals("done", run(killed, "resume", null), "resumed after a kill at " + point);
            assertEquals(rows, rows(killed), "metrics rows after a kill at " + point);
            assertEquals(snapshots, snapshots(killed), "recovery snapshots after a kill at " + point);
        }
    }

    /** SIGTERM (what `kill` and Jupyter send): the step in progress ends, a checkpoint is saved there, the program exits. */
    @Test
    void endedBySigtermTheRunSavesWhereItStoodAndResumesFromThere(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        assertEquals("done", run(straight, "fresh", null));
        Path ended = dir.resolve("ended");
        List<String> command = javaCommand(null);
        command.addAll(List.of(KillableRun.class.getName(), ended.toString(), tokenizerDir.toString(), "fresh", "slow"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            boolean signalled = false;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
                if (!signalled && line.strip().equals("step 5")) {
                    process.toHandle().destroy();   // SIGTERM (Process.destroy would also close our end of its output)
                    signalled = true;
                }
            }
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertTrue(output.toString().contains("Stopped at step"), output.toString());
        long stoppedAt = Long.parseLong(output.toString().replaceAll("(?s).*Stopped at step (\\d+).*", "$1"));
        assertTrue(stoppedAt >= 5 && stoppedAt < KillableRun.STEPS, "stopped mid-run: " + stoppedAt);
        assertEquals(String.format("step-%06d", stoppedAt),
                new Checkpoints(ended.resolve("checkpoints")).latest().orElseThrow().getFileName().toString(), "saved where it stood");
        assertEquals("done", run(ended, "resume", null));
        assertEquals(rows(straight), rows(ended), "metrics rows, each once");
        assertEquals(snapshots(straight), snapshots(ended), "recovery snapshots, each once");
    }

    private static List<Long> rows(Path run) throws IOException {
        return MetricsLog.readCsv(run.resolve(MetricsLog.FILE)).rows().stream().map(MetricsLog.Row::step).toList();
    }

    private static List<Long> snapshots(Path run) {
        return RecoveryLog.load(run.resolve(RecoveryLog.FILE)).snapshots().stream().map(RecoveryLog.Snapshot::step).toList();
    }

    private static List<String> javaCommand(String pauseAt) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path")));
        if (pauseAt != null) {
            command.add("-Dmlmlab.pauseAt=" + pauseAt);
        }
        return command;
    }

    /** Runs KillableRun as its own process; with a pause point, kills it (SIGKILL) there. Returns its last line. */
    private static String run(Path runDir, String mode, String pauseAt) throws Exception {
        List<String> command = javaCommand(pauseAt);
        command.addAll(List.of(KillableRun.class.getName(), runDir.toString(), tokenizerDir.toString(), mode));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = "";
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
                last = line.strip();
                if (pauseAt != null && last.equals("paused at " + pauseAt)) {
                    process.destroyForcibly();   // SIGKILL: no shutdown hook, no finally
                    break;
                }
            }
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run ended");
        if (pauseAt == null && process.exitValue() != 0) {
            fail("the run failed:\n" + output);
        }
        return last.startsWith("done") || last.startsWith("paused") ? last : output.toString();
    }
}
