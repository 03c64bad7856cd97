package org.mlmlab.prediction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.mlmlab.Preset;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.MlmModel;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.TrainedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Asks a trained model to fill in hidden words.
 * <ul>
 *   <li>{@link #predictMask(String)}: hides one random word of the sentence and predicts it; if the
 *       text already contains [MASK] (once or several times), fills those in instead;</li>
 *   <li>{@link #predictMask(String, String)}: hides the word you name;</li>
 *   <li>{@link #predictMasks(List)}: many sentences in one batch.</li>
 * </ul>
 * A word the tokenizer splits into pieces is hidden whole (every piece becomes [MASK]) and the
 * predicted pieces are joined back into a word.
 */
public final class MaskPredictor {
    /** Candidates kept for each masked position. */
    public static final int TOP_K = 5;

    private final MlmModel model;
    private final LabTokenizer tokenizer;
    private final NDManager manager;
    private final int maskId;
    private final int padId;
    private final SplittableRandom random;
    /** 0 for ordinary tokens, a large negative number for [PAD], [MASK], [UNK]...: never an answer. */
    private final float[] specialPenalty;

    public MaskPredictor(MlmModel model, LabTokenizer tokenizer, NDManager manager, long seed) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("The model has " + model.config().vocabSize() + " tokens, the tokenizer "
                    + tokenizer.vocabSize() + ": load the tokenizer the model was trained with.");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.manager = manager;
        this.maskId = tokenizer.id("[MASK]");
        this.padId = tokenizer.id("[PAD]");
        this.random = new SplittableRandom(seed);
        boolean[] special = Vocabulary.of(tokenizer).special();
        this.specialPenalty = new float[special.length];
        for (int i = 0; i < special.length; i++) {
            specialPenalty[i] = special[i] ? -1e9f : 0f;
        }
    }

    /** A predictor for a loaded checkpoint; the random words it hides follow the lab's seed. */
    public static MaskPredictor of(TrainedModel trained) {
        return new MaskPredictor(trained.model(), trained.tokenizer(), trained.manager(), Preset.RANDOM_SEED);
    }

    /** Predicts the hidden word(s) of {@code text}, prints the result in the seed's format, and returns it. */
    public Prediction predictMask(String text) {
        return printed(predict(List.of(prepare(text, null))).get(0));
    }

    /** Hides {@code word} in {@code text}, predicts it, prints the result in the seed's format, and returns it. */
    public Prediction predictMask(String text, String word) {
        return printed(predict(List.of(prepare(text, word))).get(0));
    }

    private static Prediction printed(Prediction p) {
        System.out.println(p);
        return p;
    }

    /** One prediction per text, computed in one batch. */
    public List<Prediction> predictMasks(List<String> texts) {
        List<Prepared> prepared = new ArrayList<>();
        for (String text : texts) {
            prepared.add(prepare(text, null));
        }
        return predict(prepared);
    }

    /** A sentence ready for the model: its ids, the ids with masks, and the hidden words' positions. */
    private record Prepared(long[] ids, long[] masked, List<int[]> words, boolean givenMasks) {
    }

    private Prepared prepare(String text, String word) {
        LabTokenizer.Encoded e = tokenizer.encode(text == null ? "" : text);
        if (e.length() == 0) {
            throw new IllegalArgumentException("Nothing to predict: the text is empty. Give a sentence, e.g. \"hello! how are you?\"");
        }
        if (e.truncated()) {
            throw new IllegalArgumentException("The text is longer than the model's " + tokenizer.maxLength()
                    + " tokens. Shorten it, or split it into sentences and predict them as a batch.");
        }
        long[] ids = e.ids();
        List<int[]> given = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == maskId) {
                given.add(new int[] {i});
            }
        }
        if (!given.isEmpty()) {
            if (word != null) {
                throw new IllegalArgumentException("The text already has [MASK]; name a word to hide only in a text without [MASK].");
            }
            return new Prepared(ids, ids.clone(), given, true);
        }
        List<int[]> words = words(e);
        int[] chosen = word != null ? find(words, e, word, text) : choose(words, e, text);
        long[] masked = ids.clone();
        for (int p : chosen) {
            masked[p] = maskId;
        }
        return new Prepared(ids, masked, List.of(chosen), false);
    }

    /** Token positions grouped by word (a word and its ## pieces). */
    private static List<int[]> words(LabTokenizer.Encoded e) {
        List<int[]> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= e.length(); i++) {
            if (i == e.length() || e.wordIds()[i] != e.wordIds()[start] || e.wordIds()[i] < 0) {
                int[] positions = new int[i - start];
                for (int j = 0; j < positions.length; j++) {
                    positions[j] = start + j;
                }
                words.add(positions);
                start = i;
            }
        }
        return words;
    }

    private int[] find(List<int[]> words, LabTokenizer.Encoded e, String word, String text) {
        String wanted = String.join("", Arrays.stream(tokenizer.encode(word).tokens()).map(MaskPredictor::piece).toList());
        for (int[] w : words) {
            if (join(e.tokens(), w).equals(wanted)) {
                return w;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not a word of \"" + text + "\". Its words are: "
                + String.join(", ", words.stream().map(w -> join(e.tokens(), w)).toList()));
    }

    private int[] choose(List<int[]> words, LabTokenizer.Encoded e, String text) {
        List<int[]> candidates = words.stream().filter(w -> join(e.tokens(), w).chars().anyMatch(Character::isLetterOrDigit)).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("\"" + text + "\" has no word to hide (only punctuation). Give a sentence with words.");
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private List<Prediction> predict(List<Prepared> sentences) {
        int rows = sentences.size();
        int width = sentences.stream().mapToInt(s -> s.ids().length).max().orElse(0);
        long[] ids = new long[rows * width];
        int[] segments = new int[rows * width];
        Arrays.fill(ids, padId);
        List<Long> positions = new ArrayList<>();
        for (int b = 0; b < rows; b++) {
            Prepared s = sentences.get(b);
            for (int t = 0; t < s.masked().length; t++) {
                ids[b * width + t] = s.masked()[t];
                segments[b * width + t] = 1;
            }
            for (int[] word : s.words()) {
                for (int p : word) {
                    positions.add((long) b * width + p);
                }
            }
        }
        float[] probabilities;
        long[] top;
        try (NDScope ignored = new NDScope()) {
            NDArray logits = model.forward(new ParameterStore(manager, false), new NDList(manager.create(ids, new Shape(rows, width)),
                    manager.create(segments, new Shape(rows, width)), manager.create(positions.stream().mapToLong(Long::longValue).toArray())),
                    false).head();
            NDList best = logits.add(manager.create(specialPenalty)).softmax(-1).topK(Math.min(TOP_K, tokenizer.vocabSize()), 1);
            probabilities = best.get(0).toFloatArray();
            top = best.get(1).toLongArray();
        }
        int k = top.length / positions.size();
        List<Prediction> out = new ArrayList<>();
        int row = 0;
        for (Prepared s : sentences) {
            long[] modelIds = s.masked().clone();
            List<MaskedWord> words = new ArrayList<>();
            for (int[] word : s.words()) {
                List<List<Candidate>> candidates = new ArrayList<>();
                String[] pieces = new String[word.length];
                for (int i = 0; i < word.length; i++, row++) {
                    List<Candidate> ranked = new ArrayList<>();
                    for (int r = 0; r < k; r++) {
                        ranked.add(new Candidate(tokenizer.token((int) top[row * k + r]), probabilities[row * k + r]));
                    }
                    candidates.add(ranked);
                    modelIds[word[i]] = top[row * k];
                    pieces[i] = ranked.get(0).token();
                }
                String actual = s.givenMasks() ? null : join(tokensOf(s.ids()), word);
                words.add(new MaskedWord(word[0], actual, joinPieces(pieces), candidates));
            }
            out.add(new Prediction(s.givenMasks() ? null : tokenizer.decode(s.ids()), tokenizer.decodeWithSpecials(s.masked()),
                    tokenizer.decode(modelIds), words));
        }
        return out;
    }

    private String[] tokensOf(long[] ids) {
        return Arrays.stream(ids).mapToObj(id -> tokenizer.token((int) id)).toArray(String[]::new);
    }

    private static String join(String[] tokens, int[] positions) {
        StringBuilder word = new StringBuilder();
        for (int p : positions) {
            word.append(piece(tokens[p]));
        }
        return word.toString();
    }

    /**
     * Pieces glued into a word: "play" + "##ing" = "playing". A predicted piece that is a word of
     * its own (no "##") is kept apart by a space: the model answered with several words.
     */
    static String joinPieces(String[] pieces) {
        StringBuilder word = new StringBuilder();
        for (String p : pieces) {
            if (word.length() > 0 && !p.startsWith("##")) {
                word.append(' ');
            }
            word.append(piece(p));
        }
        return word.toString();
    }

    private static String piece(String token) {
        return token.startsWith("##") ? token.substring(2) : token;
    }
}
