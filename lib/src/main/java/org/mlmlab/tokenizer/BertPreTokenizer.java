package org.mlmlab.tokenizer;

import java.util.function.Consumer;

/**
 * HuggingFace's BertPreTokenizer: split on whitespace (dropped), and make every punctuation
 * character a word of its own. "hello! how are you?" gives hello, !, how, are, you, ?.
 */
public final class BertPreTokenizer {
    private BertPreTokenizer() {
    }

    /** Calls {@code word} for each word of {@code text}, in order. */
    public static void split(String text, Consumer<String> word) {
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (BertNormalizer.isWhitespace(cp)) {
                if (start >= 0) {
                    word.accept(text.substring(start, i));
                    start = -1;
                }
            } else if (isPunctuation(cp)) {
                if (start >= 0) {
                    word.accept(text.substring(start, i));
                    start = -1;
                }
                word.accept(text.substring(i, next));
            } else if (start < 0) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            word.accept(text.substring(start));
        }
    }

    public static java.util.List<String> split(String text) {
        java.util.List<String> words = new java.util.ArrayList<>();
        split(text, words::add);
        return words;
    }

    /** ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) or a Unicode P* character. */
    static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
