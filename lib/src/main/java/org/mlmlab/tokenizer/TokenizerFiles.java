package org.mlmlab.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.mlmlab.AtomicWrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a trained vocabulary as HuggingFace's {@code tokenizer.json} (BertNormalizer,
 * BertPreTokenizer, WordPiece model and decoder, the special tokens as added tokens) and BERT's
 * {@code vocab.txt} (one token a line, line number = id). Both are written atomically, so a
 * failed save never leaves a half-written tokenizer in place of a good one.
 */
public final class TokenizerFiles {
    public static final String JSON = "tokenizer.json";
    public static final String VOCAB = "vocab.txt";
    /** Words longer than this become one [UNK], as in BERT. */
    static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private TokenizerFiles() {
    }

    public static void save(WordPieceTrainer.Result result, Path dir) {
        try {
            AtomicWrite.writeString(dir.resolve(JSON), toJson(result));
            AtomicWrite.writeString(dir.resolve(VOCAB), String.join("\n", result.tokens()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the tokenizer into " + dir + ": " + e.getMessage(), e);
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
