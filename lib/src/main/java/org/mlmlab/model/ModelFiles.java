package org.mlmlab.model;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import org.mlmlab.AtomicWrite;
import org.mlmlab.FileError;
import org.mlmlab.Lab;
import org.mlmlab.SmallFile;
import org.mlmlab.tokenizer.LabTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A saved model: {@code model.json} (its config and the tokenizer it was trained with) and
 * {@code weights.npz} (see {@link WeightFile}). Loading checks that the tokenizer is the same one,
 * by the SHA-256 of its tokenizer.json: a model is meaningless with another vocabulary.
 */
public final class ModelFiles {
    public static final String CONFIG = "model.json";
    public static final String WEIGHTS = "weights.npz";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** What model.json holds. */
    public record Description(ModelConfig config, String tokenizerSha256, String tokenizerDirectory) {
        /**
         * The tokenizer's folder. It is stored relative to the checkpoint, so a project moved or copied
         * whole still finds it; checkpoints saved before stored it absolute, which resolves the same way.
         */
        public Path tokenizerFolder(Path checkpoint) {
            Path folder = checkpoint.toAbsolutePath().resolve(tokenizerDirectory).normalize();
            // Inside the project, or among the runs beside this one (checkpoint -> checkpoints -> run, then the
            // runs of its preset and the folder above them): a model.json naming a folder anywhere else is not the lab's.
            Path runs = checkpoint.toAbsolutePath().normalize();
            for (int up = 0; up < 4 && runs.getParent() != null; up++) {
                runs = runs.getParent();
            }
            if (!SmallFile.inside(folder, Lab.home()) && (runs == null || !SmallFile.inside(folder, runs))) {
                throw new IllegalArgumentException(checkpoint.resolve(CONFIG) + " names a tokenizer folder outside its runs and the project ("
                        + SmallFile.brief(tokenizerDirectory) + "). Name the tokenizer it was trained with: --tokenizer DIR.");
            }
            return folder;
        }
    }

    private ModelFiles() {
    }

    public static void save(MlmModel model, LabTokenizer tokenizer, Path dir) throws IOException {
        WeightFile.save(model, dir.resolve(WEIGHTS));
        Path tokenizerFolder = dir.toAbsolutePath().relativize(tokenizer.directory().toAbsolutePath().normalize());
        Description d = new Description(model.config(), tokenizer.fingerprint(), tokenizerFolder.toString());
        AtomicWrite.writeString(dir.resolve(CONFIG), GSON.toJson(d));
    }

    public static Description describe(Path dir) {
        try {
            JsonElement saved = JsonParser.parseString(SmallFile.read(dir.resolve(CONFIG)));
            if (saved.isJsonObject() && saved.getAsJsonObject().get("config") instanceof JsonObject config && !config.has("feedForwardRatio")) {
                config.addProperty("feedForwardRatio", ModelConfig.FEED_FORWARD_RATIO);   // saved before it was a setting
            }
            Description d = GSON.fromJson(saved, Description.class);
            if (d == null || d.config() == null || d.tokenizerSha256() == null || d.tokenizerDirectory() == null) {
                throw new JsonParseException("no config, tokenizer hash or tokenizer folder");
            }
            return d;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No model in " + dir.toAbsolutePath() + " (" + CONFIG
                    + " is missing). Train one first: lesson 5, or ./lab train --out " + dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(FileError.cannotRead(dir.resolve(CONFIG), e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(SmallFile.brief(e.getMessage()) + ". Use another checkpoint or train again.", e);
        } catch (RuntimeException e) {   // Gson's parse errors, and what ModelConfig's constructor refuses (a negative size...)
            Throwable reason = e.getCause() instanceof IllegalArgumentException refused ? refused : e;
            throw new IllegalArgumentException(dir.resolve(CONFIG) + " is corrupt (" + SmallFile.brief(reason.getMessage())
                    + "). Use another checkpoint or train again.", e);
        }
    }

    /** Loads the model saved in {@code dir}; refuses a tokenizer other than the one it was trained with. */
    public static MlmModel load(Path dir, LabTokenizer tokenizer, NDManager manager) throws IOException {
        Description d = describe(dir);
        requireSameTokenizer(d.tokenizerSha256(), d.tokenizerFolder(dir), tokenizer, dir);
        MlmModel model = ModelFactory.create(d.config(), manager, 0);
        WeightFile.load(model, dir.resolve(WEIGHTS), manager);
        return model;
    }

    static void requireSameTokenizer(String expected, Path trainedWith, LabTokenizer tokenizer, Path dir) {
        if (!expected.equals(tokenizer.fingerprint())) {
            if (trainedWith.equals(tokenizer.directory().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("The tokenizer in " + trainedWith + " has changed since the model in " + dir
                        + " was trained with it (it was trained again). Train the model again for this tokenizer, or restore "
                        + "the tokenizer the model learned.");
            }
            throw new IllegalArgumentException("The model in " + dir + " was trained with the tokenizer in " + trainedWith
                    + ", not with the one in " + tokenizer.directory() + " (their tokenizer.json differ). Load the "
                    + "tokenizer it was trained with, or train a model for this tokenizer.");
        }
    }
}
