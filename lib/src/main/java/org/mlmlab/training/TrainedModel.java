package org.mlmlab.training;

import ai.djl.ndarray.NDManager;
import org.mlmlab.Lab;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelFiles;
import org.mlmlab.tokenizer.LabTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A saved model with the tokenizer it was trained with, ready for evaluation or prediction.
 * Close it to free the model's native memory.
 */
public record TrainedModel(MlmModel model, LabTokenizer tokenizer, NDManager manager, Path checkpoint) implements AutoCloseable {

    /**
     * Loads the checkpoint at {@code path} (a checkpoint folder, or a run folder: its latest
     * checkpoint). {@code tokenizerDir} null: the tokenizer recorded in the checkpoint. A tokenizer
     * other than the one the model was trained with is refused.
     */
    public static TrainedModel load(Path path, Path tokenizerDir) {
        return load(path, tokenizerDir, Checkpoints::resolve);
    }

    /**
     * A run being trained prunes its older checkpoints: the one {@code resolve} picked can vanish
     * while it is read. Then the newest complete one is picked again (a checkpoint named directly is
     * read as it is).
     */
    static TrainedModel load(Path path, Path tokenizerDir, java.util.function.UnaryOperator<Path> resolve) {
        for (int attempt = 1; ; attempt++) {
            Path checkpoint = resolve.apply(path);
            try {
                return loadCheckpoint(checkpoint, tokenizerDir);
            } catch (RuntimeException e) {
                if (attempt >= 5 || checkpoint.equals(path) || Files.isRegularFile(checkpoint.resolve(ModelFiles.CONFIG))) {
                    throw e;
                }
            }
        }
    }

    private static TrainedModel loadCheckpoint(Path checkpoint, Path tokenizerDir) {
        ModelFiles.Description description = ModelFiles.describe(checkpoint);
        Path tokenizerPath = tokenizerDir != null ? tokenizerDir : description.tokenizerFolder(checkpoint);
        LabTokenizer tokenizer = LabTokenizer.load(tokenizerPath, description.config().maxLength());
        NDManager manager = NDManager.newBaseManager(Lab.device());
        try {
            return new TrainedModel(ModelFiles.load(checkpoint, tokenizer, manager), tokenizer, manager, checkpoint);
        } catch (IOException | RuntimeException e) {
            manager.close();
            tokenizer.close();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Cannot load the model in " + checkpoint + ": " + e.getMessage()
                    + ". Use another checkpoint, or train again.", e);
        }
    }

    @Override
    public void close() {
        manager.close();
        tokenizer.close();
    }
}
