package org.mlmlab.corpus;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CorpusStatsTest {
    @Test
    void countsWordsLengthsAndFrequentWords() {
        CorpusStats stats = CorpusStats.of(new Corpus("c", List.of("The cat, the hat.", "A cat!", "")));
        assertEquals(6, stats.words());
        assertEquals(4, stats.distinctWords());
        Table top = stats.topWords(2);
        assertEquals(List.of("cat", "the"), top.stringColumn("word").asList());
        assertEquals(2, top.intColumn("count").get(0));
        Table summary = stats.summary();
        assertEquals("3", summary.stringColumn("value").get(0));
        assertEquals("4", summary.stringColumn("value").get(7), "the longest text has 4 words");
        assertEquals(3.0, stats.lengthHistogram(2, 4).getSeriesMap().get("texts").getYData().stream()
                .mapToDouble(Number::doubleValue).sum());
    }
}
