package org.mlmlab.corpus;

import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Classroom-safe text: listed words and phrases drop a text, whole words only, in any case. */
class ClassroomFilterTest {
    static final ClassroomFilter FILTER = new ClassroomFilter(List.of("nude", "strip club", "s&m", "g-spot"));

    @Test
    void aListedWordOrPhraseDropsTheText() {
        assertTrue(FILTER.flags("A NUDE painting hung there."));
        assertTrue(FILTER.flags("they met at a strip  club? no, a strip club."));
        assertTrue(FILTER.flags("an s&m scene"));
        assertTrue(FILTER.flags("the g-spot, they said"));
        assertTrue(FILTER.flags("nude-ish colours"), "a listed word inside a hyphenated one");
    }

    @Test
    void onlyWholeWordsCount() {
        assertFalse(FILTER.flags("denude the hills; a nudes-free... no: denuded hills"), "denude, denuded and nudes are other words");
        assertFalse(FILTER.flags("strip the club of its members"));
        assertFalse(FILTER.flags("the class went to the museum"));
    }

    @Test
    void theFilterKeepsTheOrderAndCountsWhatItDropped() {
        ClassroomFilter.Result result = FILTER.apply(List.of("one", "a nude", "two", "strip club", "three"));
        assertEquals(List.of("one", "two", "three"), result.kept());
        assertEquals(2, result.dropped());
    }

    /** The real list (npm naughty-words, fetched once like the default corpus) on a sample that holds listed words. */
    @Test
    void theMaintainedListDropsASampleWithListedWords() {
        ClassroomFilter real = ClassroomFilter.load(Lab.dataDir());
        List<String> sample = List.of("the cat sat on the mat.", "she watched porn all night.", "the escort arrived at noon.",
                "a ball gag was found.", "the bishop went to the class.", "he is a great scunthorpe fan.");
        ClassroomFilter.Result result = real.apply(sample);
        assertEquals(List.of("the cat sat on the mat.", "the bishop went to the class.", "he is a great scunthorpe fan."), result.kept());
        assertEquals(3, result.dropped());
    }
}
