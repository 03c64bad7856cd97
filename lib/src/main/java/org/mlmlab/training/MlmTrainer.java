package org.mlmlab.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.apache.commons.io.file.PathUtils;
import org.mlmlab.AtomicWrite;
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
 */
public final class MlmTrainer implements AutoCloseable {
    public static final String OPTIMIZER_FILE = "optimizer.npz";
    public static final String STATE_FILE = "state.json";
    public static final String CONFIG_FILE = "training.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

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
    private TrainingState state;
    // Averages since the last metrics row.
    private double rowLoss;
    private double rowNorm;
    private double rowSeconds;
    private long rowTokens;
    private int rowSteps;

    private MlmTrainer(Path runDir, MlmModel model, LabTokenizer tokenizer, TrainingData data, TrainingConfig config,
                       NDManager manager, MetricsLog metrics, TrainingState state) {
        this.runDir = runDir;
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
        Checkpoints existing = new Checkpoints(runDir.resolve("checkpoints"));
        if (existing.latest().isPresent()) {
            if (ifExists == IfRunExists.FAIL) {
                throw new IllegalStateException(runDir + " already holds a run (latest checkpoint "
                        + existing.latest().get().getFileName() + "). Resume it (--resume), or start over in another "
                        + "folder (--out) or in this one (--fresh, which deletes its checkpoints).");
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
        return new MlmTrainer(runDir, model, tokenizer, data, config, manager, new MetricsLog(), TrainingState.start());
    }

    /**
     * Continues the run in {@code runDir} from its latest checkpoint: weights, optimizer moments,
     * step, schedule position and data position. The tokenizer must be the one it was trained with.
     * {@code maxMinutes} replaces the saved time limit (0: none).
     */
    public static MlmTrainer resume(Path runDir, LabTokenizer tokenizer, Corpus.Split split, double maxMinutes) {
        Path checkpoint = new Checkpoints(runDir.resolve("checkpoints")).latest().orElseThrow(() -> new IllegalArgumentException(
                "No checkpoint to resume in " + runDir.resolve("checkpoints") + ". Start a new run (leave out --resume)."));
        TrainingConfig config = read(checkpoint.resolve(CONFIG_FILE), TrainingConfig.class).withMaxMinutes(maxMinutes);
        TrainingState state = read(checkpoint.resolve(STATE_FILE), TrainingState.class);
        NDManager manager = NDManager.newBaseManager(Lab.device());
        try {
            MlmModel model = ModelFiles.load(checkpoint, tokenizer, manager);
            MetricsLog metrics = Files.isRegularFile(runDir.resolve(MetricsLog.FILE))
                    ? MetricsLog.readCsv(runDir.resolve(MetricsLog.FILE)) : new MetricsLog();
            metrics.truncateAfter(state.step());
            MlmTrainer trainer = new MlmTrainer(runDir, model, tokenizer, TrainingData.of(tokenizer, split, config), config,
                    manager, metrics, state);
            trainer.optimizer.load(checkpoint.resolve(OPTIMIZER_FILE), state.step(), manager);
            return trainer;
        } catch (IOException | RuntimeException e) {
            manager.close();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Cannot resume from " + checkpoint + ": " + e.getMessage()
                    + ". Delete that checkpoint folder to resume from the one before, or start a new run.", e);
        }
    }

    /** One training step (see the class comment). */
    public StepResult step() {
        long start = System.nanoTime();
        long epoch = state.epoch();
        int index = state.batchIndex();
        int batches = data.train().batchesPerEpoch(epoch);
        long step = state.step() + 1;
        double learningRate = schedule.at(step);
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
                throw new IllegalStateException("The loss became " + loss + " at step " + step + " (learning rate "
                        + learningRate + "). Lower the learning rate or lengthen the warmup, and train again.");
            }
            norm = GradientClipping.globalNorm(parameters.values());
            optimizer.step(learningRate, GradientClipping.scale(norm, config.clipNorm()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
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
     * Trains until the config's step count (or time limit), evaluating, logging and checkpointing
     * on the way, and always at the end. Returns the final evaluation.
     */
    public Evaluation train(List<TrainingListener> listeners) {
        listeners.forEach(l -> l.onStart(this));
        int logEvery = Math.max(1, config.evaluateEvery() / 10);
        Evaluation last = null;
        double stopAfter = config.maxMinutes() > 0 ? state.seconds() + config.maxMinutes() * 60 : Double.MAX_VALUE;
        while (!finished()) {
            StepResult result = step();
            listeners.forEach(l -> l.onStep(this, result));
            boolean end = finished() || state.seconds() >= stopAfter;
            if (result.step() % logEvery == 0 || result.step() % config.evaluateEvery() == 0 || end) {
                logRow();
            }
            if (result.step() % config.evaluateEvery() == 0 || end) {
                Evaluation evaluation = evaluate();
                metrics.addEvaluation(result.step(), evaluation);
                listeners.forEach(l -> l.onEvaluation(this, result.step(), evaluation));
                last = evaluation;
            }
            if (result.step() % config.checkpointEvery() == 0 || end) {
                Path saved = saveCheckpoint();
                listeners.forEach(l -> l.onCheckpoint(this, saved));
            }
            if (end) {
                break;
            }
        }
        listeners.forEach(l -> l.onEnd(this));
        return last != null ? last : evaluate();
    }

    public boolean finished() {
        return state.step() >= config.steps();
    }

    private void logRow() {
        if (rowSteps == 0) {
            return;
        }
        metrics.add(new MetricsLog.Row(state.step(), state.epoch(), schedule.at(state.step()), rowLoss / rowSteps,
                rowNorm / rowSteps, rowTokens / rowSeconds, state.seconds(), Double.NaN, Double.NaN, Double.NaN));
        rowLoss = 0;
        rowNorm = 0;
        rowSeconds = 0;
        rowTokens = 0;
        rowSteps = 0;
    }

    /** Saves model, optimizer, state and config as checkpoint {@code step-NNNNNN}, and the metrics CSV. */
    public Path saveCheckpoint() {
        try {
            Path saved = checkpoints.save(state.step(), folder -> {
                ModelFiles.save(model, tokenizer, folder);
                optimizer.save(folder.resolve(OPTIMIZER_FILE));
                AtomicWrite.writeString(folder.resolve(STATE_FILE), GSON.toJson(state));
                AtomicWrite.writeString(folder.resolve(CONFIG_FILE), GSON.toJson(config));
            }, config.keepCheckpoints());
            metrics.writeCsv(runDir.resolve(MetricsLog.FILE));
            return saved;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save a checkpoint in " + checkpoints.directory()
                    + " (the previous checkpoint is intact): " + e.getMessage(), e);
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

    private static <T> T read(Path file, Class<T> type) {
        try {
            T value = GSON.fromJson(Files.readString(file), type);
            if (value == null) {
                throw new JsonParseException("empty");
            }
            return value;
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException(file + " is missing or corrupt (" + e.getMessage()
                    + "). Delete that checkpoint folder to use the one before, or start a new run.", e);
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

    public Path runDirectory() {
        return runDir;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
