package org.mlmlab;

import ai.djl.ndarray.NDManager;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;

import java.nio.file.Path;

/** A tokenizer trained on the toy corpus and a tiny untrained model for it: what the tests that need a real model use. */
public record ToyModel(LabTokenizer tokenizer, NDManager manager, MlmModel model) implements AutoCloseable {

    /** Trains a WordPiece vocabulary of {@code vocabSize} tokens on the toy corpus into {@code dir}. */
    public static void trainTokenizer(Path dir, int vocabSize) {
        TokenizerFiles.save(WordPieceTrainer.train(ToyCorpus.load().texts(), WordPieceTrainer.Config.defaults().withVocabSize(vocabSize)), dir);
    }

    /** One layer, 32 wide, 2 heads: seconds to train. */
    public static ModelConfig tiny(LabTokenizer tokenizer) {
        return new ModelConfig(tokenizer.vocabSize(), 32, 2, 1, Preset.MAX_LENGTH, 0, false);
    }

    /** A tokenizer of {@code vocabSize} tokens in {@code dir}, and a tiny model for it drawn from {@code seed}. */
    public static ToyModel create(Path dir, int vocabSize, long seed) {
        trainTokenizer(dir, vocabSize);
        LabTokenizer tokenizer = LabTokenizer.load(dir, Preset.MAX_LENGTH);
        NDManager manager = NDManager.newBaseManager(Lab.device());
        return new ToyModel(tokenizer, manager, ModelFactory.create(tiny(tokenizer), manager, seed));
    }

    @Override
    public void close() {
        manager.close();
        tokenizer.close();
    }
}
