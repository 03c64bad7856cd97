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
import org.mlmlab.AtomicWrite;
import org.mlmlab.Lab;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.masking.Batch;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.model.ModelFiles;
import org.mlmlab.notebook.StopButton;
import org.mlmlab.tokenizer.LabTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
 * Where the run is kept, and who may write it, is its {@link RunFolder}'s business.
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

    private final RunFolder run;
    private final MlmModel model;
    private final LabTokenizer tokenizer;
    private final TrainingData data;
    private final TrainingConfig config;
    private final NDManager manager;
    private final Map<String, Parameter> parameters;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final MetricsLog metrics;
    private final ParameterStore store;
    private final RowAverages row = new RowAverages();
    private TrainingState state;
    /** Where training time comes from: the system's clock, or a test's. */
    private LongSupplier clock = System::nanoTime;
    private double lastLearningRate;

    private MlmTrainer(RunFolder run, MlmModel model, LabTokenizer tokenizer, TrainingData data, TrainingConfig config,
                       NDManager manager, MetricsLog metrics, TrainingState state) {
        this.run = run;
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
        this.metrics = metrics;
        this.store = new ParameterStore(manager, false);
        this.state = state;
    }

    /** A new run in {@code runDir}: a freshly initialised model (from the config's seed) and a new optimizer. */
    public static MlmTrainer create(Path runDir, ModelConfig modelConfig, TrainingConfig config, LabTokenizer tokenizer,
                                    Corpus.Split split, IfRunExists ifExists) {
        RunFolder run = RunFolder.openForWriting(runDir);
        try {
            Optional<Path> existing = run.latestCheckpoint();
            if (existing.isPresent()) {
                if (ifExists == IfRunExists.FAIL) {
                    throw new IllegalStateException(runDir + " already holds a run (latest checkpoint "
                            + existing.get().getFileName() + "). Resume it (--resume), train another run (--name NEW_NAME), "
                            + "or start this one over (--fresh, which deletes its checkpoints).");
                }
                run.clear();
            }
            if (modelConfig.vocabSize() != tokenizer.vocabSize()) {
                throw new IllegalArgumentException("the model is configured for " + modelConfig.vocabSize()
                        + " tokens but the tokenizer has " + tokenizer.vocabSize() + ": build the config with ModelConfig.of(preset, tokenizer.vocabSize())");
            }
            TrainingData data = TrainingData.of(tokenizer, split, config);
            NDManager manager = NDManager.newBaseManager(Lab.device());
            MlmModel model = ModelFactory.create(modelConfig, manager, config.seed());
            MlmTrainer trainer = new MlmTrainer(run, model, tokenizer, data, config, manager, new MetricsLog(), TrainingState.start());
            run.heldBy(trainer);
            return trainer;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * Continues the run in {@code runDir} from its latest checkpoint: weights, optimizer moments,
     * step, training time (the schedule's position) and data position, with the run's own config.
     * The tokenizer must be the one it was trained with.
     */
    public static MlmTrainer resume(Path runDir, LabTokenizer tokenizer, Corpus.Split split) {
        if (!RunFolder.at(runDir).hasRun()) {
            RunRecord.load(runDir.getFileName().toString(), runDir);   // says there is no run to resume, before any lock file is made
        }
        RunFolder run = RunFolder.openForWriting(runDir);
        NDManager manager = null;
        RunRecord record = null;
        try {
            record = RunRecord.load(runDir.getFileName().toString(), runDir);
            manager = NDManager.newBaseManager(Lab.device());
            MlmModel model = ModelFiles.load(record.checkpoint(), tokenizer, manager);
            MlmTrainer trainer = new MlmTrainer(run, model, tokenizer, TrainingData.of(tokenizer, split, record.config()), record.config(),
                    manager, record.metrics(), record.state());
            trainer.optimizer.load(record.checkpoint().resolve(OPTIMIZER_FILE), record.state().step(), manager);
            trainer.metrics.writeCsv(run.metricsFile());   // the copy beside may have missed the last commit
            Path resumedFrom = record.checkpoint();
            run.incompleteLatestCheckpoint().ifPresent(bad -> System.out.println("Note: " + bad.getFileName()
                    + " is incomplete (its " + ModelFiles.CONFIG + " is missing); resuming from " + resumedFrom.getFileName()
                    + ", the newest complete checkpoint."));
            run.heldBy(trainer);
            return trainer;
        } catch (IOException | RuntimeException e) {
            run.close();
            if (manager != null) {
                manager.close();
            }
            if (record == null) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Cannot resume from " + record.checkpoint() + ": " + e.getMessage()
                    + ". Delete that checkpoint folder to resume from the one before, or start a new run.", e);
        }
    }

    /**
     * The forward and backward pass of one batch: the logits at the hidden positions only, the mean
     * -log p of the hidden tokens, and every parameter's gradient from it. Returns the loss. The
     * trainer's step and lesson 5's check share it.
     */
    public static double forwardAndBackward(MlmModel model, ParameterStore store, Batch batch) {
        Exercise.TRAINING_STEP.refuseDuringItsCheck("MlmTrainer.forwardAndBackward");
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.forward(store, new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
            NDArray loss = MaskedLoss.crossEntropy(logits, batch.maskedLabels());
            collector.backward(loss);
            return loss.getFloat();
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
            loss = forwardAndBackward(model, store, batch);
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
        StepResult result = new StepResult(step, loss, learningRate, norm, tokens, masked, seconds);
        row.add(result);
        return result;
    }

    /** Scores the model on the validation set's fixed masks. */
    public Evaluation evaluate() {
        return Evaluator.evaluate(model, data.validation(), data.mostFrequentToken(), manager);
    }

    /**
     * Trains until the budget is spent, evaluating, logging and checkpointing on the way, and
     * always at the end. Returns the final evaluation.
     *
     * <p>The notebook's {@link StopButton} (or an interrupt of the thread) ends the run after the step it is in: a
     * checkpoint is saved there and {@link TrainingStopped} says so in one line. A program told to end
     * (Ctrl-C, kill) saves the same way and returns.
     */
    public Evaluation train(List<TrainingListener> listeners) {
        try (StopOnTermination stop = new StopOnTermination()) {
            return trainUntilDoneOrStopped(listeners, stop);
        }
    }

    private Evaluation trainUntilDoneOrStopped(List<TrainingListener> listeners, StopOnTermination termination) {
        StopButton stopButton = StopButton.watch();
        listeners.forEach(l -> l.onStart(this));
        int logEvery = Math.max(1, config.evaluateEvery() / 10);
        Evaluation last = null;
        double lastCheckpoint = state.seconds();
        while (!finished()) {
            StepResult result = step();
            listeners.forEach(l -> l.onStep(this, result));
            boolean end = finished();
            boolean stopPressed = stopButton.pressed();
            boolean stop = (termination.requested() || stopPressed) && !end;
            if (result.step() % logEvery == 0 || result.step() % config.evaluateEvery() == 0 || end || stop) {
                row.logInto(metrics, state, lastLearningRate);
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
                Path checkpoint = saveCheckpointUninterrupted(listeners);
                listeners.forEach(l -> l.onCheckpoint(this, checkpoint));
            }
            if (stop && stopPressed) {
                throw new TrainingStopped(String.format("Training stopped at step %,d on request, with a checkpoint saved there in %s. "
                        + "Run the cell again to start over, or resume the run to go on (MlmTrainer.resume).", result.step(), run.directory()));
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

    /**
     * Saves on a thread of its own, waiting for it whatever happens: Java closes a file that an interrupted
     * thread is writing, so an interrupt during a save (JJava's stop button, or the lab kernel's once its grace
     * time is over) would cut the checkpoint short. An interrupt that comes meanwhile is kept for the loop to see
     * after the save.
     */
    private Path saveCheckpointUninterrupted(List<TrainingListener> listeners) {
        FutureTask<Path> save = new FutureTask<>(() -> saveCheckpoint(listeners));
        new Thread(save, "checkpoint").start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return save.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
        return run.saveCheckpoint(state.step(), folder -> {
            ModelFiles.save(model, tokenizer, folder);
            optimizer.save(folder.resolve(OPTIMIZER_FILE));
            AtomicWrite.writeString(folder.resolve(RunRecord.STATE_FILE), RunRecord.GSON.toJson(state));
            AtomicWrite.writeString(folder.resolve(RunRecord.CONFIG_FILE), RunRecord.GSON.toJson(config));
            metrics.writeCsv(folder.resolve(MetricsLog.FILE));
            for (TrainingListener listener : listeners) {
                listener.onCheckpointWrite(this, folder);
            }
        }, config.keepCheckpoints(), metrics);
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
        return run.latestCheckpoint();
    }

    public Path runDirectory() {
        return run.directory();
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
        run.close();
    }
}
