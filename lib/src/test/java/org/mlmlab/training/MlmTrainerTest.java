package org.mlmlab.training;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.ToyModel;
import org.mlmlab.Preset;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.*;

/** The real loop on the toy corpus with a tiny model: it learns, it is reproducible, it resumes exactly. */
class MlmTrainerTest {
    @TempDir
    static Path shared;
    static Corpus.Split split;
    static Path tokenizerDir;

    @BeforeAll
    static void prepare() {
        split = ToyCorpus.repeated(5).split(0.1, Preset.RANDOM_SEED);
        tokenizerDir = shared.resolve("tokenizer");
        ToyModel.trainTokenizer(tokenizerDir, 200);
    }

    static TrainingConfig config(int steps) {
        return TrainingConfig.of(Preset.TINY).withSteps(steps).withBatchRows(4).withLayout(BatchLayout.longest(Preset.MAX_LENGTH))
                .withEvaluateEvery(1000).withCheckpointEvery(1000);
    }

    static MlmTrainer create(Path run, LabTokenizer tokenizer, TrainingConfig config) {
        return MlmTrainer.create(run, ToyModel.tiny(tokenizer), config, tokenizer, split, MlmTrainer.IfRunExists.REPLACE);
    }

    static List<Double> losses(MlmTrainer trainer, int steps) {
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            losses.add(trainer.step().loss());
        }
        return losses;
    }

    @Test
    void startsAtLnVocabAndLearns(@TempDir Path run) {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH);
             MlmTrainer trainer = create(run, tokenizer, config(150).withBatchRows(8))) {
            List<Double> losses = losses(trainer, 150);
            assertEquals(Math.log(tokenizer.vocabSize()), losses.get(0), 0.1, "a fresh model is uniform over the vocabulary");
            double last = losses.subList(140, 150).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertTrue(last < losses.get(0) - 0.7, "loss fell from " + losses.get(0) + " to " + last);
            Evaluation e = trainer.evaluate();
            assertTrue(e.accuracy() > e.baselineAccuracy(), "beats the most-frequent-token baseline: " + e);
        }
    }

    @Test
    void theSameSeedGivesTheSameCurveAndResumeContinuesExactly(@TempDir Path a, @TempDir Path b, @TempDir Path c) {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            TrainingConfig config = config(12);
            List<Double> straight;
            Map<String, float[]> straightWeights;
            try (MlmTrainer trainer = create(a, tokenizer, config)) {
                straight = losses(trainer, 12);
                straightWeights = weights(trainer);
            }
            try (MlmTrainer again = create(b, tokenizer, config)) {
                assertEquals(straight, losses(again, 12), "same seed, same losses");
            }
            List<Double> resumed = new ArrayList<>();
            try (MlmTrainer first = create(c, tokenizer, config)) {
                resumed.addAll(losses(first, 5));
                first.saveCheckpoint();
            }
            try (MlmTrainer second = MlmTrainer.resume(c, tokenizer, split)) {
                assertEquals(5, second.state().step());
                resumed.addAll(losses(second, 7));
                assertTrue(second.finished());
                assertEquals(straight, resumed, "stopping and resuming changes nothing");
                Map<String, float[]> resumedWeights = weights(second);
                straightWeights.forEach((name, w) -> assertArrayEquals(w, resumedWeights.get(name), name));
            }
        }
    }

    /** A clock whose every reading is 0.1 s after the last: a step (three readings) takes 0.2 s of training. */
    static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 100_000_000L;
    }

    static List<Double> learningRates(MlmTrainer trainer) {
        List<Double> rates = new ArrayList<>();
        while (!trainer.finished()) {
            rates.add(trainer.step().learningRate());
        }
        return rates;
    }

    @Test
    void aTimeBudgetLaysTheScheduleOverTheTimeAndEndsDecayed(@TempDir Path a, @TempDir Path b) {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            for (double minutes : new double[] {2.0 / 60, 5.0 / 60}) {   // 2 s and 5 s: 10 and 25 steps of 0.2 s
                TrainingConfig config = config(1).withMinutes(minutes);
                try (MlmTrainer trainer = create(minutes < 0.05 ? a : b, tokenizer, config)) {
                    trainer.useClock(fakeClock());
                    List<Double> rates = learningRates(trainer);
                    assertEquals(Math.round(minutes * 60 / 0.2), rates.size(), "steps in the budget");
                    double peak = config.learningRate();
                    double last = rates.get(rates.size() - 1);
                    assertEquals(config.finalLearningRate() * peak, last, 0.05 * peak, "ends decayed: " + rates);
                    assertEquals(peak, rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 0.1 * peak, "reaches the peak");
                    assertTrue(trainer.finished(), "the budget is spent");
                }
            }
        }
    }

    @Test
    void resumingATimedRunMidBudgetContinuesExactly(@TempDir Path a, @TempDir Path c) {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            TrainingConfig config = config(1).withMinutes(2.4 / 60);   // 12 steps of 0.2 s
            List<Double> straight = new ArrayList<>();
            Map<String, float[]> straightWeights;
            try (MlmTrainer trainer = create(a, tokenizer, config)) {
                trainer.useClock(fakeClock());
                while (!trainer.finished()) {
                    straight.add(trainer.step().loss());
                }
                straightWeights = weights(trainer);
            }
            List<Double> resumed = new ArrayList<>();
            try (MlmTrainer first = create(c, tokenizer, config)) {
                first.useClock(fakeClock());
                for (int i = 0; i < 5; i++) {
                    resumed.add(first.step().loss());
                }
                first.saveCheckpoint();
            }
            try (MlmTrainer second = MlmTrainer.resume(c, tokenizer, split)) {
                second.useClock(fakeClock());
                assertEquals(1.0, second.state().seconds(), 1e-9, "the training time so far, saved with the checkpoint");
                while (!second.finished()) {
                    resumed.add(second.step().loss());
                }
                assertEquals(12, straight.size());
                assertEquals(straight, resumed, "the schedule and the data continue where they stopped");
                Map<String, float[]> resumedWeights = weights(second);
                straightWeights.forEach((name, w) -> assertArrayEquals(w, resumedWeights.get(name), name));
            }
        }
    }

    @Test
    void trainWritesMetricsAndCheckpointsAndRefusesAnotherTokenizer(@TempDir Path run, @TempDir Path otherDir) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            try (MlmTrainer trainer = create(run, tokenizer, config(10).withEvaluateEvery(5).withCheckpointEvery(5))) {
                Evaluation last = trainer.train(List.of());
                assertEquals(2, trainer.metrics().evaluations().size());
                assertEquals(last.accuracy(), trainer.metrics().evaluations().get(1).validationAccuracy());
            }
            assertTrue(Files.isRegularFile(run.resolve(MetricsLog.FILE)));
            assertEquals(run.resolve("checkpoints").resolve("step-000010"), Checkpoints.resolve(run));
            IllegalStateException exists = assertThrows(IllegalStateException.class, () -> MlmTrainer.create(run,
                    new ModelConfig(tokenizer.vocabSize(), 32, 2, 1, Preset.MAX_LENGTH, 0, false), config(10), tokenizer, split,
                    MlmTrainer.IfRunExists.FAIL));
            assertTrue(exists.getMessage().contains("--resume"), exists.getMessage());
            try (TrainedModel loaded = TrainedModel.load(run, null)) {
                assertEquals(tokenizer.fingerprint(), loaded.tokenizer().fingerprint());
            }
        }
        ToyModel.trainTokenizer(otherDir, 150);
        try (LabTokenizer other = LabTokenizer.load(otherDir, Preset.MAX_LENGTH)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlmTrainer.resume(run, other, split));
            assertTrue(e.getMessage().contains("tokenizer"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedModel.load(run, otherDir));
        assertTrue(e.getMessage().contains("tokenizer"), e.getMessage());
    }

    /** A checkpoint's copy of the metrics that is not a metrics file is refused by name, and the run's good copy is kept. */
    @Test
    void aCorruptCopyOfTheMetricsIsRefusedAndNeverReplacesTheRunsRecord(@TempDir Path run) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            try (MlmTrainer trainer = create(run, tokenizer, config(10).withEvaluateEvery(5).withCheckpointEvery(5))) {
                trainer.train(List.of());
            }
            Path copy = Checkpoints.resolve(run).resolve(MetricsLog.FILE);
            String good = Files.readString(run.resolve(MetricsLog.FILE));
            Files.write(copy, new byte[4096]);   // NUL bytes, as a crash on some file systems leaves them
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MlmTrainer.resume(run, tokenizer, split));
            assertTrue(e.getMessage().startsWith(copy + " is not a metrics file written by this lab"), e.getMessage());
            assertEquals(good, Files.readString(run.resolve(MetricsLog.FILE)), "the run's own record is untouched");
            // the checkpoint's copy deleted: the run's record is used, and resuming keeps every row of it
            Files.delete(copy);
            try (MlmTrainer resumed = MlmTrainer.resume(run, tokenizer, split)) {
                assertEquals(10, resumed.metrics().rows().size());
            }
            assertEquals(good, Files.readString(run.resolve(MetricsLog.FILE)));
        }
    }

    /** A reader whose checkpoint is pruned by the training run while it reads picks the newest complete one again. */
    @Test
    void aReaderWhoseCheckpointIsPrunedMeanwhileReadsTheNewest(@TempDir Path run) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH);
             MlmTrainer trainer = create(run, tokenizer, config(10).withCheckpointEvery(5))) {
            trainer.train(List.of());
        }
        Path older = run.resolve("checkpoints").resolve("step-000005");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.UnaryOperator<Path> pruneAfterPicking = path -> {
            if (calls.incrementAndGet() == 1) {
                try {   // picked, then pruned by the run before it is read
                    org.apache.commons.io.file.PathUtils.deleteDirectory(older);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return older;
            }
            return Checkpoints.resolve(path);
        };
        try (TrainedModel loaded = TrainedModel.load(run, null, pruneAfterPicking)) {
            assertEquals(run.resolve("checkpoints").resolve("step-000010"), loaded.checkpoint());
        }
        assertEquals(2, calls.get());
    }

    /** The latest pointer is never followed: edited to name another run or an older step, the run's newest checkpoint is still used. */
    @Test
    void theLatestPointerCannotSendAReaderElsewhere(@TempDir Path run) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH);
             MlmTrainer trainer = create(run, tokenizer, config(10).withCheckpointEvery(5))) {
            trainer.train(List.of());
        }
        Path checkpoints = run.resolve("checkpoints");
        for (String pointer : List.of("../../ref/checkpoints/step-000099", "step-000005", "/etc", "")) {
            Files.writeString(checkpoints.resolve(Checkpoints.LATEST), pointer + "\n");
            assertEquals(checkpoints.resolve("step-000010"), new Checkpoints(checkpoints).latest().orElseThrow(), pointer);
            assertTrue(new Checkpoints(checkpoints).incompleteLatest().isEmpty(), pointer);
        }
    }

    static Map<String, float[]> weights(MlmTrainer trainer) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        trainer.model().namedParameters().forEach((name, p) -> {
            NDArray a = p.getArray();
            out.put(name, a.toFloatArray());
        });
        return out;
    }

    /** A folder that cannot be written is found before training, not at the first checkpoint minutes later. */
    /** A replaced run's recovery.json belonged to the old run: lesson 7 must not draw it while the new one trains. */
    @Test
    void aReplacedRunWritesItsOwnRecoveryRecordAtTheStart(@TempDir Path run) throws Exception {
        java.nio.file.Files.writeString(run.resolve(org.mlmlab.visualisation.RecoveryLog.FILE), "{\"labels\": [], \"snapshots\": []}");
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH);
             MlmTrainer trainer = create(run, tokenizer, config(2))) {
            org.mlmlab.visualisation.RecoveryRecorder.forRun(trainer).onStart(trainer);
            var log = org.mlmlab.visualisation.RecoveryLog.load(run.resolve(org.mlmlab.visualisation.RecoveryLog.FILE));
            assertEquals(1, log.snapshots().size(), "the new run's first snapshot, before any step");
            assertTrue(log.labels().length > 0);
        }
    }

    @Test
    void aRunFolderThatCannotBeWrittenIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        var e = assertThrows(IllegalArgumentException.class, () -> RunFolder.openForWriting(file.resolve("run")).close());
        assertTrue(e.getMessage().startsWith("Cannot write the run into"), e.getMessage());
        assertDoesNotThrow(() -> RunFolder.openForWriting(dir.resolve("fine")).close());
        try (var left = Files.list(dir.resolve("fine"))) {
            assertEquals(List.of(".lock"), left.map(p -> p.getFileName().toString()).toList(), "the check leaves nothing but the run's lock");
        }
    }

    /** One writer per run: another program's trainer is refused; once that program ends, its lock is taken over. */
    @Test
    void aRunBeingTrainedByAnotherProgramIsRefusedUntilItEnds(@TempDir Path run) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python), "python3 holds the lock from another process");
        Files.createDirectories(run);
        // Python's lockf is the same POSIX record lock Java's FileLock takes on Linux.
        Process holder = new ProcessBuilder(python.toString(), "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'a'); fcntl.lockf(f, fcntl.LOCK_EX); f.write('process 4242, since a while'); f.flush()\n"
                + "print('locked', flush=True); time.sleep(60)", run.resolve(RunLock.FILE).toString()).start();
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            assertEquals("locked", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            var refused = assertThrows(IllegalStateException.class, () -> create(run, tokenizer, config(3)));
            assertTrue(refused.getMessage().contains("being trained by another program (process 4242"), refused.getMessage());
            holder.destroyForcibly().waitFor();   // killed: the system lets go of its lock
            try (MlmTrainer trainer = create(run, tokenizer, config(3))) {
                assertEquals(3, losses(trainer, 3).size());
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** In one program (a notebook cell run twice), opening a run again closes the trainer still holding it. */
    @Test
    void openingARunAgainHereClosesTheTrainerStillHoldingIt(@TempDir Path run) {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            MlmTrainer first = create(run, tokenizer, config(3));
            first.step();
            try (MlmTrainer second = create(run, tokenizer, config(3))) {
                assertThrows(RuntimeException.class, first::step, "the first trainer was closed");
                assertEquals(3, losses(second, 3).size());
            }
            try (MlmTrainer third = create(run, tokenizer, config(3))) {   // closed properly: nothing to close
                assertEquals(1, losses(third, 1).size());
            }
        }
    }

    /**
     * A stop button that interrupts the thread running the cell (JJava's; the lab's rapaio kernel does after
     * a grace time, see StopButton): the run ends after that step with a
     * checkpoint there and one line, and the same thread can train the run again at once (the interrupt
     * was consumed). An interrupt that comes while a checkpoint is being written neither cuts it short nor
     * is lost: the run stops after the next step.
     */
    @Test
    void anInterruptStopsTheRunAfterItsStepWithACheckpointThere(@TempDir Path run) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            Thread training = Thread.currentThread();
            TrainingListener stopButtonAtStep4 = new TrainingListener() {
                @Override
                public void onStep(MlmTrainer trainer, StepResult step) {
                    if (step.step() == 4) {
                        training.interrupt();
                    }
                }
            };
            try (MlmTrainer trainer = create(run, tokenizer, config(20))) {
                TrainingStopped stopped = assertThrows(TrainingStopped.class, () -> trainer.train(List.of(stopButtonAtStep4)));
                assertTrue(stopped.getMessage().startsWith("Training stopped at step 4 on request"), stopped.getMessage());
                assertEquals(0, stopped.getStackTrace().length, "one line in a notebook, no stack trace");
                assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed");
                assertEquals("step-000004", Checkpoints.resolve(run).getFileName().toString());
            }
            try (MlmTrainer resumed = MlmTrainer.resume(run, tokenizer, split)) {
                assertEquals(4, resumed.state().step());
            }

            TrainingListener stopButtonDuringASave = new TrainingListener() {
                @Override
                public void onCheckpointWrite(MlmTrainer trainer, Path folder) throws java.io.IOException {
                    training.interrupt();
                    Files.writeString(folder.resolve("written-after-the-interrupt.txt"), "a file written by a channel, whole");
                }
            };
            try (MlmTrainer again = create(run, tokenizer, config(20).withCheckpointEvery(6))) {
                TrainingStopped stopped = assertThrows(TrainingStopped.class, () -> again.train(List.of(stopButtonDuringASave)));
                assertTrue(stopped.getMessage().startsWith("Training stopped at step 7 on request"), stopped.getMessage());
                Path six = Checkpoints.resolve(run).resolveSibling("step-000006");
                assertEquals("a file written by a channel, whole", Files.readString(six.resolve("written-after-the-interrupt.txt")));
            }
        }
    }

    /** A newest checkpoint that lost its model.json is not resumed from; the one before is, and the resume says so. */
    @Test
    void anIncompleteNewestCheckpointIsNamedAndTheOneBeforeIsResumed(@TempDir Path run) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            try (MlmTrainer trainer = create(run, tokenizer, config(6))) {
                losses(trainer, 2);
                trainer.saveCheckpoint();
                losses(trainer, 2);
                Path newest = trainer.saveCheckpoint();
                Files.delete(newest.resolve(org.mlmlab.model.ModelFiles.CONFIG));
            }
            Checkpoints checkpoints = new Checkpoints(run.resolve("checkpoints"));
            assertEquals("step-000004", checkpoints.incompleteLatest().orElseThrow().getFileName().toString());
            try (MlmTrainer resumed = MlmTrainer.resume(run, tokenizer, split)) {
                assertEquals(2, resumed.state().step(), "resumed from the complete checkpoint before");
            }
        }
    }

    /**
     * Killed after a checkpoint was committed but before the copies beside it were written (the issue's
     * lost rows): the resumed run still has every metrics row and recovery snapshot once, as a straight run does.
     */
    @Test
    void aRunKilledRightAfterACheckpointResumesWithEveryRecordOnce(@TempDir Path straightDir, @TempDir Path killedDir) throws Exception {
        TrainingConfig config = config(12).withEvaluateEvery(4).withCheckpointEvery(4);
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH)) {
            try (MlmTrainer straight = create(straightDir, tokenizer, config)) {
                straight.train(List.of(org.mlmlab.visualisation.RecoveryRecorder.forRun(straight)));
            }
            Path metrics = killedDir.resolve(MetricsLog.FILE);
            Path recovery = killedDir.resolve(org.mlmlab.visualisation.RecoveryLog.FILE);
            Path backup = Files.createDirectories(killedDir.resolve("../killed-backup"));
            TrainingListener killer = new TrainingListener() {
                @Override
                public void onCheckpoint(MlmTrainer trainer, Path checkpoint) {
                    try {
                        if (trainer.state().step() == 4) {   // what the copies held before the next commit
                            Files.copy(metrics, backup.resolve("metrics.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            Files.copy(recovery, backup.resolve("recovery.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        } else if (trainer.state().step() == 8) {   // killed before the copies of step 8 were written
                            Files.copy(backup.resolve("metrics.csv"), metrics, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            Files.copy(backup.resolve("recovery.json"), recovery, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            throw new IllegalStateException("killed");
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            try (MlmTrainer killed = create(killedDir, tokenizer, config)) {
                // the recorder saves its copy first, then the killer replaces it as if that write never happened
                var recorder = org.mlmlab.visualisation.RecoveryRecorder.forRun(killed);
                assertThrows(IllegalStateException.class, () -> killed.train(List.of(recorder, killer)));
            }
            try (MlmTrainer resumed = MlmTrainer.resume(killedDir, tokenizer, split)) {
                assertEquals(8, resumed.state().step());
                resumed.train(List.of(org.mlmlab.visualisation.RecoveryRecorder.forRun(resumed)));
            }
            assertEquals(steps(MetricsLog.readCsv(straightDir.resolve(MetricsLog.FILE)).rows().stream().map(MetricsLog.Row::step)),
                    steps(MetricsLog.readCsv(metrics).rows().stream().map(MetricsLog.Row::step)), "metrics rows, each once");
            assertEquals(steps(org.mlmlab.visualisation.RecoveryLog.load(straightDir.resolve(org.mlmlab.visualisation.RecoveryLog.FILE))
                            .snapshots().stream().map(org.mlmlab.visualisation.RecoveryLog.Snapshot::step)),
                    steps(org.mlmlab.visualisation.RecoveryLog.load(recovery).snapshots().stream()
                            .map(org.mlmlab.visualisation.RecoveryLog.Snapshot::step)), "recovery snapshots, each once");
        }
    }

    private static List<Long> steps(java.util.stream.Stream<Long> steps) {
        return steps.toList();
    }

    /** Slow steps: a checkpoint every two minutes of training, whatever the step count between checkpoints says. */
    @Test
    void aCheckpointIsSavedEveryTwoMinutesOfTrainingAsWell(@TempDir Path run) throws Exception {
        try (LabTokenizer tokenizer = LabTokenizer.load(tokenizerDir, Preset.MAX_LENGTH);
             MlmTrainer trainer = create(run, tokenizer, config(10).withEvaluateEvery(1000).withCheckpointEvery(1000))) {
            long[] now = {0};
            trainer.useClock(() -> now[0] += 15_000_000_000L);   // steps of 15 to 30 s
            trainer.train(List.of());
            List<String> saved = new Checkpoints(run.resolve("checkpoints")).list().stream().map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of("step-000008", "step-000010"), saved, "two minutes passed by step 8; the end is always saved");
        }
    }
}
