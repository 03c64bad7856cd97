package org.mlmlab.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BertTextTest {
    private final BertNormalizer uncased = BertNormalizer.uncased();

    @Test
    void normalizesLikeBert() {
        assertEquals("hello! how are you?", uncased.normalize("Hello! How are YOU?"));
        assertEquals("cafe naive", uncased.normalize("Café naïve"));
        assertEquals("a b", uncased.normalize("a\u0000\u200B\tb"));
        assertEquals("a b", uncased.normalize("a\u00A0b"));
        assertEquals("x 中  国 y", uncased.normalize("x中国y"));
        assertEquals("Café", new BertNormalizer(true, true, false, false).normalize("Café"));
    }

    @Test
    void lowercasesOneCharacterAtATime() {
        // Java's String.toLowerCase would make the last sigma final (ς); Rust's char::to_lowercase does not.
        assertEquals("σσ", uncased.normalize("ΣΣ"));
    }

    @Test
    void splitsOnWhitespaceAndIsolatesPunctuation() {
        assertEquals(List.of("hello", "!", "how", "are", "you", "?"), BertPreTokenizer.split("hello! how are you?"));
        assertEquals(List.of("don", "'", "t", "$", "5", ".", "00", "«", "ok", "»"), BertPreTokenizer.split("don't $5.00 «ok»"));
        assertEquals(List.of(), BertPreTokenizer.split("   "));
    }
}
