package org.mlmlab.tokenizer;

import org.mlmlab.Exercise;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.mlmlab.Preset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Learns a WordPiece vocabulary the way HuggingFace's trainer does: it is BPE by frequency.
 * <ol>
 *   <li>Normalize and pre-tokenize every text, and count the words.</li>
 *   <li>The alphabet: the {@code limitAlphabet} most frequent characters, in code-point order.</li>
 *   <li>Split each word into characters, marking every non-first one with {@code ##}.</li>
 *   <li>Repeatedly merge the most frequent adjacent pair of pieces into one new piece
 *       ({@code "t" + "##h" -> "th"}, {@code "##i" + "##ng" -> "##ing"}), until the vocabulary has
 *       {@code vocabSize} tokens or the best pair occurs fewer than {@code minFrequency} times.</li>
 * </ol>
 * Pair counts live in a max-heap that is updated lazily: a popped entry whose count is stale is
 * pushed back with the current count. Ties go to the pair with the smaller ids, and ids are
 * assigned in a fixed order, so the same corpus and settings always give the same vocabulary
 * (HuggingFace breaks ties by hash-map order, so its ids vary between runs).
 */
public final class WordPieceTrainer {

    /** No limit on the alphabet. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    /**
     * The trainer's settings. {@link #defaults()} follows the seed: [UNK], [PAD]=1, [MASK]=2,
     * uncased BERT normalization, and HuggingFace's BertWordPieceTokenizer defaults otherwise.
     */
    public record Config(int vocabSize, int minFrequency, int limitAlphabet, List<String> specialTokens,
                         BertNormalizer normalizer, String prefix) {
        public static final List<String> SEED_SPECIALS = List.of("[UNK]", "[PAD]", "[MASK]");
        public static final List<String> BERT_SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

        public Config {
            specialTokens = List.copyOf(specialTokens);
            if (vocabSize < 1) {
                throw new TokenizerException("vocabulary size must be positive, not " + vocabSize);
            }
            if (minFrequency < 0 || limitAlphabet < 1) {
                throw new TokenizerException("minFrequency must be >= 0 and limitAlphabet >= 1");
            }
            if (specialTokens.stream().distinct().count() != specialTokens.size()) {
                throw new TokenizerException("special tokens must be distinct: " + specialTokens);
            }
        }

        public static Config defaults() {
            return new Config(30_000, 2, 1000, SEED_SPECIALS, BertNormalizer.uncased(), "##");
        }

        /** Lesson 2's tokenizer: the defaults with the preset's vocabulary size. */
        public static Config of(Preset preset) {
            return defaults().withVocabSize(preset.vocabSize);
        }

        public Config withVocabSize(int size) {
            return new Config(size, minFrequency, limitAlphabet, specialTokens, normalizer, prefix);
        }

        public Config withMinFrequency(int min) {
            return new Config(vocabSize, min, limitAlphabet, specialTokens, normalizer, prefix);
        }

        public Config withLimitAlphabet(int limit) {
            return new Config(vocabSize, minFrequency, limit, specialTokens, normalizer, prefix);
        }

        public Config withSpecialTokens(List<String> specials) {
            return new Config(vocabSize, minFrequency, limitAlphabet, specials, normalizer, prefix);
        }
    }

    /** One merge: {@code left + right -> token}, and how many times the pair occurred then. */
    public record Merge(String left, String right, String token, int count) {
    }

    /** What training learned: the tokens in id order, the merges in order, and some counts. */
    public record Result(List<String> tokens, List<Merge> merges, Config config, int distinctWords,
                         long totalWords, int alphabetSize) {
        public Result {
            tokens = List.copyOf(tokens);
            merges = List.copyOf(merges);
        }
    }

    private WordPieceTrainer() {
    }

    public static Result train(List<String> texts, Config config) {
        Exercise.MERGES.refuseDuringItsCheck("WordPieceTrainer.train");
        Run run = new Run(countWords(texts, config), config);
        run.prepare();
        return run.train();
    }

    /**
     * Where the merge loop starts, exactly as {@link #train} sets it up: the vocabulary so far
     * (special tokens, the alphabet, the "##" pieces, in id order), every distinct word of the
     * texts (in sorted order) as piece ids, and how often each word occurs. Lesson 2 writes the
     * merge loop from here: the lists and arrays are fresh copies, free to change.
     */
    public record Start(List<String> vocab, List<int[]> words, int[] counts) {
    }

    public static Start start(List<String> texts, Config config) {
        Run run = new Run(countWords(texts, config), config);
        run.prepare();
        return run.start();
    }

    private static Object2IntOpenHashMap<String> countWords(List<String> texts, Config config) {
        Object2IntOpenHashMap<String> counts = WordCounter.count(texts, config.normalizer());
        if (counts.isEmpty()) {
            throw new TokenizerException("The corpus has no words to learn from (" + texts.size()
                    + " texts, all empty after normalization). Give the trainer real text.");
        }
        return counts;
    }

    /** One training run: the mutable state of the merge loop. */
    private static final class Run {
        private final Config config;
        private final String[] words;
        private final int[] wordCounts;
        private final int[][] symbols;
        private final int[] lengths;
        private final List<String> tokens = new ArrayList<>();
        private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
        private final Long2IntOpenHashMap pairCounts = new Long2IntOpenHashMap();
        private Long2ObjectOpenHashMap<IntArrayList> whereToUpdate = new Long2ObjectOpenHashMap<>();
        private long totalWords;
        private int alphabetSize;

        Run(Object2IntOpenHashMap<String> counts, Config config) {
            this.config = config;
            this.words = counts.keySet().toArray(new String[0]);
            Arrays.sort(words); // a fixed order: ids and ties never depend on hashing
            this.wordCounts = new int[words.length];
            for (int i = 0; i < words.length; i++) {
                wordCounts[i] = counts.getInt(words[i]);
                totalWords += wordCounts[i];
            }
            this.symbols = new int[words.length][];
            this.lengths = new int[words.length];
            ids.defaultReturnValue(-1);
        }

        /** The starting point: special tokens, the alphabet, and every word split into characters. */
        void prepare() {
            config.specialTokens().forEach(this::add);
            int[] alphabet = alphabet();
            alphabetSize = alphabet.length;
            int minimum = config.specialTokens().size() + alphabet.length;
            if (config.vocabSize() < minimum) {
                throw new TokenizerException("A vocabulary of " + config.vocabSize() + " tokens cannot hold the "
                        + config.specialTokens().size() + " special tokens plus the " + alphabet.length
                        + " characters of the alphabet. Use a vocabulary size of at least " + minimum
                        + " (a few thousand is typical), or a smaller alphabet limit.");
            }
            for (int cp : alphabet) {
                add(Character.toString(cp));
            }
            splitWords();
        }

        Start start() {
            List<int[]> pieces = new ArrayList<>(words.length);
            for (int w = 0; w < words.length; w++) {
                pieces.add(Arrays.copyOf(symbols[w], lengths[w]));
            }
            return new Start(new ArrayList<>(tokens), pieces, wordCounts.clone());
        }

        Result train() {
            countPairs();
            return new Result(tokens, mergeLoop(), config, words.length, totalWords, alphabetSize);
        }

        private int add(String token) {
            int id = ids.getInt(token);
            if (id < 0) {
                id = tokens.size();
                tokens.add(token);
                ids.put(token, id);
            }
            return id;
        }

        /** The most frequent characters (weighted by word counts), at most limitAlphabet, in code-point order. */
        private int[] alphabet() {
            Int2LongOpenHashMap charCounts = new Int2LongOpenHashMap();
            for (int w = 0; w < words.length; w++) {
                String word = words[w];
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    i += Character.charCount(cp);
                    charCounts.addTo(cp, wordCounts[w]);
                }
            }
            int[] chars = charCounts.keySet().toIntArray();
            if (chars.length > config.limitAlphabet()) {
                chars = Arrays.stream(chars).boxed()
                        .sorted(Comparator.comparingLong((Integer cp) -> -charCounts.get((int) cp)).thenComparing(cp -> cp))
                        .limit(config.limitAlphabet()).mapToInt(Integer::intValue).toArray();
            }
            Arrays.sort(chars);
            return chars;
        }

        /**
         * Words as piece ids: "the" -> t ##h ##e. Characters not in the vocabulary (outside the
         * alphabet) are left out, as HuggingFace does. A "##" piece gets its id the first time it
         * is needed, in word order. Both lookups are cached by code point.
         */
        private void splitWords() {
            Int2IntOpenHashMap first = new Int2IntOpenHashMap();      // code point -> id of "c", -1: none
            Int2IntOpenHashMap following = new Int2IntOpenHashMap();  // code point -> id of "##c"
            first.defaultReturnValue(-2);
            following.defaultReturnValue(-1);
            IntArrayList pieces = new IntArrayList();
            for (int w = 0; w < words.length; w++) {
                String word = words[w];
                pieces.clear();
                for (int i = 0; i < word.length(); ) {
                    int cp = word.codePointAt(i);
                    int id = first.get(cp);
                    if (id == -2) {
                        first.put(cp, id = ids.getInt(Character.toString(cp)));
                    }
                    if (id >= 0 && i > 0) {
                        id = following.get(cp);
                        if (id < 0) {
                            following.put(cp, id = add(config.prefix() + Character.toString(cp)));
                        }
                    }
                    if (id >= 0) {
                        pieces.add(id);
                    }
                    i += Character.charCount(cp);
                }
                symbols[w] = pieces.toIntArray();
                lengths[w] = symbols[w].length;
            }
        }

        private void countPairs() {
            for (int w = 0; w < words.length; w++) {
                int[] s = symbols[w];
                for (int i = 0; i + 1 < lengths[w]; i++) {
                    change(pair(s[i], s[i + 1]), wordCounts[w], w);
                }
            }
        }

        private List<Merge> mergeLoop() {
            PriorityQueue<Candidate> queue = new PriorityQueue<>();
            pushUpdated(queue);
            List<Merge> merges = new ArrayList<>();
            while (tokens.size() < config.vocabSize() && !queue.isEmpty()) {
                Candidate top = queue.poll();
                int current = pairCounts.get(top.pair);
                if (top.count != current) {
                    top.count = current; // stale: its words changed since it was pushed
                    queue.add(top);
                    continue;
                }
                if (top.count < 1 || top.count < config.minFrequency()) {
                    break;
                }
                int left = (int) (top.pair >>> 32);
                int right = (int) top.pair;
                String rightPiece = tokens.get(right);
                String token = tokens.get(left) + (rightPiece.startsWith(config.prefix())
                        ? rightPiece.substring(config.prefix().length()) : rightPiece);
                int id = add(token);
                merges.add(new Merge(tokens.get(left), rightPiece, token, top.count));
                for (int w : top.words) {
                    merge(w, left, right, id);
                }
                pushUpdated(queue);
            }
            return merges;
        }

        /** Replaces every left,right in word w by id, updating the counts of the neighbouring pairs. */
        private void merge(int w, int left, int right, int id) {
            int[] s = symbols[w];
            int n = lengths[w];
            int count = wordCounts[w];
            for (int i = 0; i < n; i++) {
                if (s[i] == left && i + 1 < n && s[i + 1] == right) {
                    if (i > 0) {
                        change(pair(s[i - 1], left), -count, w);
                        change(pair(s[i - 1], id), count, w);
                    }
                    s[i] = id;
                    System.arraycopy(s, i + 2, s, i + 1, n - i - 2);
                    n--;
                    if (i < n - 1) {
                        change(pair(right, s[i + 1]), -count, w);
                        change(pair(id, s[i + 1]), count, w);
                    }
                }
            }
            lengths[w] = n;
        }

        private void change(long pair, int delta, int word) {
            pairCounts.addTo(pair, delta);
            if (delta > 0) {
                IntArrayList where = whereToUpdate.get(pair);
                if (where == null) {
                    whereToUpdate.put(pair, where = new IntArrayList(2));
                }
                if (where.isEmpty() || where.getInt(where.size() - 1) != word) {
                    where.add(word);
                }
            }
        }

        /** Pushes every pair that gained occurrences since the last push, with its current count. */
        private void pushUpdated(PriorityQueue<Candidate> queue) {
            for (Long2ObjectOpenHashMap.Entry<IntArrayList> e : whereToUpdate.long2ObjectEntrySet()) {
                int count = pairCounts.get(e.getLongKey());
                if (count > 0) {
                    queue.add(new Candidate(e.getLongKey(), count, e.getValue().toIntArray()));
                }
            }
            whereToUpdate = new Long2ObjectOpenHashMap<>();
        }

        private static long pair(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }
    }

    /** A pair, its count when pushed, and the words that may contain it. Highest count first, then smallest pair. */
    private static final class Candidate implements Comparable<Candidate> {
        final long pair;
        int count;
        final int[] words;

        Candidate(long pair, int count, int[] words) {
            this.pair = pair;
            this.count = count;
            this.words = words;
        }

        @Override
        public int compareTo(Candidate o) {
            return count != o.count ? Integer.compare(o.count, count) : Long.compare(pair, o.pair);
        }
    }
}
