package org.mlmlab.training;

import org.mlmlab.Exercise;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.apache.commons.io.file.PathUtils;
import org.mlmlab.AtomicWrite;
import org.mlmlab.FileError;
import org.mlmlab.Lab;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.masking.Batch;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.model.ModelFiles;
import org.mlmlab.tokenizer.LabTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The masked-language-model training loop. One {@link #step()}:
 * <ol>
 *   <li>take batch (epoch, index): new masks every epoch, reproducible from the seed;</li>
 *   <li>forward with the head only at the masked positions, loss = mean cross-entropy there;</li>
 *   <li>backward; measure the global gradient norm and clip it;</li>
 *   <li>AdamW update at the schedule's learning rate; clear the gradients.</li>
 * </ol>
 * Every array a step creates lives in an {@link NDScope} closed at the end of the step, so native
 * memory stays flat however long the run. {@link #train} repeats steps, evaluates on the fixed
 * validation masks, logs metrics and saves checkpoints (model, optimizer moments, state) from
 * which {@link #resume} continues exactly where the run stopped.
 * <p>
 * A run folder holds {@code checkpoints/step-NNNNNN/} and {@code metrics.csv}.
 * <p>
 * The learning rate follows the schedule by the share of the budget spent at the moment of the
 * update: the step count for a step budget, the training time for a timed one.
 */
public final class MlmTrainer implements AutoCloseable {
    public static final String OPTIMIZER_FILE = "optimizer.npz";
    /**
     * Besides every {@code checkpointEvery} steps, a checkpoint whenever this much training time has passed
     * since the last one: on a slow machine a kill never loses more than two minutes of training.
     */
    static final double CHECKPOINT_SECONDS = 120;

    /** What {@link #create} does with a folder that already holds a run. */
    public enum IfRunExists {
        /** Refuse, saying how to resume or replace it (the command line's default: nothing saved is lost silently). */
        FAIL,
        /** Delete its checkpoints and metrics and start over (what re-running a notebook cell means). */
        REPLACE
    }

    private final Path runDir;
    private final MlmModel model;
    private final LabTokenizer tokenizer;
    private final TrainingData data;
    private final TrainingConfig config;
    private final NDManager manager;
    private final Map<String, Parameter> parameters;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final Checkpoints checkpoints;
    private final MetricsLog metrics;
    private final ParameterStore store;
    private final RunLock lock;
    private TrainingState state;
    /** Where training time comes from: the system's clock, or a test's. */
    private LongSupplier clock = System::nanoTime;
    private double lastLearningRate;
    /** Set when the program is told to end: the loop saves a checkpoint after its step and returns. */
    private volatile boolean stopRequested;
    // Averages since the last metrics row.
    private double rowLoss;
    private double rowNorm;
    private double rowSeconds;
    private long rowTokens;
    private int rowSteps;

    private MlmTrainer(Path runDir, MlmModel model, LabTokenizer tokenizer, TrainingData data, TrainingConfig config,
                       NDManager manager, MetricsLog metrics, TrainingState state, RunLock lock) {
        this.runDir = runDir;
        this.lock = lock;
        this.model = model;
        this.tokenizer = tokenizer;
        this.data = data;
        this.config = config;
        this.manager = manager;
        this.parameters = model.namedParameters();
        for (Parameter p : parameters.values()) {
            p.getArray().setRequiresGradient(true);
        }
        this.optimizer = new AdamW(parameters, AdamW.decayedIn(model), config.adam(), manager);
        this.schedule = config.schedule();
        this.checkpoints = new Checkpoints(runDir.resolve("checkpoints"));
        this.metrics = metrics;
        this.store = new ParameterStore(manager, false);
        this.state = state;
    }

    /** A new run in {@code runDir}: a freshly initialised model (from the config's seed) and a new optimizer. */
    public static MlmTrainer create(Path runDir, ModelConfig modelConfig, TrainingConfig config, LabTokenizer tokenizer,
                                    Corpus.Split split, IfRunExists ifExists) {
        requireWritable(runDir);
        RunLock lock = RunLock.acquire(runDir);
        try {
            Optional<Path> existing = new Checkpoints(runDir.resolve("checkpoints")).latest();
            if (existing.isPresent()) {
                if (ifExists == IfRunExists.FAIL) {
                    throw new IllegalStateException(runDir + " already holds a run (latest checkpoint "
                            + existing.get().getFileName() + "). Resume it (--resume), train another run (--name NEW_NAME), "
                            + "or start this one over (--fresh, which deletes its checkpoints).");
                }
                deleteRun(runDir);
            }
            if (modelConfig.vocabSize() != tokenizer.vocabSize()) {
                throw new IllegalArgumentException("the model is configured for " + modelConfig.vocabSize()
                        + " tokens but the tokenizer has " + tokenizer.vocabSize() + ": build the config with ModelConfig.of(preset, tokenizer.vocabSize())");
            }
            TrainingData data = TrainingData.of(tokenizer, split, config);
            NDManager manager = NDManager.newBaseManager(Lab.device());
            MlmModel model = ModelFactory.create(modelConfig, manager, config.seed());
            MlmTrainer trainer = new MlmTrainer(runDir, model, tokenizer, data, config, manager, new MetricsLog(), TrainingState.start(), lock);
            lock.heldBy(trainer);
            return trainer;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Continues the run in {@code runDir} from its latest checkpoint: weights, optimizer moments,
     * step, training time (the schedule's position) and data position, with the run's own config.
     * The tokenizer must be the one it was trained with.
     */
    public static MlmTrainer resume(Path runDir, LabTokenizer tokenizer, Corpus.Split split) {
        if (new Checkpoints(runDir.resolve("checkpoints")).latest().isEmpty()) {
            RunRecord.load(runDir.getFileName().toString(), runDir);   // says there is no run to resume, before any lock file is made
        }
        RunLock lock = RunLock.acquire(runDir);
        NDManager manager = null;
        RunRecord run = null;
        try {
            run = RunRecord.load(runDir.getFileName().toString(), runDir);
            manager = NDManager.newBaseManager(Lab.device());
            MlmModel model = ModelFiles.load(run.checkpoint(), tokenizer, manager);
            MlmTrainer trainer = new MlmTrainer(runDir, model, tokenizer, TrainingData.of(tokenizer, split, run.config()), run.config(),
                    manager, run.metrics(), run.state(), lock);
            trainer.optimizer.load(run.checkpoint().resolve(OPTIMIZER_FILE), run.state().step(), manager);
            trainer.metrics.writeCsv(runDir.resolve(MetricsLog.FILE));   // the copy beside may have missed the last commit
            Path resumedFrom = run.checkpoint();
            trainer.checkpoints.incompleteLatest().ifPresent(bad -> System.out.println("Note: " + bad.getFileName()
                    + " is incomplete (its " + ModelFiles.CONFIG + " is missing); resuming from " + resumedFrom.getFileName()
                    + ", the newest complete checkpoint."));
            lock.heldBy(trainer);
            return trainer;
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (manager != null) {
                manager.close();
            }
            if (run == null) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Cannot resume from " + run.checkpoint() + ": " + e.getMessage()
                    + ". Delete that checkpoint folder to resume from the one before, or start a new run.", e);
        }
    }

    /** One training step (see the class comment). */
    public StepResult step() {
        Exercise.TRAINING_STEP.refuseDuringItsCheck("MlmTrainer.step");
        long start = clock.getAsLong();
        long epoch = state.epoch();
        int index = state.batchIndex();
        int batches = data.train().batchesPerEpoch(epoch);
        long step = state.step() + 1;
        double learningRate;
        double loss;
        double norm;
        int tokens;
        int masked;
        try (NDScope ignored = new NDScope(); Batch batch = data.train().batch(epoch, index, manager)) {
            tokens = batch.realTokens();
            masked = batch.maskedTokens();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(store, new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
                NDArray lossArray = MaskedLoss.crossEntropy(logits, batch.maskedLabels());
                collector.backward(lossArray);
                loss = lossArray.getFloat();
            }
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("The loss became " + loss + " at step " + step + " (the last learning rate was "
                        + lastLearningRate + "). Lower the learning rate or lengthen the warmup, and train again.");
            }
            norm = GradientClipping.globalNorm(parameters.values());
            // The rate where the schedule stands now, at the update: this step counted, and the time it has taken so far.
            learningRate = schedule.at(config.budget().progress(step, state.seconds() + (clock.getAsLong() - start) / 1e9));
            optimizer.step(learningRate, GradientClipping.scale(norm, config.clipNorm()));
        }
        double seconds = (clock.getAsLong() - start) / 1e9;
        lastLearningRate = learningRate;
        state = state.next(batches, tokens, seconds);
        rowLoss += loss;
        rowNorm += norm;
        rowSeconds += seconds;
        rowTokens += tokens;
        rowSteps++;
        return new StepResult(step, loss, learningRate, norm, tokens, masked, seconds);
    }

    /** Scores the model on the validation set's fixed masks. */
    public Evaluation evaluate() {
        return Evaluator.evaluate(model, data.validation(), data.mostFrequentToken(), manager);
    }

    /**
     * Trains until the budget is spent, evaluating, logging and checkpointing on the way, and
     * always at the end. Returns the final evaluation.
     */
    public Evaluation train(List<TrainingListener> listeners) {
        // Told to end (SIGTERM, Ctrl-C, a kernel shut down), the program waits while the loop finishes its
        // step and saves a checkpoint; a resume then continues from there.
        CountDownLatch saved = new CountDownLatch(1);
        Thread onTermination = new Thread(() -> {
            stopRequested = true;
            try {
                saved.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "checkpoint-on-termination");
        Runtime.getRuntime().addShutdownHook(onTermination);
        try {
            return trainUntilDoneOrStopped(listeners);
        } finally {
            saved.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onTermination);
            } catch (IllegalStateException e) {
                // the program is ending: the hook has run
            }
        }
    }

    private Evaluation trainUntilDoneOrStopped(List<TrainingListener> listeners) {
        listeners.forEach(l -> l.onStart(this));
        int logEvery = Math.max(1, config.evaluateEvery() / 10);
        Evaluation last = null;
        double lastCheckpoint = state.seconds();
        while (!finished()) {
            StepResult result = step();
            listeners.forEach(l -> l.onStep(this, result));
            boolean end = finished();
            boolean stop = stopRequested && !end;
            if (result.step() % logEvery == 0 || result.step() % config.evaluateEvery() == 0 || end || stop) {
                logRow();
            }
            if (result.step() % config.evaluateEvery() == 0 || end) {
                Evaluation evaluation = evaluate();
                metrics.addEvaluation(result.step(), evaluation);
                listeners.forEach(l -> l.onEvaluation(this, result.step(), evaluation));
                last = evaluation;
            }
            if (result.step() % config.checkpointEvery() == 0 || end || stop
                    || state.seconds() - lastCheckpoint >= CHECKPOINT_SECONDS) {
                lastCheckpoint = state.seconds();
                Path checkpoint = saveCheckpoint(listeners);
                listeners.forEach(l -> l.onCheckpoint(this, checkpoint));
            }
            if (stop) {
                System.out.println("Stopped at step " + result.step() + " and saved a checkpoint there: resume to continue.");
                return last;
            }
            if (end) {
                break;
            }
        }
        listeners.forEach(l -> l.onEnd(this));
        return last != null ? last : evaluate();
    }

    /** The budget is spent: all its steps made, or all its minutes trained. */
    public boolean finished() {
        return config.budget().spent(state.step(), state.seconds());
    }

    /** The share of the budget spent so far, from 0 to 1. */
    public double progress() {
        return config.budget().progress(state.step(), state.seconds());
    }

    /** Training time comes from {@code nanoTime} from now on: a test gives steps a fixed duration. */
    void useClock(LongSupplier nanoTime) {
        this.clock = nanoTime;
    }

    private void logRow() {
        if (rowSteps == 0) {
            return;
        }
        metrics.add(new MetricsLog.Row(state.step(), state.epoch(), lastLearningRate, rowLoss / rowSteps,
                rowNorm / rowSteps, rowTokens / rowSeconds, state.seconds(), Double.NaN, Double.NaN, Double.NaN));
        rowLoss = 0;
        rowNorm = 0;
        rowSeconds = 0;
        rowTokens = 0;
        rowSteps = 0;
    }

    /** Saves model, optimizer, state, config and metrics as checkpoint {@code step-NNNNNN}, then the run's metrics CSV. */
    public Path saveCheckpoint() {
        return saveCheckpoint(List.of());
    }

    /**
     * A checkpoint is one unit: model, optimizer, state, config, the metrics so far and the listeners'
     * records (the recovery record) are written into one folder that is committed whole, so a run
     * killed at any moment resumes with every record at the same step. The copies beside the
     * checkpoints (metrics.csv, recovery.json), which lessons and charts read, are written after.
     */
    Path saveCheckpoint(List<TrainingListener> listeners) {
        try {
            Path saved = checkpoints.save(state.step(), folder -> {
                ModelFiles.save(model, tokenizer, folder);
                optimizer.save(folder.resolve(OPTIMIZER_FILE));
                AtomicWrite.writeString(folder.resolve(RunRecord.STATE_FILE), RunRecord.GSON.toJson(state));
                AtomicWrite.writeString(folder.resolve(RunRecord.CONFIG_FILE), RunRecord.GSON.toJson(config));
                metrics.writeCsv(folder.resolve(MetricsLog.FILE));
                for (TrainingListener listener : listeners) {
                    listener.onCheckpointWrite(this, folder);
                }
            }, config.keepCheckpoints());
            metrics.writeCsv(runDir.resolve(MetricsLog.FILE));
            return saved;
        } catch (IOException e) {
            String before = checkpoints.latest().map(c -> "the previous checkpoint, " + c.getFileName() + ", is intact")
                    .orElse("no checkpoint of this run was saved before");
            throw new UncheckedIOException("Could not save a checkpoint in " + checkpoints.directory() + " (" + before + "): "
                    + FileError.describe(e), e);
        }
    }

    /** Finds out now, not at the first checkpoint minutes later, that a run's folder cannot be written. */
    static void requireWritable(Path runDir) {
        try {
            Files.createDirectories(runDir);
            Files.delete(Files.createTempFile(runDir, ".write-check", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write the run into " + runDir.toAbsolutePath() + " (" + FileError.describe(e)
                    + "): give a folder you can write to (--out DIR or --name NAME), or change its permissions.", e);
        }
    }

    private static void deleteRun(Path runDir) {
        try {
            PathUtils.deleteDirectory(runDir.resolve("checkpoints"));
            Files.deleteIfExists(runDir.resolve(MetricsLog.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clear the previous run in " + runDir, e);
        }
    }

    public MlmModel model() {
        return model;
    }

    public LabTokenizer tokenizer() {
        return tokenizer;
    }

    public TrainingData data() {
        return data;
    }

    public TrainingConfig config() {
        return config;
    }

    public TrainingState state() {
        return state;
    }

    public MetricsLog metrics() {
        return metrics;
    }

    /** The newest complete checkpoint of this run, if any: where a resumed run's records come from. */
    public Optional<Path> latestCheckpoint() {
        return checkpoints.latest();
    }

    public Path runDirectory() {
        return runDir;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
        lock.close();
    }
}
