package org.mlmlab.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.mlmlab.AtomicWrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a trained vocabulary as HuggingFace's {@code tokenizer.json} (BertNormalizer,
 * BertPreTokenizer, WordPiece model and decoder, the special tokens as added tokens) and BERT's
 * {@code vocab.txt} (one token a line, line number = id). The folder is replaced as one unit (written
 * beside, then swapped in), so a failed save never leaves a half-written tokenizer, or a new
 * {@code tokenizer.json} beside an old {@code vocab.txt}, in place of a good one.
 */
public final class TokenizerFiles {
    public static final String JSON = "tokenizer.json";
    public static final String VOCAB = "vocab.txt";
    /** Words longer than this become one [UNK], as in BERT. */
    static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private TokenizerFiles() {
    }

    public static void save(WordPieceTrainer.Result result, Path dir) {
        String json = toJson(result);
        refuseOtherFiles(dir);
        try {
            AtomicWrite.replaceFolder(dir, folder -> {
                Files.writeString(folder.resolve(JSON), json);
                Files.writeString(folder.resolve(VOCAB), String.join("\n", result.tokens()) + "\n");
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the tokenizer into " + dir + " (" + e.getMessage()
                    + "); the tokenizer that was there, if any, is unchanged. Free some disk space and train it again.", e);
        }
    }

    /** The save replaces the whole folder: one that holds anything but a tokenizer is not ours to replace. */
    private static void refuseOtherFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new TokenizerException(dir + " is a file, not a folder: name a folder for the tokenizer (it is made if missing).");
            }
            return;
        }
        try (var entries = Files.list(dir)) {
            List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(JSON) && !name.equals(VOCAB)).sorted().toList();
            if (!others.isEmpty()) {
                throw new TokenizerException(dir + " holds other files (" + String.join(", ", others.subList(0, Math.min(3, others.size())))
                        + (others.size() > 3 ? ", ..." : "") + "), which saving a tokenizer there would delete: name a new or empty folder.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The tokenizer.json text for a trained vocabulary. */
    public static String toJson(WordPieceTrainer.Result result) {
        WordPieceTrainer.Config config = result.config();
        List<String> tokens = result.tokens();
        String unk = config.specialTokens().contains("[UNK]") ? "[UNK]" : null;
        if (unk == null) {
            throw new TokenizerException("WordPiece needs an [UNK] special token for words it cannot split");
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (String special : config.specialTokens()) {
            JsonObject t = new JsonObject();
            t.addProperty("id", tokens.indexOf(special));
            t.addProperty("content", special);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        root.add("added_tokens", added);

        BertNormalizer n = config.normalizer();
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", n.cleanText());
        normalizer.addProperty("handle_chinese_chars", n.handleChineseChars());
        normalizer.addProperty("strip_accents", n.stripAccents());
        normalizer.addProperty("lowercase", n.lowercase());
        root.add("normalizer", normalizer);

        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "BertPreTokenizer");
        root.add("pre_tokenizer", preTokenizer);
        root.add("post_processor", JsonNull.INSTANCE);

        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", config.prefix());
        decoder.addProperty("cleanup", true);
        root.add("decoder", decoder);

        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", unk);
        model.addProperty("continuing_subword_prefix", config.prefix());
        model.addProperty("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.addProperty(tokens.get(id), id);
        }
        model.add("vocab", vocab);
        root.add("model", model);
        return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(root);
    }
}
