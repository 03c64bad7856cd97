package org.mlmlab.tokenizer;

import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Counts the words a trainer learns from: normalize, pre-tokenize, count. This is most of a
 * training run's time, so it runs on all cores (each chunk of texts counts on its own, then the
 * counts are added) and ASCII texts, nearly all of an English corpus, take a one-pass path that
 * normalizes and splits at once. Both paths give exactly the counts of
 * {@link BertNormalizer#normalize} followed by {@link BertPreTokenizer#split}.
 */
final class WordCounter {
    private static final String[] ASCII = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = String.valueOf(c);
        }
    }

    private WordCounter() {
    }

    static Object2IntOpenHashMap<String> count(List<String> texts, BertNormalizer normalizer) {
        int chunks = Math.max(1, Math.min(texts.size() / 1000 + 1, Runtime.getRuntime().availableProcessors() * 4));
        return IntStream.range(0, chunks).parallel().mapToObj(c -> {
            Object2IntOpenHashMap<String> counts = new Object2IntOpenHashMap<>();
            int from = (int) ((long) texts.size() * c / chunks);
            int to = (int) ((long) texts.size() * (c + 1) / chunks);
            char[] word = new char[64];
            for (String text : texts.subList(from, to)) {
                if (BertNormalizer.isAscii(text)) {
                    word = countAscii(text, normalizer, counts, word);
                } else {
                    BertPreTokenizer.split(normalizer.normalize(text), w -> counts.addTo(w, 1));
                }
            }
            return counts;
        }).reduce(WordCounter::add).orElseThrow();
    }

    /** Normalize and split an ASCII text in one pass; returns the (possibly grown) word buffer. */
    static char[] countAscii(String text, BertNormalizer normalizer, Object2IntOpenHashMap<String> counts, char[] word) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // clean_text tests "control" before "whitespace": tab, LF and CR become spaces, but VT
            // and FF (whitespace to the pre-tokenizer) are deleted like other control characters.
            boolean control = (c < 32 && c != '\t' && c != '\n' && c != '\r') || c == 127;
            if (control && normalizer.cleanText()) {
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 11 || c == 12) { // whitespace ends a word
                if (length > 0) {
                    counts.addTo(new String(word, 0, length), 1);
                    length = 0;
                }
            } else if (control) {                            // kept when the text is not cleaned
                word = append(word, length++, c);
            } else if (BertPreTokenizer.isPunctuation(c)) {  // punctuation is a word of its own
                if (length > 0) {
                    counts.addTo(new String(word, 0, length), 1);
                    length = 0;
                }
                counts.addTo(ASCII[c], 1);
            } else {
                word = append(word, length++, normalizer.lowercase() && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
        }
        if (length > 0) {
            counts.addTo(new String(word, 0, length), 1);
        }
        return word;
    }

    private static char[] append(char[] word, int at, char c) {
        char[] out = at < word.length ? word : java.util.Arrays.copyOf(word, word.length * 2);
        out[at] = c;
        return out;
    }

    private static Object2IntOpenHashMap<String> add(Object2IntOpenHashMap<String> a, Object2IntOpenHashMap<String> b) {
        Object2IntOpenHashMap<String> big = a.size() >= b.size() ? a : b;
        Object2IntOpenHashMap<String> small = big == a ? b : a;
        for (Object2IntMap.Entry<String> e : small.object2IntEntrySet()) {
            big.addTo(e.getKey(), e.getIntValue());
        }
        return big;
    }
}
