package org.mlmlab.corpus;

import org.mlmlab.Exercise;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tidies raw texts before anything learns from them: control characters out, runs of whitespace
 * collapsed to one space, ends trimmed, empty texts and exact duplicates dropped (a duplicate
 * sentence would otherwise be seen twice per epoch and could land in both train and validation).
 */
public final class TextCleaner {
    private TextCleaner() {
    }

    /** The cleaned texts and what was removed, so the lesson can show it. */
    public record Result(List<String> texts, int input, int emptyDropped, int duplicatesDropped, int textsChanged) {
    }

    public static Result clean(List<String> raw) {
        Exercise.CLEANING.refuseDuringItsCheck("TextCleaner.clean");
        Set<String> kept = new LinkedHashSet<>();
        int empty = 0;
        int duplicates = 0;
        int changed = 0;
        for (String text : raw) {
            String clean = cleanOne(text);
            if (!clean.equals(text)) {
                changed++;
            }
            if (clean.isEmpty()) {
                empty++;
            } else if (!kept.add(clean)) {
                duplicates++;
            }
        }
        return new Result(new ArrayList<>(kept), raw.size(), empty, duplicates, changed);
    }

    /** One text: whitespace (any Unicode space, tabs, newlines) becomes a single space; control and format characters go. */
    public static String cleanOne(String text) {
        Exercise.CLEANING.refuseDuringItsCheck("TextCleaner.cleanOne");
        return isCleanAscii(text) ? text : cleanEachCodePoint(text);
    }

    /** Printable ASCII with single spaces between words: nearly every English text, and already clean. */
    private static boolean isCleanAscii(String text) {
        char previous = ' ';   // so that a leading space is not clean
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c > '~' || (c == ' ' && previous == ' ')) {
                return false;
            }
            previous = c;
        }
        return previous != ' ' || text.isEmpty();
    }

    /** The general path, for any text: one code point at a time. */
    static String cleanEachCodePoint(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
            } else if (isInvisible(cp)) {
                // dropped: invisible characters only confuse a tokenizer
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Invisible: a control, format, unassigned, private-use or surrogate code point, or the replacement character U+FFFD. */
    public static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || cp == 0xFFFD;
    }
}
