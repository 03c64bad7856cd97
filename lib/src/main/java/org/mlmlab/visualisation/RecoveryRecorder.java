package org.mlmlab.visualisation;

import org.mlmlab.masking.EvaluationSet;
import org.mlmlab.masking.TokenSequences;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.training.Evaluator;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records token recovery during training: every {@code every} steps (and before the first) it
 * asks the model to fill in a fixed probe set (validation sentences with fixed masks) and keeps
 * each answer, into the run's {@code recovery.json}. Lesson 7 draws the pictures from it. A long run
 * records less often as it goes on ({@link RecoveryLog#MAX_SNAPSHOTS}).
 */
public final class RecoveryRecorder implements TrainingListener {
    /** Probe sentences by default: enough masked tokens (~1,000) for accuracy by frequency band. */
    public static final int PROBE_SENTENCES = 300;

    private final int sentences;
    private final int every;
    private EvaluationSet probe;
    private RecoveryLog log;

    public RecoveryRecorder(int sentences, int every) {
        this.sentences = sentences;
        this.every = Math.max(1, every);
    }

    /** The default probe, recorded five times per evaluation interval. */
    public static RecoveryRecorder forRun(MlmTrainer trainer) {
        return new RecoveryRecorder(PROBE_SENTENCES, trainer.config().evaluateEvery() / 5);
    }

    /** The probe: the first validation sentences, masked with the run's seed, exactly as recorded. */
    public static EvaluationSet probe(List<String> texts, org.mlmlab.tokenizer.LabTokenizer tokenizer, long seed) {
        return new EvaluationSet(TokenSequences.encode(tokenizer, texts), Vocabulary.of(tokenizer), tokenizer.maxLength(), seed);
    }

    @Override
    public void onStart(MlmTrainer trainer) {
        List<String> texts = List.copyOf(trainer.data().validationTexts().subList(0,
                Math.min(sentences, trainer.data().validationTexts().size())));
        long seed = trainer.config().seed();
        probe = probe(texts, trainer.tokenizer(), seed);
        // Resumed: keep what was recorded, from the checkpoint's own copy (committed with it) when it has one.
        Path file = trainer.latestCheckpoint().map(c -> c.resolve(RecoveryLog.FILE)).filter(Files::isRegularFile)
                .orElse(trainer.runDirectory().resolve(RecoveryLog.FILE));
        if (trainer.state().step() > 0 && Files.isRegularFile(file)) {
            log = RecoveryLog.load(file);
            log.truncateAfter(trainer.state().step());
            save(trainer);   // the copy beside the checkpoints may have missed the last commit
        } else {
            log = new RecoveryLog(texts, seed, Evaluator.score(trainer.model(), probe, trainer.manager()).labels(), new ArrayList<>());
            record(trainer);
            save(trainer);   // replaces a replaced run's record now, not at the first checkpoint minutes later
        }
    }

    @Override
    public void onStep(MlmTrainer trainer, StepResult step) {
        if (step.step() % log.spacing(every) == 0) {
            record(trainer);
        }
    }

    @Override
    public void onCheckpointWrite(MlmTrainer trainer, Path folder) throws IOException {
        log.save(folder.resolve(RecoveryLog.FILE));
    }

    @Override
    public void onCheckpoint(MlmTrainer trainer, Path checkpoint) {
        save(trainer);
    }

    @Override
    public void onEnd(MlmTrainer trainer) {
        long last = log.snapshots().isEmpty() ? -1 : log.snapshots().get(log.snapshots().size() - 1).step();
        if (last != trainer.state().step()) {
            record(trainer);
        }
        save(trainer);
    }

    public RecoveryLog log() {
        return log;
    }

    private void record(MlmTrainer trainer) {
        Evaluator.TokenScores scores = Evaluator.score(trainer.model(), probe, trainer.manager());
        float[] probability = new float[scores.size()];
        for (int i = 0; i < probability.length; i++) {
            probability[i] = (float) Math.exp(scores.logProbability()[i]);
        }
        log.add(new RecoveryLog.Snapshot(trainer.state().step(), scores.predicted(), probability));
    }

    private void save(MlmTrainer trainer) {
        try {
            log.save(trainer.runDirectory().resolve(RecoveryLog.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save " + RecoveryLog.FILE + " in " + trainer.runDirectory(), e);
        }
    }
}
