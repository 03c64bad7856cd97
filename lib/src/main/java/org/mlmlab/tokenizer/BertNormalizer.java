package org.mlmlab.tokenizer;

import java.text.Normalizer;
import java.util.Locale;

/**
 * HuggingFace's BertNormalizer, character for character, so that a vocabulary trained here
 * sees exactly the text that the Rust tokenizer will later encode:
 * <ol>
 *   <li>clean text: drop NUL, U+FFFD and "other" characters (Cc, Cf, Cn, Co, Cs, but not tab and
 *       line breaks), and turn whitespace into a plain space;</li>
 *   <li>CJK ideographs get a space on each side, so each becomes a word;</li>
 *   <li>strip accents (NFD, then drop non-spacing marks), on by default when lowercasing;</li>
 *   <li>lowercase, one character at a time (as Rust's {@code char::to_lowercase}).</li>
 * </ol>
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {

    /** BERT uncased: everything on. */
    public static BertNormalizer uncased() {
        return new BertNormalizer(true, true, true, true);
    }

    public String normalize(String text) {
        boolean ascii = isAscii(text);
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                    continue;
                }
                if (isWhitespace(cp)) {
                    cp = ' ';
                }
            }
            if (handleChineseChars && isChinese(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        String s = out.toString();
        if (stripAccents && !ascii) {
            s = stripAccents(s);
        }
        if (lowercase) {
            s = ascii ? s.toLowerCase(Locale.ROOT) : lowercasePerCharacter(s);
        }
        return s;
    }

    private static String stripAccents(String s) {
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Lowercases each character on its own: no context rules such as the Greek final sigma. */
    private static String lowercasePerCharacter(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp < 128) {
                out.append((char) Character.toLowerCase(cp));
            } else {
                out.append(new String(Character.toChars(cp)).toLowerCase(Locale.ROOT));
            }
        });
        return out.toString();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** Unicode's White_Space property, as Rust's {@code char::is_whitespace}. */
    static boolean isWhitespace(int cp) {
        return (cp >= 9 && cp <= 13) || cp == ' ' || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** "Other" categories (Cc, Cf, Cn, Co, Cs), except tab and line breaks which count as whitespace. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }

    /** The CJK Unified Ideograph blocks BERT treats as one word each. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
