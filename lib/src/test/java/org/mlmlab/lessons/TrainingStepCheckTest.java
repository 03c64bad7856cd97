package org.mlmlab.lessons;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.ToyModel;
import org.mlmlab.Preset;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.AdamW;
import org.mlmlab.training.MaskedLoss;
import org.mlmlab.training.TrainingConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/**
 * Lesson 5's step check on a tiny model: the step written out (forward, loss, backward, global
 * clipping, AdamW's formula) follows MlmTrainer for 20 steps; clipping per tensor, dropping the
 * clipping or decaying everything is named.
 */
class TrainingStepCheckTest {
    @TempDir
    static Path dir;
    static LabTokenizer tokenizer;
    static Corpus.Split split;
    static ModelConfig model;
    /** The tiny preset's run, but on the toy corpus (4 rows of one sentence each). */
    static final TrainingConfig CONFIG = TrainingConfig.of(Preset.TINY).withBatchRows(4).withLayout(BatchLayout.longest(Preset.MAX_LENGTH));

    @BeforeAll
    static void prepare() {
        split = ToyCorpus.repeated(5).split(0.1, Preset.RANDOM_SEED);
        ToyModel.trainTokenizer(dir, 200);
        tokenizer = LabTokenizer.load(dir, Preset.MAX_LENGTH);
        model = ToyModel.tiny(tokenizer);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    enum Slip { NONE, CLIP_EACH_TENSOR, NO_CLIPPING, DECAY_EVERYTHING }

    /** The step as a student writes it. */
    static double step(MlmModel model, Batch batch, TrainingConfig config, double lr, long t, Map<String, NDArray> m,
                       Map<String, NDArray> v, Slip slip) {
        AdamW.Settings adam = config.adam();
        Map<String, Parameter> parameters = model.namedParameters();
        Set<Parameter> decayed = slip == Slip.DECAY_EVERYTHING ? Set.copyOf(parameters.values()) : AdamW.decayedIn(model);
        try (NDScope ignored = new NDScope()) {
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(new ParameterStore(batch.manager(), false),
                        new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
                NDArray lossArray = MaskedLoss.crossEntropy(logits, batch.maskedLabels());
                collector.backward(lossArray);
                loss = lossArray.getFloat();
            }
            double squares = 0;
            for (Parameter p : parameters.values()) {
                squares += p.getArray().getGradient().square().sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            double scale = slip == Slip.NO_CLIPPING || norm <= config.clipNorm() ? 1 : config.clipNorm() / norm;
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray w = e.getValue().getArray();
                NDArray g = w.getGradient();
                if (slip == Slip.CLIP_EACH_TENSOR) {
                    double own = Math.sqrt(g.square().sum().getFloat());
                    scale = own <= config.clipNorm() ? 1 : config.clipNorm() / own;
                }
                g = g.mul(scale);
                NDArray mean = m.get(e.getKey()).muli(adam.beta1()).addi(g.mul(1 - adam.beta1()));
                NDArray square = v.get(e.getKey()).muli(adam.beta2()).addi(g.square().mul(1 - adam.beta2()));
                NDArray mHat = mean.div(1 - Math.pow(adam.beta1(), t));
                NDArray vHat = square.div(1 - Math.pow(adam.beta2(), t));
                if (decayed.contains(e.getValue())) {
                    w.subi(w.mul(lr * adam.weightDecay()));
                }
                w.subi(mHat.div(vHat.sqrt().add(adam.epsilon())).mul(lr));
                w.getGradient().subi(w.getGradient());
            }
            return loss;
        }
    }

    static String failure(Slip slip) {
        return assertThrows(CheckFailed.class, () -> TrainingStepCheck.check((model, batch, config, lr, t, m, v) -> step(model, batch, config, lr, t, m, v, slip),
                model, CONFIG, tokenizer, split)).getMessage();
    }

    @Test
    void theStepWrittenOutFollowsTheTrainer() {
        TrainingStepCheck.check((model, batch, config, lr, t, m, v) -> step(model, batch, config, lr, t, m, v, Slip.NONE), model, CONFIG, tokenizer, split);
    }

    @Test
    void eachMistakeIsNamed() {
        assertHint(failure(Slip.CLIP_EACH_TENSOR), "clipping each tensor on its own");
        assertHint(failure(Slip.NO_CLIPPING), "no clipping gives");
        assertHint(failure(Slip.DECAY_EVERYTHING), "decaying every parameter");
        String stub = assertThrows(CheckFailed.class, () -> TrainingStepCheck.check((model, batch, config, lr, t, m, v) -> {
            throw new YourTurn();
        }, model, CONFIG, tokenizer, split)).getMessage();
        assertTrue(stub.startsWith("FAIL: your trainingStep() is not written yet."), stub);
    }
}
