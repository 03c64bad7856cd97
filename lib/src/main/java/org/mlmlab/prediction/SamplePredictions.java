package org.mlmlab.prediction;

import org.mlmlab.Preset;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainingListener;

import java.util.List;

/**
 * During training, after every evaluation, shows what the model now fills in for a few fixed
 * sentences (the same hidden word each time), so the numbers get a face: "the" everywhere at
 * first, then words that fit.
 */
public final class SamplePredictions implements TrainingListener {
    private final List<String> sentences;

    public SamplePredictions(List<String> sentences) {
        this.sentences = List.copyOf(sentences);
    }

    @Override
    public void onEvaluation(MlmTrainer trainer, long step, Evaluation evaluation) {
        // A new predictor with the same seed each time: the same words are hidden at every evaluation.
        MaskPredictor predictor = new MaskPredictor(trainer.model(), trainer.tokenizer(), trainer.manager(), Preset.RANDOM_SEED);
        StringBuilder out = new StringBuilder(String.format("step %d: validation accuracy %.1f%%, loss %.3f%n", step,
                100 * evaluation.accuracy(), evaluation.loss()));
        for (Prediction p : predictor.predictMasks(sentences)) {
            for (MaskedWord w : p.words()) {
                out.append(String.format("  %-9s %-14s -> %-14s %s%n", w.correct() ? "right" : "wrong", w.actual(), w.predicted(),
                        p.maskedText()));
            }
        }
        System.out.print(out);
    }
}
