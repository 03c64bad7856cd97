package org.mlmlab.prediction;

import org.mlmlab.Exercise;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import org.mlmlab.Preset;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.MlmModel;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.TrainedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Asks a trained model to fill in hidden words.
 * <ul>
 *   <li>{@link #predictMask(String)}: hides one random word of the sentence and predicts it; if the
 *       text already contains [MASK] (once or several times), fills those in instead;</li>
 *   <li>{@link #predictMask(String, String)}: hides the word you name;</li>
 *   <li>{@link #predictMasks(List)}: many sentences in one batch.</li>
 * </ul>
 * A word the tokenizer splits into pieces is hidden whole (every piece becomes [MASK]) and predicted
 * as one word, piece by piece (see {@link #wholeWords}); its candidates are whole words.
 */
public final class MaskPredictor {
    /** Candidates kept for each masked position. */
    public static final int TOP_K = 5;

    private final MlmModel model;
    private final LabTokenizer tokenizer;
    private final Vocabulary vocab;
    private final NDManager manager;
    private final SplittableRandom random;
    /** 0 for ordinary tokens, a large negative number for [PAD], [MASK], [UNK]...: never an answer. */
    private final float[] specialPenalty;
    /** The same, and for "##" pieces and punctuation too: what may begin a word in pieces. */
    private final float[] wordStartPenalty;
    /** The same, and for every token but the "##" pieces: what may continue a word. */
    private final float[] continuationPenalty;

    public MaskPredictor(MlmModel model, LabTokenizer tokenizer, NDManager manager, long seed) {
        if (model.config().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("The model has " + model.config().vocabSize() + " tokens, the tokenizer "
                    + tokenizer.vocabSize() + ": load the tokenizer the model was trained with.");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocab = Vocabulary.of(tokenizer);
        this.manager = manager;
        this.random = new SplittableRandom(seed);
        this.specialPenalty = new float[vocab.size()];
        this.wordStartPenalty = new float[vocab.size()];
        this.continuationPenalty = new float[vocab.size()];
        for (int i = 0; i < specialPenalty.length; i++) {
            specialPenalty[i] = vocab.special()[i] ? -1e9f : 0f;
            // punctuation is a word of its own (BERT's pre-tokenizer splits it off): it never begins a word in pieces
            boolean wordStart = !vocab.special()[i] && !vocab.continuation()[i] && tokenizer.token(i).chars().anyMatch(Character::isLetterOrDigit);
            wordStartPenalty[i] = wordStart ? 0f : -1e9f;
            continuationPenalty[i] = vocab.special()[i] || !vocab.continuation()[i] ? -1e9f : 0f;
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

    /**
     * A sentence ready for the model: the sequence with its hidden words behind [MASK], those
     * words' positions in order, and whether the text came with its own [MASK]s.
     */
    /** [MASK] in any case, e.g. [mask] or [Mask]. */
    private static final java.util.regex.Pattern ANY_CASE_MASK = java.util.regex.Pattern.compile("(?i)\\[mask\\]");

    private record Prepared(MaskedSequence sequence, List<int[]> words, boolean givenMasks) {
    }

    private Prepared prepare(String text, String word) {
        // [mask] in any case is a blank: the uncased tokenizer would read it as three ordinary tokens.
        text = text == null ? "" : ANY_CASE_MASK.matcher(text).replaceAll("[MASK]");
        LabTokenizer.Encoded e = tokenizer.encode(text);
        if (e.length() == 0) {
            throw new IllegalArgumentException("Nothing to predict: the text is empty. Give a sentence, e.g. \"hello! how are you?\"");
        }
        if (e.truncated()) {
            throw new IllegalArgumentException("The text is longer than the model's " + tokenizer.maxLength()
                    + " tokens. Shorten it, or split it into sentences and predict them as a batch.");
        }
        int[] ids = e.intIds();
        int[] given = IntStream.range(0, ids.length).filter(i -> ids[i] == vocab.maskId()).toArray();
        if (given.length > 0) {
            if (word != null) {
                throw new IllegalArgumentException("The text already has [MASK]; name a word to hide only in a text without [MASK].");
            }
            return new Prepared(MaskedSequence.hiding(ids, given, vocab.maskId()),
                    Arrays.stream(given).mapToObj(i -> new int[] {i}).toList(), true);
        }
        List<int[]> words = vocab.words(ids);
        int[] chosen = word != null ? find(words, e.tokens(), word, text) : choose(words, e.tokens(), text);
        return new Prepared(MaskedSequence.hiding(ids, chosen, vocab.maskId()), List.of(chosen), false);
    }

    private int[] find(List<int[]> words, String[] tokens, String word, String text) {
        String wanted = String.join("", Arrays.stream(tokenizer.encode(word).tokens()).map(MaskPredictor::piece).toList());
        for (int[] w : words) {
            if (join(tokens, w).equals(wanted)) {
                return w;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not a word of \"" + text + "\". Its words are: "
                + String.join(", ", words.stream().map(w -> join(tokens, w)).toList()));
    }

    private int[] choose(List<int[]> words, String[] tokens, String text) {
        List<int[]> candidates = words.stream().filter(w -> join(tokens, w).chars().anyMatch(Character::isLetterOrDigit)).toList();
        if (candidates.isEmpty()) {
            // A special token other than [MASK] and [PAD] in the text is the unknown-word token: words the vocabulary cannot spell.
            boolean unknownWords = Arrays.stream(tokens).mapToInt(tokenizer::id)
                    .anyMatch(id -> id >= 0 && vocab.special()[id] && id != vocab.maskId() && id != vocab.padId());
            if (unknownWords) {
                throw new IllegalArgumentException("\"" + text + "\" has no word this tokenizer knows: its words are [UNK] (the vocabulary, "
                        + "learned from the training corpus, has none of their characters). Give a sentence in the corpus's language.");
            }
            throw new IllegalArgumentException("\"" + text + "\" has no word to hide (only punctuation). Give a sentence with words.");
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /**
     * The model's raw scores (logits, before any special token is left out) for the one [MASK] of
     * {@code text}: V of them. Lesson 6's check derives the probabilities it expects from these.
     */
    public float[] scores(String text) {
        Exercise.PREDICTION.refuseDuringItsCheck("MaskPredictor.scores");
        Prepared p = prepare(text, null);
        if (!p.givenMasks() || p.words().size() != 1) {
            throw new IllegalArgumentException("scores() needs a text with exactly one [MASK]: \"" + text + "\"");
        }
        try (NDScope ignored = new NDScope();
             Batch batch = Batch.of(List.of(p.sequence()), BatchLayout.longest(tokenizer.maxLength()), vocab.padId(), manager)) {
            return hiddenLogits(batch).toFloatArray();
        }
    }

    /** The logits (K, V) at the K hidden positions of the batch, row by row, left to right. */
    private NDArray hiddenLogits(Batch batch) {
        return model.forward(new ParameterStore(manager, false), new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), false).head();
    }

    private List<Prediction> predict(List<Prepared> sentences) {
        Exercise.PREDICTION.refuseDuringItsCheck("MaskPredictor");
        List<MaskedSequence> sequences = sentences.stream().map(Prepared::sequence).toList();
        float[] probabilities;
        long[] top;
        int k = Math.min(TOP_K, vocab.size());
        try (NDScope ignored = new NDScope();
             Batch batch = Batch.of(sequences, BatchLayout.longest(tokenizer.maxLength()), vocab.padId(), manager)) {
            // Hidden positions come out row by row, left to right: the order of the sentences' words.
            NDList best = hiddenLogits(batch).add(manager.create(specialPenalty)).softmax(-1).topK(k, 1);
            probabilities = best.get(0).toFloatArray();
            top = best.get(1).toLongArray();
        }
        List<Prediction> out = new ArrayList<>();
        int row = 0;
        for (Prepared s : sentences) {
            long[] modelIds = toLongs(s.sequence().input());
            List<MaskedWord> words = new ArrayList<>();
            for (int[] word : s.words()) {
                List<Candidate> candidates = new ArrayList<>();
                if (word.length == 1) {   // one blank: the batch's top tokens are the candidates
                    for (int r = 0; r < k; r++) {
                        candidates.add(new Candidate(piece(tokenizer.token((int) top[row * k + r])), probabilities[row * k + r]));
                    }
                    modelIds[word[0]] = top[row * k];
                } else {                  // a word in pieces: filled as one word, piece by piece
                    WholeWord best = null;
                    for (WholeWord w : wholeWords(s.sequence().input(), word, k)) {
                        candidates.add(new Candidate(w.word(), w.probability()));
                        best = best == null ? w : best;
                    }
                    for (int i = 0; i < word.length; i++) {
                        modelIds[word[i]] = best.ids()[i];
                    }
                }
                row += word.length;
                String actual = s.givenMasks() ? null : join(tokensOf(s.sequence().original()), word);
                words.add(new MaskedWord(word[0], actual, candidates.get(0).token(), word.length, candidates));
            }
            out.add(new Prediction(s.givenMasks() ? null : tokenizer.decode(toLongs(s.sequence().original())),
                    tokenizer.decodeWithSpecials(toLongs(s.sequence().input())), tokenizer.decode(modelIds), words));
        }
        return out;
    }

    /** A whole word the model proposes for a hidden word in pieces: its piece ids in order, the word, its probability. */
    private record WholeWord(int[] ids, String word, double probability) {
    }

    /**
     * The {@code k} best whole words for the hidden word at {@code positions} of {@code input}. Pieces
     * predicted independently make non-words ("thes"), so the word is filled one piece at a time: the
     * piece the model is surest of first, then the model runs again with it in place, and so on. Only
     * pieces that make one word are allowed: a word-initial token (with a letter or digit) first, "##" pieces after it. The k
     * candidates start from the k best tokens at the surest position; a word's probability is the
     * product of its pieces' probabilities as they were chosen. Best first, each word once.
     */
    private List<WholeWord> wholeWords(int[] input, int[] positions, int k) {
        float[][] first = pieceProbabilities(input, positions, new boolean[positions.length]);
        int surest = surest(first, new boolean[positions.length]);
        Integer[] order = IntStream.range(0, first[surest].length).boxed()
                .sorted((a, b) -> Float.compare(first[surest][b], first[surest][a])).limit(k).toArray(Integer[]::new);
        Map<String, WholeWord> words = new LinkedHashMap<>();
        for (int start : order) {
            int[] filled = input.clone();
            boolean[] done = new boolean[positions.length];
            filled[positions[surest]] = start;
            done[surest] = true;
            double probability = first[surest][start];
            for (int step = 1; step < positions.length; step++) {
                float[][] p = pieceProbabilities(filled, positions, done);
                int next = surest(p, done);
                int id = argMax(p[next]);
                filled[positions[next]] = id;
                done[next] = true;
                probability *= p[next][id];
            }
            int[] ids = Arrays.stream(positions).map(q -> filled[q]).toArray();
            String word = joinPieces(Arrays.stream(ids).mapToObj(tokenizer::token).toArray(String[]::new));
            words.merge(word, new WholeWord(ids, word, probability), (a, b) -> a.probability() >= b.probability() ? a : b);
        }
        return words.values().stream().sorted((a, b) -> Double.compare(b.probability(), a.probability())).toList();
    }

    /**
     * The probabilities at each of the word's positions (all V, 0 where a token cannot stand there), the
     * positions not yet {@code done} behind [MASK]; rows of filled positions are not used.
     */
    private float[][] pieceProbabilities(int[] input, int[] positions, boolean[] done) {
        int[] open = IntStream.range(0, positions.length).filter(i -> !done[i]).map(i -> positions[i]).toArray();
        float[][] out = new float[positions.length][];
        try (NDScope ignored = new NDScope();
             Batch batch = Batch.of(List.of(MaskedSequence.hiding(input, open, vocab.maskId())), BatchLayout.longest(tokenizer.maxLength()),
                     vocab.padId(), manager)) {
            NDArray logits = hiddenLogits(batch);   // (open, V), in position order
            int row = 0;
            for (int i = 0; i < positions.length; i++) {
                if (done[i]) {
                    continue;
                }
                float[] penalty = i == 0 ? wordStartPenalty : continuationPenalty;
                out[i] = logits.get(row++).add(manager.create(penalty)).softmax(-1).toFloatArray();
            }
        }
        return out;
    }

    /** The open position whose best piece is the most probable. */
    private static int surest(float[][] probabilities, boolean[] done) {
        int best = -1;
        float bestP = -1;
        for (int i = 0; i < probabilities.length; i++) {
            if (!done[i]) {
                float p = probabilities[i][argMax(probabilities[i])];
                if (p > bestP) {
                    bestP = p;
                    best = i;
                }
            }
        }
        return best;
    }

    private static int argMax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            best = x[i] > x[best] ? i : best;
        }
        return best;
    }

    private static long[] toLongs(int[] ids) {
        return Arrays.stream(ids).asLongStream().toArray();
    }

    private String[] tokensOf(int[] ids) {
        return Arrays.stream(ids).mapToObj(tokenizer::token).toArray(String[]::new);
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
