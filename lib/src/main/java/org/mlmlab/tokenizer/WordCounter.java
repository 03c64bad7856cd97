package org.mlmlab.tokenizer;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Counts the words a trainer learns from: normalize, pre-tokenize, count. This is most of a
 * training run's time, so it runs on all cores (each chunk of texts counts on its own, then the
 * counts are added) and ASCII texts, nearly all of an English corpus, take a one-pass path that
 * normalizes and splits at once into a table keyed by the word's characters, so that a word seen
 * before costs no allocation. Both paths give exactly the counts of {@link BertNormalizer#normalize}
 * followed by {@link BertPreTokenizer#split}.
 */
final class WordCounter {

    private WordCounter() {
    }

    static Object2IntOpenHashMap<String> count(List<String> texts, BertNormalizer normalizer) {
        int chunks = Math.max(1, Math.min(texts.size() / 1000 + 1, Runtime.getRuntime().availableProcessors() * 4));
        WordTable all = IntStream.range(0, chunks).parallel().mapToObj(c -> {
            WordTable table = new WordTable();
            int from = (int) ((long) texts.size() * c / chunks);
            int to = (int) ((long) texts.size() * (c + 1) / chunks);
            for (String text : texts.subList(from, to)) {
                if (BertNormalizer.isAscii(text)) {
                    countAscii(text, normalizer, table);
                } else {
                    BertPreTokenizer.split(normalizer.normalize(text), table::add);
                }
            }
            return table;
        }).reduce(WordTable::addAll).orElseThrow();
        return all.toMap();
    }

    /** Normalize and split an ASCII text in one pass. */
    private static void countAscii(String text, BertNormalizer normalizer, WordTable table) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // clean_text tests "control" before "whitespace": tab, LF and CR become spaces, but VT
            // and FF (whitespace to the pre-tokenizer) are deleted like other control characters.
            boolean control = (c < 32 && c != '\t' && c != '\n' && c != '\r') || c == 127;
            if (control && normalizer.cleanText()) {
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 11 || c == 12) { // whitespace ends a word
                table.endWord();
            } else if (control) {                            // kept when the text is not cleaned
                table.append(c);
            } else if (BertPreTokenizer.isPunctuation(c)) {  // punctuation is a word of its own
                table.endWord();
                table.append(c);
                table.endWord();
            } else {
                table.append(normalizer.lowercase() && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
        }
        table.endWord();
    }

    /**
     * Words and their counts in an open-addressing hash table whose keys are char arrays. The
     * word being read is built in {@code word} with its hash; {@link #endWord} counts it and
     * copies its characters only the first time it is seen.
     */
    static final class WordTable {
        private char[][] keys = new char[1 << 12][];
        private int[] hashes = new int[1 << 12];
        private int[] counts = new int[1 << 12];
        private int size;
        private char[] word = new char[64];
        private int length;
        private int hash;

        void append(char c) {
            if (length == word.length) {
                word = Arrays.copyOf(word, length * 2);
            }
            word[length++] = c;
            hash = 31 * hash + c;
        }

        /** Counts the word read so far, if any, and starts a new one. */
        void endWord() {
            if (length > 0) {
                add(word, length, hash, 1);
                length = 0;
                hash = 0;
            }
        }

        void add(String w) {
            for (int i = 0; i < w.length(); i++) {
                append(w.charAt(i));
            }
            endWord();
        }

        private void add(char[] chars, int n, int h, int count) {
            int mask = keys.length - 1;
            for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
                char[] key = keys[slot];
                if (key == null) {
                    keys[slot] = Arrays.copyOf(chars, n);
                    hashes[slot] = h;
                    counts[slot] = count;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return;
                }
                if (hashes[slot] == h && Arrays.equals(key, 0, key.length, chars, 0, n)) {
                    counts[slot] += count;
                    return;
                }
            }
        }

        /** Fibonacci hashing spreads String-style hashes (31 * h + c) over the table's low bits. */
        private static int mix(int h) {
            return (h * 0x9E3779B9) >>> 7;
        }

        private void grow() {
            char[][] oldKeys = keys;
            int[] oldHashes = hashes;
            int[] oldCounts = counts;
            keys = new char[oldKeys.length * 2][];
            hashes = new int[keys.length];
            counts = new int[keys.length];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    add(oldKeys[i], oldKeys[i].length, oldHashes[i], oldCounts[i]);
                }
            }
        }

        WordTable addAll(WordTable other) {
            WordTable big = size >= other.size ? this : other;
            WordTable small = big == this ? other : this;
            for (int i = 0; i < small.keys.length; i++) {
                if (small.keys[i] != null) {
                    big.add(small.keys[i], small.keys[i].length, small.hashes[i], small.counts[i]);
                }
            }
            return big;
        }

        Object2IntOpenHashMap<String> toMap() {
            Object2IntOpenHashMap<String> map = new Object2IntOpenHashMap<>(size);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    map.put(new String(keys[i]), counts[i]);
                }
            }
            return map;
        }
    }
}
