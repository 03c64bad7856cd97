package org.mlmlab.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.mlmlab.FileError;
import org.mlmlab.Lab;
import org.mlmlab.SmallFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained tokenizer, loaded from its tokenizer.json into DJL's HuggingFaceTokenizer: encoding
 * and decoding run in HuggingFace's Rust code, the same code Python users run. Texts are
 * truncated to {@code maxLength} tokens; no [CLS]/[SEP] are added (the seed's format).
 */
public final class LabTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final List<String> vocab;
    private final Map<String, Integer> ids;
    private final int maxLength;
    private final String fingerprint;
    private final Path dir;

    private LabTokenizer(Path dir, HuggingFaceTokenizer tokenizer, List<String> vocab, int maxLength, String fingerprint) {
        this.dir = dir;
        this.tokenizer = tokenizer;
        this.vocab = List.copyOf(vocab);
        this.ids = new java.util.HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        this.maxLength = maxLength;
        this.fingerprint = fingerprint;
    }

    /** Loads {@code dir/tokenizer.json}; texts longer than {@code maxLength} tokens are truncated. */
    public static LabTokenizer load(Path dir, int maxLength) {
        Lab.class.getName(); // sets DJL's offline default before DJL loads
        Path file = dir.resolve(TokenizerFiles.JSON);
        String json;
        try {
            json = SmallFile.read(file);
        } catch (NoSuchFileException e) {
            throw new TokenizerException("No tokenizer at " + file.toAbsolutePath()
                    + ". " + remake(dir));
        } catch (java.nio.file.AccessDeniedException e) {
            throw new TokenizerException(FileError.cannotRead(file, e), e);
        } catch (IOException e) {
            throw new TokenizerException(SmallFile.brief(e.getMessage()) + ". " + remake(dir), e);
        }
        List<String> vocab = vocabulary(file, json);
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(true)
                    .optMaxLength(maxLength)
                    .optPadding(false)
                    .build();
            return new LabTokenizer(dir, tokenizer, vocab, maxLength, sha256(json));
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(file + " is not a valid tokenizer (" + SmallFile.brief(e.getMessage())
                    + "). " + remake(dir), e);
        }
    }

    /**
     * How to make a tokenizer again. A lesson's tokenizer is the preset's (its vocabulary size, its corpus):
     * lesson 2 or {@code ./lab train} makes it when the folder is missing; {@code ./lab tokenizer train} with
     * its defaults would make a different one (30,000 tokens), so it is only the advice for one's own.
     */
    private static String remake(Path dir) {
        if (!SmallFile.inside(dir, Lab.dataDir()) && !SmallFile.inside(dir, Lab.runsDir())) {
            return "Name a tokenizer folder the lab made (--tokenizer DIR), or train one: ./lab tokenizer train --vocab-size N --out NEW_FOLDER";
        }
        return "For a lesson's tokenizer, delete " + dir + " and run lesson 2 again (./lab train also remakes it); "
                + "for one of your own: ./lab tokenizer train --vocab-size N --out " + dir;
    }

    /** The WordPiece vocabulary in id order, read from the file (a corrupt file fails here, clearly). */
    private static List<String> vocabulary(Path file, String json) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            requireBertParts(file, root);
            JsonObject model = root.getAsJsonObject("model");
            String type = model.has("type") ? model.get("type").getAsString() : "(no type)";
            if (!type.equals("WordPiece")) {
                // A BPE file would load and then mask single letters; a Unigram one fails deep inside.
                throw new TokenizerException(file + " is a " + type + " tokenizer; the lab's lessons need WordPiece, as BERT uses. "
                        + remake(file.getParent()));
            }
            JsonObject vocab = model.getAsJsonObject("vocab");
            String[] tokens = new String[vocab.size()];
            vocab.entrySet().forEach(e -> tokens[e.getValue().getAsInt()] = e.getKey());
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i] == null) {
                    throw new TokenizerException(file + ": the vocabulary has no token with id " + i);
                }
            }
            return List.of(tokens);
        } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException
                 | ArrayIndexOutOfBoundsException e) {
            throw new TokenizerException(file + " is corrupt or not a WordPiece tokenizer.json (" + SmallFile.brief(e.getMessage())
                    + "). " + remake(file.getParent()), e);
        }
    }

    /** The parts a BERT WordPiece tokenizer is made of; anything else in a tokenizer.json is refused before HuggingFace's code runs it. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "normalizer", Set.of("BertNormalizer", "Lowercase", "NFC", "NFD", "NFKC", "NFKD", "StripAccents", "Strip", "Sequence"),
            "pre_tokenizer", Set.of("BertPreTokenizer", "Whitespace", "WhitespaceSplit", "Punctuation", "Digits", "Sequence"),
            "decoder", Set.of("WordPiece"),
            "post_processor", Set.of("BertProcessing", "TemplateProcessing"));

    /**
     * A tokenizer.json may hold normalizers that run regular expressions (Replace) or scripts of
     * their own; a pathological one aborts the process inside HuggingFace's Rust code (in Jupyter, the
     * kernel dies). The lab's tokenizers use BERT's parts only, so only those are loaded.
     */
    private static void requireBertParts(Path file, JsonObject root) {
        for (Map.Entry<String, Set<String>> part : ALLOWED.entrySet()) {
            JsonElement element = root.get(part.getKey());
            if (element == null || element.isJsonNull()) {
                continue;
            }
            List<JsonElement> steps = new java.util.ArrayList<>(List.of(element));
            for (int i = 0; i < steps.size(); i++) {
                JsonObject step = steps.get(i).getAsJsonObject();
                String type = step.has("type") ? step.get("type").getAsString() : "(no type)";
                if (!part.getValue().contains(type)) {
                    throw new TokenizerException(file + " has a " + part.getKey() + " of type " + SmallFile.brief(type)
                            + ", which a BERT WordPiece tokenizer does not use; the lab loads only " + String.join(", ", new java.util.TreeSet<>(part.getValue()))
                            + ". " + remake(file.getParent()));
                }
                String key = part.getKey().equals("normalizer") ? "normalizers" : part.getKey().equals("pre_tokenizer") ? "pretokenizers" : null;
                if (type.equals("Sequence") && key != null && step.has(key)) {
                    step.getAsJsonArray(key).forEach(steps::add);
                }
            }
        }
    }

    /**
     * One text's tokens: ids, the token strings, and which word each token came from;
     * {@code truncated} when the text had more than maxLength tokens and lost its end.
     */
    public record Encoded(long[] ids, String[] tokens, long[] wordIds, boolean truncated) {
        public int length() {
            return ids.length;
        }

        /** The ids as ints, the form masking and batches use. */
        public int[] intIds() {
            return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
        }
    }

    public Encoded encode(String text) {
        Encoding e = tokenizer.encode(text);
        return new Encoded(e.getIds(), e.getTokens(), e.getWordIds(), e.exceedMaxLength());
    }

    /** Encodes many texts, handing them to the Rust tokenizer 1,000 at a time to bound its memory. */
    public List<Encoded> encode(List<String> texts) {
        List<Encoded> out = new java.util.ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += 1000) {
            for (Encoding e : tokenizer.batchEncode(texts.subList(from, Math.min(texts.size(), from + 1000)))) {
                out.add(new Encoded(e.getIds(), e.getTokens(), e.getWordIds(), e.exceedMaxLength()));
            }
        }
        return out;
    }

    /** Ids back to text: pieces joined, "##" continuations glued to their word. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** Like {@link #decode}, but special tokens such as [MASK] stay in the text. */
    public String decodeWithSpecials(long[] ids) {
        return tokenizer.decode(ids, false);
    }

    public int vocabSize() {
        return vocab.size();
    }

    public List<String> vocab() {
        return vocab;
    }

    public String token(int id) {
        return vocab.get(id);
    }

    /** The id of a token, e.g. "[MASK]"; an error naming the token when the vocabulary lacks it. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new TokenizerException("The tokenizer in " + dir + " has no token " + token);
        }
        return id;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public int maxLength() {
        return maxLength;
    }

    public Path directory() {
        return dir;
    }

    /** SHA-256 of tokenizer.json: checkpoints record it and refuse a different tokenizer. */
    public String fingerprint() {
        return fingerprint;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
